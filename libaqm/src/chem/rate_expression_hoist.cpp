// Load-time common-subexpression elimination over a mechanism's rate expressions
// (hoist_common_subexpressions): the costly parts several expressions share are computed once
// per environment.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <tuple>

#include "aqm/chem/rate_expression.hpp"

namespace aqm::chem {

using detail::arity;
using detail::Instr;
using detail::Op;

namespace {
// A subtree of postfix code as a comparable key: (op, index, value bits) per instruction.
using SubtreeKey = std::vector<std::tuple<int, int, std::uint64_t>>;

bool costly_root(Op op) {
  return op == Op::exp || op == Op::pow || op == Op::log || op == Op::log10 || op == Op::sqrt ||
         op == Op::mcm_troe;
}

// Reads only constants, hoisted entries and the environment that changes with it (not RO2,
// SUN, coefficients or J, which change on their own).
bool environment_leaf(const Instr& i) {
  if (i.op == Op::constant || i.op == Op::shared) return true;
  if (i.op != Op::env) return false;
  const auto v = static_cast<EnvVar>(i.index);
  return v != EnvVar::ro2 && v != EnvVar::sun;
}

// First instruction of the subtree ending at each instruction, and whether it is hoistable
// (environment leaves only).
void subtrees(const std::vector<Instr>& code, std::vector<int>& start, std::vector<char>& env) {
  start.assign(code.size(), 0);
  env.assign(code.size(), 0);
  std::vector<int> stack;  // roots of the operands on the evaluation stack
  for (std::size_t i = 0; i < code.size(); ++i) {
    const int k = arity(code[i].op);
    int first = static_cast<int>(i);
    bool ok = k > 0 || environment_leaf(code[i]);
    for (int a = 0; a < k; ++a) {
      const int root = stack.back();
      stack.pop_back();
      first = start[root];
      ok = ok && env[root];
    }
    start[i] = first;
    env[i] = ok;
    stack.push_back(static_cast<int>(i));
  }
}

SubtreeKey key_of(const std::vector<Instr>& code, int first, int last) {
  SubtreeKey key;
  for (int q = first; q <= last; ++q) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &code[q].value, sizeof bits);
    key.emplace_back(static_cast<int>(code[q].op), code[q].index, bits);
  }
  return key;
}
}  // namespace

std::vector<RateExpression> hoist_common_subexpressions(const std::vector<RateExpression*>& exprs) {
  std::vector<RateExpression> shared;
  std::vector<int> start;
  std::vector<char> env;
  // Smallest repeated subtrees first, so that a larger one is keyed with its hoisted parts
  // (two different subtrees of one size never nest: they are disjoint).
  for (;;) {
    std::map<SubtreeKey, int> count;
    std::size_t size = 0;
    for (const RateExpression* e : exprs) {
      subtrees(e->code_, start, env);
      for (std::size_t i = 0; i < e->code_.size(); ++i)
        if (env[i] && costly_root(e->code_[i].op))
          ++count[key_of(e->code_, start[i], static_cast<int>(i))];
    }
    for (const auto& [key, n] : count)
      if (n > 1 && (size == 0 || key.size() < size)) size = key.size();
    if (size == 0) break;
    std::map<SubtreeKey, int> index;
    for (const auto& [key, n] : count) {
      if (n < 2 || key.size() != size) continue;
      index[key] = static_cast<int>(shared.size());
      RateExpression h;
      for (const auto& [op, ix, bits] : key) {
        double v = 0.0;
        std::memcpy(&v, &bits, sizeof v);
        h.code_.push_back(Instr{static_cast<Op>(op), ix, v});
      }
      h.deps_ = RateExpression::kUsesEnvironment;
      h.text_ = "(common subexpression " + std::to_string(shared.size()) + ")";
      shared.push_back(std::move(h));
    }
    for (RateExpression* e : exprs) {
      subtrees(e->code_, start, env);
      std::vector<Instr> out;
      // Postfix: a subtree ends at its root, so scanning backwards meets roots first.
      for (int i = static_cast<int>(e->code_.size()) - 1; i >= 0; --i) {
        const int first = start[i];
        const int len = i - first + 1;
        auto it = env[i] && costly_root(e->code_[i].op) && static_cast<std::size_t>(len) == size
                      ? index.find(key_of(e->code_, first, i))
                      : index.end();
        if (it == index.end()) {
          out.push_back(e->code_[i]);
          continue;
        }
        out.push_back(Instr{Op::shared, it->second, 0.0});
        i = first;
      }
      std::reverse(out.begin(), out.end());
      e->code_ = std::move(out);
    }
  }
  return shared;
}

}  // namespace aqm::chem
