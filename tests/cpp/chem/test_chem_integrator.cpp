// Rosenbrock integrators and the kinetic system against analytic solutions and published
// reference values.
#include "chem_test_util.hpp"

#include <Eigen/Dense>
#include <aqm/core/random.hpp>
#include <cmath>

using namespace aqm::chem;
using chem_test::shared_mech;
using chem_test::test_data;

namespace {
const RosenbrockMethod kAll[] = {RosenbrockMethod::ros2, RosenbrockMethod::ros3,
                                 RosenbrockMethod::ros4, RosenbrockMethod::rodas3,
                                 RosenbrockMethod::rodas4};

Mechanism abc(double k1, double k2) {
  return parse_kpp("#DEFVAR\nA = IGNORE; B = IGNORE; C = IGNORE;\n#EQUATIONS\n<1> A = B : " +
                       std::to_string(k1) + ";\n<2> B = C : " + std::to_string(k2) + ";\n",
                   "abc");
}
}  // namespace

TEST_CASE("chem integrators: A -> B -> C matches the analytic solution (every method)") {
  const double k1 = 1e-2, k2 = 3.0;  // stiff: B is fast
  Mechanism m = abc(k1, k2);
  for (RosenbrockMethod meth : kAll) {
    KineticSystem s(m);
    std::vector<double> y = {1e10, 0.0, 0.0};
    RosenbrockOptions opt;
    opt.method = meth;
    opt.rtol = 1e-6;
    opt.atol = 1e-2;
    const double t = 300.0;
    SolveResult r = integrate(s, y, 0.0, t, opt);
    INFO(to_string(meth));
    REQUIRE(r.ok());
    const double a = 1e10 * std::exp(-k1 * t);
    const double b = 1e10 * k1 / (k2 - k1) * (std::exp(-k1 * t) - std::exp(-k2 * t));
    CHECK(y[0] == doctest::Approx(a).epsilon(1e-5));
    CHECK(y[1] == doctest::Approx(b).epsilon(1e-5));
    CHECK(y[2] == doctest::Approx(1e10 - a - b).epsilon(1e-5));
    CHECK(r.stats.accepted > 0);
    CHECK(r.stats.f_evals > r.stats.accepted);
    CHECK(r.stats.decompositions >= r.stats.steps);
  }
}

TEST_CASE("chem integrators: orders of accuracy with fixed steps") {
  // A -> B -> C (k1 = 0.3, k2 = 0.1): B(t) = k1/(k2-k1) (exp(-k1 t) - exp(-k2 t)).
  Mechanism m = abc(0.3, 0.1);
  const double exact = 0.3 / (0.1 - 0.3) * (std::exp(-0.3 * 8) - std::exp(-0.1 * 8));
  const std::pair<RosenbrockMethod, double> orders[] = {{RosenbrockMethod::ros2, 2},
                                                        {RosenbrockMethod::ros3, 3},
                                                        {RosenbrockMethod::ros4, 4},
                                                        {RosenbrockMethod::rodas3, 3},
                                                        {RosenbrockMethod::rodas4, 4}};
  for (auto [meth, p] : orders) {
    std::vector<double> err;
    for (double h : {0.5, 0.25, 0.125}) {
      KineticSystem s(m);
      std::vector<double> y = {1.0, 0.0, 0.0};
      RosenbrockOptions opt;
      opt.method = meth;
      opt.hstart = opt.hmax = h;
      opt.rtol = 0.5;
      opt.atol = 1e30;  // never reject: a fixed-step run
      SolveResult r = integrate(s, y, 0.0, 8.0, opt);
      REQUIRE(r.ok());
      CHECK(r.stats.accepted == static_cast<long>(std::lround(8.0 / h)));
      err.push_back(std::fabs(y[1] - exact));
    }
    const double p2 = std::log2(err[1] / err[2]);
    INFO(to_string(meth) << " observed order " << p2);
    CHECK(p2 > p - 0.3);
    CHECK(p2 < p + 0.5);
  }
}

