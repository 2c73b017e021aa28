#pragma once
// Small dense non-negative least squares on normal equations:
//   minimise ½ xᵀ A x − bᵀ x  subject to x >= 0,
// A symmetric positive semi-definite (p × p, p ~ 2–20), by the active-set method of Lawson &
// Hanson (1974, "Solving Least Squares Problems", ch. 23) warm-started from a feasible x, so
// that in an alternating fit most calls end after one Cholesky solve on the previous support.
#include <cmath>
#include <vector>

namespace aqm::pmf::detail {

class NnlsSolver {
 public:
  explicit NnlsSolver(int p) : p_(p), passive_(p), index_(p), sub_(p * p), z_(p), rhs_(p) {}

  /// A is row-major p × p, b has p entries, x (p entries, >= 0) is the start and the answer.
  /// Returns the number of support changes made.
  int solve(const double* A, const double* b, double* x) {
    // Compile-time sizes for the usual factor counts let the compiler unroll the small loops.
    switch (p_) {
      case 2: return solve_impl<2>(A, b, x);
      case 3: return solve_impl<3>(A, b, x);
      case 4: return solve_impl<4>(A, b, x);
      case 5: return solve_impl<5>(A, b, x);
      case 6: return solve_impl<6>(A, b, x);
      case 7: return solve_impl<7>(A, b, x);
      case 8: return solve_impl<8>(A, b, x);
      case 9: return solve_impl<9>(A, b, x);
      case 10: return solve_impl<10>(A, b, x);
      default: return solve_impl<0>(A, b, x);
    }
  }

 private:
  template <int P>
  int solve_impl(const double* A, const double* b, double* x) {
    const int p = P > 0 ? P : p_;
    for (int k = 0; k < p; ++k) {
      if (!(x[k] > 0.0)) x[k] = 0.0;
      passive_[k] = x[k] > 0.0;
    }
    int changes = 0;
    const int max_changes = 4 * p + 8;
    int just_added = -1;
    while (changes <= max_changes) {
      // Inner loop: solve on the passive set, stepping back while that leaves the feasible set.
      for (;;) {
        const int singular = solve_passive<P>(A, b);
        if (singular >= 0) {  // a variable with no information: pin it at zero
          passive_[singular] = false;
          x[singular] = 0.0;
          ++changes;
          continue;
        }
        double step = 1.0;
        int blocking = -1;
        for (int k = 0; k < p; ++k) {
          if (!passive_[k] || z_[k] > 0.0) continue;
          const double denom = x[k] - z_[k];
          const double t = denom > 0.0 ? x[k] / denom : 0.0;
          if (t < step) {
            step = t;
            blocking = k;
          }
        }
        if (blocking < 0) {
          for (int k = 0; k < p; ++k) x[k] = passive_[k] ? z_[k] : 0.0;
          break;
        }
        if (blocking == just_added && x[blocking] == 0.0) {
          // The variable just freed cannot move up: numerically optimal already.
          passive_[blocking] = false;
          return changes;
        }
        for (int k = 0; k < p; ++k) {
          if (!passive_[k]) continue;
          x[k] += step * (z_[k] - x[k]);
          if (k == blocking || x[k] <= 0.0) {
            x[k] = 0.0;
            passive_[k] = false;
          }
        }
        ++changes;
      }
      // Optimality: the gradient b − A x must be <= 0 on every pinned variable.
      int best = -1;
      double best_w = 0.0;
      for (int k = 0; k < p; ++k) {
        if (passive_[k]) continue;
        double ax = 0.0, scale = std::abs(b[k]);
        for (int l = 0; l < p; ++l) {
          const double t = A[k * p + l] * x[l];
          ax += t;
          scale += std::abs(t);
        }
        const double w = b[k] - ax;
        if (w > 1e-12 * scale && w > best_w && A[k * p + k] > 0.0) {
          best_w = w;
          best = k;
        }
      }
      if (best < 0) return changes;
      passive_[best] = true;
      just_added = best;
      ++changes;
    }
    return changes;
  }

  // Cholesky solve of A_PP z_P = b_P into z_.  Returns the variable whose pivot vanished
  // (no information about it), or -1 on success.
  template <int P>
  int solve_passive(const double* A, const double* b) {
    const int p = P > 0 ? P : p_;
    int q = 0;
    for (int k = 0; k < p; ++k)
      if (passive_[k]) index_[q++] = k;
    for (int r = 0; r < q; ++r)
      for (int c = 0; c <= r; ++c) sub_[r * p + c] = A[index_[r] * p + index_[c]];
    for (int r = 0; r < q; ++r) {
      for (int c = 0; c <= r; ++c) {
        double s = sub_[r * p + c];
        for (int t = 0; t < c; ++t) s -= sub_[r * p + t] * sub_[c * p + t];
        if (r == c) {
          const double diag = A[index_[r] * p + index_[r]];
          if (!(s > 1e-13 * diag) || !(diag > 0.0)) return index_[r];
          sub_[r * p + r] = std::sqrt(s);
        } else {
          sub_[r * p + c] = s / sub_[c * p + c];
        }
      }
    }
    for (int r = 0; r < q; ++r) {
      double s = b[index_[r]];
      for (int t = 0; t < r; ++t) s -= sub_[r * p + t] * rhs_[t];
      rhs_[r] = s / sub_[r * p + r];
    }
    for (int r = q - 1; r >= 0; --r) {
      double s = rhs_[r];
      for (int t = r + 1; t < q; ++t) s -= sub_[t * p + r] * rhs_[t];
      rhs_[r] = s / sub_[r * p + r];
    }
    for (int k = 0; k < p; ++k) z_[k] = 0.0;
    for (int r = 0; r < q; ++r) z_[index_[r]] = rhs_[r];
    return -1;
  }

  int p_;
  std::vector<char> passive_;
  std::vector<int> index_;
  std::vector<double> sub_, z_, rhs_;
};

}  // namespace aqm::pmf::detail
