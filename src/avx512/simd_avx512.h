/* SPDX-License-Identifier: MIT */
/* Primitive layer of the AVX-512 F/BW/DQ/VL path (contracts:
 * src/scalar/simd_scalar.h).  Masks are k-registers; tails are masked
 * loads/stores, which suppress faults on masked-off lanes.  f16 by
 * AVX-512F's vcvtph2ps/vcvtps2ph; bf16 by integer shifts, and where the CPU
 * has AVX512_BF16, by its vcvtneps2bf16 in the twins' main loops (which
 * send a vector with a subnormal lane, read as 0 there, to the shifts). */
#ifndef VACT_SIMD_AVX512_H
#define VACT_SIMD_AVX512_H

#include <immintrin.h>
#include <stdint.h>
#include <sleef.h>

#define VACT_ISA_SUFFIX avx512
#define VLEN 16

/* Capabilities: the primitives this ISA gives beyond the common set (the
 * generic versions are in src/kernels/; scalar/simd_scalar.h lists them). */
#define VACT_CAP_LDEXP 1
#define VACT_CAP_LUT16 1
#define VACT_CAP_CLAMP 1
#define VACT_CAP_CVT_RN 1 /* cvtps2dq follows MXCSR: round-to-nearest in every kernel */
#define VACT_CAP_LDEXP_FULL 1
#define VACT_CAP_SLOPE 1
#ifdef VACT_NO_BF16CVT /* the compiler lacks the target (CMakeLists.txt) */
#define VACT_CAP_BF16CVT 0
#else
#define VACT_CAP_BF16CVT 1
#endif
#define VACT_CAP_VD_LUT16 1

typedef __m512 V;
typedef __m512i VI;
typedef __mmask16 M;

static inline V v_set(float a) { return _mm512_set1_ps(a); }
static inline V v_ld(const float *p) { return _mm512_loadu_ps(p); }
static inline void v_st(float *p, V a) { _mm512_storeu_ps(p, a); }
static inline M m_first_n(size_t n) { return n >= 16 ? (M)0xFFFF : (M)((1u << n) - 1u); }
static inline V v_ld_n(const float *p, size_t n) { return _mm512_maskz_loadu_ps(m_first_n(n), p); }
static inline void v_st_n(float *p, V a, size_t n) { _mm512_mask_storeu_ps(p, m_first_n(n), a); }

static inline V v_add(V a, V b) { return _mm512_add_ps(a, b); }
static inline V v_sub(V a, V b) { return _mm512_sub_ps(a, b); }
static inline V v_mul(V a, V b) { return _mm512_mul_ps(a, b); }
static inline V v_div(V a, V b) { return _mm512_div_ps(a, b); }
static inline V v_fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
/* GCC and Clang vector negation (a sign flip), which they fold into
 * vfnmadd/vfmsub where an fma takes it */
static inline V v_neg(V a) { return -a; }
static inline V v_abs(V a) { return _mm512_abs_ps(a); }
/* maxps/minps return the second operand when either is NaN; the all-lanes
 * maskz form is the same instruction, without GCC 12's undefined-source
 * -Wmaybe-uninitialized of _mm512_max_ps */
static inline V v_max(V a, V b) { return _mm512_maskz_max_ps((M)0xFFFF, a, b); }
static inline V v_min(V a, V b) { return _mm512_maskz_min_ps((M)0xFFFF, a, b); }
/* maxps/minps return their second operand on NaN and on equal zeros: x's
 * own value in both cases, as ops_linear.h's v_clamp gives */
static inline V v_clamp(V x, V lo, V hi) { return v_min(hi, v_max(lo, x)); }
static inline V v_copysign(V mag, V sgn)
{
    /* (mag & ~sign) | (sgn & sign) in one vpternlogd */
    return _mm512_castsi512_ps(_mm512_ternarylogic_epi32(
        _mm512_castps_si512(mag), _mm512_castps_si512(sgn), _mm512_set1_epi32(INT32_MIN), 0xD8));
}

/* a*2^q for any integral float q, rounded once (overflow to inf, gradual
 * underflow): vscalefps, where numerics.h's generic v_ldexp needs 2^q
 * normal. */
static inline V v_ldexp(V a, V q) { return _mm512_scalef_ps(a, q); }

/* ops_linear.h's v_slope (1 for x > 0, a for x <= 0, x for NaN) in one
 * vfixupimmps: its table answers per class of x, 4 bits each from class 0 up: QNaN and
 * SNaN -> x (1), zero, -inf and negative -> keep a (0), +1, +inf and
 * positive -> +1.0 (10).  Subnormals class as negative or positive, as the
 * compares do. */
static inline V v_slope(V x, V a)
{
    return _mm512_fixupimm_ps(a, x, _mm512_set1_epi32((int)0xA0A0A011u), 0);
}

