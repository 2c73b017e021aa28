// Box-model diagnostics and analyses: P(O3)/L(O3), radical budget and OH reactivity against
// hand-written rate laws, the Ox budget closing on the integrated state, isopleth and RIR
// properties in clearly limited conditions, regime thresholds.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "box_test_util.hpp"

using namespace aqm::chem;
using box_test::constant_series;

namespace {
// A small HOx-NOx-CO mechanism whose budgets can be written down by hand.
Mechanism hox_mechanism() {
  return parse_kpp(
      "#DEFVAR\nO3 = IGNORE; O1D = IGNORE; OH = IGNORE; HO2 = IGNORE; NO = IGNORE; NO2 = IGNORE;\n"
      "CO = IGNORE; CH4 = IGNORE; HNO3 = IGNORE; H2O2 = IGNORE;\n#EQUATIONS\n"
      "<R1> O3 + hv = O1D : J(1) ;\n"
      "<R2> O1D = 2 OH : 2.14e-10*H2O ;\n"
      "<R3> O1D = O3 : 3.3e-11*M ;\n"
      "<R4> OH + CO = HO2 : 2.4e-13 ;\n"
      "<R5> HO2 + NO = OH + NO2 : 8.5e-12 ;\n"
      "<R6> OH + NO2 = HNO3 : 1.1e-11 ;\n"
      "<R7> HO2 + HO2 = H2O2 : 2.9e-12 ;\n"
      "<R8> NO2 + hv = NO + O3 : J(4) ;\n"
      "<R9> O3 + NO = NO2 : 1.8e-14 ;\n"
      "<R10> OH + CH4 = HO2 : 6.4e-15 ;\n",
      "hox");
}

BoxResult hox_run(BoxModel& b) {
  b.set_time(0, 3600, 600);
  EnvironmentSeries env;
  env.time = {0, 3600};
  env.temp = {298.15, 298.15};
  env.pressure = {1013.25, 1013.25};
  env.rh = {50, 50};
  b.set_environment(env);
  b.set_photolysis(PhotolysisModel::mcm_fixed_zenith(30.0));
  const double ppb = 2.4615e10;
  b.set_initial("O3", 50 * ppb);
  b.set_initial("NO", 2 * ppb);
  b.set_initial("NO2", 8 * ppb);
  b.set_initial("CO", 200 * ppb);
  b.set_initial("CH4", 1800 * ppb);
  return b.run();
}
}  // namespace

TEST_CASE("chem box diagnostics: P(O3), L(O3), Q, LN, LR, OH reactivity by hand") {
  BoxModel b(hox_mechanism());
  const BoxResult r = hox_run(b);
  REQUIRE(r.ok());
  const Mechanism& m = b.mechanism();
  const FamilyBudget ox = o3_budget(m, r);
  const RadicalOptions ro = default_radical_options(m);
  CHECK(ro.radicals == std::vector<std::string>{"OH", "HO2"});
  CHECK(ro.reservoirs.empty());  // HNO3 does not decompose thermally back to NO2
  const RadicalBudget rb = radical_budget(m, r, ro);
  const OhReactivity kr = oh_reactivity(m, r, {"CO", "CH4"});
  auto c = [&](const char* s, Eigen::Index k) { return r.series(s)[k]; };
  for (Eigen::Index k = 1; k < static_cast<Eigen::Index>(r.time.size()); ++k) {
    const double h2o = r.h2o[static_cast<std::size_t>(k)];
    // P(O3) = k(HO2+NO)[HO2][NO]; L(O3) = k(O1D+H2O)[O1D][H2O] + k(OH+NO2)[OH][NO2].
    CHECK(ox.production[k] == doctest::Approx(8.5e-12 * c("HO2", k) * c("NO", k)).epsilon(1e-10));
    CHECK(ox.loss[k] ==
          doctest::Approx(2.14e-10 * h2o * c("O1D", k) + 1.1e-11 * c("OH", k) * c("NO2", k))
              .epsilon(1e-10));
    CHECK(rb.q[k] == doctest::Approx(2 * 2.14e-10 * h2o * c("O1D", k)).epsilon(1e-10));
    CHECK(rb.ln[k] == doctest::Approx(1.1e-11 * c("OH", k) * c("NO2", k)).epsilon(1e-10));
    CHECK(rb.lr[k] == doctest::Approx(2 * 2.9e-12 * c("HO2", k) * c("HO2", k)).epsilon(1e-10));
    const double measured = 2.4e-13 * c("CO", k) + 6.4e-15 * c("CH4", k);
    CHECK(kr.measured[k] == doctest::Approx(measured).epsilon(1e-10));
    CHECK(kr.total[k] == doctest::Approx(measured + 1.1e-11 * c("NO2", k)).epsilon(1e-10));
  }
  // 1 ppb of CO is 2.4615e10 cm-3: its OH reactivity 200 ppb x 2.4e-13 = 1.18 s-1 at t = 0.
  CHECK(kr.by_species(0, 0) + 0.0 >= 0.0);
  CHECK_THROWS_AS(oh_reactivity(m, r, {"XYZ"}), aqm::KeyError);
  CHECK_THROWS_AS(family_budget(m, r, {{"XYZ", 1.0}}), aqm::KeyError);
}

