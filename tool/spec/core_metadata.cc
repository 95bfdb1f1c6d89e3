#include "spec/core_metadata.h"

#include "core/string_util.h"

std::vector<std::string> CoreMetadata::GetAll(std::string_view name) const {
  std::vector<std::string> out;
  std::string want = ToLower(name);
  for (const auto& [k, v] : headers) {
    if (ToLower(k) == want) out.push_back(v);
  }
  return out;
}

std::string CoreMetadata::Get(std::string_view name) const {
  std::string want = ToLower(name);
  for (const auto& [k, v] : headers) {
    if (ToLower(k) == want) return v;
  }
  return "";
}

bool CoreMetadata::Has(std::string_view name) const {
  std::string want = ToLower(name);
  for (const auto& kv : headers) {
    if (ToLower(kv.first) == want) return true;
  }
  return false;
}

CoreMetadata ParseCoreMetadata(std::string_view text, std::vector<std::string>* defects) {
  CoreMetadata m;
  size_t pos = 0;
  int line_no = 0;
  bool in_body = false;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, end - pos);
    size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      in_body = true;
      pos = next;
      break;
    }
    if ((line[0] == ' ' || line[0] == '\t') && !m.headers.empty()) {
      // Continuation: the email parser keeps the line break; strip the folding indentation.
      std::string_view rest = line;
      while (!rest.empty() && (rest[0] == ' ' || rest[0] == '\t')) rest.remove_prefix(1);
      m.headers.back().second += "\n";
      m.headers.back().second += std::string(rest);
      pos = next;
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      // Python's parser starts the body here and records MissingHeaderBodySeparatorDefect.
      if (defects) {
        defects->push_back("line " + std::to_string(line_no) +
                           ": missing header/body separator (a header line without ':')");
      }
      in_body = true;
      break;  // this line belongs to the body
    }
    std::string name(line.substr(0, colon));
    std::string value = Trim(line.substr(colon + 1));
    m.headers.emplace_back(std::move(name), std::move(value));
    pos = next;
  }
  if (in_body && pos < text.size()) m.body = std::string(text.substr(pos));
  return m;
}

std::string RenderCoreMetadata(const CoreMetadata& m) {
  std::string out;
  for (const auto& [k, v] : m.headers) {
    out += k;
    out += ": ";
    for (char c : v) {
      out += c;
      if (c == '\n') out += "        ";
    }
    out += '\n';
  }
  if (!m.body.empty()) {
    out += '\n';
    out += m.body;
  }
  return out;
}
