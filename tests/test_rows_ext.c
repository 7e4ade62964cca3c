/* SPDX-License-Identifier: MIT */
/* Row-wise ops with options (softmax_ext, log_softmax_ext): scales 1, -1,
 * 0.125 and 3.7; no mask, a mask per row, one shared mask row (mask_ld = 0),
 * masks with -inf entries, masks of only 0 and -inf (the exact form of a
 * power-of-two scale); causal with offsets; strided rows with canaries
 * between them; rows fully masked, rows with a NaN, -inf logits; widths
 * 1 .. a few vectors and large, against the long double reference of the
 * exact z = scale*x + mask; backward in ULP of the cancelling terms; in
 * place; the default options against plain softmax; the error statuses. */
#include "harness.h"

#include <fenv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { MASK_NONE, MASK_ROWS, MASK_SHARED, MASK_NEGINF, MASK_ZINF, MASKS };
/* the kinds of a row: ordinary logits; a mask row all -inf (fully masked,
 * or -inf logits with scale > 0); a NaN logit; a -inf logit */
enum { R_NORMAL, R_DEAD, R_NAN, R_NEGINF };

static float u8(uint32_t h) { return ((float)(h >> 8) * 0x1p-24f - 0.5f) * 8.0f; }

typedef struct ext_case {
    size_t rows, cols, ldx, ldy, ldm;
    float *x, *y, *mask, *dy, *dx;
    vact_softmax_opts o;
    int kind[8]; /* per row */
} ext_case;

/* Builds a call: row r of kind kind[r], x and y with row strides beyond
 * cols (the gaps hold canaries in y), the mask of `mk`. */
static void ext_make(ext_case *c, size_t rows, size_t cols, float scale, int mk, int causal,
                     size_t off, uint32_t seed)
{
    *c = (ext_case){rows, cols, cols + 3, cols + 5, cols + 2, NULL, NULL, NULL, NULL, NULL,
                    {scale, NULL, 0, causal, off}, {0}};
    c->x = fbuf(rows * c->ldx);
    c->y = fbuf(rows * c->ldy);
    c->dy = fbuf(rows * c->ldy);
    c->dx = fbuf(rows * c->ldy);
    c->mask = fbuf(rows * c->ldm);
    fill_canary(c->y, rows * c->ldy);
    fill_canary(c->x, rows * c->ldx); /* never read beyond cols */
    for (size_t r = 0; r < rows; r++) {
        c->kind[r] = r == 1 ? R_DEAD : r == 2 ? R_NAN : r == 3 ? R_NEGINF : R_NORMAL;
        for (size_t j = 0; j < cols; j++) {
            const uint32_t h = vt_hash32(seed * 7919u + (uint32_t)(r * 131071 + j));
            c->x[r * c->ldx + j] = u8(h);
            c->mask[r * c->ldm + j] = mk == MASK_NONE ? 0.0f
                                      : (mk == MASK_NEGINF || mk == MASK_ZINF) && h % 5 == 1
                                          ? -INFINITY
                                      : mk == MASK_ZINF ? 0.0f
                                                        : u8(h * 3u + 1u) * 0.5f;
            c->dy[r * c->ldy + j] = vt_dy(r * cols + j + seed);
        }
        float *xr = c->x + r * c->ldx;
        const size_t lim = vt_causal_lim(&c->o, r, cols);
        if (c->kind[r] == R_NAN)
            xr[lim / 2] = NAN;
        if (c->kind[r] == R_NEGINF)
            xr[0] = scale > 0 ? -INFINITY : INFINITY;
        if (c->kind[r] == R_DEAD) {
            /* a mask row of -inf; without a per-row mask, -inf logits */
            if (mk == MASK_ROWS || mk == MASK_NEGINF || mk == MASK_ZINF)
                for (size_t j = 0; j < cols; j++)
                    c->mask[r * c->ldm + j] = -INFINITY;
            else
                for (size_t j = 0; j < cols; j++)
                    xr[j] = scale > 0 ? -INFINITY : INFINITY;
        }
    }
    if (mk != MASK_NONE)
        c->o.mask = c->mask;
    c->o.mask_ld = mk == MASK_SHARED ? 0 : c->ldm;
}

static void ext_free(ext_case *c)
{
    free(c->x); free(c->y); free(c->mask); free(c->dy); free(c->dx);
}

static const float *ext_mask_row(const ext_case *c, size_t r)
{
    return c->o.mask ? c->o.mask + r * c->o.mask_ld : NULL;
}

