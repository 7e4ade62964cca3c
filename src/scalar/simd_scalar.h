/* SPDX-License-Identifier: MIT */
/* Primitive layer of the scalar path: a one-lane "vector".  Every generic
 * kernel in src/kernels/ is written against this interface; the other ISA
 * headers implement the same names with the same contracts:
 *
 *  V   float vector, VLEN lanes     VI  uint32 vector     M  lane mask
 *  v_ld/v_st          unaligned load/store of VLEN floats
 *  v_ld_n/v_st_n      first n <= VLEN lanes; never touch memory past n;
 *                     lanes >= n of v_ld_n are +0
 *  v_lt/le/gt/ge/eq   ordered compares: false when either operand is NaN
 *  v_isnan            true on NaN lanes
 *  v_sel(m, a, b)     m ? a : b per lane
 *  v_max/v_min(a, b)  the larger/smaller; NaN when b is NaN (a NaN a or
 *                     equal zeros: either operand); call with a constant a
 *  v_fma(a, b, c)     a*b + c with one rounding
 *  sleef_exp ... sleef_erfc  SLEEF: exp, expm1, log1p, tanh (1.0 ULP), erfc
 *                     (1.5 ULP), the HIGH tier (src/kernels/tier_high.h)
 *  v_hsum_d           sum of the lanes in double (reductions' final step)
 *  VD                 VDLEN = VLEN/2 doubles (scalar: one); vd_fma_lo/hi(a,
 *                     b, c): c + a*b over the low/high half of V's lanes
 *                     widened to double, so the product is exact (scalar: hi
 *                     adds nothing); vd_ld/vd_ld_n: VDLEN floats (the first
 *                     n, the rest 0) widened; vd_fma, vd_add; vd_fma_neg(a,
 *                     x, c): c + a*x where x < 0, c elsewhere (NaN x too);
 *                     vd_hsum: the sum of VD's lanes, the halves added lane
 *                     by lane down to one (so its order is fixed); vd_st,
 *                     vd_ldd: store and load them; vd_abs, vd_max (NaN:
 *                     either); vd_pow2i(t):
 *                     2^k from t = 1.5*2^52 + 1023 + k, k an integer in
 *                     [-1022, 1023] (t's bits shifted left by 52).  Double-
 *                     precision math on V's lanes: vd_lo/vd_hi widen V's
 *                     low/high half (VD_HALVES = 2; scalar: 1, the one
 *                     lane in lo), v_from_vd narrows the two back, rounded
 *                     to nearest; vd_set, vd_sub, vd_mul, vd_div; vd_fma
 *                     fused on every path; vd_sel_ge0(x, a, b): x >= 0 ? a
 *                     : b (NaN x: b); sleef_exp_d: SLEEF's double exp (1.0
 *                     ULP), for the storage twins' rows
 *  v_round            to the nearest integer, ties to even (any MXCSR mode
 *                     on x86; the scalar path follows the current mode)
 *  v_to_vi            an integral float to int32 (VACT_CAP_CVT_RN: any float,
 *                     rounded to nearest); vi_as_v: a bit cast
 *  v_lut16(tab, i)    tab[i] per lane, i in [0, 15] (a register permute)
 *  vi_mul_wide(a, b, &hi)  the 64-bit product of each lane's a and b: its
 *                     low 32 bits returned, its high 32 bits in hi
 *  v_as_vi            a bit cast; vi_and, vi_or: bitwise; vi_eq: equal bits
 *                     (an M); vi_none(a, b): no bit in common, a & b == 0
 *                     (AVX-512's one vptestnmd); vi_gtu: a > b unsigned;
 *                     m_or: either mask
 *  VH                 VLEN uint16 lanes (bf16 or f16 bits); vh_ld/vh_st,
 *                     vh_ld_n/vh_st_n as for floats (lanes >= n are 0);
 *                     vh_to_vi: zero-extended; vi_to_vh: lanes < 2^16 narrowed
 *  vi_ld_h2/vi_st_h2  2*VLEN uint16 as VLEN words, lane k p[2k] | p[2k+1] << 16
 *  v_from_f16         widen, exact (a NaN comes back quiet)
 *  v_to_f16           narrow, rounded to nearest even whatever the caller's
 *                     mode, subnormals kept, +-inf only from 65520 on, NaN
 *                     quiet with its sign and the top bits of its payload
 *                     (src/half.h is the reference); bf16's are generic
 *                     (src/kernels/storage.h)
 */
#ifndef VACT_SIMD_SCALAR_H
#define VACT_SIMD_SCALAR_H

#include <math.h>
#include <string.h>
#include <stdint.h>
#include <sleef.h>
#include "../half.h"

#define VACT_ISA_SUFFIX scalar
#define VLEN 1

