#include "build/tar_header.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

namespace {

constexpr size_t kNameSize = 100, kPrefixSize = 155, kLinkSize = 100;
// Field offsets in a ustar header.
constexpr size_t kMode = 100, kSize = 124, kMtime = 136, kChecksum = 148, kTypeflag = 156,
                 kLinkname = 157, kPrefix = 345;
constexpr int64_t kMaxPlainMtime = 0x7fffffff;  // from here on, an mtime gets a pax record

// Every field at its empty value, with libarchive's terminators: numbers are zeros followed by
// " \0" (mode, ids, device numbers) or " " (size, mtime); the checksum is 8 spaces until summed.
const std::array<char, kTarBlock>& Template() {
  static const std::array<char, kTarBlock> t = [] {
    std::array<char, kTarBlock> h{};
    auto number = [&](size_t at, size_t digits, const char* end) {
      std::memset(&h[at], '0', digits);
      std::memcpy(&h[at + digits], end, std::strlen(end) + 1);
    };
    number(100, 6, " ");  // mode
    number(108, 6, " ");  // uid
    number(116, 6, " ");  // gid
    number(kSize, 11, " ");
    number(kMtime, 11, " ");
    std::memset(&h[kChecksum], ' ', 8);
    h[kTypeflag] = '0';
    std::memcpy(&h[257],
                "ustar\0"
                "00",
                8);       // magic and version
    number(329, 6, " ");  // device major
    number(337, 6, " ");  // device minor
    return h;
  }();
  return t;
}

// `v` as exactly `digits` octal digits; a value that does not fit fills the field with '7's (with
// '0's if negative) and returns false.
bool PutOctal(int64_t v, char* p, int digits) {
  if (v < 0) {
    std::memset(p, '0', size_t(digits));
    return false;
  }
  for (int i = digits - 1; i >= 0; --i, v >>= 3) p[i] = char('0' + (v & 7));
  if (v == 0) return true;
  std::memset(p, '7', size_t(digits));
  return false;
}

// A number in a field of `digits` octal digits. Strict: nothing more. Otherwise (libarchive's
// choice for the member's own header), a value that does not fit widens over the terminator, up
// to `max_digits`, and then becomes base-256 (the top bit of the first byte set).
void PutNumber(int64_t v, char* p, int digits, int max_digits, bool strict) {
  if (strict) {
    PutOctal(v, p, digits);
    return;
  }
  if (v >= 0) {
    for (int d = digits; d <= max_digits; ++d)
      if (v < (int64_t(1) << (3 * d))) {
        PutOctal(v, p, d);
        return;
      }
  }
  uint64_t u = uint64_t(v);
  for (int i = max_digits - 1; i >= 0; --i, u >>= 8) p[i] = char(u & 0xff);
  p[0] = char(p[0] | 0x80);
}

bool HasNonAscii(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return (unsigned char)c >= 0x80; });
}

// Where an all-ASCII name longer than 100 bytes is split into prefix '/' name (the first '/' that
// leaves at most 100 bytes after it, never at byte 0); npos when it cannot be.
size_t UstarSplit(std::string_view name) {
  size_t at = name.find('/', name.size() - kNameSize - 1);
  if (at == 0) at = name.find('/', 1);
  if (at == std::string_view::npos || at + 1 == name.size() || at > kPrefixSize)
    return std::string_view::npos;
  return at;
}

// A ustar-sized stand-in for a name that goes into a pax record (libarchive's
// build_ustar_entry_name): the leading directories that fit the prefix, as many of the following
// ones as fit, `insert` as one more directory, and the file name, all after the prefix cut to fit.
// libarchive 3.6, which wrote the sdists, keeps 154 bytes of prefix and 98 after it (not the
// 155 and 99 ustar allows).
std::string StandInName(std::string_view src, std::string_view insert) {
  if (src.size() < kNameSize && insert.empty()) return std::string(src);
  ptrdiff_t room = 98 - (insert.empty() ? 0 : ptrdiff_t(insert.size()) + 2);
  // A trailing '/' (or "/.") is set aside and put back at the end.
  ptrdiff_t name_end = ptrdiff_t(src.size());
  bool slash = false;
  for (;;) {
    if (name_end > 0 && src[name_end - 1] == '/') {
      --name_end;
    } else if (name_end > 1 && src[name_end - 1] == '.' && src[name_end - 2] == '/') {
      name_end -= 2;
    } else {
      break;
    }
    slash = true;
  }
  if (slash) --room;
  auto at = [&](ptrdiff_t i) { return i >= 0 && i < ptrdiff_t(src.size()) ? src[size_t(i)] : 0; };
  ptrdiff_t name = name_end - 1;
  while (name > 0 && at(name) != '/') --name;
  if (at(name) == '/' && name < name_end - 1) ++name;
  name_end = std::min(name_end, name + room);
  room -= name_end - name;

  ptrdiff_t prefix_end = std::min<ptrdiff_t>(kPrefixSize - 1, name);
  while (prefix_end > 0 && at(prefix_end) != '/') --prefix_end;
  if (prefix_end < name && at(prefix_end) == '/') ++prefix_end;

  ptrdiff_t middle = prefix_end, middle_end = std::max(middle, std::min(middle + room, name));
  while (middle_end > middle && at(middle_end) != '/') --middle_end;
  if (middle_end < name && at(middle_end) == '/') ++middle_end;

  std::string out(src.substr(0, size_t(prefix_end)));
  out.append(src.substr(size_t(middle), size_t(middle_end - middle)));
  if (!insert.empty()) out.append(insert).push_back('/');
  out.append(src.substr(size_t(name), size_t(name_end - name)));
  if (slash) out.push_back('/');
  return out;
}

