// The legacy upload API as twine speaks it (twine/package.py + repository.py, Warehouse's
// forklift): one multipart/form-data POST per file with `:action=file_upload`,
// `protocol_version=1`, every core-metadata field twine sends (repeated fields repeated, `name` as
// twine's safe_name), filetype, pyversion, the digests, and the file as `content`, streamed from
// disk. Also the release logic around it: validate every file before sending any, wheels first, ask
// the index (simple API) which files are already there and compare hashes, retry transient failures
// with backoff, never follow a redirect, and explain 401/403/409 answers. Core code: it reports
// through UploadReporter and never prints.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/hash.h"
#include "publish/credentials.h"
#include "publish/http_client.h"
#include "publish/multipart.h"
#include "publish/simple_index.h"
#include "spec/core_metadata.h"
#include "spec/dist_filename.h"

struct PreparedDist {
  std::string path;
  std::string filename;
  DistFilename parsed;
  CoreMetadata metadata;
  std::string project;  // the Name field, as written
  std::string version;  // the Version field
  // Known before the send only with digests first (or once asked for): otherwise `stream` fills
  // them while the body is sent, and KnowDigests() reads the file when they are needed earlier.
  FileDigests digests;
  std::shared_ptr<StreamDigests> stream;
  bool md5 = false;    // send md5_digest
  MultipartForm form;  // every field, then `content`, then the digests (unless digests first)
};

struct UploadFormOptions {
  // The digest fields before the file (twine's order; the file is read once before the send and
  // again while it is sent), for a server that wants them first. Default: after the file, hashed
  // as it is sent, so the first byte leaves at once.
  bool digests_first = false;
  bool md5 = false;  // also send md5_digest (twine stopped in 6.2; some old servers check it)
};

// twine's safe_name: runs of characters other than [A-Za-z0-9.] become "-".
std::string SafeName(const std::string& name);
// The form fields twine sends for this metadata (in the metadata's order, description last),
// followed by pyversion, filetype, the digests (md5_digest only when `digests` has one), :action
// and protocol_version. No `content`.
std::vector<std::pair<std::string, std::string>> UploadFields(const CoreMetadata& metadata,
                                                              const DistFilename& file,
                                                              const FileDigests& digests);
// Reads and validates one dist and builds its form (hashing it first only with digests_first).
// `err` names the file.
bool PrepareDist(const std::string& path, PreparedDist* out, std::string* err,
                 const UploadFormOptions& options = {});
// Fills d->digests: from the send when it read the whole file, else by reading the file.
bool KnowDigests(PreparedDist* d, std::string* err);
// Wheels before sdists, otherwise in the given order (twine: the index takes the release's metadata
// from the first file).
std::vector<std::string> UploadOrder(const std::vector<std::string>& paths);

enum class FileStatus {
  kUploaded,      // the index accepted it
  kAlreadyThere,  // an identical file was already on the index (skipped)
  kWouldUpload,   // --dry-run
  kFailed,
  kNotAttempted,  // an earlier file failed
};
const char* FileStatusName(FileStatus s);

struct FileResult {
  std::string path, filename, sha256;
  unsigned long long size = 0;
  FileStatus status = FileStatus::kNotAttempted;
  long http_status = 0;
  std::string message;  // the server's message or the reason, secrets masked
  double seconds = 0;
  bool verified = false;  // the index was asked after the upload and lists the file with our sha256
};

// Progress and events, for the CLI to show (bars on a terminal, plain lines in logs).
struct UploadReporter {
  std::function<void(const std::string&)> note;  // an informational line
  std::function<void(const std::string&)> warning;
  std::function<void(const PreparedDist&)> start_file;
  std::function<void(const PreparedDist&, long long sent, long long total)> progress;
  std::function<void(const PreparedDist&, const FileResult&)> end_file;
};

struct UploadOptions {
  bool skip_existing = false;
  bool dry_run = false;
  // Ask the index after the last POST whether it lists each accepted file with our sha256 (one
  // page request per project). Off (--no-verify) only for a pipeline that checks the index itself
  // afterwards (`pyrelease verify`): the pre-send listing and the look before a retry stay.
  bool verify = true;
  RetryPolicy retry;
  long stall_timeout_s = 120;
};

struct UploadSummary {
  std::vector<FileResult> files;
  std::string check_url;    // the simple API consulted ("" when none was found)
  std::string project_url;  // the project's page on the index, when known
  bool ok = false;
};

// Uploads `dists` (already ordered and prepared) to `repo`. Returns summary->ok; on failure `err`
// says which file failed, the server's status and message, and what was already uploaded.
// Every upload is verified when the index can be asked (unless options.verify is off): each file
// the server answered with a 2xx must be listed with our sha256 ("the server answered 200 but does
// not list ..." otherwise), asked for all together after the last POST (one page request per
// project, through the same keep-alive connection as the uploads). Before a retry, a file that
// landed despite a lost answer counts as uploaded and is not sent again (also without verify).
bool UploadDists(const Repository& repo, std::vector<PreparedDist>& dists,
                 const UploadOptions& options, const UploadReporter& reporter,
                 UploadSummary* summary, std::string* err);

// The server's message from an error response: JSON {"message"|"detail"|"code"}, else the reason
// phrase (PyPI and devpi put it there), else the text of the body (tags stripped, shortened).
std::string ServerMessage(const HttpResult& result);
