/* SPDX-License-Identifier: MIT */
#include "support.h"
#include <float.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include "ref/ref.h"

#define ARGS_0()
#define ARGS_1(a) , p0
#define ARGS_2(a, b) , p0, p1

#define VACT_UNARY(name, np, pn, saved, check, d0, d1, hf, hb, ff, fb, metric)            \
    static vact_status vt_fwd_##name(const float *x, float *y, size_t n, float p0, float p1) \
    {                                                                                     \
        (void)p0; (void)p1;                                                               \
        return vact_##name##_f32(x, y, n ARGS_##np pn);                                   \
    }                                                                                     \
    static vact_status vt_bwd_##name(const float *dy, const float *s, float *dx, size_t n,  \
                                     float p0, float p1)                                  \
    {                                                                                     \
        (void)p0; (void)p1;                                                               \
        return vact_##name##_backward_f32(dy, s, dx, n ARGS_##np pn);                     \
    }                                                                                     \
    VT_TWINS(name, np, pn, bf16) VT_TWINS(name, np, pn, f16)
#define VT_TWINS(name, np, pn, T)                                                         \
    static vact_status vt_fwd_##T##_##name(const uint16_t *x, uint16_t *y, size_t n,      \
                                           float p0, float p1)                            \
    {                                                                                     \
        (void)p0; (void)p1;                                                               \
        return vact_##name##_##T(x, y, n ARGS_##np pn);                                   \
    }                                                                                     \
    static vact_status vt_bwd_##T##_##name(const uint16_t *dy, const uint16_t *s,         \
                                           uint16_t *dx, size_t n, float p0, float p1)    \
    {                                                                                     \
        (void)p0; (void)p1;                                                               \
        return vact_##name##_backward_##T(dy, s, dx, n ARGS_##np pn);                     \
    }
#include "vact_ops.def"
#undef VACT_UNARY
#undef VT_TWINS

/* The terms that cancel near the derivative's root, in long double. */
static long double sigl(long double t) { return 1.0L / (1.0L + expl(-t)); }
static long double terms_silu(long double dy, long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    long double s = sigl(x);
    return fabsl(dy) * fmaxl(s, fabsl(x * s * (1 - s)));
}
static long double terms_swish(long double dy, long double x, long double beta, long double p1)
{
    return terms_silu(dy, beta * x, 0, p1);
}
static long double terms_gelu(long double dy, long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    long double Phi = 0.5L * erfcl(-x / sqrtl(2.0L));
    long double phi = expl(-x * x / 2) / sqrtl(2.0L * 3.14159265358979323846264338327950288L);
    return fabsl(dy) * fmaxl(Phi, fabsl(x * phi));
}
static long double terms_gelu_tanh(long double dy, long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    const long double a = 2.0L * sqrtl(2.0L / 3.14159265358979323846264338327950288L);
    long double w = x * a * (1 + 0.044715L * x * x), s = sigl(w);
    return fabsl(dy) * fmaxl(s, fabsl(x * s * (1 - s) * a * (1 + 3 * 0.044715L * x * x)));
}
static long double terms_mish(long double dy, long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    long double sp = x > 20 ? x : log1pl(expl(x)), T = tanhl(sp);
    return fabsl(dy) * fmaxl(fabsl(T), fabsl(x * sigl(x) * (1 - T * T)));
}
#define METRIC_ULP(name) NULL
#define METRIC_TERMS(name) terms_##name

