/* SPDX-License-Identifier: MIT */
/* Element-wise ops: the sweep against the reference, special values, tails
 * and offsets, in place, bit-identity of the exact ops across paths, and
 * every error status. */
#include "harness.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BIG_N 4099

static const vt_unary *U(const tstate *t) { return t->op; }

/* The sweep inputs and their reference, shared by every path and tier. */
static vt_sweep sw;

static void sweep_prepare(const vt_unary *u)
{
    if (sw.u == u)
        return;
    const size_t n = sweep_n();
    if (sw.cap < n) {
        vt_sweep_free(&sw);
        assert_int_equal(vt_sweep_alloc(&sw, n), 0);
    }
    vt_sweep_fill(&sw, u, 0, n, n, VT_FWD | VT_BWD);
}

static void t_unary_sweep(void **state)
{
    const tstate *t = *state;
    const vt_unary *u = U(t);
    enter_ref(t);
    sweep_prepare(u);
    float *out = fbuf(sw.n);
    assert_int_equal(vt_sweep_call(&sw, t->dir, out), VACT_OK);
    vt_worst w;
    vt_worst_init(&w, bound_of(t, u->bound));
    vt_sweep_score(&sw, t->dir, out, &w);
    expect_within(t->dir ? "backward" : "forward", &w, t->dir ? sw.s : sw.x, out,
                  sw.ref[t->dir]);
    free(out);
}

/* Special values as x (and as y for ops whose backward takes y), against the
 * reference, at the parameters p0, p1; a NaN gradient gives NaN for every
 * saved value. */
static void unary_special(const tstate *t, float p0, float p1)
{
    const vt_unary *u = U(t);
    float x[N_SPECIALS], s[N_SPECIALS], dy[N_SPECIALS], out[N_SPECIALS];
    long double ref[N_SPECIALS];
    vt_worst w;
    vt_worst_init(&w, bound_of(t, u->bound));
    for (size_t i = 0; i < N_SPECIALS; i++) {
        x[i] = vt_bits_float(specials[i]);
        s[i] = u->saved_y ? (float)u->ref_fwd(x[i], p0, p1) : x[i];
        dy[i] = vt_dy(i);
    }
    if (t->dir == 0) {
        for (size_t i = 0; i < N_SPECIALS; i++)
            ref[i] = u->ref_fwd(x[i], p0, p1);
        assert_int_equal(u->fwd(x, out, N_SPECIALS, p0, p1), VACT_OK);
        vt_score(&w, 0, x, out, ref, NULL, N_SPECIALS);
        expect_within("special x", &w, x, out, ref);
        for (size_t i = 0; i < 4; i++)
            assert_true(isnan(out[i]));
        return;
    }
    long double terms[N_SPECIALS];
    for (size_t i = 0; i < N_SPECIALS; i++) {
        ref[i] = u->ref_bwd(dy[i], s[i], p0, p1);
        terms[i] = u->bwd_terms ? u->bwd_terms(dy[i], s[i], p0, p1) : 0;
    }
    assert_int_equal(u->bwd(dy, s, out, N_SPECIALS, p0, p1), VACT_OK);
    vt_score(&w, 0, s, out, ref, u->bwd_terms ? terms : NULL, N_SPECIALS);
    expect_within("special saved", &w, s, out, ref);
    for (size_t i = 0; i < N_SPECIALS; i++)
        dy[i] = vt_bits_float(0x7fc00000u);
    assert_int_equal(u->bwd(dy, s, out, N_SPECIALS, p0, p1), VACT_OK);
    for (size_t i = 0; i < N_SPECIALS; i++)
        if (!isnan(out[i]))
            fail_msg("NaN dy with saved %a gave %a", (double)s[i], (double)out[i]);
}

static void t_unary_special(void **state)
{
    const tstate *t = *state;
    enter_ref(t);
    unary_special(t, U(t)->p0, U(t)->p1);
}

