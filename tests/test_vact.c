/*
 * vact's test suite (cmocka).  `test_vact GROUP` runs one group: an op name
 * from the registry, or "api".  Every case runs on every path in both
 * accuracy tiers and is named <op>/<fwd|bwd>/<isa>[+fast]/<case>; a path this
 * machine cannot run is reported as skipped, and the "api" group fails when
 * VACT_TEST_REQUIRE names a path that is not available.
 *
 * Results are checked against the independent long double reference in
 * tests/ref/ with the registry's ULP bounds; positional behaviour (tails,
 * offsets, in place) is checked bit for bit against one long call.
 *
 * VACT_TEST_SWEEP sets the number of sampled bit patterns per sweep
 * (default 2^20).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fenv.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ref/ref.h"
#include "support.h"

#define UNROLL_MAX_N (3 * 4 * 16 + 1) /* 3 x unroll x widest vector + 1 */
#define BIG_N 4099
#define CANARY 0x7fa5a5a5u          /* a NaN nobody computes */

typedef struct tstate {
    const char *name;
    int op;        /* index into vt_unary_ops, or -1 for special groups */
    vact_isa isa;
    int tier;
    int dir;       /* 0 fwd, 1 bwd */
} tstate;

static size_t sweep_n(void)
{
    const char *s = getenv("VACT_TEST_SWEEP");
    size_t n = s ? strtoull(s, NULL, 10) : 0;
    return n ? n : (size_t)1 << 20;
}

/* Route to the state's path and tier, or skip the test. */
static void enter(const tstate *t)
{
    /* VACT_TEST_ONLY=scalar,...: run only those paths (valgrind cannot run
     * AVX-512); the others are reported as skipped */
    const char *only = getenv("VACT_TEST_ONLY");
    if (only && !strstr(only, vact_isa_name(t->isa)))
        skip();
    if (!vact_isa_available(t->isa))
        skip();
    assert_int_equal(vact_isa_force(t->isa), VACT_OK);
    assert_int_equal(vact_accuracy_set((vact_accuracy)t->tier), VACT_OK);
}

/* Under valgrind, long double is computed in 64-bit precision, so cases that
 * compare with the long double reference are skipped (and reported so);
 * the memory checks are what valgrind is for.  tools/test.sh sets it. */
static void enter_ref(const tstate *t)
{
    if (getenv("VACT_TEST_NO_LDBL"))
        skip();
    enter(t);
}

static float *fbuf(size_t n)
{
    float *p = malloc((n ? n : 1) * sizeof(float));
    assert_non_null(p);
    return p;
}

static void fill_canary(float *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t b = CANARY;
        memcpy(p + i, &b, 4);
    }
}
static int is_canary(const float *p) { return vt_float_bits(*p) == CANARY; }

/* Bit for bit, except that any NaN matches any NaN: which operand's payload
 * an instruction propagates is not part of the contract. */
static int same(const float *a, const float *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (vt_float_bits(a[i]) != vt_float_bits(b[i]) && !(isnan(a[i]) && isnan(b[i])))
            return 0;
    return 1;
}
#define assert_same(a, b, n) assert_true(same((a), (b), (n)))

static double bound_of(const tstate *t, const double b[2][2]) { return b[t->tier][t->dir]; }

/* ---- element-wise ops --------------------------------------------------------- */
static const uint32_t specials[] = {
    0x7fc00000u, 0xffc00000u, 0x7f800001u, 0x7fc12345u,       /* NaNs, one signalling */
    0x7f800000u, 0xff800000u, 0x00000000u, 0x80000000u,       /* +-inf, +-0 */
    0x00000001u, 0x80000001u, 0x007fffffu, 0x807fffffu,       /* subnormals */
    0x00800000u, 0x80800000u, 0x7f7fffffu, 0xff7fffffu,       /* FLT_MIN, FLT_MAX */
    0x3f800000u, 0xbf800000u, 0x3f000000u, 0xbf000000u,       /* +-1, +-0.5 */
    0x41a00000u, 0xc1a00000u, 0x42b17218u, 0xc2b17218u,       /* +-20, +-88.72 */
    0xc2d00000u, 0xc2c80000u, 0xc1200000u, 0xc1500000u,       /* -104, -100, -10, -13 */
    0x40400000u, 0xc0400000u, 0x3e800000u, 0xbf40af00u,       /* +-3, 0.25, -0.7527 */
    0x5f800000u, 0xdf800000u, 0x2f800000u, 0xaf800000u,       /* +-2^64, +-2^-32 */
};
#define N_SPECIALS (sizeof specials / sizeof specials[0])

static const vt_unary *U(const tstate *t) { return &vt_unary_ops[t->op]; }

/* The sweep inputs and their reference, shared by every path and tier. */
static struct {
    int op;
    size_t n;
    float *x, *dy, *s;
    long double *rf, *rb, *terms;
} sw = {-1, 0, NULL, NULL, NULL, NULL, NULL, NULL};

static void sweep_prepare(int op)
{
    if (sw.op == op)
        return;
    const vt_unary *u = &vt_unary_ops[op];
    sw.op = op;
    sw.n = sweep_n();
    sw.x = realloc(sw.x, sw.n * sizeof(float));
    sw.dy = realloc(sw.dy, sw.n * sizeof(float));
    sw.s = realloc(sw.s, sw.n * sizeof(float));
    sw.rf = realloc(sw.rf, sw.n * sizeof(long double));
    sw.rb = realloc(sw.rb, sw.n * sizeof(long double));
    sw.terms = realloc(sw.terms, sw.n * sizeof(long double));
    assert_true(sw.x && sw.dy && sw.s && sw.rf && sw.rb && sw.terms);
    for (size_t i = 0; i < sw.n; i++) {
        sw.x[i] = vt_bits_float(vt_sweep_bits(i, sw.n));
        sw.rf[i] = u->ref_fwd(sw.x[i], u->p0, u->p1);
        sw.dy[i] = vt_dy(i);
        sw.s[i] = u->saved_y ? (float)sw.rf[i] : sw.x[i];
        sw.rb[i] = u->ref_bwd(sw.dy[i], sw.s[i], u->p0, u->p1);
        if (u->bwd_terms)
            sw.terms[i] = u->bwd_terms(sw.dy[i], sw.s[i], u->p0, u->p1);
    }
}

