/* SPDX-License-Identifier: MIT */
// vact_bench --accuracy: every timed forward against the long double
// reference of the tests (tests/ref), on the same inputs.
#include "accuracy.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <new>

#include "measure.h"

namespace vbench {

namespace {

struct Worst {
  vt_worst w;        // err INFINITY: a NaN or inf where the value is finite, for a finite input
  std::string bad;   // infinite or NaN inputs answered wrongly, e.g. "f(-inf) = nan"
  bool ran = false;
  Worst() { vt_worst_init(&w, INFINITY); }
  void add(double e, float x) { vt_worst_add(&w, e, 0, x); }
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
  if (w.w.err <= 4.0)
    std::snprintf(b, sizeof b, "%.2f", w.w.err);
  else if (std::isinf(w.w.err))
    std::snprintf(b, sizeof b, "inf at %s", fmt_float(w.w.input).c_str());
  else
    std::snprintf(b, sizeof b, "%.3g at %s", w.w.err, fmt_float(w.w.input).c_str());
  return std::string(b) + (w.bad.empty() ? "" : " *");
}

// The sample sets of tests/measure.h, owned.
struct Sweep {
  vt_sweep sw;
  explicit Sweep(size_t cap) {
    if (vt_sweep_alloc(&sw, cap)) throw std::bad_alloc();
  }
  ~Sweep() { vt_sweep_free(&sw); }
};
struct GatedSet {
  vt_gated_set gs;
  explicit GatedSet(size_t cap) {
    if (vt_gated_alloc(&gs, cap)) throw std::bad_alloc();
  }
  ~GatedSet() { vt_gated_free(&gs); }
};

// Two views of every table: all inputs, and |x| <= kMid, where activations'
// inputs live in practice (a peer's error there is not only a far-tail
// matter).  Each view's worst per column of one op.
const float kMid = 10.0f;
struct Views {
  std::map<std::string, Worst> worst[2];
  void start(const std::string& column) { worst[0][column].ran = worst[1][column].ran = true; }
  void add(const std::string& column, double e, float x) {
    worst[0][column].add(e, x);
    if (std::fabs(x) <= kMid) worst[1][column].add(e, x);
  }
  // the op's line of each view: "| op | lead... | cells |"
  void lines(const std::string& lead, const std::vector<std::string>& columns, std::vector<std::string>* rows) {
    for (int v = 0; v < 2; v++) {
      std::string r = "| " + lead + " |";
      for (const std::string& c : columns) r += " " + cell(worst[v][c]) + " |";
      rows[v].push_back(r);
    }
  }
};
// both views' tables, the first under `intro`, the second under a line
// naming the restriction to |var| <= kMid
void print_views(std::FILE* out, const std::string& intro, const char* var, const std::vector<std::string>& lead,
                 const std::vector<std::string>& columns, const std::vector<std::string>* rows) {
  for (int v = 0; v < 2; v++) {
    if (v == 0)
      std::fprintf(out, "%s\n\n", intro.c_str());
    else
      std::fprintf(out, "\nThe same inputs where |%s| <= %g:\n\n", var, static_cast<double>(kMid));
    print_header(out, lead, columns);
    for (const std::string& r : rows[v]) std::fprintf(out, "%s\n", r.c_str());
  }
}

}  // namespace

void report_accuracy(const std::vector<std::string>& columns, const std::vector<ForwardImpl>& impls,
                     uint64_t samples, std::FILE* out) {
  const float inf = std::numeric_limits<float>::infinity();
  const float specials[] = {0.0f, -0.0f, inf, -inf, std::numeric_limits<float>::quiet_NaN()};
  const size_t ns = sizeof specials / sizeof specials[0];
  Sweep sweep(static_cast<size_t>(samples) + ns);
  vt_sweep& sw = sweep.sw;
  std::vector<float> y(sw.cap);
  std::vector<std::string> notes, rows[2];
  for (const std::string& op : ops_of(impls)) {
    const auto* u = static_cast<const vt_unary*>(VT_FIND(vt_unary_ops, vt_n_unary, op.c_str()));
    if (!u) continue;
    vt_sweep_fill(&sw, u, 0, static_cast<size_t>(samples), samples, VT_FWD);
    for (size_t k = 0; k < ns; k++) vt_sweep_push(&sw, specials[k]);
    const float* x = sw.x;
    Views views;
    for (const ForwardImpl& f : impls) {
      if (f.op != op) continue;
      f.fn(x, y.data(), sw.n);
      views.start(f.column);
      std::string& bad = views.worst[0][f.column].bad;
      for (size_t i = 0; i < sw.n; i++) {
        const double e = vt_sweep_error(&sw, 0, i, y[i]);
        if (std::isfinite(x[i]) || std::isfinite(e)) {
          views.add(f.column, e, x[i]);
        } else {
          const std::string s = "f(" + fmt_float(x[i]) + ") = " + fmt_float(y[i]);
          if (bad.find(s) == std::string::npos) bad += (bad.empty() ? "" : ", ") + s;
        }
      }
      if (!bad.empty()) notes.push_back(op + ", " + f.column + ": " + bad);
    }
    views.lines(op, columns, rows);
  }
  print_views(out, "Every float (" + std::to_string(samples) +
                       " inputs spread over all 2^32 bit patterns, as vact-ulp samples, plus +-0, +-inf, NaN):",
              "x", {"op"}, columns, rows);
  std::fprintf(out, "\nMaximum forward error in ULP of the correctly rounded value (tests/ref); above 4 ULP, "
                    "with the input that reached it.\n");
  if (!notes.empty()) {
    std::fprintf(out, "\n\\* wrong for an infinite or NaN input (a NaN where the limit is a number, or the "
                      "reverse):\n\n");
    for (const std::string& s : notes) std::fprintf(out, "- %s\n", s.c_str());
  }
}

void report_bwd_accuracy(const std::vector<std::string>& columns, const std::vector<BackwardImpl>& impls,
                         uint64_t samples, std::FILE* out) {
  Sweep sweep(static_cast<size_t>(samples));
  vt_sweep& sw = sweep.sw;
  std::vector<float> dx(sw.cap);
  std::vector<std::string> rows[2];
  for (const std::string& op : ops_of(impls)) {
    const auto* u = static_cast<const vt_unary*>(VT_FIND(vt_unary_ops, vt_n_unary, op.c_str()));
    if (!u) continue;
    vt_sweep_fill(&sw, u, 0, static_cast<size_t>(samples), samples, VT_BWD);
    Views views;
    for (const BackwardImpl& f : impls) {
      if (f.op != op) continue;
      f.fn(sw.dy, sw.s, dx.data(), sw.n);
      views.start(f.column);
      for (size_t i = 0; i < sw.n; i++) {
        const double e = vt_sweep_error(&sw, 1, i, dx[i]);
        if (std::isfinite(sw.x[i]) || std::isfinite(e)) views.add(f.column, e, sw.x[i]);
      }
    }
    views.lines(op + " | " + (u->bwd_terms ? "terms" : "ULP"), columns, rows);
  }
  print_views(out, "\nBackward, dx = dy*f'(x) from dy and the saved tensor (" + std::to_string(samples) +
                       " samples of vact-ulp's backward sweep: x over all floats, every other dy the worst for "
                       "its x; every implementation given the same correctly rounded saved tensor):",
              "x", {"op", "metric"}, columns, rows);
  std::fprintf(out, "\nMaximum backward error in ULP of the correctly rounded value, or (terms) in ULP of the "
                    "larger of it and the sum of the magnitudes of the derivative's terms, the metric of "
                    "vact's bound for that op; above 4, with the x that reached it.\n");
}

void report_gated_bwd_accuracy(const std::vector<std::string>& columns, const std::vector<GatedBwdImpl>& impls,
                               uint64_t samples, std::FILE* out) {
  GatedSet set(static_cast<size_t>(samples));
  vt_gated_set& gs = set.gs;
  std::vector<float> da(gs.cap), db(gs.cap);
  std::vector<std::string> rows[2];
  for (const std::string& op : ops_of(impls)) {
    const auto* g = static_cast<const vt_gated_op*>(VT_FIND(vt_gated_ops, vt_n_gated, op.c_str()));
    if (!g) continue;
    vt_gated_fill(&gs, g, 0, static_cast<size_t>(samples), samples);
    Views views;
    for (const GatedBwdImpl& f : impls) {
      if (f.op != op) continue;
      f.fn(gs.dy, gs.a, gs.b, da.data(), db.data(), gs.n);
      views.start(f.column);
      for (size_t i = 0; i < gs.n; i++) {
        const double e = vt_gated_error(&gs, 1, i, da[i], db[i]);
        if (std::isfinite(gs.a[i]) || std::isfinite(e)) views.add(f.column, e, gs.a[i]);
      }
    }
    views.lines(op, columns, rows);
  }
  print_views(out, "\nGated backward, da and db from dy, a and b (" + std::to_string(samples) +
                       " samples of vact-ulp's gated sweep; the larger of da's error in ULP of the activation's "
                       "terms and db's in ULP):",
              "a", {"op"}, columns, rows);
}

void report_row_accuracy(const std::vector<std::string>& columns, const std::vector<RowImpl>& impls,
                         std::FILE* out) {
  std::fprintf(out, "\nRow-wise, 64 rows each of 7, 100 and 1000 columns (vact-ulp's rows):\n\n");
  print_header(out, {"op", "values"}, columns);
  for (const std::string& op : ops_of(impls)) {
    const auto* rop = static_cast<const vt_rows_op*>(VT_FIND(vt_rows_ops, vt_n_rows, op.c_str()));
    if (!rop) continue;
    for (int wide = 0; wide < 2; wide++) {
      std::map<std::string, Worst> worst;
      for (size_t set = 0; set < VT_ROW_SETS; set++) {
        vt_rowset rs;
        if (vt_rowset_init(&rs, rop, set, wide)) throw std::bad_alloc();
        std::vector<float> y(rs.n);
        for (const RowImpl& f : impls) {
          if (f.op != op) continue;
          f.fn(rs.x, y.data(), rs.rows, rs.cols);
          Worst& w = worst[f.column];
          w.ran = true;
          vt_rowset_score_fwd(&rs, y.data(), &w.w);
        }
        vt_rowset_free(&rs);
      }
      std::fprintf(out, "| %s | %s |", op.c_str(), wide ? "[-100, 100]" : "[-4, 4]");
      for (const std::string& c : columns) std::fprintf(out, " %s |", cell(worst[c]).c_str());
      std::fprintf(out, "\n");
    }
  }
}

}  // namespace vbench
