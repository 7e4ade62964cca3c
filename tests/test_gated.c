/* SPDX-License-Identifier: MIT */
/* Gated ops (swiglu, geglu): a sweep of a over float bit patterns with
 * ordinary b and dy against the reference (measure.h), in place on either
 * input, the error statuses, and every tail length with offsets; the 2-D
 * forms against the contiguous calls (row by row, special values, guard
 * pages in test_guard.c) and their statuses. */
#include "harness.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A zero b with a = -inf: act(-inf)*b is the limit (a zero whose sign is
 * act(-inf)'s times b's: -0 for silu, +0 for sigmoid and relu), not
 * inf*0 = NaN, on every lane of a vector; the backward's da = dy*b*act'
 * and db = dy*act(-inf) are zeros too. */
static uint32_t zero_sign(long double act, float m)
{
    return (signbit(act) != 0) != (signbit(m) != 0) ? 0x80000000u : 0u;
}
static void gated_zero_gate(const tstate *t)
{
    const vt_gated_op *op = t->op;
    enum { N = 37 };
    float a[N], b[N], dy[N], y[N], y2[N];
    for (size_t i = 0; i < N; i++) {
        a[i] = i % 2 ? -INFINITY : -1.0f - (float)i;
        b[i] = i % 4 < 2 ? 0.0f : -0.0f;
        dy[i] = 1.0f + (float)i;
    }
    if (t->dir == 0) {
        assert_int_equal(op->fwd(a, b, y, N), VACT_OK);
        for (size_t i = 0; i < N; i++)
            if (vt_float_bits(y[i]) != zero_sign(op->act->ref_fwd(a[i], 0, 0), b[i]))
                fail_msg("%s(%g, %g) = %a", op->name, (double)a[i], (double)b[i], (double)y[i]);
    } else {
        assert_int_equal(op->bwd(dy, a, b, y, y2, N), VACT_OK);
        for (size_t i = 0; i < N; i++)
            if (y[i] != 0.0f ||
                (i % 2 && vt_float_bits(y2[i]) != zero_sign(op->act->ref_fwd(a[i], 0, 0), dy[i])))
                fail_msg("%s backward at a = %g, b = %g: da %a, db %a", op->name, (double)a[i],
                         (double)b[i], (double)y[i], (double)y2[i]);
    }
}

static void t_gated(void **state)
{
    const tstate *t = *state;
    const vt_gated_op *op = t->op;
    enter_ref(t);
    const double bound = bound_of(t, op->bound);
    const size_t n = sweep_n() / 4 + 3;
    vt_gated_set gs;
    assert_int_equal(vt_gated_alloc(&gs, n), 0);
    vt_gated_fill(&gs, op, 0, n, n);
    const float *a = gs.a, *b = gs.b, *dy = gs.dy;
    float *o1 = fbuf(n + 1), *o2 = fbuf(n + 1);
    fill_canary(o1, n + 1);
    fill_canary(o2, n + 1);
    vt_worst w;
    vt_worst_init(&w, bound);
    if (t->dir == 0) {
        assert_int_equal(op->fwd(a, b, o1, n), VACT_OK);
        vt_gated_score(&gs, 0, o1, NULL, &w);
        if (w.over) {
            const size_t i = w.first_over;
            fail_msg("a=%a b=%a: got %a, ref %La (%g ULP)", (double)a[i], (double)b[i],
                     (double)o1[i], op->ref_fwd(a[i], b[i]), vt_gated_error(&gs, 0, i, o1[i], 0));
        }
        /* in place on either input */
        memcpy(o2, a, n * sizeof(float));
        assert_int_equal(op->fwd(o2, b, o2, n), VACT_OK);
        assert_same(o1, o2, n);
        memcpy(o2, b, n * sizeof(float));
        assert_int_equal(op->fwd(a, o2, o2, n), VACT_OK);
        assert_same(o1, o2, n);
    } else {
        assert_int_equal(op->bwd(dy, a, b, o1, o2, n), VACT_OK);
        vt_gated_score(&gs, 1, o1, o2, &w);
        if (w.over) {
            const size_t i = w.first_over;
            long double ra, rb;
            op->ref_bwd(dy[i], a[i], b[i], &ra, &rb);
            fail_msg("a=%a b=%a dy=%a: got %a %a, ref %La %La", (double)a[i], (double)b[i],
                     (double)dy[i], (double)o1[i], (double)o2[i], ra, rb);
        }
        assert_int_equal(op->bwd(dy, a, b, o1, o1 + 1, n), VACT_ERR_OVERLAP);
        assert_int_equal(op->bwd(dy, NULL, b, o1, o2, n), VACT_ERR_NULL);
    }
    assert_true(is_canary(o1 + n));
    assert_true(is_canary(o2 + n));
    print_message("max %.3g ULP (bound %g)\n", w.err, bound);
    /* tails with offsets, bit-identical to the long call */
    float xa[80], xb[80], g1[80], g2[80], r1[84], r2[84];
    for (size_t i = 0; i < 80; i++) {
        xa[i] = ((float)(vt_hash32((uint32_t)i) >> 8) * 0x1p-24f - 0.5f) * 16.0f;
        xb[i] = vt_dy(i + 3);
    }
    if (t->dir == 0)
        assert_int_equal(op->fwd(xa, xb, g1, 80), VACT_OK);
    else
        assert_int_equal(op->bwd(xb, xa, xb, g1, g2, 80), VACT_OK);
    for (size_t m = 0; m <= 70; m++)
        for (size_t off = 0; off < 4; off++) {
            fill_canary(r1, 84);
            fill_canary(r2, 84);
            if (t->dir == 0)
                assert_int_equal(op->fwd(xa, xb, r1 + off, m), VACT_OK);
            else
                assert_int_equal(op->bwd(xb, xa, xb, r1 + off, r2 + off, m), VACT_OK);
            assert_same(r1 + off, g1, m);
            if (t->dir == 1)
                assert_same(r2 + off, g2, m);
            for (size_t j = 0; j < 84; j++)
                if (j < off || j >= off + m) {
                    assert_true(is_canary(r1 + j));
                    assert_true(is_canary(r2 + j));
                }
        }
    vt_gated_free(&gs);
    free(o1); free(o2);
    gated_zero_gate(t);
}

