/* SPDX-License-Identifier: MIT */
// vact's own cases: every op of the registry (src/vact_ops.def) x direction
// x path and tier x size, the 2-D gated calls on a fused projection beside
// the per-row loop they replace, and the forwards for --accuracy.
#include <cmath>
#include <string>

#include "harness.h"
#include "ops.h"

namespace vbench {

// Route to the path and set this thread's tier.
bool enter_path(benchmark::State& st, const PathTier& pt) {
  vact_status s = vact_isa_force(pt.isa);
  if (s == VACT_OK) s = vact_accuracy_set(pt.acc);
  if (s != VACT_OK) {
    st.SkipWithError(vact_strerror(s));
    return false;
  }
  return true;
}

namespace {

const auto kNoPrep = [](Slot&) {};

Case vact_case(const char* op, const char* dir, size_t n, int streams, const PathTier& pt, double extra = 0.0) {
  return make_case("vact", op, dir, n, streams, extra, pt.label);
}

void register_unary(const RunConfig& cfg, const PathTier& pt, size_t n) {
  for (const UnaryOp& u : unary_ops()) {
    const UnaryOp* up = &u;
    add_vact(cfg, vact_case(u.name, "fwd", n, 2, pt), pt, kNoPrep,
             [=](Slot& s) { return up->fwd(s.p[B_X], s.p[B_Y], n); });
    // the saved tensor: x, or the forward's output
    add_vact(
        cfg, vact_case(u.name, "bwd", n, 3, pt), pt,
        [=](Slot& s) {
          if (up->saved_is_y) up->fwd(s.p[B_X], s.p[B_S], n);
        },
        [=](Slot& s) { return up->bwd(s.p[B_DY], up->saved_is_y ? s.p[B_S] : s.p[B_X], s.p[B_Y], n); });
  }
}

void register_rows(const RunConfig& cfg, const PathTier& pt, size_t n) {
  const size_t rows = n / kRowCols, cols = kRowCols;
  for (const RowsOp& o : rows_ops()) {
    const RowsOp* op = &o;
    add_vact(cfg, vact_case(o.name, "fwd", n, 2, pt), pt, kNoPrep,
             [=](Slot& s) { return op->fwd(s.p[B_X], s.p[B_Y], rows, cols); });
    add_vact(
        cfg, vact_case(o.name, "bwd", n, 3, pt), pt, [=](Slot& s) { op->fwd(s.p[B_X], s.p[B_S], rows, cols); },
        [=](Slot& s) { return op->bwd(s.p[B_DY], s.p[B_S], s.p[B_Y], rows, cols); });
  }
}

// Causal attention scores, scale 1/8: rows of 1024 keys in blocks of up to
// 1024 query rows, each block the last rows of a causal square (a full
// block is 1024 x 1024 with offset 0); the same n as the plain softmax cases.
template <class F>
vact_status attention_blocks(size_t n, F&& call) {
  const size_t rows = n / kRowCols, cols = kRowCols;
  vact_status st = VACT_OK;
  for (size_t r0 = 0; r0 < rows && st == VACT_OK; r0 += cols) {
    const size_t b = rows - r0 < cols ? rows - r0 : cols;
    const vact_softmax_opts o = {0.125f, nullptr, 0, 1, cols - b};
    st = call(r0 * cols, b, cols, &o);
  }
  return st;
}

void register_rows_ext(const RunConfig& cfg, const PathTier& pt, size_t n) {
  for (const RowsExtOp& o : rows_ext_ops()) {
    const RowsExtOp* op = &o;
    add_vact(cfg, vact_case(o.name, "fwd", n, 2, pt), pt, kNoPrep, [=](Slot& s) {
      return attention_blocks(n, [&](size_t off, size_t r, size_t c, const vact_softmax_opts* so) {
        return op->fwd(s.p[B_X] + off, c, s.p[B_Y] + off, c, r, c, so);
      });
    });
    add_vact(
        cfg, vact_case(o.name, "bwd", n, 3, pt), pt,
        [=](Slot& s) {
          attention_blocks(n, [&](size_t off, size_t r, size_t c, const vact_softmax_opts* so) {
            return op->fwd(s.p[B_X] + off, c, s.p[B_S] + off, c, r, c, so);
          });
        },
        [=](Slot& s) {
          return attention_blocks(n, [&](size_t off, size_t r, size_t c, const vact_softmax_opts* so) {
            return op->bwd(s.p[B_DY] + off, c, s.p[B_S] + off, c, s.p[B_Y] + off, c, r, c, so);
          });
        });
  }
}

// softmax_ext's mask form against the route a caller takes without it: rows
// of 1024, scale 1/8, a full mask matrix (mask_ld = cols) of zeros (_mask),
// with -inf in every 7th column (_mask7), or of ALiBi-like biases
// -(c % 37)/16 (_maskb); _twopass writes z = scale*x + mask (one pass) and
// runs plain softmax on it.  The mask is in B_DB and z in B_S, outputs of
// other cases, written before each one.
void register_softmax_mask(const RunConfig& cfg, const PathTier& pt, size_t n) {
  const size_t rows = n / kRowCols, cols = kRowCols;
  const RowsExtOp* ext = nullptr;
  const RowsOp* plain = nullptr;
  for (const RowsExtOp& o : rows_ext_ops())
    if (std::string(o.name) == "softmax_ext") ext = &o;
  for (const RowsOp& o : rows_ops())
    if (std::string(o.name) == "softmax") plain = &o;
  if (!ext || !plain) return;
  for (const char kind : {'0', '7', 'b'}) {
    const std::string name = kind == '0' ? "softmax_ext_mask" : std::string("softmax_ext_mask") + kind;
    const auto prep = [=](Slot& s) {
      for (size_t i = 0; i < n; i++) {
        const size_t c = i % cols;
        s.p[B_DB][i] = kind == '7' ? (c % 7 == 6 ? -INFINITY : 0.0f)
                       : kind == 'b' ? -static_cast<float>(c % 37) / 16.0f
                                     : 0.0f;
      }
    };
    add_vact(cfg, vact_case(name.c_str(), "fwd", n, 3, pt), pt, prep, [=](Slot& s) {
      const vact_softmax_opts o = {0.125f, s.p[B_DB], cols, 0, 0};
      return ext->fwd(s.p[B_X], cols, s.p[B_Y], cols, rows, cols, &o);
    });
    add_vact(cfg, vact_case((name + "_twopass").c_str(), "fwd", n, 3, pt), pt, prep, [=](Slot& s) {
      const float *x = s.p[B_X], *mk = s.p[B_DB];
      float* z = s.p[B_S];
      for (size_t i = 0; i < n; i++) z[i] = 0.125f * x[i] + mk[i];
      return plain->fwd(z, s.p[B_Y], rows, cols);
    });
  }
}

void register_gated(const RunConfig& cfg, const PathTier& pt, size_t n) {
  for (const GatedOp& o : gated_ops()) {
    const GatedOp* op = &o;
    add_vact(cfg, vact_case(o.name, "fwd", n, 3, pt), pt, kNoPrep,
             [=](Slot& s) { return op->fwd(s.p[B_X], s.p[B_B], s.p[B_Y], n); });
    add_vact(cfg, vact_case(o.name, "bwd", n, 5, pt), pt, kNoPrep,
             [=](Slot& s) { return op->bwd(s.p[B_DY], s.p[B_X], s.p[B_B], s.p[B_Y], s.p[B_DB], n); });
  }
}

// The fused projection of an FFN: [rows, 2*cols] with the gate first, cols =
// kGatedCols, rows = n / (2*cols) so that it is one array of the level's n
// floats; one vact_<g>_2d call (<g>_2d), and the loop a caller writes
// without it, the contiguous call once a row (<g>_2d_perrow).  n in the name
// is rows*cols, the results; the gradient is fused too (da = g, db = g + cols).
void register_gated_2d(const RunConfig& cfg, const PathTier& pt, size_t n) {
  const size_t cols = kGatedCols, rows = n / (2 * cols), m = rows * cols, ld = 2 * cols;
  if (!rows) return;
  for (const GatedOp& o : gated_ops()) {
    const GatedOp* op = &o;
    const std::string fused = std::string(o.name) + "_2d", loop = fused + "_perrow";
    add_vact(cfg, vact_case(fused.c_str(), "fwd", m, 3, pt), pt, kNoPrep, [=](Slot& s) {
      const float* p = s.p[B_X];
      return op->fwd2d(p, ld, p + cols, ld, s.p[B_Y], cols, rows, cols);
    });
    add_vact(cfg, vact_case(loop.c_str(), "fwd", m, 3, pt), pt, kNoPrep, [=](Slot& s) {
      vact_status st = VACT_OK;
      for (size_t r = 0; r < rows && st == VACT_OK; r++) {
        const float* p = s.p[B_X] + r * ld;
        st = op->fwd(p, p + cols, s.p[B_Y] + r * cols, cols);
      }
      return st;
    });
    add_vact(cfg, vact_case(fused.c_str(), "bwd", m, 5, pt), pt, kNoPrep, [=](Slot& s) {
      const float* p = s.p[B_X];
      float* g = s.p[B_S];
      return op->bwd2d(s.p[B_DY], cols, p, ld, p + cols, ld, g, ld, g + cols, ld, rows, cols);
    });
    add_vact(cfg, vact_case(loop.c_str(), "bwd", m, 5, pt), pt, kNoPrep, [=](Slot& s) {
      vact_status st = VACT_OK;
      for (size_t r = 0; r < rows && st == VACT_OK; r++) {
        const float* p = s.p[B_X] + r * ld;
        float* g = s.p[B_S] + r * ld;
        st = op->bwd(s.p[B_DY] + r * cols, p, p + cols, g, g + cols, cols);
      }
      return st;
    });
  }
}

void register_prelu(const RunConfig& cfg, const PathTier& pt, size_t n) {
  const size_t ch = kPreluChannels, inner = n / kPreluChannels;
  for (const PreluOp& o : prelu_ops()) {
    const PreluOp* op = &o;
    add_vact(cfg, vact_case(o.name, "fwd", n, 2, pt, 4.0 * ch), pt, kNoPrep,
             [=](Slot& s) { return op->fwd(s.p[B_X], s.p[B_Y], s.alpha, 1, ch, inner); });
    add_vact(cfg, vact_case(o.name, "bwd", n, 3, pt, 8.0 * ch), pt, kNoPrep,
             [=](Slot& s) { return op->bwd(s.p[B_DY], s.p[B_X], s.alpha, s.p[B_Y], s.dalpha, 1, ch, inner); });
  }
}

void register_rrelu(const RunConfig& cfg, const PathTier& pt, size_t n) {
  for (const RreluOp& o : rrelu_ops()) {
    const RreluOp* op = &o;
    add_vact(cfg, vact_case(o.name, "fwd", n, 2, pt), pt, kNoPrep, [=](Slot& s) {
      return op->fwd(s.p[B_X], s.p[B_Y], n, kRreluLower, kRreluUpper, kRreluSeed, 0);
    });
    add_vact(cfg, vact_case(o.name, "bwd", n, 3, pt), pt, kNoPrep, [=](Slot& s) {
      return op->bwd(s.p[B_DY], s.p[B_X], s.p[B_Y], n, kRreluLower, kRreluUpper, kRreluSeed, 0);
    });
  }
}

// --accuracy's columns for vact's best path, and a call made in a tier
// (the thread goes back to HIGH after it).
std::string vact_column(const RunConfig& cfg, vact_accuracy acc) {
  return std::string(acc == VACT_ACCURACY_FAST ? "vact FAST (" : "vact HIGH (") + vact_isa_name(cfg.best) + ")";
}
template <class F>
void in_tier(vact_accuracy acc, F&& f) {
  vact_accuracy_set(acc);
  f();
  vact_accuracy_set(VACT_ACCURACY_HIGH);
}
const vact_accuracy kTiers[] = {VACT_ACCURACY_HIGH, VACT_ACCURACY_FAST};

}  // namespace

void register_vact_cases(const RunConfig& cfg) {
  for (const SizeLevel& sz : cfg.sizes)
    for (const PathTier& pt : cfg.paths) {
      register_unary(cfg, pt, sz.n);
      register_rows(cfg, pt, sz.n);
      register_gated(cfg, pt, sz.n);
      register_prelu(cfg, pt, sz.n);
      register_rrelu(cfg, pt, sz.n);
      register_rows_ext(cfg, pt, sz.n);
      register_gated_2d(cfg, pt, sz.n);
      register_softmax_mask(cfg, pt, sz.n);
    }
}

// vact's best path in both tiers: every element-wise and row-wise forward.
void vact_accuracy_impls(const RunConfig& cfg, AccuracySets& sets) {
  for (const vact_accuracy acc : kTiers) {
    sets.columns.push_back(vact_column(cfg, acc));
    sets.row_columns.push_back(vact_column(cfg, acc));
  }
  for (const UnaryOp& u : unary_ops())
    for (const vact_accuracy acc : kTiers) {
      const auto f = u.fwd;
      sets.impls.push_back({vact_column(cfg, acc), u.name, [f, acc](const float* x, float* y, size_t n) {
                              in_tier(acc, [&] { f(x, y, n); });
                            }});
    }
  for (const vact_accuracy acc : kTiers) sets.bwd_columns.push_back(vact_column(cfg, acc));
  for (const UnaryOp& u : unary_ops())
    for (const vact_accuracy acc : kTiers) {
      const auto f = u.bwd;
      sets.bwd.push_back({vact_column(cfg, acc), u.name, [f, acc](const float* dy, const float* s, float* dx,
                                                                  size_t n) { in_tier(acc, [&] { f(dy, s, dx, n); }); }});
    }
  for (const vact_accuracy acc : kTiers) sets.gated_columns.push_back(vact_column(cfg, acc));
  for (const GatedOp& o : gated_ops())
    for (const vact_accuracy acc : kTiers) {
      const auto f = o.bwd;
      sets.gated.push_back({vact_column(cfg, acc), o.name,
                            [f, acc](const float* dy, const float* a, const float* b, float* da, float* db, size_t n) {
                              in_tier(acc, [&] { f(dy, a, b, da, db, n); });
                            }});
    }
  for (const RowsOp& o : rows_ops())
    for (const vact_accuracy acc : kTiers) {
      const auto f = o.fwd;
      sets.rows.push_back({vact_column(cfg, acc), o.name, [f, acc](const float* x, float* y, size_t r, size_t c) {
                             in_tier(acc, [&] { f(x, y, r, c); });
                           }});
    }
}

}  // namespace vbench