/* terms (may be NULL): the size of the terms that cancel in each result,
 * for the ops whose error is published in ULP of that size (support.h). */
static void check_results_t(const char *what, const float *in, const float *got,
                            const long double *ref, const long double *terms, size_t n,
                            double bound)
{
    double worst = 0;
    size_t at = 0, bad = 0;
    for (size_t i = 0; i < n; i++) {
        double e = terms ? vt_ulp_terms(got[i], ref[i], terms[i]) : vt_ulp(got[i], ref[i]);
        if (e > worst || (isnan(e) && !isnan(worst)))
            worst = e, at = i;
        bad += !(e <= bound);
    }
    if (n)
        print_message("%s: max %.3g ULP (bound %g) at input %a: got %a, ref %La\n", what,
                      worst, bound, (double)in[at], (double)got[at], ref[at]);
    if (bad)
        fail_msg("%s: %zu of %zu results beyond %g ULP", what, bad, n, bound);
}
static void check_results(const char *what, const float *in, const float *got,
                          const long double *ref, size_t n, double bound)
{
    check_results_t(what, in, got, ref, NULL, n, bound);
}

static void t_unary_sweep(void **state)
{
    const tstate *t = *state;
    const vt_unary *u = U(t);
    enter_ref(t);
    sweep_prepare(t->op);
    float *out = fbuf(sw.n);
    if (t->dir == 0) {
        assert_int_equal(u->fwd(sw.x, out, sw.n, u->p0, u->p1), VACT_OK);
        check_results("forward", sw.x, out, sw.rf, sw.n, bound_of(t, u->bound));
    } else {
        assert_int_equal(u->bwd(sw.dy, sw.s, out, sw.n, u->p0, u->p1), VACT_OK);
        check_results_t("backward", sw.s, out, sw.rb, u->bwd_terms ? sw.terms : NULL, sw.n,
                        bound_of(t, u->bound));
    }
    free(out);
}

/* Special values as x (and as y for ops whose backward takes y), against the
 * reference; a NaN gradient gives NaN for every saved value. */
static void t_unary_special(void **state)
{
    const tstate *t = *state;
    const vt_unary *u = U(t);
    enter_ref(t);
    float x[N_SPECIALS], s[N_SPECIALS], dy[N_SPECIALS], out[N_SPECIALS];
    long double ref[N_SPECIALS];
    for (size_t i = 0; i < N_SPECIALS; i++) {
        x[i] = vt_bits_float(specials[i]);
        s[i] = u->saved_y ? (float)u->ref_fwd(x[i], u->p0, u->p1) : x[i];
        dy[i] = vt_dy(i);
    }
    if (t->dir == 0) {
        for (size_t i = 0; i < N_SPECIALS; i++)
            ref[i] = u->ref_fwd(x[i], u->p0, u->p1);
        assert_int_equal(u->fwd(x, out, N_SPECIALS, u->p0, u->p1), VACT_OK);
        check_results("special x", x, out, ref, N_SPECIALS, bound_of(t, u->bound));
        for (size_t i = 0; i < 4; i++)
            assert_true(isnan(out[i]));
        return;
    }
    long double terms[N_SPECIALS];
    for (size_t i = 0; i < N_SPECIALS; i++) {
        ref[i] = u->ref_bwd(dy[i], s[i], u->p0, u->p1);
        terms[i] = u->bwd_terms ? u->bwd_terms(dy[i], s[i], u->p0, u->p1) : 0;
    }
    assert_int_equal(u->bwd(dy, s, out, N_SPECIALS, u->p0, u->p1), VACT_OK);
    check_results_t("special saved", s, out, ref, u->bwd_terms ? terms : NULL, N_SPECIALS,
                    bound_of(t, u->bound));
    for (size_t i = 0; i < N_SPECIALS; i++)
        dy[i] = vt_bits_float(0x7fc00000u);
    assert_int_equal(u->bwd(dy, s, out, N_SPECIALS, u->p0, u->p1), VACT_OK);
    for (size_t i = 0; i < N_SPECIALS; i++)
        if (!isnan(out[i]))
            fail_msg("NaN dy with saved %a gave %a", (double)s[i], (double)out[i]);
}

/* Inputs for positional tests: ordinary values with specials mixed in. */
static void fill_inputs(float *x, float *dy, float *s, const vt_unary *u, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t h = vt_hash32((uint32_t)i + 77u);
        x[i] = (h % 13 == 0) ? vt_bits_float(specials[h % N_SPECIALS])
                             : ((float)(h >> 8) * 0x1p-24f - 0.5f) * 24.0f;
        dy[i] = vt_dy(i);
        s[i] = vt_saved(u, x[i]);
    }
}

static vact_status call(const tstate *t, const float *x, const float *dy, const float *s,
                        float *out, size_t n)
{
    const vt_unary *u = U(t);
    return t->dir == 0 ? u->fwd(x, out, n, u->p0, u->p1) : u->bwd(dy, s, out, n, u->p0, u->p1);
}

/* Every n in 0..UNROLL_MAX_N plus large ones, input and output offsets 0..3,
 * canaries on both sides of the output: results equal one long call's bit
 * for bit, and nothing outside [0, n) is written. */
static void t_unary_tails(void **state)
{
    const tstate *t = *state;
    enter(t);
    float *x = fbuf(BIG_N + 8), *dy = fbuf(BIG_N + 8), *s = fbuf(BIG_N + 8);
    float *gold = fbuf(BIG_N), *out = fbuf(BIG_N + 16);
    float *xi = fbuf(BIG_N + 8), *dyi = fbuf(BIG_N + 8), *si = fbuf(BIG_N + 8);
    fill_inputs(x, dy, s, U(t), BIG_N);
    assert_int_equal(call(t, x, dy, s, gold, BIG_N), VACT_OK);
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
    free(x); free(dy); free(s); free(gold); free(out); free(xi); free(dyi); free(si);
}

