/* SPDX-License-Identifier: MIT */
/* Primitive layer of the AVX2+FMA path (contracts: src/scalar/simd_scalar.h).
 * Masks are all-ones/all-zeros float lanes; tails use vmaskmovps, which
 * neither reads nor faults on masked-off lanes.  F16C (detected with the
 * path) converts f16; bf16 is converted with integer shifts. */
#ifndef VACT_SIMD_AVX2_H
#define VACT_SIMD_AVX2_H

#include <immintrin.h>
#include <stdint.h>
#include <string.h>
#include <sleef.h>

#define VACT_ISA_SUFFIX avx2
#define VLEN 8

/* Capabilities: v_clamp and the rounding conversion (cvtps2dq follows
 * MXCSR, round-to-nearest in every kernel); a 16-entry lookup is no single
 * permute here. */
#define VACT_CAP_LDEXP 0
#define VACT_CAP_LDEXP_FULL 0
#define VACT_CAP_SLOPE 0
#define VACT_CAP_LUT16 0
#define VACT_CAP_CLAMP 1
#define VACT_CAP_CVT_RN 1
#define VACT_CAP_BF16CVT 0
#define VACT_CAP_VD_LUT16 0

typedef __m256 V;
typedef __m256i VI;
typedef __m256 M;

static inline __m256i vact_avx2_tailmask(size_t n)
{
    static const int32_t t[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    return _mm256_loadu_si256((const __m256i *)(t + 8 - n));
}

static inline V v_set(float a) { return _mm256_set1_ps(a); }
static inline V v_ld(const float *p) { return _mm256_loadu_ps(p); }
static inline void v_st(float *p, V a) { _mm256_storeu_ps(p, a); }
static inline V v_ld_n(const float *p, size_t n) { return _mm256_maskload_ps(p, vact_avx2_tailmask(n)); }
static inline void v_st_n(float *p, V a, size_t n) { _mm256_maskstore_ps(p, vact_avx2_tailmask(n), a); }

static inline V v_add(V a, V b) { return _mm256_add_ps(a, b); }
static inline V v_sub(V a, V b) { return _mm256_sub_ps(a, b); }
static inline V v_mul(V a, V b) { return _mm256_mul_ps(a, b); }
static inline V v_div(V a, V b) { return _mm256_div_ps(a, b); }
static inline V v_fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
/* GCC and Clang vector negation (a sign flip), which they fold into
 * vfnmadd/vfmsub where an fma takes it */
static inline V v_neg(V a) { return -a; }
static inline V v_abs(V a) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), a); }
/* maxps/minps return the second operand when either is NaN */
static inline V v_max(V a, V b) { return _mm256_max_ps(a, b); }
static inline V v_min(V a, V b) { return _mm256_min_ps(a, b); }
/* maxps/minps return their second operand on NaN and on equal zeros: x's
 * own value in both cases, as ops_linear.h's v_clamp gives */
static inline V v_clamp(V x, V lo, V hi) { return _mm256_min_ps(hi, _mm256_max_ps(lo, x)); }
static inline V v_copysign(V mag, V sgn)
{
    const V s = _mm256_set1_ps(-0.0f);
    return _mm256_or_ps(_mm256_andnot_ps(s, mag), _mm256_and_ps(s, sgn));
}

static inline M v_lt(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
static inline M v_le(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_LE_OQ); }
static inline M v_gt(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
static inline M v_ge(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_GE_OQ); }
static inline M v_eq(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_EQ_OQ); }
/* not v_eq: true where a != b or either is NaN, one compare */
static inline M v_ne(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_NEQ_UQ); }
static inline M v_isnan(V a) { return _mm256_cmp_ps(a, a, _CMP_UNORD_Q); }
static inline M m_and(M a, M b) { return _mm256_and_ps(a, b); }
static inline M m_or(M a, M b) { return _mm256_or_ps(a, b); }
static inline M m_not(M a) { return _mm256_xor_ps(a, _mm256_castsi256_ps(_mm256_set1_epi32(-1))); }
static inline int m_any(M a) { return _mm256_movemask_ps(a) != 0; }
static inline M m_first_n(size_t n) { return _mm256_castsi256_ps(vact_avx2_tailmask(n < 8 ? n : 8)); }
static inline V v_sel(M m, V a, V b) { return _mm256_blendv_ps(b, a, m); }