static inline M v_lt(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
static inline M v_le(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_LE_OQ); }
static inline M v_gt(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
static inline M v_ge(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_GE_OQ); }
static inline M v_eq(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ); }
static inline M v_ne(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_NEQ_UQ); }
static inline M v_isnan(V a) { return _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q); }
static inline M m_and(M a, M b) { return (M)(a & b); }
static inline M m_or(M a, M b) { return (M)(a | b); }
static inline M m_not(M a) { return (M)~a; }
static inline int m_any(M a) { return a != 0; }
static inline V v_sel(M m, V a, V b) { return _mm512_mask_blend_ps(m, b, a); }

typedef __m512d VD;
#define VDLEN 8
static inline VD vd_ld(const float *p) { return _mm512_cvtps_pd(_mm256_loadu_ps(p)); }
static inline VD vd_ld_n(const float *p, size_t n)
{
    return _mm512_cvtps_pd(_mm256_maskz_loadu_ps((__mmask8)((1u << n) - 1u), p));
}
static inline VD vd_fma(VD a, VD b, VD c) { return _mm512_fmadd_pd(a, b, c); }
static inline VD vd_add(VD a, VD b) { return _mm512_add_pd(a, b); }
static inline VD vd_fma_neg(VD a, VD x, VD c)
{
    return _mm512_mask3_fmadd_pd(a, x, c, _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_LT_OQ));
}
static inline VD vd_zero(void) { return _mm512_setzero_pd(); }
static inline VD vd_fma_lo(V a, V b, VD c)
{
    return _mm512_fmadd_pd(_mm512_cvtps_pd(_mm512_castps512_ps256(a)),
                           _mm512_cvtps_pd(_mm512_castps512_ps256(b)), c);
}
static inline VD vd_fma_hi(V a, V b, VD c)
{
    return _mm512_fmadd_pd(_mm512_cvtps_pd(_mm512_extractf32x8_ps(a, 1)),
                           _mm512_cvtps_pd(_mm512_extractf32x8_ps(b, 1)), c);
}
static inline double vd_hsum(VD a)
{
    __m256d h = _mm256_add_pd(_mm512_castpd512_pd256(a), _mm512_extractf64x4_pd(a, 1));
    __m128d q = _mm_add_pd(_mm256_castpd256_pd128(h), _mm256_extractf128_pd(h, 1));
    return _mm_cvtsd_f64(_mm_add_sd(q, _mm_unpackhi_pd(q, q)));
}
static inline void vd_st(double *p, VD a) { _mm512_storeu_pd(p, a); }
static inline VD vd_ldd(const double *p) { return _mm512_loadu_pd(p); }
static inline VD vd_abs(VD a) { return _mm512_abs_pd(a); }
static inline VD vd_max(VD a, VD b) { return _mm512_max_pd(a, b); }
static inline VD vd_pow2i(VD t) { return _mm512_castsi512_pd(_mm512_slli_epi64(_mm512_castpd_si512(t), 52)); }
static inline VD vd_pow2i4(VD t)
{
    return _mm512_castsi512_pd(_mm512_slli_epi64(_mm512_srli_epi64(_mm512_castpd_si512(t), 4), 52));
}
static inline VD vd_lut16(const double *tab, VD t)
{
    return _mm512_permutex2var_pd(_mm512_loadu_pd(tab), _mm512_castpd_si512(t), _mm512_loadu_pd(tab + 8));
}
#define VD_HALVES 2
static inline VD vd_lo(V a) { return _mm512_cvtps_pd(_mm512_castps512_ps256(a)); }
static inline VD vd_hi(V a) { return _mm512_cvtps_pd(_mm512_extractf32x8_ps(a, 1)); }
static inline V v_from_vd(VD lo, VD hi)
{
    return _mm512_insertf32x8(_mm512_castps256_ps512(_mm512_cvtpd_ps(lo)), _mm512_cvtpd_ps(hi), 1);
}
static inline VD vd_set(double a) { return _mm512_set1_pd(a); }
static inline VD vd_sub(VD a, VD b) { return _mm512_sub_pd(a, b); }
static inline VD vd_mul(VD a, VD b) { return _mm512_mul_pd(a, b); }
static inline VD vd_div(VD a, VD b) { return _mm512_div_pd(a, b); }
static inline VD vd_sel_ge0(VD x, VD a, VD b)
{
    return _mm512_mask_blend_pd(_mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_GE_OQ), b, a);
}
static inline double v_hsum_d(V a)
{
    __m512d s = _mm512_add_pd(_mm512_cvtps_pd(_mm512_castps512_ps256(a)),
                              _mm512_cvtps_pd(_mm512_extractf32x8_ps(a, 1)));
    return _mm512_reduce_add_pd(s);
}
static inline float v_hmax(V a)
{
    float t[16], m;
    _mm512_storeu_ps(t, a);
    m = t[0];
    for (int i = 1; i < 16; i++) m = t[i] > m ? t[i] : m;
    return m;
}

