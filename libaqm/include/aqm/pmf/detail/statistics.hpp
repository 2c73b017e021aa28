#pragma once
// Small sample statistics shared by the PMF modules.
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace aqm::pmf::detail {

/// Sample quantile with linear interpolation between order statistics (Hyndman & Fan 1996,
/// type 7: numpy's and R's default), NaN for an empty sample.
inline double quantile(std::vector<double> v, double q) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

/// Pearson correlation; 0 when either series is constant.
inline double correlation(const Eigen::Ref<const Eigen::VectorXd>& a,
                          const Eigen::Ref<const Eigen::VectorXd>& b) {
  const Eigen::ArrayXd x = a.array() - a.mean(), y = b.array() - b.mean();
  const double sxx = (x * x).sum(), syy = (y * y).sum();
  return sxx > 0.0 && syy > 0.0 ? (x * y).sum() / std::sqrt(sxx * syy) : 0.0;
}

}  // namespace aqm::pmf::detail