/* Degenerate parameters: the first parameter 0 (a zero slope or gate) keeps
 * the special-value rules: the limit where one exists, not NaN
 * (leaky_relu(-inf, 0) = -0, swish(+-inf, 0) = +-inf, swish'(x, 0) = 1/2),
 * and a zero result has the sign of the product it stands for. */
static void t_unary_degenerate(void **state)
{
    const tstate *t = *state;
    const vt_unary *u = U(t);
    enter_ref(t);
    unary_special(t, 0.0f, u->p1);
    unary_special(t, -0.0f, u->p1);
    float x[3] = {-INFINITY, INFINITY, -1.0f}, y[3], dy[3] = {1.5f, -2.0f, 0.25f};
    if (!strcmp(u->name, "leaky_relu")) {
        static const float alpha[2] = {0.0f, -0.0f};
        for (int k = 0; k < 2; k++) {
            if (t->dir == 0) {
                assert_int_equal(u->fwd(x, y, 3, alpha[k], u->p1), VACT_OK);
                const uint32_t z = k ? 0u : 0x80000000u; /* x*alpha for x < 0 */
                if (vt_float_bits(y[0]) != z || vt_float_bits(y[2]) != z)
                    fail_msg("leaky_relu(-inf, %g) = %a, (-1) gives %a", (double)alpha[k],
                             (double)y[0], (double)y[2]);
            } else {
                assert_int_equal(u->bwd(dy, x, y, 3, alpha[k], u->p1), VACT_OK);
                assert_true(y[0] == 0.0f && y[1] == dy[1] && y[2] == 0.0f);
            }
        }
    }
    if (!strcmp(u->name, "swish")) {
        if (t->dir == 0) {
            assert_int_equal(u->fwd(x, y, 3, 0.0f, u->p1), VACT_OK);
            assert_true(y[0] == -INFINITY && y[1] == INFINITY && y[2] == -0.5f);
        } else {
            assert_int_equal(u->bwd(dy, x, y, 3, 0.0f, u->p1), VACT_OK);
            for (int i = 0; i < 3; i++)
                if (y[i] != dy[i] * 0.5f)
                    fail_msg("swish'(%g, beta = 0) gave %a", (double)x[i], (double)y[i]);
        }
    }
}

static vact_status call(const tstate *t, const float *x, const float *dy, const float *s,
                        float *out, size_t n);

/* hardsigmoid, hardswish: the same bits as PyTorch's CPU formulas
 * (tests/ref) for every finite x where PyTorch's x*6 does not overflow,
 * and hardsigmoid's backward too (hardswish's backward keeps its accurate
 * form: PyTorch's dy*(x/3 + 1/2) cancels at x = -1.5).  Inputs: bit
 * patterns spread over [-4.5, 4.5], every float next to -3, 0 and 3, and
 * large x. */
