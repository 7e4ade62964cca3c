/* SPDX-License-Identifier: MIT */
/* Extreme operands: gradients and gates up to FLT_MAX against derivatives
 * deep in a tail, products that overflow only part way through, and
 * softmax rows of gradients near FLT_MAX.  Every result whose exact value is
 * a float must come within the op's bound (plain ULP, or ULP of the
 * cancelling terms where the registry uses them); an intermediate that
 * overflows or underflows shows up as inf, NaN or a lost result.  Every op
 * adds this case as "extreme". */
#include "harness.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const float xs[] = {
    NAN, -INFINITY, -1.7e31f, -1e30f, -1e15f, -300.0f, -200.0f, -150.0f, -146.45f, -140.0f, -135.0f, -130.0f, -100.0f, -90.0f,
    -81.0f, -79.5f, -60.0f, -18.0f, -14.0f, -9.9f, -7.0f, -4.1f, -1.0f, -0.75f, 0.5f, 1.2f, 3.0f, 30.0f,
    100.0f, 1e30f, INFINITY,
};
static const float ms[] = {
    FLT_MAX, -FLT_MAX, 0x1p127f, -0x1p126f, 0x1p100f, 0x1.8p64f, 4.0f, 0x1p-100f, -0x1p-126f,
};
#define NX (sizeof xs / sizeof xs[0])
#define NM (sizeof ms / sizeof ms[0])

/* backward of an element-wise op at parameters p0, p1: dy from ms against
 * every x */
static void unary_extreme_bwd(const tstate *t, float p0, float p1)
{
    const vt_unary *u = t->op;
    vt_sweep sw;
    assert_int_equal(vt_sweep_alloc(&sw, NX * NM), 0);
    sw.u = u;
    sw.first = 0;
    sw.n = NX * NM;
    for (size_t i = 0; i < NX; i++)
        for (size_t j = 0; j < NM; j++) {
            const size_t k = i * NM + j;
            sw.x[k] = xs[i];
            sw.dy[k] = ms[j];
            sw.s[k] = vt_saved(u, xs[i]);
            sw.ref[1][k] = u->ref_bwd(sw.dy[k], sw.s[k], p0, p1);
            if (u->bwd_terms)
                sw.terms[k] = u->bwd_terms(sw.dy[k], sw.s[k], p0, p1);
        }
    float *out = fbuf(sw.n);
    assert_int_equal(u->bwd(sw.dy, sw.s, out, sw.n, p0, p1), VACT_OK);
    vt_worst w;
    vt_worst_init(&w, bound_of(t, u->bound));
    vt_sweep_score(&sw, 1, out, &w);
    if (w.over)
        print_message("first beyond the bound: dy = %a (p0 = %a)\n", (double)sw.dy[w.first_over],
                      (double)p0);
    expect_within("backward", &w, sw.s, out, sw.ref[1]);
    free(out);
    vt_sweep_free(&sw);
}

/* the forward at parameters p0, p1 on xs/|p0|: where p0 scales x (swish's
 * beta), the tails of p0*x at any magnitude of x */
static void unary_extreme_fwd_scaled(const tstate *t, float p0, float p1)
{
    const vt_unary *u = t->op;
    float x[NX], y[NX];
    long double ref[NX];
    for (size_t i = 0; i < NX; i++) {
        x[i] = xs[i] / fabsf(p0);
        ref[i] = u->ref_fwd(x[i], p0, p1);
    }
    assert_int_equal(u->fwd(x, y, NX, p0, p1), VACT_OK);
    vt_worst w;
    vt_worst_init(&w, u->bound[t->tier][0]);
    vt_score(&w, 0, x, y, ref, NULL, NX);
    if (w.over)
        print_message("forward beyond the bound at p0 = %a\n", (double)p0);
    expect_within("forward", &w, x, y, ref);
}

/* The backward at the default parameters, and at a first parameter of
 * 2^-60 and 2^60 (either sign) where the op accepts it: a factor that
 * small or large must not underflow or overflow a partial product (elu's
 * alpha*e^x underflowed for alpha = 2^-60 where dy*alpha*e^x is normal). */
static void unary_extreme(const tstate *t)
{
    const vt_unary *u = t->op;
    unary_extreme_bwd(t, u->p0, u->p1);
    static const float ps[] = {0x1p-60f, 0x1p60f, -0x1p-60f, -0x1p60f};
    for (size_t k = 0; u->nparams >= 1 && k < sizeof ps / sizeof ps[0]; k++) {
        float x0 = -1.0f, dy0 = 1.0f, r;
        if (u->bwd(&dy0, &x0, &r, 1, ps[k], u->p1) == VACT_OK)
            unary_extreme_bwd(t, ps[k], u->p1);
        if (u->fwd(&x0, &r, 1, ps[k], u->p1) == VACT_OK)
            unary_extreme_fwd_scaled(t, ps[k], u->p1);
    }
    /* a first parameter that is not a power of two: p0*x is inexact and its
     * low part is as large as 2^-24 |p0*x| (at beta = 1e20, x = -1.7e11, a
     * swish that kept that low part of 2^77 in its held tail exponential
     * was 2^12 ULP off; celu at alpha = 1e20 and x = -1e-20 took x/alpha
     * subnormal: 66 ULP) */
    static const float pn[] = {1e20f, -1e20f};
    for (size_t k = 0; u->nparams >= 1 && k < sizeof pn / sizeof pn[0]; k++) {
        float x0 = -1.0f, r;
        if (u->fwd(&x0, &r, 1, pn[k], u->p1) == VACT_OK)
            unary_extreme_fwd_scaled(t, pn[k], u->p1);
    }

    /* forward at magnitudes near FLT_MAX, where a parameter times x (swish's
     * beta*x) is itself huge and so is its rounding error */
    static const float xb[] = {
        FLT_MAX, -FLT_MAX, 0x1.aab46cp+126f, -0x1.aab46cp+126f, 1e38f, -1e38f,
        0x1p100f, -0x1p100f, 1e30f, -1e30f,
    };
    const size_t nb = sizeof xb / sizeof xb[0];
    vt_sweep fw;
    assert_int_equal(vt_sweep_alloc(&fw, nb), 0);
    fw.u = u;
    fw.first = 0;
    fw.n = nb;
    for (size_t k = 0; k < nb; k++) {
        fw.x[k] = xb[k];
        fw.ref[0][k] = u->ref_fwd(xb[k], u->p0, u->p1);
    }
    float *out = fbuf(nb);
    assert_int_equal(vt_sweep_call(&fw, 0, out), VACT_OK);
    vt_worst wf;
    vt_worst_init(&wf, u->bound[t->tier][0]);
    vt_sweep_score(&fw, 0, out, &wf);
    expect_within("forward", &wf, fw.x, out, fw.ref[0]);
    free(out);
    vt_sweep_free(&fw);
}

