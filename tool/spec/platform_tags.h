// The wheel platform tags PyPI accepts (Warehouse forklift/legacy.py _valid_platform_tag):
// a static list, versioned macOS/manylinux/musllinux/iOS/Android/emscripten forms, and nothing
// else (`linux_x86_64` in particular is refused: such wheels must go through auditwheel).
#pragma once

#include <string_view>

bool IsPypiPlatformTag(std::string_view tag);
