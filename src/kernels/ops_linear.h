/* SPDX-License-Identifier: MIT */
/*
 * The piecewise-linear ops' math, once, per vector: relu, leaky_relu (and
 * prelu's and rrelu's slopes), hardtanh, hardsigmoid, hardswish, and
 * softsign (rational).  No transcendental: both tiers give the same bits.
 *
 * op_<name>_fwd(x, p0, p1)      forward;  p0, p1 are the broadcast parameters
 * op_<name>_bwd(dy, s, p0, p1)  backward; s is the saved operand (registry)
 */
#ifndef VACT_KERNELS_OPS_LINEAR_H
#define VACT_KERNELS_OPS_LINEAR_H

static inline V op_relu_fwd(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return v_sel(v_le(x, C(0.0f)), C(0.0f), x);
}
/* The backward ops of the piecewise-linear family multiply dy by a slope,
 * and by x itself where x is NaN.  k_zero_nan(x) is a slope of 0 that keeps
 * x's NaN: min(0, |x|), one compare-and-blend fewer than testing for NaN. */
static inline V k_zero_nan(V x) { return v_min(C(0.0f), v_abs(x)); }
/* The slope of relu (a = 0), leaky_relu and prelu: 1 where x > 0, a where
 * x <= 0, x where x is NaN.  An ISA may do it in one instruction (AVX-512's
 * vfixupimmps): VACT_CAP_SLOPE, and its v_slope gives the same bits. */
#if !VACT_CAP_SLOPE
static inline V v_slope(V x, V a)
{
    return v_sel(v_gt(x, C(0.0f)), C(1.0f), v_sel(v_le(x, C(0.0f)), a, x));
}
#endif
static inline V op_relu_bwd(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return v_mul(dy, v_slope(x, C(0.0f)));
}

/* x*alpha below 0, x itself elsewhere (-0 and NaN included).  A zero slope
 * (alpha = +-0: leaky_relu, a prelu channel, rrelu with lower = upper = 0)
 * gives the limit at x = -inf, the zero that x*alpha is for every finite
 * x < 0 (-0 for alpha = +0, +0 for -0), not inf*0 = NaN: x is held to
 * -FLT_MAX there, and to -inf (nothing) for any other slope.  The bound
 * depends on alpha alone, so a loop with one slope computes it once, and
 * each vector takes a max, a compare, a multiplication and a blend. */
#define K_FLT_MAX 0x1.fffffep127f
static inline V op_leaky_relu_fwd(V x, V alpha, V p1)
{
    (void)p1;
    V lo = v_sel(v_eq(alpha, C(0.0f)), C(-K_FLT_MAX), C(-INFINITY));
    return v_sel(v_lt(x, C(0.0f)), v_mul(v_max(lo, x), alpha), x);
}
static inline V op_leaky_relu_bwd(V dy, V x, V alpha, V p1)
{
    (void)p1;
    return v_mul(dy, v_slope(x, alpha));
}

/* lo below lo, hi above hi, x itself otherwise (NaN, and a zero equal to
 * an end, whatever its sign) */
#if !VACT_CAP_CLAMP
static inline V v_clamp(V x, V lo, V hi) { return v_sel(v_lt(x, lo), lo, v_sel(v_gt(x, hi), hi, x)); }
#endif
static inline V op_hardtanh_fwd(V x, V lo, V hi) { return v_clamp(x, lo, hi); }
/* slope 1 strictly inside (lo, hi), where min(x - lo, hi - x) > 0: the sign
 * of a float difference is exact (it is 0 only for equal operands); 0 at
 * and beyond the ends, NaN for NaN x */
static inline V op_hardtanh_bwd(V dy, V x, V lo, V hi)
{
    return v_mul(dy, v_slope(v_min(v_sub(x, lo), v_sub(hi, x)), C(0.0f)));
}

/* hardsigmoid = min(max(x + 3, 0), 6)/6, PyTorch's CPU formula, operation
 * for operation (the same bits; x + 3 is exact near -3 where the result is
 * small; 1.00 ULP at most).  NaN x + 3 stays NaN through max and min. */
