/* SPDX-License-Identifier: MIT */
// vact_bench: the registry tables (src/vact_ops.def, src/vact_isas.def).
#include "ops.h"

namespace vbench {

namespace {

#define VBENCH_PARGS_0(p0, p1)
#define VBENCH_PARGS_1(p0, p1) , p0
#define VBENCH_PARGS_2(p0, p1) , p0, p1
#define VBENCH_PARGS(np, p0, p1) VBENCH_PARGS_##np(p0, p1)

struct Tables {
  std::vector<UnaryOp> unary;
  std::vector<RowsOp> rows;
  std::vector<GatedOp> gated;
  std::vector<PreluOp> prelu;
  std::vector<RreluOp> rrelu;
  std::vector<RowsExtOp> rows_ext;
  // the storage twins of the kinds that have them
  std::vector<UnaryTwin> unary16;
  std::vector<GatedTwin> gated16;
  std::vector<RreluTwin> rrelu16;
  std::vector<RowsTwin> rows16;
};

// One pass over the registry: each kind's line goes to its table (and its
// twins' table; the twins take the registry's default parameters too).
const Tables& tables() {
  static const Tables t = [] {
    Tables v;
// an element-wise call of element type E, vact_<name>_<T> / _backward_<T>
#define VBENCH_UFWD(name, T, E, np, p0, p1) \
  [](const E* x_, E* y_, size_t n_) { return vact_##name##_##T(x_, y_, n_ VBENCH_PARGS(np, p0, p1)); }
#define VBENCH_UBWD(name, T, E, np, p0, p1)                                       \
  [](const E* dy_, const E* s_, E* dx_, size_t n_) {                              \
    return vact_##name##_backward_##T(dy_, s_, dx_, n_ VBENCH_PARGS(np, p0, p1)); \
  }
#define VACT_UNARY(name, np, pnames, saved, check, p0, p1, ...)                                                \
  v.unary.push_back({#name, #saved[0] == 'Y', p0, p1, VBENCH_UFWD(name, f32, float, np, p0, p1),              \
                     VBENCH_UBWD(name, f32, float, np, p0, p1)});                                             \
  v.unary16.push_back(                                                                                        \
      {#name, #saved[0] == 'Y',                                                                               \
       {VBENCH_UFWD(name, bf16, h16, np, p0, p1), VBENCH_UFWD(name, f16, h16, np, p0, p1)},                   \
       {VBENCH_UBWD(name, bf16, h16, np, p0, p1), VBENCH_UBWD(name, f16, h16, np, p0, p1)}});
// the other kinds: the name and the two public functions; the twins: the
// name and the bf16 and f16 forms of both
#define VBENCH_FNS(name) {#name, vact_##name##_f32, vact_##name##_backward_f32}
#define VBENCH_TWINS(name) \
  {#name, {vact_##name##_bf16, vact_##name##_f16}, {vact_##name##_backward_bf16, vact_##name##_backward_f16}}
#define VACT_ROWS(name, ...)         \
  v.rows.push_back(VBENCH_FNS(name)); \
  v.rows16.push_back(VBENCH_TWINS(name));
#define VACT_GATED(name, ...)                                                                                  \
  v.gated.push_back({#name, vact_##name##_f32, vact_##name##_backward_f32, vact_##name##_2d_f32,               \
                     vact_##name##_2d_backward_f32});                                                          \
  v.gated16.push_back(VBENCH_TWINS(name));
#define VACT_PRELU(name, ...) v.prelu.push_back(VBENCH_FNS(name));
#define VACT_RRELU(name, ...)              \
  v.rrelu.push_back(VBENCH_FNS(name));     \
  v.rrelu16.push_back(VBENCH_TWINS(name));
#define VACT_ROWS_EXT(name, ...) v.rows_ext.push_back(VBENCH_FNS(name));
#include "vact_ops.def"
#undef VACT_UNARY
#undef VACT_ROWS
#undef VACT_GATED
#undef VACT_PRELU
#undef VACT_RRELU
#undef VACT_ROWS_EXT
#undef VBENCH_FNS
#undef VBENCH_TWINS
#undef VBENCH_UFWD
#undef VBENCH_UBWD
    return v;
  }();
  return t;
}

#undef VBENCH_PARGS
#undef VBENCH_PARGS_0
#undef VBENCH_PARGS_1
#undef VBENCH_PARGS_2

}  // namespace

const std::vector<UnaryOp>& unary_ops() { return tables().unary; }
const std::vector<RowsOp>& rows_ops() { return tables().rows; }
const std::vector<GatedOp>& gated_ops() { return tables().gated; }
const std::vector<PreluOp>& prelu_ops() { return tables().prelu; }
const std::vector<RreluOp>& rrelu_ops() { return tables().rrelu; }
const std::vector<RowsExtOp>& rows_ext_ops() { return tables().rows_ext; }

const std::vector<UnaryTwin>& unary_twins() { return tables().unary16; }
const std::vector<GatedTwin>& gated_twins() { return tables().gated16; }
const std::vector<RreluTwin>& rrelu_twins() { return tables().rrelu16; }
const std::vector<RowsTwin>& rows_twins() { return tables().rows16; }
const char* half_name(HalfType t) { return t == H_BF16 ? "bf16" : "f16"; }

const UnaryOp* find_unary(const std::string& name) {
  for (const UnaryOp& u : unary_ops())
    if (name == u.name) return &u;
  return nullptr;
}

float unary_p0(const char* name, float dflt) {
  const UnaryOp* u = find_unary(name);
  return u ? u->p0 : dflt;
}
float unary_p1(const char* name, float dflt) {
  const UnaryOp* u = find_unary(name);
  return u ? u->p1 : dflt;
}

std::vector<std::string> op_order() {
  std::vector<std::string> v;
  for (const UnaryOp& o : unary_ops()) v.push_back(o.name);
  for (const RowsOp& o : rows_ops()) v.push_back(o.name);
  for (const GatedOp& o : gated_ops()) v.push_back(o.name);
  for (const PreluOp& o : prelu_ops()) v.push_back(o.name);
  for (const RreluOp& o : rrelu_ops()) v.push_back(o.name);
  for (const RowsExtOp& o : rows_ext_ops()) v.push_back(o.name);
  return v;
}

const std::vector<IsaName>& isas() {
#define VACT_ISA_DEF(name, e, ...) {#name, e},
  static const std::vector<IsaName> v = {
#include "vact_isas.def"
  };
#undef VACT_ISA_DEF
  return v;
}

}  // namespace vbench