const vt_unary vt_unary_ops[] = {
#define VACT_UNARY(name, np, pn, saved, check, d0, d1, hf, hb, ff, fb, metric)           \
    {#name, np, #saved[0] == 'Y', d0, d1, {{hf, hb}, {ff, fb}},                          \
     vt_fwd_##name, vt_bwd_##name, ref_##name##_fwd, ref_##name##_bwd, METRIC_##metric(name), \
     {vt_fwd_bf16_##name, vt_fwd_f16_##name}, {vt_bwd_bf16_##name, vt_bwd_f16_##name}},
#include "vact_ops.def"
#undef VACT_UNARY
};
const size_t vt_n_unary = sizeof vt_unary_ops / sizeof vt_unary_ops[0];

const vt_path vt_paths[] = {
#define VACT_ISA_DEF(name, e, built, detect) {#name, e},
#include "vact_isas.def"
#undef VACT_ISA_DEF
};
const size_t vt_n_paths = sizeof vt_paths / sizeof vt_paths[0];

#define BOUNDS(hf, hb, ff, fb) {{hf, hb}, {ff, fb}}
#define PUBLIC(name) vact_##name##_f32, vact_##name##_backward_f32

const vt_prelu_op vt_prelu_ops[] = {
#define TWINS16(name)                                                                   \
    {vact_##name##_bf16, vact_##name##_f16}, {vact_##name##_backward_bf16, vact_##name##_backward_f16}
#define VACT_PRELU(name, hf, hb, ff, fb) {#name, BOUNDS(hf, hb, ff, fb), PUBLIC(name), TWINS16(name)},
#include "vact_ops.def"
#undef VACT_PRELU
};
const size_t vt_n_prelu = sizeof vt_prelu_ops / sizeof vt_prelu_ops[0];

const vt_rrelu_op vt_rrelu_ops[] = {
#define VACT_RRELU(name, hf, hb, ff, fb) {#name, BOUNDS(hf, hb, ff, fb), PUBLIC(name)},
#include "vact_ops.def"
#undef VACT_RRELU
};
const size_t vt_n_rrelu = sizeof vt_rrelu_ops / sizeof vt_rrelu_ops[0];

static void rows_bwd_terms(int logsm, const float *dy, const float *y, long double *terms,
                           size_t cols)
{
    long double sum = 0;
    for (size_t j = 0; j < cols; j++)
        sum += logsm ? (long double)dy[j] : (long double)dy[j] * y[j];
    for (size_t j = 0; j < cols; j++) {
        long double t1 = logsm ? fabsl((long double)dy[j]) : fabsl((long double)y[j] * dy[j]);
        long double t2 = logsm ? fabsl(expl((long double)y[j]) * sum)
                               : fabsl((long double)y[j] * sum);
        terms[j] = t1 > t2 ? t1 : t2;
    }
}
static void terms_softmax_row(const float *dy, const float *y, long double *terms, size_t cols)
{
    rows_bwd_terms(0, dy, y, terms, cols);
}
static void terms_log_softmax_row(const float *dy, const float *y, long double *terms,
                                  size_t cols)
{
    rows_bwd_terms(1, dy, y, terms, cols);
}

const vt_rows_op vt_rows_ops[] = {
#define VACT_ROWS(name, hf, hb, ff, fb)                                                   \
    {#name, BOUNDS(hf, hb, ff, fb), PUBLIC(name), ref_##name##_row, ref_##name##_bwd_row, \
     terms_##name##_row, TWINS16(name)},
#include "vact_ops.def"
#undef VACT_ROWS
};
const size_t vt_n_rows = sizeof vt_rows_ops / sizeof vt_rows_ops[0];

/* the ext ops' cancelling terms: those of the plain op over the first lim
 * entries (the log form's sum over y > -inf), times |scale| */
static void rows_ext_terms(int logsm, const float *dy, const float *y, float scale, size_t lim,
                           long double *terms, size_t cols)
{
    long double sum = 0;
    for (size_t j = 0; j < lim; j++)
        if (!logsm || y[j] != -INFINITY)
            sum += logsm ? (long double)dy[j] : (long double)dy[j] * y[j];
    for (size_t j = 0; j < cols; j++) {
        if (j >= lim) {
            terms[j] = 0;
            continue;
        }
        long double t1 = logsm ? fabsl((long double)dy[j]) : fabsl((long double)y[j] * dy[j]);
        long double t2 = logsm ? fabsl(expl((long double)y[j]) * sum)
                               : fabsl((long double)y[j] * sum);
        terms[j] = (t1 > t2 ? t1 : t2) * fabsl((long double)scale);
    }
}
static void terms_softmax_ext_row(const float *dy, const float *y, float scale, size_t lim,
                                  long double *terms, size_t cols)
{
    rows_ext_terms(0, dy, y, scale, lim, terms, cols);
}
static void terms_log_softmax_ext_row(const float *dy, const float *y, float scale, size_t lim,
                                      long double *terms, size_t cols)
{
    rows_ext_terms(1, dy, y, scale, lim, terms, cols);
}

const vt_rows_ext_op vt_rows_ext_ops[] = {
#define VACT_ROWS_EXT(name, hf, hb, ff, fb)                                                \
    {#name, BOUNDS(hf, hb, ff, fb), PUBLIC(name), ref_##name##_row, ref_##name##_bwd_row, \
     terms_##name##_row, #name[0] == 'l', TWINS16(name)},
#include "vact_ops.def"
#undef VACT_ROWS_EXT
};
const size_t vt_n_rows_ext = sizeof vt_rows_ext_ops / sizeof vt_rows_ext_ops[0];

size_t vt_causal_lim(const vact_softmax_opts *o, size_t r, size_t cols)
{
    if (!o || !o->causal || o->causal_offset >= cols)
        return cols;
    return r + o->causal_offset + 1 < cols ? r + o->causal_offset + 1 : cols;
}

/* the index of each element-wise op in vt_unary_ops */
enum {
#define VACT_UNARY(name, ...) UNARY_INDEX_##name,
#include "vact_ops.def"
#undef VACT_UNARY
};

const vt_gated_op vt_gated_ops[] = {
#define VACT_GATED(name, act, hf, hb, ff, fb)                                             \
    {#name, &vt_unary_ops[UNARY_INDEX_##act], BOUNDS(hf, hb, ff, fb), PUBLIC(name),         \
     ref_##name, ref_##name##_bwd, vact_##name##_2d_f32, vact_##name##_2d_backward_f32,   \
     {vact_##name##_bf16, vact_##name##_f16},                                              \
     {vact_##name##_backward_bf16, vact_##name##_backward_f16},                            \
     {vact_##name##_2d_bf16, vact_##name##_2d_f16},                                        \
     {vact_##name##_2d_backward_bf16, vact_##name##_2d_backward_f16}},
#include "vact_ops.def"
#undef VACT_GATED
};
const size_t vt_n_gated = sizeof vt_gated_ops / sizeof vt_gated_ops[0];

const void *vt_find_op(const void *table, size_t count, size_t size, const char *name)
{
    for (size_t i = 0; i < count; i++) {
        const void *e = (const char *)table + i * size;
        if (!strcmp(*(const char *const *)e, name))
            return e;
    }
    return NULL;
}

uint32_t vt_hash32(uint32_t x)
{
    x ^= x >> 16; x *= 0x21f0aaadU; x ^= x >> 15; x *= 0x735a2d97U; x ^= x >> 15;
    return x;
}

uint32_t vt_sweep_bits(uint64_t i, uint64_t n)
{
    const uint64_t stride = (1ull << 32) / n;
    uint64_t b = i * stride;
    if (stride > 1)
        b += vt_hash32((uint32_t)i * 2654435761u) % stride;
    return (uint32_t)b;
}

float vt_bits_float(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
uint32_t vt_float_bits(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }

float vt_dy(uint64_t i)
{
    uint32_t h = vt_hash32((uint32_t)i ^ 0x5bd1e995u);
    float m = 1.0f + (float)(h >> 9) * 0x1p-23f;
    int k = (int)((h >> 1) % 17) - 8;
    return (h & 1 ? -1.0f : 1.0f) * ldexpf(m, k);
}

float vt_dense_x(uint64_t i)
{
    const uint32_t h = vt_hash32((uint32_t)(i >> 2) ^ 0x68e31da4u);
    return ((float)(h >> 8) * 0x1p-24f - 0.5f) * 64.0f;
}

float vt_dy_adversarial(uint64_t i, long double d)
{
    const long double ad = fabsl(d);
    if (!(ad > 0) || !isfinite(ad))
        return vt_dy(i);
    const uint32_t h = vt_hash32((uint32_t)i ^ 0x2545f491u);
    const int near = getenv("VT_ADV_NEAR") || (h & 3) != 0, below = ((h >> 2) & 3) != 0;
    const int t = near ? ilogbl(ad) + (int)((h >> 4) % 17) - 8 : -149 + (int)((h >> 4) % 277);
    const long double T = ldexpl(1.0L, t);
    long double q = T / ad;
    q = q > FLT_MAX ? FLT_MAX : q < 0x1p-149L ? 0x1p-149L : q;
    float g = (float)q;
    /* the largest g with g*|d| < T, or the smallest with g*|d| >= T */
    while (g > 0 && (long double)g * ad >= T)
        g = nextafterf(g, 0.0f);
    while (g < FLT_MAX && (long double)nextafterf(g, INFINITY) * ad < T)
        g = nextafterf(g, INFINITY);
    if (!below && g < FLT_MAX)
        g = nextafterf(g, INFINITY);
    return (h >> 31) ? -g : g;
}

const size_t vt_row_cols[VT_ROW_SETS] = {7, 100, 1000};
float vt_row_value(size_t i, size_t set, int wide)
{
    return ((float)(vt_hash32((uint32_t)(i + 977 * set)) >> 8) * 0x1p-24f - 0.5f) *
           (wide ? 200.0f : 8.0f);
}

float vt_saved(const vt_unary *op, float x)
{
    if (!op->saved_y)
        return x;
    return (float)op->ref_fwd(x, op->p0, op->p1);
}

double vt_ulp(float got, long double ref) { return ref_ulp_error(got, ref); }

static long double ulp_of(long double r)
{
    r = fabsl(r);
    if (r < 0x1p-126L)
        return 0x1p-149L;
    /* the terms are a scale, not a float result: beyond FLT_MAX (a huge
     * gradient times terms of order 1) their ULP keeps growing */
    int e;
    frexpl(r, &e);
    return ldexpl(1.0L, e - 24);
}

float vt_hardswish_w(float x)
{
    const volatile float three = 3.0f;
    return x < -3.0f ? 0.0f : x > 3.0f ? 6.0f : 2 * x + three;
}

int vt_storage_windowed(const char *op, int dir, float x, float dy)
{
    const volatile float three = 3.0f; /* f32 sums, as the kernels form them */
    if (!strcmp(op, "leaky_relu")) /* the product form: main loops window nothing */
        return 0;
    if (!strcmp(op, "softshrink") && !dir)
        return 0;
    if (!strcmp(op, "hardsigmoid")) /* the backward: NaN results only */
        return dir ? 0 : (x + three) - three != x;
    if (!strcmp(op, "sigmoid") && dir) /* x: the saved y (a tiny product not modelled) */
        return !(x >= 0x1p-13f && x <= 1.0f);
    if (!strcmp(op, "softsign") && !dir) {
        const volatile float one = 1.0f;
        return !((one + fabsf(x)) - one == fabsf(x) && fabsf(x) < INFINITY);
    }
    if (!strcmp(op, "hardswish") && dir) { /* the residual form's loose lanes */
        const float r = dy * vt_hardswish_w(x) / 6.0f;
        return (2 * x + three) - three != 2 * x || isnan(r) || (r != 0.0f && fabsf(r) < 0x1p-96f);
    }
    if (!strcmp(op, "hardswish"))
        return (fmaxf(x, -3.0f) + three) - three != fmaxf(x, -3.0f) || x >= 0x1.555556p+125f;
    return 1;
}

double vt_ulp_terms(float got, long double ref, long double terms)
{
    double plain = vt_ulp(got, ref);
    if (!isfinite(plain) || isinf(got) || !(fabsl(terms) > fabsl(ref)) || !isfinite(terms))
        return plain;
    return (double)(fabsl((long double)got - ref) / ulp_of(terms));
}
