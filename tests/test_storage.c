/* SPDX-License-Identifier: MIT */
/*
 * bf16 and f16 storage.  The "storage" group: the four conversions against
 * round-to-nearest-even computed here (dense f32 bit patterns, every special
 * class, the neighbourhoods of each rounding and overflow boundary; every
 * bf16 and f16 pattern widened), tails, guard pages and statuses.  In each
 * element-wise op's group, per path, tier and direction, cases named
 * <type>_<case>: forward over ALL 2^16 inputs of the type, backward over a
 * dense sample of (x, dy) with adversarial dy (dy*f'(x) next to a rounding
 * midpoint of the type or a power of two) and every pair of special
 * values, each result equal to the long double reference rounded once to
 * the type (tests/ref); tails, offsets, in place, guard pages and statuses.
 */
#include "harness.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- the types, written from their definitions ---------------------------- */
typedef struct {
    const char *name;
    int p, emin;       /* significant bits, exponent of the smallest normal */
    uint16_t inf, qbit;
    vact_status (*narrow)(const float *, uint16_t *, size_t);
    vact_status (*widen)(const uint16_t *, float *, size_t);
} stype;
static const stype TYPES[2] = {
    {"bf16", 8, -126, 0x7f80u, 0x40u, vact_bf16_from_f32, vact_f32_from_bf16},
    {"f16", 11, -14, 0x7c00u, 0x200u, vact_f16_from_f32, vact_f32_from_f16},
};
#define NT 2
#define WANT_NAN 0x10000u /* a reference that is NaN: any quiet NaN will do */
/* A reference on a midpoint of the type as far as its 2^-52 accuracy
 * (tests/ref/ref.h) can tell: a true tie (rounds to even, which the
 * reference can miss by an ULP of its own: dy*((2x + 3)/6)) or an exact
 * value whose tail is beyond long double (x*sigmoid(x) = x/2 + x^2/4 at a
 * subnormal bf16 x; dy*y*(1-y) for y < 2^-64).  Either neighbour is
 * accepted there and such results are counted; the storage group's "ties"
 * case checks both kinds where the answer is known exactly. */
#define WANT_TIE 0x20000u

static int st_isnan(int t, uint16_t h) { return (h & 0x7fffu) > TYPES[t].inf; }
static int st_isqnan(int t, uint16_t h) { return st_isnan(t, h) && (h & TYPES[t].qbit); }

/* The value of bits h. */
static long double st_value(int t, uint16_t h)
{
    const stype *T = &TYPES[t];
    const int mb = T->p - 1;
    const unsigned emax = (1u << (15 - mb)) - 1, e = (h >> mb) & emax, m = h & ((1u << mb) - 1);
    long double v;
    if (e == emax)
        v = m ? NAN : INFINITY;
    else if (e == 0)
        v = ldexpl((long double)m, T->emin - mb);
    else
        v = ldexpl((long double)(m + (1u << mb)), (int)e - 1 + T->emin - mb);
    return h & 0x8000u ? -v : v;
}

/* v rounded to nearest even in the type (v not NaN). */
static uint16_t st_round(int t, long double v)
{
    const stype *T = &TYPES[t];
    const uint16_t s = signbit(v) ? 0x8000u : 0u;
    const long double a = fabsl(v);
    if (a == 0)
        return s;
    if (isinf(a))
        return (uint16_t)(s | T->inf);
    int e = ilogbl(a);
    if (e < T->emin)
        e = T->emin;
    const long double half = ldexpl(1.0L, T->p - 1);
    const long double u = ldexpl(a, T->p - 1 - e); /* a/quantum: exact scaling */
    long double m = nearbyintl(u);
    if (m == 2 * half) {
        m = half;
        e++;
    }
    unsigned long bits = m < half ? (unsigned long)m
                                  : ((unsigned long)(e - T->emin + 1) << (T->p - 1)) +
                                        (unsigned long)(m - half);
    if (bits >= T->inf)
        bits = T->inf;
    return (uint16_t)(s | bits);
}
/* The reference's rounding; at a tie, its neighbour toward zero with WANT_TIE. */
static uint32_t want_of(int t, long double v)
{
    if (isnan(v))
        return WANT_NAN;
    const uint16_t r = st_round(t, v);
    if (!isfinite(v) || v == 0)
        return r;
    int e = ilogbl(fabsl(v));
    if (e < TYPES[t].emin)
        e = TYPES[t].emin;
    const long double u = ldexpl(fabsl(v), TYPES[t].p - 1 - e);
    if (fabsl(u - floorl(u) - 0.5L) > u * 0x1p-50L)
        return r;
    return WANT_TIE | st_round(t, copysignl(ldexpl(floorl(u), e - (TYPES[t].p - 1)), v));
}

/* The distance from v to the nearest rounding midpoint of the type. */
static long double st_mid_dist(int t, long double v)
{
    const long double a = fabsl(v);
    if (!(a > 0) || isinf(a))
        return INFINITY;
    int e = ilogbl(a);
    if (e < TYPES[t].emin)
        e = TYPES[t].emin;
    const long double u = ldexpl(a, TYPES[t].p - 1 - e);
    return fabsl(u - floorl(u) - 0.5L) * ldexpl(1.0L, e - (TYPES[t].p - 1));
}

/* One result against its reference: equal bits, or a quiet NaN for NaN. */
/* The sign of a zero result is the f32 kernel's, which the f32 tests hold
 * to each op's documented rule (and the same on every path): here a zero
 * matches a zero. */
static int matches(int t, uint16_t got, uint32_t want)
{
    if (want == WANT_NAN) /* (its low bits are 0's: before the zeros) */
        return st_isqnan(t, got);
    if (!(want & 0x7fffu) && !(got & 0x7fffu))
        return 1;
    if (want & WANT_TIE)
        return got == (want & 0xffffu) || got == (want & 0xffffu) + 1;
    return got == want;
}
/* the reference rounded (either neighbour at a tie): what rounding the f32
 * result directly must give to be right */
static int direct_ok(int t, float r, uint32_t want)
{
    return want == WANT_NAN || matches(t, st_round(t, r), want);
}

static const vt_unary *U(const tstate *t) { return t->op; }
/* every table's entry begins with the op's name */
static const char *opname(const tstate *t) { return *(const char *const *)t->op; }
static const char *where(const tstate *t)
{
    static char b[64];
    snprintf(b, sizeof b, "%s%s", vact_isa_name(t->isa), t->tier ? "-fast" : "");
    return b;
}

/* Prints the first mismatches and fails with their count. */
typedef struct { size_t bad, n; } tally;
static void report(const tstate *t, int ty, const char *what, tally *c, uint16_t in, uint16_t dy,
                   uint16_t got, uint32_t want)
{
    char d[16] = "";
    if (t->dir)
        snprintf(d, sizeof d, " dy %04x", dy);
    if (c->bad++ < 8)
        print_message("%s %s %s %s %s: input %04x%s got %04x want %s%04x\n", opname(t),
                      t->dir ? "bwd" : "fwd", TYPES[ty].name, where(t), what, in, d, got,
                      want == WANT_NAN ? "a quiet NaN, not " : "", want & 0xffffu);
}
static void conclude(const tstate *t, int ty, const tally *c)
{
    if (c->bad)
        fail_msg("%s %s %s %s: %zu of %zu results not correctly rounded", opname(t),
                 t->dir ? "bwd" : "fwd", TYPES[ty].name, where(t), c->bad, c->n);
}

static uint16_t *hbuf(size_t n)
{
    uint16_t *p = malloc((n ? n : 1) * sizeof *p);
    assert_non_null(p);
    return p;
}

/* The window the library settles in double (src/kernels/drive_storage.inc),
 * modelled here to count the lanes that take that path:
 * W*(2^-23 m + 2^-149) around each midpoint, W = 2B + 2 (2*rho for the
 * backwards with a proven relative bound rho: tanh 1, softsign 2; 3 for
 * hardswish's f16 backward, on its inexact lanes), on the lanes the twin
 * windows at all (vt_storage_windowed); f16's with m = |r|
 * on r's bits: the distance from the midpoint in f32 ULPs of r (of
 * r + 2^-14 below 2^-14) at most 2W + 1. */
static int in_window(const vt_unary *u, int ty, int tier, int dir, float r, float dy, float x)
{
    const double b = u->bound[tier][dir];
    /* hardswish's f16 backward: the direct form's inexact lanes, window 3 */
    const int direct16 = dir && ty == 1 && !strcmp(u->name, "hardswish");
    if (direct16) {
        const volatile float three = 3.0f;
        const float w = vt_hardswish_w(x), p = dy * w;
        if (isnan(r) || (fmaf(dy, w, -p) == 0.0f && (2 * x + three) - three == 2 * x))
            return 0;
    } else if (b <= 0 || isnan(r) || !vt_storage_windowed(u->name, dir, x, dy)) {
        return 0;
    }
    long double m = fabsl(r);
    const int terms = dir && u->bwd_terms;
    if (terms) {
        const float beta = u->nparams && u->p0 != 0 ? u->p0 : 1.0f;
        m = fmaxl(2 * m, fabsf(x * beta) < 4 ? fabsl(dy) : 0);
    }
    m = fminl(m, FLT_MAX);
    long double w = 2 * b + 2;
    if (dir && !strcmp(u->name, "tanh"))
        w = 2;
    if (dir && !strcmp(u->name, "softsign"))
        w = 4;
    if (direct16)
        w = 3;
    if (ty == 1 && !terms) {
        const volatile float lo = 0x1p-14f;
        const float ra = fminf(fabsf(r), FLT_MAX), z = ra < lo ? ra + lo : ra;
        const int32_t d = (int32_t)(vt_float_bits(z) & 0x1fffu) - 0x1000;
        return (uint32_t)abs(d) <= (uint32_t)(2 * w) + 1u;
    }
    return st_mid_dist(ty, fminl(fabsl(r), FLT_MAX)) <= w * (0x1p-23L * m + 0x1p-149L);
}

/* ---- forward: every input ------------------------------------------------------ */
static uint32_t fwd_want[NT][65536];
static long double fwd_ref[NT][65536];
static const vt_unary *fwd_for[NT];

/* The design's premise, checked per input: the f32 kernel's result r on
 * the widened inputs is within its published bound.  Where it is not (the
 * f32 kernel's own bug: the f32 tests' business), the storage result
 * cannot be held to correct rounding; such inputs are counted and shown,
 * never silently passed. */
static int beyond_bound(const tstate *t, double e, double bound, float r, long double ref,
                        uint16_t in, uint16_t dy, size_t *count)
{
    if (e <= bound)
        return 0;
    if ((*count)++ < 4)
        print_message("%s %s %s: input %04x %s %04x: the f32 kernel gives %a, %.3g ULP from "
                      "%La (bound %g): not held to correct rounding\n", opname(t),
                      t->dir ? "bwd" : "fwd", where(t), in,
                      t->dir ? "dy" : t->kind == KIND_GATED ? "b" : "-", dy, (double)r, e, ref,
                      bound);
    return 1;
}
static int f32_beyond(const tstate *t, float r, long double ref, long double terms,
                      uint16_t in, uint16_t dy, size_t *count)
{
    const vt_unary *u = U(t);
    const double e = u->bwd_terms && t->dir ? vt_ulp_terms(r, ref, terms) : vt_ulp(r, ref);
    return beyond_bound(t, e, bound_of(t, u->bound), r, ref, in, dy, count);
}

static void t_fwd_all(void **state, int ty)
{
    const tstate *t = *state;
    const vt_unary *u = U(t);
    enter_ref(t);
    if (fwd_for[ty] != u) {
        for (uint32_t i = 0; i < 65536; i++) {
            fwd_ref[ty][i] = u->ref_fwd(st_value(ty, (uint16_t)i), u->p0, u->p1);
            fwd_want[ty][i] = want_of(ty, fwd_ref[ty][i]);
        }
        fwd_for[ty] = u;
    }
    uint16_t *x = hbuf(65536), *y = hbuf(65536);
    float *xf = fbuf(65536), *yf = fbuf(65536);
    for (uint32_t i = 0; i < 65536; i++)
        x[i] = (uint16_t)i;
    assert_int_equal(u->fwd16[ty](x, y, 65536, u->p0, u->p1), VACT_OK);
    /* what rounding the f32 call's results directly would give */
    assert_int_equal(TYPES[ty].widen(x, xf, 65536), VACT_OK);
    assert_int_equal(u->fwd(xf, yf, 65536, u->p0, u->p1), VACT_OK);
    tally c = {0, 65536};
    size_t direct_wrong = 0, window = 0, ties = 0, beyond = 0;
    for (uint32_t i = 0; i < 65536; i++) {
        if (f32_beyond(t, yf[i], fwd_ref[ty][i], 0, (uint16_t)i, 0, &beyond))
            continue;
        if (!matches(ty, y[i], fwd_want[ty][i]))
            report(t, ty, "all inputs", &c, (uint16_t)i, 0, y[i], fwd_want[ty][i]);
        else if (!(y[i] & 0x7fffu) && !isnan(yf[i]) && !!(y[i] & 0x8000u) != !!signbit(yf[i]))
            report(t, ty, "zero's sign (the f32 call's)", &c, (uint16_t)i, 0, y[i],
                   signbit(yf[i]) ? 0x8000u : 0u);
        direct_wrong += !direct_ok(ty, yf[i], fwd_want[ty][i]);
        ties += !!(fwd_want[ty][i] & WANT_TIE);
        window += (size_t)in_window(u, ty, t->tier, 0, yf[i], 0, xf[i]);
    }
    c.n -= beyond;
    print_message("%s fwd %s %s: %zu of %zu correctly rounded (%zu reference ties, %zu where the "
                  "f32 kernel is beyond its bound); %zu in the window (settled in double), %zu "
                  "wrong if rounded from f32\n", u->name, TYPES[ty].name, where(t), c.n - c.bad,
                  c.n, ties, beyond, window, direct_wrong);
    free(x); free(y); free(xf); free(yf);
    conclude(t, ty, &c);
}
static void t_fwd_all_bf16(void **state) { t_fwd_all(state, 0); }
static void t_fwd_all_f16(void **state) { t_fwd_all(state, 1); }

/* ---- backward: a dense sample with adversarial dy ------------------------------ */
/* Special values of each type: zeros, the smallest and largest subnormals,
 * the smallest normal, the largest finite, infinities, quiet and signalling
 * NaNs with payloads, and points where the ops change formula. */
static const uint16_t specials16[NT][24] = {
    {0x0000, 0x8000, 0x0001, 0x8001, 0x007f, 0x0080, 0x7f7f, 0xff7f, 0x7f80, 0xff80, 0x7fc0,
     0xffc1, 0x7f81, 0x3f80, 0xbf80, 0x3f00, 0xbf00, 0x4040, 0xc040, 0x41a0, 0xc1a0, 0xc2c8,
     0x42b1, 0xbf40},
    {0x0000, 0x8000, 0x0001, 0x8001, 0x03ff, 0x0400, 0x7bff, 0xfbff, 0x7c00, 0xfc00, 0x7e00,
     0xfe01, 0x7c01, 0x3c00, 0xbc00, 0x3800, 0xb800, 0x4200, 0xc200, 0x4d00, 0xcd00, 0xd640,
     0x5580, 0xba05},
};
#define NSPEC 24

