/* SPDX-License-Identifier: MIT */
/*
 * Numerical building blocks shared by every op and both tiers, written only
 * with the primitive layer of the ISA that includes it
 * (src/<isa>/simd_<isa>.h):
 *  - two-float products (hi + lo, the lo part from an FMA) and their guards;
 *  - the core of an inline expf (SLEEF's algorithm): x = q ln2 + s by
 *    Cody-Waite reduction (ln2 in two parts), e^s - 1 from a degree-7
 *    polynomial, 2^q built in the exponent field.  The FAST tier's
 *    transcendentals (tier_fast.h) are made of it, and in both tiers it gives
 *    e^x in two floats where an op needs that (mish).
 */
#ifndef VACT_KERNELS_NUMERICS_H
#define VACT_KERNELS_NUMERICS_H

#include <math.h>

#define C(k) v_set(k)

/* The rare branch of a kernel (deep lanes, overflow): kept out of line so
 * the common path inlines into the array loop with nothing around it. */
#define K_COLD __attribute__((noinline, cold))

#define K64_HI 0x1.62e43p+5f      /* 64 ln 2, high part (multiple of 2^-16) */
#define K64_LO -0x1.05c61p-23f
#define KG_HI 0x1.5b8a3p+5f       /* 64 ln 2 - ln sqrt(2 pi), high part */
#define KG_LO 0x1.bec538p-18f
#define DEEP 80.0f                /* |w| beyond which e^-|w| is scaled */

/* x*s, except that s == 0 gives a signed zero even for infinite x (the
 * limits silu(-inf) = mish(-inf) = -0); NaN x still gives NaN. */
static inline V k_mul0(V x, V s)
{
    M inf0 = m_and(v_eq(s, C(0.0f)), v_eq(v_abs(x), C(INFINITY)));
    return v_mul(v_sel(inf0, v_copysign(C(1.0f), x), x), s);
}

/* The low part lo of a two-float hi + lo, or 0 where hi is not finite (there
 * the FMA that made lo gave NaN). */
static inline V k_lo_finite(V hi, V lo)
{
    return v_sel(v_lt(v_abs(hi), C(INFINITY)), lo, C(0.0f));
}

/* Two-float product: p + *lo == a*b exactly (lo = 0 where p is not finite). */
static inline V k_mul2(V a, V b, V *lo)
{
    V p = v_mul(a, b);
    *lo = k_lo_finite(p, v_fma(a, b, v_neg(p)));
    return p;
}
/* k_mul2 without the guard: for operands whose product is known finite, and
 * for k_expneg_abs, which clears lo itself on the lanes that can overflow */
static inline V k_mul2_raw(V a, V b, V *lo)
{
    V p = v_mul(a, b);
    *lo = v_fma(a, b, v_neg(p));
    return p;
}

#define K_L2U 0.693145751953125f
#define K_L2L 1.428606765330187045e-06f
#define K_RLN2 1.442695040888963407f

/* e^s - 1 for |s| <= ln2/2 */
static inline V k_expm1_reduced(V s)
{
    V u = v_set(0.000198527617612853646278381f);
    u = v_fma(u, s, v_set(0.00139304355252534151695251f));
    u = v_fma(u, s, v_set(0.00833336077630519866943359f));
    u = v_fma(u, s, v_set(0.0416664853692054748535156f));
    u = v_fma(u, s, v_set(0.166666671633720397949219f));
    u = v_fma(u, s, v_set(0.5f));
    return v_fma(v_mul(s, s), u, s);
}

/* 2^q for an integral float q in [-126, 127], built in the exponent field */
static inline V k_pow2(V q)
{
    return vi_as_v(vi_sll(vi_add(v_to_vi(q), vi_set(127)), 23));
}

/* a*2^q, rounded once, for an integral float q in [-126, 127] (2^q normal).
 * An ISA with VACT_CAP_LDEXP has its own, which with VACT_CAP_LDEXP_FULL
 * holds for every q (AVX-512's vscalefps); both round the exact a*2^q once,
 * so they give the same bits where both hold. */
#if !VACT_CAP_LDEXP
static inline V v_ldexp(V a, V q) { return v_mul(a, k_pow2(q)); }
#endif

/* x = q ln2 + s, |s| <= ln2/2; *q receives q */
static inline V k_exp_reduce(V x, V *q)
{
    *q = v_round(v_mul(x, v_set(K_RLN2)));
    return v_fma(*q, v_set(-K_L2L), v_fma(*q, v_set(-K_L2U), x));
}

#endif
