/* SPDX-License-Identifier: MIT */
// vact_bench: vact's registries as the benchmark sees them.  The ops come
// from src/vact_ops.def, one table per kind; the paths from src/vact_isas.def.
#ifndef VACT_BENCH_OPS_H
#define VACT_BENCH_OPS_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "vact.h"

namespace vbench {

// The shapes the benchmark gives the ops that are not element-wise: rows of
// 1024 columns (softmax family), NCHW with 64 channels (prelu: (1, 64, n/64)),
// PyTorch's default slope range for rrelu (training).  Every size is a
// multiple of 1024.
constexpr size_t kRowCols = 1024;
constexpr size_t kPreluChannels = 64;
constexpr float kRreluLower = 1.0f / 8.0f, kRreluUpper = 1.0f / 3.0f;
constexpr uint64_t kRreluSeed = 0x5eedull;

// VACT_UNARY: y[i] = f(x[i])
struct UnaryOp {
  const char* name;
  bool saved_is_y;  // backward takes the forward output
  float p0, p1;     // default parameters (registry)
  vact_status (*fwd)(const float* x, float* y, size_t n);
  vact_status (*bwd)(const float* dy, const float* saved, float* dx, size_t n);
};

// VACT_ROWS: row-wise over [rows, cols]; backward takes the forward output
struct RowsOp {
  const char* name;
  vact_status (*fwd)(const float* x, float* y, size_t rows, size_t cols);
  vact_status (*bwd)(const float* dy, const float* y, float* dx, size_t rows, size_t cols);
};

// VACT_ROWS_EXT: strided rows with vact_softmax_opts; backward takes the
// forward output
struct RowsExtOp {
  const char* name;
  vact_status (*fwd)(const float* x, size_t ldx, float* y, size_t ldy, size_t rows, size_t cols,
                     const vact_softmax_opts* o);
  vact_status (*bwd)(const float* dy, size_t lddy, const float* y, size_t ldy, float* dx, size_t lddx,
                     size_t rows, size_t cols, const vact_softmax_opts* o);
};

// VACT_GATED: y = act(a)*b; backward dy, a, b -> da, db; and the row-strided
// forms vact_<name>_2d_f32 / _2d_backward_f32
struct GatedOp {
  const char* name;
  vact_status (*fwd)(const float* a, const float* b, float* y, size_t n);
  vact_status (*bwd)(const float* dy, const float* a, const float* b, float* da, float* db, size_t n);
  vact_status (*fwd2d)(const float* a, size_t lda, const float* b, size_t ldb, float* y, size_t ldy, size_t rows,
                       size_t cols);
  vact_status (*bwd2d)(const float* dy, size_t lddy, const float* a, size_t lda, const float* b, size_t ldb,
                       float* da, size_t ldda, float* db, size_t lddb, size_t rows, size_t cols);
};

// The 2-D gated rows: a fused [rows, 2*kGatedCols] projection (gate first),
// as an FFN's up-projection leaves it.
constexpr size_t kGatedCols = 4096;

// VACT_PRELU: per-channel slopes over [outer, channels, inner]
struct PreluOp {
  const char* name;
  vact_status (*fwd)(const float* x, float* y, const float* alpha, size_t outer, size_t ch, size_t inner);
  vact_status (*bwd)(const float* dy, const float* x, const float* alpha, float* dx, float* dalpha,
                     size_t outer, size_t ch, size_t inner);
};

// VACT_RRELU: counter-based random slopes in [lower, upper]
struct RreluOp {
  const char* name;
  vact_status (*fwd)(const float* x, float* y, size_t n, float lower, float upper, uint64_t seed,
                     uint64_t offset);
  vact_status (*bwd)(const float* dy, const float* x, float* dx, size_t n, float lower, float upper,
                     uint64_t seed, uint64_t offset);
};

// The bf16 and f16 storage twins of the kinds above (vact_<name>_bf16,
// vact_<name>_f16 and their backward): the f32 call's arguments with the
// arrays' element type changed to 16-bit storage bits, indexed by HalfType.
// A kind whose twins come later (prelu, the softmax family's _ext forms,
// 2-D gated) gets a table here, a push_back in its line of ops.cc's tables()
// and its cases in vact_storage_cases.cc.
enum HalfType { H_BF16 = 0, H_F16 = 1 };
constexpr HalfType kHalfTypes[] = {H_BF16, H_F16};
const char* half_name(HalfType t);  // "bf16", "f16"
using h16 = uint16_t;               // vact_bf16 and vact_f16 alike

struct UnaryTwin {
  const char* name;
  bool saved_is_y;
  vact_status (*fwd[2])(const h16* x, h16* y, size_t n);
  vact_status (*bwd[2])(const h16* dy, const h16* saved, h16* dx, size_t n);
};
struct GatedTwin {
  const char* name;
  vact_status (*fwd[2])(const h16* a, const h16* b, h16* y, size_t n);
  vact_status (*bwd[2])(const h16* dy, const h16* a, const h16* b, h16* da, h16* db, size_t n);
};
struct RreluTwin {
  const char* name;
  vact_status (*fwd[2])(const h16* x, h16* y, size_t n, float lower, float upper, uint64_t seed,
                        uint64_t offset);
  vact_status (*bwd[2])(const h16* dy, const h16* x, h16* dx, size_t n, float lower, float upper,
                        uint64_t seed, uint64_t offset);
};

struct RowsTwin {
  const char* name;
  vact_status (*fwd[2])(const h16* x, h16* y, size_t rows, size_t cols);
  vact_status (*bwd[2])(const h16* dy, const h16* y, h16* dx, size_t rows, size_t cols);
};

const std::vector<UnaryTwin>& unary_twins();
const std::vector<RowsTwin>& rows_twins();
const std::vector<GatedTwin>& gated_twins();
const std::vector<RreluTwin>& rrelu_twins();

const std::vector<UnaryOp>& unary_ops();
const std::vector<RowsOp>& rows_ops();
const std::vector<GatedOp>& gated_ops();
const std::vector<RowsExtOp>& rows_ext_ops();
const std::vector<PreluOp>& prelu_ops();
const std::vector<RreluOp>& rrelu_ops();

const UnaryOp* find_unary(const std::string& name);
// an element-wise op's default parameter, or dflt where the registry has no such op
float unary_p0(const char* name, float dflt);
float unary_p1(const char* name, float dflt);

// Every op in the order of the tables: element-wise, row-wise, gated,
// per-channel, random, row-wise with options (the benchmark registers them, and the tables list
// them, in this order).
std::vector<std::string> op_order();

// The paths of src/vact_isas.def, best first.
struct IsaName {
  const char* name;
  vact_isa isa;
};
const std::vector<IsaName>& isas();

}  // namespace vbench

#endif
