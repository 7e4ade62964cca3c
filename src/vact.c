/* SPDX-License-Identifier: MIT */
/*
 * The public entry points: every argument is validated here, once, in the
 * same order for every op (NULL, then parameters and sizes, then overlap),
 * before anything is written; then the call goes to the active table.
 * Kernels never validate; validation never depends on the ISA.
 *
 * Every entry point is expanded from its registry line (src/vact_ops.def) by
 * its kind's macro below.  For example VACT_UNARY(elu, 1, (alpha), X,
 * CHECK_FIN1, ...) becomes
 *
 *   vact_status vact_elu_f32(const float *x, float *y, size_t n, float alpha)
 *   {
 *       const float p[2] = {alpha, 0.0f};
 *       if (n && (!x || !y))
 *           return VACT_ERR_NULL;
 *       VACT_TRY(check_unary(x, NULL, y, n, CHECK_FIN1, p));
 *       if (n)
 *           vact_active_kernels()->unary_fwd[VACT_OP_elu](x, y, n, p);
 *       return VACT_OK;
 *   }
 *
 * and vact_elu_backward_f32 likewise; the table entry unary_fwd[VACT_OP_elu]
 * is elu_fwd_<isa>_<tier> (src/kernels/drive_unary.inc), whose math is
 * op_elu_fwd (src/kernels/ops_exp.h).
 */
#if defined(__AVX2__) || defined(__AVX512F__) || defined(__FMA__)
#error "vact.c must be compiled for the baseline ISA"
#endif

#include <math.h>
#include <stdint.h>
#include "internal.h"
#if defined(__x86_64__) || defined(_M_X64)
#include <xmmintrin.h>
#define VACT_FP_MXCSR 1
#elif !(defined(__aarch64__) && defined(__GNUC__))
#include <fenv.h>
#endif

#define STR_(x) #x
#define STR(x) STR_(x)

const char *vact_version(void)
{
    return STR(VACT_VERSION_MAJOR) "." STR(VACT_VERSION_MINOR) "." STR(VACT_VERSION_PATCH);
}

const char *vact_strerror(vact_status s)
{
    switch (s) {
    case VACT_OK: return "success";
    case VACT_ERR_NULL: return "a required pointer is NULL";
    case VACT_ERR_ARG: return "a parameter or size is outside its domain";
    case VACT_ERR_OVERLAP: return "an output partially overlaps an input";
    case VACT_ERR_UNSUPPORTED: return "the instruction set is not available";
    }
    return "unknown status";
}

/* ---- the caller's rounding mode -------------------------------------------
 * Every kernel runs under round-to-nearest: fp_enter reads the control
 * register (one stmxcsr, mrs) and, only when the rounding bits ask for
 * another mode, clears them; fp_leave sets them back.  Nothing else of the
 * caller's state is touched: FTZ/DAZ stay as set, and the flags the kernel
 * raised stay raised.  Returns the rounding bits to restore (0: nothing). */
#if defined(__GNUC__)
#define FP_UNLIKELY(c) __builtin_expect(!!(c), 0)
#else
#define FP_UNLIKELY(c) (c)
#endif
#if VACT_FP_MXCSR
#define FP_RC 0x6000u /* MXCSR.RC */
typedef unsigned fp_state;
static inline fp_state fp_enter(void)
{
    const unsigned csr = _mm_getcsr(), rc = csr & FP_RC;
    if (FP_UNLIKELY(rc))
        _mm_setcsr(csr & ~FP_RC);
    return rc;
}
static inline void fp_leave(fp_state rc)
{
    if (FP_UNLIKELY(rc))
        _mm_setcsr(_mm_getcsr() | rc);
}
#elif defined(__aarch64__) && defined(__GNUC__)
#define FP_RMODE (3ul << 22) /* FPCR.RMode */
typedef unsigned long fp_state;
static inline fp_state fp_enter(void)
{
    unsigned long fpcr;
    __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
    const unsigned long rm = fpcr & FP_RMODE;
    if (FP_UNLIKELY(rm))
        __asm__ volatile("msr fpcr, %0" : : "r"(fpcr & ~FP_RMODE) : "memory");
    return rm;
}
static inline void fp_leave(fp_state rm)
{
    if (FP_UNLIKELY(rm)) {
        unsigned long fpcr;
        __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
        __asm__ volatile("msr fpcr, %0" : : "r"(fpcr | rm) : "memory");
    }
}
#else
typedef int fp_state;
static inline fp_state fp_enter(void)
{
    const int mode = fegetround();
    if (mode == FE_TONEAREST)
        return 0;
    fesetround(FE_TONEAREST);
    return mode;
}
static inline void fp_leave(fp_state mode)
{
    if (mode)
        fesetround(mode);
}
#endif

