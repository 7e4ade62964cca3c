/* SPDX-License-Identifier: MIT */
/* rrelu: the counter-based slopes against the reference generator (itself
 * checked against Philox4x32-10's known answers), their range, two chunks
 * equal to one call at any offset, the error statuses, and the quality of
 * the generator. */
#include "harness.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The reference generator against Random123's known answers for
 * Philox4x32-10 (tests/kat_vectors: counter, key, output). */
static void philox_known_answers(void)
{
    static const uint32_t kat[3][10] = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u},
        {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu,
         0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu},
        {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u,
         0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}};
    for (int k = 0; k < 3; k++) {
        uint32_t out[4];
        ref_philox4x32(10, kat[k], kat[k] + 4, out);
        for (int j = 0; j < 4; j++)
            if (out[j] != kat[k][6 + j])
                fail_msg("Philox4x32-10 known answer %d, word %d: %08x, want %08x", k, j,
                         (unsigned)out[j], (unsigned)kat[k][6 + j]);
    }
}

/* u for elements off .. off+n-1 of seed, from the library on the state's
 * path and direction: lower = 0, upper = 1 make the slope u itself. */
static void rrelu_u(const tstate *t, uint64_t seed, uint64_t off, size_t n, float *u)
{
    const vt_rrelu_op *R = t->op;
    float *m1 = fbuf(n), *one = fbuf(n);
    for (size_t i = 0; i < n; i++) {
        m1[i] = -1.0f;
        one[i] = 1.0f;
    }
    if (t->dir == 0) {
        assert_int_equal(R->fwd(m1, u, n, 0.0f, 1.0f, seed, off), VACT_OK);
        for (size_t i = 0; i < n; i++)
            u[i] = -u[i];
    } else {
        assert_int_equal(R->bwd(one, m1, u, n, 0.0f, 1.0f, seed, off), VACT_OK);
    }
    free(m1); free(one);
}

static int cmp_float(const void *a, const void *b)
{
    const float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The generator mixes seed and counter: another seed's slopes are not the
 * same values in another order (a hash of counter ^ seed gave exactly
 * that), element k = seed is not pinned to lower, and u over 2^16 elements
 * has mean 1/2 and no correlation between seeds (4 standard errors). */
static void rrelu_quality(const tstate *t)
{
    enum { NP = 4096, NS = 1 << 16 };
    static const uint64_t seeds[] = {1, 2, 0x5a5, 4095, 0x9e3779b9, 0xfffffffful};
    float *a = fbuf(NS), *b = fbuf(NS);
    rrelu_u(t, 0, 0, NP, a);
    qsort(a, NP, sizeof(float), cmp_float);
    for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
        rrelu_u(t, seeds[k], 0, NP, b);
        qsort(b, NP, sizeof(float), cmp_float);
        if (!memcmp(a, b, NP * sizeof(float)))
            fail_msg("seed %#llx: the slopes of elements 0..%d are seed 0's in another order",
                     (unsigned long long)seeds[k], NP - 1);
    }
    int pinned = 0;
    for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
        float u;
        rrelu_u(t, seeds[k], seeds[k], 1, &u);
        pinned += u == 0.0f;
    }
    if (pinned == (int)(sizeof seeds / sizeof seeds[0]))
        fail_msg("element k = seed has slope = lower for every seed tried");
    static const uint64_t pairs[][2] = {
        {0, 1}, {1, 2}, {7, 7 ^ (1ull << 32)}, {0x1234567890abcdefull, 0x1234567890abcdeeull}};
    const double se = sqrt(1.0 / 12.0 / NS);
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        rrelu_u(t, pairs[k][0], 0, NS, a);
        rrelu_u(t, pairs[k][1], 0, NS, b);
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (size_t i = 0; i < NS; i++) {
            sa += a[i]; sb += b[i];
            saa += (double)a[i] * a[i]; sbb += (double)b[i] * b[i]; sab += (double)a[i] * b[i];
        }
        const double ma = sa / NS, mb = sb / NS;
        const double r = (sab / NS - ma * mb) / sqrt((saa / NS - ma * ma) * (sbb / NS - mb * mb));
        if (fabs(ma - 0.5) > 4 * se || fabs(mb - 0.5) > 4 * se)
            fail_msg("seeds %#llx, %#llx: mean u %.5f, %.5f (standard error %.5f)",
                     (unsigned long long)pairs[k][0], (unsigned long long)pairs[k][1], ma, mb, se);
        if (fabs(r) > 4 / sqrt((double)NS))
            fail_msg("seeds %#llx, %#llx: correlation %.4f", (unsigned long long)pairs[k][0],
                     (unsigned long long)pairs[k][1], r);
    }
    free(a); free(b);
}

