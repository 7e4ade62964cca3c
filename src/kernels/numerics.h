/* SPDX-License-Identifier: MIT */
/*
 * Numerical building blocks shared by every op and both tiers, written only
 * with the primitive layer of the ISA that includes it
 * (src/<isa>/simd_<isa>.h):
 *  - two-float products (hi + lo, the lo part from an FMA) and their guards;
 *  - the core of an inline expf (SLEEF's algorithm): x = q ln2 + s by
 *    Cody-Waite reduction (ln2 in two parts), e^s - 1 from a degree-7
 *    polynomial, 2^q built in the exponent field.  In both tiers it gives
 *    e^x in two floats where an op needs that (k_exp2f: the backward's
 *    derivatives, mish), and the FAST tier's Phi and mish forward use it;
 *    the FAST t_exp and t_expm1 have their own shorter polynomials
 *    (tier_fast.h).
 */
#ifndef VACT_KERNELS_NUMERICS_H
#define VACT_KERNELS_NUMERICS_H

#include <math.h>

#define C(k) v_set(k)

/* The rare branch of a kernel (deep lanes, overflow): kept out of line so
 * the common path inlines into the array loop with nothing around it. */
#define K_COLD __attribute__((noinline, cold))
/* A step that must inline where the compiler's size limits would stop it
 * (kernels_avx2_fast.c holds every op's f32, bf16 and f16 drivers): a call
 * in a kernel's loop clobbers every vector register, so the loop reloads its
 * constants around it, and the call's chain of latencies cannot overlap the
 * next vector's. */
#define K_HOT inline __attribute__((always_inline))

#define K64_HI 0x1.62e43p+5f      /* 64 ln 2, high part (multiple of 2^-16) */
#define K64_LO -0x1.05c61p-23f
#define K128_HI 0x1.62e43p+6f     /* 128 ln 2: twice K64, exactly */
#define K128_LO -0x1.05c61p-22f
#define KG_HI 0x1.5b8a3p+5f       /* 64 ln 2 - ln sqrt(2 pi), high part */
#define KG_LO 0x1.bec538p-18f
#define DEEP 80.0f                /* |w| beyond which e^-|w| is scaled */
#define PHI_C_HI 0x1.988454p-2f   /* 1/sqrt(2 pi) = PHI_C_HI + PHI_C_LO */
#define PHI_C_LO -0x1.857936p-27f

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

/* m*2^-149 for v = m, an exact non-negative float below 2^24, m rounded to
 * an integer, ties to even (by the conversion itself where it rounds so,
 * VACT_CAP_CVT_RN): a subnormal result rounded once with no floating-point
 * operation that yields one (on x86 a multiplication or division with a
 * subnormal result costs several times a normal one).  The bits of the
 * integer m are that float: subnormal below 2^23, the lowest binade from
 * 2^23 up. */
#if VACT_CAP_CVT_RN
static inline V k_from_subnormal_grid(V v) { return vi_as_v(v_to_vi(v)); }
#else
static inline V k_from_subnormal_grid(V v) { return vi_as_v(v_to_vi(v_round(v))); }
#endif
/* g >= 0 with a's sign bit: one OR where copysign clears g's first */
static inline V k_or_sign(V g, V a) { return vi_as_v(vi_or(v_as_vi(g), vi_and(v_as_vi(a), vi_set(0x80000000u)))); }

/* a*2^-K rounded once, K = 64 or 128 per lane, without vscalefps.  k =
 * 2^(2 - 128 + K), the least |a| whose result is normal: below it, |a| + k
 * rounds |a| to a multiple of k's ULP, 2^(K - 149), which is the subnormal
 * grid's step scaled by 2^K (one rounding, the result's), and the sum's
 * bits less k's are the result's bits (its exponent field k's, or one more
 * where the sum rounded up to 2k: 2^-126, the least normal).  The lanes
 * with a normal result take a 2^-64 dn (exact; dn = 2^(64 - K)), with 4 a
 * normal stand-in on the others: a multiplication or division with a
 * subnormal result costs several times a normal one on x86. */
static inline V k_unscale_by(V a, V k, V dn)
{
    V aa = v_abs(a);
    M sub = v_lt(aa, k); /* NaN: no */
    V g = vi_as_v(vi_sub(v_as_vi(v_add(aa, k)), v_as_vi(k)));
    V n = v_mul(v_mul(v_sel(sub, C(4.0f), a), C(0x1p-64f)), dn);
    return v_sel(sub, k_or_sign(g, a), n);
}

