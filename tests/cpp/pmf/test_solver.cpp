#include <doctest/doctest.h>

#include <aqm/core/random.hpp>
#include <aqm/pmf/base_runs.hpp>
#include <aqm/pmf/solver.hpp>
#include <cmath>

using namespace aqm::pmf;

namespace {
// A known-truth problem: 3 sources with distinct marker species, log-normal contributions,
// noise drawn with the stated uncertainties (so the minimum Q is close to Q_exp).
struct Synthetic {
  Eigen::MatrixXd G, F, X, U;
};

Synthetic make_synthetic(std::uint64_t seed, int n = 200, int m = 12, int p = 3) {
  aqm::RandomStream rng(seed);
  Synthetic s;
  s.G.resize(n, p);
  s.F = Eigen::MatrixXd::Constant(p, m, 0.02);
  for (int k = 0; k < p; ++k)
    for (int j = 0; j < m; ++j)
      if (j % p == k) s.F(k, j) = 1.0 + j * 0.1;  // marker species of source k
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < p; ++k) s.G(i, k) = rng.lognormal(0.0, 0.6);
  const Eigen::MatrixXd truth = s.G * s.F;
  s.U = 0.05 * truth.array() + 0.02;
  s.X = truth;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j) s.X(i, j) += s.U(i, j) * rng.normal();
  return s;
}

// Largest angle mismatch between fitted and true profiles after matching each true profile to
// its most similar fitted one: returns the smallest cosine similarity.
double worst_profile_cosine(const Eigen::MatrixXd& F, const Eigen::MatrixXd& truth) {
  double worst = 1.0;
  for (Eigen::Index k = 0; k < truth.rows(); ++k) {
    double best = 0.0;
    for (Eigen::Index h = 0; h < F.rows(); ++h) {
      const double c =
          truth.row(k).dot(F.row(h)) / (truth.row(k).norm() * F.row(h).norm() + 1e-300);
      best = std::max(best, c);
    }
    worst = std::min(worst, best);
  }
  return worst;
}
}  // namespace

TEST_CASE("Q(true) and Q(robust) by hand (PMF 5.0 definitions, alpha = 4)") {
  Eigen::MatrixXd X(2, 2), U = Eigen::MatrixXd::Ones(2, 2), G(2, 1), F(1, 2);
  X << 1, 2, 3, 10;
  G << 1, 1;
  F << 1, 2;
  // scaled residuals 0, 0, 2, 8: Q(true) = 4 + 64; Q(robust) = 4 + 4·8
  const auto q = q_values(X, U, G, F, 4.0);
  CHECK(q.q_true == doctest::Approx(68.0));
  CHECK(q.q_robust == doctest::Approx(36.0));
}

TEST_CASE("ALS recovers known profiles and reaches Q near Q_exp") {
  const auto s = make_synthetic(11);
  SolveOptions o;
  o.n_factors = 3;
  o.robust = false;
  aqm::RandomStream stream(5);
  const auto r = fit(s.X, s.U, o, stream);
  CHECK(r.converged);
  const double q_exp = 200.0 * 12 - 3.0 * (200 + 12);
  CHECK(r.q_true > 0.85 * q_exp);
  CHECK(r.q_true < 1.15 * q_exp);
  CHECK(worst_profile_cosine(r.F, s.F) > 0.98);  // 5 % noise leaves some rotational freedom
  CHECK((r.G.array() >= 0).all());
  CHECK((r.F.array() >= 0).all());
  // The true factors themselves score no better than the fit (it is a minimum).
  CHECK(r.q_true <= q_values(s.X, s.U, s.G, s.F, 4.0).q_true);
}

TEST_CASE("noise-free data are fitted exactly") {
  auto s = make_synthetic(3, 60, 9, 3);
  s.X = s.G * s.F;
  SolveOptions o;
  o.n_factors = 3;
  o.robust = false;
  o.tol = 1e-12;
  o.max_iter = 5000;
  aqm::RandomStream stream(1);
  const auto r = fit(s.X, s.U, o, stream);
  CHECK(r.q_true < 1e-6 * s.X.size());
}