typedef struct { uint16_t *dy, *s; uint32_t *want; long double *ref, *terms; size_t n; } bwd_set;
static bwd_set bset[NT];
static const vt_unary *bwd_for[NT];

/* the saved operand of x: x, or the forward output rounded to the type */
static uint16_t saved_of(const vt_unary *u, int ty, uint16_t x)
{
    if (!u->saved_y)
        return x;
    const long double y = u->ref_fwd(st_value(ty, x), u->p0, u->p1);
    return isnan(y) ? x : st_round(ty, y);
}

/* Of the finite neighbours of dy0 (bits +-4), the dy whose product with d
 * lies relatively closest to a midpoint (mid) or to a power of two. */
static uint16_t adversarial(int ty, uint16_t dy0, long double d, int mid)
{
    uint16_t best = dy0;
    long double bestr = INFINITY;
    for (int k = -4; k <= 4; k++) {
        const uint16_t c = (uint16_t)(dy0 + k);
        if (((c ^ dy0) & 0x8000u) || (c & 0x7fffu) >= TYPES[ty].inf)
            continue;
        const long double pr = st_value(ty, c) * d;
        if (pr == 0 || !isfinite(pr))
            continue;
        long double r;
        if (mid)
            r = st_mid_dist(ty, pr) / fabsl(pr);
        else {
            const long double p2 = ldexpl(1.0L, ilogbl(pr) + (fabsl(pr) > 1.5L * ldexpl(1.0L, ilogbl(pr))));
            r = fabsl(fabsl(pr) - p2) / fabsl(pr);
        }
        if (r < bestr) {
            bestr = r;
            best = c;
        }
    }
    return best;
}

static void bwd_prepare(const vt_unary *u, int ty)
{
    if (bwd_for[ty] == u)
        return;
    bwd_set *b = &bset[ty];
    free(b->dy); free(b->s); free(b->want); free(b->ref); free(b->terms);
    const size_t ns = sweep_n() / 16 > 4096 ? sweep_n() / 16 : 4096;
    b->n = ns + NSPEC * NSPEC;
    b->dy = hbuf(b->n); b->s = hbuf(b->n);
    b->want = malloc(b->n * sizeof *b->want);
    b->ref = malloc(b->n * sizeof *b->ref);
    b->terms = malloc(b->n * sizeof *b->terms);
    assert_true(b->want && b->ref && b->terms);
    for (size_t j = 0; j < ns; j++) {
        const uint32_t h = vt_hash32((uint32_t)j * 2654435761u + 12345u);
        /* x spread over every pattern of the type */
        const uint16_t x = (uint16_t)((j * 65536) / ns + (h >> 16) % (65536 / ns ? 65536 / ns : 1));
        b->s[j] = saved_of(u, ty, x);
        /* dy: a gradient-like value, or chosen against the derivative */
        uint16_t dy = st_round(ty, vt_dy(j));
        const long double d = u->ref_bwd(1.0L, st_value(ty, b->s[j]), u->p0, u->p1);
        if (j % 4 && isfinite(d) && d != 0) {
            const int k = (int)(h % 21) - 10;
            const long double target = (j % 4 == 3) ? ldexpl(1.0L, k)
                                       : ldexpl(1.0L + ((h >> 8) % 128 + 0.5L) / 128, k);
            const long double dy0 = (h & 1 ? -target : target) / d;
            const uint16_t c = st_round(ty, dy0);
            if ((c & 0x7fffu) < TYPES[ty].inf)
                dy = adversarial(ty, c, d, j % 4 != 3);
        }
        b->dy[j] = dy;
    }
    for (size_t i = 0; i < NSPEC; i++)
        for (size_t k = 0; k < NSPEC; k++) {
            b->s[ns + i * NSPEC + k] = saved_of(u, ty, specials16[ty][i]);
            b->dy[ns + i * NSPEC + k] = specials16[ty][k];
        }
    for (size_t j = 0; j < b->n; j++) {
        const long double dy = st_value(ty, b->dy[j]), sv = st_value(ty, b->s[j]);
        b->ref[j] = u->ref_bwd(dy, sv, u->p0, u->p1);
        b->terms[j] = u->bwd_terms ? u->bwd_terms(dy, sv, u->p0, u->p1) : 0;
        b->want[j] = want_of(ty, b->ref[j]);
    }
    bwd_for[ty] = u;
}

static void t_bwd_sample(void **state, int ty)
{
    const tstate *t = *state;
    const vt_unary *u = U(t);
    enter_ref(t);
    bwd_prepare(u, ty);
    const bwd_set *b = &bset[ty];
    uint16_t *dx = hbuf(b->n);
    float *df = fbuf(b->n), *sf = fbuf(b->n), *rf = fbuf(b->n);
    assert_int_equal(u->bwd16[ty](b->dy, b->s, dx, b->n, u->p0, u->p1), VACT_OK);
    assert_int_equal(TYPES[ty].widen(b->dy, df, b->n), VACT_OK);
    assert_int_equal(TYPES[ty].widen(b->s, sf, b->n), VACT_OK);
    assert_int_equal(u->bwd(df, sf, rf, b->n, u->p0, u->p1), VACT_OK);
    tally c = {0, b->n};
    size_t direct_wrong = 0, window = 0, ties = 0, beyond = 0;
    for (size_t j = 0; j < b->n; j++) {
        if (f32_beyond(t, rf[j], b->ref[j], b->terms[j], b->s[j], b->dy[j], &beyond))
            continue;
        if (!matches(ty, dx[j], b->want[j]))
            report(t, ty, "sampled (x, dy)", &c, b->s[j], b->dy[j], dx[j], b->want[j]);
        else if (!(dx[j] & 0x7fffu) && !isnan(rf[j]) && !!(dx[j] & 0x8000u) != !!signbit(rf[j]))
            report(t, ty, "zero's sign (the f32 call's)", &c, b->s[j], b->dy[j], dx[j],
                   signbit(rf[j]) ? 0x8000u : 0u);
        direct_wrong += !direct_ok(ty, rf[j], b->want[j]);
        ties += !!(b->want[j] & WANT_TIE);
        window += (size_t)in_window(u, ty, t->tier, 1, rf[j], df[j], sf[j]);
    }
    c.n -= beyond;
    print_message("%s bwd %s %s: %zu of %zu correctly rounded (%zu reference ties, %zu where the "
                  "f32 kernel is beyond its bound); %zu in the window, %zu wrong if rounded from "
                  "f32\n", u->name, TYPES[ty].name, where(t), c.n - c.bad, c.n, ties, beyond,
                  window, direct_wrong);
    free(dx); free(df); free(sf); free(rf);
    conclude(t, ty, &c);
}
static void t_bwd_sample_bf16(void **state) { t_bwd_sample(state, 0); }
static void t_bwd_sample_f16(void **state) { t_bwd_sample(state, 1); }

/* ---- positional: tails, offsets, in place -------------------------------------- */
#define POS_N 1000
static vact_status call16(const tstate *t, int ty, const uint16_t *x, const uint16_t *dy,
                          const uint16_t *s, uint16_t *o, size_t n)
{
    const vt_unary *u = U(t);
    return t->dir ? u->bwd16[ty](dy, s, o, n, u->p0, u->p1) : u->fwd16[ty](x, o, n, u->p0, u->p1);
}
static int same16(int ty, const uint16_t *a, const uint16_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i] && !(st_isnan(ty, a[i]) && st_isnan(ty, b[i])))
            return 0;
    return 1;
}
static void fill16(int ty, uint16_t *p, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        const uint32_t h = vt_hash32((uint32_t)i * 747796405u + seed);
        p[i] = h % 11 == 0 ? specials16[ty][h % NSPEC] : st_round(ty, vt_dy(h));
    }
}

static void t_pos(void **state, int ty)
{
    const tstate *t = *state;
    enter(t);
    uint16_t x[POS_N + 8], dy[POS_N + 8], s[POS_N + 8], gold[POS_N], out[POS_N + 16];
    uint16_t xi[POS_N + 8], dyi[POS_N + 8], si[POS_N + 8];
    fill16(ty, x, POS_N, 1);
    fill16(ty, dy, POS_N, 2);
    for (size_t i = 0; i < POS_N; i++)
        s[i] = saved_of(U(t), ty, x[i]);
    assert_int_equal(call16(t, ty, x, dy, s, gold, POS_N), VACT_OK);
    for (size_t n = 0; n <= POS_N; n = n < UNROLL_MAX_N ? n + 1 : n + 401) {
        for (size_t io = 0; io < 4; io++)
            for (size_t oo = 0; oo < 4; oo++) {
                memcpy(xi + io, x, n * 2);
                memcpy(dyi + io, dy, n * 2);
                memcpy(si + (3 - io), s, n * 2);
                for (size_t i = 0; i < POS_N + 16; i++)
                    out[i] = 0x7fa5; /* a NaN nobody computes, in both types */
                uint16_t *o = out + 4 + oo;
                assert_int_equal(call16(t, ty, xi + io, dyi + io, si + (3 - io), o, n), VACT_OK);
                for (size_t i = 0; i < POS_N + 16; i++)
                    if ((i < 4 + oo || i >= 4 + oo + n) && out[i] != 0x7fa5)
                        fail_msg("%s n=%zu offsets %zu/%zu: wrote outside [0, n) at %td",
                                 TYPES[ty].name, n, io, oo, (ptrdiff_t)i - (ptrdiff_t)(4 + oo));
                if (!same16(ty, o, gold, n))
                    fail_msg("%s n=%zu offsets %zu/%zu: differs from the long call",
                             TYPES[ty].name, n, io, oo);
            }
    }
    /* in place: y == x; dx == dy and dx == s */
    uint16_t io_[POS_N];
    memcpy(io_, t->dir ? dy : x, sizeof io_);
    assert_int_equal(call16(t, ty, io_, io_, s, io_, POS_N), VACT_OK);
    assert_true(same16(ty, io_, gold, POS_N));
    if (t->dir) {
        memcpy(io_, s, sizeof io_);
        assert_int_equal(call16(t, ty, NULL, dy, io_, io_, POS_N), VACT_OK);
        assert_true(same16(ty, io_, gold, POS_N));
    }
}
static void t_pos_bf16(void **state) { t_pos(state, 0); }
static void t_pos_f16(void **state) { t_pos(state, 1); }

/* Guard pages: every array ends at a PROT_NONE page. */
typedef struct { void *base; size_t len; } gmap;
static uint16_t *guard16(size_t n, gmap *m, int ty, uint32_t seed)
{
    const size_t pg = (size_t)sysconf(_SC_PAGESIZE), data = (n * 2 + pg - 1) / pg;
    m->len = (data + 1) * pg;
    m->base = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(m->base != MAP_FAILED);
    assert_int_equal(mprotect((char *)m->base + data * pg, pg, PROT_NONE), 0);
    uint16_t *p = (uint16_t *)((char *)m->base + data * pg) - n;
    fill16(ty, p, n, seed);
    return p;
}
static void t_guard16(void **state)
{
    const tstate *t = *state;
    enter(t);
    for (int ty = 0; ty < NT; ty++)
        for (size_t n = 0; n <= UNROLL_MAX_N; n++) {
            gmap m[4];
            uint16_t *a = guard16(n, &m[0], ty, 1), *b = guard16(n, &m[1], ty, 2);
            uint16_t *o = guard16(n, &m[2], ty, 3);
            assert_int_equal(call16(t, ty, a, a, b, o, n), VACT_OK);
            for (int k = 0; k < 3; k++)
                munmap(m[k].base, m[k].len);
        }
}

/* Every status, with the output left untouched; validation is the f32 call's. */
static void t_errors16(void **state)
{
    const tstate *t = *state;
    const vt_unary *u = U(t);
    enter(t);
    enum { N = 64 };
    for (int ty = 0; ty < NT; ty++) {
        uint16_t a[2 * N], b[N], o[N], keep[2 * N];
        fill16(ty, a, 2 * N, 5);
        fill16(ty, b, N, 6);
        memset(o, 0xa5, sizeof o);
        memcpy(keep, a, sizeof a);
#define CALL(X, DY, S, O, NN, P0) \
    (t->dir ? u->bwd16[ty]((DY), (S), (O), (NN), (P0), u->p1) : u->fwd16[ty]((X), (O), (NN), (P0), u->p1))
        assert_int_equal(CALL(NULL, NULL, b, o, N, u->p0), VACT_ERR_NULL);
        assert_int_equal(CALL(a, a, b, NULL, N, u->p0), VACT_ERR_NULL);
        if (t->dir)
            assert_int_equal(CALL(a, a, NULL, o, N, u->p0), VACT_ERR_NULL);
        assert_int_equal(CALL(NULL, NULL, NULL, NULL, 0, u->p0), VACT_OK);
        if (u->nparams >= 1)
            assert_int_equal(CALL(a, a, b, o, N, NAN), VACT_ERR_ARG);
        assert_int_equal(CALL(a, a, b, o, SIZE_MAX / 2, u->p0), VACT_ERR_ARG);
        /* one element apart: the byte extents of 16-bit arrays overlap */
        assert_int_equal(CALL(a, a, b, a + 1, N, u->p0), VACT_ERR_OVERLAP);
        assert_int_equal(CALL(a + 1, a + 1, b, a, N, u->p0), VACT_ERR_OVERLAP);
        if (t->dir)
            assert_int_equal(CALL(b, b, a, a + 1, N, u->p0), VACT_ERR_OVERLAP);
        /* the arrays just touching do not overlap */
        assert_int_equal(CALL(a, a, b, a + N, N, u->p0), VACT_OK);
        memcpy(a + N, keep + N, N * 2);
        assert_memory_equal(a, keep, sizeof a);
        for (size_t i = 0; i < N; i++)
            assert_int_equal(o[i], 0xa5a5);
#undef CALL
    }
}

/* ---- conversions ------------------------------------------------------------------ */
/* f32 -> type: the reference, NaNs as F16C and NEON give them */
static uint16_t narrow_ref(int ty, float f)
{
    const uint32_t b = vt_float_bits(f);
    if (isnan(f))
        return ty ? (uint16_t)(((b >> 16) & 0x8000u) | 0x7e00u | ((b >> 13) & 0x3ffu))
                  : (uint16_t)((b >> 16) | 0x40u);
    return st_round(ty, f);
}
static float widen_ref(int ty, uint16_t h)
{
    if (st_isnan(ty, h)) /* quiet, sign and payload kept */
        return vt_bits_float(ty ? (((uint32_t)h & 0x8000u) << 16) | 0x7fc00000u |
                                      ((uint32_t)(h & 0x3ffu) << 13)
                                : ((uint32_t)h << 16) | 0x400000u);
    return (float)st_value(ty, h);
}