/* a*2^-64 rounded once (the deep lanes' scaled results): vscalefps where
 * v_ldexp is one instruction, else k_unscale_by */
static inline V k_unscale64(V a)
{
#if VACT_CAP_LDEXP
    return v_ldexp(a, C(-64.0f));
#else
    return k_unscale_by(a, C(0x1p-62f), C(1.0f));
#endif
}

/* a*2^-128 rounded once (k_exp_deep128's scale), as k_unscale64 */
static inline V k_unscale128(V a)
{
#if VACT_CAP_LDEXP
    return v_ldexp(a, C(-128.0f));
#else
    return k_unscale_by(a, C(4.0f), C(0x1p-64f));
#endif
}

/* a*2^-64, or a*2^-128 on the lanes d2, rounded once (the scales of
 * k_scaled_arg), as k_unscale64 */
static inline V k_unscale_deep(V a, M d2)
{
#if VACT_CAP_LDEXP
    return v_ldexp(a, v_sel(d2, C(-128.0f), C(-64.0f)));
#else
    return k_unscale_by(a, v_sel(d2, C(4.0f), C(0x1p-62f)), v_sel(d2, C(0x1p-64f), C(1.0f)));
#endif
}

/* x = q ln2 + s, |s| <= ln2/2; *q receives q */
static inline V k_exp_reduce(V x, V *q)
{
    *q = v_round(v_mul(x, v_set(K_RLN2)));
    return v_fma(*q, v_set(-K_L2L), v_fma(*q, v_set(-K_L2U), x));
}

/* ---- two-float arithmetic for results that must round once --------------
 * A backward dy*f'(x) whose f' was rounded to float first carries f''s
 * relative error at double weight wherever dy*f' lands just below a power
 * of two (the result's ULP is then smallest relative to it), so its error
 * would depend on dy.  The backward ops carry f' in two floats, to well
 * under an ULP of float, and round dy*f' once (k_fold_mul, or k_fold_div
 * where f' = N/S and dy*N is formed first). */

/* s + *e == a + b exactly (any order of magnitude) */
static inline V k_two_sum(V a, V b, V *e)
{
    V s = v_add(a, b), bb = v_sub(s, a);
    *e = v_add(v_sub(a, v_sub(s, bb)), v_sub(b, bb));
    return s;
}
/* (a + al)*(b + bl) as two floats, to about 2^-46 relative (finite products) */
static inline V k_mul22(V a, V al, V b, V bl, V *lo)
{
    V p = v_mul(a, b);
    *lo = v_add(v_fma(a, b, v_neg(p)), v_fma(a, bl, v_mul(al, b)));
    return p;
}
/* (a + al) + (b + bl) as two floats */
static inline V k_add22(V a, V al, V b, V bl, V *lo)
{
    V e, s = k_two_sum(a, b, &e);
    *lo = v_add(e, v_add(al, bl));
    return s;
}
/* (mh + ml)*(nh + nl)/(sh + sl), rounded about once (s > 0 finite): one
 * division, corrected by the remainder of the two-float dividend.  An
 * overflowed product gives +-inf, a NaN operand NaN. */
static inline V k_fold_div(V mh, V ml, V nh, V nl, V sh, V sl)
{
    V ph = v_mul(mh, nh);
    V pl = v_add(v_fma(mh, nh, v_neg(ph)), v_fma(mh, nl, v_mul(ml, nh)));
    V inv = v_div(C(1.0f), sh);
    V q = v_mul(ph, inv);
    V r = v_sub(v_add(v_fma(v_neg(q), sh, ph), pl), v_mul(q, sl));
    /* q itself where it is +-0 (q + 0 would make -0 +0) or +-inf (the
     * correction is NaN there); q is finite wherever ph is */
    V y = v_sel(v_lt(v_abs(q), C(INFINITY)), v_fma(r, inv, q), q);
    return v_sel(v_eq(q, C(0.0f)), q, y);
}
/* (nh + nl)/(sh + sl) in two floats, fh + *fl, to about 2^-44 relative (s
 * finite and at least 1, n finite): one division, its remainder taken
 * exactly by an FMA and the low parts folded in to first order. */