/* The row-strided form on a fused projection: [R, 2C] with the gate first
 * (a = p, b = p + C, ld 2C), the output and gradients in matrices with
 * padding between rows (canaries, untouched); every row equals the
 * contiguous call on it bit for bit; in place on the gate's view; the
 * aliasing and argument rules. */
static void t_gated_2d(void **state)
{
    const tstate *t = *state;
    const vt_gated_op *op = t->op;
    enter(t);
    enum { R = 5, C = 37, LD = 2 * C, LO = C + 3 };
    float p[R * LD], dy[R * LO], o1[R * LO], o2[R * LO], r1[C], r2[C], g[R * LD];
    for (size_t i = 0; i < R * LD; i++)
        p[i] = ((float)(vt_hash32((uint32_t)i + 7) >> 8) * 0x1p-24f - 0.5f) * 12.0f;
    for (size_t i = 0; i < R * LO; i++)
        dy[i] = vt_dy(i + 5);
    fill_canary(o1, R * LO);
    fill_canary(o2, R * LO);
    if (t->dir == 0)
        assert_int_equal(op->fwd2d(p, LD, p + C, LD, o1, LO, R, C), VACT_OK);
    else
        assert_int_equal(op->bwd2d(dy, LO, p, LD, p + C, LD, o1, LO, o2, LO, R, C), VACT_OK);
    for (size_t r = 0; r < R; r++) {
        if (t->dir == 0) {
            assert_int_equal(op->fwd(p + r * LD, p + r * LD + C, r1, C), VACT_OK);
        } else {
            assert_int_equal(op->bwd(dy + r * LO, p + r * LD, p + r * LD + C, r1, r2, C),
                             VACT_OK);
            assert_same(o2 + r * LO, r2, C);
        }
        assert_same(o1 + r * LO, r1, C);
        for (size_t c = C; c < LO; c++) { /* the padding between rows */
            assert_true(is_canary(o1 + r * LO + c));
            assert_true(is_canary(o2 + r * LO + c));
        }
    }
    if (t->dir == 0) {
        /* in place on the gate's half of the fused buffer */
        memcpy(g, p, sizeof g);
        assert_int_equal(op->fwd2d(g, LD, g + C, LD, g, LD, R, C), VACT_OK);
        for (size_t r = 0; r < R; r++)
            assert_same(g + r * LD, o1 + r * LO, C);
        /* the output over the other half: it shares elements with b */
        assert_int_equal(op->fwd2d(p, LD, p + C, LD, p + 1, LD, R, C), VACT_ERR_OVERLAP);
        assert_int_equal(op->fwd2d(p, C - 1, p + C, LD, o1, LO, R, C), VACT_ERR_ARG);
        assert_int_equal(op->fwd2d(p, LD, NULL, LD, o1, LO, R, C), VACT_ERR_NULL);
        assert_int_equal(op->fwd2d(NULL, 0, NULL, 0, NULL, 0, 0, C), VACT_OK);
    } else {
        /* the gradient of the fused buffer: da = g, db = g + C, interleaved */
        fill_canary(g, R * LD);
        assert_int_equal(op->bwd2d(dy, LO, p, LD, p + C, LD, g, LD, g + C, LD, R, C), VACT_OK);
        for (size_t r = 0; r < R; r++) {
            assert_same(g + r * LD, o1 + r * LO, C);
            assert_same(g + r * LD + C, o2 + r * LO, C);
        }
        /* da and db sharing an element */
        assert_int_equal(op->bwd2d(dy, LO, p, LD, p + C, LD, g, LD, g + C - 1, LD, R, C),
                         VACT_ERR_OVERLAP);
        assert_int_equal(op->bwd2d(dy, LO, p, LD, p + C, LD, g, LD, g + C, LD, R, SIZE_MAX),
                         VACT_ERR_ARG);
    }
}