static void t_narrow(void **state)
{
    const tstate *t = *state;
    enter(t);
    /* sampled patterns, then +-64 patterns around every boundary of either type */
    static const uint32_t centres[] = {
        0x3f800000u, 0x3f808000u, 0x3f801000u, 0x477fe000u /* 65504 */, 0x477ff000u /* 65520 */,
        0x47800000u, 0x38800000u /* 2^-14 */, 0x33800000u /* 2^-24 */, 0x33000000u /* 2^-25 */,
        0x387fc000u, 0x7f7f0000u, 0x7f7f8000u, 0x7f7fffffu, 0x00800000u, 0x00008000u,
        0x00000000u, 0x00018000u, 0x7f800000u, 0x7fc00000u, 0x7f800001u, 0x7f80ffffu, 0x7fbfffffu,
        0x3fc08000u, 0x40401000u, 0x3e2aa000u,
    };
    const size_t ns = sweep_n() * 2, nc = sizeof centres / sizeof centres[0];
    const size_t n = ns + nc * 2 * 129;
    float *x = fbuf(n);
    uint16_t *y = hbuf(n);
    size_t k = 0;
    for (size_t i = 0; i < ns; i++)
        x[k++] = vt_bits_float(vt_sweep_bits(i, ns));
    for (size_t c = 0; c < nc; c++)
        for (int sg = 0; sg < 2; sg++)
            for (int d = -64; d <= 64; d++)
                x[k++] = vt_bits_float((centres[c] + (uint32_t)d) ^ (sg ? 0x80000000u : 0u));
    for (int ty = 0; ty < NT; ty++) {
        assert_int_equal(TYPES[ty].narrow(x, y, n), VACT_OK);
        size_t bad = 0;
        for (size_t i = 0; i < n; i++) {
            const uint16_t w = narrow_ref(ty, x[i]);
            if (y[i] != w && bad++ < 8)
                print_message("%s_from_f32 %s: %a (0x%08x) gave %04x, want %04x\n",
                              TYPES[ty].name, where(t), (double)x[i], vt_float_bits(x[i]), y[i], w);
        }
        if (bad)
            fail_msg("%s_from_f32 %s: %zu of %zu wrong", TYPES[ty].name, where(t), bad, n);
    }
    free(x); free(y);
}

static void t_widen(void **state)
{
    const tstate *t = *state;
    enter(t);
    uint16_t *x = hbuf(65536);
    float *y = fbuf(65536);
    for (uint32_t i = 0; i < 65536; i++)
        x[i] = (uint16_t)i;
    for (int ty = 0; ty < NT; ty++) {
        assert_int_equal(TYPES[ty].widen(x, y, 65536), VACT_OK);
        size_t bad = 0;
        for (uint32_t i = 0; i < 65536; i++) {
            const float w = widen_ref(ty, (uint16_t)i);
            if (vt_float_bits(y[i]) != vt_float_bits(w) && bad++ < 8)
                print_message("f32_from_%s %s: %04x gave %a, want %a\n", TYPES[ty].name,
                              where(t), i, (double)y[i], (double)w);
        }
        if (bad)
            fail_msg("f32_from_%s %s: %zu of 65536 wrong", TYPES[ty].name, where(t), bad);
    }
    free(x); free(y);
}

/* Tails, offsets, guard pages and statuses of the four conversions. */
static void t_convert_pos(void **state)
{
    const tstate *t = *state;
    enter(t);
    enum { N = 200 };
    float f[N + 8], fo[N + 16];
    uint16_t h[N + 8], ho[N + 16];
    for (size_t i = 0; i < N + 8; i++)
        f[i] = vt_dy(i) * (i % 7 ? 1.0f : 1e-6f);
    for (int ty = 0; ty < NT; ty++) {
        fill16(ty, h, N + 8, 9);
        for (size_t n = 0; n <= N; n++)
            for (size_t off = 0; off < 4; off++) {
                for (size_t i = 0; i < N + 16; i++) {
                    ho[i] = 0x7fa5;
                    fo[i] = vt_bits_float(0x7fa5a5a5u);
                }
                assert_int_equal(TYPES[ty].narrow(f + off, ho + 4 + off, n), VACT_OK);
                assert_int_equal(TYPES[ty].widen(h + off, fo + 4 + off, n), VACT_OK);
                for (size_t i = 0; i < N + 16; i++) {
                    const int inside = i >= 4 + off && i < 4 + off + n;
                    const size_t j = i - 4; /* element i - 4 - off of the call */
                    if (inside ? ho[i] != narrow_ref(ty, f[j]) : ho[i] != 0x7fa5)
                        fail_msg("%s_from_f32 n=%zu offset %zu: element %zu", TYPES[ty].name,
                                 n, off, i);
                    if (inside ? vt_float_bits(fo[i]) != vt_float_bits(widen_ref(ty, h[j]))
                               : vt_float_bits(fo[i]) != 0x7fa5a5a5u)
                        fail_msg("f32_from_%s n=%zu offset %zu: element %zu", TYPES[ty].name,
                                 n, off, i);
                }
            }
        for (size_t n = 0; n <= UNROLL_MAX_N; n++) {
            gmap m[2];
            uint16_t *a = guard16(n, &m[0], ty, 4);
            float *b = (float *)(void *)guard16(2 * n, &m[1], ty, 5);
            assert_int_equal(TYPES[ty].widen(a, b, n), VACT_OK);
            assert_int_equal(TYPES[ty].narrow(b, a, n), VACT_OK);
            munmap(m[0].base, m[0].len);
            munmap(m[1].base, m[1].len);
        }
        /* statuses: NULL, overlap (even the same address: sizes differ), sizes */
        assert_int_equal(TYPES[ty].narrow(NULL, ho, 4), VACT_ERR_NULL);
        assert_int_equal(TYPES[ty].widen(h, NULL, 4), VACT_ERR_NULL);
        assert_int_equal(TYPES[ty].narrow(NULL, NULL, 0), VACT_OK);
        assert_int_equal(TYPES[ty].narrow(f, (uint16_t *)(void *)f, 8), VACT_ERR_OVERLAP);
        assert_int_equal(TYPES[ty].widen((uint16_t *)(void *)(f + 1), f, 8), VACT_ERR_OVERLAP);
        assert_int_equal(TYPES[ty].narrow(f, ho, SIZE_MAX / 2), VACT_ERR_ARG);
    }
}

/* ---- ties ----------------------------------------------------------------------------
 * Results on a midpoint, where the answer is known exactly: true ties go to
 * even; exact values a hair off a midpoint, beyond double and long double,
 * go to their side.  The expected values are exact in double too (the
 * nudges are 2^-40), so this case also runs where long double is 64-bit
 * (valgrind). */
static void expect16(const tstate *t, const char *what, uint16_t in, uint16_t dy, uint16_t got,
                     uint16_t want)
{
    if (got != want)
        fail_msg("%s %s: input %04x dy %04x gave %04x, want %04x", what, where(t), in, dy, got,
                 want);
}
/* every result of a call of TIE_N equal inputs: the main loop's blocks
 * and the tail (the last 3 elements) */
#define TIE_N 131
static void expect16_all(const tstate *t, const char *what, uint16_t in, uint16_t dy,
                         const uint16_t *got, uint16_t want)
{
    for (size_t j = 0; j < TIE_N; j++)
        expect16(t, what, in, dy, got[j], want);
}
static void t_ties(void **state)
{
    const tstate *t = *state;
    enter(t);
    size_t checked = 0;
    /* x*act(x) = x/2 + c*x^2 (c > 0) at odd subnormal bf16 x: x/2 is a
     * midpoint; the magnitude is a little above it for x > 0, below for x < 0 */
    static const char *const half_ops[] = {"silu", "swish", "gelu", "gelu_tanh"};
    static const uint16_t xs[] = {0x0001, 0x0003, 0x007f, 0x8001, 0x8003, 0x807f};
    for (size_t k = 0; k < 4; k++) {
        const vt_unary *u = VT_FIND(vt_unary_ops, vt_n_unary, half_ops[k]);
        for (size_t i = 0; i < 6; i++) {
            uint16_t y;
            assert_int_equal(u->fwd16[0](&xs[i], &y, 1, u->p0, u->p1), VACT_OK);
            const uint16_t m = xs[i] & 0x7fffu, s = xs[i] & 0x8000u;
            expect16(t, u->name, xs[i], 0, y, (uint16_t)(s | (s ? (m - 1) / 2 : (m + 1) / 2)));
            checked++;
        }
    }
    /* sigmoid backward with y = 1.5*2^-100: dy*y is exact and, for some dy,
     * a midpoint; dy*y*(1 - y) is a little less */
    const vt_unary *sg = VT_FIND(vt_unary_ops, vt_n_unary, "sigmoid");
    const uint16_t ys = 0x0dc0;
    for (uint16_t d = 0x3f80; d < 0x4000; d++)
        for (int neg = 0; neg < 2; neg++) {
            const uint16_t dy = (uint16_t)(d | (neg ? 0x8000u : 0u));
            const long double a = st_value(0, dy) * st_value(0, ys);
            if (st_mid_dist(0, a) != 0)
                continue;
            uint16_t got;
            assert_int_equal(sg->bwd16[0](&dy, &ys, &got, 1, 0, 0), VACT_OK);
            const uint16_t want = st_round(0, copysignl(fabsl(a) * (1 - 0x1p-40L), a));
            expect16(t, "sigmoid bwd", ys, dy, got, want);
            checked++;
        }
    /* true ties: hardsigmoid's (x + 3)/6 and sigmoid's backward dy*y*(1 - y)
     * with y = 1/4, exact in long double and on a midpoint: to even */
    const vt_unary *hs = VT_FIND(vt_unary_ops, vt_n_unary, "hardsigmoid");
    for (int ty = 0; ty < NT; ty++)
        for (uint32_t i = 0; i < 65536; i++) {
            const long double x = st_value(ty, (uint16_t)i);
            if (!(x > -3 && x < 3))
                continue;
            const long double v = (x + 3) / 6;
            if (v * 6 != x + 3 || st_mid_dist(ty, v) != 0)
                continue;
            const uint16_t xi = (uint16_t)i;
            uint16_t got;
            assert_int_equal(hs->fwd16[ty](&xi, &got, 1, 0, 0), VACT_OK);
            expect16(t, "hardsigmoid fwd", xi, 0, got, st_round(ty, v));
            checked++;
        }
    /* softshrink's x - lambda and hardswish's x(x + 3)/6 where exact in long
     * double and on a midpoint: to even */
    const vt_unary *ss = VT_FIND(vt_unary_ops, vt_n_unary, "softshrink");
    const vt_unary *hw = VT_FIND(vt_unary_ops, vt_n_unary, "hardswish");
    for (int ty = 0; ty < NT; ty++)
        for (uint32_t i = 0; i < 65536; i++) {
            const long double x = st_value(ty, (uint16_t)i), l = ss->p0;
            const uint16_t xi = (uint16_t)i;
            uint16_t got;
            const long double v = x > l ? x - l : x + l;
            if (isfinite(x) && fabsl(x) > l && (x > l ? v + l : v - l) == x &&
                st_mid_dist(ty, v) == 0) {
                assert_int_equal(ss->fwd16[ty](&xi, &got, 1, ss->p0, 0), VACT_OK);
                expect16(t, "softshrink fwd", xi, 0, got, st_round(ty, v));
                checked++;
            }
            const long double w = x * (x + 3) / 6;
            if (x > -3 && x < 3 && w * 6 == x * (x + 3) && (x + 3) - 3 == x &&
                st_mid_dist(ty, w) == 0) {
                assert_int_equal(hw->fwd16[ty](&xi, &got, 1, 0, 0), VACT_OK);
                expect16(t, "hardswish fwd", xi, 0, got, st_round(ty, w));
                checked++;
            }
        }
    /* products that f32 rounds onto a midpoint of the type while the exact
     * product is off it (leaky_relu's x*alpha forward and dy*alpha backward,
     * alpha chosen for each x): only the product's remainder tells which
     * way the exact value rounds */
    const vt_unary *lk = VT_FIND(vt_unary_ops, vt_n_unary, "leaky_relu");
    for (int ty = 0; ty < NT; ty++) {
        size_t found = 0;
        const uint16_t x0 = ty ? 0xbc00 : 0xbf80, x1 = ty ? 0xc000 : 0xc000; /* [-2, -1) */
        for (uint16_t xi = x0; xi < x1; xi++) {
            const long double x = st_value(ty, xi);
            const uint16_t h = st_round(ty, -x * 0.3L);
            const long double m = (st_value(ty, h) + st_value(ty, (uint16_t)(h + 1))) / 2;
            float al = (float)(m / -x);
            for (int k = 0; k < 3; k++)
                al = nextafterf(al, 0.0f);
            for (int k = 0; k < 7; k++, al = nextafterf(al, 1.0f)) {
                const long double pr = x * al;
                if ((float)pr != -m || pr == -m)
                    continue;
                const uint16_t one = ty ? 0xbc00 : 0xbf80; /* x = -1 for the slope */
                uint16_t xs[TIE_N], ones[TIE_N], got[TIE_N];
                for (size_t j = 0; j < TIE_N; j++)
                    xs[j] = xi, ones[j] = one;
                assert_int_equal(lk->fwd16[ty](xs, got, TIE_N, al, 0), VACT_OK);
                expect16_all(t, "leaky_relu fwd, f32 on a midpoint", xi, 0, got, st_round(ty, pr));
                assert_int_equal(lk->bwd16[ty](xs, ones, got, TIE_N, al, 0), VACT_OK);
                expect16_all(t, "leaky_relu bwd, f32 on a midpoint", one, xi, got, st_round(ty, pr));
                found++;
            }
        }
        if (found < 16)
            fail_msg("leaky_relu: only %zu products rounded onto a midpoint", found);
        checked += 2 * found;
    }
    /* leaky_relu at slopes of 16 significant bits or fewer, whose products
     * with the type's values are exact in f32 above its normals (exact ties
     * among them, which go to even) and may not be below (0x1.bd38p-4 =
     * 14247*2^-17 times 23*2^-133 is 327681*2^-150, which f32 rounds onto
     * the midpoint 5*2^-134): every input of each type, forward (x) and
     * backward (dy, at x = -1) */
    static const float short_slopes[] = {0.75f, -1.5f, 0x1.fffep-1f, 0x1.02p-3f, -0x1.8002p-9f, 0x1.bd38p-4f};
    for (int ty = 0; ty < NT; ty++)
        for (size_t k = 0; k < sizeof short_slopes / sizeof short_slopes[0]; k++) {
            enum { ALL = 1 << 16 };
            const float al = short_slopes[k];
            uint16_t *in = hbuf(ALL), *ones = hbuf(ALL), *got = hbuf(ALL), *gb = hbuf(ALL);
            for (size_t i = 0; i < ALL; i++)
                in[i] = (uint16_t)i, ones[i] = ty ? 0xbc00 : 0xbf80;
            assert_int_equal(lk->fwd16[ty](in, got, ALL, al, 0), VACT_OK);
            assert_int_equal(lk->bwd16[ty](in, ones, gb, ALL, al, 0), VACT_OK);
            for (size_t i = 0; i < ALL; i++) {
                const long double x = st_value(ty, (uint16_t)i);
                const long double f = x >= 0 ? x : x * al, b = x * al; /* exact */
                for (int dir = 0; dir < 2; dir++) {
                    const long double v = dir ? b : f;
                    const uint16_t g = dir ? gb[i] : got[i];
                    const int ok = isnan(v) ? st_isqnan(ty, g)
                                 : v == 0   ? !(g & 0x7fffu)
                                            : g == st_round(ty, v);
                    if (!ok)
                        fail_msg("leaky_relu %s %s %s, slope %a: input %04zx gave %04x, want %04x",
                                 dir ? "bwd" : "fwd", TYPES[ty].name, where(t), (double)al, i, g,
                                 isnan(v) ? 0x7fff : st_round(ty, v));
                }
            }
            checked += 2 * ALL;
            free(in); free(ones); free(got); free(gb);
        }
    /* softshrink's x - lambda, lambda a little over half x's ULP of the
     * type, so that f32 rounds the difference onto the midpoint below x
     * while the exact difference is off it (a larger lambda would make the
     * difference exact) */
    for (int ty = 0; ty < NT; ty++) {
        size_t found = 0;
        const uint16_t x0 = ty ? 0x3c01 : 0x3f81, x1 = 0x4000; /* (1, 2) */
        for (uint16_t xi = x0; xi < x1; xi++) {
            const long double x = st_value(ty, xi);
            const long double m = (st_value(ty, (uint16_t)(xi - 1)) + x) / 2;
            float l = (float)(x - m);
            for (int k = 0; k < 3; k++)
                l = nextafterf(l, 0.0f);
            for (int k = 0; k < 7; k++, l = nextafterf(l, 1.0f)) {
                const long double d = x - l;
                if (!(l >= 0) || (float)d != m || d == m)
                    continue;
                uint16_t xs[TIE_N], got[TIE_N];
                for (size_t j = 0; j < TIE_N; j++)
                    xs[j] = xi;
                assert_int_equal(ss->fwd16[ty](xs, got, TIE_N, l, 0), VACT_OK);
                expect16_all(t, "softshrink fwd, f32 on a midpoint", xi, 0, got, st_round(ty, d));
                found++;
            }
        }
        if (found < 16)
            fail_msg("softshrink: only %zu differences rounded onto a midpoint", found);
        checked += found;
    }
    /* hardswish's backward dy*(2x + 3)/6 beyond FLT_MAX at the largest bf16
     * dy: infinity (the twin scales dy down and the result back up; 0x7f7f's
     * significand is a multiple of 3, the others' are not) */
    for (uint16_t xi = 0x3fc1; xi <= 0x4040; xi++) /* (1.5, 3] */
        for (int k = 0; k < 6; k++) {
            const uint16_t dy = (uint16_t)((k & 1 ? 0xff7d : 0x7f7d) + k / 2);
            const long double x = st_value(0, xi);
            uint16_t got;
            assert_int_equal(hw->bwd16[0](&dy, &xi, &got, 1, 0, 0), VACT_OK);
            expect16(t, "hardswish bwd at the largest dy", xi, dy, got,
                     st_round(0, st_value(0, dy) * (2 * x + 3) / 6));
            checked++;
        }
    /* sigmoid's backward from a saved y in (1, 2) (no sigmoid gives one, but
     * the call takes any y) at the largest bf16 dy: dy*y is beyond FLT_MAX
     * while dy*y*(1 - y) is not */
    for (uint16_t yi = 0x3f81; yi < 0x4000; yi++) /* (1, 2) */
        for (int k = 0; k < 4; k++) {
            const uint16_t dy = (uint16_t)((k & 1 ? 0xff7f : 0x7f7f) - k / 2);
            const long double y = st_value(0, yi);
            uint16_t got;
            assert_int_equal(sg->bwd16[0](&dy, &yi, &got, 1, 0, 0), VACT_OK);
            expect16(t, "sigmoid bwd from y in (1, 2) at the largest dy", yi, dy, got,
                     st_round(0, st_value(0, dy) * y * (1 - y)));
            checked++;
        }
    /* tanhshrink = x - sign(x) + a tail of 2e^-2|x|: where x - sign(x) is a
     * midpoint the tail takes it to x */
    const vt_unary *ts = VT_FIND(vt_unary_ops, vt_n_unary, "tanhshrink");
    for (int ty = 0; ty < NT; ty++)
        for (uint32_t i = 0; i < 65536; i++) {
            const long double x = st_value(ty, (uint16_t)i);
            if (!isfinite(x) || fabsl(x) <= ldexpl(1.0L, TYPES[ty].p))
                continue;
            const uint16_t xi = (uint16_t)i;
            uint16_t got;
            assert_int_equal(ts->fwd16[ty](&xi, &got, 1, 0, 0), VACT_OK);
            expect16(t, "tanhshrink fwd", xi, 0, got, xi);
            checked++;
        }
    for (int ty = 0; ty < NT; ty++) {
        const uint16_t q = ty ? 0x3400 : 0x3e80; /* 1/4 */
        for (uint32_t d = 0; d < 0x7c00; d++) {
            const uint16_t dy = (uint16_t)d;
            const long double v = st_value(ty, dy) * (3.0L / 16);
            if (st_mid_dist(ty, v) != 0)
                continue;
            uint16_t got;
            assert_int_equal(sg->bwd16[ty](&dy, &q, &got, 1, 0, 0), VACT_OK);
            expect16(t, "sigmoid bwd", q, dy, got, st_round(ty, v));
            checked++;
        }
    }
    /* swiglu, geglu, geglu_tanh at a = 100 (bf16): act(a) = a - tail, so a*b
     * on a midpoint gives y (and db = dy*act(a)) just below it; act'(a) = 1 +
     * tail, so da = dy*b*act'(a) with dy*b on a midpoint is just above it */
    static const char *const gates[] = {"swiglu", "geglu", "geglu_tanh"};
    for (size_t k = 0; k < 3; k++) {
        const vt_gated_op *g = VT_FIND(vt_gated_ops, vt_n_gated, gates[k]);
        const uint16_t a = 0x42c8, three = 0x4040;
        for (uint16_t b = 0x3f80; b < 0x4000; b++) {
            uint16_t y, da, db;
            const long double ab = st_value(0, a) * st_value(0, b);
            const long double gb = 3 * st_value(0, b);
            if (st_mid_dist(0, ab) == 0) {
                assert_int_equal(g->fwd16[0](&a, &b, &y, 1), VACT_OK);
                expect16(t, g->name, a, b, y, st_round(0, ab * (1 - 0x1p-40L)));
                assert_int_equal(g->bwd16[0](&b, &a, &three, &da, &db, 1), VACT_OK);
                expect16(t, g->name, a, b, db, st_round(0, ab * (1 - 0x1p-40L)));
                checked += 2;
            }
            if (st_mid_dist(0, gb) == 0) {
                assert_int_equal(g->bwd16[0](&three, &a, &b, &da, &db, 1), VACT_OK);
                expect16(t, g->name, a, b, da, st_round(0, gb * (1 + 0x1p-40L)));
                checked++;
            }
        }
    }
    /* glu's da deep in its gate's tail, a from 37 up, where sigmoid(a)
     * rounds to 1 even in long double: dy*b*sigmoid'(a) from e^-a itself */
    {
        const vt_gated_op *g = VT_FIND(vt_gated_ops, vt_n_gated, "glu");
        const uint16_t b = 0xc3e8, dy = 0xbfe3; /* -464, -1.7734375 */
        for (uint16_t a = 0x4214; a <= 0x42a0; a++) {
            const long double e = expl(-st_value(0, a)), d = 1 + e;
            const long double v = st_value(0, dy) * st_value(0, b) * (e / (d * d));
            uint16_t da, db;
            assert_int_equal(g->bwd16[0](&dy, &a, &b, &da, &db, 1), VACT_OK);
            expect16(t, "glu bwd, a deep in the tail", a, b, da, st_round(0, v));
            checked++;
        }
    }
    print_message("ties %s: %zu results on or a hair off a midpoint, each as exact math rounds "
                  "it\n", where(t), checked);
}


