/* SPDX-License-Identifier: MIT */
/* Primitive layer of the NEON (AdvSIMD, aarch64) path (contracts:
 * src/scalar/simd_scalar.h).  NEON has no masked memory access, so a tail
 * goes through a zeroed stack vector and memcpy of exactly n floats.
 * f16 by the native fcvtl/fcvtn; bf16 by integer shifts. */
#ifndef VACT_SIMD_NEON_H
#define VACT_SIMD_NEON_H

#include <arm_neon.h>
#include <stdint.h>
#include <string.h>
#include <sleef.h>

#define VACT_ISA_SUFFIX neon
#define VLEN 4

/* Capabilities: the rounding conversion (vcvtnq: to nearest, ties to even,
 * in any mode); otherwise the common set (scalar/simd_scalar.h). */
#define VACT_CAP_LDEXP 0
#define VACT_CAP_LUT16 1
#define VACT_CAP_CLAMP 0 /* FMAX orders -0 below +0 */
#define VACT_CAP_CVT_RN 1
#define VACT_CAP_BF16CVT 0
#define VACT_CAP_VD_LUT16 0
#define VACT_CAP_LDEXP_FULL 0
#define VACT_CAP_SLOPE 0

typedef float32x4_t V;
typedef uint32x4_t VI;
typedef uint32x4_t M;

