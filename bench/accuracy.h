/* SPDX-License-Identifier: MIT */
// vact_bench --accuracy: how accurate is each forward the benchmark times?
// The peers are timed against vact's FAST and HIGH tiers, and a speed ratio
// only means something next to what each side gives up for it.
#ifndef VACT_BENCH_ACCURACY_H
#define VACT_BENCH_ACCURACY_H

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace vbench {

struct ForwardImpl {
  std::string column;  // "vact HIGH", "oneDNN", ...
  std::string op;      // a registry op name
  std::function<void(const float*, float*, size_t)> fn;
};

// Runs every implementation over `samples` float bit patterns spread over all
// 2^32 (tests/support.c's sweep) plus +-0, +-inf and NaN, measures its error
// against tests/ref in ULP, and prints a Markdown table (one row per op, one
// column per entry of `columns`) to `out`.
void report_accuracy(const std::vector<std::string>& columns, const std::vector<ForwardImpl>& impls,
                     uint64_t samples, std::FILE* out);

// The element-wise backwards: dx from the gradient dy and the saved tensor
// s (x, or y where vact's backward takes the forward output: sigmoid, tanh),
// against tests/ref on the backward sweep of vact-ulp (x over all floats,
// every other dy the worst for its x), in ULP, or in ULP of the cancelling
// terms where vact's bound is stated so (gelu, silu, mish, ...).  Every
// implementation is given the same correctly rounded s.
struct BackwardImpl {
  std::string column;
  std::string op;
  std::function<void(const float* dy, const float* s, float* dx, size_t n)> fn;
};
void report_bwd_accuracy(const std::vector<std::string>& columns, const std::vector<BackwardImpl>& impls,
                         uint64_t samples, std::FILE* out);

// The gated backwards: da and db from dy, a and b (y = act(a)*b), on
// vact-ulp's gated sweep; the larger of da's error (in ULP of act's
// cancelling terms, as vact's bound) and db's (ULP).
struct GatedBwdImpl {
  std::string column;
  std::string op;
  std::function<void(const float* dy, const float* a, const float* b, float* da, float* db, size_t n)> fn;
};
void report_gated_bwd_accuracy(const std::vector<std::string>& columns, const std::vector<GatedBwdImpl>& impls,
                               uint64_t samples, std::FILE* out);

// The row-wise forward ops (softmax, log_softmax), on vact-ulp's rows: 64
// rows each of 7, 100 and 1000 columns; one line per range of values,
// [-4, 4] and [-100, 100].
struct RowImpl {
  std::string column;
  std::string op;  // "softmax" or "log_softmax"
  std::function<void(const float*, float*, size_t rows, size_t cols)> fn;
};
void report_row_accuracy(const std::vector<std::string>& columns, const std::vector<RowImpl>& impls,
                         std::FILE* out);

}  // namespace vbench

#endif
