#include "verify/verify_index.h"

#include <algorithm>
#include <chrono>

#include "core/hash.h"
#include "core/interrupt.h"
#include "core/string_util.h"
#include "core/url.h"
#include "publish/http_client.h"
#include "publish/simple_index.h"
#include "spec/dist_reader.h"
#include "spec/names.h"

namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The bytes at `url`: a file: URL is read from disk, http(s) is fetched (redirects followed).
bool FetchBody(const std::string& url, std::string* body, std::string* err) {
  if (IsFileUrl(url)) return ReadFile(FileUrlToPath(url), body, err);
  HttpRequest req;
  req.url = url;
  req.follow_redirects = true;
  req.max_body_bytes = size_t{1} << 31;  // a dist, hashed when the page states no sha256
  HttpClient client;
  HttpResult res;
  if (!client.PerformWithRetry(req, RetryPolicy(), &res)) {
    *err = UrlForDisplay(url) + ": " + res.error;
    return false;
  }
  if (res.status != 200) {
    *err = UrlForDisplay(url) + ": " + res.Describe();
    return false;
  }
  *body = std::move(res.body);
  return true;
}

std::string ShortSha(const std::string& hex) { return hex.substr(0, 12); }

}  // namespace

bool DistFileMatchesRelease(const std::string& filename, const std::string& name,
                            const std::string& version) {
  std::string prefix = FilenameName(name) + "-";
  std::string lower = ToLower(filename);
  // Older tools wrote the name unescaped ("my-pkg-1.0.tar.gz"): accept that spelling too.
  std::string legacy_prefix = ToLower(name) + "-";
  std::string rest;
  if (StartsWith(lower, prefix)) {
    rest = lower.substr(prefix.size());
  } else if (StartsWith(lower, legacy_prefix)) {
    rest = lower.substr(legacy_prefix.size());
  } else {
    return false;
  }
  std::string v = ToLower(version);
  std::string v_escaped = v;
  std::replace(v_escaped.begin(), v_escaped.end(), '-', '_');
  for (const std::string& candidate : {v, v_escaped}) {
    if (StartsWith(rest, candidate) &&
        (rest.size() == candidate.size() || rest[candidate.size()] == '-' ||
         rest.compare(candidate.size(), std::string::npos, ".tar.gz") == 0 ||
         rest.compare(candidate.size(), std::string::npos, ".zip") == 0)) {
      return true;
    }
  }
  return false;
}

double NextPollDelay(double previous_delay, double seconds_left) {
  double next = previous_delay <= 0 ? 0.5 : std::min(previous_delay * 2, 10.0);
  return std::max(0.0, std::min(next, seconds_left));
}

CheckResult CheckReleaseOnIndex(const IndexCheckContext& index, double wait_seconds) {
  auto start = std::chrono::steady_clock::now();
  CheckResult r;
  double delay = 0;
  int polls = 0;
  std::string last_state;
  for (;;) {
    ++polls;
    std::vector<IndexFile> files;
    std::string err;
    // One attempt per poll: the backoff between polls is the retry policy.
    SimpleIndexOptions once;
    once.retry.max_retries = 0;
    if (FetchProjectFiles(index.index_url, index.name, once, &files, &err)) {
      std::vector<std::string> found;
      for (const auto& f : files)
        if (DistFileMatchesRelease(f.filename, index.name, index.version))
          found.push_back(f.filename);
      if (!found.empty()) {
        r.status = CheckStatus::kPass;
        r.detail = std::to_string(found.size()) + " file(s) of " + index.name + " " +
                   index.version + " listed after " + std::to_string(polls) +
                   " poll(s): " + Join(found, ", ");
        break;
      }
      last_state = files.empty() ? "the index lists no file of " + index.name
                                 : "the project page lists " + std::to_string(files.size()) +
                                       " file(s), none of version " + index.version;
    } else {
      last_state = err;
    }
    double left = wait_seconds - SecondsSince(start);
    bool file_index = IsFileUrl(index.index_url) || ParseUrl(index.index_url).scheme.empty();
    if (file_index || left <= 0) {
      r.status = CheckStatus::kFail;
      r.detail = file_index ? "not on the file index: " + last_state
                            : "timed out after " + std::to_string(static_cast<int>(wait_seconds)) +
                                  " s (" + std::to_string(polls) + " polls): " + last_state;
      break;
    }
    delay = NextPollDelay(delay, left);
    if (!SleepUnlessInterrupted(delay)) {
      r.status = CheckStatus::kFail;
      r.detail = InterruptMessage() + " while waiting (" + std::to_string(polls) +
                 " polls): " + last_state;
      break;
    }
  }
  r.seconds = SecondsSince(start);
  return r;
}

