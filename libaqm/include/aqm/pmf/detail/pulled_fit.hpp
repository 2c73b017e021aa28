#pragma once
// An ALS fit of Q plus auxiliary "pull" terms, the mechanism of Paatero's Multilinear Engine
// (ME-2; Paatero 1999, J. Comput. Graph. Stat. 8:854) behind PMF 5.0's FPEAK and constrained
// runs: extra equations with their own weights are added to the least-squares problem.
// Every term is quadratic or linear in G and F, so each ALS half-step stays a p-variable NNLS
// per row (its normal equations gain the terms' contributions), solved by the batched kernel.
//
//   element pull     w·(x − t)²           (w, t per element; w = 0: none)
//   linear pull      ℓ·x                  (ℓ < 0 pulls up, ℓ > 0 pulls down)
//   equation         w·(Σ c_e x_e − v)²   (elements anywhere in G and F)
//   fixed element    x held at a value (eliminated from its row's NNLS)
//   held sum         Σ_i g_ik held at its start value for factor k (a Lagrange multiplier per
//                    factor): removes the scale freedom g_k·c, f_k/c that would otherwise let a
//                    pull on one matrix be absorbed at no cost in Q.
#include <Eigen/Core>
#include <functional>
#include <limits>
#include <vector>

#include "aqm/pmf/detail/weighted_gram.hpp"
#include "aqm/pmf/solver.hpp"

namespace aqm::pmf::detail {

struct ElementRef {
  bool in_g = false;  ///< G(row = sample, col = factor) or F(row = factor, col = species)
  Eigen::Index row = 0, col = 0;
};

struct PullEquation {
  std::vector<std::pair<ElementRef, double>> terms;  ///< (element, coefficient c_e)
  double value = 0.0;
  double weight = 0.0;
};

struct Pulls {
  // Element pulls and linear pulls, shaped like G (n × p) and F (p × m); empty = none.
  Eigen::MatrixXd g_weight, g_target, f_weight, f_target, g_linear, f_linear;
  // Held elements, shaped like G and F; NaN = free.  Empty = none.
  Eigen::MatrixXd g_fixed, f_fixed;
  std::vector<PullEquation> equations;
  std::vector<int> held_sums;  ///< factors whose contribution sum is held
};

/// Called before every sweep with the current G and F: FPEAK's targets move with the solution.
using PullUpdate = std::function<void(const RowMatrix& G, const RowMatrix& F, Pulls& pulls)>;

struct PulledFit {
  FitResult fit;         ///< q_true, q_robust of the data alone
  double penalty = 0.0;  ///< the pull terms' value at the answer (Q units)
};

/// ALS from (G0, F0) on Q + pulls (robust reweighting as in `fit`); shapes are not re-checked.
/// Stops when the relative change of Q(data) + penalty over `window` sweeps is below `tol`.
PulledFit fit_pulled(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                     const SolveOptions& options, const Eigen::MatrixXd& G0,
                     const Eigen::MatrixXd& F0, Pulls pulls, const PullUpdate& update = {});

/// Value of the pull terms (without fixed elements and held sums) at (G, F).
double pull_penalty(const Pulls& pulls, const Eigen::MatrixXd& G, const Eigen::MatrixXd& F);

}  // namespace aqm::pmf::detail