/* In place: y == x (forward); dx == dy and dx == s (backward). */
static void t_unary_inplace(void **state)
{
    const tstate *t = *state;
    enter(t);
    const size_t n = 999;
    float *x = fbuf(n), *dy = fbuf(n), *s = fbuf(n), *gold = fbuf(n), *io = fbuf(n);
    fill_inputs(x, dy, s, U(t), n);
    assert_int_equal(call(t, x, dy, s, gold, n), VACT_OK);
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
    free(x); free(dy); free(s); free(gold); free(io);
}

/* Exact ops give the same bits on every path (compared with scalar). */
static void t_unary_identical(void **state)
{
    const tstate *t = *state;
    enter(t);
    const size_t n = 4099;
    float *x = fbuf(n), *dy = fbuf(n), *s = fbuf(n), *a = fbuf(n), *b = fbuf(n);
    fill_inputs(x, dy, s, U(t), n);
    assert_int_equal(call(t, x, dy, s, a, n), VACT_OK);
    assert_int_equal(vact_isa_force(VACT_ISA_SCALAR), VACT_OK);
    assert_int_equal(call(t, x, dy, s, b, n), VACT_OK);
    assert_same(a, b, n);
    free(x); free(dy); free(s); free(a); free(b);
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

/* ---- guard pages ---------------------------------------------------------------------
 * Every input and output ends exactly at a PROT_NONE page (and so starts at
 * every alignment as n varies): a kernel that touches one float past n, which
 * a masked vector load can do without ASan noticing, dies here. */
typedef struct { void *base; size_t len; } gmap;
static float *guard_alloc(size_t n, gmap *m)
{
    const size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    const size_t data = (n * sizeof(float) + pg - 1) / pg;
    m->len = (data + 1) * pg;
    m->base = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(m->base != MAP_FAILED);
    assert_int_equal(mprotect((char *)m->base + data * pg, pg, PROT_NONE), 0);
    float *p = (float *)((char *)m->base + data * pg) - n;
    for (size_t i = 0; i < n; i++)
        p[i] = ((float)(vt_hash32((uint32_t)i) >> 8) * 0x1p-24f - 0.5f) * 16.0f;
    return p;
}

static void t_guard(void **state)
{
    const tstate *t = *state;
    enter(t);
    for (size_t n = 0; n <= UNROLL_MAX_N; n++) {
        gmap m[5];
        float *a = guard_alloc(n, &m[0]), *b = guard_alloc(n, &m[1]), *c = guard_alloc(n, &m[2]);
        float *o = guard_alloc(n, &m[3]), *o2 = guard_alloc(n, &m[4]);
        vact_status st;
        const int bwd = t->dir;
        if (t->op >= 0) {
            const vt_unary *u = U(t);
            st = bwd ? u->bwd(a, b, o, n, u->p0, u->p1) : u->fwd(a, o, n, u->p0, u->p1);
        } else if (!strcmp(t->name, "prelu")) { /* NHWC: n channels, and NCHW: inner n */
            st = bwd ? vact_prelu_backward_f32(a, b, c, o, o2, 1, n, 1)
                     : vact_prelu_f32(a, o, c, 1, n, 1);
            if (st == VACT_OK && n)
                st = bwd ? vact_prelu_backward_f32(a, b, c, o, o2, 1, 1, n)
                         : vact_prelu_f32(a, o, c, 1, 1, n);
        } else if (!strcmp(t->name, "rrelu")) {
            st = bwd ? vact_rrelu_backward_f32(a, b, o, n, 0.1f, 0.3f, 7, 0)
                     : vact_rrelu_f32(a, o, n, 0.1f, 0.3f, 7, 0);
        } else if (!strcmp(t->name, "softmax") || !strcmp(t->name, "log_softmax")) {
            const int lg = t->name[0] == 'l';
            const size_t rows = n ? 1 : 0, cols = n ? n : 1;
            st = bwd ? (lg ? vact_log_softmax_backward_f32 : vact_softmax_backward_f32)(a, b, o, rows, cols)
                     : (lg ? vact_log_softmax_f32 : vact_softmax_f32)(a, o, rows, cols);
        } else {
            const int ge = !strcmp(t->name, "geglu");
            st = bwd ? (ge ? vact_geglu_backward_f32 : vact_swiglu_backward_f32)(a, b, c, o, o2, n)
                     : (ge ? vact_geglu_f32 : vact_swiglu_f32)(a, b, o, n);
        }
        assert_int_equal(st, VACT_OK);
        for (int k = 0; k < 5; k++)
            munmap(m[k].base, m[k].len);
    }
}

/* ---- prelu ------------------------------------------------------------------------ */
static void t_prelu(void **state)
{
    const tstate *t = *state;
    enter_ref(t);
    static const size_t shapes[][3] = {
        {2, 3, 37}, {3, 5, 16}, {1, 1, 193}, {37, 19, 1}, {5, 64, 1}, {4, 1, 1}, {2, 7, 3}};
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        const size_t O = shapes[k][0], Cc = shapes[k][1], I = shapes[k][2], n = O * Cc * I;
        float *x = fbuf(n + 1), *dy = fbuf(n), *s = fbuf(n), *y = fbuf(n + 1), *al = fbuf(Cc);
        float *da = fbuf(Cc + 1);
        fill_inputs(x, dy, s, &vt_unary_ops[0], n);
        for (size_t c = 0; c < Cc; c++)
            al[c] = 0.01f + 0.37f * (float)c - (c == 2 ? 1.5f : 0.0f);
        fill_canary(y, n + 1);
        fill_canary(da, Cc + 1);
        if (t->dir == 0) {
            assert_int_equal(vact_prelu_f32(x + 1 - 1, y, al, O, Cc, I), VACT_OK);
        } else {
            assert_int_equal(vact_prelu_backward_f32(dy, x, al, y, da, O, Cc, I), VACT_OK);
            assert_true(is_canary(da + Cc));
        }
        assert_true(is_canary(y + n));
        for (size_t o = 0; o < O; o++)
            for (size_t c = 0; c < Cc; c++) {
                for (size_t i = 0; i < I; i++) {
                    const size_t j = (o * Cc + c) * I + i;
                    long double r = t->dir == 0 ? ref_leaky_relu_fwd(x[j], al[c], 0)
                                                : ref_leaky_relu_bwd(dy[j], x[j], al[c], 0);
                    if (!(vt_ulp(y[j], r) <= 0.5))
                        fail_msg("shape %zux%zux%zu at %zu: got %a, ref %La", O, Cc, I, j,
                                 (double)y[j], r);
                }
            }
        if (t->dir == 1)
            for (size_t c = 0; c < Cc; c++) {
                long double acc = 0;
                for (size_t o = 0; o < O; o++)
                    for (size_t i = 0; i < I; i++) {
                        const size_t j = (o * Cc + c) * I + i;
                        if (x[j] < 0)
                            acc += (long double)dy[j] * x[j];
                    }
                if (!(vt_ulp(da[c], acc) <= 1.0))
                    fail_msg("dalpha[%zu] = %a, ref %La", c, (double)da[c], acc);
            }
        if (t->dir == 1) { /* dalpha: the same bits as the scalar path's */
            float *da2 = fbuf(Cc), *dx2 = fbuf(n);
            assert_int_equal(vact_isa_force(VACT_ISA_SCALAR), VACT_OK);
            assert_int_equal(vact_prelu_backward_f32(dy, x, al, dx2, da2, O, Cc, I), VACT_OK);
            assert_int_equal(vact_isa_force(t->isa), VACT_OK);
            assert_memory_equal(da, da2, Cc * sizeof(float));
            assert_same(y, dx2, n);
            free(da2); free(dx2);
        }
        free(x); free(dy); free(s); free(y); free(al); free(da);
    }
    /* errors: nothing written */
    float x[8] = {-1, 2, -3, 4, -5, 6, -7, 8}, y[8], al[2] = {0.5f, 0.25f}, keep[8];
    fill_canary(y, 8);
    memcpy(keep, y, sizeof y);
    assert_int_equal(vact_prelu_f32(x, y, NULL, 2, 2, 2), VACT_ERR_NULL);
    assert_int_equal(vact_prelu_f32(x, y, al, SIZE_MAX / 2, 4, 1), VACT_ERR_ARG);
    assert_int_equal(vact_prelu_f32(x, x + 1, al, 2, 2, 2), VACT_ERR_OVERLAP);
    assert_int_equal(vact_prelu_f32(NULL, NULL, NULL, 0, 2, 2), VACT_OK);
    assert_int_equal(vact_prelu_backward_f32(x, x, al, y, x + 2, 2, 2, 2), VACT_ERR_OVERLAP);
    assert_int_equal(vact_prelu_backward_f32(x, x, al, y, y + 7, 2, 2, 2), VACT_ERR_OVERLAP);
    /* dalpha may not be an input even exactly: it is written while they are read */
    float g[8] = {1, 2, 3, 4, 5, 6, 7, 8}, a8[8] = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
    assert_int_equal(vact_prelu_backward_f32(g, x, a8, y, g, 1, 8, 1), VACT_ERR_OVERLAP);
    assert_int_equal(vact_prelu_backward_f32(g, x, a8, y, a8, 1, 8, 1), VACT_ERR_OVERLAP);
    assert_int_equal(g[0], 1);
    assert_memory_equal(y, keep, sizeof y);
}