static inline V v_set(float a) { return vdupq_n_f32(a); }
static inline V v_ld(const float *p) { return vld1q_f32(p); }
static inline void v_st(float *p, V a) { vst1q_f32(p, a); }
static inline V v_ld_n(const float *p, size_t n)
{
    float t[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    memcpy(t, p, n * sizeof(float));
    return vld1q_f32(t);
}
static inline void v_st_n(float *p, V a, size_t n)
{
    float t[4];
    vst1q_f32(t, a);
    memcpy(p, t, n * sizeof(float));
}

static inline V v_add(V a, V b) { return vaddq_f32(a, b); }
static inline V v_sub(V a, V b) { return vsubq_f32(a, b); }
static inline V v_mul(V a, V b) { return vmulq_f32(a, b); }
static inline V v_div(V a, V b) { return vdivq_f32(a, b); }
static inline V v_fma(V a, V b, V c) { return vfmaq_f32(c, a, b); }
static inline V v_neg(V a) { return vnegq_f32(a); }
static inline V v_abs(V a) { return vabsq_f32(a); }
/* FMAX/FMIN give NaN when either operand is NaN */
static inline V v_max(V a, V b) { return vmaxq_f32(a, b); }
static inline V v_min(V a, V b) { return vminq_f32(a, b); }
static inline V v_copysign(V mag, V sgn)
{
    return vbslq_f32(vdupq_n_u32(0x80000000u), sgn, mag);
}

static inline M v_lt(V a, V b) { return vcltq_f32(a, b); }
static inline M v_le(V a, V b) { return vcleq_f32(a, b); }
static inline M v_gt(V a, V b) { return vcgtq_f32(a, b); }
static inline M v_ge(V a, V b) { return vcgeq_f32(a, b); }
static inline M v_eq(V a, V b) { return vceqq_f32(a, b); }
static inline M v_ne(V a, V b) { return vmvnq_u32(vceqq_f32(a, b)); }
static inline M v_isnan(V a) { return vmvnq_u32(vceqq_f32(a, a)); }
static inline M m_and(M a, M b) { return vandq_u32(a, b); }
static inline M m_or(M a, M b) { return vorrq_u32(a, b); }
static inline M m_not(M a) { return vmvnq_u32(a); }
static inline int m_any(M a) { return vmaxvq_u32(a) != 0; }
static inline M m_first_n(size_t n)
{
    const uint32x4_t idx = {0, 1, 2, 3};
    return vcltq_u32(idx, vdupq_n_u32((uint32_t)(n < 4 ? n : 4)));
}
static inline V v_sel(M m, V a, V b) { return vbslq_f32(m, a, b); }

typedef float64x2_t VD;
#define VDLEN 2
static inline VD vd_ld(const float *p) { return vcvt_f64_f32(vld1_f32(p)); }
static inline VD vd_ld_n(const float *p, size_t n)
{
    if (n >= 2)
        return vd_ld(p);
    return vcvt_f64_f32(n ? vld1_lane_f32(p, vdup_n_f32(0.0f), 0) : vdup_n_f32(0.0f));
}
static inline VD vd_fma(VD a, VD b, VD c) { return vfmaq_f64(c, a, b); }
static inline VD vd_add(VD a, VD b) { return vaddq_f64(a, b); }
static inline VD vd_fma_neg(VD a, VD x, VD c)
{
    return vbslq_f64(vcltq_f64(x, vdupq_n_f64(0.0)), vfmaq_f64(c, a, x), c);
}
static inline VD vd_zero(void) { return vdupq_n_f64(0.0); }
static inline VD vd_fma_lo(V a, V b, VD c)
{
    return vfmaq_f64(c, vcvt_f64_f32(vget_low_f32(a)), vcvt_f64_f32(vget_low_f32(b)));
}
static inline VD vd_fma_hi(V a, V b, VD c)
{
    return vfmaq_f64(c, vcvt_high_f64_f32(a), vcvt_high_f64_f32(b));
}
static inline double vd_hsum(VD a) { return vaddvq_f64(a); }
static inline void vd_st(double *p, VD a) { vst1q_f64(p, a); }
static inline VD vd_ldd(const double *p) { return vld1q_f64(p); }
static inline VD vd_abs(VD a) { return vabsq_f64(a); }
static inline VD vd_max(VD a, VD b) { return vmaxq_f64(a, b); }
static inline VD vd_pow2i(VD t) { return vreinterpretq_f64_u64(vshlq_n_u64(vreinterpretq_u64_f64(t), 52)); }
#define VD_HALVES 2
static inline VD vd_lo(V a) { return vcvt_f64_f32(vget_low_f32(a)); }
static inline VD vd_hi(V a) { return vcvt_high_f64_f32(a); }
static inline V v_from_vd(VD lo, VD hi) { return vcvt_high_f32_f64(vcvt_f32_f64(lo), hi); }
static inline VD vd_set(double a) { return vdupq_n_f64(a); }
static inline VD vd_sub(VD a, VD b) { return vsubq_f64(a, b); }
static inline VD vd_mul(VD a, VD b) { return vmulq_f64(a, b); }
static inline VD vd_div(VD a, VD b) { return vdivq_f64(a, b); }
static inline VD vd_sel_ge0(VD x, VD a, VD b) { return vbslq_f64(vcgeq_f64(x, vdupq_n_f64(0.0)), a, b); }
static inline double v_hsum_d(V a)
{
    float64x2_t s = vaddq_f64(vcvt_f64_f32(vget_low_f32(a)), vcvt_high_f64_f32(a));
    return vaddvq_f64(s);
}
static inline float v_hmax(V a)
{
    float t[4], m;
    vst1q_f32(t, a);
    m = t[0];
    for (int i = 1; i < 4; i++) m = t[i] > m ? t[i] : m;
    return m;
}

static inline VI vi_set(uint32_t a) { return vdupq_n_u32(a); }
static inline VI vi_iota(void) { const uint32x4_t i = {0, 1, 2, 3}; return i; }
static inline VI vi_add(VI a, VI b) { return vaddq_u32(a, b); }
static inline VI vi_sub(VI a, VI b) { return vsubq_u32(a, b); }
static inline VI vi_xor(VI a, VI b) { return veorq_u32(a, b); }
static inline VI vi_mul(VI a, VI b) { return vmulq_u32(a, b); }
/* umull/umull2, then the low and high halves unzipped */
static inline VI vi_mul_wide(VI a, VI b, VI *hi)
{
    const uint32x4_t l = vreinterpretq_u32_u64(vmull_u32(vget_low_u32(a), vget_low_u32(b)));
    const uint32x4_t h = vreinterpretq_u32_u64(vmull_high_u32(a, b));
    *hi = vuzp2q_u32(l, h);
    return vuzp1q_u32(l, h);
}
#define vi_srl(a, k) vshrq_n_u32((a), (k))
static inline V vi_to_f(VI a) { return vcvtq_f32_s32(vreinterpretq_s32_u32(a)); }
static inline V v_round(V a) { return vrndnq_f32(a); }
static inline VI v_to_vi(V a) { return vreinterpretq_u32_s32(vcvtnq_s32_f32(a)); }
#define vi_sll(a, k) vshlq_n_u32((a), (k))
static inline V vi_as_v(VI a) { return vreinterpretq_f32_u32(a); }
static inline V v_lut16(const float *tab, VI i)
{
    /* byte indices 4i .. 4i+3 into the 64-byte table */
    uint8x16_t b = vreinterpretq_u8_u32(vmlaq_u32(vdupq_n_u32(0x03020100u), vandq_u32(i, vdupq_n_u32(15)),
                                                  vdupq_n_u32(0x04040404u)));
    return vreinterpretq_f32_u8(vqtbl4q_u8(vld1q_u8_x4((const uint8_t *)tab), b));
}

static inline VI v_as_vi(V a) { return vreinterpretq_u32_f32(a); }
static inline VI vi_and(VI a, VI b) { return vandq_u32(a, b); }
static inline VI vi_or(VI a, VI b) { return vorrq_u32(a, b); }
static inline M vi_eq(VI a, VI b) { return vceqq_u32(a, b); }
static inline M vi_none(VI a, VI b) { return vmvnq_u32(vtstq_u32(a, b)); }
static inline M vi_gt(VI a, VI b) { return vcgtq_s32(vreinterpretq_s32_u32(a), vreinterpretq_s32_u32(b)); }
static inline M vi_gtu(VI a, VI b) { return vcgtq_u32(a, b); }

/* bf16 and f16 storage: 4 uint16 lanes */
typedef uint16x4_t VH;
static inline VH vh_ld(const uint16_t *p) { return vld1_u16(p); }
static inline void vh_st(uint16_t *p, VH a) { vst1_u16(p, a); }
static inline VH vh_ld_n(const uint16_t *p, size_t n)
{
    uint16_t t[4] = {0, 0, 0, 0};
    memcpy(t, p, n * sizeof *p);
    return vld1_u16(t);
}
static inline void vh_st_n(uint16_t *p, VH a, size_t n)
{
    uint16_t t[4];
    vst1_u16(t, a);
    memcpy(p, t, n * sizeof *p);
}
static inline VI vh_to_vi(VH h) { return vmovl_u16(h); }
static inline VH vi_to_vh(VI a) { return vmovn_u32(a); }
/* 2*VLEN uint16 as VLEN words, lane k = p[2k] | p[2k + 1] << 16 */
static inline VI vi_ld_h2(const uint16_t *p) { return vreinterpretq_u32_u16(vld1q_u16(p)); }
static inline void vi_st_h2(uint16_t *p, VI a) { vst1q_u16(p, vreinterpretq_u16_u32(a)); }
static inline V v_from_f16(VH h) { return vcvt_f32_f16(vreinterpret_f16_u16(h)); }
static inline VH v_to_f16(V a) { return vreinterpret_u16_f16(vcvt_f16_f32(a)); }

static inline V sleef_exp(V a) { return Sleef_expf4_u10advsimd(a); }
static inline V sleef_expm1(V a) { return Sleef_expm1f4_u10advsimd(a); }
static inline V sleef_log1p(V a) { return Sleef_log1pf4_u10advsimd(a); }
static inline V sleef_tanh(V a) { return Sleef_tanhf4_u10advsimd(a); }
static inline V sleef_erfc(V a) { return Sleef_erfcf4_u15advsimd(a); }
static inline VD sleef_exp_d(VD a) { return Sleef_expd2_u10advsimd(a); }

#endif