TEST_CASE("chem box CB6 families: PNA and PANs are NO2 reservoirs inside Ox") {
  const Mechanism m = read_kpp(box_test::cb6_path());
  const RadicalOptions ro = default_radical_options(m);
  CHECK(ro.reservoirs == std::vector<std::string>{"PNA", "PAN", "PANX", "OPAN"});
  const Family ox = ox_family(m);
  std::vector<std::string> names;
  for (const auto& [n, w] : ox) names.push_back(n);
  CHECK(names == std::vector<std::string>{"O3", "NO2", "O", "O1D", "NO3", "N2O5", "PNA", "PAN",
                                          "PANX", "OPAN"});
  // HO2 + NO2 -> PNA and PNA -> HO2 + NO2 leave Ox unchanged; HO2 + NO -> OH + NO2 adds one.
  const auto d = family_change(m, ox);
  const auto& rs = m.reactions();
  for (std::size_t r = 0; r < rs.size(); ++r) {
    if (rs[r].tag == "R48" || rs[r].tag == "R49" || rs[r].tag == "R3") CHECK(d[r] == 0.0);
    if (rs[r].tag == "R25") CHECK(d[r] == 1.0);
    if (rs[r].tag == "R45") CHECK(d[r] == -1.0);  // OH + NO2 -> HNO3
  }
}

TEST_CASE("chem box Ox budget closes: P - L - dilution integrates to the change of Ox") {
  BoxModel b = box_test::cb6_urban(1.0, 1.0, 300.0);
  RosenbrockOptions opt;
  opt.rtol = 1e-5;
  opt.atol = 1e-2;
  b.set_solver_options(opt);
  const BoxResult r = b.run();
  REQUIRE(r.ok());
  const Mechanism& m = b.mechanism();
  const FamilyBudget ox = o3_budget(m, r);
  // dOx/dt = P - L - kdil (Ox - Ox_b); the background has O3 = 40 ppb only.
  const double kdil = 1.0 / 86400, ox_b = ppb_to_molecules(40, 300, 1013.25);
  const Eigen::VectorXd tendency = ox.net() - kdil * (ox.amount.array() - ox_b).matrix();
  const double t_noon = 12 * 3600, t_evening = 18 * 3600;
  const double predicted = integrate_series(r.time, tendency, t_noon, t_evening);
  const auto k0 = static_cast<Eigen::Index>(t_noon / 300),
             k1 = static_cast<Eigen::Index>(t_evening / 300);
  const double actual = ox.amount[k1] - ox.amount[k0];
  const double gross = integrate_series(r.time, ox.production, t_noon, t_evening);
  CHECK(std::fabs(predicted - actual) < 0.01 * gross);
  CHECK(gross > 0);
}

TEST_CASE("chem box radical budget: Q balances LN + LR at midday in CB6") {
  BoxModel b = box_test::cb6_urban(1.0, 1.0, 600.0);
  const BoxResult r = b.run();
  REQUIRE(r.ok());
  const RadicalBudget rb = radical_budget(b.mechanism(), r, default_radical_options(b.mechanism()));
  const double q = integrate_series(r.time, rb.q, 10 * 3600, 14 * 3600);
  const double l = integrate_series(r.time, rb.ln + rb.lr, 10 * 3600, 14 * 3600);
  CHECK(l == doctest::Approx(q).epsilon(0.05));  // radicals are in steady state (Kleinman 1997)
}