/* The row's results beyond the bound fail, with the row's details. */
static void ext_check(vt_worst *w, const char *what, const ext_case *c, size_t r,
                      const float *got, const long double *ref, const long double *terms)
{
    const float *xr = c->x + r * c->ldx;
    vt_score(w, r * c->cols, xr, got, ref, terms, c->cols);
    if (w->over) {
        const size_t j = w->first_over - r * c->cols;
        fail_msg("%s cols=%zu scale=%g mask=%d causal=%d+%zu row %zu [%zu]: got %a, ref %La "
                 "(%g ULP)", what, c->cols, (double)c->o.scale, c->o.mask != NULL, c->o.causal,
                 c->o.causal_offset, r, j, (double)got[j], ref[j],
                 vt_error(got[j], ref[j], terms ? terms + j : NULL));
    }
}

/* One call forward (and backward from its output), checked in full. */
static void ext_run(const tstate *t, const vt_rows_ext_op *op, ext_case *c, vt_worst *w)
{
    const size_t rows = c->rows, cols = c->cols;
    const float dead = op->log ? -INFINITY : 0.0f;
    long double *ref = malloc(cols * sizeof(long double));
    long double *terms = malloc(cols * sizeof(long double));
    assert_true(ref && terms);
    assert_int_equal(op->fwd(c->x, c->ldx, c->y, c->ldy, rows, cols, &c->o), VACT_OK);
    for (size_t r = 0; r < rows; r++) {
        const float *yr = c->y + r * c->ldy, *mr = ext_mask_row(c, r);
        const size_t lim = vt_causal_lim(&c->o, r, cols);
        for (size_t j = cols; j < c->ldy; j++) /* the gaps between rows */
            assert_true(is_canary(yr + j));
        for (size_t j = 0; j < cols; j++) {
            if (j >= lim || (mr && mr[j] == -INFINITY && c->kind[r] != R_NAN))
                assert_true(vt_float_bits(yr[j]) == vt_float_bits(dead));
            if (c->kind[r] == R_DEAD)
                assert_true(vt_float_bits(yr[j]) == vt_float_bits(dead));
            if (c->kind[r] == R_NAN && j < lim)
                assert_true(isnan(yr[j]));
        }
        if (t->dir == 0) {
            op->ref_fwd(c->x + r * c->ldx, mr, c->o.scale, lim, ref, cols);
            ext_check(w, "fwd", c, r, yr, ref, NULL);
        }
    }
    if (t->dir == 0) {
        /* in place: y == x with the same ld */
        float *io = fbuf(rows * c->ldx);
        memcpy(io, c->x, rows * c->ldx * sizeof(float));
        assert_int_equal(op->fwd(io, c->ldx, io, c->ldx, rows, cols, &c->o), VACT_OK);
        for (size_t r = 0; r < rows; r++)
            assert_same(io + r * c->ldx, c->y + r * c->ldy, cols);
        free(io);
    } else {
        fill_canary(c->dx, rows * c->ldy);
        const size_t lddy = c->ldy; /* dy and y share the layout, dx its own below */
        float *dx = c->dx;
        assert_int_equal(op->bwd(c->dy, lddy, c->y, c->ldy, dx, c->ldy, rows, cols, &c->o),
                         VACT_OK);
        for (size_t r = 0; r < rows; r++) {
            const float *yr = c->y + r * c->ldy, *dyr = c->dy + r * lddy;
            const float *dxr = dx + r * c->ldy;
            const size_t lim = vt_causal_lim(&c->o, r, cols);
            for (size_t j = cols; j < c->ldy; j++)
                assert_true(is_canary(dxr + j));
            for (size_t j = 0; j < cols; j++)
                if (j >= lim || vt_float_bits(yr[j]) == vt_float_bits(dead) ||
                    c->kind[r] == R_DEAD)
                    assert_true(vt_float_bits(dxr[j]) == 0);
            if (c->kind[r] == R_NAN)
                continue;
            op->ref_bwd(dyr, yr, c->o.scale, lim, ref, cols);
            op->bwd_terms(dyr, yr, c->o.scale, lim, terms, cols);
            ext_check(w, "bwd", c, r, dxr, ref, terms);
        }
        /* in place: dx == dy with the same ld */
        float *io = fbuf(rows * lddy);
        memcpy(io, c->dy, rows * lddy * sizeof(float));
        assert_int_equal(op->bwd(io, lddy, c->y, c->ldy, io, lddy, rows, cols, &c->o), VACT_OK);
        for (size_t r = 0; r < rows; r++)
            assert_same(io + r * lddy, dx + r * c->ldy, cols);
        free(io);
    }
    free(ref);
    free(terms);
}