/* ---- gated units ---------------------------------------------------------------------
 * act(a)*b: a over every pattern of the type, b and dy as gradients or
 * chosen against act(a) (forward, db) or dy*act'(a) (da), every pair of
 * special a and b; y, da and db each against the reference rounded once. */
static const vt_gated_op *G(const tstate *t) { return t->op; }

typedef struct { uint16_t *dy, *a, *b; long double *r1, *r2, *terms; size_t n; } gated_set;
static gated_set gset[NT][2];
static const vt_gated_op *gated_for[NT][2];

static void gated_prepare(const vt_gated_op *g, int ty, int dir)
{
    if (gated_for[ty][dir] == g)
        return;
    gated_set *z = &gset[ty][dir];
    free(z->dy); free(z->a); free(z->b); free(z->r1); free(z->r2); free(z->terms);
    const size_t ns = sweep_n() / 16 > 4096 ? sweep_n() / 16 : 4096;
    z->n = ns + NSPEC * NSPEC;
    z->dy = hbuf(z->n); z->a = hbuf(z->n); z->b = hbuf(z->n);
    z->r1 = malloc(z->n * sizeof *z->r1);
    z->r2 = malloc(z->n * sizeof *z->r2);
    z->terms = malloc(z->n * sizeof *z->terms);
    assert_true(z->r1 && z->r2 && z->terms);
    const vt_unary *act = g->act;
    for (size_t j = 0; j < ns; j++) {
        const uint32_t h = vt_hash32((uint32_t)j * 2246822519u + 777u);
        const uint16_t a = (uint16_t)((j * 65536) / ns + (h >> 16) % (65536 / ns ? 65536 / ns : 1));
        uint16_t b = st_round(ty, vt_dy(j + 11)), dy = st_round(ty, vt_dy(j));
        const long double av = st_value(ty, a);
        const int k = (int)(h % 21) - 10;
        const long double target = ldexpl(1.0L + ((h >> 8) % 128 + 0.5L) / 128, k);
        /* the factor the chosen operand multiplies */
        long double d = j % 3 == 1 ? act->ref_fwd(av, act->p0, act->p1)
                                   : act->ref_bwd(st_value(ty, dy), av, act->p0, act->p1);
        if (j % 3 && isfinite(d) && d != 0) {
            const uint16_t c = st_round(ty, (h & 1 ? -target : target) / d);
            if ((c & 0x7fffu) < TYPES[ty].inf) {
                if (j % 3 == 1 && dir)
                    dy = adversarial(ty, c, d, 1);
                else
                    b = adversarial(ty, c, d, 1);
            }
        }
        z->a[j] = a; z->b[j] = b; z->dy[j] = dy;
    }
    for (size_t i = 0; i < NSPEC; i++)
        for (size_t k = 0; k < NSPEC; k++) {
            z->a[ns + i * NSPEC + k] = specials16[ty][i];
            z->b[ns + i * NSPEC + k] = specials16[ty][k];
            z->dy[ns + i * NSPEC + k] = specials16[ty][(i + k) % NSPEC];
        }
    for (size_t j = 0; j < z->n; j++) {
        const long double dy = st_value(ty, z->dy[j]), a = st_value(ty, z->a[j]);
        const long double b = st_value(ty, z->b[j]);
        if (dir) {
            g->ref_bwd(dy, a, b, &z->r1[j], &z->r2[j]);
            z->terms[j] = act->bwd_terms ? act->bwd_terms(dy * b, a, act->p0, act->p1) : 0;
        } else
            z->r1[j] = g->ref_fwd(a, b);
    }
    gated_for[ty][dir] = g;
}

/* The set through the 2-D twins: rows of `cols` elements (the last row short,
 * a call of its own), each matrix with its own ld; the gaps between rows
 * must stay untouched; the outputs gathered into o1, o2. */
static void gated_2d_call(const tstate *t, int ty, const gated_set *z, size_t cols,
                          uint16_t *o1, uint16_t *o2)
{
    const vt_gated_op *g = G(t);
    const size_t n = z->n, rows = (n + cols - 1) / cols;
    const size_t ld[5] = {cols + 2, cols + 3, cols + 1, cols + 5, cols + 4}; /* dy a b o1 o2 */
    const uint16_t *src[3] = {z->dy, z->a, z->b};
    uint16_t *m[5];
    for (int k = 0; k < 5; k++) {
        m[k] = hbuf(rows * ld[k]);
        for (size_t i = 0; i < rows * ld[k]; i++)
            m[k][i] = 0x7fa5;
    }
    for (size_t j = 0; j < n; j++)
        for (int k = 0; k < 3; k++)
            m[k][j / cols * ld[k] + j % cols] = src[k][j];
    for (int part = 0; part < 2; part++) {
        const size_t r0 = part ? n / cols : 0, nr = part ? (n % cols ? 1 : 0) : n / cols;
        const size_t nc = part ? n % cols : cols;
        uint16_t *v[5];
        for (int k = 0; k < 5; k++)
            v[k] = m[k] + r0 * ld[k];
        if (!nr)
            continue;
        if (t->dir)
            assert_int_equal(g->bwd2d16[ty](v[0], ld[0], v[1], ld[1], v[2], ld[2], v[3], ld[3],
                                            v[4], ld[4], nr, nc), VACT_OK);
        else
            assert_int_equal(g->fwd2d16[ty](v[1], ld[1], v[2], ld[2], v[3], ld[3], nr, nc),
                             VACT_OK);
    }
    for (int k = 3; k < 4 + t->dir; k++)
        for (size_t i = 0; i < rows * ld[k]; i++) {
            const size_t r = i / ld[k], c = i % ld[k];
            if (c < cols && r * cols + c < n)
                (k == 3 ? o1 : o2)[r * cols + c] = m[k][i];
            else if (m[k][i] != 0x7fa5)
                fail_msg("%s 2-D cols %zu: wrote outside the view at row %zu column %zu",
                         TYPES[ty].name, cols, r, c);
        }
    for (int k = 0; k < 5; k++)
        free(m[k]);
}

/* cols 0: the contiguous twins; else the 2-D twins with rows of cols */
static void t_gated_sample(void **state, int ty, size_t cols)
{
    const tstate *t = *state;
    const vt_gated_op *g = G(t);
    enter_ref(t);
    gated_prepare(g, ty, t->dir);
    const gated_set *z = &gset[ty][t->dir];
    const size_t n = z->n;
    uint16_t *o1 = hbuf(n), *o2 = hbuf(n);
    float *df = fbuf(n), *af = fbuf(n), *bf = fbuf(n), *f1 = fbuf(n), *f2 = fbuf(n);
    assert_int_equal(TYPES[ty].widen(z->dy, df, n), VACT_OK);
    assert_int_equal(TYPES[ty].widen(z->a, af, n), VACT_OK);
    assert_int_equal(TYPES[ty].widen(z->b, bf, n), VACT_OK);
    if (cols)
        gated_2d_call(t, ty, z, cols, o1, o2);
    else if (t->dir)
        assert_int_equal(g->bwd16[ty](z->dy, z->a, z->b, o1, o2, n), VACT_OK);
    else
        assert_int_equal(g->fwd16[ty](z->a, z->b, o1, n), VACT_OK);
    if (t->dir)
        assert_int_equal(g->bwd(df, af, bf, f1, f2, n), VACT_OK);
    else
        assert_int_equal(g->fwd(af, bf, f1, n), VACT_OK);
    const double bound = bound_of(t, g->bound);
    tally c = {0, 0};
    size_t beyond = 0, ties = 0, direct_wrong = 0;
    for (size_t j = 0; j < n; j++)
        for (int out = 0; out < 1 + t->dir; out++) {
            const long double ref = out ? z->r2[j] : z->r1[j];
            const float r = out ? f2[j] : f1[j];
            const double e = t->dir && !out && g->act->bwd_terms
                                 ? vt_ulp_terms(r, ref, z->terms[j]) : vt_ulp(r, ref);
            if (beyond_bound(t, e, bound, r, ref, z->a[j], t->dir ? z->dy[j] : z->b[j],
                             &beyond))
                continue;
            const uint32_t want = want_of(ty, ref);
            const uint16_t got = out ? o2[j] : o1[j];
            c.n++;
            ties += !!(want & WANT_TIE);
            direct_wrong += !direct_ok(ty, r, want);
            if (!matches(ty, got, want))
                report(t, ty, !t->dir ? "y" : out ? "db" : "da", &c, z->a[j],
                       t->dir ? z->dy[j] : z->b[j], got, want);
        }
    print_message("%s%s %s %s %s: %zu of %zu results correctly rounded (%zu reference ties, %zu "
                  "where the f32 kernel is beyond its bound); %zu wrong if rounded from f32\n",
                  g->name, cols ? "_2d" : "", t->dir ? "bwd" : "fwd", TYPES[ty].name, where(t),
                  c.n - c.bad, c.n, ties, beyond, direct_wrong);
    free(o1); free(o2); free(df); free(af); free(bf); free(f1); free(f2);
    conclude(t, ty, &c);
}
static void t_gated_sample_bf16(void **state) { t_gated_sample(state, 0, 0); }
static void t_gated_sample_f16(void **state) { t_gated_sample(state, 1, 0); }
/* the 2-D twins: a short odd width (every row a tail), and rows longer than
 * the main loop's block */