TEST_CASE("chem box isopleth: VOC- and NOx-limited corners, ridge, base point, threads") {
  const BoxModel b = box_test::cb6_urban();
  IsoplethOptions o;
  o.voc_factors = {0.25, 0.5, 1.0, 2.0, 4.0};
  o.nox_factors = {0.05, 0.15, 0.4, 1.0, 2.5};
  o.voc_species = {"PAR", "OLE", "ETH", "TOL", "XYLMN"};
  o.n_threads = 2;
  const IsoplethResult iso = isopleth(b, o);
  CHECK(iso.n_failed() == 0);
  // Max 8-h O3 and daily net P(O3) (peak O3 would be the initial 40 ppb where NO titrates it).
  const Eigen::MatrixXd& z = iso.max_8h_o3;
  const Eigen::MatrixXd& p = iso.net_po3;
  // VOC-limited corner (most NOx, least VOC): O3 production rises with VOC ...
  CHECK(p(1, 4) > p(0, 4));
  CHECK(p(2, 4) > p(1, 4));
  CHECK(z(2, 4) > z(0, 4));
  // ... and O3 falls with more NOx there.
  CHECK(z(0, 4) < z(0, 3));
  CHECK(p(0, 4) < p(0, 3));
  // NOx-limited corner (least NOx, most VOC): O3 rises with NOx.
  CHECK(z(4, 1) > z(4, 0));
  CHECK(z(4, 2) > z(4, 1));
  // A ridge exists inside the grid, and it moves to more NOx as VOC grows.
  const auto ridge = iso.ridge(IsoplethMetric::max_8h_o3);
  int finite = 0;
  for (double x : ridge) finite += std::isfinite(x) ? 1 : 0;
  CHECK(finite >= 2);
  REQUIRE(std::isfinite(ridge[0]));
  REQUIRE(std::isfinite(ridge[4]));
  CHECK(ridge[4] > ridge[0]);
  // This base case has more NOx than the ridge: VOC-limited.
  CHECK(iso.regime(IsoplethMetric::max_8h_o3) == "VOC-limited");
  // The base point is the (1, 1) cell: run() alone there, in a joint solve of its column
  // group on the grid (same answer within the solver's rtol of 1e-3).
  CHECK(iso.base_max_8h_o3 == doctest::Approx(z(2, 3)).epsilon(1e-3));
  CHECK(iso.base_peak_o3 == doctest::Approx(iso.peak_o3(2, 3)).epsilon(1e-3));
  CHECK(iso.base_net_po3 == doctest::Approx(iso.net_po3(2, 3)).epsilon(1e-3));
  // One thread gives the same numbers.
  o.n_threads = 1;
  const IsoplethResult one = isopleth(b, o);
  CHECK((one.peak_o3.array() == iso.peak_o3.array()).all());
}

TEST_CASE("chem box isopleth: warm-started joint cells match cold single runs (spin-up, FixNOx)") {
  // The bundled day's set-up in small: VOCs held to observations, FixNOx, a spin-up of up to
  // 5 days on the F0AM 1 % rule.  The fast path (joint column groups, each cell's spin-up
  // starting from its neighbour's) against every cell alone from a cold start.
  BoxModel b = box_test::cb6_urban(1.0, 1.0, 1800, false);
  const auto ppb = [](double x) { return ppb_to_molecules(x, 300, 1013.25); };
  b.constrain("PAR", constant_series(ppb(40)));
  b.constrain("TOL", constant_series(ppb(2)));
  b.fix_nox(constant_series(ppb(12)));
  b.set_dilution(1.0 / 43200,
                 {{"O3", ppb(40)}, {"CO", ppb(200)}, {"CH4", ppb(1900)}, {"H2", ppb(550)}});
  b.set_spin_up({5, 0.01, 1e4});
  IsoplethOptions o;
  o.voc_factors = {0.5, 0.75, 1.0, 1.5};
  o.nox_factors = {0.25, 0.5, 1.0, 2.0};
  o.voc_species = {"PAR", "TOL"};
  o.n_threads = 2;
  const IsoplethResult fast = isopleth(b, o);
  o.warm_start = false;
  const IsoplethResult cold = isopleth(b, o);
  REQUIRE(fast.n_failed() == 0);
  REQUIRE(cold.n_failed() == 0);
  // Both report a day that changed by < 1 % from the one before.  Each repeat shrinks the
  // distance to the periodic state by a ~ 0.2 here (12-h dilution, e^-2, plus chemistry), so a
  // day that moved by < 1 % is within 1 % a / (1 - a) = 0.25 % of it: the two agree to 0.5 %.
  for (Eigen::Index i = 0; i < 4; ++i)
    for (Eigen::Index j = 0; j < 4; ++j) {
      CAPTURE(i);
      CAPTURE(j);
      CHECK(fast.max_8h_o3(i, j) == doctest::Approx(cold.max_8h_o3(i, j)).epsilon(0.005));
      CHECK(fast.peak_o3(i, j) == doctest::Approx(cold.peak_o3(i, j)).epsilon(0.005));
      CHECK(fast.net_po3(i, j) == doctest::Approx(cold.net_po3(i, j)).epsilon(0.005));
    }
  CHECK(fast.base_max_8h_o3 == cold.base_max_8h_o3);  // the base is run() in both
}

