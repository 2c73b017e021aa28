#pragma once
// PMF 5.0's displacement (DISP) error estimation (Paatero, Eberly, Brown & Norris 2014, AMT
// 7:781): each profile element f_kj is moved down and up and held there, with the factor's
// scale held by its contributions' sum (PMF normalises contributions), while everything else is
// refitted, until the objective rises by dQmax (PMF 5.0: 4, 8, 15, 25).  The displaced values
// bound f_kj's interval; a displaced factor whose contributions then correlate best with
// another base factor counts as a swap; a drop of Q below the base run's is reported (the base
// run was not the global minimum).
#include <Eigen/Core>
#include <vector>

#include "aqm/core/parallel.hpp"
#include "aqm/pmf/solver.hpp"

namespace aqm::pmf {

struct DisplacementOptions {
  std::vector<double> dq_max = {4.0, 8.0, 15.0, 25.0};  ///< PMF 5.0 levels, ascending
  int bisection_steps = 5;                              ///< refinement fits per level and direction
  int n_threads = 0;
  SolveOptions solve;  ///< n_factors from the base run; robust, α, tol, max_iter used
  Progress progress;   ///< one item per profile element
};

struct DisplacementResult {
  std::vector<double> dq_max;
  double q_base = 0.0;  ///< Q(robust) (not robust: Q(true)) of the base as given
  /// Per level: lower and upper bound of every profile element (p × m), in the units of
  /// Diagnostics::profiles (profiles scaled by the base factor's mean contribution).
  std::vector<Eigen::MatrixXd> lower, upper;
  Eigen::MatrixXi swaps;          ///< levels × p: elements of factor k whose displacement swapped
  double largest_decrease = 0.0;  ///< most negative Q − Q_base met (0 when none)
  long fits = 0;                  ///< refits performed
  /// A displaced fit below the base by more than 1e-4·Q_base (and 1e-3): the base run was not
  /// the minimum, and this solution (any displaced fit is a valid, unconstrained-feasible G, F)
  /// is offered as the new base.  Empty matrices when none was found.
  bool lower_minimum_found = false;
  Eigen::MatrixXd G_lowest, F_lowest;
  double q_lowest = 0.0;
};

/// DISP around a base run (G n × p, F p × m) of data X, U.
DisplacementResult displacement(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                                const Eigen::MatrixXd& G, const Eigen::MatrixXd& F,
                                const DisplacementOptions& options);

}  // namespace aqm::pmf