// The name of the pax header's own ustar header: "PaxHeader" inserted before the file name.
std::string PaxHeaderName(std::string_view src) {
  if (src.empty()) return "PaxHeader/blank";
  size_t end = src.size();
  for (;;) {
    if (end > 0 && src[end - 1] == '/') {
      --end;
    } else if (end > 1 && src[end - 1] == '.' && src[end - 2] == '/') {
      --end;
    } else {
      break;
    }
  }
  if (end == 0) return "/PaxHeader/rootdir";
  if (end == 1 && src[0] == '.') return "PaxHeader/currentdir";
  return StandInName(src.substr(0, end), "PaxHeader");
}

struct UstarFields {
  std::string_view name, link;
  unsigned mode;
  int64_t size, mtime;
  char type;
  bool strict;
};

void AppendUstar(const UstarFields& f, std::string* out) {
  std::array<char, kTarBlock> h = Template();
  if (f.name.size() <= kNameSize) {
    std::memcpy(&h[0], f.name.data(), f.name.size());
  } else if (size_t at = UstarSplit(f.name); at != std::string_view::npos) {
    std::memcpy(&h[kPrefix], f.name.data(), at);
    std::memcpy(&h[0], f.name.data() + at + 1, f.name.size() - at - 1);
  }  // else left empty, as libarchive left it (the pax record holds the name)
  std::memcpy(&h[kLinkname], f.link.data(), std::min(f.link.size(), kLinkSize));
  PutNumber(f.mode & 07777, &h[kMode], 6, 8, f.strict);
  PutNumber(f.size, &h[kSize], 11, 12, f.strict);
  PutNumber(f.mtime, &h[kMtime], 11, 11, f.strict);
  h[kTypeflag] = f.type;
  unsigned sum = 0;
  for (char c : h) sum += (unsigned char)c;
  h[kChecksum + 6] = '\0';  // then the template's ' '
  PutOctal(sum, &h[kChecksum], 6);
  out->append(h.data(), h.size());
}

}  // namespace

std::string PaxRecord(const std::string& key, const std::string& value) {
  size_t len = key.size() + value.size() + 3;  // ' ', '=' and '\n'
  size_t digits = 0, next_ten = 1;
  for (size_t i = len; i > 0; i /= 10) {
    ++digits;
    next_ten *= 10;
  }
  if (len + digits >= next_ten) ++digits;
  return std::to_string(len + digits) + " " + key + "=" + value + "\n";
}

void AppendTarHeaders(const TarEntry& e, std::string* out) {
  const bool is_link = !e.link_text.empty();
  std::string records, name = e.name, link = e.link_text;
  if (HasNonAscii(name) ||
      (name.size() > kNameSize && UstarSplit(name) == std::string_view::npos)) {
    records += PaxRecord("path", name);
    name = StandInName(name, "");
  }
  if (is_link && (link.size() > kLinkSize || HasNonAscii(link))) {
    records += PaxRecord("linkpath", link);
    if (link.size() > kLinkSize) link = "././@LongSymLink";
  }
  // libarchive 3.6 puts the size record last.
  if (e.mtime < 0 || e.mtime >= kMaxPlainMtime)
    records += PaxRecord("mtime", std::to_string(e.mtime));
  const int64_t size = is_link ? 0 : int64_t(e.size);
  if (size >= int64_t(1) << 33) records += PaxRecord("size", std::to_string(size));

  if (!records.empty()) {
    const int64_t mtime = std::clamp<int64_t>(e.mtime, 0, kMaxPlainMtime);
    AppendUstar({PaxHeaderName(name), "", e.mode, int64_t(records.size()), mtime, 'x', true}, out);
    out->append(records);
    out->append(TarPadding(records.size()), '\0');
  }
  AppendUstar({name, link, e.mode, size, e.mtime, is_link ? '2' : '0', false}, out);
}
