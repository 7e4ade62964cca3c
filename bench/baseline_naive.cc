/* SPDX-License-Identifier: MIT */
// The naive baseline: the scalar libm loops a user writes by hand (-O3, no
// -ffast-math, no -march), named naive/<op>/<dir>/n:N.  The saved tensor of
// a backward that takes the forward output is made with the naive forward.
#include <cmath>
#include <cstring>
#include <string>

#include "harness.h"
#include "ops.h"

namespace vbench {
namespace {

// ---------------------------------------------------------------------------
// element-wise ops

using Fwd = void (*)(const float*, float*, size_t, float, float);
using Bwd = void (*)(const float*, const float*, float*, size_t, float, float);

struct Entry {
  const char* op;
  Fwd fwd;
  Bwd bwd;
};

inline float sig(float v) { return 1.0f / (1.0f + std::exp(-v)); }
inline float gelu_b(float s) {
  const float cdf = 0.5f * (1.0f + std::erf(s * 0.70710678f));
  const float pdf = 0.39894228f * std::exp(-0.5f * s * s);
  return cdf + s * pdf;
}
inline float gelu_tanh_f(float v) {
  return 0.5f * v * (1.0f + std::tanh(0.7978845608f * (v + 0.044715f * v * v * v)));
}
inline float gelu_tanh_b(float s) {
  const float k = 0.7978845608f, c = 0.044715f;
  const float t = std::tanh(k * (s + c * s * s * s));
  return 0.5f * (1.0f + t) + 0.5f * s * (1.0f - t * t) * k * (1.0f + 3.0f * c * s * s);
}
inline float mish_b(float s) {
  const float t = std::tanh(std::log1p(std::exp(s)));
  return t + s * (1.0f - t * t) * sig(s);
}
inline float swish_b(float s, float beta) {
  const float g = sig(beta * s);
  return g * (1.0f + beta * s * (1.0f - g));
}

#define VBENCH_NAIVE(opname, fexpr, bexpr)                                        \
  {#opname,                                                                      \
   [](const float* x_, float* y_, size_t n_, float p0, float p1) {               \
     (void)p0;                                                                   \
     (void)p1;                                                                   \
     for (size_t i = 0; i < n_; ++i) {                                           \
       const float v = x_[i];                                                    \
       y_[i] = (fexpr);                                                          \
     }                                                                           \
   },                                                                            \
   [](const float* dy_, const float* s_, float* dx_, size_t n_, float p0, float p1) { \
     (void)p0;                                                                   \
     (void)p1;                                                                   \
     for (size_t i = 0; i < n_; ++i) {                                           \
       const float g = dy_[i];                                                   \
       const float s = s_[i];                                                    \
       dx_[i] = (bexpr);                                                         \
     }                                                                           \
   }}

const Entry kEntries[] = {
    VBENCH_NAIVE(relu, v > 0.0f ? v : 0.0f, s > 0.0f ? g : 0.0f),
    VBENCH_NAIVE(leaky_relu, v >= 0.0f ? v : p0 * v, s > 0.0f ? g : g * p0),
    VBENCH_NAIVE(hardtanh, std::fmin(std::fmax(v, p0), p1), (s > p0 && s < p1) ? g : 0.0f),
    VBENCH_NAIVE(sigmoid, 1.0f / (1.0f + std::exp(-v)), g * s * (1.0f - s)),
    VBENCH_NAIVE(tanh, std::tanh(v), g * (1.0f - s * s)),
    VBENCH_NAIVE(gelu, 0.5f * v * (1.0f + std::erf(v * 0.70710678f)), g * gelu_b(s)),
    VBENCH_NAIVE(gelu_tanh, gelu_tanh_f(v), g * gelu_tanh_b(s)),
    VBENCH_NAIVE(elu, v > 0.0f ? v : p0 * std::expm1(v), s > 0.0f ? g : g * p0 * std::exp(s)),
    VBENCH_NAIVE(selu, 1.0507009873554805f * (v > 0.0f ? v : 1.6732632423543772f * std::expm1(v)),
                 g * 1.0507009873554805f * (s > 0.0f ? 1.0f : 1.6732632423543772f * std::exp(s))),
    VBENCH_NAIVE(silu, v / (1.0f + std::exp(-v)), g * swish_b(s, 1.0f)),
    VBENCH_NAIVE(swish, v / (1.0f + std::exp(-p0 * v)), g * swish_b(s, p0)),
    VBENCH_NAIVE(mish, v * std::tanh(std::log1p(std::exp(v))), g * mish_b(s)),
    VBENCH_NAIVE(softplus, p0 * v > p1 ? v : std::log1p(std::exp(p0 * v)) / p0,
                 p0 * s > p1 ? g : g * sig(p0 * s)),
    VBENCH_NAIVE(hardsigmoid, std::fmin(std::fmax(v / 6.0f + 0.5f, 0.0f), 1.0f),
                 (s > -3.0f && s < 3.0f) ? g / 6.0f : 0.0f),
    VBENCH_NAIVE(hardswish, v * std::fmin(std::fmax(v / 6.0f + 0.5f, 0.0f), 1.0f),
                 s <= -3.0f ? 0.0f : (s >= 3.0f ? g : g * (s / 3.0f + 0.5f))),
    VBENCH_NAIVE(logsigmoid, -std::log1p(std::exp(-v)), g / (1.0f + std::exp(s))),
    VBENCH_NAIVE(softsign, v / (1.0f + std::fabs(v)), g / ((1.0f + std::fabs(s)) * (1.0f + std::fabs(s)))),
};
#undef VBENCH_NAIVE

// ---------------------------------------------------------------------------
// row-wise, gated and per-channel ops

void softmax_fwd(const float* x, float* y, size_t rows, size_t cols, bool log_form) {
  for (size_t r = 0; r < rows; ++r) {
    const float* a = x + r * cols;
    float* b = y + r * cols;
    float m = a[0];
    for (size_t j = 1; j < cols; ++j) m = std::fmax(m, a[j]);
    float sum = 0.0f;
    if (log_form) {
      for (size_t j = 0; j < cols; ++j) sum += std::exp(a[j] - m);
      const float lse = m + std::log(sum);
      for (size_t j = 0; j < cols; ++j) b[j] = a[j] - lse;
    } else {
      for (size_t j = 0; j < cols; ++j) {
        b[j] = std::exp(a[j] - m);
        sum += b[j];
      }
      const float inv = 1.0f / sum;
      for (size_t j = 0; j < cols; ++j) b[j] *= inv;
    }
  }
}

void softmax_bwd(const float* dy, const float* y, float* dx, size_t rows, size_t cols, bool log_form) {
  for (size_t r = 0; r < rows; ++r) {
    const float* g = dy + r * cols;
    const float* o = y + r * cols;
    float* d = dx + r * cols;
    float sum = 0.0f;
    if (log_form) {
      for (size_t j = 0; j < cols; ++j) sum += g[j];
      for (size_t j = 0; j < cols; ++j) d[j] = g[j] - std::exp(o[j]) * sum;
    } else {
      for (size_t j = 0; j < cols; ++j) sum += g[j] * o[j];
      for (size_t j = 0; j < cols; ++j) d[j] = o[j] * (g[j] - sum);
    }
  }
}

void swiglu_fwd(const float* a, const float* b, float* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = a[i] / (1.0f + std::exp(-a[i])) * b[i];
}
void geglu_fwd(const float* a, const float* b, float* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = 0.5f * a[i] * (1.0f + std::erf(a[i] * 0.70710678f)) * b[i];
}
void swiglu_bwd(const float* dy, const float* a, const float* b, float* da, float* db, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const float s = sig(a[i]);
    da[i] = dy[i] * b[i] * s * (1.0f + a[i] * (1.0f - s));
    db[i] = dy[i] * a[i] * s;
  }
}
void geglu_bwd(const float* dy, const float* a, const float* b, float* da, float* db, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const float cdf = 0.5f * (1.0f + std::erf(a[i] * 0.70710678f));
    const float pdf = 0.39894228f * std::exp(-0.5f * a[i] * a[i]);
    da[i] = dy[i] * b[i] * (cdf + a[i] * pdf);
    db[i] = dy[i] * a[i] * cdf;
  }
}