static void t_unary_torch(void **state)
{
    const tstate *t = *state;
    const vt_unary *u = U(t);
    enter(t);
    const int hsig = !strcmp(u->name, "hardsigmoid");
    const size_t n = sweep_n() + 3 * 2048 + 4096;
    float *x = fbuf(n), *dy = fbuf(n), *out = fbuf(n);
    size_t k = 0;
    const uint32_t lo = vt_float_bits(4.5f); /* |x| <= 4.5: bits 0 .. lo, either sign */
    for (size_t i = 0; i < sweep_n(); i++) {
        const uint32_t h = vt_hash32((uint32_t)i * 2654435761u + 1u);
        x[k++] = vt_bits_float((h % (lo + 1)) | (h & 0x80000000u));
    }
    static const float centres[3] = {-3.0f, 0.0f, 3.0f};
    for (int c = 0; c < 3; c++) {
        float a = centres[c], b = centres[c];
        for (int j = 0; j < 1024; j++) {
            x[k++] = a = nextafterf(a, -INFINITY);
            x[k++] = b = nextafterf(b, INFINITY);
        }
    }
    for (size_t j = 0; j < 4096; j++) /* 3 .. 2^124 */
        x[k++] = vt_bits_float(0x40400000u + (uint32_t)j * ((0x7d800000u - 0x40400000u) / 4096));
    for (size_t i = 0; i < n; i++)
        dy[i] = vt_dy(i);
    if (t->dir == 0)
        assert_int_equal(u->fwd(x, out, n, u->p0, u->p1), VACT_OK);
    else
        assert_int_equal(u->bwd(dy, x, out, n, u->p0, u->p1), VACT_OK);
    size_t diff = 0, first = 0;
    for (size_t i = 0; i < n; i++) {
        float want;
        if (t->dir == 0)
            want = hsig ? ref_torch_hardsigmoid(x[i]) : ref_torch_hardswish(x[i]);
        else if (-3.0f < x[i] && x[i] < 3.0f)
            want = ref_torch_hardsigmoid_bwd(dy[i], x[i]);
        else
            want = dy[i] * 0.0f; /* vact: dy*0 where PyTorch writes +0 */
        if (vt_float_bits(out[i]) != vt_float_bits(want) && !diff++)
            first = i;
    }
    if (diff)
        fail_msg("%zu of %zu results differ from PyTorch's formula, first at x = %a: got %a, "
                 "PyTorch %a", diff, n, (double)x[first], (double)out[first],
                 (double)(t->dir ? ref_torch_hardsigmoid_bwd(dy[first], x[first])
                                 : hsig ? ref_torch_hardsigmoid(x[first])
                                        : ref_torch_hardswish(x[first])));
    free(x); free(dy); free(out);
}

/* Signed zeros: f(+0) and f(-0) as each op's block in vact.h states them,
 * and every zero result of the special values (forward and backward) with
 * the same sign as the scalar path's HIGH tier: the sign of a zero is the
 * same on every path and in both tiers. */
static const struct { const char *op; uint32_t pz, nz; } zero_signs[] = {
    {"relu", 0, 0},           {"leaky_relu", 0, 0x80000000u}, {"hardtanh", 0, 0x80000000u},
    {"tanh", 0, 0x80000000u}, {"gelu", 0, 0x80000000u},       {"gelu_tanh", 0, 0x80000000u},
    {"elu", 0, 0x80000000u},  {"selu", 0, 0x80000000u},       {"silu", 0, 0x80000000u},
    {"swish", 0, 0x80000000u}, {"mish", 0, 0x80000000u},      {"hardswish", 0, 0x80000000u},
    {"softsign", 0, 0x80000000u},
};
static void t_unary_zeros(void **state)
{
    const tstate *t = *state;
    const vt_unary *u = U(t);
    enter(t);
    if (t->dir == 0)
        for (size_t k = 0; k < sizeof zero_signs / sizeof zero_signs[0]; k++) {
            if (strcmp(zero_signs[k].op, u->name))
                continue;
            float z[2] = {0.0f, -0.0f}, y[2];
            assert_int_equal(u->fwd(z, y, 2, u->p0, u->p1), VACT_OK);
            if (vt_float_bits(y[0]) != zero_signs[k].pz || vt_float_bits(y[1]) != zero_signs[k].nz)
                fail_msg("%s(+0) = %a, %s(-0) = %a", u->name, (double)y[0], u->name, (double)y[1]);
        }
    enum { N = N_SPECIALS };
    float x[N], s[N], dy[N], out[N], gold[N];
    for (size_t i = 0; i < N; i++) {
        x[i] = vt_bits_float(specials[i]);
        s[i] = vt_saved(u, x[i]);
        dy[i] = i % 2 ? -vt_dy(i) : vt_dy(i);
    }
    assert_int_equal(call(t, x, dy, s, out, N), VACT_OK);
    assert_int_equal(vact_isa_force(VACT_ISA_SCALAR), VACT_OK);
    assert_int_equal(vact_accuracy_set(VACT_ACCURACY_HIGH), VACT_OK);
    assert_int_equal(call(t, x, dy, s, gold, N), VACT_OK);
    for (size_t i = 0; i < N; i++)
        if ((out[i] == 0.0f || gold[i] == 0.0f) && vt_float_bits(out[i]) != vt_float_bits(gold[i]))
            fail_msg("%s at %a: %a, the scalar path's HIGH tier gives %a", t->dir ? "backward" : "forward",
                     (double)(t->dir ? s[i] : x[i]), (double)out[i], (double)gold[i]);
}