/* ---- rrelu --------------------------------------------------------------------------- */
static void t_rrelu(void **state)
{
    const tstate *t = *state;
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
            assert_int_equal(vact_rrelu_f32(x, a, n, lo, hi, seed, off), VACT_OK);
        else
            assert_int_equal(vact_rrelu_backward_f32(dy, x, a, n, lo, hi, seed, off), VACT_OK);
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
            assert_int_equal(vact_rrelu_f32(x, b, cut, lo, hi, seed, off), VACT_OK);
            assert_int_equal(vact_rrelu_f32(x + cut, b + cut, n - cut, lo, hi, seed, off + cut),
                             VACT_OK);
        } else {
            assert_int_equal(vact_rrelu_backward_f32(dy, x, b, cut, lo, hi, seed, off), VACT_OK);
            assert_int_equal(vact_rrelu_backward_f32(dy + cut, x + cut, b + cut, n - cut, lo, hi,
                                                     seed, off + cut), VACT_OK);
        }
        assert_same(a, b, n);
    }
    fill_canary(a, n);
    memcpy(b, a, n * sizeof(float));
    assert_int_equal(vact_rrelu_f32(x, a, n, hi, lo, 1, 0), VACT_ERR_ARG);
    assert_int_equal(vact_rrelu_f32(x, a, n, NAN, hi, 1, 0), VACT_ERR_ARG);
    assert_int_equal(vact_rrelu_f32(x, a, n, -FLT_MAX, FLT_MAX, 1, 0), VACT_ERR_ARG);
    assert_int_equal(vact_rrelu_f32(NULL, a, n, lo, hi, 1, 0), VACT_ERR_NULL);
    assert_int_equal(vact_rrelu_backward_f32(dy, x, a, n, lo, INFINITY, 1, 0), VACT_ERR_ARG);
    assert_memory_equal(a, b, n * sizeof(float));
    free(x); free(dy); free(a); free(b);
}

/* ---- softmax family ------------------------------------------------------------------ */
typedef enum { ROW_NORMAL, ROW_WIDE, ROW_HUGE, ROW_NEGINF, ROW_ALLNEGINF, ROW_NAN, ROW_POSINF,
               ROW_KINDS } row_kind;

