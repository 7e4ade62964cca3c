/* SPDX-License-Identifier: MIT */
/*
 * check-fprime: the backward's derivative factor, checked over every float.
 *
 * The FAST backward of silu, gelu_tanh, gelu, tanhshrink and the gated
 * units' gate (glu's sigmoid') computes f'(x) as two floats fh + fl from x alone, and
 * only then multiplies by the gradient, rounding once (k_fold_mul: the
 * exact product dy*fh + dy*fl inside one FMA); mish's is a double, and
 * dy times it a double product rounded once to float (the same bound).  So for every dy
 *     |result - dy f'| <= |dy| |fh + fl - f'| + 1/2 ULP (+ 2^-46 relative),
 * and with e = max |fh + fl - f'| / T over x (T = |f'|, or the sum of the
 * magnitudes of the terms where f' has a root: the tests' TERMS metric), the
 * error is at most e 2^24 + 1/2 ULP of dy T, since |dy T| < 2^24 ULP(dy T).
 * This program measures e over every float x of each form's range (or every
 * K-th with --step K) against long double, on the scalar path's FAST
 * kernels (the same operations as every vector path; silu's, sigmoid''s and
 * gelu_tanh's are the HIGH tier's too, both taking e^x from the inline core),
 * and fails when e 2^24 + 1/2 is beyond the registry's bound of 4 ULP.
 *
 *   check-fprime [--step K] [--only NAME]   (NAME: the forms whose name
 *   starts with it, e.g. gelu)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/scalar/simd_scalar.h"
#include "../src/kernels/tier_fast.h"
#include "../src/kernels/ops_linear.h"
#include "../src/kernels/ops_exp.h"
#include "../src/kernels/ops_gelu.h"

#define BOUND 4.0

typedef float (*form_fn)(float x, float *fl);
typedef long double (*ref_fn)(long double x, long double *terms);

static long double sig_l(long double w) { return 1.0L / (1.0L + expl(-w)); }

static float silu_d(float x, float *fl) { return k_sig_d_near(x, 0.0f, x, 0.0f, fl); }
static long double silu_r(long double x, long double *t)
{
    long double s = sig_l(x), sp = s * (1.0L - s);
    *t = fabsl(s) + fabsl(x * sp);
    return s + x * sp;
}

static float sig_d(float x, float *fl) { return k_sigmoid_d_near(x, fl); }
static long double sig_r(long double x, long double *t)
{
    long double e = expl(-fabsl(x)), d = 1.0L + e;
    return *t = e / (d * d);
}

/* as k_gelu_tanh_b1's near lanes */
static float gelu_tanh_d(float x, float *fl)
{
    V w_lo, w = k_gelu_tanh_w(x, &w_lo);
    V c_lo, c = k_gelu_tanh_poly(x, C(GT_B3_HI), C(GT_B3_LO), &c_lo);
    return k_sig_d_near(w, w_lo, c, c_lo, fl);
}
static long double gelu_tanh_r(long double x, long double *t)
{
    const long double a = 2.0L * sqrtl(2.0L / 3.14159265358979323846264338327950288L);
    long double w = x * (a + 0.044715L * a * x * x), c = x * (a + 3.0L * 0.044715L * a * x * x);
    long double s = sig_l(w), sp = s * (1.0L - s);
    *t = fabsl(s) + fabsl(c * sp);
    return s + c * sp;
}

static float gelu_d(float x, float *fl) { return k_gelu_d(x, fl); }
static long double gelu_r(long double x, long double *t)
{
    long double P = 0.5L * erfcl(-x / sqrtl(2.0L));
    long double p = expl(-0.5L * x * x) / sqrtl(2.0L * 3.14159265358979323846264338327950288L);
    *t = fabsl(P) + fabsl(x * p);
    return P + x * p;
}