TEST_CASE("chem integrators: Robertson stiff problem reference values") {
  // Hairer & Wanner, Solving ODEs II, §IV.1 / IV.10: y(40) = (0.7158271, 9.185535e-6, 0.2841637).
  Mechanism m = read_kpp(test_data("robertson.eqn"));
  for (RosenbrockMethod meth : {RosenbrockMethod::ros3, RosenbrockMethod::ros4,
                                RosenbrockMethod::rodas3, RosenbrockMethod::rodas4}) {
    KineticSystem s(m);
    std::vector<double> y = {1.0, 0.0, 0.0};
    RosenbrockOptions opt;
    opt.method = meth;
    opt.rtol = 1e-8;
    opt.atol_species = {1e-12, 1e-16, 1e-12};
    SolveResult r = integrate(s, y, 0.0, 40.0, opt);
    INFO(to_string(meth));
    REQUIRE(r.ok());
    CHECK(y[0] == doctest::Approx(0.7158271).epsilon(3e-7));
    CHECK(y[1] == doctest::Approx(9.185535e-6).epsilon(3e-6));
    CHECK(y[2] == doctest::Approx(0.2841637).epsilon(5e-7));
  }
}

TEST_CASE("chem integrators: AtChem2 manufactured problems (FACSIMILE files)") {
  CHEM_REQUIRE_SHARED();
  Environment env = Environment::from(281.95);
  RosenbrockOptions opt;
  opt.rtol = 1e-9;
  opt.atol = 1e-12;
  {
    Mechanism m = read_facsimile(shared_mech("facsimile/manufactured_firstorder.fac"));
    KineticSystem s(m);
    s.set_environment(env);
    std::vector<double> y = {100.0, 0.0};
    REQUIRE(integrate(s, y, 0.0, 1.0, opt).ok());
    CHECK(y[0] == doctest::Approx(99.06457).epsilon(1e-7));
    REQUIRE(integrate(s, y, 1.0, 1500.0, opt).ok());
    CHECK(y[0] == doctest::Approx(7.54e-5).epsilon(2e-3));
    CHECK(y[0] + y[1] == doctest::Approx(100.0).epsilon(1e-12));
  }
  {
    Mechanism m = read_facsimile(shared_mech("facsimile/manufactured_secondorder.fac"));
    KineticSystem s(m);
    s.set_environment(env);
    std::vector<double> y = {100.0, 0.0};
    REQUIRE(integrate(s, y, 0.0, 1500.0, opt).ok());
    CHECK(y[s.variable_index("A")] == doctest::Approx(3.42524).epsilon(1e-6));
  }
  {
    Mechanism m = read_facsimile(shared_mech("facsimile/manufactured_static.fac"));
    KineticSystem s(m);
    s.set_environment(env);
    std::vector<double> y = {1e9, 1e9};
    REQUIRE(integrate(s, y, 0.0, 3e6, opt).ok());
    CHECK(y[0] == doctest::Approx(1e9).epsilon(1e-12));
    CHECK(y[1] == doctest::Approx(1e9).epsilon(1e-12));
  }
}

TEST_CASE("chem photostationary state of NO-NO2-O3 (Leighton)") {
  // chemistry.md §5.3: SZA 30 deg, O3 40 ppb: J4 = 8.264e-3 s-1, k(NO+O3) = 1.730e-14, NO2/NO
  // = 2.06.
  Mechanism m = parse_facsimile(
      "VARIABLE NO NO2 O3 ;\nRO2 = ;\n% J<4> : NO2 = NO + O3 ;\n% 1.4D-12*EXP(-1310/TEMP) : NO + "
      "O3 = NO2 ;\n",
      "pss");
  KineticSystem s(m);
  const Environment env = Environment::from(298.15, 1013.25, 0.0);
  s.set_environment(env);
  s.set_photolysis(PhotolysisModel::mcm_fixed_zenith(30.0).rates(0.0));
  const double ppb = env.m * 1e-9;
  std::vector<double> y = {0.05 * ppb, 0.05 * ppb, 40.0 * ppb};
  const double nox0 = y[0] + y[1], ox0 = y[1] + y[2];
  RosenbrockOptions opt;
  opt.rtol = 1e-8;
  opt.atol = 1.0;
  REQUIRE(integrate(s, y, 0.0, 3600.0, opt).ok());
  CHECK(y[1] / y[0] == doctest::Approx(2.06).epsilon(3e-3));
  CHECK(y[0] + y[1] == doctest::Approx(nox0).epsilon(1e-10));
  CHECK(y[1] + y[2] == doctest::Approx(ox0).epsilon(1e-10));
}

