// vact_bench: the registry tables (src/vact_ops.def, src/vact_isas.def).
#include "ops.h"

namespace vbench {

#define VBENCH_PARGS_0(p0, p1)
#define VBENCH_PARGS_1(p0, p1) , p0
#define VBENCH_PARGS_2(p0, p1) , p0, p1
#define VBENCH_PARGS(np, p0, p1) VBENCH_PARGS_##np(p0, p1)

const std::vector<UnaryOp>& unary_ops() {
#define VACT_UNARY(name, np, pnames, saved, check, p0, p1, ...)                                  \
  {#name, #saved[0] == 'Y', p0, p1,                                                               \
   [](const float* x_, float* y_, size_t n_) { return vact_##name##_f32(x_, y_, n_ VBENCH_PARGS(np, p0, p1)); }, \
   [](const float* dy_, const float* s_, float* dx_, size_t n_) {                                \
     return vact_##name##_backward_f32(dy_, s_, dx_, n_ VBENCH_PARGS(np, p0, p1));                \
   }},
  static const std::vector<UnaryOp> v = {
#include "vact_ops.def"
  };
#undef VACT_UNARY
  return v;
}

#undef VBENCH_PARGS
#undef VBENCH_PARGS_0
#undef VBENCH_PARGS_1
#undef VBENCH_PARGS_2

// The other kinds share one shape: the name and the two public functions.
#define VBENCH_OP_FNS(name, ...) {#name, vact_##name##_f32, vact_##name##_backward_f32},

const std::vector<RowsOp>& rows_ops() {
#define VACT_ROWS VBENCH_OP_FNS
  static const std::vector<RowsOp> v = {
#include "vact_ops.def"
  };
#undef VACT_ROWS
  return v;
}

const std::vector<GatedOp>& gated_ops() {
#define VACT_GATED VBENCH_OP_FNS
  static const std::vector<GatedOp> v = {
#include "vact_ops.def"
  };
#undef VACT_GATED
  return v;
}

const std::vector<PreluOp>& prelu_ops() {
#define VACT_PRELU VBENCH_OP_FNS
  static const std::vector<PreluOp> v = {
#include "vact_ops.def"
  };
#undef VACT_PRELU
  return v;
}

const std::vector<RreluOp>& rrelu_ops() {
#define VACT_RRELU VBENCH_OP_FNS
  static const std::vector<RreluOp> v = {
#include "vact_ops.def"
  };
#undef VACT_RRELU
  return v;
}

#undef VBENCH_OP_FNS

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