/* elu and selu below x = -20, where expm1 rounds to -1: every x gives the
 * bits of x = -inf (-alpha, -scale*alpha), x = -20 itself included, which
 * the kernels hold the tail to rather than select -1 there; each lane among
 * lanes near 0, so a vector's other lanes cannot hide it. */
static void t_unary_saturated(void **state)
{
    const tstate *t = *state;
    const vt_unary *u = U(t);
    enter(t);
    static const float tail[] = {-20.0f, -0x1.400002p+4f, -21.0f, -50.0f, -87.5f, -104.0f,
                                 -1e20f, -0x1.fffffep127f, -INFINITY};
    enum { NT = sizeof tail / sizeof tail[0], W = 19 };
    float x[NT * W], y[NT * W], inf = -INFINITY, yinf;
    for (size_t k = 0; k < NT * W; k++)
        x[k] = k % W == 7 ? tail[k / W] : (float)(k % W) * 0x1p-4f - 0.5f;
    assert_int_equal(u->fwd(&inf, &yinf, 1, u->p0, u->p1), VACT_OK);
    assert_int_equal(u->fwd(x, y, NT * W, u->p0, u->p1), VACT_OK);
    const float want = (float)u->ref_fwd(-1e4, u->p0, u->p1); /* -alpha, -scale*alpha */
    if (vt_float_bits(yinf) != vt_float_bits(want))
        fail_msg("%s(-inf) = %a, not %a", u->name, (double)yinf, (double)want);
    for (size_t k = 7; k < NT * W; k += W)
        if (vt_float_bits(y[k]) != vt_float_bits(yinf))
            fail_msg("%s(%a) = %a, %s(-inf) = %a", u->name, (double)x[k], (double)y[k], u->name,
                     (double)yinf);
}

static vact_status call(const tstate *t, const float *x, const float *dy, const float *s,
                        float *out, size_t n)
{
    const vt_unary *u = U(t);
    return t->dir == 0 ? u->fwd(x, out, n, u->p0, u->p1) : u->bwd(dy, s, out, n, u->p0, u->p1);
}

/* The positional cases' inputs (fill_inputs) in buffers of cap floats, and
 * gold: one call's result on the first n, which every other call must equal. */
typedef struct posin { float *x, *dy, *s, *gold; } posin;

static posin posin_make(const tstate *t, size_t n, size_t cap)
{
    posin in = {fbuf(cap), fbuf(cap), fbuf(cap), fbuf(n)};
    fill_inputs(in.x, in.dy, in.s, U(t), n);
    assert_int_equal(call(t, in.x, in.dy, in.s, in.gold, n), VACT_OK);
    return in;
}

static void posin_free(posin *in)
{
    free(in->x); free(in->dy); free(in->s); free(in->gold);
}

/* Every n in 0..UNROLL_MAX_N plus large ones, input and output offsets 0..3,
 * canaries on both sides of the output: results equal one long call's bit
 * for bit, and nothing outside [0, n) is written. */