#define SIXTH 0x1.555556p-3f /* 1.0f/6.0f */
/* p/6 correctly rounded, as the division gives it, without one (a division
 * bounds these loops): q = p*(1/6), its remainder 6q - p exact by an FMA,
 * and one correction, which rounds correctly (Markstein: 1/6 rounded to
 * within half an ULP, q within one) wherever the quotient is normal, and
 * keeps the sign of a zero p (checked against the division over every
 * float).  Below |p| = 2^-125 a subnormal quotient can fall on a tie the
 * correction misses. */
static inline V k_div6(V p)
{
    V q = v_mul(p, C(SIXTH));
    V r = v_fma(q, C(6.0f), v_neg(p));
    return v_fma(r, C(-SIXTH), q); /* not -r: a NaN keeps its sign */
}
static inline V op_hardsigmoid_fwd(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    /* 0, or at least 2^-22 (x + 3 is a multiple of that near -3) */
    return k_div6(v_min(C(6.0f), v_max(C(0.0f), v_add(x, C(3.0f)))));
}
/* the slope is 1/6 inside (-3, 3), 0 outside: dy*(1.0f/6.0f), PyTorch's */
static inline V op_hardsigmoid_bwd(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return v_mul(dy, v_sel(v_lt(v_abs(x), C(3.0f)), C(SIXTH), k_zero_nan(x)));
}

/* hardswish = x*min(max(x + 3, 0), 6)/6, PyTorch's CPU formula, operation
 * for operation (the same bits; 1.91 ULP at most), where it has a limit:
 * x is first raised to -3 (so -inf gives -3*0/6 = -0, not NaN; every x <= -3
 * gives -0 as PyTorch's x*0/6 does), and x >= HSW_BIG, where x*6
 * overflows, gives x itself (PyTorch: inf). */
#define HSW_BIG 0x1.555556p+125f
static inline V op_hardswish_fwd(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V xc = v_max(C(-3.0f), x); /* NaN stays NaN */
    /* a division, not k_div6: p may be subnormal here (x near 0), and the
     * test for it costs more than the division saves */
    V y = v_div(v_mul(xc, v_min(C(6.0f), v_add(xc, C(3.0f)))), C(6.0f));
    return v_sel(v_ge(x, C(HSW_BIG)), x, y);
}
/* PyTorch's convention: 0 below -3, (2x + 3)/6 on [-3, 3], 1 above.  2x + 3
 * is exact near the root x = -1.5, so the factor keeps its precision there. */
static inline V op_hardswish_bwd(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V g = v_mul(v_fma(C(2.0f), x, C(3.0f)), C(SIXTH));
    g = v_sel(v_lt(x, C(-3.0f)), C(0.0f), v_sel(v_gt(x, C(3.0f)), C(1.0f), g));
    return v_mul(dy, g);
}

/* softsign: x/(1 + |x|); (dy/d)/d cannot overflow where d*d would (dy*r*r
 * with r = 1/d saves a division but rounds once more: 3.7 ULP measured). */
static inline V op_softsign_fwd(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V y = v_div(x, v_add(C(1.0f), v_abs(x)));
    return v_sel(v_eq(v_abs(x), C(INFINITY)), v_copysign(C(1.0f), x), y);
}
static inline V op_softsign_bwd(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V d = v_add(C(1.0f), v_abs(x));
    return v_div(v_div(dy, d), d);
}

/* threshold: x > threshold ? x : value; NaN x gives NaN (the compare is
 * x <= threshold, as PyTorch writes it).  Backward: dy where x > threshold,
 * dy*0 elsewhere, NaN for NaN x: the sign of x - threshold is exact. */
static inline V op_threshold_fwd(V x, V th, V value)
{
    return v_sel(v_le(x, th), value, x);
}
static inline V op_threshold_bwd(V dy, V x, V th, V p1)
{
    (void)p1;
    return v_mul(dy, v_slope(v_sub(x, th), C(0.0f)));
}

/* hardshrink: |x| > lambda ? x : +0.  Backward: dy where |x| > lambda, dy*0
 * elsewhere (both ops' backward). */