static inline VI vi_set(uint32_t a) { return _mm512_set1_epi32((int)a); }
static inline VI vi_iota(void)
{
    return _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
}
static inline VI vi_add(VI a, VI b) { return _mm512_add_epi32(a, b); }
static inline VI vi_sub(VI a, VI b) { return _mm512_sub_epi32(a, b); }
static inline VI vi_xor(VI a, VI b) { return _mm512_xor_si512(a, b); }
static inline VI vi_mul(VI a, VI b) { return _mm512_mullo_epi32(a, b); }
/* vpmuludq multiplies the even lanes, the odd ones shifted down to them; a
 * masked vpshufd (the halves of each product swapped) interleaves them */
static inline VI vi_mul_wide(VI a, VI b, VI *hi)
{
    const __m512i ev = _mm512_mul_epu32(a, b);
    const __m512i od = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), _mm512_srli_epi64(b, 32));
    *hi = _mm512_mask_shuffle_epi32(od, (__mmask16)0x5555, ev, _MM_PERM_CDAB);
    return _mm512_mask_shuffle_epi32(ev, (__mmask16)0xAAAA, od, _MM_PERM_CDAB);
}
#define vi_srl(a, k) _mm512_srli_epi32((a), (k))
static inline V vi_to_f(VI a) { return _mm512_cvtepi32_ps(a); }
static inline V v_round(V a) { return _mm512_roundscale_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
static inline VI v_to_vi(V a) { return _mm512_cvtps_epi32(a); }
#define vi_sll(a, k) _mm512_slli_epi32((a), (k))
static inline V vi_as_v(VI a) { return _mm512_castsi512_ps(a); }
static inline V v_lut16(const float *tab, VI i) { return _mm512_permutexvar_ps(i, _mm512_loadu_ps(tab)); }

static inline VI v_as_vi(V a) { return _mm512_castps_si512(a); }
static inline VI vi_and(VI a, VI b) { return _mm512_and_si512(a, b); }
static inline VI vi_or(VI a, VI b) { return _mm512_or_si512(a, b); }
static inline M vi_eq(VI a, VI b) { return _mm512_cmpeq_epi32_mask(a, b); }
static inline M vi_none(VI a, VI b) { return _mm512_testn_epi32_mask(a, b); }
static inline M vi_gt(VI a, VI b) { return _mm512_cmpgt_epi32_mask(a, b); }
static inline M vi_gtu(VI a, VI b) { return _mm512_cmpgt_epu32_mask(a, b); }

/* bf16 and f16 storage: 16 uint16 lanes, tails by AVX-512BW masked moves */
typedef __m256i VH;
static inline VH vh_ld(const uint16_t *p) { return _mm256_loadu_si256((const __m256i *)p); }
static inline void vh_st(uint16_t *p, VH a) { _mm256_storeu_si256((__m256i *)p, a); }
static inline VH vh_ld_n(const uint16_t *p, size_t n) { return _mm256_maskz_loadu_epi16(m_first_n(n), p); }
static inline void vh_st_n(uint16_t *p, VH a, size_t n) { _mm256_mask_storeu_epi16(p, m_first_n(n), a); }
static inline VI vh_to_vi(VH h) { return _mm512_cvtepu16_epi32(h); }
static inline VH vi_to_vh(VI a) { return _mm512_cvtepi32_epi16(a); }
/* 2*VLEN uint16 as VLEN words, lane k = p[2k] | p[2k + 1] << 16 */
static inline VI vi_ld_h2(const uint16_t *p) { return _mm512_loadu_si512(p); }
static inline void vi_st_h2(uint16_t *p, VI a) { _mm512_storeu_si512(p, a); }
static inline V v_from_f16(VH h) { return _mm512_cvtph_ps(h); }
static inline VH v_to_f16(V a) { return _mm512_cvtps_ph(a, _MM_FROUND_TO_NEAREST_INT); }
#if VACT_CAP_BF16CVT
#define VACT_TARGET_BF16CVT __attribute__((target("avx512bf16")))
static inline VACT_TARGET_BF16CVT VH v_to_bf16_cvt(V a) { return (VH)_mm512_cvtneps_pbh(a); }
static inline M v_subnormal(V a) { return _mm512_fpclass_ps_mask(a, 0x20); }
#endif

static inline V sleef_exp(V a) { return Sleef_expf16_u10avx512f(a); }
static inline V sleef_expm1(V a) { return Sleef_expm1f16_u10avx512f(a); }
static inline V sleef_log1p(V a) { return Sleef_log1pf16_u10avx512f(a); }
static inline V sleef_tanh(V a) { return Sleef_tanhf16_u10avx512f(a); }
static inline V sleef_erfc(V a) { return Sleef_erfcf16_u15avx512f(a); }
static inline VD sleef_exp_d(VD a) { return Sleef_expd8_u10avx512f(a); }

#endif
