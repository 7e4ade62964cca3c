/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary bytes become (op, direction, tier, parameters,
 * n, offsets, in place or not, float bit patterns), and every available path
 * is checked against the scalar path:
 *  - no crash, no sanitizer report, nothing written on error;
 *  - the status matches the parameter domain (an independent predicate);
 *  - NaN in gives NaN out (element-wise ops);
 *  - exact ops give the same bits on every path, with any valid parameters;
 *  - other element-wise ops, at their default parameters, stay within
 *    2*bound + 1 ULP of the scalar path (each path within its bound of the
 *    truth).
 * Layout: [op][flags][p0: 4 bytes][p1: 4 bytes][floats...].
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define MAXN 600

static float bits(const uint8_t *p)
{
    float f;
    memcpy(&f, p, 4);
    return f;
}

/* distance in representable floats; NaN matches NaN; +-0 are 0 apart */
static double fdist(float a, float b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b) ? 0 : INFINITY;
    if (a == b)
        return 0;
    int32_t ia, ib;
    memcpy(&ia, &a, 4);
    memcpy(&ib, &b, 4);
    int64_t oa = ia < 0 ? -(int64_t)(ia & 0x7fffffff) : ia;
    int64_t ob = ib < 0 ? -(int64_t)(ib & 0x7fffffff) : ib;
    return (double)llabs(oa - ob);
}

/* the API's parameter domains, written independently of src/vact.c */
static int params_valid(const char *name, float p0, float p1)
{
    if (!strcmp(name, "leaky_relu") || !strcmp(name, "elu") || !strcmp(name, "swish"))
        return isfinite(p0);
    if (!strcmp(name, "hardtanh"))
        return isfinite(p0) && isfinite(p1) && p0 <= p1;
    if (!strcmp(name, "softplus"))
        return isfinite(p0) && p0 != 0 && isfinite(p1);
    if (!strcmp(name, "celu"))
        return isfinite(p0) && p0 != 0;
    if (!strcmp(name, "threshold"))
        return isfinite(p0) && isfinite(p1);
    if (!strcmp(name, "hardshrink") || !strcmp(name, "softshrink"))
        return isfinite(p0) && p0 >= 0;
    return 1;
}

static void die(void) { abort(); }

static void check_unary(const vt_unary *u, int bwd, int tier, float p0, float p1, int inplace,
                        const float *in, size_t n, size_t off)
{
    static float a[MAXN + 8], s[MAXN + 8], ref[MAXN + 8], out[MAXN + 8], keep[MAXN + 8];
    for (size_t i = 0; i < n; i++) {
        a[off + i] = in[i];
        s[off + i] = in[(i * 7 + 3) % n];
    }
    const int valid = params_valid(u->name, p0, p1);
    const int exact = u->bound[0][0] <= 0.5 && u->bound[0][1] <= 0.5;
    const int dflt = p0 == u->p0 && p1 == u->p1;
    vact_accuracy_set((vact_accuracy)tier);
    vact_isa_force(VACT_ISA_SCALAR);
    memcpy(ref, a, sizeof ref);
    vact_status st = bwd ? u->bwd(a + off, s + off, ref + off, n, p0, p1)
                         : u->fwd(a + off, ref + off, n, p0, p1);
    if (st != (valid ? VACT_OK : VACT_ERR_ARG))
        die();
    if (!valid) {
        if (memcmp(ref, a, sizeof ref)) /* nothing written */
            die();
        return;
    }
    for (int isa = 0; isa < 4; isa++) {
        if (!vact_isa_available((vact_isa)isa))
            continue;
        vact_isa_force((vact_isa)isa);
        float *o = inplace ? (memcpy(keep, bwd ? a : a, sizeof keep), keep) : out;
        if (inplace) {
            st = bwd ? u->bwd(o + off, s + off, o + off, n, p0, p1)
                     : u->fwd(o + off, o + off, n, p0, p1);
        } else {
            st = bwd ? u->bwd(a + off, s + off, o + off, n, p0, p1)
                     : u->fwd(a + off, o + off, n, p0, p1);
        }
        if (st != VACT_OK)
            die();
        const double tol = exact ? 0 : 2 * u->bound[tier][bwd] + 1;
        for (size_t i = off; i < off + n; i++) {
            if (isnan(a[i]) || (bwd && isnan(s[i])))
                if (!isnan(o[i]))
                    die(); /* NaN in, NaN out */
            if ((exact || (dflt && !(bwd && u->bwd_terms))) && fdist(o[i], ref[i]) > tol)
                die();
        }
    }
}