/* Capabilities: an ISA sets these to 1 where it gives its own primitive in
 * place of the generic one of src/kernels/ (the same bits where both hold):
 *  VACT_CAP_LDEXP       v_ldexp(a, q) = a*2^q rounded once (numerics.h)
 *  VACT_CAP_LDEXP_FULL  ... for every integral q, not only 2^q normal
 *  VACT_CAP_SLOPE       v_slope(x, a): 1, a or x by class (ops_linear.h)
 *  VACT_CAP_CLAMP       v_clamp(x, lo, hi) (ops_linear.h)
 *  VACT_CAP_CVT_RN      v_to_vi rounds a float that is not integral to
 *                       nearest, ties to even, under the kernels'
 *                       round-to-nearest (numerics.h's subnormal grid then
 *                       needs no v_round before it)
 *  VACT_CAP_BF16CVT     v_to_bf16_cvt(a): a conversion instruction that
 *                       rounds to nearest even and quiets NaNs as
 *                       v_to_bf16 does but reads subnormals as 0, used only
 *                       where vact_bf16cvt() says the CPU has it, in
 *                       functions marked VACT_TARGET_BF16CVT;
 *                       v_subnormal(a): a's subnormal lanes
 * and one that states a cost:
 *  VACT_CAP_LUT16       v_lut16 costs about one instruction; 0 (AVX2: two
 *                       permutes and a blend) means v_lut8(tab, i), i in
 *                       [0, 7], is the one permute, and the FAST tier's
 *                       tables take 8 entries there (tier_fast.h)
 *  VACT_CAP_VD_LUT16    vd_lut16(tab, t): tab[bits of t & 15] per lane, of
 *                       16 doubles, in about one instruction, and
 *                       vd_pow2i4(t): 2^k from t = 1.5*2^52 + 16*1023 + 16k
 *                       + j (t's bits shifted right by 4, left by 52); the
 *                       storage twins' double exp then takes a table
 *                       (drive_storage.inc's storage_exp_d) */
#define VACT_CAP_LDEXP 0
#define VACT_CAP_LDEXP_FULL 0
#define VACT_CAP_SLOPE 0
#define VACT_CAP_CLAMP 0
#define VACT_CAP_CVT_RN 0
#define VACT_CAP_BF16CVT 0
#define VACT_CAP_LUT16 1
#define VACT_CAP_VD_LUT16 0

typedef float V;
typedef uint32_t VI;
typedef int M;

static inline V v_set(float a) { return a; }
static inline V v_ld(const float *p) { return *p; }
static inline void v_st(float *p, V a) { *p = a; }
static inline V v_ld_n(const float *p, size_t n) { return n ? *p : 0.0f; }
static inline void v_st_n(float *p, V a, size_t n) { if (n) *p = a; }

static inline V v_add(V a, V b) { return a + b; }
static inline V v_sub(V a, V b) { return a - b; }
static inline V v_mul(V a, V b) { return a * b; }
static inline V v_div(V a, V b) { return a / b; }
static inline V v_fma(V a, V b, V c) { return fmaf(a, b, c); }
static inline V v_neg(V a) { return -a; }
static inline V v_abs(V a) { return fabsf(a); }
static inline V v_copysign(V mag, V sgn) { return copysignf(mag, sgn); }

static inline M v_lt(V a, V b) { return a < b; }
static inline M v_le(V a, V b) { return a <= b; }
static inline M v_gt(V a, V b) { return a > b; }
static inline M v_ge(V a, V b) { return a >= b; }
static inline M v_eq(V a, V b) { return a == b; }
static inline M v_ne(V a, V b) { return a != b; }
static inline M v_isnan(V a) { return a != a; }
static inline M m_and(M a, M b) { return a & b; }
static inline M m_not(M a) { return !a; }
static inline M m_or(M a, M b) { return a | b; }
static inline int m_any(M a) { return a; }
static inline M m_first_n(size_t n) { return n > 0; }
/* a blend of bits, not a branch: data-dependent branches mispredict on real
 * tensors (relu over random signs ran 10x slower out of L1) */
static inline V v_sel(M m, V a, V b)
{
    uint32_t x, y, k = (uint32_t)0 - (uint32_t)(m != 0);
    memcpy(&x, &a, 4);
    memcpy(&y, &b, 4);
    x = (x & k) | (y & ~k);
    memcpy(&a, &x, 4);
    return a;
}
/* by v_sel, not a ?: the compiler may make a branch of (random signs
 * mispredict: the scalar hardswish ran 8x slower out of L1 than in it) */
static inline V v_max(V a, V b) { return v_sel(a > b, a, b); }
static inline V v_min(V a, V b) { return v_sel(a < b, a, b); }

static inline double v_hsum_d(V a) { return a; }
typedef double VD;
#define VDLEN 1
static inline VD vd_ld(const float *p) { return *p; }
static inline VD vd_ld_n(const float *p, size_t n) { return n ? *p : 0.0; }
static inline VD vd_fma(VD a, VD b, VD c) { return fma(a, b, c); }
static inline VD vd_add(VD a, VD b) { return a + b; }
/* branch-free (random signs would mispredict): the product masked by bits;
 * adding +0 leaves c as it is, since c is never -0 (it starts at +0) */