/* as k_mish_b_near, without dy: f' in double, split into two floats */
static float mish_d(float x, float *fl)
{
    V yl, yh = k_exp2f(v_neg(v_abs(x)), C(0.0f), &yl);
    double d = k_mish_d(x, (double)yh + (double)yl);
    float h = (float)d;
    *fl = (float)(d - h);
    return h;
}
static long double mish_r(long double x, long double *t)
{
    long double sp = x > 0 ? x + log1pl(expl(-x)) : log1pl(expl(x));
    long double T = tanhl(sp), s = 1.0L / (1.0L + expl(-x));
    long double b = x * s * (1.0L - T * T);
    *t = fabsl(T) + fabsl(b);
    return T + b;
}
static int mish_in(float x) { return x >= -80.0f && x <= 20.0f; }

static float tanhshrink_d(float x, float *fl) { return k_tanhshrink_d(fabsf(x), fl); }
static long double tanhshrink_r(long double x, long double *t)
{
    long double th = tanhl(x);
    return *t = th * th;
}
/* above 2^-40 (below, the product is formed from dy |x| first) */
static int tanhshrink_in(float x) { return fabsf(x) >= 0x1p-40f && fabsf(x) <= 20.0f; }

/* gelu_tanh's range: |w| <= 45 (beyond, the deep form), x = 7.7, and more */
static int gelu_tanh_in(float x) { return fabsf(x) <= 9.5f; }
/* the sigmoid family's near range (beyond, the deep form) */
static int near_d(float x) { return fabsf(x) <= DEEP_D; }
/* gelu: above its Mills-ratio tail (x >= -10) */
static int gelu_in(float x) { return x >= -10.0f && x <= 20.0f; }

static const struct {
    const char *name;
    form_fn f;
    ref_fn r;
    int (*in)(float);
} forms[] = {
    {"silu (swish, swiglu: sigmoid(x) + x sigmoid'(x))", silu_d, silu_r, near_d},
    {"sigmoid' (glu)", sig_d, sig_r, near_d},
    {"gelu_tanh (geglu_tanh)", gelu_tanh_d, gelu_tanh_r, gelu_tanh_in},
    {"gelu (geglu)", gelu_d, gelu_r, gelu_in},
    {"mish (in double)", mish_d, mish_r, mish_in},
    {"tanhshrink (tanh^2)", tanhshrink_d, tanhshrink_r, tanhshrink_in},
};

int main(int argc, char **argv)
{
    uint32_t step = 1;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--step") && i + 1 < argc) {
            step = (uint32_t)strtoul(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
            only = argv[++i];
        } else {
            fprintf(stderr, "usage: %s [--step K] [--only NAME]\n", argv[0]);
            return 2;
        }
    }
    if (step == 0)
        step = 1;
    int bad = 0;
    printf("| f' | x checked | max e, 2^-24 (e = abs(fh + fl - f') / T) | at x | bound on dy*f', ULP |\n");
    printf("|---|--:|--:|---|--:|\n");
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
        if (only && strncmp(forms[k].name, only, strlen(only)))
            continue;
        double worst = 0.0;
        float wx = 0.0f;
        uint64_t n = 0;
        /* every float of the range, both signs: bit patterns up to +inf */
        for (uint64_t b = 0; b < 0x7f800000u; b += step) {
            for (int sg = 0; sg < 2; sg++) {
                uint32_t bits = (uint32_t)b | (sg ? 0x80000000u : 0u);
                float x;
                memcpy(&x, &bits, sizeof x);
                if (!forms[k].in(x))
                    continue;
                float fl, fh = forms[k].f(x, &fl);
                long double t, r = forms[k].r(x, &t);
                double e = (double)(fabsl((long double)fh + fl - r) / t) * 0x1p24;
                n++;
                if (!(e <= worst)) { /* NaN counts as worst */
                    worst = e;
                    wx = x;
                }
            }
        }
        double implied = worst + 0.5 + 0x1p-20;
        printf("| %s | %llu | %.3f | %a | %.3f |\n", forms[k].name, (unsigned long long)n, worst,
               (double)wx, implied);
        if (!(implied <= BOUND))
            bad = 1;
    }
    if (bad)
        fprintf(stderr, "check-fprime: a form is beyond the bound of %.0f ULP\n", BOUND);
    return bad;
}
