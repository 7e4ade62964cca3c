/* SPDX-License-Identifier: MIT */
/* Gated ops (swiglu, geglu): a sweep of a over float bit patterns with
 * ordinary b and dy against the reference (measure.h), in place on either
 * input, the error statuses, and every tail length with offsets. */
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

void gated_tests(const char *group, const tpath *p)
{
    ADD_OP_CASES(group, p, KIND_GATED, vt_gated_ops, vt_n_gated, t_gated);
    const vt_gated_op *op = VT_FIND(vt_gated_ops, vt_n_gated, group);
    if (op)
        add_case(op->name, KIND_GATED, op, p, "2d", t_gated_2d);
}
