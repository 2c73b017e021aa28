#pragma once
// Rate expressions compiled once into a small stack bytecode.  Evaluation does no string work:
// names are resolved at compile time to environment variables, mechanism coefficients or
// photolysis slots.

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aqm/core/error.hpp"

namespace aqm::chem {

/// Variables a rate expression may read (besides coefficients and J values).
enum class EnvVar : std::uint8_t { temp, m, o2, n2, h2o, ro2, sun, cfactor };
inline constexpr int kEnvVarCount = 8;

/// Everything an expression reads.  `j[n]` is MCM photolysis rate J<n> (s-1); `coef[i]` is the
/// value of the mechanism's i-th named coefficient.
struct RateInputs {
  double var[kEnvVarCount] = {298.15, 2.4615e19, 0.2095 * 2.4615e19, 0.7809 * 2.4615e19, 0.0, 0.0,
                              1.0,    1.0};
  const double* j = nullptr;
  std::size_t n_j = 0;
  const double* coef = nullptr;
  /// Values of the subexpressions common to a system's expressions
  /// (hoist_common_subexpressions), evaluated before the expressions that read them.
  const double* shared = nullptr;

  double& operator[](EnvVar v) { return var[static_cast<int>(v)]; }
  double operator[](EnvVar v) const { return var[static_cast<int>(v)]; }
};

/// What a name in an expression refers to.
struct NameRef {
  enum Kind : std::uint8_t { env, coefficient, photolysis } kind = env;
  int index = 0;
  /// Dependence flags of a coefficient (bit 0: photolysis/SUN, bit 1: RO2, bit 2: environment).
  std::uint8_t deps = 0;
};

/// Resolves a name (case as written) to what it refers to; std::nullopt if unknown.
using NameResolver = std::function<std::optional<NameRef>(const std::string& name)>;

namespace detail {
enum class Op : std::uint8_t {
  constant,
  env,
  coef,
  jval,
  add,
  sub,
  mul,
  div,
  pow,
  neg,
  exp,
  log,
  log10,
  sqrt,
  abs,
  min,
  max,
  mcm_troe,
  shared  // a hoisted common subexpression (RateInputs::shared)
};
struct Instr {
  Op op;
  int index;
  double value;
};
/// How many operands `op` takes from the evaluation stack.
int arity(Op op);

/// a / b, with x / 0 spelled out as IEEE 754 defines it (±inf, or NaN for 0/0): C++ leaves
/// division by zero undefined, and a rate such as 1.0/0.0 is user input that must reach the
/// integrator's invalid-rate check, not a sanitizer abort.
inline double quotient(double a, double b) {
  if (b != 0.0) return a / b;
  if (a == 0.0 || std::isnan(a)) return std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  return std::signbit(a) != std::signbit(b) ? -inf : inf;
}
}  // namespace detail

class RateExpression {
 public:
  static constexpr std::uint8_t kUsesPhotolysis = 1, kUsesRo2 = 2, kUsesEnvironment = 4;

  RateExpression() = default;

  /// Value for the given inputs.  A J index beyond inputs.n_j reads as 0.
  double evaluate(const RateInputs& in) const {
    double stack[kMaxStack];
    int sp = -1;
    for (const detail::Instr& ins : code_) {
      switch (ins.op) {
        case detail::Op::constant: stack[++sp] = ins.value; break;
        case detail::Op::env: stack[++sp] = in.var[ins.index]; break;
        case detail::Op::coef: stack[++sp] = in.coef[ins.index]; break;
        case detail::Op::jval:
          stack[++sp] = static_cast<std::size_t>(ins.index) < in.n_j ? in.j[ins.index] : 0.0;
          break;
        case detail::Op::shared: stack[++sp] = in.shared[ins.index]; break;
        case detail::Op::add:
          --sp;
          stack[sp] += stack[sp + 1];
          break;
        case detail::Op::sub:
          --sp;
          stack[sp] -= stack[sp + 1];
          break;
        case detail::Op::mul:
          --sp;
          stack[sp] *= stack[sp + 1];
          break;
        case detail::Op::div:
          --sp;
          stack[sp] = detail::quotient(stack[sp], stack[sp + 1]);
          break;
        case detail::Op::pow:
          --sp;
          stack[sp] = power(stack[sp], stack[sp + 1]);
          break;
        case detail::Op::neg: stack[sp] = -stack[sp]; break;
        case detail::Op::exp: stack[sp] = std::exp(stack[sp]); break;
        case detail::Op::log: stack[sp] = std::log(stack[sp]); break;
        case detail::Op::log10: stack[sp] = std::log10(stack[sp]); break;
        case detail::Op::sqrt: stack[sp] = std::sqrt(stack[sp]); break;
        case detail::Op::abs: stack[sp] = std::fabs(stack[sp]); break;
        case detail::Op::min:
          --sp;
          stack[sp] = std::fmin(stack[sp], stack[sp + 1]);
          break;
        case detail::Op::max:
          --sp;
          stack[sp] = std::fmax(stack[sp], stack[sp + 1]);
          break;
        case detail::Op::mcm_troe:
          sp -= 2;
          stack[sp] = mcm_troe(stack[sp], stack[sp + 1], stack[sp + 2]);
          break;
      }
    }
    return sp == 0 ? stack[0] : 0.0;
  }