static void t_gated_2d(void **state, int ty)
{
    t_gated_sample(state, ty, 13);
    if (sweep_n() >= (size_t)1 << 20) /* (the long rows natively only) */
        t_gated_sample(state, ty, UNROLL_MAX_N + 2);
}
static void t_gated_2d_bf16(void **state) { t_gated_2d(state, 0); }
static void t_gated_2d_f16(void **state) { t_gated_2d(state, 1); }

/* Tails, offsets, in place (y = a, y = b; da = dy, db = dy), guard pages and
 * statuses. */
static vact_status gcall(const tstate *t, int ty, const uint16_t *dy, const uint16_t *a,
                         const uint16_t *b, uint16_t *o1, uint16_t *o2, size_t n)
{
    return t->dir ? G(t)->bwd16[ty](dy, a, b, o1, o2, n) : G(t)->fwd16[ty](a, b, o1, n);
}
static void t_gated_pos(void **state)
{
    const tstate *t = *state;
    enter(t);
    enum { N = 300 };
    for (int ty = 0; ty < NT; ty++) {
        uint16_t dy[N + 4], a[N + 4], b[N + 4], g1[N], g2[N], o1[N + 16], o2[N + 16], io[N];
        fill16(ty, dy, N + 4, 11);
        fill16(ty, a, N + 4, 12);
        fill16(ty, b, N + 4, 13);
        assert_int_equal(gcall(t, ty, dy, a, b, g1, g2, N), VACT_OK);
        for (size_t n = 0; n <= N; n = n < UNROLL_MAX_N ? n + 1 : n + 107)
            for (size_t off = 0; off < 4; off++) {
                for (size_t i = 0; i < N + 16; i++)
                    o1[i] = o2[i] = 0x7fa5;
                uint16_t xa[N + 4], xb[N + 4], xd[N + 4];
                memcpy(xa + off, a, n * 2);
                memcpy(xb + (3 - off), b, n * 2);
                memcpy(xd + off, dy, n * 2);
                assert_int_equal(gcall(t, ty, xd + off, xa + off, xb + (3 - off), o1 + 4 + off,
                                       o2 + 4 + off, n), VACT_OK);
                for (size_t i = 0; i < N + 16; i++) {
                    const int in = i >= 4 + off && i < 4 + off + n;
                    if ((!in && o1[i] != 0x7fa5) || (!in && t->dir && o2[i] != 0x7fa5))
                        fail_msg("%s n=%zu offset %zu: wrote outside [0, n)", TYPES[ty].name, n, off);
                }
                if (!same16(ty, o1 + 4 + off, g1, n) || (t->dir && !same16(ty, o2 + 4 + off, g2, n)))
                    fail_msg("%s n=%zu offset %zu: differs from the long call", TYPES[ty].name, n, off);
            }
        if (t->dir) { /* da = dy, then db = dy */
            memcpy(io, dy, sizeof io);
            assert_int_equal(gcall(t, ty, io, a, b, io, o2, N), VACT_OK);
            assert_true(same16(ty, io, g1, N));
            memcpy(io, dy, sizeof io);
            assert_int_equal(gcall(t, ty, io, a, b, o1, io, N), VACT_OK);
            assert_true(same16(ty, io, g2, N));
        } else { /* y = a, then y = b */
            memcpy(io, a, sizeof io);
            assert_int_equal(gcall(t, ty, NULL, io, b, io, NULL, N), VACT_OK);
            assert_true(same16(ty, io, g1, N));
            memcpy(io, b, sizeof io);
            assert_int_equal(gcall(t, ty, NULL, a, io, io, NULL, N), VACT_OK);
            assert_true(same16(ty, io, g1, N));
        }
        for (size_t n = 0; n <= UNROLL_MAX_N; n++) {
            gmap m[5];
            uint16_t *p0 = guard16(n, &m[0], ty, 1), *p1 = guard16(n, &m[1], ty, 2);
            uint16_t *p2 = guard16(n, &m[2], ty, 3), *q1 = guard16(n, &m[3], ty, 4);
            uint16_t *q2 = guard16(n, &m[4], ty, 5);
            assert_int_equal(gcall(t, ty, p0, p1, p2, q1, q2, n), VACT_OK);
            for (int k = 0; k < 5; k++)
                munmap(m[k].base, m[k].len);
        }
        /* statuses, outputs untouched */
        memset(o1, 0xa5, sizeof o1);
        assert_int_equal(gcall(t, ty, dy, NULL, b, o1, o2, 8), VACT_ERR_NULL);
        assert_int_equal(gcall(t, ty, dy, a, b, NULL, o2, 8), VACT_ERR_NULL);
        assert_int_equal(gcall(t, ty, NULL, NULL, NULL, NULL, NULL, 0), VACT_OK);
        assert_int_equal(gcall(t, ty, dy, a, b, o1, o2, SIZE_MAX / 2), VACT_ERR_ARG);
        memcpy(io, a, sizeof io);
        assert_int_equal(gcall(t, ty, dy, io, b, io + 1, o2, 8), VACT_ERR_OVERLAP);
        assert_memory_equal(io, a, sizeof io);
        if (t->dir)
            assert_int_equal(gcall(t, ty, dy, a, b, o1, o1 + 3, 8), VACT_ERR_OVERLAP);
        for (size_t i = 0; i < N + 16; i++)
            assert_int_equal(o1[i], 0xa5a5);
    }
}

/* The 2-D twins' positional rules: a fused projection (a = p, b = p + C,
 * ld 2C) and its gradient (da = g, db = g + C) give each row the contiguous
 * twin's bits; in place on the very same view; views that interleave without
 * sharing an element; statuses, with nothing written. */
static void t_gated_2d_pos(void **state)
{
    const tstate *t = *state;
    const vt_gated_op *g = G(t);
    enter(t);
    enum { R = 5, C = 19, LD = 2 * C };
    for (int ty = 0; ty < NT; ty++) {
        uint16_t p[R * LD], dy[R * C], g1[R * C], g2[R * C], o[R * LD], io[R * LD];
        fill16(ty, p, R * LD, 31);
        fill16(ty, dy, R * C, 32);
        for (size_t r = 0; r < R; r++)
            assert_int_equal(gcall(t, ty, dy + r * C, p + r * LD, p + r * LD + C, g1 + r * C,
                                   g2 + r * C, C), VACT_OK);
        for (size_t i = 0; i < R * LD; i++)
            o[i] = 0x7fa5;
        if (t->dir)
            assert_int_equal(g->bwd2d16[ty](dy, C, p, LD, p + C, LD, o, LD, o + C, LD, R, C),
                             VACT_OK);
        else
            assert_int_equal(g->fwd2d16[ty](p, LD, p + C, LD, o, LD, R, C), VACT_OK);
        for (size_t r = 0; r < R; r++) {
            assert_true(same16(ty, o + r * LD, g1 + r * C, C));
            for (size_t c = 0; c < C; c++)
                assert_true(t->dir ? same16(ty, o + r * LD + C + c, g2 + r * C + c, 1)
                                   : o[r * LD + C + c] == 0x7fa5);
        }
        /* in place: y = a (fwd), da = dy (bwd), the very same view */
        if (t->dir) {
            memcpy(io, dy, sizeof dy);
            assert_int_equal(g->bwd2d16[ty](io, C, p, LD, p + C, LD, io, C, o, C, R, C),
                             VACT_OK);
            assert_true(same16(ty, io, g1, R * C));
            assert_true(same16(ty, o, g2, R * C));
        } else {
            memcpy(io, p, sizeof p);
            assert_int_equal(g->fwd2d16[ty](io, LD, io + C, LD, io, LD, R, C), VACT_OK);
            for (size_t r = 0; r < R; r++) {
                assert_true(same16(ty, io + r * LD, g1 + r * C, C));
                assert_memory_equal(io + r * LD + C, p + r * LD + C, C * 2);
            }
            /* y interleaved with a, sharing no element (over b's old place) */
            memcpy(io, p, sizeof p);
            uint16_t b[R * C];
            for (size_t r = 0; r < R; r++)
                memcpy(b + r * C, p + r * LD + C, C * 2);
            assert_int_equal(g->fwd2d16[ty](io, LD, b, C, io + C, LD, R, C), VACT_OK);
            for (size_t r = 0; r < R; r++)
                assert_true(same16(ty, io + r * LD + C, g1 + r * C, C));
        }
        /* statuses: the f32 call's, nothing written */
        memcpy(io, p, sizeof p);
        memset(o, 0xa5, sizeof o);
        vact_status st[5];
        if (t->dir) {
            st[0] = g->bwd2d16[ty](dy, C, NULL, LD, p + C, LD, o, LD, o + C, LD, R, C);
            st[1] = g->bwd2d16[ty](dy, C, p, LD, p + C, LD, o, C - 1, o + C, LD, R, C);
            st[2] = g->bwd2d16[ty](dy, C, io, LD, io + C, LD, io + 1, LD, o, LD, R, C);
            st[3] = g->bwd2d16[ty](dy, C, p, LD, p + C, LD, o, LD, o + C - 1, LD, R, C);
            st[4] = g->bwd2d16[ty](dy, C, p, LD, p + C, LD, o, LD, o + C, LD, SIZE_MAX, C);
        } else {
            st[0] = g->fwd2d16[ty](p, LD, NULL, LD, o, LD, R, C);
            st[1] = g->fwd2d16[ty](p, C - 1, p + C, LD, o, LD, R, C);
            st[2] = g->fwd2d16[ty](io, LD, io + C, LD, io + 1, LD, R, C);
            st[3] = g->fwd2d16[ty](io, LD, p + C, LD, io + C - 1, LD, R, C);
            st[4] = g->fwd2d16[ty](p, LD, p + C, LD, o, LD, SIZE_MAX, C);
        }
        static const vact_status want[5] = {VACT_ERR_NULL, VACT_ERR_ARG, VACT_ERR_OVERLAP,
                                            VACT_ERR_OVERLAP, VACT_ERR_ARG};
        for (int k = 0; k < 5; k++)
            assert_int_equal(st[k], want[k]);
        assert_memory_equal(io, p, sizeof p);
        for (size_t i = 0; i < R * LD; i++)
            assert_int_equal(o[i], 0xa5a5);
        assert_int_equal(t->dir ? g->bwd2d16[ty](NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, 0, C)
                                : g->fwd2d16[ty](NULL, 0, NULL, 0, NULL, 0, 0, C), VACT_OK);
    }
}

/* ---- rrelu -------------------------------------------------------------------------
 * Every x of the type (and dy chosen against the slope for half of the
 * backward's), the slopes read back from the f32 call (x = -1 gives
 * -slope exactly); x*slope and dy*slope are exact in long double, so every
 * result must be exactly the round-to-nearest-even of the product. */
typedef vact_status (*rrelu16_fwd)(const uint16_t *, uint16_t *, size_t, float, float, uint64_t,
                                   uint64_t);
typedef vact_status (*rrelu16_bwd)(const uint16_t *, const uint16_t *, uint16_t *, size_t, float,
                                   float, uint64_t, uint64_t);
static const rrelu16_fwd rrelu_fwd16[NT] = {vact_rrelu_bf16, vact_rrelu_f16};
static const rrelu16_bwd rrelu_bwd16[NT] = {vact_rrelu_backward_bf16, vact_rrelu_backward_f16};
#define RR_LO 0.1f
#define RR_HI 0.3f
#define RR_SEED 7u

static void t_rrelu_all(void **state, int ty)
{
    const tstate *t = *state;
    enter(t);
    const size_t n = 65536;
    const uint64_t off = 0xfffffff0u; /* the counter's low word wraps inside */
    uint16_t *x = hbuf(n), *dy = hbuf(n), *o = hbuf(n);
    float *m1 = fbuf(n), *sl = fbuf(n);
    for (size_t i = 0; i < n; i++) {
        x[i] = (uint16_t)i;
        m1[i] = -1.0f;
    }
    assert_int_equal(vact_rrelu_f32(m1, sl, n, RR_LO, RR_HI, RR_SEED, off), VACT_OK);
    for (size_t i = 0; i < n; i++) {
        const uint32_t h = vt_hash32((uint32_t)i + 99u);
        dy[i] = st_round(ty, vt_dy(i));
        if (h & 1) { /* dy*slope next to a midpoint */
            const long double target = ldexpl(1.0L + ((h >> 8) % 128 + 0.5L) / 128,
                                              (int)(h % 21) - 10);
            const uint16_t c = st_round(ty, target / -sl[i]);
            if ((c & 0x7fffu) < TYPES[ty].inf)
                dy[i] = adversarial(ty, c, -sl[i], 1);
        }
    }
    if (t->dir)
        assert_int_equal(rrelu_bwd16[ty](dy, x, o, n, RR_LO, RR_HI, RR_SEED, off), VACT_OK);
    else
        assert_int_equal(rrelu_fwd16[ty](x, o, n, RR_LO, RR_HI, RR_SEED, off), VACT_OK);
    tally c = {0, n};
    for (size_t i = 0; i < n; i++) {
        const long double xv = st_value(ty, x[i]), d = st_value(ty, dy[i]), slope = -sl[i];
        long double v;
        if (t->dir)
            v = isnan(xv) || isnan(d) ? NAN : xv > 0 ? d : d * slope;
        else
            v = isnan(xv) ? NAN : xv >= 0 ? xv : xv * slope;
        const uint32_t want = isnan(v) ? WANT_NAN : st_round(ty, v);
        if (!matches(ty, o[i], want))
            report(t, ty, "every x", &c, x[i], dy[i], o[i], want);
    }
    print_message("rrelu %s %s %s: %zu of %zu results exactly the product rounded\n",
                  t->dir ? "bwd" : "fwd", TYPES[ty].name, where(t), c.n - c.bad, c.n);
    free(x); free(dy); free(o); free(m1); free(sl);
    conclude(t, ty, &c);
}
static void t_rrelu_all_bf16(void **state) { t_rrelu_all(state, 0); }
static void t_rrelu_all_f16(void **state) { t_rrelu_all(state, 1); }

/* Chunks (offset = start) equal the long call, tails, in place, guard
 * pages, statuses. */
