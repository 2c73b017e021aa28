#pragma once
// An ALS fit with one profile element held at a given value while the factor's scale is held
// by its contributions' sum (the displacement step of DISP: without the scale constraint, any
// displacement of one element is absorbed by rescaling the factor at no cost in Q).
#include <Eigen/Core>

#include "aqm/pmf/solver.hpp"

namespace aqm::pmf::detail {

struct PinnedElement {
  int factor = -1;  ///< -1: nothing pinned
  Eigen::Index species = 0;
  double value = 0.0;             ///< F(factor, species) is held here
  double contribution_sum = 0.0;  ///< Σ_i G(i, factor) is held here
};

/// ALS from (G0, F0) under the pin; inputs are not re-checked.
FitResult fit_pinned(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                     const SolveOptions& options, const Eigen::MatrixXd& G0,
                     const Eigen::MatrixXd& F0, PinnedElement pin);

}  // namespace aqm::pmf::detail
