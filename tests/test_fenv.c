/* SPDX-License-Identifier: MIT */
/* The caller's floating-point environment and an element's neighbours do not
 * change anything (API.md, Conventions), for every op, direction, path and
 * tier:
 *  flags     finite ordinary data (tails included) raise no invalid-operation
 *            or divide-by-zero flag, and with those exceptions unmasked
 *            nothing traps (in a forked child, where the platform traps);
 *  rounding  under each directed rounding mode every result has the bits
 *            round-to-nearest gives;
 *  lanes     a probe element gives the same bits alone (n = 1) and at every
 *            position of a longer call among hostile neighbours (row-wise
 *            ops: a row alone and among hostile rows).
 * Each case reports every violation it finds before it fails. */
#define _GNU_SOURCE /* feenableexcept */
#include "harness.h"

#include <fenv.h>
#include <signal.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <sys/wait.h>
#include <unistd.h>
#define HAVE_TRAPS 1
#endif

#define MAX_REPORTS 12

/* x uniform in [-r, r] */
static float uniform(uint32_t i, float r)
{
    return ((float)(vt_hash32(i) >> 8) * 0x1p-24f - 0.5f) * 2.0f * r;
}

/* Inputs of one call, as call_op takes them, from the element values x, the
 * gradient dy and g (a gated unit's b, prelu's alpha): forward a = x,
 * b = c = g; backward a = dy, b = x, c = g.  With `saved`, the backward's
 * saved operand is the forward output where the op's backward takes y
 * (sigmoid, tanh, the row-wise ops). */
typedef struct args { float *a, *b, *c, *o, *o2; size_t n; } args;

static args args_make(const tstate *t, size_t n, const float *x, const float *dy,
                      const float *g, int saved)
{
    args r = {fbuf(n), fbuf(n), fbuf(n), fbuf(n), fbuf(n), n};
    memcpy(r.a, t->dir ? dy : x, n * sizeof(float));
    memcpy(r.b, t->dir ? x : g, n * sizeof(float));
    memcpy(r.c, g, n * sizeof(float));
    const int takes_y = t->kind == KIND_ROWS ||
                        (t->kind == KIND_UNARY && ((const vt_unary *)t->op)->saved_y);
    if (saved && t->dir && takes_y) {
        tstate f = *t;
        f.dir = 0;
        assert_int_equal(call_op(&f, n, x, g, g, r.b, r.o2, 0), VACT_OK);
    }
    return r;
}

static void args_free(args *r)
{
    free(r->a); free(r->b); free(r->c); free(r->o); free(r->o2);
}

static vact_status args_call(const tstate *t, args *r)
{
    return call_op(t, r->n, r->a, r->b, r->c, r->o, r->o2, 0);
}

/* whether o2 is a result of the call (a gated backward's db, prelu's dalpha) */
static int has_o2(const tstate *t)
{
    return t->dir && (t->kind == KIND_GATED || t->kind == KIND_PRELU);
}

static const char *flag_names(int f)
{
    if ((f & FE_INVALID) && (f & FE_DIVBYZERO))
        return "FE_INVALID and FE_DIVBYZERO";
    return (f & FE_INVALID) ? "FE_INVALID" : "FE_DIVBYZERO";
}

/* ---- flags ------------------------------------------------------------------ */
#define FLAG_SETS 12
static const size_t flag_ns[4] = {1, 7, 37, 100};
/* 0: +-2^k, k in [-60, 119], with FLT_MAX and -FLT_MAX first (n > 2) */
static const float flag_ranges[3] = {8.0f, 100.0f, 0.0f};

#if HAVE_TRAPS
/* The same calls with FE_INVALID and FE_DIVBYZERO unmasked, in a child:
 * 0 ran clean, 1 trapped (*sig: the signal), -1 the platform does not trap. */
static int run_trapping(const tstate *t, args *sets, int *sig)
{
    fflush(stdout);
    fflush(stderr);
    const pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGFPE, SIG_DFL); /* the harness's handler would go on with the tests here */
        if (feenableexcept(FE_INVALID | FE_DIVBYZERO) == -1 ||
            (fegetexcept() & (FE_INVALID | FE_DIVBYZERO)) != (FE_INVALID | FE_DIVBYZERO))
            _exit(77);
        for (int k = 0; k < FLAG_SETS; k++)
            args_call(t, &sets[k]);
        _exit(0);
    }
    int status = 0;
    assert_true(waitpid(pid, &status, 0) == pid);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77)
        return -1;
    *sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
