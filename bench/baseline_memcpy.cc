/* SPDX-License-Identifier: MIT */
// The memory floor: memcpy of n floats (2 streams, memcpy/fwd) and
// dst = a + b over n floats at the best vector width this CPU runs
// (3 streams, STREAM's "add": memcpy/bwd, the floor of a backward).
#include <cstring>

#include "harness.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace vbench {
namespace {

#if defined(__x86_64__) || defined(__i386__)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
#endif
// dst = a + b, four vectors of W lanes per step; P: the intrinsics' prefix
#define VB_ADD3(name, tgt, P, W)                                                        \
  __attribute__((target(tgt))) void name(const float* a, const float* b, float* d, size_t n) { \
    size_t i = 0;                                                                       \
    for (; i + 4 * W <= n; i += 4 * W)                                                  \
      for (size_t k = 0; k < 4 * W; k += W)                                             \
        P##_storeu_ps(d + i + k, P##_add_ps(P##_loadu_ps(a + i + k), P##_loadu_ps(b + i + k))); \
    for (; i < n; i++) d[i] = a[i] + b[i];                                              \
  }
VB_ADD3(add3_512, "avx512f", _mm512, 16)
VB_ADD3(add3_256, "avx2", _mm256, 8)
#undef VB_ADD3
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif
void add3_plain(const float* a, const float* b, float* d, size_t n) {
  for (size_t i = 0; i < n; i++) d[i] = a[i] + b[i];
}
using Add3Fn = void (*)(const float*, const float*, float*, size_t);
Add3Fn pick_add3() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return add3_512;
  if (__builtin_cpu_supports("avx2")) return add3_256;
#endif
  return add3_plain;  // -O3 vectorizes it with the baseline ISA (NEON on aarch64)
}

void register_size(const RunConfig& cfg, const SizeLevel& sz) {
  const size_t n = sz.n;
  add_timed(cfg, make_case("memcpy", "memcpy", "fwd", n, 2),
            [=](Slot& s) { std::memcpy(s.p[B_Y], s.p[B_X], n * sizeof(float)); });
  const Add3Fn add3 = pick_add3();
  add_timed(cfg, make_case("memcpy", "memcpy", "bwd", n, 3), [=](Slot& s) { add3(s.p[B_DY], s.p[B_X], s.p[B_Y], n); });
}

const Baseline kMemcpy = {"memcpy", 10, nullptr, register_size, nullptr, nullptr};
const BaselineRegistrar kReg(kMemcpy);

}  // namespace
}  // namespace vbench