typedef __m256d VD;
#define VDLEN 4
static inline VD vd_ld(const float *p) { return _mm256_cvtps_pd(_mm_loadu_ps(p)); }
static inline VD vd_ld_n(const float *p, size_t n)
{
    return _mm256_cvtps_pd(_mm_maskload_ps(p, _mm256_castsi256_si128(vact_avx2_tailmask(n))));
}
static inline VD vd_fma(VD a, VD b, VD c) { return _mm256_fmadd_pd(a, b, c); }
static inline VD vd_add(VD a, VD b) { return _mm256_add_pd(a, b); }
static inline VD vd_fma_neg(VD a, VD x, VD c)
{
    return _mm256_blendv_pd(c, _mm256_fmadd_pd(a, x, c),
                            _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_LT_OQ));
}
static inline VD vd_zero(void) { return _mm256_setzero_pd(); }
static inline VD vd_fma_lo(V a, V b, VD c)
{
    return _mm256_fmadd_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(a)),
                           _mm256_cvtps_pd(_mm256_castps256_ps128(b)), c);
}
static inline VD vd_fma_hi(V a, V b, VD c)
{
    return _mm256_fmadd_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(a, 1)),
                           _mm256_cvtps_pd(_mm256_extractf128_ps(b, 1)), c);
}
static inline void vd_st(double *p, VD a) { _mm256_storeu_pd(p, a); }
static inline VD vd_ldd(const double *p) { return _mm256_loadu_pd(p); }
static inline VD vd_abs(VD a) { return _mm256_andnot_pd(_mm256_set1_pd(-0.0), a); }
static inline VD vd_max(VD a, VD b) { return _mm256_max_pd(a, b); }
static inline VD vd_pow2i(VD t) { return _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_castpd_si256(t), 52)); }
#define VD_HALVES 2
static inline VD vd_lo(V a) { return _mm256_cvtps_pd(_mm256_castps256_ps128(a)); }
static inline VD vd_hi(V a) { return _mm256_cvtps_pd(_mm256_extractf128_ps(a, 1)); }
static inline V v_from_vd(VD lo, VD hi)
{
    return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(lo)), _mm256_cvtpd_ps(hi), 1);
}
static inline VD vd_set(double a) { return _mm256_set1_pd(a); }
static inline VD vd_sub(VD a, VD b) { return _mm256_sub_pd(a, b); }
static inline VD vd_mul(VD a, VD b) { return _mm256_mul_pd(a, b); }
static inline VD vd_div(VD a, VD b) { return _mm256_div_pd(a, b); }
static inline VD vd_sel_ge0(VD x, VD a, VD b)
{
    return _mm256_blendv_pd(b, a, _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_GE_OQ));
}
static inline double vd_hsum(VD a)
{
    __m128d t = _mm_add_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
    return _mm_cvtsd_f64(_mm_add_sd(t, _mm_unpackhi_pd(t, t)));
}
static inline double v_hsum_d(V a)
{
    __m256d s = _mm256_add_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(a)),
                              _mm256_cvtps_pd(_mm256_extractf128_ps(a, 1)));
    __m128d t = _mm_add_pd(_mm256_castpd256_pd128(s), _mm256_extractf128_pd(s, 1));
    return _mm_cvtsd_f64(_mm_add_sd(t, _mm_unpackhi_pd(t, t)));
}
static inline float v_hmax(V a)
{
    float t[8], m;
    _mm256_storeu_ps(t, a);
    m = t[0];
    for (int i = 1; i < 8; i++) m = t[i] > m ? t[i] : m;
    return m;
}

