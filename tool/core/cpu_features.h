#pragma once

// The CPU features the vector paths need (x86-64: SHA extensions, AVX2), read from glibc's record
// of what it found at start-up. A CPUID instruction traps to the hypervisor in some virtual
// machines (about 6 µs each on the benchmark host, more on others), so nothing here executes one
// when glibc has the record, and GCC's __builtin_cpu_supports is not used: it links libgcc's
// constructor, which runs a dozen CPUIDs in every process before main (docs/benchmarks.md).

// SHA-NI with the SSSE3 and SSE4.1 it is used with (core/sha256).
bool CpuHasShaExtensions();
// AVX2, usable: the instructions exist and the kernel saves the YMM registers.
bool CpuHasAvx2();

// std::thread::hardware_concurrency(), at least 1, read once per process: glibc opens and reads
// /sys/devices/system/cpu/online at every call (three times in a small build).
unsigned CpuCount();
