// toml++'s compiled library (Debian's libtomlplusplus) is built with exceptions and exports only
// toml::ex::parse. pyrelease builds with TOML_EXCEPTIONS=0 (parse returns a toml::parse_result),
// so the no-exceptions implementation is compiled here, once, for the whole tool.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
