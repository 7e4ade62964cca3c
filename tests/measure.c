/* SPDX-License-Identifier: MIT */
#include "measure.h"

#include <math.h>
#include <stdlib.h>

/* ---- the worst error ---------------------------------------------------- */
void vt_worst_init(vt_worst *w, double bound)
{
    *w = (vt_worst){bound, 0, 0, 0, 0, 0, 0};
}

void vt_worst_add(vt_worst *w, double e, size_t i, float input)
{
    if (!(e <= w->err)) {
        w->err = isnan(e) ? INFINITY : e;
        w->at = i;
        w->input = input;
    }
    if (!(e <= w->bound) && !w->over++)
        w->first_over = i;
    w->n++;
}

void vt_worst_merge(vt_worst *into, const vt_worst *from)
{
    if (from->err > into->err) {
        into->err = from->err;
        into->at = from->at;
        into->input = from->input;
    }
    if (from->over && !into->over)
        into->first_over = from->first_over;
    into->over += from->over;
    into->n += from->n;
}

double vt_error(float got, long double ref, const long double *terms)
{
    return terms ? vt_ulp_terms(got, ref, *terms) : vt_ulp(got, ref);
}

void vt_score(vt_worst *w, size_t base, const float *in, const float *got,
              const long double *ref, const long double *terms, size_t n)
{
    for (size_t k = 0; k < n; k++)
        vt_worst_add(w, vt_error(got[k], ref[k], terms ? terms + k : NULL), base + k, in[k]);
}

/* ---- element-wise ops ---------------------------------------------------- */
#define CHUNK 4096

int vt_sweep_alloc(vt_sweep *sw, size_t cap)
{
    const size_t c = cap ? cap : 1, fb = c * sizeof(float), lb = c * sizeof(long double);
    *sw = (vt_sweep){.cap = cap, .x = malloc(fb), .dy = malloc(fb), .s = malloc(fb),
                     .ref = {malloc(lb), malloc(lb)}, .terms = malloc(lb)};
    if (sw->x && sw->dy && sw->s && sw->ref[0] && sw->ref[1] && sw->terms)
        return 0;
    vt_sweep_free(sw);
    return -1;
}

void vt_sweep_free(vt_sweep *sw)
{
    free(sw->x); free(sw->dy); free(sw->s);
    free(sw->ref[0]); free(sw->ref[1]); free(sw->terms);
    *sw = (vt_sweep){0};
}

/* Samples first .. first+n-1 of a sweep of `total`: x from the bit
 * patterns, and dy (unless NULL) from the sample's index. */
static void fill_samples(float *x, float *dy, uint64_t first, size_t n, uint64_t total)
{
    for (size_t k = 0; k < n; k++) {
        x[k] = vt_bits_float(vt_sweep_bits(first + k, total));
        if (dy)
            dy[k] = vt_dy(first + k);
    }
}

void vt_sweep_fill(vt_sweep *sw, const vt_unary *u, uint64_t first, size_t n, uint64_t total,
                   int dirs)
{
    sw->u = u; sw->first = first; sw->n = n;
    fill_samples(sw->x, dirs & VT_BWD ? sw->dy : NULL, first, n, total);
    for (size_t k = 0; k < n; k++) {
        if ((dirs & VT_BWD) && ((first + k) & 3) == 3)
            sw->x[k] = vt_dense_x(first + k);
        const float x = sw->x[k];
        if (dirs & VT_FWD)
            sw->ref[0][k] = u->ref_fwd(x, u->p0, u->p1);
        if (!(dirs & VT_BWD))
            continue;
        sw->s[k] = !u->saved_y ? x : (dirs & VT_FWD) ? (float)sw->ref[0][k] : vt_saved(u, x);
        if ((first + k) & 1) /* every other sample: the worst gradient for its x */
            sw->dy[k] = vt_dy_adversarial(first + k, u->ref_bwd(1.0L, sw->s[k], u->p0, u->p1));
        sw->ref[1][k] = u->ref_bwd(sw->dy[k], sw->s[k], u->p0, u->p1);
        if (u->bwd_terms)
            sw->terms[k] = u->bwd_terms(sw->dy[k], sw->s[k], u->p0, u->p1);
    }
}