static vact_status rcall(const tstate *t, int ty, const uint16_t *dy, const uint16_t *x,
                         uint16_t *o, size_t n, uint64_t off)
{
    return t->dir ? rrelu_bwd16[ty](dy, x, o, n, RR_LO, RR_HI, RR_SEED, off)
                  : rrelu_fwd16[ty](x, o, n, RR_LO, RR_HI, RR_SEED, off);
}
static void t_rrelu_pos(void **state)
{
    const tstate *t = *state;
    enter(t);
    enum { N = 300 };
    for (int ty = 0; ty < NT; ty++) {
        uint16_t dy[N], x[N], gold[N], o[N + 16], io[N];
        fill16(ty, dy, N, 21);
        fill16(ty, x, N, 22);
        assert_int_equal(rcall(t, ty, dy, x, gold, N, 0), VACT_OK);
        for (size_t j = 0; j < N; j += 37)
            for (size_t len = 0; j + len <= N; len = len < UNROLL_MAX_N ? len + 1 : len + 97) {
                for (size_t i = 0; i < N + 16; i++)
                    o[i] = 0x7fa5;
                assert_int_equal(rcall(t, ty, dy + j, x + j, o + 3, len, j), VACT_OK);
                for (size_t i = 0; i < N + 16; i++)
                    if ((i < 3 || i >= 3 + len) && o[i] != 0x7fa5)
                        fail_msg("%s rrelu chunk %zu+%zu wrote outside it", TYPES[ty].name, j, len);
                if (!same16(ty, o + 3, gold + j, len))
                    fail_msg("%s rrelu chunk %zu+%zu differs from the long call", TYPES[ty].name,
                             j, len);
            }
        memcpy(io, t->dir ? dy : x, sizeof io);
        assert_int_equal(rcall(t, ty, io, t->dir ? x : io, io, N, 0), VACT_OK);
        assert_true(same16(ty, io, gold, N));
        for (size_t n = 0; n <= UNROLL_MAX_N; n++) {
            gmap m[3];
            uint16_t *a = guard16(n, &m[0], ty, 1), *b = guard16(n, &m[1], ty, 2);
            uint16_t *q = guard16(n, &m[2], ty, 3);
            assert_int_equal(rcall(t, ty, a, b, q, n, 5), VACT_OK);
            for (int k = 0; k < 3; k++)
                munmap(m[k].base, m[k].len);
        }
        memset(o, 0xa5, sizeof o);
        assert_int_equal(rcall(t, ty, dy, NULL, o, 8, 0), VACT_ERR_NULL);
        assert_int_equal(rcall(t, ty, dy, x, NULL, 8, 0), VACT_ERR_NULL);
        assert_int_equal(t->dir ? rrelu_bwd16[ty](dy, x, o, 8, 0.3f, 0.1f, 1, 0)
                                : rrelu_fwd16[ty](x, o, 8, 0.3f, 0.1f, 1, 0), VACT_ERR_ARG);
        memcpy(io, x, sizeof io);
        assert_int_equal(rcall(t, ty, dy, io, io + 1, 8, 0), VACT_ERR_OVERLAP);
        assert_memory_equal(io, x, sizeof io);
        for (size_t i = 0; i < N + 16; i++)
            assert_int_equal(o[i], 0xa5a5);
    }
}

/* ---- prelu -------------------------------------------------------------------------
 * x spread over the patterns of the type (and dy chosen against the slope
 * for half of the backward's) in NCHW with runs longer than the driver's block, NHWC
 * with more channels than its chunk, and one shared slope; y and dx against
 * the product in long double (exact) rounded once; dalpha the f32 call's
 * bits on the widened dy and x. */
static const vt_prelu_op *P16(const tstate *t) { return t->op; }
static const float pr_slopes[] = {0.01f, 0.25f, -0.7f, 3.1f, 0x1.4p-130f, 1e-3f, 77.7f};
#define PR_NS (sizeof pr_slopes / sizeof pr_slopes[0])
/* the reference of element x (dy for the backward) at slope a */
static uint32_t prelu_want(int ty, int dir, uint16_t x, uint16_t dy, float a)
{
    const long double xv = st_value(ty, x), d = st_value(ty, dy);
    long double v;
    if (dir)
        v = isnan(xv) || isnan(d) ? NAN : xv > 0 ? d : d * a;
    else
        v = isnan(xv) ? NAN : xv >= 0 ? xv : xv * a;
    return want_of(ty, v);
}
static void t_prelu16(void **state, int ty)
{
    const tstate *t = *state;
    const vt_prelu_op *P = P16(t);
    enter(t);
    /* NCHW runs past PRELU_BLOCK (1024), NHWC past its 64-channel chunk; the
     * NHWC rows and the NCHW runs scale with the sweep */
    const int full = sweep_n() >= (size_t)1 << 20;
    const size_t shapes[][3] = {{3, 5, full ? 1500 : 1100}, {full ? 230 : 40, 70, 1},
                                {7, 1, 300}, {2, 3, 5}};
    tally c = {0, 0};
    for (size_t q = 0; q < 4; q++) {
        const size_t o = shapes[q][0], ch = shapes[q][1], in = shapes[q][2], n = o * ch * in;
        uint16_t *x = hbuf(n), *dy = hbuf(n), *r = hbuf(n);
        float *al = fbuf(ch), *xf = fbuf(n), *df = fbuf(n), *rf = fbuf(n), *da = fbuf(ch),
              *daf = fbuf(ch);
        for (size_t k = 0; k < ch; k++)
            al[k] = pr_slopes[(k + q) % PR_NS];
        /* a NaN slope whose payload fills its bits: adding to them carries
         * into the sign (x*alpha is that NaN) */
        if (ch > 1)
            al[ch - 1] = vt_bits_float(q & 1 ? 0x7fffffffu : 0xffffffffu);
        for (size_t i = 0; i < n; i++) {
            const uint32_t h = vt_hash32((uint32_t)i * 2654435761u + (uint32_t)q);
            x[i] = (uint16_t)(i * 40503u + (h >> 20));
            dy[i] = st_round(ty, vt_dy(i));
            const float a = al[(i / in) % ch];
            if ((h & 1) && !isnan(a)) { /* dy*alpha next to a midpoint */
                const long double target = ldexpl(1.0L + ((h >> 8) % 128 + 0.5L) / 128,
                                                  (int)(h % 21) - 10);
                const uint16_t cd = st_round(ty, target / a);
                if ((cd & 0x7fffu) < TYPES[ty].inf && (cd & 0x7fffu))
                    dy[i] = adversarial(ty, cd, a, 1);
            }
        }
        if (t->dir) {
            assert_int_equal(P->bwd16[ty](dy, x, al, r, da, o, ch, in), VACT_OK);
            assert_int_equal(TYPES[ty].widen(x, xf, n), VACT_OK);
            assert_int_equal(TYPES[ty].widen(dy, df, n), VACT_OK);
            assert_int_equal(P->bwd(df, xf, al, rf, daf, o, ch, in), VACT_OK);
            for (size_t k = 0; k < ch; k++)
                if (vt_float_bits(da[k]) != vt_float_bits(daf[k]) && !(isnan(da[k]) && isnan(daf[k])))
                    fail_msg("prelu bwd %s %s shape %zu: dalpha[%zu] %a, the f32 call's %a",
                             TYPES[ty].name, where(t), q, k, (double)da[k], (double)daf[k]);
        } else
            assert_int_equal(P->fwd16[ty](x, r, al, o, ch, in), VACT_OK);
        for (size_t i = 0; i < n; i++) {
            const uint32_t want = prelu_want(ty, t->dir, x[i], dy[i], al[(i / in) % ch]);
            c.n++;
            if (!matches(ty, r[i], want))
                report(t, ty, "every x", &c, x[i], dy[i], r[i], want);
        }
        free(x); free(dy); free(r); free(al); free(xf); free(df); free(rf); free(da); free(daf);
    }
    print_message("prelu %s %s %s: %zu of %zu results exactly the product rounded\n",
                  t->dir ? "bwd" : "fwd", TYPES[ty].name, where(t), c.n - c.bad, c.n);
    conclude(t, ty, &c);
}
static void t_prelu16_bf16(void **state) { t_prelu16(state, 0); }
static void t_prelu16_f16(void **state) { t_prelu16(state, 1); }

/* Tails and offsets (one run NCHW, one row NHWC, against the reference),
 * in place (y = x; dx = dy, dx = x), guard pages, statuses with nothing
 * written. */
static void t_prelu16_pos(void **state)
{
    const tstate *t = *state;
    const vt_prelu_op *P = P16(t);
    enter(t);
    enum { N = UNROLL_MAX_N + 70 };
    float al[N], da[N], keep[N];
    for (size_t k = 0; k < N; k++)
        al[k] = pr_slopes[k % PR_NS];
    for (int ty = 0; ty < NT; ty++) {
        uint16_t x[N + 4], dy[N + 4], o[N + 16], g[N], io[N];
        fill16(ty, x, N + 4, 41);
        fill16(ty, dy, N + 4, 42);
        /* every length up to 70 (past 4 vectors of 16), then every 9th; one
         * offset per length, all four in turn */
        for (size_t n = 0; n <= N; n += n < 70 ? 1 : 9)
            for (int nhwc = 0; nhwc < 2; nhwc++)
                for (size_t off = n % 4; off == n % 4; off++) {
                    for (size_t i = 0; i < N + 16; i++)
                        o[i] = 0x7fa5;
                    const size_t ch = nhwc ? n : 1, in = nhwc ? 1 : n;
                    uint16_t *out = o + 4 + off;
                    assert_int_equal(t->dir ? P->bwd16[ty](dy + off, x + (3 - off), al, out, NULL,
                                                           1, ch, in)
                                            : P->fwd16[ty](x + off, out, al, 1, ch, in), VACT_OK);
                    for (size_t i = 0; i < N + 16; i++) {
                        const size_t j = i - 4 - off;
                        if (i < 4 + off || j >= n) {
                            if (o[i] != 0x7fa5)
                                fail_msg("%s prelu n=%zu offset %zu: wrote outside [0, n)",
                                         TYPES[ty].name, n, off);
                            continue;
                        }
                        const uint32_t want = t->dir ? prelu_want(ty, 1, x[3 - off + j], dy[off + j],
                                                                  al[nhwc ? j : 0])
                                                     : prelu_want(ty, 0, x[off + j], 0,
                                                                  al[nhwc ? j : 0]);
                        if (!matches(ty, o[i], want))
                            fail_msg("%s prelu n=%zu %s offset %zu: element %zu gave %04x, want "
                                     "%04x", TYPES[ty].name, n, nhwc ? "NHWC" : "NCHW", off, j,
                                     o[i], want & 0xffffu);
                    }
                }
        /* in place */
        assert_int_equal(t->dir ? P->bwd16[ty](dy, x, al, g, da, 3, 5, 7)
                                : P->fwd16[ty](x, g, al, 3, 5, 7), VACT_OK);
        memcpy(keep, da, sizeof keep);
        memcpy(io, t->dir ? dy : x, 105 * 2);
        assert_int_equal(t->dir ? P->bwd16[ty](io, x, al, io, da, 3, 5, 7)
                                : P->fwd16[ty](io, io, al, 3, 5, 7), VACT_OK);
        assert_true(same16(ty, io, g, 105));
        if (t->dir) {
            assert_memory_equal(da, keep, 5 * sizeof(float));
            memcpy(io, x, 105 * 2);
            assert_int_equal(P->bwd16[ty](dy, io, al, io, da, 3, 5, 7), VACT_OK);
            assert_true(same16(ty, io, g, 105));
            assert_memory_equal(da, keep, 5 * sizeof(float));
        }
        for (size_t n = 0; n <= UNROLL_MAX_N; n++) {
            gmap m[3];
            uint16_t *a = guard16(n, &m[0], ty, 1), *b = guard16(n, &m[1], ty, 2);
            uint16_t *q = guard16(n, &m[2], ty, 3);
            assert_int_equal(t->dir ? P->bwd16[ty](a, b, al, q, da, 1, n, 1)
                                    : P->fwd16[ty](a, q, al, 1, n, 1), VACT_OK);
            assert_int_equal(t->dir ? P->bwd16[ty](a, b, al, q, da, 1, 1, n)
                                    : P->fwd16[ty](a, q, al, 1, 1, n), VACT_OK);
            for (int k = 0; k < 3; k++)
                munmap(m[k].base, m[k].len);
        }
        /* statuses: the f32 call's, nothing written */
        memset(o, 0xa5, sizeof o);
        fill_canary(da, N);
        memcpy(io, x, sizeof io);
        vact_status st[6];
        if (t->dir) {
            st[0] = P->bwd16[ty](dy, NULL, al, o, da, 2, 3, 4);
            st[1] = P->bwd16[ty](dy, x, NULL, o, da, 2, 3, 4);
            st[2] = P->bwd16[ty](dy, io, al, io + 1, da, 2, 3, 4);
            st[3] = P->bwd16[ty](dy, x, al, o, (float *)(void *)(o + 2), 2, 3, 4);
            st[4] = P->bwd16[ty](dy, x, al, o, (float *)(void *)al, 2, 3, 4);
            st[5] = P->bwd16[ty](dy, x, al, o, da, 2, SIZE_MAX / 2, 4);
        } else {
            st[0] = P->fwd16[ty](NULL, o, al, 2, 3, 4);
            st[1] = P->fwd16[ty](x, o, NULL, 2, 3, 4);
            st[2] = P->fwd16[ty](io, io + 1, al, 2, 3, 4);
            st[3] = P->fwd16[ty](x, (uint16_t *)(void *)al, al, 2, 3, 4);
            st[4] = P->fwd16[ty](x, o, al, 0, SIZE_MAX, 1);
            st[5] = P->fwd16[ty](x, o, al, 2, SIZE_MAX / 2, 4);
        }
        const vact_status want[6] = {VACT_ERR_NULL, VACT_ERR_NULL, VACT_ERR_OVERLAP,
                                     VACT_ERR_OVERLAP, t->dir ? VACT_ERR_OVERLAP : VACT_ERR_ARG,
                                     VACT_ERR_ARG};
        for (int k = 0; k < 6; k++)
            if (st[k] != want[k])
                fail_msg("%s prelu status case %d: %d, want %d", TYPES[ty].name, k, st[k], want[k]);
        assert_memory_equal(io, x, sizeof io);
        for (size_t i = 0; i < N + 16; i++)
            assert_int_equal(o[i], 0xa5a5);
        for (size_t k = 0; k < N; k++)
            assert_true(is_canary(da + k));
        for (size_t k = 0; k < N; k++)
            assert_true(al[k] == pr_slopes[k % PR_NS]);
    }
}

/* ---- the softmax family ---------------------------------------------------------
 * Matrices of rows of many kinds (dense, wide, specials, all -inf, one
 * dominant entry, equal entries, -inf holes, nearly equal) at widths from 1
 * to past the driver's stack scratch; the ext forms under four option sets
 * (scale 1; a power-of-two scale with a per-row mask of 0 and -inf; a
 * negative scale with one shared finite mask with holes; causal with an
 * offset); the backward on y = the forward's reference rounded to the type,
 * with random dy, equal dy (all of y*(dy - s) cancels) and dy near s.  Each
 * result against the row reference (tests/ref) rounded once; results where
 * the f32 kernel on the widened row is beyond its bound are counted apart. */
static int rows_ext(const tstate *t) { return t->kind == KIND_ROWS_EXT; }
/* the twin (a = x, or dy and b = y) or, with ty < 0 and f32 arrays, the f32
 * call; plain ops take ld = cols */