/* Special values in a, b and dy (NaNs, infinities, zeros, subnormals, the
 * limits: every pair of specials(a, b) occurs, as a[r][c] = specials[c],
 * b[r][c] = specials[c + r]), on a fused buffer and into a fused gradient:
 * the 2-D call equals the contiguous call row by row. */
static void t_gated_2d_specials(void **state)
{
    const tstate *t = *state;
    const vt_gated_op *op = t->op;
    enter(t);
    enum { R = N_SPECIALS, C = N_SPECIALS + 5, LD = 2 * C, LO = C + 3 };
    float *p = fbuf(R * LD), *dy = fbuf(R * LO), *o1 = fbuf(R * LO), *o2 = fbuf(R * LO);
    float *g = fbuf(R * LD), *r1 = fbuf(C), *r2 = fbuf(C);
    for (size_t r = 0; r < R; r++)
        for (size_t c = 0; c < C; c++) {
            p[r * LD + c] = vt_bits_float(specials[c % N_SPECIALS]);
            p[r * LD + C + c] = vt_bits_float(specials[(c + r) % N_SPECIALS]);
            dy[r * LO + c] = r % 3 ? vt_dy(r * C + c)
                                   : vt_bits_float(specials[(c + 5 * r) % N_SPECIALS]);
        }
    fill_canary(o1, R * LO);
    fill_canary(o2, R * LO);
    fill_canary(g, R * LD);
    if (t->dir == 0) {
        assert_int_equal(op->fwd2d(p, LD, p + C, LD, o1, LO, R, C), VACT_OK);
        assert_int_equal(op->fwd2d(p, LD, p + C, LD, g, LD, R, C), VACT_OK);
    } else {
        assert_int_equal(op->bwd2d(dy, LO, p, LD, p + C, LD, o1, LO, o2, LO, R, C), VACT_OK);
        assert_int_equal(op->bwd2d(dy, LO, p, LD, p + C, LD, g, LD, g + C, LD, R, C), VACT_OK);
    }
    for (size_t r = 0; r < R; r++) {
        const float *a = p + r * LD, *b = a + C;
        if (t->dir == 0) {
            assert_int_equal(op->fwd(a, b, r1, C), VACT_OK);
        } else {
            assert_int_equal(op->bwd(dy + r * LO, a, b, r1, r2, C), VACT_OK);
            assert_same(o2 + r * LO, r2, C);
            assert_same(g + r * LD + C, r2, C);
        }
        for (size_t c = 0; c < C; c++)
            if (!same(o1 + r * LO + c, r1 + c, 1) || !same(g + r * LD + c, r1 + c, 1))
                fail_msg("a = %a, b = %a: 2-D %a %a, contiguous %a", (double)a[c], (double)b[c],
                         (double)o1[r * LO + c], (double)g[r * LD + c], (double)r1[c]);
    }
    free(p); free(dy); free(o1); free(o2); free(g); free(r1); free(r2);
}

/* Every status of the 2-D calls, in the order NULL, sizes, overlap, and on
 * an error nothing written (outputs keep their canaries, inputs their
 * values); the views the aliasing rule accepts give the out-of-place
 * results. */