static void make_row(float *x, size_t cols, row_kind kind, uint32_t seed)
{
    for (size_t j = 0; j < cols; j++) {
        uint32_t h = vt_hash32(seed * 7919u + (uint32_t)j);
        float u = (float)(h >> 8) * 0x1p-24f - 0.5f;
        x[j] = kind == ROW_WIDE ? u * 200.0f : u * 8.0f;
        if (kind == ROW_HUGE)
            x[j] = (h & 1) ? 1e30f : -1e30f;
        if (kind == ROW_NEGINF && h % 3 == 0)
            x[j] = -INFINITY;
        if (kind == ROW_ALLNEGINF)
            x[j] = -INFINITY;
    }
    if (kind == ROW_NAN)
        x[cols / 2] = NAN;
    if (kind == ROW_POSINF)
        x[cols / 3] = INFINITY;
    if (kind == ROW_NEGINF)
        x[0] = 0.5f; /* at least one finite entry */
}

static void t_softmax(void **state, int logsm)
{
    const tstate *t = *state;
    enter_ref(t);
    const vt_special *sp = vt_special_find(logsm ? "log_softmax" : "softmax");
    const double bound = bound_of(t, sp->bound);
    static const size_t colsv[] = {1, 2, 3, 7, 16, 17, 63, 100, 1000, 4099, 100000};
    double worst = 0;
    for (size_t ci = 0; ci < sizeof colsv / sizeof colsv[0]; ci++) {
        const size_t cols = colsv[ci], rows = cols > 5000 ? 2 : 3;
        for (int kind = 0; kind < ROW_KINDS; kind++) {
            const size_t n = rows * cols;
            float *x = fbuf(n), *y = fbuf(n + 1), *dy = fbuf(n), *dx = fbuf(n + 1);
            long double *ref = malloc(cols * sizeof(long double));
            long double *terms = malloc(cols * sizeof(long double));
            assert_true(ref && terms);
            for (size_t r = 0; r < rows; r++)
                make_row(x + r * cols, cols, (row_kind)kind, (uint32_t)(r + 31 * ci));
            fill_canary(y, n + 1);
            assert_int_equal((logsm ? vact_log_softmax_f32 : vact_softmax_f32)(x, y, rows, cols),
                             VACT_OK);
            assert_true(is_canary(y + n));
            for (size_t r = 0; r < rows; r++) {
                const float *xr = x + r * cols, *yr = y + r * cols;
                (logsm ? ref_log_softmax_row : ref_softmax_row)(xr, ref, cols);
                for (size_t j = 0; j < cols; j++) {
                    if (t->dir == 1)
                        break;
                    double e = vt_ulp(yr[j], ref[j]);
                    if (!(e <= bound))
                        fail_msg("cols=%zu kind=%d [%zu]: got %a, ref %La (%g ULP)", cols, kind,
                                 j, (double)yr[j], ref[j], e);
                    if (e > worst)
                        worst = e;
                    if (kind == ROW_NEGINF && xr[j] == -INFINITY)
                        assert_true(logsm ? yr[j] == -INFINITY : vt_float_bits(yr[j]) == 0);
                    if (kind >= ROW_ALLNEGINF)
                        assert_true(isnan(yr[j]));
                }
            }
            if (t->dir == 1 && kind <= ROW_NEGINF) {
                /* backward from the (float) forward output */
                for (size_t j = 0; j < n; j++)
                    dy[j] = vt_dy(j + 5 * cols);
                fill_canary(dx, n + 1);
                assert_int_equal((logsm ? vact_log_softmax_backward_f32
                                        : vact_softmax_backward_f32)(dy, y, dx, rows, cols),
                                 VACT_OK);
                assert_true(is_canary(dx + n));
                for (size_t r = 0; r < rows; r++) {
                    (logsm ? ref_log_softmax_bwd_row : ref_softmax_bwd_row)(
                        dy + r * cols, y + r * cols, ref, cols);
                    /* published in ULP of the larger of the two terms that cancel */
                    vt_softmax_bwd_terms(logsm, dy + r * cols, y + r * cols, terms, cols);
                    for (size_t j = 0; j < cols; j++) {
                        double e = vt_ulp_terms(dx[r * cols + j], ref[j], terms[j]);
                        if (!(e <= bound))
                            fail_msg("bwd cols=%zu kind=%d [%zu]: got %a, ref %La (%g ULP)",
                                     cols, kind, j, (double)dx[r * cols + j], ref[j], e);
                        if (e > worst)
                            worst = e;
                    }
                }
                /* in place: dx == dy */
                memcpy(dx, dy, n * sizeof(float));
                assert_int_equal((logsm ? vact_log_softmax_backward_f32
                                        : vact_softmax_backward_f32)(dx, y, dx, rows, cols),
                                 VACT_OK);
                float *chk = fbuf(n);
                assert_int_equal((logsm ? vact_log_softmax_backward_f32
                                        : vact_softmax_backward_f32)(dy, y, chk, rows, cols),
                                 VACT_OK);
                assert_same(dx, chk, n);
                free(chk);
            }
            if (t->dir == 0) { /* in place: y == x */
                memcpy(dx, x, n * sizeof(float));
                assert_int_equal((logsm ? vact_log_softmax_f32 : vact_softmax_f32)(dx, dx, rows,
                                                                                   cols), VACT_OK);
                assert_same(dx, y, n);
            }
            free(x); free(y); free(dy); free(dx); free(ref); free(terms);
        }
    }
    print_message("max %.3g ULP (bound %g)\n", worst, bound);
    /* every tail length with offsets, bit-identical to the aligned call */
    float xb[80], yb[80], gold[80];
    make_row(xb, 80, ROW_NORMAL, 3);
    for (size_t cols = 1; cols <= 70; cols++)
        for (size_t off = 0; off < 4; off++) {
            assert_int_equal((logsm ? vact_log_softmax_f32 : vact_softmax_f32)(xb, gold, 1, cols),
                             VACT_OK);
            float xo[80];
            memcpy(xo + off, xb, cols * sizeof(float));
            fill_canary(yb, 80);
            assert_int_equal((logsm ? vact_log_softmax_f32 : vact_softmax_f32)(xo + off,
                                                                               yb + off, 1, cols),
                             VACT_OK);
            assert_same(yb + off, gold, cols);
            for (size_t j = 0; j < 80; j++)
                if (j < off || j >= off + cols)
                    assert_true(is_canary(yb + j));
        }
    /* errors */
    fill_canary(yb, 80);
    memcpy(gold, yb, sizeof yb);
    assert_int_equal(vact_softmax_f32(xb, yb, 3, 0), VACT_ERR_ARG);
    assert_int_equal(vact_softmax_f32(xb, yb, SIZE_MAX / 2, 4), VACT_ERR_ARG);
    assert_int_equal(vact_log_softmax_f32(NULL, yb, 2, 4), VACT_ERR_NULL);
    assert_int_equal(vact_softmax_f32(xb, xb + 2, 2, 4), VACT_ERR_OVERLAP);
    assert_int_equal(vact_softmax_backward_f32(xb, xb + 8, xb + 1, 2, 4), VACT_ERR_OVERLAP);
    assert_int_equal(vact_log_softmax_backward_f32(xb, NULL, yb, 2, 4), VACT_ERR_NULL);
    assert_int_equal(vact_softmax_f32(NULL, NULL, 0, 0), VACT_OK);
    assert_int_equal(vact_softmax_f32(NULL, NULL, 0, 5), VACT_OK);
    assert_memory_equal(yb, gold, sizeof yb);
}
static void t_softmax_plain(void **state) { t_softmax(state, 0); }
static void t_log_softmax(void **state) { t_softmax(state, 1); }