/* lower = upper = 0: every slope is +0, so x = -inf gives -0 (the sign of
 * x*0 for finite x < 0), not NaN; the backward is dy*0. */
static void rrelu_zero_slope(const tstate *t)
{
    const vt_rrelu_op *R = t->op;
    enum { N = 37 };
    float x[N], dy[N], y[N];
    for (size_t i = 0; i < N; i++) {
        x[i] = i % 3 ? -INFINITY : -(float)i - 1.0f;
        dy[i] = 1.0f + (float)i;
    }
    if (t->dir == 0)
        assert_int_equal(R->fwd(x, y, N, 0.0f, 0.0f, 42, 7), VACT_OK);
    else
        assert_int_equal(R->bwd(dy, x, y, N, 0.0f, 0.0f, 42, 7), VACT_OK);
    for (size_t i = 0; i < N; i++)
        if (vt_float_bits(y[i]) != (t->dir == 0 ? 0x80000000u : 0u))
            fail_msg("lower = upper = 0, x = %g: got %a", (double)x[i], (double)y[i]);
}

static void t_rrelu(void **state)
{
    const tstate *t = *state;
    const vt_rrelu_op *R = t->op;
    enter_ref(t);
    const float lo = 0.125f, hi = 1.0f / 3.0f;
    static const uint64_t offsets[] = {0, 12345, (1ull << 32) - 5, 0xFFFFFFFFFFFFFFF0ull};
    const size_t n = 1037;
    float *x = fbuf(n), *dy = fbuf(n), *a = fbuf(n + 1), *b = fbuf(n + 1);
    for (size_t i = 0; i < n; i++) {
        x[i] = (i % 3) ? -1.0f - (float)i / 64.0f : (float)i;
        dy[i] = vt_dy(i);
    }
    x[5] = NAN;
    for (size_t k = 0; k < 4; k++) {
        const uint64_t seed = 0x1234567890abcdefull + k, off = offsets[k];
        fill_canary(a, n + 1);
        if (t->dir == 0)
            assert_int_equal(R->fwd(x, a, n, lo, hi, seed, off), VACT_OK);
        else
            assert_int_equal(R->bwd(dy, x, a, n, lo, hi, seed, off), VACT_OK);
        assert_true(is_canary(a + n));
        for (size_t i = 0; i < n; i++) {
            const float sl = ref_rrelu_slope(seed, off + i, lo, hi);
            if (!(sl >= lo && sl <= hi))
                fail_msg("slope %a outside [lower, upper]", (double)sl);
            float want;
            if (t->dir == 0)
                want = x[i] >= 0 ? x[i] : x[i] * sl;
            else
                want = x[i] > 0 ? dy[i] : (x[i] <= 0 ? dy[i] * sl : NAN);
            if (isnan(x[i]) ? !isnan(a[i]) : vt_float_bits(a[i]) != vt_float_bits(want))
                fail_msg("offset %llu, i=%zu: got %a, want %a", (unsigned long long)off, i,
                         (double)a[i], (double)want);
        }
        /* two chunks equal one call */
        const size_t cut = 1 + (k * 389) % (n - 1);
        if (t->dir == 0) {
            assert_int_equal(R->fwd(x, b, cut, lo, hi, seed, off), VACT_OK);
            assert_int_equal(R->fwd(x + cut, b + cut, n - cut, lo, hi, seed, off + cut),
                             VACT_OK);
        } else {
            assert_int_equal(R->bwd(dy, x, b, cut, lo, hi, seed, off), VACT_OK);
            assert_int_equal(
                R->bwd(dy + cut, x + cut, b + cut, n - cut, lo, hi, seed, off + cut), VACT_OK);
        }
        assert_same(a, b, n);
    }
    fill_canary(a, n);
    memcpy(b, a, n * sizeof(float));
    assert_int_equal(R->fwd(x, a, n, hi, lo, 1, 0), VACT_ERR_ARG);
    assert_int_equal(R->fwd(x, a, n, NAN, hi, 1, 0), VACT_ERR_ARG);
    assert_int_equal(R->fwd(x, a, n, -FLT_MAX, FLT_MAX, 1, 0), VACT_ERR_ARG);
    assert_int_equal(R->fwd(NULL, a, n, lo, hi, 1, 0), VACT_ERR_NULL);
    assert_int_equal(R->bwd(dy, x, a, n, lo, INFINITY, 1, 0), VACT_ERR_ARG);
    assert_memory_equal(a, b, n * sizeof(float));
    free(x); free(dy); free(a); free(b);
    philox_known_answers();
    rrelu_quality(t);
    rrelu_zero_slope(t);
}

void rrelu_tests(const char *group, const tpath *p)
{
    ADD_OP_CASES(group, p, KIND_RRELU, vt_rrelu_ops, vt_n_rrelu, t_rrelu);
}