static inline V op_hardshrink_fwd(V x, V lambda, V p1)
{
    (void)p1;
    return v_sel(v_le(v_abs(x), lambda), C(0.0f), x); /* NaN x: x */
}
static inline V op_hardshrink_bwd(V dy, V x, V lambda, V p1)
{
    (void)p1;
    return v_mul(dy, v_slope(v_sub(v_abs(x), lambda), C(0.0f)));
}

/* softshrink: x - lambda above lambda, x + lambda below -lambda, +0 between
 * (NaN x: NaN); each result one rounding. */
static inline V op_softshrink_fwd(V x, V lambda, V p1)
{
    (void)p1;
    V y = v_sel(v_lt(x, v_neg(lambda)), v_add(x, lambda), k_zero_nan(x));
    return v_sel(v_gt(x, lambda), v_sub(x, lambda), y);
}
static inline V op_softshrink_bwd(V dy, V x, V lambda, V p1)
{
    return op_hardshrink_bwd(dy, x, lambda, p1);
}

/* reglu's gate: relu(a)*m, one rounding; the backward: da = (dy*relu'(a))*b
 * (relu' is 0 or 1, so one rounding, and dy*b overflowing meets no 0),
 * db = dy*relu(a). */
static inline V op_relu_gated_fwd(V a, V m)
{
    return v_mul(op_relu_fwd(a, C(0.0f), C(0.0f)), m);
}
static inline void op_relu_gated_bwd(V dy, V a, V b, V *da, V *db)
{
    *da = v_mul(op_relu_bwd(dy, a, C(0.0f), C(0.0f)), b);
    *db = v_mul(dy, op_relu_fwd(a, C(0.0f), C(0.0f)));
}

/* ---- exact residuals, for the bf16 and f16 twins -------------------------
 * op_<name>_<dir>_res gives the op's result r within one ULP of the exact
 * value (closer than any neighbouring float on the exact value's side) and
 * a residual e whose sign is that of exact - r (e = 0 where r is exact), so
 * that the twins round correctly with no window (drive_storage.inc's
 * storage_odd).  The residuals are remainders that FMA forms exactly: of a
 * product, a*b - RN(a*b), exact where |a*b| >= 2^-96 (the exponents of a
 * and b sum to more than -103; a product that rounds to 0 needs none: 0 is
 * also its rounding to the type), and of a quotient by 6.  The inputs of the
 * twins have at most 11 significant bits, so x + 3 and 2x + 3 are exact
 * unless |x| < 2^-12; that is tested, not assumed.  The lanes where any of
 * this fails come back in *loose, with results of no use: the twin takes
 * the op's own result there and tests it against its window, as for an op
 * with no residual.  OP_RES_<name>_<dir> marks which forms exist. */
#define RES_TINY 0x1p-96f
/* 0 < |r| < 2^-96: where a nonzero product's remainder may not be exact */
static inline M k_res_tiny(V r)
{
    return m_and(v_lt(v_abs(r), C(RES_TINY)), v_gt(v_abs(r), C(0.0f)));
}
static inline V k_mul_res(V a, V b, V *e, M *loose)
{
    const V r = v_mul(a, b);
    *e = v_fma(a, b, v_neg(r));
    *loose = k_res_tiny(r);
    return r;
}
/* a*b/6 for a product of floats with no division: p = RN(a*b) and its
 * remainder negated, m = p - a*b (exact), give r = RN(p*SIXTH - m*SIXTH),
 * within one ULP of a*b/6 (no float lies strictly between them): SIXTH's
 * excess (2^-25 relative) is under half an ULP, the rounding adds at most
 * half and m*SIXTH's own rounding 2^-48 of the product.  m is taken
 * negated and scaled by -SIXTH so that a -0 product keeps its sign (-0 +
 * -0; +0 + -0 would lose it).  The remainder p - 6r is exact (a multiple
 * of the smaller of ulp(p) and 2 ulp(r), at most 6.5 ulp(r)), and e =
 * (p - 6r) - m, rounded once, has the sign of a*b - 6r, 0 where r is exact.
 * Where the callers use it, the product's remainder is representable (no
 * underflow) and nothing overflows. */
