#pragma once
// Refinement of the best base run by recombination: PMF's random starts land in a handful of
// local minima that typically differ in one or two factors, and the factor the best run lacks
// has often been found by another run.  Each such profile replaces the best run's most similar
// factor and the fit is continued from there; a candidate is kept only when its Q(robust)
// (Q(true) when not robust) is lower, so refinement never worsens the run.
#include <Eigen/Core>
#include <vector>

#include "aqm/pmf/solver.hpp"

namespace aqm::pmf::detail {

struct Refinement {
  FitResult fit;        ///< the refined fit (the input when nothing was better)
  bool improved = false;
  long fits = 0;        ///< warm fits performed
};

/// Every profile of `others` that no factor of `start` resembles (cosine < 0.98 with species
/// in units of their mean uncertainty; near-duplicates tried once) replaces the factor of
/// `start` it is closest to; the candidates are fitted warm on `n_threads`.
Refinement refine_by_recombination(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                                   const SolveOptions& options, FitResult start,
                                   const std::vector<const FitResult*>& others, int n_threads);

}  // namespace aqm::pmf::detail