static void t_unary_tails(void **state)
{
    const tstate *t = *state;
    enter(t);
    posin in = posin_make(t, BIG_N, BIG_N + 8);
    const float *x = in.x, *dy = in.dy, *s = in.s, *gold = in.gold;
    float *out = fbuf(BIG_N + 16);
    float *xi = fbuf(BIG_N + 8), *dyi = fbuf(BIG_N + 8), *si = fbuf(BIG_N + 8);
    static const size_t bigs[] = {1000, 1023, BIG_N};
    for (size_t k = 0; k <= UNROLL_MAX_N + 3; k++) {
        const size_t n = k <= UNROLL_MAX_N ? k : bigs[k - UNROLL_MAX_N - 1];
        for (size_t io = 0; io < 4; io++)
            for (size_t oo = 0; oo < 4; oo++) {
                memcpy(xi + io, x, n * sizeof(float));
                memcpy(dyi + io, dy, n * sizeof(float));
                memcpy(si + (3 - io), s, n * sizeof(float));
                fill_canary(out, BIG_N + 16);
                float *o = out + 4 + oo;
                assert_int_equal(call(t, xi + io, dyi + io, si + (3 - io), o, n), VACT_OK);
                for (size_t i = 0; i < 4 + oo; i++)
                    if (!is_canary(out + i))
                        fail_msg("n=%zu offsets %zu/%zu: wrote before the output", n, io, oo);
                for (size_t i = 4 + oo + n; i < BIG_N + 16; i++)
                    if (!is_canary(out + i))
                        fail_msg("n=%zu offsets %zu/%zu: wrote past n at %zu", n, io, oo,
                                 i - 4 - oo);
                if (!same(o, gold, n))
                    fail_msg("n=%zu offsets %zu/%zu: differs from the long call", n, io, oo);
            }
    }
    posin_free(&in);
    free(out); free(xi); free(dyi); free(si);
}

/* In place: y == x (forward); dx == dy and dx == s (backward). */
static void t_unary_inplace(void **state)
{
    const tstate *t = *state;
    enter(t);
    const size_t n = 999;
    posin in = posin_make(t, n, n);
    const float *x = in.x, *dy = in.dy, *s = in.s, *gold = in.gold;
    float *io = fbuf(n);
    if (t->dir == 0) {
        memcpy(io, x, n * sizeof(float));
        assert_int_equal(call(t, io, NULL, NULL, io, n), VACT_OK);
        assert_same(io, gold, n);
    } else {
        memcpy(io, dy, n * sizeof(float));
        assert_int_equal(call(t, NULL, io, s, io, n), VACT_OK);
        assert_same(io, gold, n);
        memcpy(io, s, n * sizeof(float));
        assert_int_equal(call(t, NULL, dy, io, io, n), VACT_OK);
        assert_same(io, gold, n);
    }
    posin_free(&in);
    free(io);
}

/* Exact ops give the same bits on every path (compared with scalar). */
static void t_unary_identical(void **state)
{
    const tstate *t = *state;
    enter(t);
    const size_t n = 4099;
    posin in = posin_make(t, n, n);
    float *b = fbuf(n);
    assert_int_equal(vact_isa_force(VACT_ISA_SCALAR), VACT_OK);
    assert_int_equal(call(t, in.x, in.dy, in.s, b, n), VACT_OK);
    assert_same(in.gold, b, n);
    posin_free(&in);
    free(b);
}

