#include <doctest/doctest.h>

#include <aqm/core/error.hpp>
#include <aqm/core/random.hpp>
#include <aqm/pmf/fpeak.hpp>
#include <cmath>

using namespace aqm::pmf;

namespace {

// Two sources, no zero in G or F: the exact data X = G F admit a range of rotations.  Worked
// by hand for these profiles (rows f1, f2):
//   f1 = (1.0, 0.6, 0.3, 0.2), f2 = (0.2, 0.5, 0.8, 1.0)
//   F edge (rows subtracted, φ > 0): a = min_j f1j/f2j = 0.2/1.0, b = min_j f2j/f1j = 0.2/1.0
//     f1' = f1 − 0.2 f2 = (0.96, 0.50, 0.14, 0.00),  f2' = f2 − 0.2 f1 = (0.00, 0.38, 0.74, 0.96)
//   G edge (columns subtracted, φ < 0): c = min_i g1i/g2i, d = min_i g2i/g1i; F becomes
//     f1 + d f2 and f2 + c f1 (no zeros), G gains one zero per column.
struct Case {
  Eigen::MatrixXd X, U, G, F;
};

Case exact_case() {
  aqm::RandomStream rng(5);
  const int n = 60, m = 4;
  Case s;
  s.F.resize(2, m);
  s.F << 1.0, 0.6, 0.3, 0.2,  //
      0.2, 0.5, 0.8, 1.0;
  s.G.resize(n, 2);
  for (int i = 0; i < n; ++i) {
    s.G(i, 0) = 0.5 + rng.uniform();
    s.G(i, 1) = 0.5 + rng.uniform();
  }
  s.X = s.G * s.F;
  s.U = 0.05 * s.X.array() + 0.01;
  return s;
}

Eigen::RowVectorXd shape(const Eigen::RowVectorXd& f) { return f / f.maxCoeff(); }

SolveOptions tight() {
  SolveOptions o;
  o.robust = false;
  o.tol = 1e-9;
  o.window = 20;
  o.max_iter = 5000;
  return o;
}

}  // namespace

TEST_CASE("fpeak: phi = 0 returns the base run unchanged with dQ = 0") {
  const Case s = exact_case();
  FpeakOptions o;
  o.strengths = {0.0};
  o.solve = tight();
  const FpeakResult r = fpeak(s.X, s.U, s.G, s.F, o);
  REQUIRE(r.runs.size() == 1);
  CHECK(r.runs[0].G == s.G);
  CHECK(r.runs[0].F == s.F);
  CHECK(r.runs[0].dq == 0.0);
}

TEST_CASE("fpeak: positive phi rotates to the hand-computed edge with zeros in F") {
  const Case s = exact_case();
  FpeakOptions o;
  o.strengths = {0.02};  // a weak pull: the free rotation runs to the edge, barely beyond
  o.solve = tight();
  const FpeakRun r = fpeak(s.X, s.U, s.G, s.F, o).runs[0];
  Eigen::RowVectorXd e1(4), e2(4);
  e1 << 0.96, 0.50, 0.14, 0.00;
  e2 << 0.00, 0.38, 0.74, 0.96;
  const Eigen::RowVectorXd f1 = shape(r.F.row(0)), f2 = shape(r.F.row(1));
  CHECK((f1 - shape(e1)).cwiseAbs().maxCoeff() < 0.01);
  CHECK((f2 - shape(e2)).cwiseAbs().maxCoeff() < 0.01);
  // The fit stays nearly exact: the rotation was free up to the edge.
  CHECK(r.q_true < 0.01 * s.X.size());
  // A stronger pull goes past the edge at a cost in Q.
  o.strengths = {0.2};
  CHECK(fpeak(s.X, s.U, s.G, s.F, o).runs[0].q_true > 10.0 * r.q_true);
  CHECK(r.G.minCoeff() > 0.05);  // G did not reach its own edge
}

TEST_CASE("fpeak: negative phi rotates to the G edge instead") {
  const Case s = exact_case();
  double c = 1e300, d = 1e300;
  for (Eigen::Index i = 0; i < s.G.rows(); ++i) {
    c = std::min(c, s.G(i, 0) / s.G(i, 1));
    d = std::min(d, s.G(i, 1) / s.G(i, 0));
  }
  FpeakOptions o;
  o.strengths = {-0.02};
  o.solve = tight();
  const FpeakRun r = fpeak(s.X, s.U, s.G, s.F, o).runs[0];
  const Eigen::RowVectorXd e1 = s.F.row(0) + d * s.F.row(1), e2 = s.F.row(1) + c * s.F.row(0);
  CHECK((shape(r.F.row(0)) - shape(e1)).cwiseAbs().maxCoeff() < 0.01);
  CHECK((shape(r.F.row(1)) - shape(e2)).cwiseAbs().maxCoeff() < 0.01);
  for (int k = 0; k < 2; ++k) CHECK(r.G.col(k).minCoeff() < 0.01 * r.G.col(k).mean());
  CHECK(r.q_true < 0.01 * s.X.size());
  CHECK(r.F.minCoeff() > 0.05 * r.F.maxCoeff());
}

TEST_CASE("fpeak: with noise dQ >= 0 and grows with |phi|") {
  aqm::RandomStream rng(17);
  Case s = exact_case();
  for (Eigen::Index i = 0; i < s.X.rows(); ++i)
    for (Eigen::Index j = 0; j < s.X.cols(); ++j)
      s.X(i, j) = std::max(0.0, s.X(i, j) + s.U(i, j) * rng.normal());
  SolveOptions o0 = tight();
  o0.n_factors = 2;
  const FitResult base = fit_from(s.X, s.U, o0, s.G, s.F);
  FpeakOptions o;
  o.strengths = {0.5, 1.0, 2.0, -0.5, -1.0, -2.0};
  o.solve = tight();
  const FpeakResult r = fpeak(s.X, s.U, base.G, base.F, o);
  for (const auto& run : r.runs) {
    CHECK(run.dq >= -1e-6 * r.q_robust_base);
    CHECK(run.percent_dq == doctest::Approx(100.0 * run.dq / r.q_robust_base));
  }
  CHECK(r.runs[1].dq > r.runs[0].dq);
  CHECK(r.runs[2].dq > r.runs[1].dq);
  CHECK(r.runs[4].dq > r.runs[3].dq);
  CHECK(r.runs[5].dq > r.runs[4].dq);
}

TEST_CASE("fpeak: bad input is named") {
  const Case s = exact_case();
  FpeakOptions o;
  o.strengths = {std::nan("")};
  CHECK_THROWS_AS(fpeak(s.X, s.U, s.G, s.F, o), aqm::InvalidArgument);
  o.strengths = {0.5};
  CHECK_THROWS_AS(fpeak(s.X, s.U, s.G.topRows(10), s.F, o), aqm::InvalidArgument);
}