void prelu_fwd(const float* x, float* y, const float* alpha, size_t outer, size_t ch, size_t inner) {
  for (size_t o = 0; o < outer; ++o)
    for (size_t c = 0; c < ch; ++c) {
      const size_t base = (o * ch + c) * inner;
      const float a = alpha[c];
      for (size_t i = 0; i < inner; ++i) {
        const float v = x[base + i];
        y[base + i] = v > 0.0f ? v : a * v;
      }
    }
}
void prelu_bwd(const float* dy, const float* x, const float* alpha, float* dx, float* dalpha,
               size_t outer, size_t ch, size_t inner) {
  for (size_t c = 0; c < ch; ++c) dalpha[c] = 0.0f;
  for (size_t o = 0; o < outer; ++o)
    for (size_t c = 0; c < ch; ++c) {
      const size_t base = (o * ch + c) * inner;
      const float a = alpha[c];
      double acc = 0.0;
      for (size_t i = 0; i < inner; ++i) {
        const float v = x[base + i], g = dy[base + i];
        dx[base + i] = v > 0.0f ? g : a * g;
        if (v < 0.0f) acc += static_cast<double>(g) * v;
      }
      dalpha[c] += static_cast<float>(acc);
    }
}


struct RowsEntry {
  const char* op;
  void (*fwd)(const float* x, float* y, size_t rows, size_t cols);
  void (*bwd)(const float* dy, const float* y, float* dx, size_t rows, size_t cols);
};
const RowsEntry kRows[] = {
    {"softmax", [](const float* x, float* y, size_t r, size_t c) { softmax_fwd(x, y, r, c, false); },
     [](const float* dy, const float* y, float* dx, size_t r, size_t c) { softmax_bwd(dy, y, dx, r, c, false); }},
    {"log_softmax", [](const float* x, float* y, size_t r, size_t c) { softmax_fwd(x, y, r, c, true); },
     [](const float* dy, const float* y, float* dx, size_t r, size_t c) { softmax_bwd(dy, y, dx, r, c, true); }},
};