void vt_sweep_push(vt_sweep *sw, float x)
{
    const vt_unary *u = sw->u;
    sw->x[sw->n] = x;
    sw->ref[0][sw->n] = u->ref_fwd(x, u->p0, u->p1);
    sw->n++;
}

vact_status vt_sweep_call(const vt_sweep *sw, int dir, float *out)
{
    const vt_unary *u = sw->u;
    return dir == 0 ? u->fwd(sw->x, out, sw->n, u->p0, u->p1)
                    : u->bwd(sw->dy, sw->s, out, sw->n, u->p0, u->p1);
}

double vt_sweep_error(const vt_sweep *sw, int dir, size_t k, float got)
{
    const long double *terms = dir && sw->u->bwd_terms ? sw->terms + k : NULL;
    return vt_error(got, sw->ref[dir][k], terms);
}

void vt_sweep_score(const vt_sweep *sw, int dir, const float *out, vt_worst *w)
{
    const float *in = dir ? sw->s : sw->x;
    for (size_t k = 0; k < sw->n; k++)
        vt_worst_add(w, vt_sweep_error(sw, dir, k, out[k]), (size_t)(sw->first + k), in[k]);
}

int vt_sweep_measure(const vt_unary *u, int dir, uint64_t begin, uint64_t end, uint64_t total,
                     vt_worst *w)
{
    vt_sweep sw;
    float *out = malloc(CHUNK * sizeof(float));
    if (!out || vt_sweep_alloc(&sw, CHUNK)) {
        free(out);
        return -1;
    }
    for (uint64_t i0 = begin; i0 < end; i0 += CHUNK) {
        const size_t m = (size_t)(end - i0 < CHUNK ? end - i0 : CHUNK);
        vt_sweep_fill(&sw, u, i0, m, total, dir ? VT_BWD : VT_FWD);
        vt_sweep_call(&sw, dir, out);
        vt_sweep_score(&sw, dir, out, w);
    }
    vt_sweep_free(&sw);
    free(out);
    return 0;
}

/* ---- gated ops ------------------------------------------------------------ */
int vt_gated_alloc(vt_gated_set *gs, size_t cap)
{
    const size_t fb = (cap ? cap : 1) * sizeof(float);
    *gs = (vt_gated_set){.cap = cap, .a = malloc(fb), .b = malloc(fb), .dy = malloc(fb)};
    if (gs->a && gs->b && gs->dy)
        return 0;
    vt_gated_free(gs);
    return -1;
}

void vt_gated_free(vt_gated_set *gs)
{
    free(gs->a); free(gs->b); free(gs->dy);
    *gs = (vt_gated_set){0};
}

void vt_gated_fill(vt_gated_set *gs, const vt_gated_op *op, uint64_t first, size_t n,
                   uint64_t total)
{
    gs->op = op; gs->first = first; gs->n = n;
    fill_samples(gs->a, gs->dy, first, n, total);
    for (size_t k = 0; k < n; k++) {
        const uint64_t i = first + k;
        if ((i & 7) >= 4)
            gs->a[k] = vt_dense_x(i);
        const float a = gs->a[k];
        gs->b[k] = vt_dy(i + 11);
        /* one sample in four each: b next to a power of two over act(a)
         * (forward, and db), dy likewise over b*act'(a) (da), dy over act(a) (db) */
        long double da, db;
        switch (i & 3) {
        case 1:
            gs->b[k] = vt_dy_adversarial(i + 11, op->ref_fwd(a, 1.0L));
            break;
        case 2:
            op->ref_bwd(1.0L, a, gs->b[k], &da, &db);
            gs->dy[k] = vt_dy_adversarial(i, da);
            break;
        case 3:
            op->ref_bwd(1.0L, a, gs->b[k], &da, &db);
            gs->dy[k] = vt_dy_adversarial(i, db);
            break;
        default:
            break;
        }
    }
}