TEST_CASE(
    "chem kinetic system: analytic Jacobian with the RO2 rank-one term equals finite differences") {
  CHEM_REQUIRE_SHARED();
  for (const char* f : {"facsimile/mcm_v331_ch4.fac", "kpp/mcm_v331_isoprene.eqn"}) {
    Mechanism m = std::string(f).find(".fac") != std::string::npos ? read_facsimile(shared_mech(f))
                                                                   : read_kpp(shared_mech(f));
    KineticSystem s(m);
    s.set_environment(Environment::from(295.0, 1000.0, 50.0));
    s.set_photolysis(PhotolysisModel::mcm_fixed_zenith(40.0).rates(0.0));
    const std::size_t n = s.n_variable();
    aqm::RandomStream rng(20240611, 0);
    std::vector<double> y(n);
    for (double& v : y) v = std::pow(10.0, rng.uniform(6.0, 11.0));
    std::vector<double> jvs(s.lu_nonzeros()), u(n);
    s.jacobian(y.data(), jvs.data(), u.data());
    REQUIRE(s.has_ro2_coupling());
    const auto& ro2 = s.ro2_variable_indices();
    std::vector<char> is_ro2(n, 0);
    for (int j : ro2) is_ro2[j] = 1;
    std::vector<double> fp(n), fm(n), yp;
    // Columns: every RO2 species of the CH4 subset; 25 seeded picks plus 5 RO2 for isoprene.
    std::vector<std::size_t> cols;
    if (n < 50) {
      for (std::size_t j = 0; j < n; ++j) cols.push_back(j);
    } else {
      for (int c = 0; c < 25; ++c) cols.push_back(static_cast<std::size_t>(rng.uniform() * n) % n);
      for (int c = 0; c < 5; ++c) cols.push_back(ro2[static_cast<std::size_t>(c * 7) % ro2.size()]);
    }
    double worst = 0;
    for (std::size_t j : cols) {
      const double h = 1e-6 * y[j];
      yp = y;
      yp[j] = y[j] + h;
      s.fun(yp.data(), fp.data());
      yp[j] = y[j] - h;
      s.fun(yp.data(), fm.data());
      for (std::size_t i = 0; i < n; ++i) {
        const int pos = s.lu().position(static_cast<int>(i), static_cast<int>(j));
        const double analytic = (pos >= 0 ? jvs[pos] : 0.0) + (is_ro2[j] ? u[i] : 0.0);
        const double fd = (fp[i] - fm[i]) / (2 * h);
        const double scale = std::fabs(fd) + std::fabs(analytic) + 1e-30;
        // Cancellation in f limits the difference quotient; compare where it is meaningful.
        const double fscale = (std::fabs(fp[i]) + std::fabs(fm[i])) / (2 * h) * 1e-9 + 1e-12;
        const double diff = std::fabs(fd - analytic);
        if (diff > fscale) worst = std::max(worst, diff / scale);
      }
    }
    INFO(f);
    CHECK(worst < 1e-5);
  }
}

