// Revival of dead PMF factors from the weighted residuals (see detail/revival.hpp).
#include "aqm/pmf/detail/revival.hpp"

#include <algorithm>
#include <limits>

namespace aqm::pmf::detail {

bool factor_is_dead(const RowMatrix& G, const RowMatrix& F, Eigen::Index k) {
  double total = 0.0;
  for (Eigen::Index h = 0; h < F.rows(); ++h) total += G.col(h).norm() * F.row(h).norm();
  return G.col(k).norm() * F.row(k).norm() <= 1e-12 * total;
}

bool has_dead_factor(const RowMatrix& G, const RowMatrix& F) {
  double total = 0.0, smallest = std::numeric_limits<double>::infinity();
  for (Eigen::Index h = 0; h < F.rows(); ++h) {
    const double size = G.col(h).norm() * F.row(h).norm();
    total += size;
    smallest = std::min(smallest, size);
  }
  return smallest <= 1e-12 * total;
}

namespace {

// Alternations of the one-factor refinement: each halves-or-better the gap to the best rank-1
// correction in practice; three already make the revived factor a useful start.
constexpr int kRefinementSteps = 3;

// g_i = max(0, Σ_j w_ij r_ij f_j / Σ_j w_ij f_j²): the exact minimiser over each g_i.
void best_contributions(const RowMatrix& R, const RowMatrix& W, const Eigen::VectorXd& f,
                        Eigen::VectorXd& g) {
  for (Eigen::Index i = 0; i < R.rows(); ++i) {
    double num = 0.0, den = 0.0;
    for (Eigen::Index j = 0; j < R.cols(); ++j) {
      num += W(i, j) * R(i, j) * f(j);
      den += W(i, j) * f(j) * f(j);
    }
    g(i) = den > 0.0 ? std::max(0.0, num / den) : 0.0;
  }
}

void best_profile(const RowMatrix& R, const RowMatrix& W, const Eigen::VectorXd& g,
                  Eigen::VectorXd& f) {
  for (Eigen::Index j = 0; j < R.cols(); ++j) {
    double num = 0.0, den = 0.0;
    for (Eigen::Index i = 0; i < R.rows(); ++i) {
      num += W(i, j) * R(i, j) * g(i);
      den += W(i, j) * g(i) * g(i);
    }
    f(j) = den > 0.0 ? std::max(0.0, num / den) : 0.0;
  }
}

bool revive(const RowMatrix& X, const RowMatrix& W, RowMatrix& G, RowMatrix& F, Eigen::Index k) {
  G.col(k).setZero();
  F.row(k).setZero();
  const RowMatrix R = X - G * F;
  // The sample whose positive residuals weigh most is the one the missing factor explains best.
  Eigen::Index seed_row = -1;
  double best = 0.0;
  for (Eigen::Index i = 0; i < R.rows(); ++i) {
    double s = 0.0;
    for (Eigen::Index j = 0; j < R.cols(); ++j) s += W(i, j) * std::max(R(i, j), 0.0) * R(i, j);
    if (s > best) {
      best = s;
      seed_row = i;
    }
  }
  if (seed_row < 0) return false;
  Eigen::VectorXd f = R.row(seed_row).transpose().cwiseMax(0.0), g(R.rows());
  for (int t = 0; t < kRefinementSteps; ++t) {
    best_contributions(R, W, f, g);
    best_profile(R, W, g, f);
  }
  best_contributions(R, W, f, g);
  if (g.norm() * f.norm() == 0.0) return false;
  G.col(k) = g;
  F.row(k) = f.transpose();
  return true;
}

}  // namespace

int revive_dead_factors(const RowMatrix& X, const RowMatrix& W, RowMatrix& G, RowMatrix& F) {
  int revived = 0;
  for (Eigen::Index k = 0; k < F.rows(); ++k)
    if (factor_is_dead(G, F, k) && revive(X, W, G, F, k)) ++revived;
  return revived;
}

}  // namespace aqm::pmf::detail