static inline VD vd_fma_neg(VD a, VD x, VD c)
{
    double p = a * x;
    uint64_t b;
    memcpy(&b, &p, sizeof b);
    b &= (uint64_t)0 - (uint64_t)(x < 0.0);
    memcpy(&p, &b, sizeof p);
    return c + p;
}
static inline VD vd_zero(void) { return 0.0; }
static inline VD vd_fma_lo(V a, V b, VD c) { return c + (double)a * (double)b; }
static inline VD vd_fma_hi(V a, V b, VD c) { (void)a; (void)b; return c; }
static inline double vd_hsum(VD a) { return a; }
static inline void vd_st(double *p, VD a) { *p = a; }
static inline VD vd_ldd(const double *p) { return *p; }
static inline VD vd_abs(VD a) { return fabs(a); }
static inline VD vd_max(VD a, VD b) { return a > b ? a : b; }
static inline VD vd_pow2i(VD t)
{
    uint64_t b;
    memcpy(&b, &t, sizeof b);
    b <<= 52;
    memcpy(&t, &b, sizeof t);
    return t;
}
#define VD_HALVES 1
static inline VD vd_lo(V a) { return a; }
static inline VD vd_hi(V a) { (void)a; return 0.0; }
static inline V v_from_vd(VD lo, VD hi) { (void)hi; return (float)lo; }
static inline VD vd_set(double a) { return a; }
static inline VD vd_sub(VD a, VD b) { return a - b; }
static inline VD vd_mul(VD a, VD b) { return a * b; }
static inline VD vd_div(VD a, VD b) { return a / b; }
static inline VD vd_sel_ge0(VD x, VD a, VD b) { return x >= 0.0 ? a : b; }
static inline float v_hmax(V a) { return a; }

static inline VI vi_set(uint32_t a) { return a; }
static inline VI vi_iota(void) { return 0; }
static inline VI vi_add(VI a, VI b) { return a + b; }
static inline VI vi_sub(VI a, VI b) { return a - b; }
static inline VI vi_xor(VI a, VI b) { return a ^ b; }
static inline VI vi_mul(VI a, VI b) { return a * b; }
/* the 64-bit products a*b: their low halves, the high halves in *hi */
static inline VI vi_mul_wide(VI a, VI b, VI *hi)
{
    const uint64_t p = (uint64_t)a * b;
    *hi = (VI)(p >> 32);
    return (VI)p;
}
#define vi_srl(a, k) ((VI)((a) >> (k)))
static inline V vi_to_f(VI a) { return (float)(int32_t)a; } /* a < 2^31 */
static inline V v_round(V a) { return nearbyintf(a); }        /* to nearest, ties even */
/* NaN and |a| >= 2^31 give 0x80000000, as x86's cvtps2dq does: converting
 * them in C would be undefined (callers may convert before range checks) */
static inline VI v_to_vi(V a)
{
    return fabsf(a) < 2147483648.0f ? (VI)(int32_t)a : 0x80000000u;
}
#define vi_sll(a, k) ((VI)((a) << (k)))
static inline V vi_as_v(VI a) { V r; memcpy(&r, &a, 4); return r; }
static inline V v_lut16(const float *tab, VI i) { return tab[i & 15]; }
static inline VI v_as_vi(V a) { return vact_f32_bits(a); }
static inline VI vi_and(VI a, VI b) { return a & b; }
static inline VI vi_or(VI a, VI b) { return a | b; }
static inline M vi_eq(VI a, VI b) { return a == b; }
static inline M vi_none(VI a, VI b) { return (a & b) == 0; }
static inline M vi_gt(VI a, VI b) { return (int32_t)a > (int32_t)b; }
static inline M vi_gtu(VI a, VI b) { return a > b; }

/* bf16 and f16 storage, one lane: f16 by src/half.h */
typedef uint16_t VH;
static inline VH vh_ld(const uint16_t *p) { return *p; }
static inline void vh_st(uint16_t *p, VH a) { *p = a; }
static inline VH vh_ld_n(const uint16_t *p, size_t n) { return n ? *p : 0; }
static inline void vh_st_n(uint16_t *p, VH a, size_t n) { if (n) *p = a; }
static inline VI vh_to_vi(VH h) { return h; }
static inline VH vi_to_vh(VI a) { return (VH)a; }
static inline VI vi_ld_h2(const uint16_t *p) { return p[0] | (uint32_t)p[1] << 16; }
static inline void vi_st_h2(uint16_t *p, VI a)
{
    p[0] = (uint16_t)a;
    p[1] = (uint16_t)(a >> 16);
}
static inline V v_from_f16(VH h) { return vact_f32_of_f16(h); }
static inline VH v_to_f16(V a) { return vact_f16_of_f32(a); }

static inline V sleef_exp(V a) { return Sleef_expf_u10(a); }
static inline V sleef_expm1(V a) { return Sleef_expm1f_u10(a); }
static inline V sleef_log1p(V a) { return Sleef_log1pf_u10(a); }
static inline V sleef_tanh(V a) { return Sleef_tanhf_u10(a); }
static inline V sleef_erfc(V a) { return Sleef_erfcf_u15(a); }
static inline VD sleef_exp_d(VD a) { return Sleef_exp_u10(a); }

#endif