TEST_CASE("chem sparse LU solves like a dense LU on a random diagonally dominant pattern") {
  aqm::RandomStream rng(7, 1);
  const int n = 60;
  std::vector<std::pair<int, int>> entries;
  Eigen::MatrixXd dense = Eigen::MatrixXd::Zero(n, n);
  for (int e = 0; e < 250; ++e) {
    const int i = static_cast<int>(rng.uniform() * n) % n,
              j = static_cast<int>(rng.uniform() * n) % n;
    entries.emplace_back(i, j);
  }
  detail::SparseLU lu(n, entries);
  std::vector<double> a(lu.nonzeros(), 0.0);
  for (auto [i, j] : entries) {
    const double v = rng.uniform(-1.0, 1.0);
    a[lu.position(i, j)] += v;
    dense(i, j) += v;
  }
  for (int i = 0; i < n; ++i) {
    a[lu.diagonal(i)] += 10.0;
    dense(i, i) += 10.0;
  }
  Eigen::VectorXd b(n);
  for (int i = 0; i < n; ++i) b[i] = rng.uniform(-5.0, 5.0);
  Eigen::VectorXd want = dense.partialPivLu().solve(b);
  REQUIRE(lu.factor(a.data()));
  std::vector<double> x(b.data(), b.data() + n), work(n);
  lu.solve(a.data(), x.data(), work.data());
  for (int i = 0; i < n; ++i) CHECK(x[i] == doctest::Approx(want[i]).epsilon(1e-12));
  CHECK(lu.nonzeros() >= lu.structural_nonzeros());
  std::vector<double> zero(lu.nonzeros(), 0.0);
  CHECK_FALSE(lu.factor(zero.data()));
}

TEST_CASE("chem sparse LU of several cells at once equals each cell's own LU bit for bit") {
  aqm::RandomStream rng(11, 3);
  const int n = 40;
  std::vector<std::pair<int, int>> entries;
  for (int e = 0; e < 160; ++e)
    entries.emplace_back(static_cast<int>(rng.uniform() * n) % n,
                         static_cast<int>(rng.uniform() * n) % n);
  detail::SparseLU lu(n, entries);
  const std::size_t nnz = lu.nonzeros();
  // 1-4 take the fixed-width kernels, 5 and 7 the general one.
  for (std::size_t nc : {1u, 2u, 3u, 4u, 5u, 7u}) {
    CAPTURE(nc);
    std::vector<std::vector<double>> a(nc, std::vector<double>(nnz, 0.0)), b(nc);
    std::vector<double> lanes(nnz * nc), rhs(n * nc), work(n * nc);
    for (std::size_t c = 0; c < nc; ++c) {
      for (auto [i, j] : entries) a[c][lu.position(i, j)] += rng.uniform(-1.0, 1.0);
      for (int i = 0; i < n; ++i) a[c][lu.diagonal(i)] += rng.uniform(4.0, 12.0);
      for (int i = 0; i < n; ++i) b[c].push_back(rng.uniform(-5.0, 5.0));
      for (std::size_t q = 0; q < nnz; ++q) lanes[q * nc + c] = a[c][q];
      for (int i = 0; i < n; ++i) rhs[i * nc + c] = b[c][i];
    }
    REQUIRE(lu.factor_cells(lanes.data(), nc));
    lu.solve_cells(lanes.data(), rhs.data(), work.data(), nc);
    std::vector<double> w(n);
    for (std::size_t c = 0; c < nc; ++c) {
      REQUIRE(lu.factor(a[c].data()));
      lu.solve(a[c].data(), b[c].data(), w.data());
      bool same = true;
      for (std::size_t q = 0; q < nnz; ++q) same = same && lanes[q * nc + c] == a[c][q];
      for (int i = 0; i < n; ++i) same = same && rhs[i * nc + c] == b[c][i];
      CHECK(same);
    }
    // One singular cell (a zero matrix) fails the whole batch.
    std::fill(lanes.begin(), lanes.end(), 1.0);
    for (std::size_t q = 0; q < nnz; ++q) lanes[q * nc + nc - 1] = 0.0;
    CHECK_FALSE(lu.factor_cells(lanes.data(), nc));
  }
}

