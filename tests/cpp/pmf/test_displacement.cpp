#include <doctest/doctest.h>

#include <aqm/core/random.hpp>
#include <aqm/pmf/detail/pinned_fit.hpp>
#include <aqm/pmf/displacement.hpp>
#include <cmath>

using namespace aqm::pmf;

namespace {
struct Case {
  Eigen::MatrixXd X, U, G, F;
};

// Two sources with exclusive species and days when only one source is present: zeros in F
// and G block every rotation, so the solution is unique and DISP measures noise alone.
// Noise = c × U0 × ε with the same ε for every c.
Case make_case(double c) {
  aqm::RandomStream rng(31);
  const int n = 80, m = 6, p = 2;
  Eigen::MatrixXd G(n, p), F(p, m);
  F << 1.0, 0.8, 0.6, 0.0, 0.0, 0.1,  //
      0.0, 0.1, 0.0, 1.2, 0.9, 0.5;
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < p; ++k) G(i, k) = rng.lognormal(0.0, 0.5);
  for (int i = 0; i < 10; ++i) G(i, 1) = G(i + 10, 0) = 0.0;
  const Eigen::MatrixXd truth = G * F;
  Case s;
  const Eigen::MatrixXd u0 = 0.05 * truth.array() + 0.01;
  s.U = c * u0;
  s.X = truth;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j) s.X(i, j) += s.U(i, j) * rng.normal();
  SolveOptions o;
  o.n_factors = p;
  o.robust = false;
  o.tol = 1e-10;
  aqm::RandomStream start(3);
  const auto fit0 = fit(s.X, s.U, o, start);
  s.G = fit0.G;
  s.F = fit0.F;
  return s;
}

DisplacementOptions disp_options(std::vector<double> levels) {
  DisplacementOptions d;
  d.dq_max = std::move(levels);
  d.bisection_steps = 8;
  d.solve.robust = false;
  d.solve.tol = 1e-10;
  d.n_threads = 1;
  return d;
}
}  // namespace

TEST_CASE(
    "pinned refit holds the element and the factor's contribution sum, and cannot beat the base") {
  const auto s = make_case(1.0);
  SolveOptions o;
  o.n_factors = 2;
  o.robust = false;
  o.tol = 1e-10;
  const double q_base = q_values(s.X, s.U, s.G, s.F, 4.0).q_true;
  const double sum = s.G.col(0).sum();
  for (double factor : {1.0, 0.8, 1.3}) {
    const double v = s.F(0, 1) * factor;
    const auto r = detail::fit_pinned(s.X, s.U, o, s.G, s.F, {0, 1, v, sum});
    CHECK(r.F(0, 1) == v);
    CHECK(r.G.col(0).sum() == doctest::Approx(sum).epsilon(1e-8));
    CHECK(r.q_true >= q_base * (1 - 1e-9));
    if (factor == 1.0) CHECK(r.q_true == doctest::Approx(q_base).epsilon(1e-7));
    if (factor != 1.0) CHECK(r.q_true > q_base + 1.0);  // the scale cannot absorb the displacement
  }
}

TEST_CASE("DISP intervals: nested, around the base, quadratic in dQ, proportional to the noise") {
  const auto s = make_case(1.0);
  const auto d = displacement(s.X, s.U, s.G, s.F, disp_options({4.0, 16.0}));
  CHECK(d.largest_decrease > -1e-6 * d.q_base);
  CHECK(d.swaps.sum() == 0);
  Eigen::MatrixXd base = s.F;
  for (int k = 0; k < 2; ++k) base.row(k) *= s.G.col(k).mean();
  int quadratic = 0, counted = 0;
  for (int k = 0; k < 2; ++k)
    for (int j = 0; j < 6; ++j) {
      CHECK(d.lower[1](k, j) <= d.lower[0](k, j) + 1e-12);
      CHECK(d.lower[0](k, j) <= base(k, j) + 1e-12);
      CHECK(base(k, j) <= d.upper[0](k, j) + 1e-12);
      CHECK(d.upper[0](k, j) <= d.upper[1](k, j) + 1e-12);
      // Near a minimum dQ ≈ (δ/σ)², so the dQ = 16 half-width is twice the dQ = 4 one
      // (elements at zero sit on the non-negativity boundary, where Q is not quadratic).
      const double w4 = d.upper[0](k, j) - base(k, j), w16 = d.upper[1](k, j) - base(k, j);
      if (base(k, j) > 0.0) {
        ++counted;
        quadratic += std::abs(w16 / w4 - 2.0) < 0.02;
      }
    }
  CHECK(counted == 8);
  CHECK(quadratic == counted);
  // Halving every uncertainty (and the noise drawn from it) halves the intervals.
  const auto half = make_case(0.5);
  const auto dh = displacement(half.X, half.U, half.G, half.F, disp_options({4.0, 16.0}));
  const double width = (d.upper[0] - d.lower[0]).sum(),
               width_half = (dh.upper[0] - dh.lower[0]).sum();
  CHECK(width_half / width == doctest::Approx(0.5).epsilon(0.15));
  CHECK_THROWS_WITH_AS(displacement(s.X, s.U, s.G, s.F, disp_options({8.0, 4.0})),
                       doctest::Contains("dq_max"), aqm::InvalidArgument);
}

