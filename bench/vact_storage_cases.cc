/* SPDX-License-Identifier: MIT */
// vact's bf16 and f16 storage twins as benchmark cases: every twin of
// ops.h's twin tables (element-wise, gated, rrelu, the softmax family's
// plain rows) x direction x path and tier x size, the same sizes,
// paths, --isa cap and input distribution as the f32 cases (the inputs are
// the f32 cases' rounded to the type), named
//   vact_bf16/<op>/<fwd|bwd>/<path>/n:<N>   vact_f16/<op>/<fwd|bwd>/<path>/n:<N>
// so that tools/bench_table.py sets them beside the f32 row of the same op,
// path and n.  Bytes per call count 2 bytes per element.
#include <string>

#include "harness.h"
#include "ops.h"

namespace vbench {

namespace {

const auto kNoPrep = [](Slot&) {};

Case twin_case(HalfType t, const char* op, const char* dir, size_t n, int streams, const PathTier& pt) {
  Case c = make_case(std::string("vact_") + half_name(t), op, dir, n, streams, 0.0, pt.label);
  c.elem_bytes = 2;
  return c;
}

void register_unary(const RunConfig& cfg, const PathTier& pt, HalfType t, size_t n) {
  for (const UnaryTwin& u : unary_twins()) {
    const UnaryTwin* up = &u;
    add_vact(cfg, twin_case(t, u.name, "fwd", n, 2, pt), pt, kNoPrep, [=](Slot& s) {
      h16* const* h = halves(s, t);
      return up->fwd[t](h[B_X], h[B_Y], n);
    });
    // the saved tensor: x, or the forward's output
    add_vact(
        cfg, twin_case(t, u.name, "bwd", n, 3, pt), pt,
        [=](Slot& s) {
          h16* const* h = halves(s, t);
          if (up->saved_is_y) up->fwd[t](h[B_X], h[B_S], n);
        },
        [=](Slot& s) {
          h16* const* h = halves(s, t);
          return up->bwd[t](h[B_DY], up->saved_is_y ? h[B_S] : h[B_X], h[B_Y], n);
        });
  }
}

void register_gated(const RunConfig& cfg, const PathTier& pt, HalfType t, size_t n) {
  for (const GatedTwin& o : gated_twins()) {
    const GatedTwin* op = &o;
    add_vact(cfg, twin_case(t, o.name, "fwd", n, 3, pt), pt, kNoPrep, [=](Slot& s) {
      h16* const* h = halves(s, t);
      return op->fwd[t](h[B_X], h[B_B], h[B_Y], n);
    });
    add_vact(cfg, twin_case(t, o.name, "bwd", n, 5, pt), pt, kNoPrep, [=](Slot& s) {
      h16* const* h = halves(s, t);
      return op->bwd[t](h[B_DY], h[B_X], h[B_B], h[B_Y], h[B_DB], n);
    });
  }
}

void register_rrelu(const RunConfig& cfg, const PathTier& pt, HalfType t, size_t n) {
  for (const RreluTwin& o : rrelu_twins()) {
    const RreluTwin* op = &o;
    add_vact(cfg, twin_case(t, o.name, "fwd", n, 2, pt), pt, kNoPrep, [=](Slot& s) {
      h16* const* h = halves(s, t);
      return op->fwd[t](h[B_X], h[B_Y], n, kRreluLower, kRreluUpper, kRreluSeed, 0);
    });
    add_vact(cfg, twin_case(t, o.name, "bwd", n, 3, pt), pt, kNoPrep, [=](Slot& s) {
      h16* const* h = halves(s, t);
      return op->bwd[t](h[B_DY], h[B_X], h[B_Y], n, kRreluLower, kRreluUpper, kRreluSeed, 0);
    });
  }
}

// rows of kRowCols, as the f32 rows cases; the backward's y is the twin's
// own forward output
void register_rows(const RunConfig& cfg, const PathTier& pt, HalfType t, size_t n) {
  const size_t rows = n / kRowCols, cols = kRowCols;
  if (!rows) return;
  for (const RowsTwin& o : rows_twins()) {
    const RowsTwin* op = &o;
    add_vact(cfg, twin_case(t, o.name, "fwd", n, 2, pt), pt, kNoPrep, [=](Slot& s) {
      h16* const* h = halves(s, t);
      return op->fwd[t](h[B_X], h[B_Y], rows, cols);
    });
    add_vact(
        cfg, twin_case(t, o.name, "bwd", n, 3, pt), pt,
        [=](Slot& s) {
          h16* const* h = halves(s, t);
          op->fwd[t](h[B_X], h[B_S], rows, cols);
        },
        [=](Slot& s) {
          h16* const* h = halves(s, t);
          return op->bwd[t](h[B_DY], h[B_S], h[B_Y], rows, cols);
        });
  }
}

}  // namespace

void register_storage_cases(const RunConfig& cfg) {
  for (const SizeLevel& sz : cfg.sizes)
    for (const PathTier& pt : cfg.paths)
      for (const HalfType t : kHalfTypes) {
        register_unary(cfg, pt, t, sz.n);
        register_gated(cfg, pt, t, sz.n);
        register_rrelu(cfg, pt, t, sz.n);
        register_rows(cfg, pt, t, sz.n);
      }
}

}  // namespace vbench