enum { SR = 4, SC = 21, SLD = 2 * SC, SLO = SC + 3 };
typedef struct {
    float p[SR * SLD], p0[SR * SLD], dy[SR * SLO], dy0[SR * SLO];
    float o1[SR * SLO], o2[SR * SLO], g[SR * SLD];
} st2d;
static void st_reset(st2d *s)
{
    memcpy(s->p, s->p0, sizeof s->p);
    memcpy(s->dy, s->dy0, sizeof s->dy);
    fill_canary(s->o1, SR * SLO);
    fill_canary(s->o2, SR * SLO);
    fill_canary(s->g, SR * SLD);
}
static void st_untouched(const st2d *s, int line)
{
    for (size_t i = 0; i < SR * SLO; i++)
        if (!is_canary(s->o1 + i) || !is_canary(s->o2 + i))
            fail_msg("line %d: an output written on error (float %zu)", line, i);
    for (size_t i = 0; i < SR * SLD; i++)
        if (!is_canary(s->g + i))
            fail_msg("line %d: an output written on error (float %zu)", line, i);
    if (memcmp(s->p, s->p0, sizeof s->p) || memcmp(s->dy, s->dy0, sizeof s->dy))
        fail_msg("line %d: an input written on error", line);
}
#define EXPECT_ERR(st, call)                         \
    do {                                             \
        st_reset(s);                                 \
        assert_int_equal((call), (st));              \
        st_untouched(s, __LINE__);                   \
    } while (0)
/* rows of v (ld) equal rows of w (ldw) */
static void same_rows(const float *v, size_t ld, const float *w, size_t ldw)
{
    for (size_t r = 0; r < SR; r++)
        assert_same(v + r * ld, w + r * ldw, SC);
}

