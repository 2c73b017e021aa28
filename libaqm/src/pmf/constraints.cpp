// PMF 5.0 constrained runs: hard element constraints and ME-2-style pulls tuned to a dQ budget.
#include "aqm/pmf/constraints.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>

#include "aqm/core/error.hpp"
#include "aqm/pmf/detail/pulled_fit.hpp"

namespace aqm::pmf {

namespace {

struct KindName {
  ConstraintKind kind;
  const char* name;
};
constexpr KindName kind_names[] = {
    {ConstraintKind::pull_down_maximally, "pull down maximally"},
    {ConstraintKind::pull_up_maximally, "pull up maximally"},
    {ConstraintKind::pull_to_value, "pull to value"},
    {ConstraintKind::set_to_zero, "set to zero"},
    {ConstraintKind::set_to_value, "set to value"},
    {ConstraintKind::set_to_base_value, "set to base value"},
};

bool soft(ConstraintKind k) {
  return k == ConstraintKind::pull_down_maximally || k == ConstraintKind::pull_up_maximally ||
         k == ConstraintKind::pull_to_value;
}

void check_element(const Element& e, Eigen::Index n, Eigen::Index m, Eigen::Index p,
                   const std::string& what) {
  const Eigen::Index limit = e.contribution ? n : m;
  if (e.factor < 0 || e.factor >= p)
    throw InvalidArgument(argument(what), "factor " + std::to_string(e.factor + 1) +
                                              " is not in 1.." + std::to_string(p));
  if (e.index < 0 || e.index >= limit)
    throw InvalidArgument(argument(what), std::string(e.contribution ? "sample " : "species ") +
                                              std::to_string(e.index + 1) + " is not in 1.." +
                                              std::to_string(limit));
}

detail::ElementRef ref(const Element& e) {
  return e.contribution ? detail::ElementRef{true, e.index, e.factor}
                        : detail::ElementRef{false, e.factor, e.index};
}

// Base scale of an element: its own base value, or a small share of its factor's largest.
double element_scale(const Element& e, const Eigen::MatrixXd& G, const Eigen::MatrixXd& F) {
  const double v = e.contribution ? G(e.index, e.factor) : F(e.factor, e.index);
  const double row_max = e.contribution ? G.col(e.factor).maxCoeff() : F.row(e.factor).maxCoeff();
  return std::max({std::abs(v), 1e-3 * row_max, 1e-12});
}

// The pulls of strength s (s = 0: only the hard constraints and held sums).
detail::Pulls make_pulls(const ConstraintOptions& o, const Eigen::MatrixXd& G,
                         const Eigen::MatrixXd& F, double s) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  detail::Pulls pulls;
  auto held = [&](int k) {
    if (std::find(pulls.held_sums.begin(), pulls.held_sums.end(), k) == pulls.held_sums.end())
      pulls.held_sums.push_back(k);
  };
  auto ensure = [](Eigen::MatrixXd& m, const Eigen::MatrixXd& like, double fill) {
    if (m.size() == 0) m = Eigen::MatrixXd::Constant(like.rows(), like.cols(), fill);
  };
  for (const ElementConstraint& c : o.elements) {
    const Element& e = c.element;
    held(e.factor);
    const double base = e.contribution ? G(e.index, e.factor) : F(e.factor, e.index);
    const double sigma = element_scale(e, G, F);
    const Eigen::MatrixXd& like = e.contribution ? G : F;
    Eigen::MatrixXd& fixed = e.contribution ? pulls.g_fixed : pulls.f_fixed;
    Eigen::MatrixXd& linear = e.contribution ? pulls.g_linear : pulls.f_linear;
    Eigen::MatrixXd& weight = e.contribution ? pulls.g_weight : pulls.f_weight;
    Eigen::MatrixXd& target = e.contribution ? pulls.g_target : pulls.f_target;
    const Eigen::Index r = e.contribution ? e.index : e.factor;
    const Eigen::Index col = e.contribution ? e.factor : e.index;
    switch (c.kind) {
      case ConstraintKind::set_to_zero:
      case ConstraintKind::set_to_value:
      case ConstraintKind::set_to_base_value:
        ensure(fixed, like, nan);
        fixed(r, col) = c.kind == ConstraintKind::set_to_zero    ? 0.0
                        : c.kind == ConstraintKind::set_to_value ? c.value
                                                                 : base;
        break;
      case ConstraintKind::pull_down_maximally:
      case ConstraintKind::pull_up_maximally:
        ensure(linear, like, 0.0);
        linear(r, col) += (c.kind == ConstraintKind::pull_down_maximally ? s : -s) / sigma;
        break;
      case ConstraintKind::pull_to_value:
        ensure(weight, like, 0.0);
        ensure(target, like, 0.0);
        weight(r, col) = s / (sigma * sigma);
        target(r, col) = c.value;
        break;
    }
  }
  for (const Expression& x : o.expressions) {
    detail::PullEquation eq;
    double sigma = 0.0;
    for (const auto& [e, c] : x.terms) {
      held(e.factor);
      eq.terms.push_back({ref(e), c});
      sigma += std::abs(c) * element_scale(e, G, F);
    }
    eq.value = x.value;
    eq.weight = s / (sigma * sigma);
    pulls.equations.push_back(std::move(eq));
  }
  return pulls;
}

}  // namespace