TEST_CASE("chem a solve started inside another's update callback leaves the outer one intact") {
  // integrate() keeps its work arrays per thread; a nested solve must not share them.
  const Mechanism m = abc(1e-2, 3.0);
  auto outer = [&](bool nest) {
    KineticSystem s(m), inner(m);
    std::vector<double> y = {1e10, 0.0, 0.0};
    long inner_steps = 0;
    const TimeUpdate update = [&](double t, KineticSystem& sys) {
      Environment e;
      e.temp = 290 + 1e-3 * t;
      sys.set_environment(e);
      if (!nest) return;
      std::vector<double> z = {5e9, 1e9, 0.0};
      const SolveResult r = integrate(inner, z, 0.0, 50.0);
      REQUIRE(r.ok());
      inner_steps += r.stats.steps;
    };
    REQUIRE(integrate(s, y, 0.0, 200.0, {}, update).ok());
    if (nest) CHECK(inner_steps > 0);
    return y;
  };
  const std::vector<double> alone = outer(false), nested = outer(true);
  for (std::size_t i = 0; i < alone.size(); ++i) CHECK(nested[i] == alone[i]);
  CHECK(alone[0] == doctest::Approx(1e10 * std::exp(-2.0)).epsilon(1e-3));  // A decays at k1
}

TEST_CASE("chem constrained species, first-order loss and sources") {
  const double k = 2e-3;
  Mechanism m = abc(k, 1e-4);
  KineticSystem s(m);
  // A held constant: B grows as k A0 t - (consumption by B -> C, small) ; check with k2 ~ 0.
  s.set_constrained(0, true);
  std::vector<double> y = {1e9, 0.0, 0.0};
  RosenbrockOptions opt;
  opt.rtol = 1e-9;
  opt.atol = 1e-3;
  REQUIRE(integrate(s, y, 0.0, 1000.0, opt).ok());
  CHECK(y[0] == 1e9);
  // dB/dt = k A0 - k2 B  ->  B = k A0/k2 (1 - exp(-k2 t))
  CHECK(y[1] == doctest::Approx(k * 1e9 / 1e-4 * (1 - std::exp(-1e-4 * 1000.0))).epsilon(1e-8));
  // Dilution with a source on C: dC/dt = k2 B + s - l C; with B ~ 0, C -> s/l.
  KineticSystem d(m);
  d.source()[2] = 5e5;
  d.first_order_loss()[2] = 1.0 / 3600.0;
  std::vector<double> z = {0.0, 0.0, 0.0};
  REQUIRE(integrate(d, z, 0.0, 3600.0, opt).ok());
  CHECK(z[2] == doctest::Approx(5e5 * 3600.0 * (1 - std::exp(-1.0))).epsilon(1e-8));
}

TEST_CASE("chem photolysis changing inside a solve follows the sun") {
  Mechanism m = parse_facsimile("VARIABLE X Y ;\nRO2 = ;\n% J<4> : X = Y ;\n", "jx");
  KineticSystem s(m);
  PhotolysisModel p = PhotolysisModel::mcm(51.51, -0.13, 2010, 6, 21, 4.0);  // t = 0 at 04:00 UTC
  const double t_end = 14 * 3600.0;
  // Independent quadrature of the first-order decay: X = X0 exp(-integral J4 dt) (Simpson).
  const int n = 20000;
  double integral = 0;
  for (int i = 0; i <= n; ++i) {
    const double t = t_end * i / n;
    const double w = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
    integral += w * p.rates(t)[4];
  }
  integral *= t_end / n / 3.0;
  RosenbrockOptions opt;
  opt.rtol = 1e-7;
  opt.atol = 1e-6;
  std::vector<double> times;
  for (int h = 0; h <= 14; ++h) times.push_back(h * 3600.0);
  Trajectory tr = simulate(s, {1e9, 0.0}, times, opt, &p);
  REQUIRE(tr.result.ok());
  CHECK(tr.y.back()[0] == doctest::Approx(1e9 * std::exp(-integral)).epsilon(1e-5));
  CHECK(tr.y.size() == times.size());
  // Rates are only re-evaluated when the inputs change: hold J constant and the count stays.
  KineticSystem c(m);
  c.set_photolysis(p.rates(3600.0));
  std::vector<double> y = {1e9, 0};
  const long before = c.rate_updates();
  REQUIRE(integrate(c, y, 0.0, 100.0, opt).ok());
  CHECK(c.rate_updates() - before <= 1);
}

