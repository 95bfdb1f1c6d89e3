#include "check/markdown_check.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>

std::string RenderMarkdown(std::string_view text, bool gfm) {
  cmark_gfm_core_extensions_ensure_registered();
  // readme_renderer passes UNSAFE (raw HTML is kept, then sanitized) and, for GFM, hard breaks off.
  int options = CMARK_OPT_UNSAFE;
  std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(cmark_parser_new(options),
                                                                     cmark_parser_free);
  cmark_llist* exts = nullptr;
  if (gfm) {
    for (const char* name : {"table", "strikethrough", "autolink", "tagfilter", "tasklist"}) {
      if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
        cmark_parser_attach_syntax_extension(parser.get(), ext);
      }
    }
    exts = cmark_parser_get_syntax_extensions(parser.get());
  }
  cmark_parser_feed(parser.get(), text.data(), text.size());
  cmark_node* doc = cmark_parser_finish(parser.get());
  char* html = cmark_render_html(doc, options, exts);
  std::string out = html ? html : "";
  free(html);
  cmark_node_free(doc);
  return out;
}

std::string MarkdownProblem(std::string_view text, bool gfm) {
  if (RenderMarkdown(text, gfm).empty()) return "the Markdown description renders to nothing";
  return "";
}
