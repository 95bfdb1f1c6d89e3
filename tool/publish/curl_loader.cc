// libcurl, loaded when the first HTTP request is made rather than at process start.
//
// libcurl pulls in some thirty shared libraries (TLS, GSSAPI, LDAP, RTMP, SSH, IDN, ...). Mapping
// and relocating them cost ~4 ms at every start, most of the run time of `pyrelease check` or
// `pyrelease build` on a small project, which never make a request. So pyrelease does not link
// libcurl: it defines the few curl_* functions it calls here, and each one opens libcurl.so.4 on
// first use and forwards to the real function. http_client.cc and multipart.cc stay ordinary
// libcurl code.
#include <curl/curl.h>

#include <cstdarg>

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

// The two variadic entry points take exactly one argument after the option, whose type libcurl
// encodes in the option number (CURLOPTTYPE_* and CURLINFO_* ranges): read it with that type.
extern "C" CURLcode curl_easy_setopt(CURL* h, CURLoption option, ...) {
  using Fn = CURLcode (*)(CURL*, CURLoption, ...);
  static auto real = Resolve<Fn>("curl_easy_setopt");
  va_list ap;
  va_start(ap, option);
  CURLcode rc;
  if (option < CURLOPTTYPE_OBJECTPOINT) {
    long value = va_arg(ap, long);
    rc = real(h, option, value);
  } else if (option < CURLOPTTYPE_FUNCTIONPOINT) {
    void* value = va_arg(ap, void*);
    rc = real(h, option, value);
  } else if (option < CURLOPTTYPE_OFF_T) {
    void (*value)(void) = va_arg(ap, void (*)(void));
    rc = real(h, option, value);
  } else if (option < CURLOPTTYPE_BLOB) {
    curl_off_t value = va_arg(ap, curl_off_t);
    rc = real(h, option, value);
  } else {
    void* value = va_arg(ap, void*);
    rc = real(h, option, value);
  }
  va_end(ap);
  return rc;
}

extern "C" CURLcode curl_easy_getinfo(CURL* h, CURLINFO info, ...) {
  using Fn = CURLcode (*)(CURL*, CURLINFO, ...);
  static auto real = Resolve<Fn>("curl_easy_getinfo");
  va_list ap;
  va_start(ap, info);
  void* out = va_arg(ap, void*);  // every CURLINFO_* takes a pointer to where the answer goes
  va_end(ap);
  return real(h, info, out);
}