/* ---- gated --------------------------------------------------------------------------- */
static void t_gated(void **state, int geglu)
{
    const tstate *t = *state;
    enter_ref(t);
    const vt_special *sp = vt_special_find(geglu ? "geglu" : "swiglu");
    const double bound = bound_of(t, sp->bound);
    const vt_unary *act = vt_unary_find(geglu ? "gelu" : "silu");
    assert_true(act && act->bwd_terms);
    const size_t n = sweep_n() / 4 + 3;
    float *a = fbuf(n), *b = fbuf(n), *dy = fbuf(n), *o1 = fbuf(n + 1), *o2 = fbuf(n + 1);
    for (size_t i = 0; i < n; i++) {
        a[i] = vt_bits_float(vt_sweep_bits(i, n));
        b[i] = vt_dy(i + 11);
        dy[i] = vt_dy(i);
    }
    fill_canary(o1, n + 1);
    fill_canary(o2, n + 1);
    double worst = 0;
    if (t->dir == 0) {
        assert_int_equal((geglu ? vact_geglu_f32 : vact_swiglu_f32)(a, b, o1, n), VACT_OK);
        for (size_t i = 0; i < n; i++) {
            long double r = (geglu ? ref_geglu : ref_swiglu)(a[i], b[i]);
            double e = vt_ulp(o1[i], r);
            if (!(e <= bound))
                fail_msg("a=%a b=%a: got %a, ref %La (%g ULP)", (double)a[i], (double)b[i],
                         (double)o1[i], r, e);
            worst = e > worst ? e : worst;
        }
        /* in place on either input */
        memcpy(o2, a, n * sizeof(float));
        assert_int_equal((geglu ? vact_geglu_f32 : vact_swiglu_f32)(o2, b, o2, n), VACT_OK);
        assert_same(o1, o2, n);
        memcpy(o2, b, n * sizeof(float));
        assert_int_equal((geglu ? vact_geglu_f32 : vact_swiglu_f32)(a, o2, o2, n), VACT_OK);
        assert_same(o1, o2, n);
    } else {
        assert_int_equal((geglu ? vact_geglu_backward_f32 : vact_swiglu_backward_f32)(
                             dy, a, b, o1, o2, n), VACT_OK);
        for (size_t i = 0; i < n; i++) {
            long double ra, rb;
            (geglu ? ref_geglu_bwd : ref_swiglu_bwd)(dy[i], a[i], b[i], &ra, &rb);
            /* da: in ULP of the cancelling terms of act' (as for silu, gelu) */
            const long double terms = act->bwd_terms((long double)dy[i] * b[i], a[i], 0, 0);
            double e = fmax(vt_ulp_terms(o1[i], ra, terms), vt_ulp(o2[i], rb));
            if (!(e <= bound))
                fail_msg("a=%a b=%a dy=%a: got %a %a, ref %La %La", (double)a[i], (double)b[i],
                         (double)dy[i], (double)o1[i], (double)o2[i], ra, rb);
            worst = e > worst ? e : worst;
        }
        assert_int_equal((geglu ? vact_geglu_backward_f32 : vact_swiglu_backward_f32)(
                             dy, a, b, o1, o1 + 1, n), VACT_ERR_OVERLAP);
        assert_int_equal((geglu ? vact_geglu_backward_f32 : vact_swiglu_backward_f32)(
                             dy, NULL, b, o1, o2, n), VACT_ERR_NULL);
    }
    assert_true(is_canary(o1 + n));
    assert_true(is_canary(o2 + n));
    print_message("max %.3g ULP (bound %g)\n", worst, bound);
    /* tails with offsets, bit-identical to the long call */
    float xa[80], xb[80], g1[80], g2[80], r1[84], r2[84];
    for (size_t i = 0; i < 80; i++) {
        xa[i] = ((float)(vt_hash32((uint32_t)i) >> 8) * 0x1p-24f - 0.5f) * 16.0f;
        xb[i] = vt_dy(i + 3);
    }
    if (t->dir == 0)
        assert_int_equal((geglu ? vact_geglu_f32 : vact_swiglu_f32)(xa, xb, g1, 80), VACT_OK);
    else
        assert_int_equal((geglu ? vact_geglu_backward_f32 : vact_swiglu_backward_f32)(
                             xb, xa, xb, g1, g2, 80), VACT_OK);
    for (size_t m = 0; m <= 70; m++)
        for (size_t off = 0; off < 4; off++) {
            fill_canary(r1, 84);
            fill_canary(r2, 84);
            if (t->dir == 0)
                assert_int_equal((geglu ? vact_geglu_f32 : vact_swiglu_f32)(xa, xb, r1 + off, m),
                                 VACT_OK);
            else
                assert_int_equal((geglu ? vact_geglu_backward_f32 : vact_swiglu_backward_f32)(
                                     xb, xa, xb, r1 + off, r2 + off, m), VACT_OK);
            assert_same(r1 + off, g1, m);
            if (t->dir == 1)
                assert_same(r2 + off, g2, m);
            for (size_t j = 0; j < 84; j++)
                if (j < off || j >= off + m) {
                    assert_true(is_canary(r1 + j));
                    assert_true(is_canary(r2 + j));
                }
        }
    free(a); free(b); free(dy); free(o1); free(o2);
}
static void t_swiglu(void **state) { t_gated(state, 0); }
static void t_geglu(void **state) { t_gated(state, 1); }