static void ext_errors(const vt_rows_ext_op *op)
{
    float b[64], gold[64], g[64];
    for (size_t j = 0; j < 64; j++)
        b[j] = u8(vt_hash32((uint32_t)j));
    fill_canary(g, 64);
    memcpy(gold, g, sizeof g);
    const vact_softmax_opts dflt = VACT_SOFTMAX_OPTS_INIT;
    vact_softmax_opts o = dflt;
    assert_int_equal(op->fwd(NULL, 4, g, 4, 2, 4, NULL), VACT_ERR_NULL);
    assert_int_equal(op->fwd(b, 4, NULL, 4, 2, 4, NULL), VACT_ERR_NULL);
    assert_int_equal(op->bwd(b, 4, NULL, 4, g, 4, 2, 4, NULL), VACT_ERR_NULL);
    assert_int_equal(op->fwd(b, 4, g, 4, 3, 0, NULL), VACT_ERR_ARG);
    const float bad[] = {0.0f, -0.0f, NAN, INFINITY, -INFINITY};
    for (size_t k = 0; k < 5; k++) {
        o.scale = bad[k];
        assert_int_equal(op->fwd(b, 4, g, 4, 2, 4, &o), VACT_ERR_ARG);
        assert_int_equal(op->bwd(b, 4, b + 8, 4, g, 4, 2, 4, &o), VACT_ERR_ARG);
    }
    o = dflt;
    assert_int_equal(op->fwd(b, 3, g, 4, 2, 4, NULL), VACT_ERR_ARG);     /* ldx < cols */
    assert_int_equal(op->fwd(b, 4, g, 3, 2, 4, NULL), VACT_ERR_ARG);     /* ldy < cols */
    assert_int_equal(op->bwd(b, 4, b + 8, 2, g, 4, 2, 4, NULL), VACT_ERR_ARG);
    o.mask = b + 32;
    o.mask_ld = 3;                                                       /* 0 < mask_ld < cols */
    assert_int_equal(op->fwd(b, 4, g, 4, 2, 4, &o), VACT_ERR_ARG);
    o = dflt;
    assert_int_equal(op->fwd(b, SIZE_MAX / 8, g, 4, 16, 4, NULL), VACT_ERR_ARG); /* overflow */
    assert_int_equal(op->fwd(b, 4, g, 4, SIZE_MAX / 2, 4, NULL), VACT_ERR_ARG);
    /* overlap: shared elements, or the same array with another ld */
    assert_int_equal(op->fwd(b, 4, b + 2, 4, 2, 4, NULL), VACT_ERR_OVERLAP);
    assert_int_equal(op->fwd(b, 8, b, 4, 2, 4, NULL), VACT_ERR_OVERLAP);
    assert_int_equal(op->fwd(b, 8, b + 7, 8, 2, 4, NULL), VACT_ERR_OVERLAP);
    assert_int_equal(op->bwd(b, 4, b + 8, 4, b + 9, 4, 2, 4, NULL), VACT_ERR_OVERLAP);
    o.mask = g + 1; /* the mask may not share an element with the output */
    assert_int_equal(op->fwd(b, 4, g, 4, 2, 4, &o), VACT_ERR_OVERLAP);
    o = dflt;
    assert_memory_equal(g, gold, sizeof g);
    /* interleaved views that share no element, and the empty calls */
    float p[16];
    memcpy(p, b, sizeof p);
    assert_int_equal(op->fwd(p, 8, p + 4, 8, 2, 4, NULL), VACT_OK);
    assert_int_equal(op->fwd(NULL, 0, NULL, 0, 0, 0, NULL), VACT_OK);
    assert_int_equal(op->fwd(NULL, 5, NULL, 5, 0, 5, NULL), VACT_OK);
    assert_int_equal(op->bwd(NULL, 0, NULL, 0, NULL, 0, 0, 3, &o), VACT_OK);
}

