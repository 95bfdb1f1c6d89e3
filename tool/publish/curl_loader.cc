// libcurl, loaded when the first HTTP request is made rather than at process start.
//
// libcurl pulls in some thirty shared libraries (TLS, GSSAPI, LDAP, RTMP, SSH, IDN, ...). Mapping
// and relocating them cost ~4 ms at every start, most of the run time of `pyrelease check` or
// `pyrelease build` on a small project, which never make a request. So pyrelease does not link
// libcurl: it defines the few curl_* functions it calls here, and each one opens libcurl.so.4 on
// first use and forwards to the real function. multipart.cc stays ordinary libcurl code;
// http_client.cc calls the two variadic functions through curl_loader.h.
#include "publish/curl_loader.h"

#include <curl/curl.h>

#include "core/lazy_library.h"

namespace {

void* Library() {
  static void* handle = nullptr;
  return LazyLibraryHandle(&handle, "libcurl",
                           {"libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4"});
}

template <typename Fn>
Fn Resolve(const char* name) {
  return reinterpret_cast<Fn>(LazyLibrarySymbol(Library(), "libcurl", name));
}

}  // namespace

#define PYRELEASE_CURL_FORWARD(ret, name, params, args) \
  PYRELEASE_LAZY_FORWARD(Library, "libcurl", ret, name, params, args)

PYRELEASE_CURL_FORWARD(CURLcode, curl_global_init, (long flags), (flags))
PYRELEASE_CURL_FORWARD(CURL*, curl_easy_init, (void), ())
PYRELEASE_CURL_FORWARD(void, curl_easy_cleanup, (CURL * h), (h))
PYRELEASE_CURL_FORWARD(void, curl_easy_reset, (CURL * h), (h))
PYRELEASE_CURL_FORWARD(CURLcode, curl_easy_perform, (CURL * h), (h))
PYRELEASE_CURL_FORWARD(const char*, curl_easy_strerror, (CURLcode c), (c))
PYRELEASE_CURL_FORWARD(curl_version_info_data*, curl_version_info, (CURLversion v), (v))
PYRELEASE_CURL_FORWARD(struct curl_slist*, curl_slist_append,
                       (struct curl_slist * l, const char* s), (l, s))
PYRELEASE_CURL_FORWARD(void, curl_slist_free_all, (struct curl_slist * l), (l))
PYRELEASE_CURL_FORWARD(curl_mime*, curl_mime_init, (CURL * h), (h))
PYRELEASE_CURL_FORWARD(void, curl_mime_free, (curl_mime * m), (m))
PYRELEASE_CURL_FORWARD(curl_mimepart*, curl_mime_addpart, (curl_mime * m), (m))
PYRELEASE_CURL_FORWARD(CURLcode, curl_mime_name, (curl_mimepart * p, const char* n), (p, n))
PYRELEASE_CURL_FORWARD(CURLcode, curl_mime_filename, (curl_mimepart * p, const char* n), (p, n))
PYRELEASE_CURL_FORWARD(CURLcode, curl_mime_type, (curl_mimepart * p, const char* t), (p, t))
PYRELEASE_CURL_FORWARD(CURLcode, curl_mime_data, (curl_mimepart * p, const char* d, size_t n),
                       (p, d, n))
PYRELEASE_CURL_FORWARD(CURLcode, curl_mime_data_cb,
                       (curl_mimepart * p, curl_off_t size, curl_read_callback r,
                        curl_seek_callback s, curl_free_callback f, void* arg),
                       (p, size, r, s, f, arg))

// Not forwarders under their own names (see curl_loader.h): the real functions, for CurlSetopt and
// CurlGetinfo.
CurlSetoptFn RealCurlSetopt() {
  static auto real = Resolve<CurlSetoptFn>("curl_easy_setopt");
  return real;
}

CurlGetinfoFn RealCurlGetinfo() {
  static auto real = Resolve<CurlGetinfoFn>("curl_easy_getinfo");
  return real;
}