static void check_rows(int which, int bwd, int tier, const float *in, size_t n, size_t cols)
{
    static float y[MAXN], r[MAXN], o[MAXN], dy[MAXN];
    if (!cols)
        cols = 1;
    const size_t rows = n / cols;
    if (!rows)
        return;
    vact_accuracy_set((vact_accuracy)tier);
    for (int isa = 0; isa < 4; isa++) {
        if (!vact_isa_available((vact_isa)isa))
            continue;
        vact_isa_force((vact_isa)isa);
        float *dst = isa ? o : r;
        vact_status st;
        switch (which) {
        case 0: st = bwd ? vact_softmax_backward_f32(in, in, dst, rows, cols)
                         : vact_softmax_f32(in, dst, rows, cols); break;
        case 1: st = bwd ? vact_log_softmax_backward_f32(in, in, dst, rows, cols)
                         : vact_log_softmax_f32(in, dst, rows, cols); break;
        case 2: st = bwd ? vact_swiglu_backward_f32(in, in, in, dst, y, n)
                         : vact_swiglu_f32(in, in, dst, n); break;
        case 3: st = bwd ? vact_geglu_backward_f32(in, in, in, dst, y, n)
                         : vact_geglu_f32(in, in, dst, n); break;
        case 4: st = bwd ? vact_prelu_backward_f32(in, in, in, dst, y, rows, cols, 1)
                         : vact_prelu_f32(in, dst, in, rows, cols, 1); break;
        default: st = bwd ? vact_rrelu_backward_f32(in, in, dst, n, 0.125f, 0.25f, cols, rows)
                          : vact_rrelu_f32(in, dst, n, 0.125f, 0.25f, cols, rows); break;
        }
        if (st != VACT_OK)
            die();
        if (which == 0 || which == 1) { /* a row holding a NaN gives a row of NaN */
            for (size_t rr = 0; rr < rows; rr++) {
                int has_nan = 0;
                for (size_t j = 0; j < cols; j++)
                    has_nan |= isnan(in[rr * cols + j]);
                for (size_t j = 0; has_nan && j < cols; j++)
                    if (!isnan(dst[rr * cols + j]))
                        die();
            }
        }
        if (which >= 4 && isa) /* prelu and rrelu are exact: the same bits as scalar */
            for (size_t i = 0; i < (which == 4 ? rows * cols : n); i++)
                if (fdist(dst[i], r[i]) != 0)
                    die();
        (void)dy;
    }
}

/* softmax_ext and log_softmax_ext (which 0, 1): scale p0, a shared mask row
 * (the input's first row) or none, causal with an offset, rows strided by
 * cols + 1.  The status follows the scale's domain (nothing written on
 * error); beyond the causal limit the outputs are exactly +0 (log: -inf, and
 * +0 backward) and the gaps between rows are untouched; a NaN up to the limit
 * gives NaN there (forward); each path's bits are within reach of scalar's
 * only where bounds apply, so they are not compared. */
static void check_rows_ext(int which, int bwd, int tier, float scale, unsigned flags,
                           const float *in, size_t n, size_t cols)
{
    static float o[MAXN + 64];
    const vt_rows_ext_op *op = &vt_rows_ext_ops[which % vt_n_rows_ext];
    const size_t ld = cols + 1, rows = n / ld;
    if (!rows)
        return;
    const vact_softmax_opts opts = {scale, (flags & 0x40) ? in : NULL, 0, (flags & 0x80) != 0,
                                    (flags >> 2) & 7};
    const float dead = bwd || !op->log ? 0.0f : -INFINITY;
    const int valid = isfinite(scale) && scale != 0;
    vact_accuracy_set((vact_accuracy)tier);
    for (int isa = 0; isa < 4; isa++) {
        if (!vact_isa_available((vact_isa)isa))
            continue;
        vact_isa_force((vact_isa)isa);
        for (size_t i = 0; i < rows * ld; i++)
            o[i] = -1234.5f;
        const vact_status st = bwd ? op->bwd(in, ld, in, ld, o, ld, rows, cols, &opts)
                                   : op->fwd(in, ld, o, ld, rows, cols, &opts);
        if (st != (valid ? VACT_OK : VACT_ERR_ARG))
            die();
        for (size_t r = 0; r < rows; r++) {
            const size_t lim = vt_causal_lim(&opts, r, cols);
            int has_nan = 0;
            for (size_t j = 0; j < lim; j++)
                has_nan |= isnan(in[r * ld + j]) || (opts.mask && isnan(in[j]));
            for (size_t j = 0; j < ld; j++) {
                const float v = o[r * ld + j];
                if (!valid || j == cols) {
                    if (v != -1234.5f)
                        die();
                } else if (j >= lim) {
                    if (memcmp(&v, &dead, 4))
                        die();
                } else if (has_nan && !bwd && !isnan(v)) {
                    die();
                }
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 10)
        return 0;
    const unsigned op = data[0], flags = data[1];
    const float p0 = bits(data + 2), p1 = bits(data + 6);
    size_t n = (size - 10) / 4;
    if (n > MAXN)
        n = MAXN;
    static float in[MAXN];
    for (size_t i = 0; i < n; i++)
        in[i] = bits(data + 10 + 4 * i);
    const int bwd = flags & 1, tier = (flags >> 1) & 1, inplace = (flags >> 2) & 1;
    const size_t off = (flags >> 3) & 3;
    const size_t nops = vt_n_unary + 8;
    const size_t k = op % nops;
    if (k < vt_n_unary) {
        const vt_unary *u = &vt_unary_ops[k];
        /* half the inputs use the default parameters, so bounds apply */
        const int dflt = (flags >> 5) & 1;
        check_unary(u, bwd, tier, dflt ? u->p0 : p0, dflt ? u->p1 : p1, inplace, in, n, off);
    } else if (k < vt_n_unary + 6) {
        check_rows((int)(k - vt_n_unary), bwd, tier, in, n, 1 + (flags >> 3) % 37);
    } else {
        check_rows_ext((int)(k - vt_n_unary - 6), bwd, tier, p0, flags, in, n,
                       1 + (flags >> 3) % 37);
    }
    return 0;
}