static inline V k_sixth_res(V a, V b, V *e)
{
    const V p = v_mul(a, b), m = v_fma(v_neg(a), b, p);
    const V r = v_fma(p, C(SIXTH), v_mul(m, C(-SIXTH)));
    *e = v_sub(v_fma(v_neg(r), C(6.0f), p), m);
    return r;
}

#define OP_RES_leaky_relu_fwd ~, 1
static inline V op_leaky_relu_fwd_res(V x, V alpha, V p1, V *e, M *loose)
{
    (void)p1;
    const V xa = v_sel(v_eq(alpha, C(0.0f)), v_max(C(-K_FLT_MAX), x), x);
    const V r = k_mul_res(xa, alpha, e, loose);
    const M pos = v_ge(x, C(0.0f));
    *e = v_sel(pos, C(0.0f), *e);
    *loose = m_and(*loose, m_not(pos));
    return v_sel(pos, x, r);
}
#define OP_RES_leaky_relu_bwd ~, 1
static inline V op_leaky_relu_bwd_res(V dy, V x, V alpha, V p1, V *e, M *loose)
{
    (void)p1;
    return k_mul_res(dy, v_slope(x, alpha), e, loose);
}

/* Product forms: where the op's result is exactly a*b, its f32 rounding
 * r = a*b bit for bit, the twins round a*b to the type with no remainder
 * to test (drive_storage.inc's v_to_<type>_prod: f16 in one FMA, bf16 from
 * r, marking the lanes on a midpoint that can mislead).
 * OP_PROD_<name>_<dir> marks them. */
/* the twins' hint (drive_storage.inc's v_to_bf16_prod_w): every slope
 * factor (1, alpha, 0, NaN) has a short significand, 16 bits or fewer,
 * where alpha's low eight bits are 0 */
static inline int op_leaky_relu_prod_short(float alpha)
{
    uint32_t b;
    memcpy(&b, &alpha, sizeof b);
    return !(b & 0xffu);
}
#define OP_PROD_leaky_relu_fwd ~, 1
static inline void op_leaky_relu_fwd_prod(V x, V alpha, V p1, V *a, V *b)
{
    (void)p1;
    *a = v_sel(v_eq(alpha, C(0.0f)), v_max(C(-K_FLT_MAX), x), x);
    *b = v_sel(v_ge(x, C(0.0f)), C(1.0f), alpha);
}
#define OP_PROD_leaky_relu_bwd ~, 1
static inline void op_leaky_relu_bwd_prod(V dy, V x, V alpha, V p1, V *a, V *b)
{
    (void)p1;
    *a = dy;
    *b = v_slope(x, alpha);
}

/* (x + 3)/6 where x + 3 is exact (tested: s - 3 = x), else clamped to 0 or
 * 1 (exact) or x tiny (loose).  r = t*SIXTH is within one ULP of t/6 on
 * the side that matters: SIXTH's excess (2^-25 relative) is under half an
 * ULP of r, and so under a whole ULP of the binade below at a power of
 * two; the rounding adds at most half.  t >= 2^-9 where it is used, so
 * the remainder t - 6r is exact. */
#define OP_RES_hardsigmoid_fwd ~, 1
static inline V op_hardsigmoid_fwd_res(V x, V p0, V p1, V *e, M *loose)
{
    (void)p0; (void)p1;
    const V s = v_add(x, C(3.0f));
    const V t = v_min(C(6.0f), v_max(C(0.0f), s));
    const V r = v_mul(t, C(SIXTH));
    *e = v_fma(v_neg(r), C(6.0f), t);
    *loose = v_ne(v_sub(s, C(3.0f)), x);
    return r;
}
/* dy/6 where |x| < 3 (else dy*0, NaN for NaN x), op_hardsigmoid_bwd's
 * r = dy*SIXTH: within one ULP of dy/6 on the side that matters, as above,
 * subnormal r included (SIXTH's excess is then far below an ULP), and the
 * remainder dy - 6r is exact (dy and 6r are multiples of r's ULP, at most
 * a few apart).  Loose: NaN results only. */