TEST_CASE("chem box run_cells: joint cells and warm starts against the analytic spin-up") {
  // Y has a source f E and loss k: from y_0, the end of day d is y_d = y* + (y_0 - y*) a^d with
  // y* = f E / k and a = e^{-kT}; the spin-up stops at the first repeat that changes by < 1 %.
  const double T = 86400, k = 1e-5, e = 1e5, a = std::exp(-k * T);
  BoxModel c(parse_kpp("#DEFVAR\nY = IGNORE;\n#EQUATIONS\n<R1> Y = PROD : 1.0e-5 ;\n", "decay"));
  c.set_time(0, T, 3600);
  c.set_emission("Y", constant_series(e));
  c.set_spin_up({30, 0.01, 0.0});
  RosenbrockOptions opt;
  opt.rtol = 1e-7;
  opt.atol = 1e-3;
  c.set_solver_options(opt);
  // Expected reported repeat and value from y_0; `first_counts`: a warm start's first repeat
  // already has a partner.
  auto expect = [&](double f, double y0, bool first_counts) {
    const double ys = f * e / k;
    double prev = y0;
    for (int p = 0; p < 30; ++p) {
      const double y = ys + (prev - ys) * a;
      if ((p > 0 || first_counts) && std::fabs(y - prev) / std::max(y, prev) < 0.01)
        return std::make_pair(p, y);
      prev = y;
    }
    return std::make_pair(-1, 0.0);
  };
  const std::vector<double> f = {0.5, 1.0, 3.0};
  std::vector<std::vector<SpeciesScale>> cells;
  for (double x : f) cells.push_back({{"Y", x, scale_emission}});
  const std::vector<BoxResult> cold = c.run_cells(cells);
  REQUIRE(cold.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto [days, y] = expect(f[i], 0.0, false);
    REQUIRE(cold[i].ok());
    CHECK(cold[i].spin_up_days == days);
    CHECK(cold[i].series("Y")[24] == doctest::Approx(y).epsilon(1e-5));
  }
  // Warm starts: at the periodic state (converges on the first repeat), above it, and cold.
  const std::vector<std::vector<double>> starts = {{0.5 * e / k}, {1.6 * e / k}, {}};
  const std::vector<BoxResult> warm = c.run_cells(cells, starts);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto [days, y] = expect(f[i], starts[i].empty() ? 0.0 : starts[i][0], !starts[i].empty());
    CAPTURE(i);
    CHECK(warm[i].spin_up_converged);
    CHECK(warm[i].spin_up_days == days);
    CHECK(warm[i].series("Y")[24] == doctest::Approx(y).epsilon(1e-5));
    CHECK(warm[i].final_state[0] == doctest::Approx(y).epsilon(1e-5));
  }
  CHECK(warm[0].spin_up_days == 0);
  // One cell alone is run() itself.
  const BoxResult one = c.run();
  CHECK(one.series("Y")[24] == c.run_cells({{}}).front().series("Y")[24]);
  // Bad warm starts are named.
  CHECK_THROWS_AS(c.run_cells(cells, {{1.0}}), aqm::InvalidArgument);
  CHECK_THROWS_AS(c.run_cells({{}}, {{1.0, 2.0}}), aqm::InvalidArgument);
  CHECK_THROWS_AS(c.run_cells({{}}, {{std::nan("")}}), aqm::InvalidArgument);
}

