#include "publish/attestations.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/string_util.h"

namespace fs = std::filesystem;

std::vector<std::string> FindAttestations(const std::string& dist_path) {
  std::vector<std::string> found;
  fs::path dist(dist_path);
  fs::path dir = dist.has_parent_path() ? dist.parent_path() : fs::path(".");
  std::string prefix = dist.filename().string() + ".";
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    // <dist>.<kind>.attestation, <kind> without dots (twine's _split_inputs pairs them the same
    // way)
    if (!StartsWith(name, prefix) || !EndsWith(name, ".attestation")) continue;
    std::string kind = name.substr(
        prefix.size(), name.size() - prefix.size() - std::string(".attestation").size());
    if (kind.empty() || kind.find('.') != std::string::npos) continue;
    found.push_back((dir / name).string());
  }
  std::sort(found.begin(), found.end());
  return found;
}

bool AttachAttestations(const std::string& dist_path, MultipartForm* form, std::string* err) {
  std::vector<std::string> files = FindAttestations(dist_path);
  if (files.empty()) {
    *err = dist_path +
           ": upload with attestations requested, but it has no attestation (expected " +
           dist_path + ".publish.attestation, e.g. made by `python -m pypi_attestations sign`)";
    return false;
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& f : files) {
    std::string text;
    if (!ReadFile(f, &text, err)) return false;
    nlohmann::json doc;
    try {
      doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
      *err = f + ": not a JSON attestation (byte " + std::to_string(e.byte) + ": " + e.what() + ")";
      return false;
    }
    if (!doc.is_object()) {
      *err = f + ": not a JSON attestation (expected an object, found " +
             std::string(doc.type_name()) + ")";
      return false;
    }
    list.push_back(std::move(doc));
  }
  MultipartPart field;
  field.name = "attestations";
  field.value = list.dump();
  auto content = std::find_if(form->parts.begin(), form->parts.end(),
                              [](const MultipartPart& p) { return p.is_file(); });
  form->parts.insert(content, std::move(field));
  return true;
}