struct GatedEntry {
  const char* op;
  void (*fwd)(const float* a, const float* b, float* y, size_t n);
  void (*bwd)(const float* dy, const float* a, const float* b, float* da, float* db, size_t n);
};
const GatedEntry kGated[] = {{"swiglu", swiglu_fwd, swiglu_bwd}, {"geglu", geglu_fwd, geglu_bwd}};

struct PreluEntry {
  const char* op;
  void (*fwd)(const float* x, float* y, const float* alpha, size_t outer, size_t ch, size_t inner);
  void (*bwd)(const float* dy, const float* x, const float* alpha, float* dx, float* dalpha, size_t outer,
              size_t ch, size_t inner);
};
const PreluEntry kPrelu[] = {{"prelu", prelu_fwd, prelu_bwd}};

// The naive loop of a registry op, or null where there is none.
template <class E, size_t N>
const E* find(const E (&table)[N], const char* op) {
  for (const E& e : table)
    if (std::strcmp(op, e.op) == 0) return &e;
  return nullptr;
}

// ---------------------------------------------------------------------------
// registration, in the registry's order

Case naive_case(const char* op, const char* dir, size_t n, int streams, double extra = 0.0) {
  return make_case("naive", op, dir, n, streams, extra);
}

void register_size(const RunConfig& cfg, const SizeLevel& sz) {
  const size_t n = sz.n;
  for (const UnaryOp& u : unary_ops()) {
    const Entry* e = find(kEntries, u.name);
    if (!e) continue;
    const float p0 = u.p0, p1 = u.p1;
    const bool sy = u.saved_is_y;
    add_timed(cfg, naive_case(u.name, "fwd", n, 2), [=](Slot& s) { e->fwd(s.p[B_X], s.p[B_Y], n, p0, p1); });
    add_timed(
        cfg, naive_case(u.name, "bwd", n, 3),
        [=](Slot& s) {
          if (sy) e->fwd(s.p[B_X], s.p[B_S], n, p0, p1);
        },
        [=](Slot& s) { e->bwd(s.p[B_DY], sy ? s.p[B_S] : s.p[B_X], s.p[B_Y], n, p0, p1); });
  }
  const size_t rows = n / kRowCols, cols = kRowCols;
  for (const RowsOp& o : rows_ops())
    if (const RowsEntry* e = find(kRows, o.name)) {
      add_timed(cfg, naive_case(o.name, "fwd", n, 2), [=](Slot& s) { e->fwd(s.p[B_X], s.p[B_Y], rows, cols); });
      add_timed(
          cfg, naive_case(o.name, "bwd", n, 3), [=](Slot& s) { e->fwd(s.p[B_X], s.p[B_S], rows, cols); },
          [=](Slot& s) { e->bwd(s.p[B_DY], s.p[B_S], s.p[B_Y], rows, cols); });
    }
  for (const GatedOp& o : gated_ops())
    if (const GatedEntry* e = find(kGated, o.name)) {
      add_timed(cfg, naive_case(o.name, "fwd", n, 3), [=](Slot& s) { e->fwd(s.p[B_X], s.p[B_B], s.p[B_Y], n); });
      add_timed(cfg, naive_case(o.name, "bwd", n, 5),
                [=](Slot& s) { e->bwd(s.p[B_DY], s.p[B_X], s.p[B_B], s.p[B_Y], s.p[B_DB], n); });
    }
  const size_t ch = kPreluChannels, inner = n / kPreluChannels;
  for (const PreluOp& o : prelu_ops())
    if (const PreluEntry* e = find(kPrelu, o.name)) {
      add_timed(cfg, naive_case(o.name, "fwd", n, 2, 4.0 * ch),
                [=](Slot& s) { e->fwd(s.p[B_X], s.p[B_Y], s.alpha, 1, ch, inner); });
      add_timed(cfg, naive_case(o.name, "bwd", n, 3, 8.0 * ch),
                [=](Slot& s) { e->bwd(s.p[B_DY], s.p[B_X], s.alpha, s.p[B_Y], s.dalpha, 1, ch, inner); });
    }
}

