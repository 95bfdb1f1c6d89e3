// A poetry-core project whose metadata lives in [tool.poetry] alone (the poetry 1.x layout, no
// [project] table), read as the [project] table poetry-core 2.5 renders into the same core
// metadata, so that the native poetry-core path (project/backend_poetry.cc, build_path's
// CheckPoetry, spec/core_metadata_writer.cc) builds it. poetry-core's Factory turns [tool.poetry]
// into the same ProjectPackage a [project] table makes, with three differences spelled out here:
// the classifiers it generates (ProjectPackage.all_classifiers: the declared ones, the license's
// and the Python versions the `python` constraint admits), the license id it writes as a License
// field (a `license = {text}` table below), and its own constraint syntax
// (spec/poetry_constraint.h), printed back as the specifier set poetry reads into the same range.
// Only the first author and maintainer are carried over (poetry-core writes no other). Every key or
// form not reproduced is refused with the reason and the node it is about.
#pragma once

#include <toml++/toml.h>

#include <string>

// Whether `doc` names poetry-core as its backend and has no [project] table.
bool IsPoetryLegacyProject(const toml::table& doc);

// The [project] table (TOML text, starting with "[project]") poetry-core's reading of `doc`'s
// [tool.poetry] amounts to; false with *why and *at (a node of `doc`, or null) for what is not
// reproduced natively.
bool PoetryLegacyProjectToml(const toml::table& doc, std::string* project_toml, std::string* why,
                             const toml::node** at);

// `text` (pyproject.toml as read, parsed from `path`) with that table appended, parsed into *out:
// the file's own nodes keep their positions and the table keeps the order it was written in.
// False with *why and *at (into `doc`) as above; *out is then untouched.
bool ParsePoetryLegacyProject(const std::string& text, const std::string& path,
                              const toml::table& doc, toml::table* out, std::string* why,
                              const toml::node** at);