ConstraintKind parse_constraint_kind(const std::string& name) {
  std::string key;
  for (char c : name) {
    const auto lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    key += (c == '_' || c == '-') ? ' ' : lower;
  }
  for (const auto& kn : kind_names)
    if (key == kn.name) return kn.kind;
  std::string known;
  for (const auto& kn : kind_names) known += std::string(known.empty() ? "" : ", ") + kn.name;
  throw InvalidArgument(argument("constraint"), "'" + name + "' is not one of " + known);
}

const char* to_string(ConstraintKind kind) {
  for (const auto& kn : kind_names)
    if (kn.kind == kind) return kn.name;
  return "?";
}

Expression ratio_expression(Element a, Element b, double ratio, double percent_dq) {
  if (!std::isfinite(ratio) || ratio < 0.0)
    throw InvalidArgument(argument("ratio"), std::to_string(ratio) + " must be finite and >= 0");
  return Expression{{{a, 1.0}, {b, -ratio}}, 0.0, percent_dq};
}

ConstrainedResult constrained_run(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                                  const Eigen::MatrixXd& G, const Eigen::MatrixXd& F,
                                  const ConstraintOptions& options) {
  const Eigen::Index n = X.rows(), m = X.cols(), p = F.rows();
  if (G.rows() != n || G.cols() != p || F.cols() != m || U.rows() != n || U.cols() != m)
    throw InvalidArgument(argument("constraints"), "X, U, G, F shapes do not agree");
  double budget_percent = std::numeric_limits<double>::infinity();
  for (std::size_t c = 0; c < options.elements.size(); ++c) {
    const auto& ec = options.elements[c];
    check_element(ec.element, n, m, p, "constraint " + std::to_string(c + 1));
    if (!std::isfinite(ec.value) || (ec.kind == ConstraintKind::set_to_value && ec.value < 0.0))
      throw InvalidArgument(argument("constraint " + std::to_string(c + 1)),
                            "value must be finite (and >= 0 for set to value)");
    if (soft(ec.kind)) {
      if (!(ec.percent_dq > 0.0) || !std::isfinite(ec.percent_dq))
        throw InvalidArgument(argument("constraint " + std::to_string(c + 1)),
                              "percent_dq must be > 0");
      budget_percent = std::min(budget_percent, ec.percent_dq);
    }
  }
  for (std::size_t x = 0; x < options.expressions.size(); ++x) {
    const auto& ex = options.expressions[x];
    const std::string what = "expression " + std::to_string(x + 1);
    if (ex.terms.empty()) throw InvalidArgument(argument(what), "has no terms");
    for (const auto& [e, c] : ex.terms) {
      check_element(e, n, m, p, what);
      if (!std::isfinite(c)) throw InvalidArgument(argument(what), "coefficient is not finite");
    }
    if (!(ex.percent_dq > 0.0) || !std::isfinite(ex.percent_dq))
      throw InvalidArgument(argument(what), "percent_dq must be > 0");
    budget_percent = std::min(budget_percent, ex.percent_dq);
  }
  SolveOptions solve = with_defaults(options.solve);
  solve.n_factors = static_cast<int>(p);
  solve.method = Method::als;

  // Normalise the base so that display units are the fitted units (contributions mean 1).
  Eigen::VectorXd d = G.colwise().mean().transpose();
  for (Eigen::Index k = 0; k < p; ++k)
    if (!(d(k) > 0.0)) d(k) = 1.0;
  const Eigen::MatrixXd Gn = G * d.cwiseInverse().asDiagonal(), Fn = d.asDiagonal() * F;

  ConstrainedResult out;
  out.q_robust_base = q_values(X, U, G, F, solve.alpha).q_robust;
  auto run = [&](double s) {
    const detail::PulledFit r =
        detail::fit_pulled(X, U, solve, Gn, Fn, make_pulls(options, Gn, Fn, s));
    ++out.fits;
    return r.fit;
  };
  auto accept = [&](const FitResult& f, double s) {
    out.G = f.G;
    out.F = f.F;
    out.q_true = f.q_true;
    out.q_robust = f.q_robust;
    out.converged = f.converged;
    out.strength = s;
  };
  if (!std::isfinite(budget_percent)) {  // only hard constraints
    accept(run(0.0), 0.0);
  } else {
    const double budget = budget_percent / 100.0 * out.q_robust_base;
    out.dq_budget = budget;
    auto dq = [&](const FitResult& f) { return f.q_robust - out.q_robust_base; };
    // Bracket on a log scale: s from 1e-8·Q to 1e8·Q (Q units of the pull).
    double lo = std::log(1e-8 * out.q_robust_base), hi = std::log(1e8 * out.q_robust_base);
    FitResult top = run(std::exp(hi));
    if (dq(top) <= budget) {  // every target met within the budget
      accept(top, std::exp(hi));
    } else {
      out.budget_reached = true;
      FitResult best = run(std::exp(lo));
      double best_s = std::exp(lo);
      for (int t = 0; t < options.max_bisections; ++t) {
        const double mid = 0.5 * (lo + hi);
        FitResult f = run(std::exp(mid));
        if (dq(f) <= budget) {
          lo = mid;
          best = std::move(f);
          best_s = std::exp(mid);
          if (budget - dq(best) <= options.dq_tolerance * budget) break;
        } else {
          hi = mid;
        }
      }
      accept(best, best_s);
    }
  }
  out.profiles = out.F;
  out.dq = out.q_robust - out.q_robust_base;
  out.percent_dq = out.q_robust_base > 0.0 ? 100.0 * out.dq / out.q_robust_base : 0.0;
  return out;
}

}  // namespace aqm::pmf