TEST_CASE("chem box isopleth: failing cells keep their status and never lose the grid") {
  BoxModel b = box_test::cb6_urban();
  RosenbrockOptions opt;
  opt.max_steps = 20;
  b.set_solver_options(opt);
  IsoplethOptions o;
  o.voc_factors = {0.5, 1.0};
  o.nox_factors = {0.5, 1.0, 2.0};
  o.voc_species = {"PAR"};
  IsoplethResult iso;
  CHECK_NOTHROW(iso = isopleth(b, o));
  CHECK(iso.status.size() == 6);
  CHECK(iso.n_failed() == 6);
  CHECK(iso.status[0] == SolveStatus::max_steps);
  CHECK(std::isnan(iso.peak_o3(0, 0)));
  CHECK(iso.regime(IsoplethMetric::peak_o3) == "undetermined");
}

TEST_CASE("chem box isopleth bad input") {
  const BoxModel b = box_test::cb6_urban();
  IsoplethOptions o;
  o.voc_factors = {0.5, 0.0};
  o.nox_factors = {1.0};
  o.voc_species = {"PAR"};
  CHECK_THROWS_AS(isopleth(b, o), aqm::InvalidArgument);
  o.voc_factors = {0.5, -1.0};
  CHECK_THROWS_AS(isopleth(b, o), aqm::InvalidArgument);
  o.voc_factors = {1.0, 0.5};
  CHECK_THROWS_AS(isopleth(b, o), aqm::InvalidArgument);
  o.voc_factors = {0.5, 1.0};
  o.voc_species = {"BENZ"};
  CHECK_THROWS_AS(isopleth(b, o), aqm::KeyError);
  o.voc_species = {};
  CHECK_THROWS_AS(isopleth(b, o), aqm::InvalidArgument);
  CHECK(isopleth_metric_from_string("MDA8") == IsoplethMetric::max_8h_o3);
  CHECK_THROWS_AS(isopleth_metric_from_string("mean"), aqm::InvalidArgument);
}

TEST_CASE("chem box RIR signs in clearly VOC- and NOx-limited boxes") {
  RirOptions o;
  o.cut = 0.2;
  o.window_start = 8 * 3600;
  o.window_end = 18 * 3600;
  // VOC-limited (the base box, left of the isopleth ridge): cutting NOx raises P(O3) (RIR < 0),
  // cutting AHC lowers it.
  const RirResult v = rir(box_test::cb6_urban(1.0, 1.0), o);
  REQUIRE(v.groups.size() == 4);
  CHECK(v.groups[0] == "AHC");
  CHECK(v.groups[2] == "NOx");
  CHECK(v.rir[2] < 0);
  CHECK(v.rir[0] > 0);
  // NOx-limited: little NOx, much VOC -> RIR(NOx) > 0 and larger than RIR(AHC).
  const RirResult n = rir(box_test::cb6_urban(3.0, 0.05), o);
  CHECK(n.rir[2] > 0);
  CHECK(n.rir[2] > n.rir[0]);
  // Regime indicators agree in the clear cases.
  const BoxModel vb = box_test::cb6_urban(1.0, 1.0);
  const auto vi = regime_indicators(vb.mechanism(), vb.run());
  CHECK(vi[2].name == "LN/Q");
  CHECK(vi[2].regime == "VOC-limited");
  const BoxModel nb = box_test::cb6_urban(3.0, 0.05);
  const auto ni = regime_indicators(nb.mechanism(), nb.run());
  CHECK(ni[2].regime == "NOx-limited");
  CHECK(ni[0].value > vi[0].value);  // HCHO/NO2 grows towards NOx-limited
  // Bad input.
  o.cut = 0.05;
  CHECK_THROWS_AS(rir(vb, o), aqm::InvalidArgument);
  o.cut = 0.15;
  o.groups = {{"mine", {"PAR", "NOPE"}}};
  CHECK_THROWS_AS(rir(vb, o), aqm::KeyError);
}