/* the kernel call of an entry point, under round-to-nearest */
#define VACT_RUN(call)                      \
    do {                                    \
        const fp_state fp_ = fp_enter();    \
        call;                               \
        fp_leave(fp_);                      \
    } while (0)

/* ---- shared checks -------------------------------------------------------- */
/* n elements at p, of es bytes each; a `strict`
 * output may not even be the very same array as an input (prelu's dalpha is
 * written while dy and x are still being read). */
typedef struct { const void *p; size_t n; int strict; size_t es; } span;

#define F32 sizeof(float)
static size_t span_bytes(span a) { return a.n * a.es; }

static int intersects(span a, span b)
{
    if (!a.p || !b.p || !a.n || !b.n)
        return 0;
    const uintptr_t x = (uintptr_t)a.p, y = (uintptr_t)b.p;
    return x < y + span_bytes(b) && y < x + span_bytes(a);
}

/* An output against an input: apart, or the very same array (in place),
 * which is allowed unless the output is strict. */
static int overlap_ok(span out, span in)
{
    const int same = out.p == in.p && span_bytes(out) == span_bytes(in);
    return !intersects(out, in) || (same && !out.strict);
}

/* Every output against every input, and outputs against each other (no
 * sharing at all). */
static vact_status check_overlap(const span *in, int nin, const span *out, int nout)
{
    for (int k = 0; k < nout; k++) {
        for (int j = 0; j < nin; j++)
            if (!overlap_ok(out[k], in[j]))
                return VACT_ERR_OVERLAP;
        for (int j = 0; j < k; j++)
            if (intersects(out[k], out[j]))
                return VACT_ERR_OVERLAP;
    }
    return VACT_OK;
}
static int size_ok(size_t n) { return n <= SIZE_MAX / sizeof(float); }
/* The sizes of a shape (a*b*c elements): its byte size must fit in size_t
 * with every size that is 0 counted as 1, so a call with no element is
 * checked like one with elements, every sub-product (prelu's alpha and
 * dalpha of b floats, a softmax row) fits as well, and the status does not
 * depend on which size is 0 nor on their order.  *n = a*b*c. */
static int shape_ok(size_t a, size_t b, size_t c, size_t *n)
{
    const size_t d[3] = {a, b, c};
    size_t p = 1;
    for (int k = 0; k < 3; k++) {
        const size_t f = d[k] ? d[k] : 1;
        if (f > SIZE_MAX / sizeof(float) / p)
            return 0;
        p *= f;
    }
    *n = a * b * c;
    return 1;
}

/* ---- parameter domains (the `check` column of the registry) --------------- */
static vact_status CHECK_NONE(const float *p) { (void)p; return VACT_OK; }
static vact_status CHECK_FIN1(const float *p) { return isfinite(p[0]) ? VACT_OK : VACT_ERR_ARG; }
static vact_status CHECK_RANGE(const float *p)
{
    return isfinite(p[0]) && isfinite(p[1]) && p[0] <= p[1] ? VACT_OK : VACT_ERR_ARG;
}
static vact_status CHECK_FIN2(const float *p)
{
    return isfinite(p[0]) && isfinite(p[1]) ? VACT_OK : VACT_ERR_ARG;
}
static vact_status CHECK_NONZERO1(const float *p)
{
    return isfinite(p[0]) && p[0] != 0.0f ? VACT_OK : VACT_ERR_ARG;
}
static vact_status CHECK_LAMBDA(const float *p)
{
    return isfinite(p[0]) && p[0] >= 0.0f ? VACT_OK : VACT_ERR_ARG;
}
static vact_status CHECK_SOFTPLUS(const float *p)
{
    return isfinite(p[0]) && p[0] != 0.0f && isfinite(p[1]) ? VACT_OK : VACT_ERR_ARG;
}

