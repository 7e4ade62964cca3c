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
__attribute__((target("avx512f"))) void add3_512(const float* a, const float* b, float* d, size_t n) {
  size_t i = 0;
  for (; i + 64 <= n; i += 64)
    for (size_t k = 0; k < 64; k += 16)
      _mm512_storeu_ps(d + i + k, _mm512_add_ps(_mm512_loadu_ps(a + i + k), _mm512_loadu_ps(b + i + k)));
  for (; i < n; i++) d[i] = a[i] + b[i];
}
__attribute__((target("avx2"))) void add3_256(const float* a, const float* b, float* d, size_t n) {
  size_t i = 0;
  for (; i + 32 <= n; i += 32)
    for (size_t k = 0; k < 32; k += 8)
      _mm256_storeu_ps(d + i + k, _mm256_add_ps(_mm256_loadu_ps(a + i + k), _mm256_loadu_ps(b + i + k)));
  for (; i < n; i++) d[i] = a[i] + b[i];
}
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
  const Case f = make_case("memcpy", "memcpy", "fwd", n, 2);
  add_case(cfg, f, [=](benchmark::State& st) {
    Slot& s = slot_for(st);
    timed(st, f, [&] { std::memcpy(s.p[B_Y], s.p[B_X], n * sizeof(float)); });
  });
  const Add3Fn add3 = pick_add3();
  const Case b = make_case("memcpy", "memcpy", "bwd", n, 3);
  add_case(cfg, b, [=](benchmark::State& st) {
    Slot& s = slot_for(st);
    timed(st, b, [&] { add3(s.p[B_DY], s.p[B_X], s.p[B_Y], n); });
  });
}

const Baseline kMemcpy = {"memcpy", 10, nullptr, register_size, nullptr, nullptr};
const BaselineRegistrar kReg(kMemcpy);

}  // namespace
}  // namespace vbench
