// Base-run diagnostics (EPA PMF 5.0 User Guide ch. 5–6; explained variation after Paatero's
// PMF2 user guide).
#include "aqm/pmf/diagnostics.hpp"

#include <cmath>
#include <limits>

#include "aqm/core/error.hpp"
#include "aqm/pmf/detail/nnls.hpp"

namespace aqm::pmf {

Diagnostics diagnose(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const Eigen::MatrixXd& G,
                     const Eigen::MatrixXd& F, double alpha, long total_index) {
  const Eigen::Index n = X.rows(), m = X.cols(), p = G.cols();
  if (U.rows() != n || U.cols() != m || G.rows() != n || F.rows() != p || F.cols() != m)
    throw InvalidArgument(argument("diagnose"), "X, U, G, F shapes do not agree");
  if (total_index >= m) throw InvalidArgument(argument("total_index"), "outside the species range");
  Diagnostics d;
  const double nan = std::numeric_limits<double>::quiet_NaN();

  // Normalise contributions to mean 1 (PMF 5.0's display); profiles carry the scale.
  d.contributions = G;
  d.profiles = F;
  for (Eigen::Index k = 0; k < p; ++k) {
    const double mean = G.col(k).mean();
    if (mean > 0.0) {
      d.contributions.col(k) /= mean;
      d.profiles.row(k) *= mean;
    }
  }
  d.profiles_percent = Eigen::MatrixXd::Zero(p, m);
  for (Eigen::Index j = 0; j < m; ++j) {
    const double total = F.col(j).sum();
    if (total > 0.0) d.profiles_percent.col(j) = 100.0 * F.col(j) / total;
  }

  d.predicted = G.lazyProduct(F);
  d.scaled_residuals = (X - d.predicted).cwiseQuotient(U);
  d.q_true_per_species = d.scaled_residuals.array().square().colwise().sum().transpose();
  d.q_robust_per_species = Eigen::VectorXd::Zero(m);
  d.residuals_beyond_3 = Eigen::VectorXi::Zero(m);
  for (Eigen::Index j = 0; j < m; ++j)
    for (Eigen::Index i = 0; i < n; ++i) {
      const double a = std::abs(d.scaled_residuals(i, j));
      d.q_robust_per_species(j) += a <= alpha ? a * a : alpha * a;
      if (a > 3.0) ++d.residuals_beyond_3(j);
    }
  d.q_exp = static_cast<double>(n * m - p * (n + m));
  d.q_over_q_exp = d.q_robust_per_species / (d.q_exp / static_cast<double>(m));

  // observed = slope · predicted + intercept, ordinary least squares per species.
  d.r2.resize(m);
  d.slope.resize(m);
  d.intercept.resize(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    const Eigen::ArrayXd x = d.predicted.col(j).array() - d.predicted.col(j).mean();
    const Eigen::ArrayXd y = X.col(j).array() - X.col(j).mean();
    const double sxx = (x * x).sum(), syy = (y * y).sum(), sxy = (x * y).sum();
    if (sxx > 0.0) {
      d.slope(j) = sxy / sxx;
      d.intercept(j) = X.col(j).mean() - d.slope(j) * d.predicted.col(j).mean();
      d.r2(j) = syy > 0.0 ? sxy * sxy / (sxx * syy) : nan;
    } else {  // a species no factor explains: regression undefined
      d.slope(j) = d.intercept(j) = d.r2(j) = nan;
    }
  }

  // Explained variation EV_kj = Σ_i |g_ik f_kj|/s_ij / Σ_i (Σ_h |g_ih f_hj| + |e_ij|)/s_ij.
  d.explained_variation = Eigen::MatrixXd::Zero(p, m);
  for (Eigen::Index j = 0; j < m; ++j) {
    double denominator = 0.0;
    Eigen::VectorXd numerator = Eigen::VectorXd::Zero(p);
    for (Eigen::Index i = 0; i < n; ++i) {
      double row = std::abs(X(i, j) - d.predicted(i, j));
      for (Eigen::Index k = 0; k < p; ++k) {
        const double part = std::abs(G(i, k) * F(k, j));
        numerator(k) += part / U(i, j);
        row += part;
      }
      denominator += row / U(i, j);
    }
    if (denominator > 0.0) d.explained_variation.col(j) = numerator / denominator;
  }

  if (total_index >= 0) {
    const Eigen::Index t = total_index;
    d.mass_contributions.resize(n, p);
    for (Eigen::Index k = 0; k < p; ++k) d.mass_contributions.col(k) = G.col(k) * F(k, t);
    // Non-negative regression of the observed total on the normalised contributions.
    const Eigen::MatrixXd gram = d.contributions.transpose().lazyProduct(d.contributions);
    const Eigen::VectorXd rhs = d.contributions.transpose().lazyProduct(X.col(t));
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> a = gram;
    d.mass_coefficients = Eigen::VectorXd::Zero(p);
    detail::NnlsSolver(static_cast<int>(p)).solve(a.data(), rhs.data(), d.mass_coefficients.data());
    const Eigen::VectorXd fitted = d.contributions.lazyProduct(d.mass_coefficients);
    const double ss_res = (X.col(t) - fitted).squaredNorm();
    const double ss_tot = (X.col(t).array() - X.col(t).mean()).square().sum();
    d.mass_r2 = ss_tot > 0.0 ? 1.0 - ss_res / ss_tot : nan;
  }
  return d;
}

}  // namespace aqm::pmf
