/* SPDX-License-Identifier: MIT */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CANARY 0x7fa5a5a5u /* a NaN nobody computes */

/* ---- the registry of tests ---------------------------------------------- */
#define MAX_TESTS 2048
static struct CMUnitTest tests[MAX_TESTS];
static tstate states[MAX_TESTS];
static char names[MAX_TESTS][96];
static size_t ntests;

void add_case(const char *op, tkind kind, const void *entry, const tpath *p, const char *cs,
              void (*fn)(void **))
{
    if (ntests >= MAX_TESTS)
        abort();
    snprintf(names[ntests], sizeof names[0], "%s/%s/%s%s/%s", op, p->dir ? "bwd" : "fwd",
             p->path->name, p->tier ? "-fast" : "", cs);
    states[ntests] = (tstate){op, kind, entry, p->path->isa, p->tier, p->dir};
    tests[ntests] = (struct CMUnitTest){names[ntests], fn, NULL, NULL, &states[ntests]};
    ntests++;
}

void add_unit(const char *name, void (*fn)(void **))
{
    if (ntests >= MAX_TESTS)
        abort();
    tests[ntests++] = (struct CMUnitTest){name, fn, NULL, NULL, NULL};
}

void add_op_cases(const char *group, const tpath *p, tkind kind, const void *table, size_t count,
                  size_t size, void (*fn)(void **))
{
    const void *op = vt_find_op(table, count, size, group);
    if (!op)
        return;
    const char *name = *(const char *const *)op; /* every table's entry begins with it */
    add_case(name, kind, op, p, "cases", fn);
    add_case(name, kind, op, p, "guard", t_guard);
}

static void (*const topics[])(const char *group, const tpath *p) = {
    unary_tests, prelu_tests, rrelu_tests, rows_tests, gated_tests, rows_ext_tests, fenv_tests,
    extreme_tests, storage_tests,
};

int main(int argc, char **argv)
{
    const char *group = argc > 1 ? argv[1] : "api";
    if (!strcmp(group, "api")) {
        api_tests();
        return _cmocka_run_group_tests("api", tests, ntests, NULL, NULL);
    }
    for (size_t i = 0; i < vt_n_paths; i++)
        for (int tier = 0; tier < 2; tier++)
            for (int dir = 0; dir < 2; dir++) {
                const tpath p = {&vt_paths[i], tier, dir};
                for (size_t k = 0; k < sizeof topics / sizeof topics[0]; k++)
                    topics[k](group, &p);
            }
    if (!ntests) {
        fprintf(stderr, "unknown test group '%s'\n", group);
        return 2;
    }
    return _cmocka_run_group_tests(group, tests, ntests, NULL, NULL);
}

/* ---- helpers ----------------------------------------------------------------- */
size_t sweep_n(void)
{
    const char *s = getenv("VACT_TEST_SWEEP");
    size_t n = s ? strtoull(s, NULL, 10) : 0;
    return n ? n : (size_t)1 << 20;
}

void enter(const tstate *t)
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
void enter_ref(const tstate *t)
{
    if (getenv("VACT_TEST_NO_LDBL"))
        skip();
    enter(t);
}

double bound_of(const tstate *t, const double b[2][2]) { return b[t->tier][t->dir]; }

float *fbuf(size_t n)
{
    float *p = malloc((n ? n : 1) * sizeof(float));
    assert_non_null(p);
    return p;
}

void fill_canary(float *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t b = CANARY;
        memcpy(p + i, &b, 4);
    }
}

int is_canary(const float *p) { return vt_float_bits(*p) == CANARY; }

int same(const float *a, const float *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (vt_float_bits(a[i]) != vt_float_bits(b[i]) && !(isnan(a[i]) && isnan(b[i])))
            return 0;
    return 1;
}

const uint32_t specials[N_SPECIALS] = {
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

void fill_inputs(float *x, float *dy, float *s, const vt_unary *u, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t h = vt_hash32((uint32_t)i + 77u);
        x[i] = (h % 13 == 0) ? vt_bits_float(specials[h % N_SPECIALS])
                             : ((float)(h >> 8) * 0x1p-24f - 0.5f) * 24.0f;
        dy[i] = vt_dy(i);
        s[i] = vt_saved(u, x[i]);
    }
}

void expect_within(const char *what, const vt_worst *w, const float *in, const float *got,
                   const long double *ref)
{
    const size_t at = w->at;
    if (w->n)
        print_message("%s: max %.3g ULP (bound %g) at input %a: got %a, ref %La\n", what,
                      w->err, w->bound, (double)in[at], (double)got[at], ref[at]);
    if (w->over)
        fail_msg("%s: %llu of %llu results beyond %g ULP", what, (unsigned long long)w->over,
                 (unsigned long long)w->n, w->bound);
}

vact_status call_op(const tstate *t, size_t n, const float *a, const float *b, const float *c,
                    float *o, float *o2, uint64_t offset)
{
    const int bwd = t->dir;
    switch (t->kind) {
    case KIND_UNARY: {
        const vt_unary *u = t->op;
        return bwd ? u->bwd(a, b, o, n, u->p0, u->p1) : u->fwd(a, o, n, u->p0, u->p1);
    }
    case KIND_PRELU: { /* NHWC: n channels, and NCHW: inner n */
        const vt_prelu_op *op = t->op;
        vact_status st = bwd ? op->bwd(a, b, c, o, o2, 1, n, 1) : op->fwd(a, o, c, 1, n, 1);
        if (st == VACT_OK && n)
            st = bwd ? op->bwd(a, b, c, o, o2, 1, 1, n) : op->fwd(a, o, c, 1, 1, n);
        return st;
    }
    case KIND_RRELU: {
        const vt_rrelu_op *op = t->op;
        return bwd ? op->bwd(a, b, o, n, 0.1f, 0.3f, 7, offset)
                   : op->fwd(a, o, n, 0.1f, 0.3f, 7, offset);
    }
    case KIND_ROWS: {
        const vt_rows_op *op = t->op;
        const size_t rows = n ? 1 : 0, cols = n ? n : 1;
        return bwd ? op->bwd(a, b, o, rows, cols) : op->fwd(a, o, rows, cols);
    }
    case KIND_ROWS_EXT: { /* one row, scaled, with a mask row c */
        const vt_rows_ext_op *op = t->op;
        const size_t rows = n ? 1 : 0, cols = n ? n : 1;
        const vact_softmax_opts so = {0.5f, c, 0, 0, 0};
        return bwd ? op->bwd(a, cols, b, cols, o2, cols, rows, cols, &so)
                   : op->fwd(a, cols, o, cols, rows, cols, &so);
    }
    case KIND_GATED: {
        const vt_gated_op *op = t->op;
        return bwd ? op->bwd(a, b, c, o, o2, n) : op->fwd(a, b, o, n);
    }
    }
    return VACT_ERR_ARG;
}
