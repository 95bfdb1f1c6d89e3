#include "core/toml_util.h"

const toml::table* SubTable(const toml::table& doc, std::initializer_list<std::string_view> keys) {
  const toml::table* t = &doc;
  for (std::string_view k : keys) {
    const toml::node* n = t->get(k);
    if (!n || !n->is_table()) return nullptr;
    t = n->as_table();
  }
  return t;
}