static void t_rows_ext(void **state)
{
    const tstate *t = *state;
    const vt_rows_ext_op *op = t->op;
    enter_ref(t);
    const double bound = bound_of(t, op->bound);
    static const float scales[] = {1.0f, -1.0f, 0.125f, 3.7f};
    static const size_t colsv[] = {1, 2, 3, 7, 16, 17, 31, 33, 63, 64, 65, 100, 1000, 4099};
    static const struct { int causal; size_t off; } causals[] = {{0, 0}, {1, 0}, {1, 3}};
    vt_worst worst;
    vt_worst_init(&worst, bound);
    for (size_t ci = 0; ci < sizeof colsv / sizeof colsv[0]; ci++)
        for (size_t si = 0; si < 4; si++)
            for (int mk = 0; mk < MASKS; mk++)
                for (size_t k = 0; k < 3; k++) {
                    ext_case c;
                    const size_t cols = colsv[ci], rows = cols > 1000 ? 5 : 7;
                    ext_make(&c, rows, cols, scales[si], mk, causals[k].causal, causals[k].off,
                             (uint32_t)(ci * 97 + si * 13 + (size_t)mk * 5 + k));
                    ext_run(t, op, &c, &worst);
                    ext_free(&c);
                }
    /* large rows: a mask per row, causal from a long cached prefix */
    ext_case c;
    ext_make(&c, 2, 100000, 0.125f, MASK_NEGINF, 1, 99990, 5);
    ext_run(t, op, &c, &worst);
    ext_free(&c);
    /* wide logits: [-100, 100] scaled */
    ext_make(&c, 5, 300, 3.7f, MASK_ROWS, 0, 0, 9);
    for (size_t j = 0; j < 5 * c.ldx; j++)
        if (!is_canary(c.x + j) && isfinite(c.x[j]))
            c.x[j] *= 12.5f;
    ext_run(t, op, &c, &worst);
    ext_free(&c);
    /* every z far below 0 (the row max below -88), with a tail */
    static const float far_scales[] = {-1.0f, 0.125f, 3.7f};
    for (size_t k = 0; k < 6; k++) {
        ext_make(&c, 5, 37, far_scales[k % 3], k < 3 ? MASK_NONE : MASK_ZINF, 0, 0, 13);
        for (size_t j = 0; j < 5 * c.ldx; j++)
            if (!is_canary(c.x + j) && isfinite(c.x[j]))
                c.x[j] -= 3000.0f / far_scales[k % 3];
        ext_run(t, op, &c, &worst);
        ext_free(&c);
    }
    print_message("max %.3g ULP (bound %g)\n", worst.err, bound);

    /* default options on contiguous rows: plain softmax's bits */
    if (t->dir == 0) {
        const vt_rows_op *plain = VT_FIND(vt_rows_ops, vt_n_rows, op->log ? "log_softmax" : "softmax");
        assert_non_null(plain);
        float xb[3 * 70], a[3 * 70], b[3 * 70];
        for (size_t j = 0; j < 3 * 70; j++)
            xb[j] = u8(vt_hash32((uint32_t)j + 5u)) * 3.0f;
        for (size_t cols = 1; cols <= 70; cols++) {
            assert_int_equal(plain->fwd(xb, a, 3, cols), VACT_OK);
            assert_int_equal(op->fwd(xb, cols, b, cols, 3, cols, NULL), VACT_OK);
            assert_same(a, b, 3 * cols);
        }
        /* a mask of zeros adds nothing: the bits of no mask (power-of-two
         * scales, whose masks of 0 and -inf take the exact form), and no
         * invalid or divide-by-zero flag from the finite data */
        static const float zm[3 * 70];
        for (size_t k = 0; k < 2; k++)
            for (size_t cols = 1; cols <= 70; cols++) {
                const vact_softmax_opts no = {k ? -0.25f : 0.125f, NULL, 0, 0, 0};
                const vact_softmax_opts zo = {no.scale, zm, cols, 0, 0};
                assert_int_equal(op->fwd(xb, cols, a, cols, 3, cols, &no), VACT_OK);
                feclearexcept(FE_ALL_EXCEPT);
                assert_int_equal(op->fwd(xb, cols, b, cols, 3, cols, &zo), VACT_OK);
                assert_false(fetestexcept(FE_INVALID | FE_DIVBYZERO));
                assert_same(a, b, 3 * cols);
            }
    }
    /* every tail length at every offset: the same bits as the aligned call */
    float xb[80], yb[80], gold[80], mb[80];
    for (size_t j = 0; j < 80; j++) {
        xb[j] = u8(vt_hash32((uint32_t)j + 3u));
        mb[j] = u8(vt_hash32((uint32_t)j + 99u));
    }
    float zb[80]; /* 0 and -inf: the exact form of scale 0.125 */
    for (size_t j = 0; j < 80; j++)
        zb[j] = vt_hash32((uint32_t)j + 7u) % 3 == 0 ? -INFINITY : 0.0f;
    for (size_t k = 0; k < 2 * 70; k++)
        for (size_t off = 0, cols = k % 70 + 1; off < 4; off++) {
            const vact_softmax_opts o = {k < 70 ? 0.3f : 0.125f, k < 70 ? mb : zb, 0, 0, 0};
            assert_int_equal(op->fwd(xb, cols, gold, cols, 1, cols, &o), VACT_OK);
            float xo[80];
            memcpy(xo + off, xb, cols * sizeof(float));
            fill_canary(yb, 80);
            assert_int_equal(op->fwd(xo + off, cols, yb + off, cols, 1, cols, &o), VACT_OK);
            assert_same(yb + off, gold, cols);
            for (size_t j = 0; j < 80; j++)
                if (j < off || j >= off + cols)
                    assert_true(is_canary(yb + j));
        }
    ext_errors(op);
}

void rows_ext_tests(const char *group, const tpath *p)
{
    ADD_OP_CASES(group, p, KIND_ROWS_EXT, vt_rows_ext_ops, vt_n_rows_ext, t_rows_ext);
}