#define VACT_TRY(e)                \
    do {                           \
        vact_status st_ = (e);     \
        if (st_ != VACT_OK)        \
            return st_;            \
    } while (0)

/* es: the arrays' element size (the storage twins share these checks; their
 * sizes are bounded as the f32 call's are) */
static vact_status check_unary(const void *in, const void *s, const void *out, size_t n,
                               size_t es, vact_status (*check)(const float *), const float *p)
{
    VACT_TRY(check(p));
    if (!size_ok(n))
        return VACT_ERR_ARG;
    /* overlap_ok directly, without check_overlap's loops: this runs on every
     * element-wise call (s is NULL for a forward, which intersects nothing) */
    const span o = {out, n, 0, es}, a = {in, n, 0, es}, b = {s, n, 0, es};
    return overlap_ok(o, a) && overlap_ok(o, b) ? VACT_OK : VACT_ERR_OVERLAP;
}

/* ---- element-wise ops from the registry ----------------------------------- */
#define DECL_0()
#define DECL_1(a) , float a
#define DECL_2(a, b) , float a, float b
#define PACK_0() {0.0f, 0.0f}
#define PACK_1(a) {a, 0.0f}
#define PACK_2(a, b) {a, b}

/* vact_<name>_<T> and its backward for element type E, over the table's
 * fwd and bwd drivers: the f32 calls and their bf16 and f16 twins */