#endif

static void t_fp_flags(void **state)
{
    const tstate *t = *state;
    enter(t);
    args sets[FLAG_SETS];
    for (int k = 0; k < FLAG_SETS; k++) {
        const size_t n = flag_ns[k % 4];
        const float r = flag_ranges[k / 4];
        float x[100], dy[100], g[100];
        for (size_t i = 0; i < n; i++) {
            x[i] = r > 0.0f ? uniform((uint32_t)(i + 1000 * k), r)
                            : ldexpf(vt_hash32((uint32_t)i + 99u) & 1 ? 1.0f : -1.0f,
                                     (int)(vt_hash32((uint32_t)(i * 3 + k)) % 180) - 60);
            if (r == 0.0f && i < 2 && n > 2)   /* the largest finite operands too */
                x[i] = i ? -FLT_MAX : FLT_MAX;
            dy[i] = uniform((uint32_t)(i + 1000 * k + 500), 2.0f);
            g[i] = t->kind == KIND_PRELU ? 0.25f : uniform((uint32_t)(i + 1000 * k + 700), 2.0f);
        }
        sets[k] = args_make(t, n, x, dy, g, 1);
    }
    int bad = 0;
    for (int k = 0; k < FLAG_SETS; k++) {
        feclearexcept(FE_ALL_EXCEPT);
        const vact_status st = args_call(t, &sets[k]);
        const int f = fetestexcept(FE_INVALID | FE_DIVBYZERO);
        assert_int_equal(st, VACT_OK);
        if (f) {
            const float r = flag_ranges[k / 4];
            if (r > 0.0f)
                print_message("n=%zu, x in [-%g, %g]: raised %s\n", sets[k].n, (double)r,
                              (double)r, flag_names(f));
            else
                print_message("n=%zu, x = +-2^k, k in [-60, 119]: raised %s\n", sets[k].n,
                              flag_names(f));
            bad++;
        }
    }
    feclearexcept(FE_ALL_EXCEPT);
#if HAVE_TRAPS
    int sig = 0;
    /* fork hangs under qemu-user here (VACT_TEST_NO_THREADS marks the emulator) */
    const int trapped = getenv("VACT_TEST_NO_THREADS") ? -2 : run_trapping(t, sets, &sig);
    if (trapped == -2)
        print_message("the trap variant did not run: no fork under the emulator\n");
    if (trapped == -1)
        print_message("the trap variant did not run: this platform does not trap on FP "
                      "exceptions\n");
    if (trapped > 0) {
        print_message("with FE_INVALID | FE_DIVBYZERO unmasked: died (signal %d%s)\n", sig,
                      sig == SIGFPE ? ", SIGFPE" : "");
        bad++;
    }
#endif
    for (int k = 0; k < FLAG_SETS; k++)
        args_free(&sets[k]);
    if (bad)
        fail_msg("%d of the calls on ordinary finite data raised invalid or divide-by-zero", bad);
}

/* ---- rounding --------------------------------------------------------------- */
#define RND_N 4099
#define RND_COLS 37

/* The element values of the rounding case: the known cases first, then a
 * sweep over float bit patterns; row-wise ops take rows of RND_COLS: rows of
 * ordinary values, one holding FLT_MAX, wide rows, then the sweep's. */