#define OP_RES_hardsigmoid_bwd ~, 1
static inline V op_hardsigmoid_bwd_res(V dy, V x, V p0, V p1, V *e, M *loose)
{
    const M in = v_lt(v_abs(x), C(3.0f));
    const V r = op_hardsigmoid_bwd(dy, x, p0, p1);
    *e = v_sel(in, v_fma(v_neg(r), C(6.0f), dy), C(0.0f));
    *loose = v_isnan(r);
    return r;
}
/* x/d, d = 1 + |x| exact (tested: d - 1 = |x|), rounded once by the
 * division, so r is the correctly rounded quotient and its remainder x - r*d
 * is exact (one FMA) with the sign of x/d - r.  Loose: d inexact (|x| below
 * 2^-16 for bf16, 2^-13 for f16, and from 2^24), +-inf and NaN. */
#define OP_RES_softsign_fwd ~, 1
static inline V op_softsign_fwd_res(V x, V p0, V p1, V *e, M *loose)
{
    (void)p0; (void)p1;
    const V ax = v_abs(x), d = v_add(C(1.0f), ax), r = v_div(x, d);
    *e = v_fma(v_neg(r), d, x);
    *loose = m_or(v_ne(v_sub(d, C(1.0f)), ax), v_ge(ax, C(INFINITY)));
    return r;
}
/* xc*min(xc + 3, 6)/6 with xc = max(x, -3): -0 at and below -3, x*6/6 = x
 * at and above 3 (SIXTH's excess is under half an ULP of x, and the
 * remainder is then exactly 0), op_hardswish_fwd's values.  Loose: x + 3
 * inexact, which covers every x whose result is below 2^-96 (|x| <
 * 2^-95) and NaN, and x >= HSW_BIG, where x*6 overflows */
#define OP_RES_hardswish_fwd ~, 1
static inline V op_hardswish_fwd_res(V x, V p0, V p1, V *e, M *loose)
{
    (void)p0; (void)p1;
    const V xc = v_max(C(-3.0f), x), t = v_add(xc, C(3.0f));
    *loose = m_or(v_ne(v_sub(t, C(3.0f)), xc), v_ge(x, C(HSW_BIG)));
    return k_sixth_res(xc, v_min(t, C(6.0f)), e);
}
/* Direct forms, for the twins' forwards: an f32 formula whose result r,
 * rounded to bf16 or f16 as a conversion would, is that type's correctly
 * rounded value for every input of the type outside the loose lanes, so
 * that the main loops need no remainder, no midpoint test and no window
 * (drive_storage.inc).  A forward of one 16-bit argument has 2^16 inputs:
 * the tests check every one of both types on every path and tier, and
 * that is the proof (OP_DIRECT_<name>_fwd; the loose lanes take the
 * residual form).
 * hardswish: xc*(min(xc + 3, 6)*SIXTH) with xc = max(x, -3).  -0 at and
 * below -3, x*1 = x at and above 3 (6*SIXTH rounds to 1; no overflow), and
 * between, two roundings that land on the right side of the types' every
 * midpoint (xc*t/6, PyTorch's, does too; xc*min(max(fma(xc, SIXTH, 1/2),
 * 0), 1) does not for f16).
 * Loose: x + 3 inexact, as above: every x with 0 < |x| < 2^-22 (and
 * more), which takes in those that fail, x/2 a tie of the type below its
 * normal range with x^2/6 beyond it (bf16's |x| < 2^-125, f16's 2^-24);
 * the huge and NaN. */