TEST_CASE("chem rate constants: a return to the previous conditions reuses them exactly") {
  // k = 1e-12 exp(-500 / T): by hand at 280 and 300 K.
  KineticSystem s(
      parse_kpp("#DEFVAR\nA = IGNORE;\nB = IGNORE;\n#EQUATIONS\n"
                "<R1> A = B : 1.0e-12*EXP(-500/TEMP) ;\n<R2> B = A : J(4) ;\n",
                "cache"));
  const Environment e280 = Environment::from(280.0), e300 = Environment::from(300.0);
  s.set_environment(e280);
  s.set_photolysis({0, 0, 0, 0, 1e-3});
  const std::vector<double> k280 = s.rate_constants();
  CHECK(k280[0] == doctest::Approx(1e-12 * std::exp(-500.0 / 280.0)).epsilon(1e-14));
  const long n0 = s.rate_updates();
  s.set_environment(e300);
  CHECK(s.rate_constants()[0] == doctest::Approx(1e-12 * std::exp(-500.0 / 300.0)).epsilon(1e-14));
  CHECK(s.rate_updates() == n0 + 1);
  s.set_environment(e280);  // back: swapped in, not evaluated
  CHECK(s.rate_constants() == k280);
  CHECK(s.rate_updates() == n0 + 1);
  s.set_photolysis({0, 0, 0, 0, 2e-3});  // J changes at 280 K: evaluated, T-dependence kept
  const std::vector<double> k = s.rate_constants();
  CHECK(s.rate_updates() == n0 + 2);
  CHECK(k[0] == k280[0]);
  CHECK(k[1] == 2e-3);
  s.set_environment(e300);  // the previous conditions are (280 K, old J): evaluated again
  CHECK(s.rate_constants()[1] == 2e-3);
  CHECK(s.rate_updates() == n0 + 3);
}

TEST_CASE("chem solve status: failures are values, never aborts") {
  Mechanism m = abc(1e-2, 3.0);
  KineticSystem s(m);
  std::vector<double> y = {1e10, 0.0, 0.0};
  RosenbrockOptions opt;
  opt.max_steps = 3;
  SolveResult r = integrate(s, y, 0.0, 1e4, opt);
  CHECK(r.status == SolveStatus::max_steps);
  CHECK(r.t < 1e4);
  CHECK_FALSE(r.message.empty());
  // A rate that evaluates to NaN.
  Mechanism bad = parse_facsimile("VARIABLE A B ;\nRO2 = ;\n% LOG(TEMP-400) : A = B ;\n", "nan");
  KineticSystem sb(bad);
  std::vector<double> yb = {1.0, 0.0};
  const SolveResult rb = integrate(sb, yb, 0.0, 10.0);
  CHECK(rb.status == SolveStatus::invalid_rate);
  CHECK(rb.message.find("reaction <1>: rate constant 'LOG(TEMP-400)'") != std::string::npos);
  CHECK_THROWS_WITH_AS(
      sb.rate_constants(),
      doctest::Contains("reaction <1>: rate constant 'LOG(TEMP-400)' is not finite"),
      aqm::InvalidArgument);
  // A throwing update callback.
  std::vector<double> y2 = {1e10, 0.0, 0.0};
  SolveResult rc = integrate(s, y2, 0.0, 10.0, {}, [](double t, KineticSystem&) {
    if (t > 1.0) throw std::runtime_error("boom");
  });
  CHECK(rc.status == SolveStatus::callback_error);
  CHECK(rc.message.find("boom") != std::string::npos);
  // Misuse throws before integrating.
  std::vector<double> wrong = {1.0};
  CHECK_THROWS_AS((void)integrate(s, wrong, 0.0, 1.0), aqm::InvalidArgument);
  RosenbrockOptions neg;
  neg.rtol = -1;
  CHECK_THROWS_AS((void)integrate(s, y2, 0.0, 1.0, neg), aqm::InvalidArgument);
  CHECK_THROWS_AS(rosenbrock_method_from_string("euler"), aqm::InvalidArgument);
  CHECK(rosenbrock_method_from_string("RODAS4") == RosenbrockMethod::rodas4);
}