namespace {
// dQ where f_kj is pinned at `value`, refitted from the base solution (the definition of DISP,
// with none of the search's shortcuts).
double dq_from_base(const Case& s, const DisplacementOptions& d, int k, int j, double value) {
  SolveOptions o = d.solve;
  o.n_factors = 2;
  const double q_base = q_values(s.X, s.U, s.G, s.F, 4.0).q_true;
  const auto r = detail::fit_pinned(s.X, s.U, o, s.G, s.F, {k, j, value, s.G.col(k).sum()});
  return r.q_true - q_base;
}

// The value where dQ from the base crosses `target`, by 30 plain bisection steps in [v0, v1].
double crossing_from_base(const Case& s, const DisplacementOptions& d, int k, int j, double v0,
                          double v1, double target) {
  for (int step = 0; step < 30; ++step) {
    const double mid = 0.5 * (v0 + v1);
    (dq_from_base(s, d, k, j, mid) < target ? v0 : v1) = mid;
  }
  return 0.5 * (v0 + v1);
}
}  // namespace

TEST_CASE("DISP bounds match refits from the base to 2 % of the interval width") {
  // The acceptance check for any shortcut in the search (warm starts, secant steps): every
  // crossing is located afresh by 30 bisections with refits from the base, for every element
  // away from zero (those at zero have no lower crossing) and both levels.
  const auto s = make_case(1.0);
  DisplacementOptions d = disp_options({4.0, 16.0});
  d.bisection_steps = 5;  // the DISP default: the tolerance must hold at the production setting
  const auto r = displacement(s.X, s.U, s.G, s.F, d);
  int checked = 0;
  for (int k = 0; k < 2; ++k) {
    const double scale = s.G.col(k).mean();
    for (int j = 0; j < 6; ++j) {
      const double v0 = s.F(k, j);
      if (v0 <= 0.0) continue;
      for (std::size_t l = 0; l < 2; ++l) {
        const double lo = r.lower[l](k, j) / scale, hi = r.upper[l](k, j) / scale;
        const double tol = 0.02 * (hi - lo);
        if (lo > 0.0) {
          CHECK(std::abs(lo - crossing_from_base(s, d, k, j, v0, 0.0, d.dq_max[l])) < tol);
          ++checked;
        }
        CHECK(std::abs(hi - crossing_from_base(s, d, k, j, v0, 10.0 * hi, d.dq_max[l])) < tol);
        ++checked;
      }
    }
  }
  CHECK(checked >= 24);
}

TEST_CASE("DISP gives identical results on 1 and 2 threads") {
  const auto s = make_case(1.0);
  DisplacementOptions d = disp_options({4.0, 16.0});
  const auto one = displacement(s.X, s.U, s.G, s.F, d);
  d.n_threads = 2;
  const auto two = displacement(s.X, s.U, s.G, s.F, d);
  for (std::size_t l = 0; l < 2; ++l) {
    CHECK(one.lower[l] == two.lower[l]);
    CHECK(one.upper[l] == two.upper[l]);
  }
  CHECK(one.swaps == two.swaps);
  CHECK(one.fits == two.fits);
  CHECK(one.largest_decrease == two.largest_decrease);
}