#define OP_DIRECT_hardswish_fwd ~, 1
static inline V op_hardswish_fwd_direct(V x, V p0, V p1, M *loose)
{
    (void)p0; (void)p1;
    const V xc = v_max(C(-3.0f), x), t = v_add(xc, C(3.0f));
    *loose = v_ne(v_sub(t, C(3.0f)), xc);
    return v_mul(xc, v_mul(v_min(t, C(6.0f)), C(SIXTH)));
}
/* softsign's and hardsigmoid's f32 forwards are direct forms as they are.
 * Each is one correctly rounded quotient of short operands where those are
 * exact: x/(1 + |x|), 1 + |x| exact for |x| in [2^-13, 2^24) (bf16's from
 * 2^-16); t/6 (k_div6) with t = x + 3 exact from |x| = 2^-12 up.  Rounding
 * it again to the type could go wrong only from r exactly on a midpoint,
 * which no input reaches; where an operand is inexact the exact result is
 * within x^2 of x, 2^-24 of +-1 or |x|/6 of 1/2, and r rounds to that
 * value as it does.  Checked over every input of both types by the tests.
 * Loose: NaN (bf16's rounding here has no NaN case). */
#define OP_DIRECT_AS_F32(name)                                                    \
    static inline V op_##name##_fwd_direct(V x, V p0, V p1, M *loose)             \
    {                                                                             \
        const V r = op_##name##_fwd(x, p0, p1);                                   \
        *loose = v_isnan(r);                                                      \
        return r;                                                                 \
    }
#define OP_DIRECT_softsign_fwd ~, 1
OP_DIRECT_AS_F32(softsign)
#define OP_DIRECT_hardsigmoid_fwd ~, 1
OP_DIRECT_AS_F32(hardsigmoid)
/* hardswish's backward factor w = 6*f': 0 below -3, 6 above 3, 2x + 3
 * between; *inexact the lanes where 2x + 3 is */
static inline V k_hardswish_w(V x, M *inexact)
{
    const V u = v_fma(C(2.0f), x, C(3.0f));
    *inexact = v_ne(v_sub(u, C(3.0f)), v_add(x, x));
    return v_sel(v_lt(x, C(-3.0f)), C(0.0f), v_sel(v_gt(x, C(3.0f)), C(6.0f), u));
}
/* dy*w/6, w = 0 below -3, 6 above 3 and 2x + 3 between (2x + 3 exact:
 * tested): dy*0, dy and dy*(2x + 3)/6, as op_hardswish_bwd.  Loose: 2x + 3
 * inexact; r NaN (a NaN input, or an infinite product, whose remainder is
 * infinite: r = inf - inf); 0 < |r| < 2^-96, where the product's remainder
 * may not be exact.  A product so small that r rounds to 0 rounds to 0 in
 * the type too, with its sign, and a zero dy or w gives an exact 0. */
#define OP_RES_hardswish_bwd ~, 1
static inline V op_hardswish_bwd_res(V dy, V x, V p0, V p1, V *e, M *loose)
{
    (void)p0; (void)p1;
    M uin;
    const V w = k_hardswish_w(x, &uin);
    const V r = k_sixth_res(dy, w, e);
    *loose = m_or(uin, m_or(v_isnan(r), k_res_tiny(r)));
    return r;
}

/* The direct form of hardswish's backward: r = p/6, p = RN(dy*w) (w as
 * above), rounded once by the division.  Where p is exact (its FMA
 * remainder is 0), 2x + 3 too, and |p| is 0 or at least 2^-96: p = P*2^k
 * with P an integer below 2^24, and |r| < 2^(k + 22), so in units of r's
 * last place p/6 is N/3 with N = P*2^j, j >= 1.  Where 3 does not divide
 * N, the nearest integer, (N - 1)/3 or (N + 1)/3, is odd (N is even): r is
 * odd, on no midpoint of the type (every one is an even float; r is
 * normal) and on the exact value's side of each (none lies between a value
 * and its rounding).  Where it does, r is exact.  Either way r's rounding
 * to the type is the correctly rounded result.
 * *inexact: p or 2x + 3 inexact (NaN and overflow among them).  There r
 * is three correct roundings away from the exact value, relative 3*2^-24
 * (to within 2^-45 of itself; nothing is subnormal where |p| >= 2^-96),
 * and a window of 2*rho = 3 takes in every lane that may round the wrong
 * way (STORAGE_DIRECT_W_<name>_bwd).  *loose: 0 < |p| < 2^-96.
 * bf16's dy has eight significant bits, and p is inexact only where |x| <
 * 2^-6 (one lane in 900 for x ~ N(0, 1)): its twins hand those lanes to
 * the residual form.  f16's has eleven, which makes p inexact in 7% of
 * those lanes: its twins test them against the window and settle the few
 * inside; and f16's products are never tiny (|dy| >= 2^-24 or 0, |w| >=
 * 2^-22 or 0). */