double vt_gated_error(const vt_gated_set *gs, int dir, size_t k, float out, float out2)
{
    const vt_gated_op *op = gs->op;
    const float a = gs->a[k], b = gs->b[k], dy = gs->dy[k];
    if (dir == 0)
        return vt_ulp(out, op->ref_fwd(a, b));
    long double ra, rb;
    op->ref_bwd(dy, a, b, &ra, &rb);
    /* da: in ULP of the cancelling terms of act' where it crosses zero (as
     * for silu, gelu), else of the result */
    const double ea = op->act->bwd_terms ?
        vt_ulp_terms(out, ra, op->act->bwd_terms((long double)dy * b, a, 0, 0)) : vt_ulp(out, ra);
    return fmax(ea, vt_ulp(out2, rb));
}

void vt_gated_score(const vt_gated_set *gs, int dir, const float *out, const float *out2,
                    vt_worst *w)
{
    for (size_t k = 0; k < gs->n; k++)
        vt_worst_add(w, vt_gated_error(gs, dir, k, out[k], dir ? out2[k] : 0),
                     (size_t)(gs->first + k), gs->a[k]);
}

int vt_gated_measure(const vt_gated_op *op, int dir, uint64_t total, vt_worst *w)
{
    vt_gated_set gs;
    float *o1 = malloc(CHUNK * sizeof(float)), *o2 = malloc(CHUNK * sizeof(float));
    const int ok = o1 && o2 && !vt_gated_alloc(&gs, CHUNK);
    for (uint64_t i0 = 0; ok && i0 < total; i0 += CHUNK) {
        const size_t m = (size_t)(total - i0 < CHUNK ? total - i0 : CHUNK);
        vt_gated_fill(&gs, op, i0, m, total);
        if (dir == 0)
            op->fwd(gs.a, gs.b, o1, m);
        else
            op->bwd(gs.dy, gs.a, gs.b, o1, o2, m);
        vt_gated_score(&gs, dir, o1, o2, w);
    }
    if (ok)
        vt_gated_free(&gs);
    free(o1);
    free(o2);
    return ok ? 0 : -1;
}

/* ---- row-wise ops ------------------------------------------------------- */
int vt_rowset_init(vt_rowset *rs, const vt_rows_op *op, size_t set, int wide)
{
    const size_t rows = VT_ROWS, cols = vt_row_cols[set], n = rows * cols;
    *rs = (vt_rowset){op, rows, cols, n, malloc(n * sizeof(float)), malloc(n * sizeof(float)),
                      malloc(n * sizeof(long double))};
    if (!rs->x || !rs->dy || !rs->ref) {
        vt_rowset_free(rs);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        rs->x[i] = vt_row_value(i, set, wide);
        rs->dy[i] = vt_dy(i + 3 * set);
    }
    for (size_t r = 0; op && r < rows; r++) /* op NULL: the values only */
        op->ref_fwd(rs->x + r * cols, rs->ref + r * cols, cols);
    return 0;
}

void vt_rowset_free(vt_rowset *rs)
{
    free(rs->x); free(rs->dy); free(rs->ref);
    *rs = (vt_rowset){0};
}

void vt_rowset_score_fwd(const vt_rowset *rs, const float *y, vt_worst *w)
{
    vt_score(w, 0, rs->x, y, rs->ref, NULL, rs->n);
}

int vt_rowset_score_bwd(const vt_rowset *rs, const float *y, const float *dx, vt_worst *w)
{
    const size_t cols = rs->cols;
    long double *ref = malloc(cols * sizeof(long double));
    long double *terms = malloc(cols * sizeof(long double));
    const int ok = ref && terms;
    for (size_t r = 0; ok && r < rs->rows; r++) {
        const size_t o = r * cols;
        rs->op->ref_bwd(rs->dy + o, y + o, ref, cols);
        rs->op->bwd_terms(rs->dy + o, y + o, terms, cols);
        vt_score(w, o, rs->x + o, dx + o, ref, terms, cols);
    }
    free(ref);
    free(terms);
    return ok ? 0 : -1;
}