// --accuracy: the element-wise and row-wise forwards, the element-wise backwards
void accuracy(const RunConfig&, AccuracySets& sets) {
  const char* col = "naive libm";
  sets.columns.push_back(col);
  sets.row_columns.push_back(col);
  for (const UnaryOp& u : unary_ops())
    if (const Entry* e = find(kEntries, u.name)) {
      const float p0 = u.p0, p1 = u.p1;
      sets.impls.push_back({col, u.name, [e, p0, p1](const float* x, float* y, size_t n) { e->fwd(x, y, n, p0, p1); }});
    }
  for (const RowsOp& o : rows_ops())
    if (const RowsEntry* e = find(kRows, o.name)) sets.rows.push_back({col, o.name, e->fwd});
  sets.bwd_columns.push_back(col);
  for (const UnaryOp& u : unary_ops())
    if (const Entry* e = find(kEntries, u.name)) {
      const float p0 = u.p0, p1 = u.p1;
      sets.bwd.push_back({col, u.name, [e, p0, p1](const float* dy, const float* s, float* dx, size_t n) {
                            e->bwd(dy, s, dx, n, p0, p1);
                          }});
    }
}

const Baseline kNaive = {"naive", 20, nullptr, register_size, nullptr, accuracy};
const BaselineRegistrar kReg(kNaive);

}  // namespace
}  // namespace vbench
