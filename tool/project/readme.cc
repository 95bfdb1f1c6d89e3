#include "project/readme.h"

#include "core/regular_file.h"
#include "core/string_util.h"

std::string ReadmeContentTypeForPath(std::string_view path) {
  std::string lower = ToLower(path);
  if (EndsWith(lower, ".md")) return "text/markdown";
  if (EndsWith(lower, ".rst")) return "text/x-rst";
  if (EndsWith(lower, ".txt")) return "text/plain";
  return "";
}

bool ValidateReadmeContentType(std::string_view content_type, std::string* err) {
  std::vector<std::string> parts = Split(content_type, ';');
  std::string base = ToLower(Trim(parts[0]));
  if (base != "text/plain" && base != "text/x-rst" && base != "text/markdown") {
    *err = "content type must be one of 'text/plain', 'text/x-rst', 'text/markdown', not '" +
           Trim(parts[0]) + "'";
    return false;
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    std::string param = Trim(parts[i]);
    if (param.empty()) continue;
    size_t eq = param.find('=');
    if (eq == std::string::npos) {
      *err = "malformed content-type parameter '" + param + "'";
      return false;
    }
    std::string key = ToLower(Trim(param.substr(0, eq)));
    std::string value = Trim(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    if (key == "charset") {
      if (ToLower(value) != "utf-8") {
        *err = "only the UTF-8 charset is allowed, not '" + value + "'";
        return false;
      }
    } else if (key == "variant") {
      if (base != "text/markdown" || (value != "GFM" && value != "CommonMark")) {
        *err = "valid Markdown variants are 'GFM' and 'CommonMark', not '" + value + "'";
        return false;
      }
    }
  }
  return true;
}

bool LoadReadmeFile(const std::string& root, const std::string& rel_path,
                    const std::string& content_type, Readme* out, std::string* err) {
  if (rel_path.empty() || rel_path[0] == '/' || rel_path.find('\\') != std::string::npos) {
    *err = "readme path must be relative and '/'-separated: '" + rel_path + "'";
    return false;
  }
  for (const auto& seg : Split(rel_path, '/')) {
    if (seg == "..") {
      *err = "readme path must stay inside the project: '" + rel_path + "'";
      return false;
    }
  }
  std::string type = content_type;
  if (type.empty()) {
    type = ReadmeContentTypeForPath(rel_path);
    if (type.empty()) {
      *err = "cannot infer the content type of readme '" + rel_path +
             "' (use .md, .rst or .txt, or a table with content-type)";
      return false;
    }
  }
  std::string text, why;
  if (!ReadProjectFile(root, rel_path, &text, &why)) {
    *err = "readme file '" + rel_path + "' cannot be read: " + why;
    return false;
  }
  if (!IsValidUtf8(text)) {
    *err = "readme file '" + rel_path + "' is not valid UTF-8";
    return false;
  }
  out->text = text;
  out->content_type = type;
  out->path = rel_path;
  return true;
}