int vt_rows_measure(const vt_rows_op *op, int dir, vt_worst *w)
{
    int st = 0;
    for (size_t set = 0; set < VT_ROW_SETS; set++)
        for (int wide = 0; wide < 2; wide++) {
            vt_rowset rs;
            if (vt_rowset_init(&rs, op, set, wide))
                return -1;
            float *y = malloc(rs.n * sizeof(float)), *dx = malloc(rs.n * sizeof(float));
            if (!y || !dx) {
                st = -1;
            } else {
                op->fwd(rs.x, y, rs.rows, rs.cols);
                if (dir == 0) {
                    vt_rowset_score_fwd(&rs, y, w);
                } else {
                    op->bwd(rs.dy, y, dx, rs.rows, rs.cols);
                    st |= vt_rowset_score_bwd(&rs, y, dx, w);
                }
            }
            free(y);
            free(dx);
            vt_rowset_free(&rs);
            if (st)
                return st;
        }
    return 0;
}

/* ---- row-wise ops with options ------------------------------------------ */
static int rows_ext_one(const vt_rows_ext_op *op, int dir, const vt_rowset *rs,
                        const vact_softmax_opts *o, float *y, float *dx, long double *ref,
                        long double *terms, vt_worst *w)
{
    const size_t rows = rs->rows, cols = rs->cols;
    op->fwd(rs->x, cols, y, cols, rows, cols, o);
    if (dir)
        op->bwd(rs->dy, cols, y, cols, dx, cols, rows, cols, o);
    for (size_t r = 0; r < rows; r++) {
        const size_t off = r * cols, lim = vt_causal_lim(o, r, cols);
        if (dir == 0) {
            op->ref_fwd(rs->x + off, o->mask ? o->mask + r * o->mask_ld : NULL, o->scale, lim,
                        ref, cols);
            vt_score(w, off, rs->x + off, y + off, ref, NULL, cols);
        } else {
            op->ref_bwd(rs->dy + off, y + off, o->scale, lim, ref, cols);
            op->bwd_terms(rs->dy + off, y + off, o->scale, lim, terms, cols);
            vt_score(w, off, rs->x + off, dx + off, ref, terms, cols);
        }
    }
    return 0;
}

int vt_rows_ext_measure(const vt_rows_ext_op *op, int dir, vt_worst *w)
{
    static const float scales[] = {1.0f, -1.0f, 0.125f, 3.7f};
    int st = 0;
    for (size_t set = 0; set < VT_ROW_SETS && !st; set++)
        for (int wide = 0; wide < 2 && !st; wide++) {
            vt_rowset rs;
            if (vt_rowset_init(&rs, NULL, set, wide))
                return -1;
            const size_t n = rs.n, cols = rs.cols;
            float *y = malloc(n * sizeof(float)), *dx = malloc(n * sizeof(float));
            float *mask = malloc(n * sizeof(float));
            long double *ref = malloc(cols * sizeof(long double));
            long double *terms = malloc(cols * sizeof(long double));
            if (!y || !dx || !mask || !ref || !terms)
                st = -1;
            for (size_t i = 0; !st && i < n; i++) {
                const uint32_t h = vt_hash32((uint32_t)i * 3u + 17u);
                mask[i] = h % 5 == 0 ? -INFINITY : ((float)(h >> 8) * 0x1p-24f - 0.5f) * 4.0f;
            }
            for (size_t k = 0; !st && k < 16; k++) {
                const vact_softmax_opts o = {scales[k & 3], (k & 4) ? mask : NULL, cols,
                                             (k & 8) != 0, 0};
                st = rows_ext_one(op, dir, &rs, &o, y, dx, ref, terms, w);
            }
            free(y); free(dx); free(mask); free(ref); free(terms);
            vt_rowset_free(&rs);
        }
    return st;
}