static vact_status rows_call(const tstate *t, int ty, const void *a, size_t lda, const void *b,
                             size_t ldb, void *o, size_t ldo, size_t rows, size_t cols,
                             const vact_softmax_opts *so)
{
    if (!rows_ext(t)) {
        const vt_rows_op *op = t->op;
        if (ty < 0)
            return t->dir ? op->bwd(a, b, o, rows, cols) : op->fwd(a, o, rows, cols);
        return t->dir ? op->bwd16[ty](a, b, o, rows, cols) : op->fwd16[ty](a, o, rows, cols);
    }
    const vt_rows_ext_op *op = t->op;
    if (ty < 0)
        return t->dir ? op->bwd(a, lda, b, ldb, o, ldo, rows, cols, so)
                      : op->fwd(a, lda, o, ldo, rows, cols, so);
    return t->dir ? op->bwd16[ty](a, lda, b, ldb, o, ldo, rows, cols, so)
                  : op->fwd16[ty](a, lda, o, ldo, rows, cols, so);
}
/* row r's options alone (its mask row, its causal limit at row 0) */
static vact_softmax_opts rows_opts_row(const vact_softmax_opts *so, size_t r)
{
    const vact_softmax_opts d = VACT_SOFTMAX_OPTS_INIT;
    if (!so)
        return d;
    return (vact_softmax_opts){so->scale, so->mask ? so->mask + r * so->mask_ld : NULL, 0,
                               so->causal, so->causal_offset + r};
}
/* the reference of one row of widened inputs */
static void rows_ref(const tstate *t, const float *af, const float *bf,
                     const vact_softmax_opts *ro, size_t cols, long double *ref,
                     long double *terms)
{
    if (!rows_ext(t)) {
        const vt_rows_op *op = t->op;
        if (t->dir) {
            op->ref_bwd(af, bf, ref, cols);
            op->bwd_terms(af, bf, terms, cols);
        } else
            op->ref_fwd(af, ref, cols);
        return;
    }
    const vt_rows_ext_op *op = t->op;
    const size_t lim = vt_causal_lim(ro, 0, cols);
    if (t->dir) {
        op->ref_bwd(af, bf, ro->scale, lim, ref, cols);
        op->bwd_terms(af, bf, ro->scale, lim, terms, cols);
    } else
        op->ref_fwd(af, ro->mask, ro->scale, lim, ref, cols);
}
typedef struct { tally c; size_t beyond, ties, direct_wrong; } rows_tally;
/* The twin's rows x cols results o (ld ldo) on inputs a (and b) against the
 * reference rounded to the type. */
static void rows_check(const tstate *t, int ty, const uint16_t *a, size_t lda, const uint16_t *b,
                       size_t ldb, const uint16_t *o, size_t ldo, size_t rows, size_t cols,
                       const vact_softmax_opts *so, rows_tally *z)
{
    float *af = fbuf(cols), *bf = fbuf(cols), *rf = fbuf(cols);
    long double *ref = malloc(cols * sizeof *ref), *terms = malloc(cols * sizeof *terms);
    assert_true(ref && terms);
    const double bound = bound_of(t, rows_ext(t) ? ((const vt_rows_ext_op *)t->op)->bound
                                                 : ((const vt_rows_op *)t->op)->bound);
    for (size_t r = 0; r < rows; r++) {
        const vact_softmax_opts ro = rows_opts_row(so, r);
        assert_int_equal(TYPES[ty].widen(a + r * lda, af, cols), VACT_OK);
        if (t->dir)
            assert_int_equal(TYPES[ty].widen(b + r * ldb, bf, cols), VACT_OK);
        assert_int_equal(rows_call(t, -1, af, cols, bf, cols, rf, cols, 1, cols, &ro), VACT_OK);
        rows_ref(t, af, bf, &ro, cols, ref, terms);
        for (size_t j = 0; j < cols; j++) {
            const double e = t->dir ? vt_ulp_terms(rf[j], ref[j], terms[j]) : vt_ulp(rf[j], ref[j]);
            const uint16_t in = a[r * lda + j], in2 = t->dir ? b[r * ldb + j] : 0;
            if (beyond_bound(t, e, bound, rf[j], ref[j], in, in2, &z->beyond))
                continue;
            const uint32_t want = want_of(ty, ref[j]);
            const uint16_t got = o[r * ldo + j];
            z->c.n++;
            z->ties += !!(want & WANT_TIE);
            z->direct_wrong += !direct_ok(ty, rf[j], want);
            if (!matches(ty, got, want))
                report(t, ty, "row", &z->c, in, in2, got, want);
        }
    }
    free(af); free(bf); free(rf); free(ref); free(terms);
}
/* one backward row of c columns, called and checked */
static void rows_one_bwd(const tstate *t, int ty, const uint16_t *dy, const uint16_t *y, uint16_t *o,
                         size_t c, const vact_softmax_opts *so)
{
    rows_tally z = {{0, 0}, 0, 0, 0};
    assert_int_equal(rows_call(t, ty, dy, c, y, c, o, c, 1, c, so), VACT_OK);
    rows_check(t, ty, dy, c, y, c, o, c, 1, c, so, &z);
    conclude(t, ty, &z.c);
}

/* row r of a matrix, of kind r % 8, cols wide */
static void rows_fill(int ty, uint16_t *p, size_t r, size_t cols, uint32_t seed)
{
    for (size_t j = 0; j < cols; j++) {
        const uint32_t h = vt_hash32((uint32_t)(r * 7919 + j) * 2654435761u + seed);
        const float u = (float)(h >> 8) * 0x1p-24f - 0.5f; /* [-1/2, 1/2) */
        float v;
        switch (r % 8) {
        case 0: v = 16 * u; break;
        case 1: v = 200 * u; break;
        case 2: /* specials of the type, bits as they are (NaNs too) */
            if (h % 29 == 0) {
                p[j] = specials16[ty][h % NSPEC];
                continue;
            }
            v = 16 * u;
            break;
        case 3: v = -INFINITY; break;
        case 4: v = j == cols / 3 ? 12.0f : -6 + 4 * u; break;
        case 5: v = 1.5f; break;
        case 6: v = h % 5 == 0 ? -INFINITY : 4 * u; break;
        default: v = 3 + 0x1p-6f * u; break;
        }
        p[j] = st_round(ty, v);
    }
}
/* dy of row r: random gradients; all equal; equal up to a few ULP */
static void rows_fill_dy(int ty, uint16_t *p, size_t r, size_t cols, uint32_t seed)
{
    for (size_t j = 0; j < cols; j++) {
        const uint32_t h = vt_hash32((uint32_t)(r * 104729 + j) + seed);
        p[j] = r % 3 == 0 ? st_round(ty, vt_dy(h)) : r % 3 == 1 ? st_round(ty, 0.75f)
                          : (uint16_t)(st_round(ty, -1.25f) + h % 5);
    }
}
/* y for the backward (rows x cols, ld ldy): the forward's reference on x
 * (contiguous), rounded */
static void rows_fill_y(const tstate *t, int ty, uint16_t *y, size_t ldy, const uint16_t *x,
                        size_t rows, size_t cols, const vact_softmax_opts *so)
{
    float *xf = fbuf(cols);
    long double *ref = malloc(cols * sizeof *ref);
    assert_true(ref != NULL);
    tstate f = *t;
    f.dir = 0;
    for (size_t r = 0; r < rows; r++) {
        const vact_softmax_opts ro = rows_opts_row(so, r);
        assert_int_equal(TYPES[ty].widen(x + r * cols, xf, cols), VACT_OK);
        rows_ref(&f, xf, NULL, &ro, cols, ref, NULL);
        for (size_t j = 0; j < cols; j++)
            y[r * ldy + j] = isnan(ref[j]) ? (uint16_t)(TYPES[ty].inf | TYPES[ty].qbit)
                                           : st_round(ty, ref[j]);
    }
    free(xf);
    free(ref);
}

/* the option sets of the ext forms (the mask: rows x cols, filled here) */
static vact_softmax_opts rows_opt_set(int k, float *mask, size_t rows, size_t cols)
{
    for (size_t i = 0; i < rows * cols; i++) {
        const uint32_t h = vt_hash32((uint32_t)i + 555u);
        mask[i] = h % 6 == 0 ? -INFINITY : k == 1 ? 0.0f : (float)(h >> 8) * 0x1p-22f - 2.0f;
    }
    switch (k) {
    case 1: return (vact_softmax_opts){0.125f, mask, cols, 0, 0};
    case 2: return (vact_softmax_opts){-0.7f, mask, 0, 0, 0};
    case 3: return (vact_softmax_opts){0.5f, NULL, 0, 1, 2};
    default: return (vact_softmax_opts){1.0f, NULL, 0, 0, 0};
    }
}

static void t_rows16(void **state, int ty)
{
    const tstate *t = *state;
    enter_ref(t);
    static const size_t widths[] = {1, 2, 3, 5, 8, 13, 31, 64, 100, 257, 1030};
    const size_t budget = sweep_n() / 16 > 4096 ? sweep_n() / 16 : 4096;
    const size_t R = budget / 1515 > 8 ? budget / 1515 : 8;
    rows_tally z = {{0, 0}, 0, 0, 0};
    for (int k = 0; k < (rows_ext(t) ? 4 : 1); k++)
        for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
            const size_t cols = widths[w], ld = rows_ext(t) ? cols + 3 : cols, n = R * ld;
            uint16_t *x = hbuf(R * cols), *a = hbuf(n), *b = hbuf(n), *o = hbuf(n);
            float *mask = fbuf(R * cols);
            const vact_softmax_opts so = rows_opt_set(k, mask, R, cols);
            for (size_t r = 0; r < R; r++)
                rows_fill(ty, x + r * cols, r, cols, (uint32_t)(k * 31 + w));
            for (size_t i = 0; i < n; i++)
                a[i] = b[i] = o[i] = 0x7fa5;
            if (t->dir) {
                rows_fill_y(t, ty, b, ld, x, R, cols, &so);
                for (size_t r = 0; r < R; r++)
                    rows_fill_dy(ty, a + r * ld, r, cols, (uint32_t)w);
            } else
                for (size_t r = 0; r < R; r++)
                    memcpy(a + r * ld, x + r * cols, cols * 2);
            assert_int_equal(rows_call(t, ty, a, ld, b, ld, o, ld, R, cols, &so), VACT_OK);
            for (size_t i = 0; i < n; i++)
                if (i % ld >= cols && o[i] != 0x7fa5)
                    fail_msg("%s cols %zu: wrote between rows", TYPES[ty].name, cols);
            rows_check(t, ty, a, ld, b, ld, o, ld, R, cols, &so, &z);
            free(x); free(a); free(b); free(o); free(mask);
        }
    print_message("%s %s %s %s: %zu of %zu results correctly rounded (%zu reference ties, %zu "
                  "where the f32 kernel is beyond its bound); %zu wrong if rounded from f32\n",
                  opname(t), t->dir ? "bwd" : "fwd", TYPES[ty].name, where(t),
                  z.c.n - z.c.bad, z.c.n, z.ties, z.beyond, z.direct_wrong);
    conclude(t, ty, &z.c);
}
static void t_rows16_bf16(void **state) { t_rows16(state, 0); }
static void t_rows16_f16(void **state) { t_rows16(state, 1); }

/* Tails of every width at unaligned offsets (against the reference), in
 * place, guard pages, statuses with nothing written. */
static void t_rows16_pos(void **state)
{
    const tstate *t = *state;
    enter_ref(t);
    enum { N = UNROLL_MAX_N, C = 64 };
    const vact_softmax_opts so = {0.5f, NULL, 0, 0, 0};
    const vact_softmax_opts *sp = rows_ext(t) ? &so : NULL;
    const int ext = rows_ext(t);
    for (int ty = 0; ty < NT; ty++) {
        rows_tally z = {{0, 0}, 0, 0, 0};
        uint16_t a[N + 8], b[N + 8], o[N + 16], x[N];
        for (size_t n = 1; n <= N; n += n < 70 ? 1 : 9) { /* as prelu's tails */
            const size_t ia = n % 4, ib = 3 - n % 4, oo = (n / 4) % 4;
            rows_fill(ty, x, n, n, 7);
            memcpy(a + ia, x, n * 2);
            if (t->dir) {
                rows_fill_y(t, ty, b + ib, n, x, 1, n, sp);
                rows_fill_dy(ty, a + ia, n, n, 9);
            }
            for (size_t i = 0; i < N + 16; i++)
                o[i] = 0x7fa5;
            assert_int_equal(rows_call(t, ty, a + ia, n, b + ib, n, o + 4 + oo, n, 1, n, sp),
                             VACT_OK);
            for (size_t i = 0; i < N + 16; i++)
                if ((i < 4 + oo || i >= 4 + oo + n) && o[i] != 0x7fa5)
                    fail_msg("%s n=%zu: wrote outside the row", TYPES[ty].name, n);
            rows_check(t, ty, a + ia, n, b + ib, n, o + 4 + oo, n, 1, n, sp, &z);
        }
        conclude(t, ty, &z.c);
        /* in place, 3 rows of C: y = x; dx = dy, then dx = y */
        uint16_t in[3 * C], y[3 * C], g[3 * C], io[3 * C];
        for (size_t r = 0; r < 3; r++)
            rows_fill(ty, in + r * C, r == 2 ? 4 : r, C, 11);
        if (t->dir) {
            rows_fill_y(t, ty, y, C, in, 3, C, sp);
            for (size_t r = 0; r < 3; r++)
                rows_fill_dy(ty, in + r * C, r, C, 13);
        }
        assert_int_equal(rows_call(t, ty, in, C, y, C, g, C, 3, C, sp), VACT_OK);
        memcpy(io, in, sizeof io);
        assert_int_equal(rows_call(t, ty, io, C, y, C, io, C, 3, C, sp), VACT_OK);
        assert_true(same16(ty, io, g, 3 * C));
        if (t->dir) {
            memcpy(io, y, sizeof io);
            assert_int_equal(rows_call(t, ty, in, C, io, C, io, C, 3, C, sp), VACT_OK);
            assert_true(same16(ty, io, g, 3 * C));
        }
        for (size_t n = 1; n <= UNROLL_MAX_N; n += 6) {
            gmap m[3];
            uint16_t *p0 = guard16(n, &m[0], ty, 1), *p1 = guard16(n, &m[1], ty, 2);
            uint16_t *q = guard16(n, &m[2], ty, 3);
            assert_int_equal(rows_call(t, ty, p0, n, p1, n, q, n, 1, n, sp), VACT_OK);
            for (int k = 0; k < 3; k++)
                munmap(m[k].base, m[k].len);
        }
        /* statuses: the f32 call's, nothing written */
        uint16_t keep[N + 8];
        fill16(ty, a, N + 8, 17);
        fill16(ty, b, N + 8, 18);
        memcpy(keep, a, sizeof keep);
        memset(o, 0xa5, sizeof o);
        const vact_status want[7] = {VACT_ERR_NULL, VACT_ERR_ARG, VACT_ERR_OVERLAP, VACT_ERR_ARG,
                                     VACT_ERR_ARG, VACT_ERR_OVERLAP, VACT_ERR_ARG};
        vact_status st[7];
        float mk[16] = {0};
        const vact_softmax_opts bad_scale = {0.0f, NULL, 0, 0, 0};
        const vact_softmax_opts short_ld = {1.0f, mk, 3, 0, 0};
        const vact_softmax_opts mask_out = {1.0f, (const float *)(const void *)o, 0, 0, 0};
        st[0] = rows_call(t, ty, NULL, 4, b, 4, o, 4, 2, 4, sp);
        st[1] = rows_call(t, ty, a, 4, b, 4, o, 4, 2, 0, sp);
        st[2] = rows_call(t, ty, a, 4, b, 4, a + 1, 4, 2, 4, sp);
        st[3] = rows_call(t, ty, a, 4, b, 4, o, 4, SIZE_MAX / 2, 4, sp);
        st[4] = ext ? rows_call(t, ty, a, 4, b, 4, o, 4, 2, 4, &bad_scale)
                    : rows_call(t, ty, a, 4, b, 4, o, 4, SIZE_MAX, 4, sp);
        st[5] = ext ? rows_call(t, ty, a, 4, b, 4, o, 4, 2, 4, &mask_out)
                    : rows_call(t, ty, a, 4, b, 4, t->dir ? b + 2 : a + 3, 4, 2, 4, sp);
        st[6] = ext ? rows_call(t, ty, a, 3, b, 4, o, 4, 2, 4, sp) : VACT_ERR_ARG;
        if (ext && st[6] == VACT_ERR_ARG)
            st[6] = rows_call(t, ty, a, 4, b, 4, o, 4, 2, 4, &short_ld);
        for (int k = 0; k < 7; k++)
            if (st[k] != want[k])
                fail_msg("%s status case %d: %d, want %d", TYPES[ty].name, k, st[k], want[k]);
        assert_memory_equal(a, keep, sizeof keep);
        for (size_t i = 0; i < N + 16; i++)
            assert_int_equal(o[i], 0xa5a5);
        assert_int_equal(rows_call(t, ty, NULL, 0, NULL, 0, NULL, 0, 0, 5, sp), VACT_OK);
    }
}

