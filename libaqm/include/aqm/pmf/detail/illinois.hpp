#pragma once
// Regula falsi with the Illinois modification on a bracket [lo, hi] of a monotone function:
// the held-sum steps of the pinned (DISP) and pulled (FPEAK, constraints) fits solve for the
// multiplier that makes a factor's contribution sum hit its target this way.

#include <cmath>

namespace aqm::pmf::detail {

/// Narrows the bracket (f_lo, f_hi of opposite signs) until |f| <= tol or 60 steps.  `f` is
/// evaluated last at the returned point, so state it leaves behind (the solved rows) is the
/// answer's.
template <class Function>
double illinois(Function&& f, double lo, double f_lo, double hi, double f_hi, double tol) {
  double mu = hi;
  int side = 0;
  for (int t = 0; t < 60; ++t) {
    mu = (lo * f_hi - hi * f_lo) / (f_hi - f_lo);
    const double value = f(mu);
    if (std::abs(value) <= tol) break;
    if (value * f_hi < 0.0) {
      lo = hi;
      f_lo = f_hi;
      hi = mu;
      f_hi = value;
      side = 0;
    } else {
      hi = mu;
      f_hi = value;
      if (side == 1) f_lo *= 0.5;  // halve the stale end
      side = 1;
    }
  }
  return mu;
}

}  // namespace aqm::pmf::detail