  /// The MCM Troe form: F = 10^(log10 Fc / (1 + (log10(k0/ki)/N)^2)), N = 0.75 - 1.27 log10 Fc,
  /// k = k0 ki F / (k0 + ki), with k0 already multiplied by [M].
  static double mcm_troe(double k0, double ki, double fc) {
    const double lfc = std::log10(fc);
    const double nc = 0.75 - 1.27 * lfc;
    const double x = std::log10(k0 / ki) / nc;
    const double f = std::pow(10.0, lfc / (1.0 + x * x));
    return k0 * ki * f / (k0 + ki);
  }

  const std::string& text() const { return text_; }
  std::uint8_t dependencies() const { return deps_; }
  bool uses_photolysis() const { return deps_ & kUsesPhotolysis; }
  bool uses_ro2() const { return deps_ & kUsesRo2; }
  bool is_constant() const { return code_.size() == 1 && code_[0].op == detail::Op::constant; }
  std::size_t size() const { return code_.size(); }
  /// J indices read directly by this expression.
  std::vector<int> photolysis_indices() const;
  /// Largest mechanism coefficient index read directly (-1 when none).
  int max_coefficient_index() const;

  /// When the expression is RO2 times an RO2-free factor, that factor; otherwise nullopt.
  const std::optional<std::vector<detail::Instr>>& ro2_factor_code() const { return ro2_factor_; }
  /// The RO2-free factor as an expression (only when ro2_factor_code() is set).
  RateExpression ro2_factor() const;

 private:
  friend RateExpression compile_rate_expression(std::string_view, const NameResolver&,
                                                const Location&);
  friend std::vector<RateExpression> hoist_common_subexpressions(
      const std::vector<RateExpression*>& exprs);
  static constexpr int kMaxStack = 64;
  static double power(double a, double b) {
    if (b == 2.0) return a * a;
    return std::pow(a, b);
  }
  std::vector<detail::Instr> code_;
  std::optional<std::vector<detail::Instr>> ro2_factor_;
  std::string text_;
  std::uint8_t deps_ = 0;
};

/// Compile `text` (Fortran/KPP/FACSIMILE syntax: + - * / ** ^ @, D or E exponents, EXP LOG
/// LOG10 SQRT ABS MIN MAX POW, J(n), J<n>, J(J_NAME) of the KPP MCM export, and the library
/// functions ARR_abc ARR_ab ARR_ac EP2 EP3 FALL TROE MCM_TROE).  Unknown names, bad syntax or a
/// too-deep expression throw ParseError at `where` (column offsets are added).
RateExpression compile_rate_expression(std::string_view text, const NameResolver& resolve,
                                       const Location& where);

/// Moves the costly subexpressions (exp, pow, log, log10, sqrt, Troe roots) that occur more
/// than once in `exprs` and read only constants and T, M, O2, N2, H2O (e.g. (TEMP/300)**-1.5,
/// exp(-12100/TEMP) of a fall-off's k0 and k_inf) into the returned list: each occurrence then
/// reads RateInputs::shared[i], the value of entry i.  Evaluate the entries in order, once per
/// environment, before the expressions: the same operations on the same inputs, so every value
/// keeps its bits.  An entry may read earlier entries.
std::vector<RateExpression> hoist_common_subexpressions(const std::vector<RateExpression*>& exprs);

/// MCM photolysis index for a KPP MCM export name (J_NO2 -> 4), or -1.
int mcm_photolysis_index(std::string_view kpp_name);

}  // namespace aqm::chem
