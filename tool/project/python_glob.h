// Python's glob.glob(pattern, recursive=True) over a project directory, as pdm-backend expands
// its includes/excludes: '*', '?' and '[...]' within one name (never matching a name that starts
// with '.' unless the pattern part does), '**' as a whole part for zero or more directories (not
// entering hidden ones), a trailing '/' for directories only, a pattern without magic for an
// existing path as it is. Results are os.path.normpath'ed project-relative paths, files and
// directories, sorted.
#pragma once

#include <string>
#include <vector>

// False (with *err) for what is not reproduced here: absolute patterns, '..', a backslash, a
// pattern that names the project directory itself.
bool PythonGlob(const std::string& root, const std::string& pattern, std::vector<std::string>* out,
                std::string* err);

// pathlib's Path(root).glob(pattern) (Python 3.11-3.13 alike), as poetry-core expands its
// include/exclude entries: as PythonGlob except that '*', '?' and '[...]' match hidden names too
// and '**' enters hidden directories. Refused besides (*err): a trailing '/' or '**' (read
// differently across Python versions), negated classes, and any symbolic link met on the way.
bool PathlibGlob(const std::string& root, const std::string& pattern, std::vector<std::string>* out,
                 std::string* err);

// os.path.normpath for a relative '/'-separated path without '..': "./a//b/" -> "a/b".
std::string NormalizeRelativePath(const std::string& path);
