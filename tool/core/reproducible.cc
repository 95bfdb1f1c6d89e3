#include "core/reproducible.h"

#include <cstdlib>

int64_t ClampToZipRange(int64_t epoch) {
  if (epoch < kMinZipEpoch) return kMinZipEpoch;
  if (epoch > kMaxZipEpoch) return kMaxZipEpoch;
  return epoch;
}

bool SourceDateEpoch(int64_t* out, std::string* err, int64_t default_epoch) {
  const char* env = std::getenv("SOURCE_DATE_EPOCH");
  if (!env || !*env) {
    *out = default_epoch;
    return true;
  }
  std::string v(env);
  for (char c : v) {
    if (c < '0' || c > '9' || v.size() > 18) {
      if (err) *err = "SOURCE_DATE_EPOCH: '" + v + "' is not a whole number of seconds since 1970";
      return false;
    }
  }
  *out = ClampToZipRange(std::strtoll(v.c_str(), nullptr, 10));
  return true;
}
