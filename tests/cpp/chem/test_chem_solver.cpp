// Solver and Conditions against closed-form first-order kinetics; rate overrides against hand
// evaluation; MCM J at a zenith angle against chemistry.md section 2.2's table.
#include "box_test_util.hpp"
#include "chem_test_util.hpp"

#include <cmath>

using namespace aqm::chem;

namespace {
Mechanism a_to_b(const std::string& rate) {
  return parse_kpp("#DEFVAR\nA = IGNORE; B = IGNORE;\n#EQUATIONS\n<R1> A = B : " + rate + " ;\n",
                   "ab");
}
RosenbrockOptions tight() {
  RosenbrockOptions o;
  o.rtol = 1e-9;
  o.atol = 1e-6;
  return o;
}
}  // namespace

TEST_CASE("chem solver: a step J table held per output interval is exact") {
  Solver s(a_to_b("J(4)"), tight());
  Conditions c;
  c.j_table[4] = TimeSeries{{0.0, 1800.0, 3600.0}, {1e-3, 2e-3, 0.0}, Interpolation::step};
  c.per_interval = true;
  s.set_conditions(c);
  const Trajectory tr = s.run({1e10, 0.0}, {0.0, 1800.0, 3600.0});
  REQUIRE(tr.result.ok());
  // ln(A0/A) = 1e-3 * 1800 over the first interval, + 2e-3 * 1800 over the second.
  CHECK(tr.y[1][0] == doctest::Approx(1e10 * std::exp(-1.8)).epsilon(1e-7));
  CHECK(tr.y[2][0] == doctest::Approx(1e10 * std::exp(-5.4)).epsilon(1e-7));
  CHECK(s.next_step() > 0.0);
}

TEST_CASE("chem solver: M as a series drives a three-body rate; O2 and N2 follow M") {
  Solver s(a_to_b("1.0e-24*M"), tight());
  Conditions c;
  c.m = TimeSeries{{0.0, 3600.0}, {2.0e19, 3.0e19}, Interpolation::linear};
  s.set_conditions(c);
  const Environment e = s.conditions().environment(1800.0);
  CHECK(e.m == doctest::Approx(2.5e19));
  CHECK(e.o2 == doctest::Approx(kO2Fraction * 2.5e19));
  const Trajectory tr = s.run({1e10, 0.0}, {0.0, 3600.0});
  REQUIRE(tr.result.ok());
  // ln(A0/A) = 1e-24 * integral of M dt = 1e-24 * 2.5e19 * 3600.
  CHECK(tr.y[1][0] == doctest::Approx(1e10 * std::exp(-1e-24 * 2.5e19 * 3600.0)).epsilon(1e-7));
}

TEST_CASE("chem solver: zenith function gives MCM J; a carried step shortens the next call") {
  // chemistry.md section 2.2: J4 = 8.26e-3 s-1 at 30 degrees, 5.77e-3 at 60.
  CHECK(mcm_rates_at_zenith(30.0)[4] == doctest::Approx(8.26e-3).epsilon(1e-3));
  CHECK(mcm_rates_at_zenith(60.0, 2.0)[4] == doctest::Approx(2 * 5.77e-3).epsilon(1e-3));
  Solver s(a_to_b("J(4)"), tight());
  Conditions c;
  c.zenith = [](double) { return 60.0; };
  s.set_conditions(c);
  const double j4 = mcm_rates_at_zenith(60.0)[4];
  const Trajectory first = s.run({1e10, 0.0}, {0.0, 100.0});
  REQUIRE(first.result.ok());
  CHECK(first.y[1][0] == doctest::Approx(1e10 * std::exp(-j4 * 100.0)).epsilon(1e-7));
  const Trajectory next = s.run(first.y[1], {100.0, 200.0});
  s.reset_step();
  const Trajectory again = s.run(first.y[1], {100.0, 200.0});
  CHECK(next.y[1][0] == doctest::Approx(again.y[1][0]).epsilon(1e-7));
  CHECK(next.result.stats.steps < again.result.stats.steps);
}

TEST_CASE("chem solver: bad conditions are named") {
  Solver s(a_to_b("1.0e-3"));
  Conditions c;
  c.temp = TimeSeries{{0.0, 0.0}, {300.0, 290.0}, Interpolation::linear};
  CHECK_THROWS_AS(s.set_conditions(c), aqm::InvalidArgument);
  Conditions d;
  d.h2o = TimeSeries{{0.0}, {-1.0}, Interpolation::step};
  CHECK_THROWS_WITH_AS(s.set_conditions(d), doctest::Contains("H2O"), aqm::InvalidArgument);
}

TEST_CASE("chem mechanism override_rate: coefficient by name, reaction by tag, refusals") {
  Mechanism m = a_to_b("KNO3AL");
  m.override_rate("KNO3AL", "1.44e-12*EXP(-1862/TEMP)");
  KineticSystem s(m);
  s.set_environment(Environment::from(298.0));
  const double kpp = 1.44e-12 * std::exp(-1862.0 / 298.0);
  CHECK(s.rate_constants()[0] == doctest::Approx(kpp).epsilon(1e-12));
  m.override_rate("R1", "2.5e-4");
  KineticSystem t(m);
  CHECK(t.rate_constants()[0] == 2.5e-4);
  Mechanism n = a_to_b("KNO3AL");
  CHECK_THROWS_AS(n.override_rate("NOPE", "1.0"), aqm::KeyError);
  CHECK_THROWS_AS(n.override_rate("KNO3AL", "1.0 *"), aqm::ParseError);
  CHECK_THROWS_AS(n.override_rate("KNO3AL", "J(4)"), aqm::InvalidArgument);
}

TEST_CASE("chem isopleth in ppb: the base point is run()'s O3 divided by M at each time") {
  BoxModel b = box_test::cb6_urban();
  EnvironmentSeries env;  // 285 K at night, 310 K in the afternoon: M varies by 8 %
  env.time = {0.0, 50400.0, 86400.0};
  env.temp = {285.0, 310.0, 285.0};
  env.pressure = {1000.0, 1000.0, 1000.0};
  env.rh = {60.0, 60.0, 60.0};
  b.set_environment(env);
  const BoxResult r = b.run();
  REQUIRE(r.ok());
  const Eigen::VectorXd o3 = r.series("O3");
  double peak = 0.0;
  for (Eigen::Index k = 0; k < o3.size(); ++k)
    peak = std::max(peak, o3[k] / r.m[static_cast<std::size_t>(k)] * 1e9);
  IsoplethOptions o;
  o.voc_factors = {1.0};
  o.nox_factors = {1.0};
  o.voc_species = {"PAR"};
  o.ppb = true;
  const IsoplethResult iso = isopleth(b, o);
  CHECK(iso.base_peak_o3 == doctest::Approx(peak).epsilon(1e-12));
  o.ppb = false;
  CHECK(isopleth(b, o).base_peak_o3 == doctest::Approx(o3.maxCoeff()).epsilon(1e-12));
}
