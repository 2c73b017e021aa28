#pragma once
// Small dense non-negative least squares on normal equations:
//   minimise ½ xᵀ A x − bᵀ x  subject to x >= 0,
// A symmetric positive semi-definite (p × p, p ~ 2–20), by the active-set method of Lawson &
// Hanson (1974, "Solving Least Squares Problems", ch. 23) warm-started from a feasible x, so
// that in an alternating fit most calls end after one LDLᵀ solve on the previous support.
#include <cmath>
#include <vector>

namespace aqm::pmf::detail {

class NnlsSolver {
 public:
  explicit NnlsSolver(int p) : p_(p), passive_(p), numbers_(p * (p + 4)) {}

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
  // Work arrays: on the stack for compile-time P (no aliasing with A and b, so the small loops
  // stay in registers), the members otherwise.
  struct Work {
    char* passive;
    double *L, *d, *inv_d, *z, *y;  // p·p, then p each
  };

  template <int P>
  int solve_impl(const double* A, const double* b, double* x) {
    if constexpr (P > 0) {
      char passive[P];
      double numbers[P * (P + 4)];
      return active_set<P>(A, b, x,
                           Work{passive, numbers, numbers + P * P, numbers + P * P + P,
                                numbers + P * P + 2 * P, numbers + P * P + 3 * P});
    } else {
      double* n = numbers_.data();
      const int p = p_;
      return active_set<0>(
          A, b, x,
          Work{passive_.data(), n, n + p * p, n + p * p + p, n + p * p + 2 * p, n + p * p + 3 * p});
    }
  }

  template <int P>
  int active_set(const double* A, const double* b, double* x, Work w) {
    const int p = P > 0 ? P : p_;
    char* passive = w.passive;
    const double* z = w.z;
    for (int k = 0; k < p; ++k) {
      if (!(x[k] > 0.0)) x[k] = 0.0;
      passive[k] = x[k] > 0.0;
    }
    int changes = 0;
    const int max_changes = 4 * p + 8;
    int just_added = -1;
    while (changes <= max_changes) {
      // Inner loop: solve on the passive set, stepping back while that leaves the feasible set.
      for (;;) {
        const int singular = solve_passive<P>(A, b, w);
        if (singular >= 0) {  // a variable with no information: pin it at zero
          passive[singular] = false;
          x[singular] = 0.0;
          ++changes;
          continue;
        }
        double step = 1.0;
        int blocking = -1;
        for (int k = 0; k < p; ++k) {
          if (!passive[k] || z[k] > 0.0) continue;
          const double denom = x[k] - z[k];
          const double t = denom > 0.0 ? x[k] / denom : 0.0;
          if (t < step) {
            step = t;
            blocking = k;
          }
        }
        if (blocking < 0) {
          for (int k = 0; k < p; ++k) x[k] = passive[k] ? z[k] : 0.0;
          break;
        }
        if (blocking == just_added && x[blocking] == 0.0) {
          // The variable just freed cannot move up: numerically optimal already.
          passive[blocking] = false;
          return changes;
        }
        for (int k = 0; k < p; ++k) {
          if (!passive[k]) continue;
          x[k] += step * (z[k] - x[k]);
          if (k == blocking || x[k] <= 0.0) {
            x[k] = 0.0;
            passive[k] = false;
          }
        }
        ++changes;
      }
      // Optimality: the gradient b − A x must be <= 0 on every pinned variable.
      int best = -1;
      double best_w = 0.0;
      for (int k = 0; k < p; ++k) {
        if (passive[k]) continue;
        double ax = 0.0, scale = std::abs(b[k]);
        for (int l = 0; l < p; ++l) {
          const double t = A[k * p + l] * x[l];
          ax += t;
          scale += std::abs(t);
        }
        const double gradient = b[k] - ax;
        if (gradient > 1e-12 * scale && gradient > best_w && A[k * p + k] > 0.0) {
          best_w = gradient;
          best = k;
        }
      }
      if (best < 0) return changes;
      passive[best] = true;
      just_added = best;
      ++changes;
    }
    return changes;
  }

  // LDLᵀ solve of A_PP z_P = b_P into z (z = 0 off the passive set); no square roots, which
  // would lengthen the chain of dependent operations each solve is.  The pinned rows and
  // columns are replaced by those of the identity rather than gathered out, so for a
  // compile-time P every loop has a fixed length and unrolls.  Returns the variable whose
  // pivot vanished (no information about it), or -1 on success.
  template <int P>
  int solve_passive(const double* A, const double* b, const Work& w) {
    const int p = P > 0 ? P : p_;
    const char* passive = w.passive;
    double *L = w.L, *D = w.d, *inv_d = w.inv_d, *z = w.z, *y = w.y;
    for (int r = 0; r < p; ++r) {
      double dr = passive[r] ? A[r * p + r] : 1.0;
      for (int c = 0; c < r; ++c) {
        double s = passive[r] && passive[c] ? A[r * p + c] : 0.0;
        for (int t = 0; t < c; ++t) s -= L[r * p + t] * L[c * p + t] * D[t];
        L[r * p + c] = s * inv_d[c];
        dr -= s * L[r * p + c];
      }
      if (passive[r] && (!(dr > 1e-13 * A[r * p + r]) || !(A[r * p + r] > 0.0))) return r;
      D[r] = dr;
      inv_d[r] = 1.0 / dr;
    }
    for (int r = 0; r < p; ++r) {
      double s = passive[r] ? b[r] : 0.0;
      for (int t = 0; t < r; ++t) s -= L[r * p + t] * y[t];
      y[r] = s;
    }
    for (int r = p - 1; r >= 0; --r) {
      double s = y[r] * inv_d[r];
      for (int t = r + 1; t < p; ++t) s -= L[t * p + r] * z[t];
      z[r] = s;
    }
    return -1;
  }

  int p_;
  std::vector<char> passive_;
  std::vector<double> numbers_;
};

}  // namespace aqm::pmf::detail