/* ---- api ------------------------------------------------------------------------------ */
static void t_version(void **state)
{
    (void)state;
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", VACT_VERSION_MAJOR, VACT_VERSION_MINOR,
             VACT_VERSION_PATCH);
    assert_string_equal(vact_version(), want);
    assert_string_equal(vact_strerror(VACT_OK), "success");
    assert_string_equal(vact_strerror((vact_status)42), "unknown status");
    assert_string_equal(vact_isa_name(VACT_ISA_AVX512), "avx512");
    assert_string_equal(vact_isa_name((vact_isa)9), "unknown");
}

static void t_dispatch(void **state)
{
    (void)state;
    assert_int_equal(vact_isa_available(VACT_ISA_SCALAR), 1);
    assert_int_equal(vact_isa_available((vact_isa)7), 0);
    assert_int_equal(vact_isa_force((vact_isa)7), VACT_ERR_ARG);
    for (int i = 0; i < 4; i++) {
        if (vact_isa_available((vact_isa)i)) {
            assert_int_equal(vact_isa_force((vact_isa)i), VACT_OK);
            assert_int_equal(vact_isa_active(), i);
        } else {
            vact_isa before = vact_isa_active();
            assert_int_equal(vact_isa_force((vact_isa)i), VACT_ERR_UNSUPPORTED);
            assert_int_equal(vact_isa_active(), before);
        }
    }
#if defined(__x86_64__)
    __builtin_cpu_init();
    assert_int_equal(vact_isa_available(VACT_ISA_AVX2),
                     __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"));
    assert_int_equal(vact_isa_available(VACT_ISA_AVX512),
                     __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"));
    assert_int_equal(vact_isa_available(VACT_ISA_NEON), 0);
#elif defined(__aarch64__)
    assert_int_equal(vact_isa_available(VACT_ISA_NEON), 1);
#endif
}

static void *tier_thread(void *arg)
{
    int *seen = arg;
    seen[0] = vact_accuracy_get();
    vact_accuracy_set(VACT_ACCURACY_FAST);
    seen[1] = vact_accuracy_get();
    return NULL;
}
static void t_tier(void **state)
{
    (void)state;
    assert_int_equal(vact_accuracy_set(VACT_ACCURACY_FAST), VACT_OK);
    assert_int_equal(vact_accuracy_get(), VACT_ACCURACY_FAST);
    assert_int_equal(vact_accuracy_set(VACT_ACCURACY_HIGH), VACT_OK);
    assert_int_equal(vact_accuracy_set((vact_accuracy)5), VACT_ERR_ARG);
    assert_int_equal(vact_accuracy_get(), VACT_ACCURACY_HIGH);
}

/* The tier is per thread.  Skipped (and reported so) where the test runs
 * under an emulator whose threads hang (VACT_TEST_NO_THREADS, set by the
 * cross build's ctest). */
static void t_tier_thread(void **state)
{
    (void)state;
    if (getenv("VACT_TEST_NO_THREADS"))
        skip();
    assert_int_equal(vact_accuracy_set(VACT_ACCURACY_HIGH), VACT_OK);
    int seen[2] = {-1, -1};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, tier_thread, seen), 0);
    pthread_join(th, NULL);
    const char *env = getenv("VACT_ACCURACY");
    assert_int_equal(seen[0], env && !strcmp(env, "fast") ? VACT_ACCURACY_FAST
                                                          : VACT_ACCURACY_HIGH);
    assert_int_equal(seen[1], VACT_ACCURACY_FAST);
    assert_int_equal(vact_accuracy_get(), VACT_ACCURACY_HIGH); /* this thread untouched */
}

/* The floating-point control state (x86 MXCSR without its sticky flags;
 * aarch64 FPCR) is left as the caller set it, by every op on every path, under
 * each rounding mode and with flush-to-zero / denormals-are-zero set. */