#define OP_DIRECT_hardswish_bwd ~, 1
#define STORAGE_DIRECT_W_hardswish_bwd 3.0f
static inline V op_hardswish_bwd_direct(V dy, V x, V p0, V p1, M *loose, M *inexact)
{
    (void)p0; (void)p1;
    M uin;
    const V w = k_hardswish_w(x, &uin);
    const V p = v_mul(dy, w);
    *inexact = m_or(v_ne(v_fma(dy, w, v_neg(p)), C(0.0f)), uin);
    *loose = k_res_tiny(p);
    return v_div(p, C(6.0f));
}

/* softshrink's x -+ lambda (lambda finite, >= 0), x - copysign(lambda, x)
 * as op_softshrink_fwd forms it where |x| > lambda, so its remainder
 * (x - r) -+ lambda is exact (Fast2Sum); +0 between (exact).  Loose: NaN
 * x only (its r is of no use). */
#define OP_RES_softshrink_fwd ~, 1
static inline V op_softshrink_fwd_res(V x, V lambda, V p1, V *e, M *loose)
{
    (void)p1;
    const M out = v_gt(v_abs(x), lambda);
    const V l = vi_as_v(vi_or(v_as_vi(lambda), vi_and(v_as_vi(x), vi_set(0x80000000u))));
    const V r = v_sub(x, l);
    *e = v_sel(out, v_sub(v_sub(x, r), l), C(0.0f));
    *loose = v_isnan(x);
    return v_sel(out, r, C(0.0f));
}
/* Its direct form: r = x -+ lambda rounded once (the f32 forward's own),
 * which lies on the exact difference's side of every midpoint of either
 * type but one it sits on exactly (every midpoint is a float); the twins'
 * main loops mark the lanes on one as loose too (OP_DIRECT_MID_<name>_<dir>,
 * the type's own test).  Loose here: NaN x. */
#define OP_DIRECT_softshrink_fwd ~, 1
#define OP_DIRECT_MID_softshrink_fwd ~, 1
static inline V op_softshrink_fwd_direct(V x, V lambda, V p1, M *loose)
{
    *loose = v_isnan(x);
    return op_softshrink_fwd(x, lambda, p1);
}

/* reglu's gate and its backward as products with their residuals */
#define OP_RES_relu_gated ~, 1
static inline V op_relu_gated_fwd_res(V a, V m, V *e, M *loose)
{
    return k_mul_res(op_relu_fwd(a, C(0.0f), C(0.0f)), m, e, loose);
}
static inline void op_relu_gated_bwd_res(V dy, V a, V b, V *da, V *ea, M *la, V *db, V *eb,
                                         M *lb)
{
    *da = k_mul_res(op_relu_bwd(dy, a, C(0.0f), C(0.0f)), b, ea, la);
    *db = k_mul_res(dy, op_relu_fwd(a, C(0.0f), C(0.0f)), eb, lb);
}

/* (products: dy*slope is dy, a signed 0 or NaN, exactly) */
#define OP_PROD_relu_gated ~, 1
static inline void op_relu_gated_fwd_prod(V a, V m, V *fa, V *fb)
{
    *fa = op_relu_fwd(a, C(0.0f), C(0.0f));
    *fb = m;
}
static inline void op_relu_gated_bwd_prod(V dy, V a, V b, V *aa, V *ab, V *ba, V *bb)
{
    *aa = op_relu_bwd(dy, a, C(0.0f), C(0.0f));
    *ab = b;
    *ba = dy;
    *bb = op_relu_fwd(a, C(0.0f), C(0.0f));
}

#endif