/* The backward where the row's sum is not a double: for bf16 s = 1 + 2^-60
 * (softmax: y = 1, 2^-60 against dy = 1, 1; log_softmax: dy = 1, 2^-60 at
 * y = 0, -100), so that at the lane with dy = 1 (and y = 1, or e^y = 1)
 * dy - s is s's low part alone, -2^-60; for f16 (softmax_ext only, the others' sums
 * being exact in double) s = 2^15 + 2^-48 from y = 1, 2^-24 against dy =
 * 2^15, 2^-24, scaled by 2^30 into f16's range. */
static void t_rows16_lowsum(void **state)
{
    const tstate *t = *state;
    enter_ref(t);
    enum { C = 8 };
    const int ext = rows_ext(t), logsm = opname(t)[0] == 'l';
    for (int ty = 0; ty < NT; ty++) {
        if (ty == 1 && (logsm || !ext))
            continue;
        const vact_softmax_opts so = {ty ? 0x1p30f : 1.0f, NULL, 0, 0, 0};
        uint16_t dy[C], y[C], o[C];
        for (size_t j = 0; j < C; j++) {
            dy[j] = st_round(ty, 0.0f);
            y[j] = st_round(ty, logsm ? -100.0f : 0.0f);
        }
        if (logsm) {
            dy[0] = st_round(ty, 1.0f);
            dy[1] = st_round(ty, 0x1p-60f);
            y[0] = st_round(ty, 0.0f);
        } else {
            y[0] = st_round(ty, 1.0f);
            y[1] = st_round(ty, ty ? 0x1p-24f : 0x1p-60f);
            dy[0] = st_round(ty, ty ? 0x1p15f : 1.0f);
            dy[1] = st_round(ty, ty ? 0x1p-24f : 1.0f);
        }
        rows_one_bwd(t, ty, dy, y, o, C, ext ? &so : NULL);
        if (st_round(ty, 0.0f) == o[0])
            fail_msg("%s: dx[0] is 0, not s's low part", TYPES[ty].name);
    }
}

/* softmax's backward where the one-float form meets its limits: dy - s
 * beyond FLT_MAX at a lane with y = 0 (bf16: dy = -3e38, 3e38 against
 * y = 0, 1; the f32 call's value there is a zero); a result on a midpoint
 * of f16's subnormals whose exact value is just above it (dy = 1/2, -5/8
 * against y = 2^-24, 2^-24: s = -2^-27, y*(dy - s) = 2^-25 + 2^-51 while
 * the f32 form gives 2^-25); and y = 0 lanes with dy - s < 0, whose
 * f32 value is -0 (softmax_ext: +0).  Each against the reference, and a
 * zero's sign against the f32 call's. */
static void t_rows16_edges(void **state)
{
    const tstate *t = *state;
    enter_ref(t);
    enum { C = 4 };
    static const struct { int ty; float dy[C], y[C]; } cases[] = {
        {0, {-3e38f, 3e38f, 0, 0}, {0, 1, 0, 0}},
        {1, {0.5f, -0.625f, 0, 0}, {0x1p-24f, 0x1p-24f, 0, 0}},
        {0, {0, 1, -1, 0.5f}, {0, 1, 0, 0}},
        {1, {0, 1, -1, 0.5f}, {0, 1, 0, 0}},
    };
    const vact_softmax_opts so = {1.0f, NULL, 0, 0, 0};
    const vact_softmax_opts *sp = rows_ext(t) ? &so : NULL;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const int ty = cases[k].ty;
        uint16_t dy[C], y[C], o[C];
        float df[C], yf[C], rf[C];
        for (size_t j = 0; j < C; j++) {
            dy[j] = st_round(ty, cases[k].dy[j]);
            y[j] = st_round(ty, cases[k].y[j]);
        }
        rows_one_bwd(t, ty, dy, y, o, C, sp);
        assert_int_equal(TYPES[ty].widen(dy, df, C), VACT_OK);
        assert_int_equal(TYPES[ty].widen(y, yf, C), VACT_OK);
        assert_int_equal(rows_call(t, -1, df, C, yf, C, rf, C, 1, C, sp), VACT_OK);
        for (size_t j = 0; j < C; j++)
            if (rf[j] == 0 && !(o[j] & 0x7fffu) && !!signbit(rf[j]) != !!(o[j] & 0x8000u))
                fail_msg("%s case %zu lane %zu: zero of sign %d, the f32 call's %d",
                         TYPES[ty].name, k, j, !!(o[j] & 0x8000u), !!signbit(rf[j]));
    }
}

/* softmax's backward at the one-float form's windows, rows found by a
 * search (the exact value against the f32 form's r = y*((dy - sh) - sl)):
 * a lane (y0, dy0) whose r lies 1 ULP below a midpoint of the type while
 * the exact value lies beyond it (the low lane (y1, dy1) gives s the bits
 * that make dy - s inexact in f32); and f16's y bound, a lane with dy = s
 * in double (s = 2^15 + 2^-38 rounds to 2^15) and y = 24576, where r = 0
 * while the exact value is -1.5*2^-24 (to even: -2^-23).  Each row alone,
 * and spread over 64 columns (the vectors of two and more, bf16's even and
 * odd words) with zeros between. */
static void t_rows16_window(void **state)
{
    const tstate *t = *state;
    enter_ref(t);
    enum { W = 64, L = 4 };
    static const struct { int ty; float y[L], dy[L]; } cases[] = {
        {0, {0x1.a8p-2f, 0x1.18p-11f}, {-0x1.b6p+0f, -0x1.14p-2f}},
        {0, {0x1.46p-2f, 0x1.86p-13f}, {-0x1.ecp+0f, -0x1.24p+0f}},
        {0, {0x1.7ep-1f, 0x1.bcp-24f}, {-0x1.02p+0f, 0x1.8cp+0f}},
        {1, {0x1.384p-1f, 0x1.ac8p-14f}, {-0x1.968p+0f, 0x1.74cp-7f}},
        {1, {0x1.a5cp-3f, 0x1.d04p-9f}, {-0x1.85p-2f, -0x1.19cp-9f}},
        {1, {0x1.9fcp-3f, 0x1.01p-10f}, {-0x1.7c8p+0f, -0x1.32cp-2f}},
        {1, {0x1.c24p-1f, 0x1.ap-13f}, {0x1.1f8p+0f, 0x1.53p-15f}},
        {1, {1.0f, 0x1p-14f, 24576.0f, 24576.0f}, {0x1p15f, 0x1p-24f, 0x1p15f, -0x1p15f}},
    };
    static const size_t spread[L] = {3, 37, 20, 50};
    const vact_softmax_opts so = {1.0f, NULL, 0, 0, 0};
    const vact_softmax_opts *sp = rows_ext(t) ? &so : NULL;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        for (int wide = 0; wide < 2; wide++) {
            const int ty = cases[k].ty;
            const size_t c = wide ? W : L;
            uint16_t dy[W], y[W], o[W];
            for (size_t j = 0; j < c; j++)
                dy[j] = y[j] = st_round(ty, 0.0f);
            for (size_t j = 0; j < L; j++) {
                const size_t at = wide ? spread[j] : j;
                dy[at] = st_round(ty, cases[k].dy[j]);
                y[at] = st_round(ty, cases[k].y[j]);
            }
            rows_one_bwd(t, ty, dy, y, o, c, sp);
        }
}

/* softmax_ext's backward in f32 pairs (a scale != 1), a result exactly on a
 * midpoint of the type with no residual (hi + lo = r), while the row's sum
 * in double has dropped 2^-38 of s = 2^15 + 2^-38 (the tie rounds to 2^15):
 * dy - s is then -c - 2^-38 where the pairs see -c (c = 16 for f16, 128 for
 * bf16), and the scale (1 + 2^-11)/16 (bf16: (1 + 2^-8)/128) puts r on the
 * midpoint above 1 in magnitude.  The exact value lies beyond it, so dx is
 * -(1 + 2^-10) (bf16: -(1 + 2^-7)), where rounding r as exact would give
 * the even -1.  Lanes: the one above (y = 1, dy = 2^15 - c), its product
 * cancelled (y = 1, dy = c - 2^15), and the sum's two parts (1, 2^15) and
 * (2^-14, 2^-24). */
static void t_rows16_pairtie(void **state)
{
    const tstate *t = *state;
    enter_ref(t);
    enum { C = 4 };
    for (int ty = 0; ty < 2; ty++) {
        const float c = ty ? 16.0f : 128.0f;
        const float yv[C] = {1.0f, 1.0f, 1.0f, 0x1p-14f};
        const float dv[C] = {0x1p15f - c, c - 0x1p15f, 0x1p15f, 0x1p-24f};
        const vact_softmax_opts so = {(1.0f + (ty ? 0x1p-11f : 0x1p-8f)) / c, NULL, 0, 0, 0};
        uint16_t dy[C], y[C], o[C];
        for (size_t j = 0; j < C; j++) {
            dy[j] = st_round(ty, dv[j]);
            y[j] = st_round(ty, yv[j]);
        }
        rows_one_bwd(t, ty, dy, y, o, C, &so);
    }
}

/* prelu's and rrelu's cases: every x (bf16, f16), and the positional ones */
static void add_all_cases(const char *name, tkind kind, const void *op, const tpath *p,
                          void (*bf16)(void **), void (*f16)(void **), void (*pos)(void **))
{
    add_case(name, kind, op, p, "bf16_all", bf16);
    add_case(name, kind, op, p, "f16_all", f16);
    add_case(name, kind, op, p, "16_tails", pos);
}

void storage_tests(const char *group, const tpath *p)
{
    if (!strcmp(group, "prelu")) {
        add_all_cases(group, KIND_PRELU, VT_FIND(vt_prelu_ops, vt_n_prelu, group), p,
                      t_prelu16_bf16, t_prelu16_f16, t_prelu16_pos);
        return;
    }
    if (!strcmp(group, "rrelu")) {
        add_all_cases(group, KIND_RRELU, VT_FIND(vt_rrelu_ops, vt_n_rrelu, group), p,
                      t_rrelu_all_bf16, t_rrelu_all_f16, t_rrelu_pos);
        return;
    }
    const void *rows = VT_FIND(vt_rows_ops, vt_n_rows, group);
    const void *ext = VT_FIND(vt_rows_ext_ops, vt_n_rows_ext, group);
    if (rows || ext) {
        const tkind kind = rows ? KIND_ROWS : KIND_ROWS_EXT;
        add_case(group, kind, rows ? rows : ext, p, "bf16_rows", t_rows16_bf16);
        add_case(group, kind, rows ? rows : ext, p, "f16_rows", t_rows16_f16);
        add_case(group, kind, rows ? rows : ext, p, "16_tails", t_rows16_pos);
        if (p->dir)
            add_case(group, kind, rows ? rows : ext, p, "16_lowsum", t_rows16_lowsum);
        if (p->dir && !strncmp(group, "softmax", 7)) {
            add_case(group, kind, rows ? rows : ext, p, "16_edges", t_rows16_edges);
            add_case(group, kind, rows ? rows : ext, p, "16_window", t_rows16_window);
        }
        if (p->dir && !strcmp(group, "softmax_ext"))
            add_case(group, kind, ext, p, "16_pairtie", t_rows16_pairtie);
        return;
    }
    const vt_gated_op *g = VT_FIND(vt_gated_ops, vt_n_gated, group);
    if (g) {
        add_case(g->name, KIND_GATED, g, p, "bf16_sample", t_gated_sample_bf16);
        add_case(g->name, KIND_GATED, g, p, "f16_sample", t_gated_sample_f16);
        add_case(g->name, KIND_GATED, g, p, "16_tails", t_gated_pos);
        add_case(g->name, KIND_GATED, g, p, "bf16_2d", t_gated_2d_bf16);
        add_case(g->name, KIND_GATED, g, p, "f16_2d", t_gated_2d_f16);
        add_case(g->name, KIND_GATED, g, p, "16_2d_pos", t_gated_2d_pos);
        return;
    }
    if (!strcmp(group, "storage")) {
        if (p->dir)
            return;
        add_case("storage", KIND_UNARY, NULL, p, "ties", t_ties);
        if (p->tier)
            return; /* the conversions have no tier */
        add_case("storage", KIND_UNARY, NULL, p, "narrow", t_narrow);
        add_case("storage", KIND_UNARY, NULL, p, "widen", t_widen);
        add_case("storage", KIND_UNARY, NULL, p, "convert_pos", t_convert_pos);
        return;
    }
    const vt_unary *u = VT_FIND(vt_unary_ops, vt_n_unary, group);
    if (!u)
        return;
    if (p->dir) {
        add_case(u->name, KIND_UNARY, u, p, "bf16_sample", t_bwd_sample_bf16);
        add_case(u->name, KIND_UNARY, u, p, "f16_sample", t_bwd_sample_f16);
    } else {
        add_case(u->name, KIND_UNARY, u, p, "bf16_all", t_fwd_all_bf16);
        add_case(u->name, KIND_UNARY, u, p, "f16_all", t_fwd_all_f16);
    }
    add_case(u->name, KIND_UNARY, u, p, "bf16_tails", t_pos_bf16);
    add_case(u->name, KIND_UNARY, u, p, "f16_tails", t_pos_f16);
    add_case(u->name, KIND_UNARY, u, p, "16_guard", t_guard16);
    add_case(u->name, KIND_UNARY, u, p, "16_errors", t_errors16);
}