static void rounding_inputs(const tstate *t, float *x, float *dy, float *g)
{
    static const float cases[] = {
        -0x1.12cc94p-20f, 0x1.12cc94p-20f, -FLT_MAX, FLT_MAX, -0x1p-30f, 0x1.8p-20f,
        -8.8918f, -10.5f, -20.5f, -87.5f, -100.0f, 88.5f, 1e-40f, -1e-40f, 0.0f, -0.0f,
    };
    const size_t nc = sizeof cases / sizeof cases[0];
    for (size_t i = 0; i < RND_N; i++) {
        x[i] = i < nc ? cases[i] : vt_bits_float(vt_sweep_bits(i - nc, RND_N - nc));
        dy[i] = vt_dy(i);
        g[i] = t->kind == KIND_PRELU ? 0.25f : vt_dy(i + 7);
    }
    if (t->kind != KIND_ROWS)
        return;
    for (size_t i = 0; i < 40 * RND_COLS; i++)
        x[i] = uniform((uint32_t)i, i < 30 * RND_COLS ? 8.0f : 100.0f);
    x[3] = FLT_MAX;                           /* row 0 */
    x[RND_COLS + 5] = FLT_MAX;                /* row 1: FLT_MAX and -FLT_MAX */
    x[RND_COLS + 6] = -FLT_MAX;
    x[2 * RND_COLS + 1] = -INFINITY;          /* row 2: a -inf entry */
    x[3 * RND_COLS + 2] = -0x1.12cc94p-20f;
}

/* One run over the rounding inputs: row-wise ops row by row; with two_d,
 * a gated unit's 2-D call over rows of RND_COLS. */
static vact_status rounding_call2(const tstate *t, args *r, int two_d)
{
    if (two_d) {
        const vt_gated_op *op = t->op;
        const size_t c = RND_COLS, rows = r->n / RND_COLS;
        return t->dir ? op->bwd2d(r->a, c, r->b, c, r->c, c, r->o, c, r->o2, c, rows, c)
                      : op->fwd2d(r->a, c, r->b, c, r->o, c, rows, c);
    }
    if (t->kind != KIND_ROWS)
        return args_call(t, r);
    for (size_t i = 0; i + RND_COLS <= r->n; i += RND_COLS) {
        const vact_status st = call_op(t, RND_COLS, r->a + i, r->b + i, NULL, r->o + i, NULL, 0);
        if (st != VACT_OK)
            return st;
    }
    return VACT_OK;
}
static vact_status rounding_call(const tstate *t, args *r) { return rounding_call2(t, r, 0); }

static void t_fp_rounding(void **state)
{
    const tstate *t = *state;
    enter(t);
    static const struct { int mode; const char *name; } modes[] = {
        {FE_UPWARD, "FE_UPWARD"}, {FE_DOWNWARD, "FE_DOWNWARD"}, {FE_TOWARDZERO, "FE_TOWARDZERO"}};
    float *x = fbuf(RND_N), *dy = fbuf(RND_N), *g = fbuf(RND_N);
    rounding_inputs(t, x, dy, g);
    args r = args_make(t, RND_N, x, dy, g, 0);
    if (t->kind == KIND_ROWS && t->dir) { /* the backward of rows takes the forward output */
        tstate f = *t;
        f.dir = 0;
        args fr = args_make(&f, RND_N, x, dy, g, 0);
        assert_int_equal(rounding_call(&f, &fr), VACT_OK);
        memcpy(r.b, fr.o, RND_N * sizeof(float));
        args_free(&fr);
    }
    const size_t n = t->kind == KIND_ROWS || t->kind == KIND_GATED ? RND_N / RND_COLS * RND_COLS
                                                                    : RND_N;
    float *ref = fbuf(RND_N), *ref2 = fbuf(RND_N);
    assert_int_equal(rounding_call(t, &r), VACT_OK);
    memcpy(ref, r.o, RND_N * sizeof(float));
    memcpy(ref2, r.o2, RND_N * sizeof(float));
    size_t bad = 0;
    /* the gated units' 2-D calls too: the same bits as the contiguous call */
    for (size_t mm = 0; mm < (t->kind == KIND_GATED ? 2 : 1) * (sizeof modes / sizeof modes[0]); mm++) {
        const size_t m = mm % (sizeof modes / sizeof modes[0]);
        assert_int_equal(fesetround(modes[m].mode), 0);
        const vact_status st = rounding_call2(t, &r, mm >= sizeof modes / sizeof modes[0]);
        fesetround(FE_TONEAREST);
        assert_int_equal(st, VACT_OK);
        for (int out = 0; out < 1 + has_o2(t); out++) {
            const float *got = out ? r.o2 : r.o, *want = out ? ref2 : ref;
            for (size_t i = 0; i < n; i++) {
                if (same(got + i, want + i, 1))
                    continue;
                if (bad++ < MAX_REPORTS)
                    print_message("%s: x=%a dy=%a g=%a [%zu]: %s %a, to nearest %a\n",
                                  modes[m].name, (double)x[i], (double)dy[i], (double)g[i], i,
                                  out ? "o2" : "o", (double)got[i], (double)want[i]);
            }
        }
    }
    args_free(&r);
    free(x); free(dy); free(g); free(ref); free(ref2);
    if (bad)
        fail_msg("%zu results differ from round-to-nearest's under a directed mode", bad);
}

