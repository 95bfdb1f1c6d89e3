// Core metadata files (PKG-INFO, METADATA): RFC 822-style headers, then the description as the
// body. This is the format model shared by the builder (render), check, upload and verify (parse).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct CoreMetadata {
  // In file order; names as written (compare case-insensitively). Multi-line values keep their
  // line breaks, with the continuation indentation removed.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // the description when it is given as the message body

  void Add(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  // Every value of a header (case-insensitive name).
  std::vector<std::string> GetAll(std::string_view name) const;
  // The first value, or "" when absent.
  std::string Get(std::string_view name) const;
  bool Has(std::string_view name) const;
};

// Parses like Python's email parser (compat32), recording what it would call defects
// (e.g. "line N: missing header/body separator") instead of failing.
CoreMetadata ParseCoreMetadata(std::string_view text, std::vector<std::string>* defects = nullptr);

// Renders headers, then (when `body` is non-empty) a blank line and the body. Multi-line header
// values are continued on lines indented by 8 spaces, as setuptools and flit write them.
std::string RenderCoreMetadata(const CoreMetadata& m);
