// libcurl's two variadic entry points, called with their argument type checked at compile time.
//
// pyrelease does not link libcurl (publish/curl_loader.cc opens it on first use and defines the
// other curl_* functions as forwarders). A forwarder for curl_easy_setopt/curl_easy_getinfo would
// have to va_start after an enum parameter (CURLoption, CURLINFO), which is undefined behaviour
// (clang's -Wvarargs). So these two are not defined under their own names: http_client.cc calls
// CurlSetopt/CurlGetinfo, which call the real function through its variadic type, and the option
// number's range (CURLOPTTYPE_*, CURLINFO_*) decides which argument type it accepts, as libcurl
// reads it: an `int` for a `long` option is a compile error here, not garbage in libcurl.
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <type_traits>

using CurlSetoptFn = CURLcode (*)(CURL*, CURLoption, ...);
using CurlGetinfoFn = CURLcode (*)(CURL*, CURLINFO, ...);
// The real functions (libcurl opened on the first call; exits 1 naming it when it cannot load).
CurlSetoptFn RealCurlSetopt();
CurlGetinfoFn RealCurlGetinfo();

template <CURLoption kOption, typename T>
CURLcode CurlSetopt(CURL* h, T value) {
  constexpr long kOpt = kOption;
  if constexpr (kOpt < CURLOPTTYPE_OBJECTPOINT) {
    // (unsigned long: the CURLAUTH_* bit masks, which libcurl reads as such)
    static_assert(std::is_same_v<T, long> || std::is_same_v<T, unsigned long>,
                  "this option takes a long");
  } else if constexpr (kOpt < CURLOPTTYPE_FUNCTIONPOINT || kOpt >= CURLOPTTYPE_BLOB) {
    static_assert(std::is_null_pointer_v<T> ||
                      (std::is_pointer_v<T> && !std::is_function_v<std::remove_pointer_t<T>>),
                  "this option takes a data pointer");
  } else if constexpr (kOpt < CURLOPTTYPE_OFF_T) {
    static_assert(std::is_null_pointer_v<T> ||
                      (std::is_pointer_v<T> && std::is_function_v<std::remove_pointer_t<T>>),
                  "this option takes a function pointer");
  } else {
    static_assert(std::is_same_v<T, curl_off_t>, "this option takes a curl_off_t");
  }
  return RealCurlSetopt()(h, kOption, value);
}

template <CURLINFO kInfo, typename T>
CURLcode CurlGetinfo(CURL* h, T* out) {
  constexpr long kType = kInfo & CURLINFO_TYPEMASK;
  if constexpr (kType == CURLINFO_STRING) {
    static_assert(std::is_same_v<T, char*> || std::is_same_v<T, const char*>,
                  "this info is a string (char*)");
  } else if constexpr (kType == CURLINFO_LONG) {
    static_assert(std::is_same_v<T, long>, "this info is a long");
  } else if constexpr (kType == CURLINFO_DOUBLE) {
    static_assert(std::is_same_v<T, double>, "this info is a double");
  } else if constexpr (kType == CURLINFO_OFF_T) {
    static_assert(std::is_same_v<T, curl_off_t>, "this info is a curl_off_t");
  } else if constexpr (kType == CURLINFO_SOCKET) {
    static_assert(std::is_same_v<T, curl_socket_t>, "this info is a curl_socket_t");
  } else {
    static_assert(std::is_pointer_v<T>, "this info is a pointer");
  }
  return RealCurlGetinfo()(h, kInfo, out);
}
