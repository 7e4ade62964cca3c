/* SPDX-License-Identifier: MIT */
/*
 * vact's test suite (cmocka), one executable: `test_vact GROUP` runs one
 * group, an op name from the registry or "api".  Every case runs on every
 * path of src/vact_isas.def in both accuracy tiers and is named
 * <op>/<fwd|bwd>/<isa>[-fast]/<case>; a path this machine cannot run is
 * reported as skipped, and the "api" group fails when VACT_TEST_REQUIRE names
 * a path that is not available.
 *
 * Results are checked against the independent long double reference in
 * tests/ref/ with the registry's ULP bounds (measure.h); positional behaviour
 * (tails, offsets, in place) is checked bit for bit against one long call.
 *
 * The harness (harness.c) holds the registry of tests, main and the helpers
 * every topic uses; each topic file adds its cases per op and path:
 * test_unary.c, test_guard.c, test_prelu.c, test_rrelu.c, test_rows.c,
 * test_gated.c, test_rows_ext.c, test_fenv.c, test_extreme.c, test_api.c,
 * test_storage.c.
 *
 * Environment:
 *  VACT_TEST_SWEEP=N         sampled bit patterns per sweep (default 2^20)
 *  VACT_TEST_ONLY=scalar,..  run only those paths, skip the others
 *  VACT_TEST_REQUIRE=avx2,.. the "api" group fails when one is not available
 *  VACT_TEST_NO_LDBL=1       skip the cases that compare with the long double
 *                            reference (valgrind computes it in 64 bits)
 *  VACT_TEST_NO_THREADS=1    skip the case that creates a thread (qemu)
 */
#ifndef VACT_TESTS_HARNESS_H
#define VACT_TESTS_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "measure.h"
#include "ref/ref.h"
#include "support.h"

#define UNROLL_MAX_N (3 * 4 * 16 + 1) /* 3 x unroll x widest vector + 1 */

/* The kind of an op: which table of support.h its entry is in. */
typedef enum { KIND_UNARY, KIND_PRELU, KIND_RRELU, KIND_ROWS, KIND_GATED, KIND_ROWS_EXT } tkind;

/* Where a case runs: a path of the registry, a tier, a direction. */
typedef struct tpath {
    const vt_path *path;
    int tier;
    int dir;       /* 0 fwd, 1 bwd */
} tpath;

typedef struct tstate {
    const char *name;  /* the op */
    tkind kind;
    const void *op;    /* its entry in support.h's table of its kind */
    vact_isa isa;
    int tier;
    int dir;           /* 0 fwd, 1 bwd */
} tstate;

/* ---- the registry of tests ---------------------------------------------- */
void add_case(const char *op, tkind kind, const void *entry, const tpath *p, const char *cs,
              void (*fn)(void **));
void add_unit(const char *name, void (*fn)(void **));
/* "cases" (fn) and "guard" for the entry of `table` named group, if any: the
 * kinds other than element-wise */
void add_op_cases(const char *group, const tpath *p, tkind kind, const void *table, size_t count,
                  size_t size, void (*fn)(void **));
#define ADD_OP_CASES(group, p, kind, table, count, fn)                                    \
    add_op_cases((group), (p), (kind), (table), (count), sizeof *(table), (fn))

/* Each topic adds its cases for `group` on one path (nothing when the group
 * is not one of its ops); the api topic adds the "api" group. */
void unary_tests(const char *group, const tpath *p);
void prelu_tests(const char *group, const tpath *p);
void rrelu_tests(const char *group, const tpath *p);
void rows_tests(const char *group, const tpath *p);
void gated_tests(const char *group, const tpath *p);
void rows_ext_tests(const char *group, const tpath *p);
/* the bf16 and f16 twins and the "storage" group's conversions (test_storage.c) */
void storage_tests(const char *group, const tpath *p);
void api_tests(void);

/* the guard-page case of every op, and of the 2-D gated calls (test_guard.c) */
void t_guard(void **state);
void t_guard_2d(void **state);
/* the floating-point environment and lane-independence cases (test_fenv.c) */
void fenv_tests(const char *group, const tpath *p);
/* operands near FLT_MAX against deep tails (test_extreme.c) */
void extreme_tests(const char *group, const tpath *p);

/* ---- helpers ----------------------------------------------------------------- */
size_t sweep_n(void);
/* One call of the state's op and direction on n elements through its public
 * entry point, inputs a, b, c and outputs o, o2 as its kind takes them:
 *  unary  fwd (x = a), bwd (dy = a, saved = b)
 *  prelu  alpha = c, n channels (NHWC) and then inner n (NCHW) into the same
 *         outputs; bwd dy = a, x = b, dalpha = o2
 *  rrelu  as unary, slopes from seed 7 and counter offset + i
 *  rows   one row of n
 *  gated  fwd (a, b), bwd (dy = a, a = b, b = c; da = o, db = o2) */
vact_status call_op(const tstate *t, size_t n, const float *a, const float *b, const float *c,
                    float *o, float *o2, uint64_t offset);
/* Route to the state's path and tier, or skip the case (VACT_TEST_ONLY). */
void enter(const tstate *t);
/* the same, for cases that compare with the long double reference
 * (skipped under VACT_TEST_NO_LDBL) */
void enter_ref(const tstate *t);
double bound_of(const tstate *t, const double b[2][2]);

float *fbuf(size_t n);
void fill_canary(float *p, size_t n);
int is_canary(const float *p);
/* Bit for bit, except that any NaN matches any NaN: which operand's payload
 * an instruction propagates is not part of the contract. */
int same(const float *a, const float *b, size_t n);
#define assert_same(a, b, n) assert_true(same((a), (b), (n)))

/* Special values: NaNs (the first 4), infinities, zeros, subnormals, limits
 * and the points where the ops change formula. */
#define N_SPECIALS 36
extern const uint32_t specials[N_SPECIALS];
/* Inputs for positional tests: ordinary values with specials mixed in, dy,
 * and the saved operand of u's backward. */
void fill_inputs(float *x, float *dy, float *s, const vt_unary *u, size_t n);

/* Prints the worst error of w (indices into in/got/ref) and fails when a
 * result was beyond its bound. */
void expect_within(const char *what, const vt_worst *w, const float *in, const float *got,
                   const long double *ref);

#endif