TEST_CASE("robust mode inside the fit resists outliers that pull the plain fit") {
  auto s = make_synthetic(21);
  aqm::RandomStream rng(99);
  for (int t = 0; t < 25; ++t) {  // gross outliers on one non-marker-heavy species
    const auto i = static_cast<Eigen::Index>(rng.uniform_index(200));
    s.X(i, 4) += 60.0 * s.U(i, 4);
  }
  SolveOptions o;
  o.n_factors = 3;
  o.robust = false;
  aqm::RandomStream a(2), b(2);
  const auto plain = fit(s.X, s.U, o, a);
  o.robust = true;
  const auto robust = fit(s.X, s.U, o, b);
  const double err_plain = 1.0 - worst_profile_cosine(plain.F, s.F);
  const double err_robust = 1.0 - worst_profile_cosine(robust.F, s.F);
  CHECK(err_robust < 0.5 * err_plain);
  CHECK(robust.q_robust < plain.q_robust);
}

TEST_CASE("LS-NMF reference method and ALS reach the same minimum") {
  const auto s = make_synthetic(8, 120, 12, 3);
  SolveOptions o;
  o.n_factors = 3;
  o.robust = false;
  o.tol = 1e-9;
  aqm::RandomStream a(4), b(4);
  const auto als = fit(s.X, s.U, o, a);
  o.method = Method::ls_nmf;
  o.max_iter = 50000;
  const auto mu = fit(s.X, s.U, o, b);
  CHECK(mu.iterations > als.iterations);
  CHECK(mu.q_true == doctest::Approx(als.q_true).epsilon(1e-4));
  // Same Q, but the minimum is a flat valley of rotations (5 % noise): the two methods may stop
  // at different points of it, so the profiles agree less tightly than Q.
  CHECK(worst_profile_cosine(mu.F, als.F) > 0.98);
}

TEST_CASE(
    "base runs: same seed gives identical results at 1 and 2 threads; the best is the lowest "
    "Q(robust)") {
  const auto s = make_synthetic(5, 150, 12, 3);
  BaseRunOptions o;
  o.solve.n_factors = 3;
  o.n_runs = 6;
  o.seed = 1234;
  o.n_threads = 1;
  const auto one = base_runs(s.X, s.U, o);
  o.n_threads = 2;
  const auto two = base_runs(s.X, s.U, o);
  REQUIRE(one.runs.size() == 6);
  for (std::size_t k = 0; k < one.runs.size(); ++k) {
    CHECK(one.runs[k].q_robust == two.runs[k].q_robust);
    CHECK(one.runs[k].iterations == two.runs[k].iterations);
  }
  CHECK(one.best.G == two.best.G);
  for (const auto& r : one.runs) CHECK(one.runs[one.best_run].q_robust <= r.q_robust);
  o.seed = 1235;
  const auto other = base_runs(s.X, s.U, o);
  CHECK(other.runs[0].q_robust != one.runs[0].q_robust);
}

TEST_CASE("bad solver input is rejected with the parameter named") {
  const auto s = make_synthetic(2, 30, 6, 2);
  SolveOptions o;
  o.n_factors = 6;
  aqm::RandomStream r(1);
  CHECK_THROWS_WITH_AS(fit(s.X, s.U, o, r), doctest::Contains("n_factors"), aqm::InvalidArgument);
  o.n_factors = 2;
  Eigen::MatrixXd bad = s.U;
  bad(3, 2) = 0.0;
  CHECK_THROWS_WITH_AS(fit(s.X, bad, o, r), doctest::Contains("4:3"), aqm::InvalidArgument);
  o.method = Method::ls_nmf;
  Eigen::MatrixXd neg = s.X;
  neg(0, 0) = -1.0;
  CHECK_THROWS_WITH_AS(fit(neg, s.U, o, r), doctest::Contains("ls-nmf"), aqm::InvalidArgument);
  CHECK_THROWS_AS(parse_method("gauss"), aqm::InvalidArgument);
  BaseRunOptions b;
  b.n_runs = 0;
  CHECK_THROWS_WITH_AS(base_runs(s.X, s.U, b), doctest::Contains("n_runs"), aqm::InvalidArgument);
}

