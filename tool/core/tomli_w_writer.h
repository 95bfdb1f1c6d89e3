// A TOML document written back the way tomli_w (the writer pdm-backend vendors) writes the dict
// tomllib read: keys in first-appearance order, plain values first and then one [section] per
// sub-table, every non-empty array one item a line, an array of small tables inline. Comments and
// the original layout are gone, as in the backend's output. Used to reproduce the pyproject.toml
// that pdm-backend puts into its sdists byte for byte.
#pragma once

#include <toml++/toml.h>

#include <string>

// Key order comes from the source positions in `layout` (default: `doc` itself), the document as
// parsed: a copy of a toml++ node has no position, so a modified copy passes its original here;
// keys the layout lacks (values added after parsing) count as appended last. False when a value
// has no exact tomli_w rendering here (dates and times): *bad_key names its dotted key.
bool WriteTomliW(const toml::table& doc, std::string* out, std::string* bad_key,
                 const toml::table* layout = nullptr);
