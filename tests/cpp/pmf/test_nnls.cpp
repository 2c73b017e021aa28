#include <doctest/doctest.h>

#include <aqm/core/random.hpp>
#include <aqm/pmf/detail/nnls.hpp>
#include <aqm/pmf/detail/sweep_kernels.hpp>
#include <Eigen/Dense>
#include <limits>

using aqm::pmf::detail::NnlsSolver;

namespace {
// Reference: enumerate every support set, solve the equality problem on it, keep the feasible
// point with the lowest objective (exact for small p; independent of the active-set logic).
Eigen::VectorXd brute_force(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  const int p = static_cast<int>(b.size());
  Eigen::VectorXd best = Eigen::VectorXd::Zero(p);
  double best_obj = 0.0;
  for (int mask = 1; mask < (1 << p); ++mask) {
    std::vector<int> idx;
    for (int k = 0; k < p; ++k)
      if (mask & (1 << k)) idx.push_back(k);
    Eigen::MatrixXd S(idx.size(), idx.size());
    Eigen::VectorXd r(idx.size());
    for (std::size_t a = 0; a < idx.size(); ++a) {
      r(a) = b(idx[a]);
      for (std::size_t c = 0; c < idx.size(); ++c) S(a, c) = A(idx[a], idx[c]);
    }
    const Eigen::VectorXd z = S.ldlt().solve(r);
    if ((z.array() < 0).any()) continue;
    Eigen::VectorXd x = Eigen::VectorXd::Zero(p);
    for (std::size_t a = 0; a < idx.size(); ++a) x(idx[a]) = z(a);
    const double obj = 0.5 * x.dot(A * x) - b.dot(x);
    if (obj < best_obj) {
      best_obj = obj;
      best = x;
    }
  }
  return best;
}
}  // namespace

TEST_CASE("NNLS matches exhaustive support enumeration on random problems, cold and warm") {
  aqm::RandomStream rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    const int p = 2 + trial % 6;
    Eigen::MatrixXd M(p + 3, p);
    for (int i = 0; i < M.rows(); ++i)
      for (int k = 0; k < p; ++k) M(i, k) = rng.normal();
    Eigen::MatrixXd A = M.transpose() * M;
    Eigen::VectorXd b(p);
    for (int k = 0; k < p; ++k) b(k) = rng.normal();
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> Ar = A;
    const Eigen::VectorXd expected = brute_force(A, b);
    Eigen::VectorXd cold = Eigen::VectorXd::Zero(p);
    NnlsSolver(p).solve(Ar.data(), b.data(), cold.data());
    CHECK((cold - expected).norm() <= 1e-9 * (1.0 + expected.norm()));
    Eigen::VectorXd warm(p);  // any feasible start
    for (int k = 0; k < p; ++k) warm(k) = rng.uniform();
    NnlsSolver(p).solve(Ar.data(), b.data(), warm.data());
    CHECK((warm - expected).norm() <= 1e-9 * (1.0 + expected.norm()));
  }
}

TEST_CASE("NNLS by hand: the unconstrained optimum has a negative entry") {
  // A = I, b = (1, -2): unconstrained x = (1, -2), constrained optimum (1, 0).
  double A[4] = {1, 0, 0, 1}, b[2] = {1, -2}, x[2] = {0, 0};
  NnlsSolver(2).solve(A, b, x);
  CHECK(x[0] == doctest::Approx(1.0));
  CHECK(x[1] == 0.0);
  // A singular in one variable (a factor with no information) pins it at zero.
  double As[4] = {2, 0, 0, 0}, bs[2] = {4, 0}, xs[2] = {1, 1};
  NnlsSolver(2).solve(As, bs, xs);
  CHECK(xs[0] == doctest::Approx(2.0));
  CHECK(xs[1] == 0.0);
}

TEST_CASE("row-batched NNLS matches exhaustive enumeration, a row keeping its support or not") {
  aqm::RandomStream rng(11);
  for (int p = 2; p <= 9; ++p) {  // 9: beyond the vector kernels, the scalar path
    const int n = 23;             // not a multiple of four: a scalar tail as well
    std::vector<double> A(n * p * p), B(n * p), X(n * p);
    std::vector<Eigen::VectorXd> expected;
    for (int i = 0; i < n; ++i) {
      Eigen::MatrixXd M(p + 3, p);
      for (int r = 0; r < M.rows(); ++r)
        for (int k = 0; k < p; ++k) M(r, k) = rng.normal();
      if (i % 7 == 3) M.col(p - 1).setZero();  // a variable with no information
      const Eigen::MatrixXd Ai = M.transpose() * M;
      Eigen::VectorXd b(p);
      for (int k = 0; k < p; ++k) b(k) = rng.normal();
      expected.push_back(brute_force(Ai, b));
      for (int r = 0; r < p; ++r) {
        B[i * p + r] = b(r);
        for (int c = 0; c < p; ++c) A[i * p * p + r * p + c] = Ai(r, c);
        // Half the rows start on their optimal support (the fast lanes), half anywhere.
        X[i * p + r] = i % 2 ? (expected.back()(r) > 0 ? rng.uniform() : 0.0) : rng.uniform();
      }
    }
    NnlsSolver fallback(p);
    aqm::pmf::detail::nnls_rows(A.data(), B.data(), X.data(), n, p, fallback);
    for (int i = 0; i < n; ++i) {
      const Eigen::Map<const Eigen::VectorXd> x(X.data() + i * p, p);
      CHECK((x - expected[i]).norm() <= 1e-9 * (1.0 + expected[i].norm()));
    }
  }
}
