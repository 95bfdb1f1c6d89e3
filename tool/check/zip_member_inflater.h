// Inflates a zip's members straight from their data spans (ZipStructure::spans) with libdeflate,
// on two threads, so `check` can hash every RECORD member without libarchive's streaming zlib.
// A member is delivered only when it inflates to exactly its declared size with its CRC-32;
// anything else is left for the caller's ordinary (libarchive) path, which reports the error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "check/zip_validator.h"

// Called once per delivered member, from a worker thread (at most one call per index at a time;
// calls for different indexes run concurrently).
using InflatedMemberFn = std::function<void(size_t index, const unsigned char* data, size_t size)>;

// Called, from a worker thread, once the compressed bytes [offset, offset + size) of `file` are
// no longer needed (a mapped file can then give back their pages).
using DoneWithBytesFn = std::function<void(uint64_t offset, uint64_t size)>;

// Inflates spans[i] for every i with wanted[i], members above `max_member_size` excepted, from
// `file` (the whole zip in memory or mapped, as ValidateZipBytes saw it). `delivered` receives,
// per span, whether `fn` received it: a member that is encrypted, cut short or fails its size or
// CRC-32 is not delivered. `done_with` (optional) hears of each member's bytes once passed.
void InflateZipMembers(std::string_view file, const std::vector<ZipMemberSpan>& spans,
                       const std::vector<bool>& wanted, uint64_t max_member_size,
                       const InflatedMemberFn& fn, std::vector<bool>* delivered,
                       const DoneWithBytesFn* done_with = nullptr);