CheckResult CheckIndexMatchesDists(const IndexCheckContext& index,
                                   const std::vector<std::string>& dists) {
  auto start = std::chrono::steady_clock::now();
  CheckResult r;
  std::vector<IndexFile> files;
  std::string err;
  if (!FetchProjectFiles(index.index_url, index.name, &files, &err)) {
    r.status = CheckStatus::kFail;
    r.detail = "cannot read the project page: " + err;
    r.seconds = SecondsSince(start);
    return r;
  }
  std::vector<std::string> problems;
  int metadata_compared = 0;
  bool sizes_stated = true;
  for (const auto& path : dists) {
    std::string filename = path.substr(path.rfind('/') + 1);
    FileDigests local;
    if (!DigestFile(path, &local, &err)) {
      problems.push_back(err);
      continue;
    }
    const IndexFile* it = FindIndexFile(files, filename);
    if (!it) {
      problems.push_back(filename + ": not listed by the index");
      continue;
    }
    std::string served_sha = it->sha256;
    long long served_size = it->size;
    if (served_sha.empty()) {
      // The page states no sha256: hash what the index actually serves.
      std::string body;
      if (!FetchBody(it->url, &body, &err)) {
        problems.push_back(filename + ": cannot download: " + err);
        continue;
      }
      served_sha = Sha256Hex(body);
      served_size = static_cast<long long>(body.size());
    }
    if (served_sha != local.sha256_hex) {
      problems.push_back(filename + ": the index serves sha256 " + ShortSha(served_sha) +
                         "..., the local dist has " + ShortSha(local.sha256_hex) + "...");
    }
    if (served_size < 0) {
      sizes_stated = false;
    } else if (static_cast<unsigned long long>(served_size) != local.size) {
      problems.push_back(filename + ": the index states size " + std::to_string(served_size) +
                         ", the local dist has " + std::to_string(local.size));
    }
    if (!it->core_metadata_sha256.empty() && DistKindOf(path) == DistKind::kWheel) {
      std::string served;
      if (!FetchBody(it->url + ".metadata", &served, &err)) {
        problems.push_back(filename + ".metadata: advertised but cannot be fetched: " + err);
        continue;
      }
      std::string metadata, member;
      if (!ReadDistMetadata(path, &metadata, &member, &err)) {
        problems.push_back(err);
        continue;
      }
      ++metadata_compared;
      if (served != metadata)
        problems.push_back(filename + ".metadata differs from " + member + " in the wheel");
      if (it->core_metadata_sha256 != "true" && Sha256Hex(served) != it->core_metadata_sha256)
        problems.push_back(filename + ".metadata does not match its advertised sha256");
    }
  }
  // Files of this release that the index has but no --dist names (wheels built elsewhere, or a
  // stale upload): not a failure, but worth saying.
  std::vector<std::string> not_compared;
  for (const auto& f : files) {
    if (!DistFileMatchesRelease(f.filename, index.name, index.version)) continue;
    bool local = std::any_of(dists.begin(), dists.end(), [&](const std::string& d) {
      return d.substr(d.rfind('/') + 1) == f.filename;
    });
    if (!local) not_compared.push_back(f.filename);
  }
  r.seconds = SecondsSince(start);
  if (problems.empty()) {
    r.status = CheckStatus::kPass;
    r.detail =
        std::to_string(dists.size()) + " file(s) match the index (sha256" +
        (sizes_stated ? ", size" : "") + ")" +
        (metadata_compared
             ? ", " + std::to_string(metadata_compared) + " .metadata file(s) byte for byte"
             : "") +
        (not_compared.empty() ? "" : "; not built here, not compared: " + Join(not_compared, ", "));
  } else {
    r.status = CheckStatus::kFail;
    r.detail = problems.front();
    r.output = Join(problems, "\n");
  }
  return r;
}