static void t_gated_2d_status(void **state)
{
    const tstate *t = *state;
    const vt_gated_op *op = t->op;
    enter(t);
    st2d *s = calloc(1, sizeof *s);
    assert_non_null(s);
    for (size_t i = 0; i < SR * SLD; i++)
        s->p0[i] = ((float)(vt_hash32((uint32_t)i + 11) >> 8) * 0x1p-24f - 0.5f) * 12.0f;
    for (size_t i = 0; i < SR * SLO; i++)
        s->dy0[i] = vt_dy(i + 9);
    float *const p = s->p, *const dy = s->dy, *const o1 = s->o1, *const o2 = s->o2,
                 *const g = s->g;
    const float *const a = p, *const b = p + SC;
    /* 3 rows of ld big overflow the extent; 2*big + 2 floats, SIZE_MAX bytes */
    const size_t big = SIZE_MAX / sizeof(float) / 2;
    if (t->dir == 0) {
        /* the reference: out of place into o1 (kept in ref) */
        float ref[SR * SLO];
        st_reset(s);
        assert_int_equal(op->fwd2d(a, SLD, b, SLD, o1, SLO, SR, SC), VACT_OK);
        memcpy(ref, o1, sizeof ref);
        EXPECT_ERR(VACT_ERR_NULL, op->fwd2d(NULL, SLD, b, SLD, o1, SLO, SR, SC));
        EXPECT_ERR(VACT_ERR_NULL, op->fwd2d(a, SLD, NULL, SLD, o1, SLO, SR, SC));
        EXPECT_ERR(VACT_ERR_NULL, op->fwd2d(a, SLD, b, SLD, NULL, SLO, SR, SC));
        /* NULL comes before the sizes */
        EXPECT_ERR(VACT_ERR_NULL, op->fwd2d(NULL, 0, b, SLD, o1, SLO, SR, SC));
        EXPECT_ERR(VACT_ERR_ARG, op->fwd2d(a, SC - 1, b, SLD, o1, SLO, SR, SC));
        EXPECT_ERR(VACT_ERR_ARG, op->fwd2d(a, SLD, b, SC - 1, o1, SLO, SR, SC));
        EXPECT_ERR(VACT_ERR_ARG, op->fwd2d(a, SLD, b, SLD, o1, SC - 1, SR, SC));
        EXPECT_ERR(VACT_ERR_ARG, op->fwd2d(a, SLD, b, SLD, o1, 0, 1, SC));
        /* rows*ld, and cols, past SIZE_MAX bytes */
        EXPECT_ERR(VACT_ERR_ARG, op->fwd2d(a, big, b, SLD, o1, SLO, 3, SC));
        EXPECT_ERR(VACT_ERR_ARG, op->fwd2d(a, SLD, b, SLD, o1, big, 3, SC));
        EXPECT_ERR(VACT_ERR_ARG, op->fwd2d(a, SLD, b, SLD, o1, SLO, SIZE_MAX, SC));
        EXPECT_ERR(VACT_ERR_ARG, op->fwd2d(a, 2 * big + 2, b, 2 * big + 2, o1, 2 * big + 2, 1,
                                           2 * big + 2));
        /* sizes come before the overlap */
        EXPECT_ERR(VACT_ERR_ARG, op->fwd2d(a, SLD, b, SLD, p + 1, SC - 1, SR, SC));
        /* partial overlaps: one element, a row apart, another ld */
        EXPECT_ERR(VACT_ERR_OVERLAP, op->fwd2d(a, SLD, b, SLD, p + 1, SLD, SR, SC));
        EXPECT_ERR(VACT_ERR_OVERLAP, op->fwd2d(a, SLD, b, SLD, p + SC - 1, SLD, SR, SC));
        EXPECT_ERR(VACT_ERR_OVERLAP, op->fwd2d(a, SLD, b, SLD, p + 2 * SC - 1, SLD, SR, SC));
        EXPECT_ERR(VACT_ERR_OVERLAP, op->fwd2d(a, SLD, b, SLD, p + SLD, SLD, SR, SC));
        EXPECT_ERR(VACT_ERR_OVERLAP, op->fwd2d(a, SLD, b, SLD, p, SLD + 1, SR, SC));
        EXPECT_ERR(VACT_ERR_OVERLAP, op->fwd2d(a, SLD, b, SLD, p + SC, SC, SR, SC));
        /* no row or no column: OK, whatever the pointers */
        EXPECT_ERR(VACT_OK, op->fwd2d(NULL, 0, NULL, 0, NULL, 0, 0, SC));
        EXPECT_ERR(VACT_OK, op->fwd2d(NULL, 0, NULL, 0, NULL, 0, SR, 0));
        /* accepted: exactly in place on a or on b; interleaved with a without
         * sharing an element (b elsewhere) */
        st_reset(s);
        assert_int_equal(op->fwd2d(p, SLD, p + SC, SLD, p, SLD, SR, SC), VACT_OK);
        same_rows(p, SLD, ref, SLO);
        st_reset(s);
        assert_int_equal(op->fwd2d(p, SLD, p + SC, SLD, p + SC, SLD, SR, SC), VACT_OK);
        same_rows(p + SC, SLD, ref, SLO);
        st_reset(s);
        memcpy(g, s->p0, sizeof s->g); /* b's rows at g + SC */
        assert_int_equal(op->fwd2d(p, SLD, g + SC, SLD, p + SC, SLD, SR, SC), VACT_OK);
        same_rows(p + SC, SLD, ref, SLO);
        same_rows(p, SLD, s->p0, SLD); /* a's elements untouched */
    } else {
        float ra[SR * SLO], rb[SR * SLO];
        st_reset(s);
        assert_int_equal(op->bwd2d(dy, SLO, a, SLD, b, SLD, o1, SLO, o2, SLO, SR, SC), VACT_OK);
        memcpy(ra, o1, sizeof ra);
        memcpy(rb, o2, sizeof rb);
        const float *const in[3] = {dy, a, b};
        float *const out[2] = {o1, o2};
        const size_t ldin[3] = {SLO, SLD, SLD}, ldout[2] = {SLO, SLO};
        /* each pointer NULL in turn, and each ld short in turn */
        for (int k = 0; k < 5; k++) {
            const float *i3[3] = {in[0], in[1], in[2]};
            float *o[2] = {out[0], out[1]};
            size_t li[3] = {ldin[0], ldin[1], ldin[2]}, lo[2] = {ldout[0], ldout[1]};
            if (k < 3)
                i3[k] = NULL;
            else
                o[k - 3] = NULL;
            EXPECT_ERR(VACT_ERR_NULL, op->bwd2d(i3[0], li[0], i3[1], li[1], i3[2], li[2], o[0],
                                                lo[0], o[1], lo[1], SR, SC));
            i3[0] = in[0], i3[1] = in[1], i3[2] = in[2], o[0] = out[0], o[1] = out[1];
            if (k < 3)
                li[k] = SC - 1;
            else
                lo[k - 3] = SC - 1;
            EXPECT_ERR(VACT_ERR_ARG, op->bwd2d(i3[0], li[0], i3[1], li[1], i3[2], li[2], o[0],
                                               lo[0], o[1], lo[1], SR, SC));
            if (k < 3)
                li[k] = big;
            else
                lo[k - 3] = big;
            EXPECT_ERR(VACT_ERR_ARG, op->bwd2d(i3[0], li[0], i3[1], li[1], i3[2], li[2], o[0],
                                               lo[0], o[1], lo[1], 3, SC));
        }
        EXPECT_ERR(VACT_ERR_NULL, op->bwd2d(dy, 0, a, SLD, b, SLD, NULL, SLO, o2, SLO, SR, SC));
        EXPECT_ERR(VACT_ERR_ARG, op->bwd2d(dy, SLO, a, SLD, b, SLD, o1, SLO, o2, SLO, SIZE_MAX, SC));
        EXPECT_ERR(VACT_ERR_ARG, op->bwd2d(dy, SLO, a, SLD, b, SLD, g, SLD, g + SC, SLD, SR, SIZE_MAX));
        EXPECT_ERR(VACT_ERR_ARG, op->bwd2d(dy, SLO, a, SLD, b, SLD, o1, SLO, o1, SC - 1, SR, SC));
        /* partial overlaps: da with db (one element, or the very same view),
         * an output with an input */
        EXPECT_ERR(VACT_ERR_OVERLAP,
                   op->bwd2d(dy, SLO, a, SLD, b, SLD, g, SLD, g + SC - 1, SLD, SR, SC));
        EXPECT_ERR(VACT_ERR_OVERLAP, op->bwd2d(dy, SLO, a, SLD, b, SLD, o1, SLO, o1, SLO, SR, SC));
        EXPECT_ERR(VACT_ERR_OVERLAP, op->bwd2d(dy, SLO, a, SLD, b, SLD, dy + 1, SLO, o2, SLO, SR, SC));
        EXPECT_ERR(VACT_ERR_OVERLAP, op->bwd2d(dy, SLO, a, SLD, b, SLD, o1, SLO, p + 1, SLD, SR, SC));
        EXPECT_ERR(VACT_ERR_OVERLAP, op->bwd2d(dy, SLO, a, SLD, b, SLD, o1, SLO, p + SLD, SLD, SR, SC));
        EXPECT_ERR(VACT_ERR_OVERLAP, op->bwd2d(dy, SLO, a, SLD, b, SLD, p + SC, SC, o2, SLO, SR, SC));
        EXPECT_ERR(VACT_OK, op->bwd2d(NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, 0, SC));
        EXPECT_ERR(VACT_OK, op->bwd2d(NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, SR, 0));
        /* accepted: the fused gradient; exactly in place on dy and b, on a and b */
        st_reset(s);
        assert_int_equal(op->bwd2d(dy, SLO, a, SLD, b, SLD, g, SLD, g + SC, SLD, SR, SC), VACT_OK);
        same_rows(g, SLD, ra, SLO);
        same_rows(g + SC, SLD, rb, SLO);
        st_reset(s);
        assert_int_equal(op->bwd2d(dy, SLO, a, SLD, b, SLD, dy, SLO, p + SC, SLD, SR, SC), VACT_OK);
        same_rows(dy, SLO, ra, SLO);
        same_rows(p + SC, SLD, rb, SLO);
        st_reset(s);
        assert_int_equal(op->bwd2d(dy, SLO, a, SLD, b, SLD, p, SLD, p + SC, SLD, SR, SC), VACT_OK);
        same_rows(p, SLD, ra, SLO);
        same_rows(p + SC, SLD, rb, SLO);
    }
    free(s);
}
#undef EXPECT_ERR

void gated_tests(const char *group, const tpath *p)
{
    ADD_OP_CASES(group, p, KIND_GATED, vt_gated_ops, vt_n_gated, t_gated);
    const vt_gated_op *op = VT_FIND(vt_gated_ops, vt_n_gated, group);
    if (!op)
        return;
    add_case(op->name, KIND_GATED, op, p, "2d", t_gated_2d);
    add_case(op->name, KIND_GATED, op, p, "2d-guard", t_guard_2d);
    add_case(op->name, KIND_GATED, op, p, "2d-specials", t_gated_2d_specials);
    add_case(op->name, KIND_GATED, op, p, "2d-status", t_gated_2d_status);
}
