// Markdown descriptions rendered the way PyPI renders them (readme_renderer.markdown with GFM:
// cmark-gfm plus the table, strikethrough, autolink, tagfilter and tasklist extensions).
// Rendering never fails on syntax; PyPI refuses a non-empty description whose render is empty.
#pragma once

#include <string>
#include <string_view>

// The HTML cmark-gfm renders (GFM when `gfm`, plain CommonMark otherwise).
std::string RenderMarkdown(std::string_view text, bool gfm);

// "" when the description renders to something; otherwise the reason it renders to nothing.
std::string MarkdownProblem(std::string_view text, bool gfm);
