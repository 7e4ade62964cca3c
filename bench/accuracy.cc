// vact_bench --accuracy: every timed forward against the long double
// reference of the tests (tests/ref), on the same inputs.
#include "accuracy.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

extern "C" {
#include "support.h"
}
#include "ref/ref.h"

namespace vbench {

namespace {

struct Worst {
  double ulp = 0;    // INFINITY: a NaN or inf where the value is finite, for a finite input
  float at = 0;      // the input that gave it
  std::string bad;   // infinite or NaN inputs answered wrongly, e.g. "f(-inf) = nan"
  bool ran = false;
  void add(double e, float x) {
    if (!(e <= ulp)) ulp = std::isnan(e) ? INFINITY : e, at = x;
  }
};

// The ops of impls, in the order they first appear.
template <class Impl>
std::vector<std::string> ops_of(const std::vector<Impl>& impls) {
  std::vector<std::string> ops;
  for (const Impl& f : impls)
    if (std::find(ops.begin(), ops.end(), f.op) == ops.end()) ops.push_back(f.op);
  return ops;
}

// A Markdown table's header: the leading columns, then one per implementation.
void print_header(std::FILE* out, const std::vector<std::string>& lead, const std::vector<std::string>& columns) {
  std::string h = "|", rule = "|";
  for (const std::string& c : lead) h += " " + c + " |", rule += "---|";
  for (const std::string& c : columns) h += " " + c + " |", rule += "--:|";
  std::fprintf(out, "%s\n%s\n", h.c_str(), rule.c_str());
}

std::string fmt_float(float v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.6g", static_cast<double>(v));
  return b;
}

// Above vact's 4-ULP bound the input that reached the maximum is shown too.
std::string cell(const Worst& w) {
  if (!w.ran) return "";
  char b[64];
  if (w.ulp <= 4.0)
    std::snprintf(b, sizeof b, "%.2f", w.ulp);
  else if (std::isinf(w.ulp))
    std::snprintf(b, sizeof b, "inf at %s", fmt_float(w.at).c_str());
  else
    std::snprintf(b, sizeof b, "%.3g at %s", w.ulp, fmt_float(w.at).c_str());
  return std::string(b) + (w.bad.empty() ? "" : " *");
}

}  // namespace

void report_accuracy(const std::vector<std::string>& columns, const std::vector<ForwardImpl>& impls,
                     uint64_t samples, std::FILE* out) {
  const std::vector<std::string> ops = ops_of(impls);
  const float inf = std::numeric_limits<float>::infinity();
  const float specials[] = {0.0f, -0.0f, inf, -inf, std::numeric_limits<float>::quiet_NaN()};
  const size_t ns = sizeof specials / sizeof specials[0];
  const size_t n = static_cast<size_t>(samples) + ns;
  std::vector<float> x(n), y(n);
  std::vector<long double> ref(n);
  for (uint64_t i = 0; i < samples; i++) x[i] = vt_bits_float(vt_sweep_bits(i, samples));
  for (size_t k = 0; k < ns; k++) x[samples + k] = specials[k];

  // Two views: every float, and |x| <= kMid, where activations' inputs live
  // in practice (a peer's error there is not only a far-tail matter).
  const float kMid = 10.0f;
  std::vector<std::string> notes, rows[2];
  for (const std::string& op : ops) {
    const vt_unary* u = vt_unary_find(op.c_str());
    if (!u) continue;
    for (size_t i = 0; i < n; i++) ref[i] = u->ref_fwd(x[i], u->p0, u->p1);
    std::map<std::string, Worst> worst[2];
    for (const ForwardImpl& f : impls) {
      if (f.op != op) continue;
      f.fn(x.data(), y.data(), n);
      Worst &w = worst[0][f.column], &wm = worst[1][f.column];
      w.ran = wm.ran = true;
      for (size_t i = 0; i < n; i++) {
        const double e = vt_ulp(y[i], ref[i]);
        if (std::isfinite(x[i]) || std::isfinite(e)) {
          w.add(e, x[i]);
          if (std::fabs(x[i]) <= kMid) wm.add(e, x[i]);
        } else {
          const std::string s = "f(" + fmt_float(x[i]) + ") = " + fmt_float(y[i]);
          if (w.bad.find(s) == std::string::npos) w.bad += (w.bad.empty() ? "" : ", ") + s;
        }
      }
      if (!w.bad.empty()) notes.push_back(op + ", " + f.column + ": " + w.bad);
    }
    for (int v = 0; v < 2; v++) {
      std::string r = "| " + op + " |";
      for (const std::string& c : columns) r += " " + cell(worst[v][c]) + " |";
      rows[v].push_back(r);
    }
  }
  for (int v = 0; v < 2; v++) {
    if (v == 0)
      std::fprintf(out, "Every float (%llu inputs spread over all 2^32 bit patterns, as vact-ulp samples, "
                        "plus +-0, +-inf, NaN):\n\n", static_cast<unsigned long long>(samples));
    else
      std::fprintf(out, "\nThe same inputs where |x| <= %g:\n\n", static_cast<double>(kMid));
    print_header(out, {"op"}, columns);
    for (const std::string& r : rows[v]) std::fprintf(out, "%s\n", r.c_str());
  }
  std::fprintf(out, "\nMaximum forward error in ULP of the correctly rounded value (tests/ref); above 4 ULP, "
                    "with the input that reached it.\n");
  if (!notes.empty()) {
    std::fprintf(out, "\n\\* wrong for an infinite or NaN input (a NaN where the limit is a number, or the "
                      "reverse):\n\n");
    for (const std::string& s : notes) std::fprintf(out, "- %s\n", s.c_str());
  }
}

void report_row_accuracy(const std::vector<std::string>& columns, const std::vector<RowImpl>& impls,
                         std::FILE* out) {
  const size_t rows = VT_ROWS;
  std::fprintf(out, "\nRow-wise, 64 rows each of 7, 100 and 1000 columns (vact-ulp's rows):\n\n");
  print_header(out, {"op", "values"}, columns);
  for (const std::string& op : ops_of(impls)) {
    const bool lg = op == "log_softmax";
    for (int wide = 0; wide < 2; wide++) {
      std::map<std::string, Worst> worst;
      for (size_t set = 0; set < VT_ROW_SETS; set++) {
        const size_t cols = vt_row_cols[set], n = rows * cols;
        std::vector<float> x(n), y(n);
        std::vector<long double> ref(n);
        for (size_t i = 0; i < n; i++) x[i] = vt_row_value(i, set, wide);
        for (size_t r = 0; r < rows; r++)
          (lg ? ref_log_softmax_row : ref_softmax_row)(x.data() + r * cols, ref.data() + r * cols, cols);
        for (const RowImpl& f : impls) {
          if (f.op != op) continue;
          f.fn(x.data(), y.data(), rows, cols);
          Worst& w = worst[f.column];
          w.ran = true;
          for (size_t i = 0; i < n; i++) w.add(vt_ulp(y[i], ref[i]), x[i]);
        }
      }
      std::fprintf(out, "| %s | %s |", op.c_str(), wide ? "[-100, 100]" : "[-4, 4]");
      for (const std::string& c : columns) std::fprintf(out, " %s |", cell(worst[c]).c_str());
      std::fprintf(out, "\n");
    }
  }
}

}  // namespace vbench
