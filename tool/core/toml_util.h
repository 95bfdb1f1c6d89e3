// Small helpers over toml++ shared by the pyproject readers.
#pragma once

#include <toml++/toml.h>

#include <initializer_list>
#include <string_view>

// The table at doc[k1][k2]..., or nullptr when a key is missing or not a table. Keys are given
// one by one, so a key holding a dot ("my.target") is looked up as it is.
const toml::table* SubTable(const toml::table& doc, std::initializer_list<std::string_view> keys);