/* ---- lanes ------------------------------------------------------------------ */
#define LANE_N 67 /* 3 x 16 + 16 + 3: unrolled, single and tail vectors on every path */

static const float lane_probes[] = {
    0.0f, -0.0f, 0.5f, -1.5f, 2.75f, -3.0f, 3.0f, -6.0f, -8.8918f, 1e-40f, -1e-40f,
    -10.0f, -10.5f, -13.3f, 20.0f, -20.0f, 20.5f, -20.5f, 80.0f, -80.0f, 80.5f, -80.5f,
    -87.0f, -87.5f, 88.0f, 88.5f, -90.0f, -100.0f, -104.5f,
};
#define N_PROBES (sizeof lane_probes / sizeof lane_probes[0])
/* probe k with dy and g of k mod 2 (-8.8918, 1.5978, 1: swiglu's da once
 * depended on a deep neighbour) */
static const float lane_dy[2] = {1.5978f, -0.3125f}, lane_g[2] = {1.0f, -2.5f};

static float hostile(size_t k)
{
    static const float h[] = {100.0f, -100.0f, 1e30f, -1e30f, INFINITY, -INFINITY, NAN,
                              1e-40f, -1e-40f, 0x1p-149f, -90.0f, 0.0f};
    return h[k % (sizeof h / sizeof h[0])];
}
#define N_HOSTILE 12

static size_t lane_report(size_t bad, const char *what, float x, float dy, float g, size_t pos,
                          float nb, float got, float alone)
{
    if (bad < MAX_REPORTS)
        print_message("%s x=%a dy=%a g=%a at [%zu] of %d, neighbours %a: %a, alone %a\n", what,
                      (double)x, (double)dy, (double)g, pos, LANE_N, (double)nb, (double)got,
                      (double)alone);
    return bad + 1;
}

static void t_lanes_elementwise(const tstate *t)
{
    /* neighbour fills: each hostile value everywhere, then all of them mixed
     * (only the mixed one under the small sweeps of qemu and the sanitizers) */
    const int fills = sweep_n() >= ((size_t)1 << 20) ? N_HOSTILE + 1 : 1;
    const int mixed0 = fills == 1 ? N_HOSTILE : 0;
    float a[LANE_N], b[LANE_N], c[LANE_N], o[LANE_N], o2[LANE_N];
    size_t bad = 0;
    for (size_t p = 0; p < N_PROBES; p++) {
        const float px = lane_probes[p], pdy = lane_dy[p % 2], pg = lane_g[p % 2];
        const float pa = t->dir ? pdy : px, pb = t->dir ? px : pg;
        float one[1] = {0}, one2[1] = {0};
        for (size_t pos = 0; pos < LANE_N; pos++) {
            /* alone; rrelu's counter is the element's index */
            if (pos == 0 || t->kind == KIND_RRELU)
                assert_int_equal(call_op(t, 1, &pa, &pb, &pg, one, one2, pos), VACT_OK);
            for (int f = mixed0; f < mixed0 + fills; f++) {
                for (size_t i = 0; i < LANE_N; i++) {
                    const float h = hostile(f < N_HOSTILE ? (size_t)f : i * 7 + pos);
                    a[i] = b[i] = h;
                    c[i] = t->kind == KIND_PRELU ? pg : h; /* one alpha: NCHW uses alpha[0] */
                }
                a[pos] = pa;
                b[pos] = pb;
                c[pos] = pg;
                assert_int_equal(call_op(t, LANE_N, a, b, c, o, o2, 0), VACT_OK);
                const float nb = hostile(f < N_HOSTILE ? (size_t)f : pos * 7 + 1);
                if (!same(o + pos, one, 1))
                    bad = lane_report(bad, "", px, pdy, pg, pos, nb, o[pos], one[0]);
                else if (t->dir && t->kind == KIND_GATED && !same(o2 + pos, one2, 1))
                    bad = lane_report(bad, "db:", px, pdy, pg, pos, nb, o2[pos], one2[0]);
            }
        }
    }
    if (bad)
        fail_msg("%zu results depend on their neighbours", bad);
}

