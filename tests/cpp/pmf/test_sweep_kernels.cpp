#include <doctest/doctest.h>

#include <aqm/core/random.hpp>
#include <aqm/pmf/detail/sweep_kernels.hpp>
#include <aqm/pmf/detail/weighted_gram.hpp>
#include <Eigen/Dense>
#include <cmath>

using RowMatrix = aqm::pmf::detail::RowMatrix;

TEST_CASE("residual sums and robust weights by the PMF 5.0 definitions, element by element") {
  aqm::RandomStream rng(3);
  const double alpha = 4.0;
  for (const int m : {1, 4, 7, 13}) {  // full vectors, padded tails, both
    const int n = 5, p = 3;
    RowMatrix X(n, m), inv_u(n, m), G(n, p), F(p, m);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < m; ++j) {
        X(i, j) = 10.0 * rng.normal();  // large residuals: both sides of alpha
        inv_u(i, j) = 0.5 + rng.uniform();
      }
    for (int i = 0; i < n; ++i)
      for (int k = 0; k < p; ++k) G(i, k) = rng.uniform();
    for (int k = 0; k < p; ++k)
      for (int j = 0; j < m; ++j) F(k, j) = rng.uniform();
    RowMatrix W(n, m), WX(n, m);
    const auto s = aqm::pmf::detail::residual_sums(X.data(), inv_u.data(), G.data(), F.data(), n, m,
                                                   p, alpha, W.data(), WX.data());
    double q_true = 0, q_robust = 0, huber = 0;
    int outside = 0;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < m; ++j) {
        const double r = (X(i, j) - G.row(i).dot(F.col(j))) * inv_u(i, j), a = std::abs(r);
        q_true += r * r;
        q_robust += a <= alpha ? r * r : alpha * a;  // PMF 5.0: (e/s)² ÷ (|e/s|/α) beyond α
        huber += a <= alpha ? r * r : 2 * alpha * a - alpha * alpha;
        const double h2 = std::max(1.0, a / alpha);
        CHECK(W(i, j) == doctest::Approx(inv_u(i, j) * inv_u(i, j) / h2).epsilon(1e-14));
        CHECK(WX(i, j) == doctest::Approx(X(i, j) * inv_u(i, j) * inv_u(i, j) / h2).epsilon(1e-14));
        outside += a > alpha;
      }
    CHECK(outside > 0);
    CHECK(s.q_true == doctest::Approx(q_true).epsilon(1e-13));
    CHECK(s.q_robust == doctest::Approx(q_robust).epsilon(1e-13));
    CHECK(s.huber == doctest::Approx(huber).epsilon(1e-13));
  }
}

TEST_CASE("packed weighted normal equations equal Fᵀ diag(w) F and Fᵀ diag(w) x row by row") {
  aqm::RandomStream rng(5);
  for (const int p : {1, 2, 5, 6, 11}) {  // 11: the run-time-sized kernel
    const int rows = 6, cols = 9;
    RowMatrix W(rows, cols), WX(rows, cols), V(cols, p), A, B;
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        W(r, c) = rng.uniform();
        WX(r, c) = rng.normal();
      }
    for (int c = 0; c < cols; ++c)
      for (int k = 0; k < p; ++k) V(c, k) = rng.normal();
    aqm::pmf::detail::WeightedGram(p).build(W, WX, V, A, B);
    for (int r = 0; r < rows; ++r) {
      const Eigen::MatrixXd expected_a = V.transpose() * W.row(r).transpose().asDiagonal() * V;
      const Eigen::VectorXd expected_b = V.transpose() * WX.row(r).transpose();
      for (int k = 0; k < p; ++k) {
        CHECK(B(r, k) == doctest::Approx(expected_b(k)).epsilon(1e-13));
        for (int l = 0; l < p; ++l)
          CHECK(A(r, k * p + l) == doctest::Approx(expected_a(k, l)).epsilon(1e-13));
      }
    }
  }
}