/* Every status of the contract, with the output left untouched. */
static void t_unary_errors(void **state)
{
    const tstate *t = *state;
    const vt_unary *u = U(t);
    enter(t);
    enum { N = 64 };
    float x[N + 8], dy[N + 8], s[N + 8], out[N + 8], keep[N + 8];
    fill_inputs(x, dy, s, u, N + 8);
    fill_canary(out, N + 8);
    memcpy(keep, out, sizeof out);
    const int bwd = t->dir;
#define CALL(X, DY, S, O, NN, P0, P1)                                                   \
    (bwd ? u->bwd((DY), (S), (O), (NN), (P0), (P1)) : u->fwd((X), (O), (NN), (P0), (P1)))
    /* NULL with n > 0 */
    assert_int_equal(CALL(NULL, NULL, s, out, N, u->p0, u->p1), VACT_ERR_NULL);
    assert_int_equal(CALL(x, dy, s, NULL, N, u->p0, u->p1), VACT_ERR_NULL);
    if (bwd)
        assert_int_equal(CALL(x, dy, NULL, out, N, u->p0, u->p1), VACT_ERR_NULL);
    /* n == 0 is valid with NULL pointers */
    assert_int_equal(CALL(NULL, NULL, NULL, NULL, 0, u->p0, u->p1), VACT_OK);
    /* parameters outside their domain */
    if (u->nparams >= 1) {
        assert_int_equal(CALL(x, dy, s, out, N, NAN, u->p1), VACT_ERR_ARG);
        assert_int_equal(CALL(x, dy, s, out, N, INFINITY, u->p1), VACT_ERR_ARG);
    }
    if (u->nparams == 2) {
        assert_int_equal(CALL(x, dy, s, out, N, u->p0, NAN), VACT_ERR_ARG);
        assert_int_equal(CALL(x, dy, s, out, N, u->p0, -INFINITY), VACT_ERR_ARG);
    }
    if (!strcmp(u->name, "hardtanh"))
        assert_int_equal(CALL(x, dy, s, out, N, 1.0f, -1.0f), VACT_ERR_ARG);
    if (!strcmp(u->name, "softplus"))
        assert_int_equal(CALL(x, dy, s, out, N, 0.0f, 20.0f), VACT_ERR_ARG);
    /* a size whose byte count overflows: rejected before any access */
    assert_int_equal(CALL(x, dy, s, out, SIZE_MAX / 2, u->p0, u->p1), VACT_ERR_ARG);
    /* partial overlap of the output with an input */
    if (bwd) {
        float buf[2 * N];
        memcpy(buf, dy, sizeof dy);
        memcpy(keep, buf, sizeof buf < sizeof keep ? sizeof buf : sizeof keep);
        assert_int_equal(CALL(NULL, buf, s, buf + 3, N, u->p0, u->p1), VACT_ERR_OVERLAP);
        assert_memory_equal(buf, dy, sizeof dy);
        assert_int_equal(CALL(NULL, dy, buf, buf + 1, N, u->p0, u->p1), VACT_ERR_OVERLAP);
        assert_int_equal(CALL(NULL, buf + 1, s, buf, N, u->p0, u->p1), VACT_ERR_OVERLAP);
    } else {
        memcpy(keep, x, sizeof x);
        assert_int_equal(CALL(x, NULL, NULL, x + 1, N, u->p0, u->p1), VACT_ERR_OVERLAP);
        assert_int_equal(CALL(x + 5, NULL, NULL, x, N, u->p0, u->p1), VACT_ERR_OVERLAP);
        assert_memory_equal(x, keep, sizeof x);
    }
    fill_canary(keep, N + 8);
    assert_memory_equal(out, keep, sizeof out);
#undef CALL
}

void unary_tests(const char *group, const tpath *p)
{
    const vt_unary *u = VT_FIND(vt_unary_ops, vt_n_unary, group);
    if (!u)
        return;
    static const struct { const char *name; void (*fn)(void **); } cases[] = {
        {"sweep", t_unary_sweep}, {"special", t_unary_special}, {"tails", t_unary_tails},
        {"inplace", t_unary_inplace}, {"errors", t_unary_errors}, {"guard", t_guard}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        add_case(u->name, KIND_UNARY, u, p, cases[k].name, cases[k].fn);
    if (u->bound[0][0] <= 0.5 && u->bound[0][1] <= 0.5)
        add_case(u->name, KIND_UNARY, u, p, "identical", t_unary_identical);
    add_case(u->name, KIND_UNARY, u, p, "zeros", t_unary_zeros);
    if (!p->dir && (!strcmp(u->name, "elu") || !strcmp(u->name, "selu")))
        add_case(u->name, KIND_UNARY, u, p, "saturated", t_unary_saturated);
    if (!strcmp(u->name, "hardsigmoid") || (!strcmp(u->name, "hardswish") && !p->dir))
        add_case(u->name, KIND_UNARY, u, p, "torch", t_unary_torch);
    /* a first parameter of 0 is in the op's domain: a zero slope or gate */
    float y;
    if (u->nparams >= 1 && u->fwd(NULL, &y, 0, 0.0f, u->p1) == VACT_OK &&
        u->fwd(NULL, &y, 0, 1.0f, u->p1) == VACT_OK)
        add_case(u->name, KIND_UNARY, u, p, "degenerate", t_unary_degenerate);
}