TEST_CASE("chem environment series drives rate constants inside a solve") {
  // A -> B with k = 1e-3 (T/300)^10: T rising linearly 280 -> 320 K over 1000 s.
  Mechanism m =
      parse_facsimile("VARIABLE A B ;\nRO2 = ;\n% 1.0D-3*(TEMP/300)@10 : A = B ;\n", "envs");
  KineticSystem s(m);
  EnvironmentSeries env{{0.0, 1000.0}, {280.0, 320.0}, {1013.25, 1013.25}, {0.0, 0.0}};
  RosenbrockOptions opt;
  opt.rtol = 1e-8;
  opt.atol = 1e-6;
  Trajectory tr = simulate(s, {1e6, 0.0}, {0.0, 500.0, 1000.0}, opt, nullptr, &env);
  REQUIRE(tr.result.ok());
  // Independent quadrature: integral of k(T(t)) dt = 1e-3 * 1000/40 * 300/11 * ((320/300)^11 -
  // (280/300)^11).
  const double integral = 1e-3 * 1000.0 / 40.0 * 300.0 / 11.0 *
                          (std::pow(320.0 / 300.0, 11) - std::pow(280.0 / 300.0, 11));
  CHECK(tr.y.back()[0] == doctest::Approx(1e6 * std::exp(-integral)).epsilon(1e-6));
}

TEST_CASE("chem clipping of negative concentrations") {
  // A + B -> C with B exhausted: large steps can overshoot below zero without clipping.
  Mechanism m = parse_kpp(
      "#DEFVAR\nA = IGNORE; B = IGNORE; C = IGNORE;\n#EQUATIONS\n<1> A + B = C : 1e-9;\n", "clip");
  KineticSystem s(m);
  RosenbrockOptions opt;
  opt.rtol = 1e-2;
  opt.atol = 1e3;
  opt.clip_negative = true;
  std::vector<double> y = {1e12, 1e9, 0.0};
  REQUIRE(integrate(s, y, 0.0, 3600.0, opt).ok());
  CHECK(y[1] >= 0.0);
  CHECK(y[2] == doctest::Approx(1e9).epsilon(1e-3));
}

TEST_CASE("chem batch over boxes equals serial solves at any thread count") {
  Mechanism m = abc(1e-2, 0.5);
  KineticSystem proto(m);
  std::vector<BoxCase> boxes;
  for (int b = 0; b < 8; ++b) {
    BoxCase c;
    c.environment = Environment::from(270.0 + 5 * b);
    c.y0 = {1e9 * (b + 1), 0.0, 0.0};
    boxes.push_back(c);
  }
  RosenbrockOptions opt;
  opt.rtol = 1e-6;
  BatchResult one = integrate_batch(proto, boxes, 0.0, 100.0, opt, 1);
  BatchResult two = integrate_batch(proto, boxes, 0.0, 100.0, opt, 2);
  for (int b = 0; b < 8; ++b) {
    CHECK(one.results[b].ok());
    CHECK(one.y[b] == two.y[b]);
    CHECK(one.y[b][0] == doctest::Approx(1e9 * (b + 1) * std::exp(-1.0)).epsilon(1e-5));
  }
  boxes[3].y0 = {1.0};
  CHECK_THROWS_AS(integrate_batch(proto, boxes, 0.0, 1.0, opt), aqm::InvalidArgument);
}