static inline VI vi_set(uint32_t a) { return _mm256_set1_epi32((int)a); }
static inline VI vi_iota(void) { return _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7); }
static inline VI vi_add(VI a, VI b) { return _mm256_add_epi32(a, b); }
static inline VI vi_sub(VI a, VI b) { return _mm256_sub_epi32(a, b); }
static inline VI vi_xor(VI a, VI b) { return _mm256_xor_si256(a, b); }
static inline VI vi_mul(VI a, VI b) { return _mm256_mullo_epi32(a, b); }
/* vpmuludq multiplies the even lanes; the odd ones shifted down to them */
static inline VI vi_mul_wide(VI a, VI b, VI *hi)
{
    const __m256i ev = _mm256_mul_epu32(a, b);
    const __m256i od = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), _mm256_srli_epi64(b, 32));
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(ev, 32), od, 0xAA);
    return _mm256_blend_epi32(ev, _mm256_slli_epi64(od, 32), 0xAA);
}
#define vi_srl(a, k) _mm256_srli_epi32((a), (k))
static inline V vi_to_f(VI a) { return _mm256_cvtepi32_ps(a); }
static inline V v_round(V a) { return _mm256_round_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
static inline VI v_to_vi(V a) { return _mm256_cvtps_epi32(a); }
#define vi_sll(a, k) _mm256_slli_epi32((a), (k))
static inline V vi_as_v(VI a) { return _mm256_castsi256_ps(a); }
/* one vpermps, its table a memory operand */
static inline V v_lut8(const float *tab, VI i) { return _mm256_permutevar8x32_ps(_mm256_loadu_ps(tab), i); }
static inline V v_lut16(const float *tab, VI i)
{
    V lo = _mm256_permutevar8x32_ps(_mm256_loadu_ps(tab), i);
    V hi = _mm256_permutevar8x32_ps(_mm256_loadu_ps(tab + 8), i);
    return _mm256_blendv_ps(lo, hi, _mm256_castsi256_ps(_mm256_cmpgt_epi32(i, _mm256_set1_epi32(7))));
}

static inline VI v_as_vi(V a) { return _mm256_castps_si256(a); }
static inline VI vi_and(VI a, VI b) { return _mm256_and_si256(a, b); }
static inline VI vi_or(VI a, VI b) { return _mm256_or_si256(a, b); }
static inline M vi_eq(VI a, VI b) { return _mm256_castsi256_ps(_mm256_cmpeq_epi32(a, b)); }
static inline M vi_none(VI a, VI b) { return vi_eq(vi_and(a, b), _mm256_setzero_si256()); }
static inline M vi_gt(VI a, VI b) { return _mm256_castsi256_ps(_mm256_cmpgt_epi32(a, b)); }
static inline M vi_gtu(VI a, VI b) /* signed, both biased by 2^31 */
{
    const __m256i s = _mm256_set1_epi32(INT32_MIN);
    return _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_xor_si256(a, s), _mm256_xor_si256(b, s)));
}

/* bf16 and f16 storage: 8 uint16 lanes.  No 16-bit masked access before
 * AVX-512BW, so a tail goes through a zeroed stack vector. */
typedef __m128i VH;
static inline VH vh_ld(const uint16_t *p) { return _mm_loadu_si128((const __m128i *)p); }
static inline void vh_st(uint16_t *p, VH a) { _mm_storeu_si128((__m128i *)p, a); }
static inline VH vh_ld_n(const uint16_t *p, size_t n)
{
    uint16_t t[8] = {0};
    memcpy(t, p, n * sizeof *p);
    return vh_ld(t);
}
static inline void vh_st_n(uint16_t *p, VH a, size_t n)
{
    uint16_t t[8];
    vh_st(t, a);
    memcpy(p, t, n * sizeof *p);
}
static inline VI vh_to_vi(VH h) { return _mm256_cvtepu16_epi32(h); }
/* 2*VLEN uint16 as VLEN words, lane k = p[2k] | p[2k + 1] << 16 */
static inline VI vi_ld_h2(const uint16_t *p) { return _mm256_loadu_si256((const __m256i *)p); }
static inline void vi_st_h2(uint16_t *p, VI a) { _mm256_storeu_si256((__m256i *)p, a); }
static inline VH vi_to_vh(VI a) /* lanes < 2^16: vpackusdw saturates */
{
    return _mm_packus_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
}
static inline V v_from_f16(VH h) { return _mm256_cvtph_ps(h); }
static inline VH v_to_f16(V a) { return _mm256_cvtps_ph(a, _MM_FROUND_TO_NEAREST_INT); }

static inline V sleef_exp(V a) { return Sleef_expf8_u10avx2(a); }
static inline V sleef_expm1(V a) { return Sleef_expm1f8_u10avx2(a); }
static inline V sleef_log1p(V a) { return Sleef_log1pf8_u10avx2(a); }
static inline V sleef_tanh(V a) { return Sleef_tanhf8_u10avx2(a); }
static inline V sleef_erfc(V a) { return Sleef_erfcf8_u15avx2(a); }
static inline VD sleef_exp_d(VD a) { return Sleef_expd4_u10avx2(a); }

#endif
