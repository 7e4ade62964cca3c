/* SPDX-License-Identifier: MIT */
// The SLEEF baseline: each op written the plain way over the SLEEF u10 vector
// functions that vact's HIGH tier calls for it (sigmoid, silu, swish,
// gelu_tanh, mish: expf; tanh: tanhf; elu, selu: expm1f; softplus,
// logsigmoid: expf + log1pf; gelu: erfcf, its form that keeps x < -3
// accurate), one vector per step, no special-value handling, at the best
// path's vector width; named sleef/<op>/fwd/n:N.  The HIGH tier's bar is "no
// slower than this loop".
#include <cstring>
#include <iterator>
#include <string>
#include <vector>

#include "harness.h"
#include "ops.h"

#if defined(VACT_BENCH_HAVE_SLEEF)
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define VACT_BENCH_SLEEF_X86 1
#elif defined(__aarch64__)
#include <arm_neon.h>
#define VACT_BENCH_SLEEF_NEON 1
#endif
#include <sleef.h>  // SLEEF_VERSION_*; the vector prototypes are declared below
#endif

namespace vbench {
namespace {

using SleefLoop = void (*)(const float*, float*, size_t);
struct SleefEntry {
  const char* op;
  SleefLoop fn;
};

// The op bodies, over width-generic helpers each ISA namespace defines.
#define VB_SLEEF_OPS(X)                                                                    \
  X(sigmoid, div(one(), add(one(), exp_(neg(v)))))                                         \
  X(tanh, tanh_(v))                                                                        \
  X(gelu, mul(mul(set(0.5f), v), erfc_(mul(v, set(-0.70710678f)))))                       \
  X(gelu_tanh,                                                                             \
    div(v, add(one(), exp_(mul(set(-1.5957691f), fma(mul(set(0.044715f), v), mul(v, v), v))))))   \
  X(elu, blend_pos(v, v, expm1_(v)))                                                       \
  X(selu, blend_pos(v, mul(set(1.0507010f), v), mul(set(1.7580993f), expm1_(v))))          \
  X(silu, div(v, add(one(), exp_(neg(v)))))                                                \
  X(swish, div(v, add(one(), exp_(mul(set(-1.5f), v)))))                                   \
  X(mish, mish_(v, exp_(v)))                                                               \
  X(softplus, add(max_(v, zero()), log1p_(exp_(neg(abs_(v))))))                            \
  X(logsigmoid, sub(min_(v, zero()), log1p_(exp_(neg(abs_(v))))))

// mish = x*n/(n + 2), n = e(e + 2), e = e^x (one expf)
#define VB_SLEEF_HELPERS                                                                   \
  TGT inline V one() { return set(1.0f); }                                                 \
  TGT inline V zero() { return set(0.0f); }                                                \
  TGT inline V neg(V a) { return sub(zero(), a); }                                         \
  TGT inline V abs_(V a) { return max_(a, neg(a)); }                                       \
  TGT inline V mish_(V x, V e) {                                                           \
    const V n = mul(e, add(e, set(2.0f)));                                                 \
    return div(mul(x, n), add(n, set(2.0f)));                                              \
  }

#define VB_SLEEF_LOOP(name, expr)                                                          \
  TGT inline V op_##name(V v) { return expr; }                                             \
  TGT void loop_##name(const float* x, float* y, size_t n) {                               \
    size_t i = 0;                                                                          \
    for (; i + W <= n; i += W) st(y + i, op_##name(ld(x + i)));                            \
    if (i < n) {                                                                           \
      float tx[W] = {}, ty[W];                                                             \
      std::memcpy(tx, x + i, (n - i) * sizeof(float));                                     \
      st(ty, op_##name(ld(tx)));                                                           \
      std::memcpy(y + i, ty, (n - i) * sizeof(float));                                     \
    }                                                                                      \
  }
#define VB_SLEEF_ENTRY(name, expr) {#name, loop_##name},


// A width's primitives, helpers, loops and table, once its V, W, ld, st,
// set, arithmetic, max_/min_/blend_pos and SLEEF wrappers are defined.
#define VB_SLEEF_BODY          \
  VB_SLEEF_HELPERS             \
  VB_SLEEF_OPS(VB_SLEEF_LOOP)  \
  const SleefEntry table[] = {VB_SLEEF_OPS(VB_SLEEF_ENTRY)};

#if defined(VACT_BENCH_SLEEF_X86)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
#endif
// What both x86 widths spell alike: V (L lanes), the intrinsics of prefix P
// and SLEEF's functions for extension EXT (Sleef_<f>f<L>_u10<EXT>, erfc u15).
#define VB_X86_PRIMS(V_, L, P, EXT)                                                        \
  using V = V_;                                                                            \
  constexpr size_t W = L;                                                                  \
  extern "C" {                                                                             \
  TGT V Sleef_expf##L##_u10##EXT(V);                                                       \
  TGT V Sleef_expm1f##L##_u10##EXT(V);                                                     \
  TGT V Sleef_log1pf##L##_u10##EXT(V);                                                     \
  TGT V Sleef_tanhf##L##_u10##EXT(V);                                                      \
  TGT V Sleef_erfcf##L##_u15##EXT(V);                                                      \
  }                                                                                        \
  TGT inline V ld(const float* p) { return P##_loadu_ps(p); }                              \
  TGT inline void st(float* p, V a) { P##_storeu_ps(p, a); }                               \
  TGT inline V set(float a) { return P##_set1_ps(a); }                                     \
  TGT inline V add(V a, V b) { return P##_add_ps(a, b); }                                  \
  TGT inline V sub(V a, V b) { return P##_sub_ps(a, b); }                                  \
  TGT inline V mul(V a, V b) { return P##_mul_ps(a, b); }                                  \
  TGT inline V div(V a, V b) { return P##_div_ps(a, b); }                                  \
  TGT inline V fma(V a, V b, V c) { return P##_fmadd_ps(a, b, c); }                        \
  TGT inline V exp_(V a) { return Sleef_expf##L##_u10##EXT(a); }                          \
  TGT inline V expm1_(V a) { return Sleef_expm1f##L##_u10##EXT(a); }                      \
  TGT inline V log1p_(V a) { return Sleef_log1pf##L##_u10##EXT(a); }                      \
  TGT inline V tanh_(V a) { return Sleef_tanhf##L##_u10##EXT(a); }                        \
  TGT inline V erfc_(V a) { return Sleef_erfcf##L##_u15##EXT(a); }

#define TGT __attribute__((target("avx512f")))
namespace sleef512 {
VB_X86_PRIMS(__m512, 16, _mm512, avx512f)
// maskz: no -Wmaybe-uninitialized (GCC 12)
TGT inline V max_(V a, V b) { return _mm512_maskz_max_ps(0xFFFF, a, b); }
TGT inline V min_(V a, V b) { return _mm512_maskz_min_ps(0xFFFF, a, b); }
TGT inline V blend_pos(V x, V a, V b) {
  return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GT_OQ), b, a);
}
VB_SLEEF_BODY
}  // namespace sleef512
#undef TGT

#define TGT __attribute__((target("avx2,fma")))
namespace sleef256 {
VB_X86_PRIMS(__m256, 8, _mm256, avx2)
TGT inline V max_(V a, V b) { return _mm256_max_ps(a, b); }
TGT inline V min_(V a, V b) { return _mm256_min_ps(a, b); }
TGT inline V blend_pos(V x, V a, V b) {
  return _mm256_blendv_ps(b, a, _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GT_OQ));
}
VB_SLEEF_BODY
}  // namespace sleef256
#undef TGT
#undef VB_X86_PRIMS
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif  // VACT_BENCH_SLEEF_X86

#if defined(VACT_BENCH_SLEEF_NEON)
extern "C" {
float32x4_t Sleef_expf4_u10advsimd(float32x4_t);
float32x4_t Sleef_expm1f4_u10advsimd(float32x4_t);
float32x4_t Sleef_log1pf4_u10advsimd(float32x4_t);
float32x4_t Sleef_tanhf4_u10advsimd(float32x4_t);
float32x4_t Sleef_erfcf4_u15advsimd(float32x4_t);
}
namespace sleef128 {
#define TGT
using V = float32x4_t;
constexpr size_t W = 4;
inline V ld(const float* p) { return vld1q_f32(p); }
inline void st(float* p, V a) { vst1q_f32(p, a); }
inline V set(float a) { return vdupq_n_f32(a); }
inline V add(V a, V b) { return vaddq_f32(a, b); }
inline V sub(V a, V b) { return vsubq_f32(a, b); }
inline V mul(V a, V b) { return vmulq_f32(a, b); }
inline V div(V a, V b) { return vdivq_f32(a, b); }
inline V fma(V a, V b, V c) { return vfmaq_f32(c, a, b); }
inline V max_(V a, V b) { return vmaxq_f32(a, b); }
inline V min_(V a, V b) { return vminq_f32(a, b); }
inline V blend_pos(V x, V a, V b) { return vbslq_f32(vcgtq_f32(x, vdupq_n_f32(0.0f)), a, b); }
inline V exp_(V a) { return Sleef_expf4_u10advsimd(a); }
inline V expm1_(V a) { return Sleef_expm1f4_u10advsimd(a); }
inline V log1p_(V a) { return Sleef_log1pf4_u10advsimd(a); }
inline V tanh_(V a) { return Sleef_tanhf4_u10advsimd(a); }
inline V erfc_(V a) { return Sleef_erfcf4_u15advsimd(a); }
VB_SLEEF_BODY
#undef TGT
}  // namespace sleef128
#endif  // VACT_BENCH_SLEEF_NEON

// The SLEEF loops for the best path's vector width (none without SLEEF).
struct SleefSet {
  std::string isa;  // SLEEF's name of the vector extension; "" if none
  std::vector<SleefEntry> loops;
};

SleefSet pick(vact_isa best) {
  SleefSet s;
#if defined(VACT_BENCH_SLEEF_X86)
  __builtin_cpu_init();
  if (best == VACT_ISA_AVX512 && __builtin_cpu_supports("avx512f")) {
    s.loops.assign(std::begin(sleef512::table), std::end(sleef512::table));
    s.isa = "avx512f";
  } else if ((best == VACT_ISA_AVX512 || best == VACT_ISA_AVX2) && __builtin_cpu_supports("avx2") &&
             __builtin_cpu_supports("fma")) {
    s.loops.assign(std::begin(sleef256::table), std::end(sleef256::table));
    s.isa = "avx2";
  }
#elif defined(VACT_BENCH_SLEEF_NEON)
  if (best == VACT_ISA_NEON) {
    s.loops.assign(std::begin(sleef128::table), std::end(sleef128::table));
    s.isa = "advsimd";
  }
#else
  (void)best;
#endif
  return s;
}

void register_size(const RunConfig& cfg, const SizeLevel& sz) {
  const size_t n = sz.n;
  for (const SleefEntry& so : pick(cfg.best).loops) {
    if (!find_unary(so.op)) continue;
    const SleefLoop fn = so.fn;
    add_timed(cfg, make_case("sleef", so.op, "fwd", n, 2), [=](Slot& s) { fn(s.p[B_X], s.p[B_Y], n); });
  }
}

void describe(const RunConfig& cfg, std::vector<std::string>& libs) {
  const SleefSet s = pick(cfg.best);
#if defined(VACT_BENCH_HAVE_SLEEF) && defined(SLEEF_VERSION_MAJOR)
  std::string v = "SLEEF " + std::to_string(SLEEF_VERSION_MAJOR) + "." + std::to_string(SLEEF_VERSION_MINOR) + "." +
                  std::to_string(SLEEF_VERSION_PATCHLEVEL);
#else
  std::string v = "SLEEF";
#endif
  libs.push_back(v + (s.isa.empty() ? " (no plain SLEEF loop on this build/path)"
                                    : " (plain SLEEF loop on " + s.isa + ")"));
  if (!s.isa.empty()) benchmark::AddCustomContext("sleef_isa", s.isa);
}

// --accuracy: the element-wise forwards it has
void accuracy(const RunConfig& cfg, AccuracySets& sets) {
  const SleefSet s = pick(cfg.best);
  if (s.loops.empty()) return;
  const std::string col = "SLEEF loop (" + s.isa + ")";
  sets.columns.push_back(col);
  for (const UnaryOp& u : unary_ops())
    for (const SleefEntry& so : s.loops)
      if (u.name == std::string(so.op)) sets.impls.push_back({col, u.name, so.fn});
}

const Baseline kSleef = {"sleef", 30, nullptr, register_size, describe, accuracy};
const BaselineRegistrar kReg(kSleef);

}  // namespace
}  // namespace vbench
