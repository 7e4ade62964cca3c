/* SPDX-License-Identifier: MIT */
/*
 * f16 and bf16 bit conversions in plain C: the scalar path's f16
 * primitives (src/scalar/simd_scalar.h) and the one rounding from double
 * of the precise fix-up (src/precise.c).  Integer arithmetic only, so they follow
 * no rounding mode and raise no floating-point flag: round to nearest even
 * by construction, subnormals of the type produced, +-inf only beyond the
 * type's range, NaN kept quiet with its sign and the top bits of its
 * payload (what F16C's vcvtps2ph and NEON's fcvt do).
 */
#ifndef VACT_HALF_H
#define VACT_HALF_H

#include <stdint.h>
#include <string.h>

/* The leading bit's position of m != 0. */
static inline int vact_msb64(uint64_t m)
{
#if defined(__GNUC__)
    return 63 - __builtin_clzll(m);
#else
    int b = 0;
    while (m >>= 1)
        b++;
    return b;
#endif
}

/* m*2^s (m != 0, m < 2^63) rounded to nearest even in a binary format of p
 * significant bits whose smallest normal is 2^emin: the bits of the
 * magnitude, `inf` (the format's infinity) where the rounded value is
 * beyond its range.  Below 2^emin the format's grid is 2^(emin-p+1) apart,
 * so fewer bits are kept there (gradual underflow).  sticky: the sign of a
 * residual below m*2^s's last bit (the magnitude is a little more: > 0, a
 * little less: < 0), which decides what would otherwise be a tie. */
static inline uint32_t vact_round_bits(uint64_t m, int s, int p, int emin, uint32_t inf,
                                       int sticky)
{
    const int lead = vact_msb64(m), e = lead + s; /* the value's exponent */
    /* the bits to drop: those below p significant ones, or below the
     * subnormal grid */
    const int k = lead + 1 - p + (e < emin ? emin - e : 0);
    uint64_t q;
    if (k <= 0)
        q = m << -k;
    else if (k >= 64)
        q = 0; /* m < 2^63 <= 2^(k-1): below half of the grid's step */
    else {
        const uint64_t rem = m & ((UINT64_C(1) << k) - 1), half = UINT64_C(1) << (k - 1);
        const int up = rem == half ? (sticky ? sticky > 0 : (int)((m >> k) & 1)) : rem > half;
        q = (m >> k) + (uint64_t)up;
    }
    /* normal: the exponent field over q's leading bit (a carry of q into
     * 2^p moves on to the next exponent by itself); subnormal: q alone */
    const uint64_t bits = e >= emin ? ((uint64_t)(e - emin) << (p - 1)) + q : q;
    return bits >= inf ? inf : (uint32_t)bits;
}

static inline uint32_t vact_f32_bits(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}
static inline float vact_bits_f32(uint32_t b)
{
    float f;
    memcpy(&f, &b, 4);
    return f;
}

static inline uint16_t vact_f16_of_f32(float f)
{
    const uint32_t b = vact_f32_bits(f), a = b & 0x7fffffffu;
    const uint16_t s = (uint16_t)((b >> 16) & 0x8000u);
    if (a > 0x7f800000u)
        return (uint16_t)(s | 0x7e00u | ((a >> 13) & 0x3ffu));
    if (a >= 0x7f800000u)
        return (uint16_t)(s | 0x7c00u);
    if (!a)
        return s;
    const uint32_t e = a >> 23, frac = a & 0x7fffffu;
    return (uint16_t)(s | vact_round_bits(e ? frac | 0x800000u : frac, e ? (int)e - 150 : -149,
                                          11, -14, 0x7c00u, 0));
}
static inline float vact_f32_of_f16(uint16_t h)
{
    const uint32_t s = (uint32_t)(h & 0x8000u) << 16, e = (h >> 10) & 31u, m = h & 0x3ffu;
    if (e == 31)
        return vact_bits_f32(s | 0x7f800000u | (m << 13) | (m ? 0x400000u : 0u));
    if (e == 0) /* 0 or subnormal: m*2^-24, exact in f32 */
        return vact_bits_f32(s | vact_f32_bits((float)m * 0x1p-24f));
    return vact_bits_f32(s | ((e + 112u) << 23) | (m << 13));
}

/* d + lo (|lo| below half d's last bit: it only breaks ties) -> bf16 or f16
 * with one rounding, never through f32, whose own rounding could land on a
 * midpoint of the type */
static inline uint16_t vact_half_of_double(double d, double lo, int p, int emin, uint32_t inf)
{
    uint64_t b;
    memcpy(&b, &d, 8);
    const uint16_t s = (uint16_t)((b >> 48) & 0x8000u);
    const uint64_t a = b & ~(UINT64_C(1) << 63);
    const uint32_t qnan = inf | (UINT32_C(1) << (p - 2));
    if (a > UINT64_C(0x7ff0000000000000))
        return (uint16_t)(s | qnan);
    if (a == UINT64_C(0x7ff0000000000000))
        return (uint16_t)(s | inf);
    if (!a)
        return s;
    const uint64_t e = a >> 52, frac = a & ((UINT64_C(1) << 52) - 1);
    const int sticky = lo == 0 ? 0 : (lo > 0) == (d > 0) ? 1 : -1;
    return (uint16_t)(s | vact_round_bits(e ? frac | (UINT64_C(1) << 52) : frac,
                                          e ? (int)e - 1075 : -1074, p, emin, inf, sticky));
}

#endif
