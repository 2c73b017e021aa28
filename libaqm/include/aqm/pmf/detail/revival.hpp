#pragma once
// Dead factors: a factor whose contributions or profile are all zero is a fixed point of
// alternating NNLS (its normal equations are then zero, so it stays zero) and of multiplicative
// updates.  Reviving one re-seeds it from the weighted residuals it could explain.
#include "aqm/pmf/detail/weighted_gram.hpp"

namespace aqm::pmf::detail {

/// True when some factor adds nothing (see factor_is_dead); one pass over G and F.
bool has_dead_factor(const RowMatrix& G, const RowMatrix& F);

/// True when factor k adds nothing: ‖g_k‖·‖f_k‖ ≤ 1e-12 · Σ_h ‖g_h‖·‖f_h‖ (or all are zero).
bool factor_is_dead(const RowMatrix& G, const RowMatrix& F, Eigen::Index k);

/// Re-seeds every dead factor from the positive residuals of the current fit: the profile of
/// the sample with the largest weighted positive residual, then a few alternating exact
/// one-factor NNLS steps on the weighted residual (weights W, n × m).  Each step minimises the
/// weighted least-squares objective over one block with the dead factor's zero as a feasible
/// point, so the weighted objective cannot rise; with robust (IRLS) weights that quadratic
/// majorises the Huber objective, which then cannot rise either.  Returns the number of
/// factors revived (a factor with no positive residual to explain stays dead).
int revive_dead_factors(const RowMatrix& X, const RowMatrix& W, RowMatrix& G, RowMatrix& F);

}  // namespace aqm::pmf::detail