TEST_CASE("property: Q never increases over the iterations of the non-robust solvers") {
  const auto s = make_synthetic(17, 120, 12, 3);
  for (Method method : {Method::als, Method::ls_nmf}) {
    SolveOptions o;
    o.n_factors = 3;
    o.robust = false;
    o.method = method;
    o.max_iter = method == Method::als ? 300 : 3000;
    aqm::RandomStream stream(9);
    const auto r = fit(s.X, s.U, o, stream);
    REQUIRE(r.q_history.size() == static_cast<std::size_t>(r.iterations));
    int increases = 0;
    for (std::size_t t = 1; t < r.q_history.size(); ++t)
      if (r.q_history[t] > r.q_history[t - 1] * (1.0 + 1e-12)) ++increases;
    CHECK(increases == 0);
    CHECK(r.q_history.back() == doctest::Approx(r.q_true));
  }
}

TEST_CASE("property: permuting samples permutes contributions and leaves profiles unchanged") {
  const auto s = make_synthetic(23, 150, 12, 3);
  const Eigen::Index n = s.X.rows();
  Eigen::VectorXi perm(n);
  for (Eigen::Index i = 0; i < n; ++i)
    perm(i) = static_cast<int>((i * 37 + 11) % n);  // 37 coprime to 150
  Eigen::MatrixXd Xp(n, s.X.cols()), Up(n, s.X.cols());
  for (Eigen::Index i = 0; i < n; ++i) {
    Xp.row(i) = s.X.row(perm(i));
    Up.row(i) = s.U.row(perm(i));
  }
  SolveOptions o;
  o.n_factors = 3;
  o.tol = 1e-10;
  aqm::RandomStream a(3), b(3);
  const auto r = fit(s.X, s.U, o, a);
  const auto rp = fit(Xp, Up, o, b);
  CHECK(rp.q_robust == doctest::Approx(r.q_robust).epsilon(1e-8));
  CHECK((rp.F - r.F).norm() <= 1e-6 * r.F.norm());
  for (Eigen::Index i = 0; i < n; ++i)
    CHECK((rp.G.row(i) - r.G.row(perm(i))).norm() <= 1e-6 * (1.0 + r.G.row(perm(i)).norm()));
}

TEST_CASE("base_run_from: one run from a given start, with the run table and diagnostics") {
  // Noise-free X = G F: the true factors are an exact solution, so Q(true) starts (and stays)
  // at 0 and the run is a one-row table whose best is the start.
  const auto s = make_synthetic(8, 80, 9, 3);
  const Eigen::MatrixXd exact = s.G * s.F;
  SolveOptions o;
  o.n_factors = 3;
  const BaseRunResult r = base_run_from(exact, s.U, o, s.G, s.F);
  REQUIRE(r.runs.size() == 1);
  CHECK(r.runs[0].run == 1);
  CHECK(r.best_run == 0);
  CHECK(!r.refined);
  CHECK(r.best.q_true < 1e-16);
  CHECK(r.runs[0].q_true == r.best.q_true);
  CHECK((r.best.G * r.best.F - exact).cwiseAbs().maxCoeff() < 1e-9);
  CHECK(r.diagnostics.q_exp == doctest::Approx(80.0 * 9 - 3.0 * (80 + 9)));  // nm - p(n+m)
  // A start of the wrong shape is refused, naming the start.
  CHECK_THROWS_WITH_AS(base_run_from(exact, s.U, o, s.G, s.F.leftCols(8)),
                       doctest::Contains("start"), aqm::InvalidArgument);
}