static inline V k_div22(V nh, V nl, V sh, V sl, V *fl)
{
    V inv = v_div(C(1.0f), sh);
    V fh = v_mul(nh, inv);
    V r = v_fma(v_neg(fh), sl, v_add(v_fma(v_neg(fh), sh, nh), nl));
    *fl = v_mul(r, inv);
    return fh;
}
/* (mh + ml)*(fh + fl) rounded once, for finite f: the exact products summed
 * inside one FMA (|f| within a few units, so only a result beyond float's
 * range overflows).  mh = +-0 or +-inf gives mh*fh itself: the signed zero,
 * or +-inf (NaN for f = 0), which the low products would spoil. */
static inline V k_fold_mul2(V mh, V ml, V fh, V fl)
{
    V y = v_fma(mh, fh, v_fma(mh, fl, v_mul(ml, fh)));
    V a = v_abs(mh);
    return v_sel(v_eq(a, v_add(a, a)), v_mul(mh, fh), y);
}
/* the same for a one-float m */
static inline V k_fold_mul(V m, V fh, V fl)
{
    V y = v_fma(m, fh, v_mul(m, fl));
    V a = v_abs(m);
    return v_sel(v_eq(a, v_add(a, a)), v_mul(m, fh), y);
}
/* m*2^-64 where |m| > 2^64, and *up = the factor that undoes it (2^64 or 1):
 * a gradient near FLT_MAX times a factor of order 1 need not overflow
 * before the division that brings it back into range. */
static inline V k_prescale(V m, V *up)
{
    M big = v_gt(v_abs(m), C(0x1p64f));
    *up = v_sel(big, C(0x1p64f), C(1.0f));
    return v_mul(m, v_sel(big, C(0x1p-64f), C(1.0f)));
}
/* r*2^t for an integral float t in [-191, 128], rounded once: r*2^(t - t2)
 * is exact wherever the result is not 0 (it stays above 2^-24 when
 * t2 = -126), and the second multiplication rounds */
static inline V k_ldexp_wide(V r, V t)
{
    V t2 = v_max(C(-126.0f), v_min(C(127.0f), t));
    return v_mul(v_mul(r, k_pow2(v_sub(t, t2))), k_pow2(t2));
}
/* dy*b in two floats, mh + ml, times u1*u2 (powers of two, 1 or 2^64,
 * applied one after the other): the plain product where it is at most
 * 2^64, else the product of the prescaled factors (then mh >= 1), so that
 * neither an overflowing nor, through a needless prescale, a subnormal
 * product is carried on */
static inline V k_mul2_pre(V dy, V b, V *ml, V *u1, V *u2)
{
    V l, p = k_mul2(dy, b, &l);
    M big = m_not(v_le(v_abs(p), C(0x1p64f)));
    V sl, sp = k_mul2(k_prescale(dy, u1), k_prescale(b, u2), &sl);
    *u1 = v_sel(big, *u1, C(1.0f));
    *u2 = v_sel(big, *u2, C(1.0f));
    *ml = v_sel(big, sl, l);
    return v_sel(big, sp, p);
}
/* a lane with |m| > 2^64: the vectors whose gradients need k_prescale or
 * k_mul2_pre (the others give the same bits without them) */
static inline int k_any_big(V m) { return m_any(v_gt(v_abs(m), C(0x1p64f))); }
/* e^(a + alo) in two floats for a in [-87, 0] (NaN stays NaN), to about
 * 2^-26 relative: a = q ln2 + s exactly (s from one FMA), e^s = 1 + t with
 * 1 + t kept as u + ul, and the reduction's low part with alo folded in as
 * e^(s + sl) = e^s (1 + sl). */
static inline V k_exp2f(V a, V alo, V *lo)
{
    V q = v_round(v_mul(a, v_set(K_RLN2)));
    V s = v_fma(q, v_set(-K_L2U), a);
    V sl = v_fma(q, v_set(-K_L2L), alo);
    V t = k_expm1_reduced(s);
    V u = v_add(C(1.0f), t);
    V ul = v_add(v_sub(C(1.0f), u), t);
    *lo = v_ldexp(v_fma(u, sl, ul), q);
    return v_ldexp(u, q);
}
/* x phi(x) = x e/sqrt(2 pi) as two floats, *lo the low part, from
 * e = eh + el = e^(-x^2/2) in two floats (gelu's derivative, both tiers) */
static inline V k_x_phi(V x, V eh, V el, V *lo)
{
    V phl, ph = k_mul22(C(PHI_C_HI), C(PHI_C_LO), eh, el, &phl);
    return k_mul22(x, C(0.0f), ph, phl, lo);
}

#endif
