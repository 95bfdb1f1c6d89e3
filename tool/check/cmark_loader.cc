// cmark-gfm, loaded when the first Markdown description is rendered (check/markdown_check) rather
// than at process start: its two libraries cost every run about 0.25 ms of CPU to map and relocate,
// though only `check` (and the commands that run its rules) render Markdown. As for libarchive
// (core/archive_loader.cc), pyrelease does not link them: the functions it calls are defined here
// as forwarders to the libraries opened on first use.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include "core/lazy_library.h"

namespace {

void* Cmark() {
  static void* handle = nullptr;
  return LazyLibraryHandle(&handle, "libcmark-gfm",
                           {"libcmark-gfm.so.0.29.0.gfm.6", "libcmark-gfm.so"});
}

// The extensions library needs the core one (its DT_NEEDED): opened second, it shares that copy.
void* CmarkExtensions() {
  static void* handle = nullptr;
  Cmark();
  return LazyLibraryHandle(
      &handle, "libcmark-gfm-extensions",
      {"libcmark-gfm-extensions.so.0.29.0.gfm.6", "libcmark-gfm-extensions.so"});
}

}  // namespace

#define PYRELEASE_CMARK_FORWARD(ret, name, params, args) \
  PYRELEASE_LAZY_FORWARD(Cmark, "libcmark-gfm", ret, name, params, args)

PYRELEASE_LAZY_FORWARD(CmarkExtensions, "libcmark-gfm-extensions", void,
                       cmark_gfm_core_extensions_ensure_registered, (void), ())
PYRELEASE_CMARK_FORWARD(cmark_parser*, cmark_parser_new, (int options), (options))
PYRELEASE_CMARK_FORWARD(void, cmark_parser_free, (cmark_parser * p), (p))
PYRELEASE_CMARK_FORWARD(cmark_syntax_extension*, cmark_find_syntax_extension, (const char* name),
                        (name))
PYRELEASE_CMARK_FORWARD(int, cmark_parser_attach_syntax_extension,
                        (cmark_parser * p, cmark_syntax_extension* e), (p, e))
PYRELEASE_CMARK_FORWARD(cmark_llist*, cmark_parser_get_syntax_extensions, (cmark_parser * p), (p))
PYRELEASE_CMARK_FORWARD(void, cmark_parser_feed, (cmark_parser * p, const char* b, size_t n),
                        (p, b, n))
PYRELEASE_CMARK_FORWARD(cmark_node*, cmark_parser_finish, (cmark_parser * p), (p))
PYRELEASE_CMARK_FORWARD(char*, cmark_render_html, (cmark_node * root, int options, cmark_llist* e),
                        (root, options, e))
PYRELEASE_CMARK_FORWARD(void, cmark_node_free, (cmark_node * node), (node))