static unsigned long fp_control(void)
{
#if defined(__x86_64__)
    unsigned int m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    return m & ~0x3Fu;
#elif defined(__aarch64__)
    unsigned long r;
    __asm__ volatile("mrs %0, fpcr" : "=r"(r));
    return r;
#else
    return (unsigned long)fegetround();
#endif
}
static void set_ftz(int on)
{
#if defined(__x86_64__)
    unsigned int m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    m = on ? (m | 0x8040u) : (m & ~0x8040u);
    __asm__ volatile("ldmxcsr %0" : : "m"(m));
#elif defined(__aarch64__)
    unsigned long r;
    __asm__ volatile("mrs %0, fpcr" : "=r"(r));
    r = on ? (r | (1ul << 24)) : (r & ~(1ul << 24));
    __asm__ volatile("msr fpcr, %0" : : "r"(r));
#else
    (void)on;
#endif
}
static void t_fpenv(void **state)
{
    (void)state;
    static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    enum { N = 77 };
    float x[N], dy[N], o[N], o2[N], al[N];
    for (int i = 0; i < N; i++) {
        x[i] = ((float)(vt_hash32((uint32_t)i) >> 8) * 0x1p-24f - 0.5f) * 200.0f;
        dy[i] = vt_dy((uint64_t)i);
        al[i] = 0.25f;
    }
    x[3] = 1e-40f;
    x[4] = NAN;
    int checked = 0;
    for (int isa = 0; isa < 4; isa++) {
        if (!vact_isa_available((vact_isa)isa))
            continue;
        assert_int_equal(vact_isa_force((vact_isa)isa), VACT_OK);
        for (int tier = 0; tier < 2; tier++) {
            vact_accuracy_set((vact_accuracy)tier);
            for (int ftz = 0; ftz < 2; ftz++)
                for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
                    assert_int_equal(fesetround(modes[m]), 0);
                    set_ftz(ftz);
                    const unsigned long before = fp_control();
                    for (size_t k = 0; k < vt_n_unary; k++) {
                        const vt_unary *u = &vt_unary_ops[k];
                        u->fwd(x, o, N, u->p0, u->p1);
                        u->bwd(dy, x, o, N, u->p0, u->p1);
                    }
                    vact_prelu_backward_f32(dy, x, al, o, o2, 1, 7, 11);
                    vact_rrelu_f32(x, o, N, 0.1f, 0.3f, 1, 2);
                    vact_softmax_f32(x, o, 7, 11);
                    vact_log_softmax_backward_f32(dy, x, o, 7, 11);
                    vact_geglu_backward_f32(dy, x, dy, o, o2, N);
                    const unsigned long after = fp_control();
                    set_ftz(0);
                    fesetround(FE_TONEAREST);
                    if (before != after)
                        fail_msg("%s tier %d mode %zu ftz %d: control 0x%lx became 0x%lx",
                                 vact_isa_name((vact_isa)isa), tier, m, ftz, before, after);
                    checked++;
                }
        }
    }
    vact_accuracy_set(VACT_ACCURACY_HIGH);
    print_message("%d path/tier/mode combinations left the FP control state unchanged\n", checked);
}

/* VACT_TEST_REQUIRE=avx2,avx512,neon: fail when a named path cannot run here. */
static void t_require(void **state)
{
    (void)state;
    const char *req = getenv("VACT_TEST_REQUIRE");
    if (!req || !*req)
        return;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", req);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        int found = -1;
        for (int i = 0; i < 4; i++)
            if (!strcmp(tok, vact_isa_name((vact_isa)i)))
                found = i;
        if (found < 0)
            fail_msg("VACT_TEST_REQUIRE names an unknown path '%s'", tok);
        if (!vact_isa_available((vact_isa)found))
            fail_msg("required path %s is not available on this machine/build", tok);
        print_message("required path %s: available\n", tok);
    }
}

/* ---- registration ---------------------------------------------------------------------- */
#define MAX_TESTS 2048
static struct CMUnitTest tests[MAX_TESTS];
static tstate states[MAX_TESTS];
static char names[MAX_TESTS][96];
static size_t ntests;

static void add(const char *op, int dir, vact_isa isa, int tier, const char *cs,
                void (*fn)(void **), int opi)
{
    if (ntests >= MAX_TESTS)
        abort();
    snprintf(names[ntests], sizeof names[0], "%s/%s/%s%s/%s", op, dir ? "bwd" : "fwd",
             vact_isa_name(isa), tier ? "+fast" : "", cs);
    states[ntests] = (tstate){op, opi, isa, tier, dir};
    tests[ntests] = (struct CMUnitTest){names[ntests], fn, NULL, NULL, &states[ntests]};
    ntests++;
}

int main(int argc, char **argv)
{
    const char *group = argc > 1 ? argv[1] : "api";
    if (!strcmp(group, "api")) {
        tests[ntests++] = (struct CMUnitTest)cmocka_unit_test(t_version);
        tests[ntests++] = (struct CMUnitTest)cmocka_unit_test(t_dispatch);
        tests[ntests++] = (struct CMUnitTest)cmocka_unit_test(t_tier);
        tests[ntests++] = (struct CMUnitTest)cmocka_unit_test(t_tier_thread);
        tests[ntests++] = (struct CMUnitTest)cmocka_unit_test(t_fpenv);
        tests[ntests++] = (struct CMUnitTest)cmocka_unit_test(t_require);
        return _cmocka_run_group_tests("api", tests, ntests, NULL, NULL);
    }
    for (int isa = 0; isa < 4; isa++)
        for (int tier = 0; tier < 2; tier++)
            for (int dir = 0; dir < 2; dir++) {
                for (size_t k = 0; k < vt_n_unary; k++) {
                    const vt_unary *u = &vt_unary_ops[k];
                    if (strcmp(group, u->name))
                        continue;
                    add(u->name, dir, isa, tier, "sweep", t_unary_sweep, (int)k);
                    add(u->name, dir, isa, tier, "special", t_unary_special, (int)k);
                    add(u->name, dir, isa, tier, "tails", t_unary_tails, (int)k);
                    add(u->name, dir, isa, tier, "inplace", t_unary_inplace, (int)k);
                    add(u->name, dir, isa, tier, "errors", t_unary_errors, (int)k);
                    add(u->name, dir, isa, tier, "guard", t_guard, (int)k);
                    if (u->bound[0][0] <= 0.5 && u->bound[0][1] <= 0.5)
                        add(u->name, dir, isa, tier, "identical", t_unary_identical, (int)k);
                }
                static const struct { const char *name; void (*fn)(void **); } sp[] = {
                    {"prelu", t_prelu},     {"rrelu", t_rrelu},   {"softmax", t_softmax_plain},
                    {"log_softmax", t_log_softmax}, {"swiglu", t_swiglu}, {"geglu", t_geglu}};
                for (size_t k = 0; k < sizeof sp / sizeof sp[0]; k++)
                    if (!strcmp(group, sp[k].name)) {
                        add(sp[k].name, dir, isa, tier, "cases", sp[k].fn, -1);
                        add(sp[k].name, dir, isa, tier, "guard", t_guard, -1);
                    }
            }
    if (!ntests) {
        fprintf(stderr, "unknown test group '%s'\n", group);
        return 2;
    }
    return _cmocka_run_group_tests(group, tests, ntests, NULL, NULL);
}