/* a gated unit: b and dy from ms against every a, forward and backward */
static void gated_extreme(const tstate *t)
{
    const vt_gated_op *op = t->op;
    vt_gated_set gs;
    const size_t n = NX * NM * NM;
    assert_int_equal(vt_gated_alloc(&gs, n), 0);
    gs.op = op;
    gs.first = 0;
    gs.n = n;
    for (size_t k = 0; k < n; k++) {
        gs.a[k] = xs[k / (NM * NM)];
        gs.b[k] = ms[k / NM % NM];
        gs.dy[k] = ms[k % NM];
    }
    float *o1 = fbuf(n), *o2 = fbuf(n);
    if (t->dir)
        assert_int_equal(op->bwd(gs.dy, gs.a, gs.b, o1, o2, n), VACT_OK);
    else
        assert_int_equal(op->fwd(gs.a, gs.b, o1, n), VACT_OK);
    vt_worst w;
    vt_worst_init(&w, bound_of(t, op->bound));
    vt_gated_score(&gs, t->dir, o1, o2, &w);
    if (w.over) {
        const size_t k = w.first_over;
        fail_msg("%s %s: %llu results beyond %g ULP, the first at a = %a, b = %a, dy = %a: "
                 "%a, %a", op->name, t->dir ? "backward" : "forward",
                 (unsigned long long)w.over, w.bound, (double)gs.a[k], (double)gs.b[k],
                 (double)gs.dy[k], (double)o1[k], t->dir ? (double)o2[k] : 0.0);
    }
    print_message("max %.3g ULP (bound %g)\n", w.err, w.bound);
    free(o1);
    free(o2);
    vt_gated_free(&gs);
}

/* softmax backward on rows of gradients near FLT_MAX, y uniform */
static void rows_extreme(const tstate *t)
{
    const vt_rows_op *op = t->op;
    if (!t->dir)
        return;
    const float M = FLT_MAX;
    static const float rows[][4] = {
        {FLT_MAX, -FLT_MAX, FLT_MAX, 0.0f}, {FLT_MAX, FLT_MAX, 0.0f, 0.0f},
        {FLT_MAX, FLT_MAX, FLT_MAX, FLT_MAX}, {-FLT_MAX, 0x1p127f, 1.0f, -3.0f},
    };
    const int logsm = strcmp(op->name, "log_softmax") == 0;
    float y[4], dx[4];
    long double ref[4], terms[4];
    for (int k = 0; k < 4; k++)
        y[k] = logsm ? -1.38629436f : 0.25f; /* log 1/4 or 1/4 */
    vt_worst w;
    vt_worst_init(&w, bound_of(t, op->bound));
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        assert_int_equal(op->bwd(rows[r], y, dx, 1, 4), VACT_OK);
        op->ref_bwd(rows[r], y, ref, 4);
        op->bwd_terms(rows[r], y, terms, 4);
        for (int k = 0; k < 4; k++)
            vt_worst_add(&w, vt_ulp_terms(dx[k], ref[k], terms[k]), r * 4 + (size_t)k, rows[r][k]);
        if (w.over)
            fail_msg("%s backward, row %zu (M = %a): dx = %a %a %a %a, exact %La %La %La %La",
                     op->name, r, (double)M, (double)dx[0], (double)dx[1], (double)dx[2],
                     (double)dx[3], ref[0], ref[1], ref[2], ref[3]);
    }
    print_message("max %.3g ULP (bound %g)\n", w.err, w.bound);
}

static void t_extreme(void **state)
{
    const tstate *t = *state;
    enter_ref(t);
    switch (t->kind) {
    case KIND_UNARY: unary_extreme(t); break;
    case KIND_GATED: gated_extreme(t); break;
    case KIND_ROWS: rows_extreme(t); break;
    default: break;
    }
}

void extreme_tests(const char *group, const tpath *p)
{
    const void *op;
    if ((op = VT_FIND(vt_unary_ops, vt_n_unary, group)) && p->dir)
        add_case(group, KIND_UNARY, op, p, "extreme", t_extreme);
    if ((op = VT_FIND(vt_gated_ops, vt_n_gated, group)))
        add_case(group, KIND_GATED, op, p, "extreme", t_extreme);
    if ((op = VT_FIND(vt_rows_ops, vt_n_rows, group)) && p->dir)
        add_case(group, KIND_ROWS, op, p, "extreme", t_extreme);
}
