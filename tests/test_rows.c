/* SPDX-License-Identifier: MIT */
/* Row-wise ops (softmax, log_softmax): rows of every kind (wide, huge, -inf
 * entries, all -inf, NaN, +inf) and widths up to 100000 against the row
 * reference, backward in ULP of the cancelling terms, in place, every tail
 * length with offsets, and the error statuses. */
#include "harness.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* Scores one row (element j as index base + j) into w and fails at the
 * row's first result beyond the bound. */
static void check_row(vt_worst *w, const char *what, size_t cols, int kind, size_t base,
                      const float *x, const float *got, const long double *ref,
                      const long double *terms)
{
    vt_score(w, base, x, got, ref, terms, cols);
    if (w->over) {
        const size_t j = w->first_over - base;
        fail_msg("%scols=%zu kind=%d [%zu]: got %a, ref %La (%g ULP)", what, cols, kind, j,
                 (double)got[j], ref[j], vt_error(got[j], ref[j], terms ? terms + j : NULL));
    }
}

static void t_rows(void **state)
{
    const tstate *t = *state;
    const vt_rows_op *op = t->op;
    enter_ref(t);
    /* -inf entries of a finite row: softmax gives +0, log_softmax -inf */
    const int logsm = !strcmp(op->name, "log_softmax");
    const double bound = bound_of(t, op->bound);
    static const size_t colsv[] = {1, 2, 3, 7, 16, 17, 63, 100, 1000, 4099, 100000};
    vt_worst worst;
    vt_worst_init(&worst, bound);
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
            assert_int_equal(op->fwd(x, y, rows, cols), VACT_OK);
            assert_true(is_canary(y + n));
            for (size_t r = 0; t->dir == 0 && r < rows; r++) {
                const float *xr = x + r * cols, *yr = y + r * cols;
                op->ref_fwd(xr, ref, cols);
                check_row(&worst, "", cols, kind, r * cols, xr, yr, ref, NULL);
                for (size_t j = 0; j < cols; j++) {
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
                assert_int_equal(op->bwd(dy, y, dx, rows, cols), VACT_OK);
                assert_true(is_canary(dx + n));
                for (size_t r = 0; r < rows; r++) {
                    const size_t o = r * cols;
                    op->ref_bwd(dy + o, y + o, ref, cols);
                    /* published in ULP of the larger of the two terms that cancel */
                    op->bwd_terms(dy + o, y + o, terms, cols);
                    check_row(&worst, "bwd ", cols, kind, o, x + o, dx + o, ref, terms);
                }
                /* in place: dx == dy */
                memcpy(dx, dy, n * sizeof(float));
                assert_int_equal(op->bwd(dx, y, dx, rows, cols), VACT_OK);
                float *chk = fbuf(n);
                assert_int_equal(op->bwd(dy, y, chk, rows, cols), VACT_OK);
                assert_same(dx, chk, n);
                free(chk);
            }
            if (t->dir == 0) { /* in place: y == x */
                memcpy(dx, x, n * sizeof(float));
                assert_int_equal(op->fwd(dx, dx, rows, cols), VACT_OK);
                assert_same(dx, y, n);
            }
            free(x); free(y); free(dy); free(dx); free(ref); free(terms);
        }
    }
    print_message("max %.3g ULP (bound %g)\n", worst.err, bound);
    /* every tail length with offsets, bit-identical to the aligned call */
    float xb[80], yb[80], gold[80];
    make_row(xb, 80, ROW_NORMAL, 3);
    for (size_t cols = 1; cols <= 70; cols++)
        for (size_t off = 0; off < 4; off++) {
            assert_int_equal(op->fwd(xb, gold, 1, cols), VACT_OK);
            float xo[80];
            memcpy(xo + off, xb, cols * sizeof(float));
            fill_canary(yb, 80);
            assert_int_equal(op->fwd(xo + off, yb + off, 1, cols), VACT_OK);
            assert_same(yb + off, gold, cols);
            for (size_t j = 0; j < 80; j++)
                if (j < off || j >= off + cols)
                    assert_true(is_canary(yb + j));
        }
    /* errors: the statuses of the family's entry points, in every group */
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
    /* a row's byte size must fit even with no row, as with no column */
    assert_int_equal(vact_softmax_f32(NULL, NULL, 0, SIZE_MAX), VACT_ERR_ARG);
    assert_int_equal(vact_softmax_f32(NULL, NULL, SIZE_MAX, 0), VACT_ERR_ARG);
    assert_int_equal(vact_log_softmax_backward_f32(NULL, NULL, NULL, 0, SIZE_MAX / 2),
                     VACT_ERR_ARG);
    assert_int_equal(op->fwd(NULL, NULL, 0, SIZE_MAX / 4 + 1), VACT_ERR_ARG);
    assert_int_equal(op->bwd(NULL, NULL, NULL, 0, SIZE_MAX / 4 + 1), VACT_ERR_ARG);
    assert_memory_equal(yb, gold, sizeof yb);
}

void rows_tests(const char *group, const tpath *p)
{
    ADD_OP_CASES(group, p, KIND_ROWS, vt_rows_ops, vt_n_rows, t_rows);
}
