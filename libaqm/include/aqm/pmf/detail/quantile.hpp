#pragma once
// Sample quantile with linear interpolation between order statistics (Hyndman & Fan 1996,
// type 7: numpy's and R's default), NaN for an empty sample.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace aqm::pmf::detail {

inline double quantile(std::vector<double> v, double q) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

}  // namespace aqm::pmf::detail