#define UNARY_ENTRY(name, np, pn, check, T, E, fwd, bwd)                              \
    vact_status vact_##name##_##T(const E *x, E *y, size_t n DECL_##np pn)            \
    {                                                                                 \
        const float p[2] = PACK_##np pn;                                              \
        if (n && (!x || !y))                                                          \
            return VACT_ERR_NULL;                                                     \
        VACT_TRY(check_unary(x, NULL, y, n, sizeof(E), check, p));                    \
        if (n)                                                                        \
            VACT_RUN(vact_active_kernels()->fwd[VACT_OP_##name](x, y, n, p));         \
        return VACT_OK;                                                               \
    }                                                                                 \
    vact_status vact_##name##_backward_##T(const E *dy, const E *s, E *dx,            \
                                           size_t n DECL_##np pn)                     \
    {                                                                                 \
        const float p[2] = PACK_##np pn;                                              \
        if (n && (!dy || !s || !dx))                                                  \
            return VACT_ERR_NULL;                                                     \
        VACT_TRY(check_unary(dy, s, dx, n, sizeof(E), check, p));                     \
        if (n)                                                                        \
            VACT_RUN(vact_active_kernels()->bwd[VACT_OP_##name](dy, s, dx, n, p));    \
        return VACT_OK;                                                               \
    }
#define VACT_UNARY(name, np, pn, saved, check, ...)                                   \
    UNARY_ENTRY(name, np, pn, check, f32, float, unary_fwd, unary_bwd)                \
    UNARY_ENTRY(name, np, pn, check, bf16, vact_bf16, unary_fwd_bf16, unary_bwd_bf16) \
    UNARY_ENTRY(name, np, pn, check, f16, vact_f16, unary_fwd_f16, unary_bwd_f16)
#include "vact_ops.def"
#undef VACT_UNARY

/* ---- conversions between f32 and the storage types ---------------------------
 * The arrays' element sizes differ, so no conversion is in place: x and y
 * must not overlap at all. */
static vact_status check_convert(const void *x, size_t xes, const void *y, size_t yes, size_t n)
{
    if (n && (!x || !y))
        return VACT_ERR_NULL;
    if (!size_ok(n))
        return VACT_ERR_ARG;
    const span a = {x, n, 0, xes}, b = {y, n, 0, yes};
    return intersects(a, b) ? VACT_ERR_OVERLAP : VACT_OK;
}
#define VACT_CONVERT(to, from, TO, FROM)                                               \
    vact_status vact_##to##_from_##from(const FROM *x, TO *y, size_t n)                \
    {                                                                                  \
        VACT_TRY(check_convert(x, sizeof *x, y, sizeof *y, n));                        \
        if (n)                                                                         \
            VACT_RUN(vact_active_kernels()->to##_from_##from(x, y, n));                \
        return VACT_OK;                                                                \
    }
VACT_CONVERT(bf16, f32, vact_bf16, float)
VACT_CONVERT(f16, f32, vact_f16, float)
VACT_CONVERT(f32, bf16, float, vact_bf16)
VACT_CONVERT(f32, f16, float, vact_f16)
#undef VACT_CONVERT

/* ---- the other kinds --------------------------------------------------------
 * <KIND>_ENTRY(name, T, E, fwd, bwd): vact_<name>_<T> and its backward for
 * element type E over the table's fwd and bwd fields, the f32 calls and
 * their bf16 and f16 twins: the arguments validated by check_<kind>, then the
 * kernel run where the call has an element. */
#define TWIN_ENTRIES(ENTRY, name, kind)                                                \
    ENTRY(name, f32, float, kind##_fwd, kind##_bwd)                                    \
    ENTRY(name, bf16, vact_bf16, kind##_fwd_bf16, kind##_bwd_bf16)                     \
    ENTRY(name, f16, vact_f16, kind##_fwd_f16, kind##_bwd_f16)
/* prelu; es: the element size of x, y, dy and dx (f32 and the storage
 * twins); alpha and dalpha are float */
static vact_status check_prelu_fwd(const void *x, const void *y, const float *alpha,
                                   size_t outer, size_t channels, size_t inner, size_t es)
{
    size_t n;
    if (!shape_ok(outer, channels, inner, &n))
        return VACT_ERR_ARG;
    const size_t na = n ? channels : 0;
    if (n && (!x || !y || !alpha))
        return VACT_ERR_NULL;
    const span ins[2] = {{x, n, 0, es}, {alpha, na, 0, F32}};
    const span outs[1] = {{y, n, 0, es}};
    return check_overlap(ins, 2, outs, 1);
}
static vact_status check_prelu_bwd(const void *dy, const void *x, const float *alpha,
                                   const void *dx, const float *dalpha,
                                   size_t outer, size_t channels, size_t inner, size_t es)
{
    size_t n;
    if (!shape_ok(outer, channels, inner, &n))
        return VACT_ERR_ARG;
    const size_t na = n ? channels : 0;
    if (n && (!dy || !x || !dx || !alpha))
        return VACT_ERR_NULL;
    const span ins[3] = {{dy, n, 0, es}, {x, n, 0, es}, {alpha, na, 0, F32}};
    const span outs[2] = {{dx, n, 0, es}, {dalpha, dalpha ? channels : 0, 1, F32}};
    return check_overlap(ins, 3, outs, 2);
}
/* whether a prelu backward has an element; without one, dalpha's sums are
 * zeros, written here (check_prelu_bwd has checked channels' byte size) */
static int prelu_bwd_any(float *dalpha, size_t outer, size_t channels, size_t inner)
{
    if (outer && channels && inner)
        return 1;
    if (dalpha)
        for (size_t c = 0; c < channels; c++)
            dalpha[c] = 0.0f;
    return 0;
}
#define PRELU_ENTRY(name, T, E, fwd, bwd)                                              \
    vact_status vact_##name##_##T VACT_SIG_PRELU_FWD_T(E)                             \
    {                                                                                  \
        VACT_TRY(check_prelu_fwd(x, y, alpha, outer, channels, inner, sizeof(E)));     \
        if (outer && channels && inner)                                                \
            VACT_RUN(vact_active_kernels()->fwd[VACT_OP_##name](x, y, alpha, outer,    \
                                                                channels, inner));     \
        return VACT_OK;                                                                \
    }                                                                                  \
    vact_status vact_##name##_backward_##T VACT_SIG_PRELU_BWD_T(E)                    \
    {                                                                                  \
        VACT_TRY(check_prelu_bwd(dy, x, alpha, dx, dalpha, outer, channels, inner,     \
                                 sizeof(E)));                                          \
        if (prelu_bwd_any(dalpha, outer, channels, inner))                             \
            VACT_RUN(vact_active_kernels()->bwd[VACT_OP_##name](dy, x, alpha, dx, dalpha, \
                                                                outer, channels, inner)); \
        return VACT_OK;                                                                \
    }
#define VACT_PRELU(name, ...) TWIN_ENTRIES(PRELU_ENTRY, name, prelu)
#include "vact_ops.def"
#undef VACT_PRELU

/* rrelu; es: the arrays' element size (f32 and the storage twins) */
static vact_status check_rrelu(const void *in, const void *s, const void *out, size_t n,
                               float lower, float upper, size_t es)
{
    const float p[2] = {0.0f, 0.0f};
    if (!isfinite(lower) || !isfinite(upper) || lower > upper || !isfinite(upper - lower))
        return VACT_ERR_ARG;
    return check_unary(in, s, out, n, es, CHECK_NONE, p);
}
#define RRELU_ENTRY(name, T, E, fwd, bwd)                                              \
    vact_status vact_##name##_##T VACT_SIG_RRELU_FWD_T(E)                             \
    {                                                                                  \
        if (n && (!x || !y))                                                           \
            return VACT_ERR_NULL;                                                      \
        VACT_TRY(check_rrelu(x, NULL, y, n, lower, upper, sizeof(E)));                 \
        if (n)                                                                         \
            VACT_RUN(vact_active_kernels()->fwd[VACT_OP_##name](x, y, n, lower, upper, seed, \
                                                                offset));              \
        return VACT_OK;                                                                \
    }                                                                                  \
    vact_status vact_##name##_backward_##T VACT_SIG_RRELU_BWD_T(E)                    \
    {                                                                                  \
        if (n && (!dy || !x || !dx))                                                   \
            return VACT_ERR_NULL;                                                      \
        VACT_TRY(check_rrelu(dy, x, dx, n, lower, upper, sizeof(E)));                  \
        if (n)                                                                         \
            VACT_RUN(vact_active_kernels()->bwd[VACT_OP_##name](dy, x, dx, n, lower, upper, \
                                                                seed, offset));        \
        return VACT_OK;                                                                \
    }
#define VACT_RRELU(name, ...) TWIN_ENTRIES(RRELU_ENTRY, name, rrelu)
#include "vact_ops.def"
#undef VACT_RRELU

/* softmax family: rows of cols > 0; es: the element size (f32 and the
 * storage twins) */
static vact_status check_rows(const void *a, const void *b, const void *out, size_t rows,
                              size_t cols, size_t es)
{
    size_t n;
    if (rows && !cols)
        return VACT_ERR_ARG;
    if (!shape_ok(rows, cols, 1, &n))
        return VACT_ERR_ARG;
    const span ins[2] = {{a, n, 0, es}, {b, n, 0, es}};
    const span outs[1] = {{out, n, 0, es}};
    return check_overlap(ins, b ? 2 : 1, outs, 1);
}
#define ROWS_ENTRY(name, T, E, fwd, bwd)                                               \
    vact_status vact_##name##_##T VACT_SIG_ROWS_FWD_T(E)                              \
    {                                                                                  \
        if (rows && cols && (!x || !y))                                                \
            return VACT_ERR_NULL;                                                      \
        VACT_TRY(check_rows(x, NULL, y, rows, cols, sizeof(E)));                       \
        if (rows && cols)                                                              \
            VACT_RUN(vact_active_kernels()->fwd[VACT_OP_##name](x, y, rows, cols));    \
        return VACT_OK;                                                                \
    }                                                                                  \
    vact_status vact_##name##_backward_##T VACT_SIG_ROWS_BWD_T(E)                     \
    {                                                                                  \
        if (rows && cols && (!dy || !y || !dx))                                        \
            return VACT_ERR_NULL;                                                      \
        VACT_TRY(check_rows(dy, y, dx, rows, cols, sizeof(E)));                        \
        if (rows && cols)                                                              \
            VACT_RUN(vact_active_kernels()->bwd[VACT_OP_##name](dy, y, dx, rows, cols)); \
        return VACT_OK;                                                                \
    }
#define VACT_ROWS(name, ...) TWIN_ENTRIES(ROWS_ENTRY, name, rows)
#include "vact_ops.def"
#undef VACT_ROWS

/* softmax with options: strided rows.  A matrix touches the elements
 * p[r*ld + c], r < rows, c < cols (floats, or the storage types' bits: es
 * below is the element size; sizes are bounded as the f32 call's are). */
typedef struct { const void *p; size_t ld; } mat;

/* the floats from a matrix's first touched element to its last, or 0 when
 * that does not fit size_t (rows > 0, cols > 0) */
static int mat_extent(size_t rows, size_t cols, size_t ld, size_t *n)
{
    const size_t lim = SIZE_MAX / sizeof(float);
    if (cols > lim || (rows > 1 && ld > (lim - cols) / (rows - 1)))
        return 0;
    *n = (rows - 1) * ld + cols;
    return 1;
}

/* Whether matrices a and b (rows x cols each) touch a common byte.  With
 * equal ld, elements are compared exactly: (ra - rb)*ld + (ca - cb) is the
 * distance, |ra - rb| < rows, |ca - cb| < cols; otherwise any intersection of
 * their extents counts. */
static int mats_share(mat a, mat b, size_t rows, size_t cols, size_t es)
{
    size_t na, nb;
    if (!mat_extent(rows, cols, a.ld, &na) || !mat_extent(rows, cols, b.ld, &nb))
        return 1;
    const span sa = {a.p, na, 0, es}, sb = {b.p, nb, 0, es};
    if (!intersects(sa, sb))
        return 0;
    const uintptr_t pa = (uintptr_t)a.p, pb = (uintptr_t)b.p;
    const uintptr_t bytes = pa > pb ? pa - pb : pb - pa;
    if (a.ld != b.ld || rows == 1 || bytes % es)
        return 1;
    /* dist = dr*ld + dc with 0 <= dr, |dc| < ld: two candidates for dr */
    const size_t dist = (size_t)(bytes / es), ld = a.ld;
    const size_t dr = dist / ld, dc = dist % ld;
    if (dr < rows && dc < cols)
        return 1;
    return dr + 1 < rows && ld - dc < cols;
}

/* Every input and output matrix: not NULL, ld >= cols, an extent that fits;
 * an output shares no element with an input unless it is that very matrix
 * (in place), nor with another output. */
static vact_status check_mats(const mat *in, int nin, const mat *out, int nout,
                              size_t rows, size_t cols, size_t es)
{
    if (!rows || !cols)
        return VACT_OK;
    for (int k = 0; k < nin + nout; k++)
        if (!(k < nin ? in[k] : out[k - nin]).p)
            return VACT_ERR_NULL;
    size_t n;
    for (int k = 0; k < nin + nout; k++) {
        const mat m = k < nin ? in[k] : out[k - nin];
        if (m.ld < cols || !mat_extent(rows, cols, m.ld, &n))
            return VACT_ERR_ARG;
    }
    for (int k = 0; k < nout; k++) {
        for (int j = 0; j < nin; j++)
            if (!(out[k].p == in[j].p && out[k].ld == in[j].ld) &&
                mats_share(out[k], in[j], rows, cols, es))
                return VACT_ERR_OVERLAP;
        for (int j = 0; j < k; j++)
            if (mats_share(out[k], out[j], rows, cols, es))
                return VACT_ERR_OVERLAP;
    }
    return VACT_OK;
}

static const vact_softmax_opts ext_default = VACT_SOFTMAX_OPTS_INIT;

/* Sizes and options; the inputs and the output (of es-byte elements) must
 * not share an element, except an input that is the very same matrix as the
 * output (in place); the float mask no byte of the output. */
static vact_status check_rows_ext(const mat *in, int nin, mat out, size_t rows, size_t cols,
                                  const vact_softmax_opts *o, size_t es)
{
    if (!o)
        o = &ext_default;
    if (!isfinite(o->scale) || o->scale == 0.0f)
        return VACT_ERR_ARG;
    if (rows && !cols)
        return VACT_ERR_ARG;
    if (!rows)
        return VACT_OK;
    size_t n = 0; /* the mask's extent */
    const size_t mrows = o->mask_ld ? rows : 1;
    if (o->mask && ((o->mask_ld && o->mask_ld < cols) || !mat_extent(mrows, cols, o->mask_ld, &n)))
        return VACT_ERR_ARG;
    VACT_TRY(check_mats(in, nin, &out, 1, rows, cols, es));
    if (o->mask) {
        const span ms = {o->mask, n, 0, F32};
        size_t no = 0;
        mat_extent(rows, cols, out.ld, &no);
        if (intersects(ms, (span){out.p, no, 0, es}))
            return VACT_ERR_OVERLAP;
    }
    return VACT_OK;
}
#define ROWS_EXT_ENTRY(name, T, E, fwd, bwd)                                           \
    vact_status vact_##name##_##T VACT_SIG_ROWS_EXT_FWD_T(E)                          \
    {                                                                                  \
        if (rows && cols && (!x || !y))                                                \
            return VACT_ERR_NULL;                                                      \
        const mat in[1] = {{x, ldx}};                                                  \
        VACT_TRY(check_rows_ext(in, 1, (mat){y, ldy}, rows, cols, opts, sizeof(E)));   \
        if (rows && cols)                                                              \
            VACT_RUN(vact_active_kernels()->fwd[VACT_OP_##name](x, ldx, y, ldy, rows, cols, \
                                                                opts));                \
        return VACT_OK;                                                                \
    }                                                                                  \
    vact_status vact_##name##_backward_##T VACT_SIG_ROWS_EXT_BWD_T(E)                 \
    {                                                                                  \
        if (rows && cols && (!dy || !y || !dx))                                        \
            return VACT_ERR_NULL;                                                      \
        const mat in[2] = {{dy, lddy}, {y, ldy}};                                      \
        VACT_TRY(check_rows_ext(in, 2, (mat){dx, lddx}, rows, cols, opts, sizeof(E))); \
        if (rows && cols)                                                              \
            VACT_RUN(vact_active_kernels()->bwd[VACT_OP_##name](dy, lddy, y, ldy, dx, lddx, \
                                                                rows, cols, opts));    \
        return VACT_OK;                                                                \
    }
#define VACT_ROWS_EXT(name, ...) TWIN_ENTRIES(ROWS_EXT_ENTRY, name, rows_ext)
#include "vact_ops.def"
#undef VACT_ROWS_EXT

/* gated units; es: the arrays' element size (f32 and the storage twins) */
static vact_status check_gated_fwd(const void *a, const void *b, const void *y, size_t n,
                                   size_t es)
{
    if (n && (!a || !b || !y))
        return VACT_ERR_NULL;
    if (!size_ok(n))
        return VACT_ERR_ARG;
    const span ins[2] = {{a, n, 0, es}, {b, n, 0, es}};
    const span outs[1] = {{y, n, 0, es}};
    return check_overlap(ins, 2, outs, 1);
}
static vact_status check_gated_bwd(const void *dy, const void *a, const void *b,
                                   const void *da, const void *db, size_t n, size_t es)
{
    if (n && (!dy || !a || !b || !da || !db))
        return VACT_ERR_NULL;
    if (!size_ok(n))
        return VACT_ERR_ARG;
    const span ins[3] = {{dy, n, 0, es}, {a, n, 0, es}, {b, n, 0, es}};
    const span outs[2] = {{da, n, 0, es}, {db, n, 0, es}};
    return check_overlap(ins, 3, outs, 2);
}
#define GATED_ENTRY(name, T, E, fwd, bwd)                                              \
    vact_status vact_##name##_##T VACT_SIG_GATED_FWD_T(E)                             \
    {                                                                                  \
        VACT_TRY(check_gated_fwd(a, b, y, n, sizeof(E)));                              \
        if (n)                                                                         \
            VACT_RUN(vact_active_kernels()->fwd[VACT_OP_##name](a, b, y, n));          \
        return VACT_OK;                                                                \
    }                                                                                  \
    vact_status vact_##name##_backward_##T VACT_SIG_GATED_BWD_T(E)                    \
    {                                                                                  \
        VACT_TRY(check_gated_bwd(dy, a, b, da, db, n, sizeof(E)));                     \
        if (n)                                                                         \
            VACT_RUN(vact_active_kernels()->bwd[VACT_OP_##name](dy, a, b, da, db, n)); \
        return VACT_OK;                                                                \
    }
#define VACT_GATED(name, ...) TWIN_ENTRIES(GATED_ENTRY, name, gated)
#include "vact_ops.def"
#undef VACT_GATED

/* ---- row-strided gated units ---------------------------------------------------
 * vact_<g>_2d_<T> and its backward for every gated unit, f32 and the storage
 * twins (element type E, table fields fwd/bwd of function types FF/BF): row
 * r of each matrix at p + r*ld, ld >= cols, one call of the gated kernel per
 * row.  An output may be the very same view as an input (same pointer and
 * ld); outputs share no element with each other. */
#define GATED_2D_ENTRY(name, T, E, fwd, bwd, FF, BF)                                     \
    vact_status vact_##name##_2d_##T(const E *a, size_t lda, const E *b, size_t ldb,     \
                                     E *y, size_t ldy, size_t rows, size_t cols)         \
    {                                                                                    \
        const mat in[2] = {{a, lda}, {b, ldb}}, out[1] = {{y, ldy}};                     \
        VACT_TRY(check_mats(in, 2, out, 1, rows, cols, sizeof(E)));                      \
        if (!rows || !cols)                                                              \
            return VACT_OK;                                                              \
        const FF k = vact_active_kernels()->fwd[VACT_OP_##name];                         \
        VACT_RUN(for (size_t r = 0; r < rows; r++)                                       \
                     k(a + r * lda, b + r * ldb, y + r * ldy, cols));                    \
        return VACT_OK;                                                                  \
    }                                                                                    \
    vact_status vact_##name##_2d_backward_##T(const E *dy, size_t lddy, const E *a,      \
                                              size_t lda, const E *b, size_t ldb, E *da, \
                                              size_t ldda, E *db, size_t lddb,           \
                                              size_t rows, size_t cols)                  \
    {                                                                                    \
        const mat in[3] = {{dy, lddy}, {a, lda}, {b, ldb}};                              \
        const mat out[2] = {{da, ldda}, {db, lddb}};                                     \
        VACT_TRY(check_mats(in, 3, out, 2, rows, cols, sizeof(E)));                      \
        if (!rows || !cols)                                                              \
            return VACT_OK;                                                              \
        const BF k = vact_active_kernels()->bwd[VACT_OP_##name];                         \
        VACT_RUN(for (size_t r = 0; r < rows; r++)                                       \
                     k(dy + r * lddy, a + r * lda, b + r * ldb, da + r * ldda,           \
                       db + r * lddb, cols));                                            \
        return VACT_OK;                                                                  \
    }
#define VACT_GATED(name, ...)                                                            \
    GATED_2D_ENTRY(name, f32, float, gated_fwd, gated_bwd, vact_gated_fwd_fn,            \
                   vact_gated_bwd_fn)                                                    \
    GATED_2D_ENTRY(name, bf16, vact_bf16, gated_fwd_bf16, gated_bwd_bf16,                \
                   vact_gated_fwd16_fn, vact_gated_bwd16_fn)                             \
    GATED_2D_ENTRY(name, f16, vact_f16, gated_fwd_f16, gated_bwd_f16,                    \
                   vact_gated_fwd16_fn, vact_gated_bwd16_fn)
#include "vact_ops.def"
#undef VACT_GATED
