#pragma once
// PMF 5.0's constrained runs (EPA PMF 5.0 User Guide §7; ME-2 pulling, Paatero 1999 and Paatero
// & Hopke 2009, Atmos. Environ. 43:3817): element constraints on profiles F and contributions G
// and linear expressions between elements (e.g. a ratio), each pull limited by a dQ budget given
// as a % of the base run's Q(robust) (PMF 5.0 default 0.5 %).
//
// Values are in PMF 5.0's display units: profiles scaled by the base factor's mean contribution
// (Diagnostics::profiles), contributions normalised to mean 1.  The run holds each constrained
// factor's total contribution at its base value, so a pull cannot be absorbed by rescaling.
//
//  * set to zero / set to value / set to base value: the element is held exactly (no budget);
//  * pull down / up maximally: a linear pull s·x/σ (down) or −s·x/σ (up), σ the element's base
//    scale; pull to value: s·((x − v)/σ)²; expression Σ c·x = v: s·((Σ c·x − v)/σ_e)².
//    One strength s is shared by every soft pull of the run and found by bisection so that
//    Q(robust) rises by the run's budget — the smallest budget among its soft constraints —
//    unless every target is met first (then dQ is below the budget).
#include <Eigen/Core>
#include <string>
#include <utility>
#include <vector>

#include "aqm/pmf/solver.hpp"

namespace aqm::pmf {

enum class ConstraintKind {
  pull_down_maximally,
  pull_up_maximally,
  pull_to_value,
  set_to_zero,
  set_to_value,
  set_to_base_value,
};

/// PMF 5.0's names ("pull down maximally", "set to zero", ...; '_' or '-' for spaces, any case).
ConstraintKind parse_constraint_kind(const std::string& name);
const char* to_string(ConstraintKind kind);

struct Element {
  /// false: profile element F(factor, index = species); true: G(index = sample, factor)
  bool contribution = false;
  int factor = 0;          ///< 0-based
  Eigen::Index index = 0;  ///< species (profile) or sample (contribution), 0-based
};

struct ElementConstraint {
  Element element;
  ConstraintKind kind = ConstraintKind::pull_down_maximally;
  double value = 0.0;       ///< pull_to_value and set_to_value, display units
  double percent_dq = 0.5;  ///< dQ budget, % of the base Q(robust) (soft pulls only)
};

/// Σ coefficient·element = value (display units), e.g. a ratio a/b = r as a − r·b = 0.
struct Expression {
  std::vector<std::pair<Element, double>> terms;
  double value = 0.0;
  double percent_dq = 0.5;
};

/// The expression a / b = ratio.
Expression ratio_expression(Element a, Element b, double ratio, double percent_dq = 0.5);

struct ConstraintOptions {
  std::vector<ElementConstraint> elements;
  std::vector<Expression> expressions;
  SolveOptions solve;          ///< n_factors from the base run; robust, α, tol used
  double dq_tolerance = 0.02;  ///< bisection stops when |dQ − budget| <= this · budget
  int max_bisections = 40;
};

struct ConstrainedResult {
  Eigen::MatrixXd G, F;      ///< constrained solution, base factors' scaling (mean G = 1)
  Eigen::MatrixXd profiles;  ///< F in display units (= F: base contributions have mean 1)
  double q_true = 0.0, q_robust = 0.0;
  double q_robust_base = 0.0;
  double dq = 0.0;  ///< Q(robust) − base Q(robust)
  double percent_dq = 0.0;
  double dq_budget = 0.0;       ///< Q units; 0 when the run has no soft pull
  double strength = 0.0;        ///< shared pull strength s found (0: none)
  bool budget_reached = false;  ///< false: every soft target was met within the budget
  bool converged = false;
  int fits = 0;
};

/// One constrained run from a base run (G n × p, F p × m) of data X, U.
ConstrainedResult constrained_run(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                                  const Eigen::MatrixXd& G, const Eigen::MatrixXd& F,
                                  const ConstraintOptions& options);

}  // namespace aqm::pmf