TEST_CASE("chem box regime thresholds") {
  CHECK(classify_hcho_no2(0.5) == "VOC-limited");
  CHECK(classify_hcho_no2(1.5) == "transitional");
  CHECK(classify_hcho_no2(2.5) == "NOx-limited");
  CHECK(classify_h2o2_hno3(0.2) == "VOC-limited");
  CHECK(classify_h2o2_hno3(0.4) == "transitional");
  CHECK(classify_h2o2_hno3(0.8) == "NOx-limited");
  CHECK(classify_ln_q(0.8) == "VOC-limited");
  CHECK(classify_ln_q(0.2) == "NOx-limited");
  CHECK(classify_ln_q(std::nan("")) == "undetermined");
}

namespace {
// int (Q - LN - LR - k_dil * pool) dt over the run minus the change of the radical pool, relative
// to int Q dt: the radical budget is an exact partition of the pool's chemical tendency, so this
// is only the trapezoid error of the sampled rates.
double radical_closure(const BoxModel& b, const BoxResult& r, double k_dil, double* ln_over_q) {
  const RadicalOptions ro = default_radical_options(b.mechanism());
  const RadicalBudget rb = radical_budget(b.mechanism(), r, ro);
  Eigen::VectorXd pool = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(r.time.size()));
  for (const auto& s : ro.radicals) pool += r.series(s);
  const Eigen::VectorXd tendency = rb.q - rb.ln - rb.lr - k_dil * pool;
  const double t0 = r.time.front(), t1 = r.time.back();
  const double q = integrate_series(r.time, rb.q, t0, t1);
  *ln_over_q = integrate_series(r.time, rb.ln, t0, t1) / q;
  return (integrate_series(r.time, tendency, t0, t1) - (pool[pool.size() - 1] - pool[0])) / q;
}
}  // namespace

TEST_CASE("chem box radical budget closes: Q - LN - LR = d(radicals)/dt, closed and FixNOx days") {
  RosenbrockOptions opt;
  opt.rtol = 1e-5;
  opt.atol = 1e-2;
  // Closed system: no emission, no dilution, nothing held.
  BoxModel closed = box_test::cb6_urban(1.0, 1.0, 300.0);
  closed.set_dilution(0.0);
  for (const char* s : {"NO", "PAR", "TOL"}) closed.set_emission(s, box_test::constant_series(0.0));
  closed.set_solver_options(opt);
  const BoxResult rc = closed.run();
  REQUIRE(rc.ok());
  double lnq = 0;
  CHECK(std::fabs(radical_closure(closed, rc, 0.0, &lnq)) < 0.01);
  CHECK(lnq >= 0.0);
  CHECK(lnq <= 1.0);
  // FixNOx (NOx reset every output step) with dilution: the reset must not show up as radical
  // loss to NOx (sampling right after a reset gave LN/Q > 1 on the Hangzhou day).
  BoxModel fixed = box_test::cb6_urban(1.0, 1.0, 600.0);
  fixed.fix_nox(box_test::constant_series(ppb_to_molecules(30, 300, 1013.25)));
  fixed.set_solver_options(opt);
  const BoxResult rf = fixed.run();
  REQUIRE(rf.ok());
  CHECK(std::fabs(radical_closure(fixed, rf, 1.0 / 86400, &lnq)) < 0.01);
  CHECK(lnq >= 0.0);
  CHECK(lnq <= 1.0);
}

TEST_CASE("chem box CB6 radical family: XO2 is an operator, ACET + OH propagates") {
  const Mechanism m = read_kpp(box_test::cb6_path());
  const RadicalOptions ro = default_radical_options(m);
  CHECK(std::find(ro.radicals.begin(), ro.radicals.end(), "XO2") == ro.radicals.end());
  Family fam;
  for (const auto& s : ro.radicals) fam.emplace_back(s, 1.0);
  const auto d = family_change(m, fam);
  const auto& rs = m.reactions();
  for (std::size_t r = 0; r < rs.size(); ++r) {
    if (rs[r].tag == "R130") CHECK(d[r] == 0.0);  // ACET + OH -> FORM + C2O3 + XO2 + RO2
    if (rs[r].tag == "R79") CHECK(d[r] == 0.0);   // XO2 + NO -> NO2
    if (rs[r].tag == "R220") CHECK(d[r] == 0.0);  // XPAR -> 0.874 ROR + 0.126 XO2H + ...
    if (rs[r].tag == "R45") CHECK(d[r] == -1.0);  // OH + NO2 -> HNO3: LN
    if (rs[r].tag == "R48") CHECK(d[r] == -1.0);  // HO2 + NO2 -> PNA: LN (R49, its release, is -LN)
  }
}
