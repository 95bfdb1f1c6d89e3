#include "build/sdist.h"

#include "build/content_feed.h"
#include "build/tar_writer.h"
#include "core/atomic_file.h"
#include "core/reproducible.h"
#include "project/sdist_links.h"
#include "spec/core_metadata.h"
#include "spec/core_metadata_writer.h"
#include "spec/names.h"
#include "spec/wheel_tags.h"

bool BuildSdist(const Project& project, const FileSelection& files, const std::string& outdir,
                std::string* out_path, std::vector<Diagnostic>* diags,
                std::unique_ptr<AtomicFile>* unpublished, ContentFeed* feed) {
  const Metadata& meta = project.meta;
  auto fail = [&](const std::string& message, const std::string& field = "") {
    Diagnostic d;
    d.message = message;
    d.field = field;
    diags->push_back(d);
    return false;
  };
  int64_t epoch = 0;
  std::string err;
  if (!SourceDateEpoch(&epoch, &err,
                       meta.backend == Backend::kPoetry ? 0 : kDefaultSourceDateEpoch))
    return fail(err, "SOURCE_DATE_EPOCH");
  std::string top = FilenameName(meta.name) + "-" + meta.version + "/";
  std::string dest = outdir + "/" + SdistFileName(meta);

  TarGzWriter tar(epoch);
  // I/O errors name the sdist being written (the field) and the file that failed (the message).
  std::string sdist_name = SdistFileName(meta);
  if (!tar.Open(dest, &err)) return fail(err, sdist_name);
  SdistLinks links = SdistLinksOf(files);
  for (size_t i = 0; i < files.sdist.size(); ++i) {
    const SelectedFile& f = files.sdist[i];
    FeedContent content;
    if (feed)
      content = feed->TakeSdist(i);
    else
      content.bytes = f.bytes;
    if (f.generated) content.bytes = f.bytes;    // its content (the feed reads no generated file)
    if (f.archive_path == "PKG-INFO") continue;  // generated below from the metadata
    TarSource source{top + f.archive_path, f.generated ? "" : files.Source(f), "", f.executable,
                     std::move(content.bytes)};
    source.stream = content.stream.get();
    if (source.bytes && !f.generated && feed) source.bytes_crc = content.crc;
    auto link = links.text.find(f.archive_path);
    if (link != links.text.end()) source.link_text = link->second;
    if (!tar.Add(source, &err)) return fail(err, sdist_name);
  }
  std::string pkg_info = RenderCoreMetadata(ToCoreMetadata(meta, true));
  if (!tar.Add({top + "PKG-INFO", "", pkg_info, false}, &err)) return fail(err, sdist_name);
  if (!(unpublished ? tar.Finish(&err) : tar.Commit(&err))) return fail(err, sdist_name);
  if (unpublished) *unpublished = tar.TakeFile();
  *out_path = dest;
  return true;
}