/* Row-wise: a probe row alone and as the first, middle or last of three rows
 * whose other rows are hostile. */
static void t_lanes_rows(const tstate *t)
{
    const vt_rows_op *op = t->op;
    static const size_t colsv[] = {1, 7, 37};
    enum { C = 37 };
    size_t bad = 0;
    for (size_t ci = 0; ci < 3; ci++) {
        const size_t cols = colsv[ci];
        for (int pk = 0; pk < 3; pk++) {
            float px[C], pdy[C], alone[C];
            for (size_t j = 0; j < cols; j++) {
                px[j] = uniform((uint32_t)(j + 100 * pk), pk == 1 ? 100.0f : 8.0f);
                pdy[j] = uniform((uint32_t)(j + 100 * pk + 50), 2.0f);
            }
            if (pk == 2)
                px[0] = -INFINITY;
            if (pk == 2 && cols > 1)
                px[cols - 1] = 1e30f;
            if (t->dir)
                assert_int_equal(op->bwd(pdy, px, alone, 1, cols), VACT_OK);
            else
                assert_int_equal(op->fwd(px, alone, 1, cols), VACT_OK);
            for (size_t f = 0; f < N_HOSTILE + 1; f++)
                for (size_t at = 0; at < 3; at++) {
                    float x[3 * C], dy[3 * C], out[3 * C];
                    for (size_t j = 0; j < 3 * cols; j++)
                        x[j] = dy[j] = hostile(f < N_HOSTILE ? f : j * 5);
                    memcpy(x + at * cols, px, cols * sizeof(float));
                    memcpy(dy + at * cols, pdy, cols * sizeof(float));
                    if (t->dir)
                        assert_int_equal(op->bwd(dy, x, out, 3, cols), VACT_OK);
                    else
                        assert_int_equal(op->fwd(x, out, 3, cols), VACT_OK);
                    for (size_t j = 0; j < cols; j++)
                        if (!same(out + at * cols + j, alone + j, 1))
                            bad = lane_report(bad, "row", px[j], pdy[j], 0.0f, at * cols + j,
                                              hostile(f), out[at * cols + j], alone[j]);
                }
        }
    }
    if (bad)
        fail_msg("%zu results depend on the other rows", bad);
}

static void t_lanes(void **state)
{
    const tstate *t = *state;
    enter(t);
    if (t->kind == KIND_ROWS)
        t_lanes_rows(t);
    else
        t_lanes_elementwise(t);
}

void fenv_tests(const char *group, const tpath *p)
{
    static const struct { tkind kind; const void *table; size_t size; } kinds[] = {
        {KIND_UNARY, vt_unary_ops, sizeof vt_unary_ops[0]},
        {KIND_PRELU, vt_prelu_ops, sizeof vt_prelu_ops[0]},
        {KIND_RRELU, vt_rrelu_ops, sizeof vt_rrelu_ops[0]},
        {KIND_ROWS, vt_rows_ops, sizeof vt_rows_ops[0]},
        {KIND_GATED, vt_gated_ops, sizeof vt_gated_ops[0]},
    };
    const size_t counts[] = {vt_n_unary, vt_n_prelu, vt_n_rrelu, vt_n_rows, vt_n_gated};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const void *op = vt_find_op(kinds[k].table, counts[k], kinds[k].size, group);
        if (!op)
            continue;
        const char *name = *(const char *const *)op;
        add_case(name, kinds[k].kind, op, p, "flags", t_fp_flags);
        add_case(name, kinds[k].kind, op, p, "rounding", t_fp_rounding);
        add_case(name, kinds[k].kind, op, p, "lanes", t_lanes);
    }
}
