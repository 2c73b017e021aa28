// Source attribution (aqm::chem::attribute): a linear toy with the analytic answer (RIR = the
// source's share, zero-outs additive), observed concentrations split by source, a source with
// no emissions changing nothing bit for bit, agreement with rir() on the CB6 urban box, the
// same numbers at 1 and 2 threads, and bad input named.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "box_test_util.hpp"

using namespace aqm::chem;
using box_test::constant_series;

namespace {
constexpr double kRate = 1.0e-4;  // s-1, V -> O3

// V -> O3 at a first-order rate: O3 is linear in V's sources, so everything has a closed form.
BoxModel linear_box() {
  BoxModel b(parse_kpp("#DEFVAR\nV = IGNORE;\nO3 = IGNORE;\n#EQUATIONS\n<R1> V = O3 : 1.0e-4 ;\n",
                       "linear"));
  b.set_time(0, 86400, 3600);
  EnvironmentSeries env;
  env.time = {0, 86400};
  env.temp = {298.15, 298.15};
  env.pressure = {1013.25, 1013.25};
  env.rh = {50, 50};
  b.set_environment(env);
  RosenbrockOptions o;
  o.rtol = 1e-7;
  o.atol = 1e-3;
  b.set_solver_options(o);
  return b;
}

AttributionSource emitting(const std::string& name, std::map<std::string, double> rates) {
  AttributionSource s{name, {}, {}};
  for (const auto& [sp, v] : rates) s.emission[sp] = constant_series(v);
  return s;
}

AttributionCase factors(const std::string& label, std::vector<double> voc,
                        std::vector<double> nox = {}) {
  return {label, std::move(voc), std::move(nox), {}};
}

double ppb(double x) { return ppb_to_molecules(x, 300, 1013.25); }
}  // namespace

TEST_CASE("chem attribution: linear toy gives the analytic O3, RIR = share, additive zero-outs") {
  // Emission E of V from t = 0: V = E/k (1 - exp(-k t)), O3(T) = E T - E/k (1 - exp(-k T)).
  const double e1 = 2e5, e2 = 6e5, t_end = 86400;
  const std::vector<AttributionSource> src = {emitting("a", {{"V", e1}}),
                                              emitting("b", {{"V", e2}})};
  const std::vector<AttributionCase> cases = {factors("base", {1, 1}), factors("zero a", {0, 1}),
                                              factors("zero b", {1, 0}), factors("cut a", {0.8, 1}),
                                              factors("zero all", {0, 0})};
  const AttributionResult r = attribute(linear_box(), src, cases);
  REQUIRE(r.labels.size() == 5);
  for (auto s : r.status) CHECK(s == SolveStatus::success);
  auto o3_end = [&](double e) { return e * t_end - e / kRate * (1 - std::exp(-kRate * t_end)); };
  CHECK(r.peak_o3(0) == doctest::Approx(o3_end(e1 + e2)).epsilon(1e-5));
  CHECK(r.peak_o3(1) == doctest::Approx(o3_end(e2)).epsilon(1e-5));
  CHECK(r.peak_o3(4) == 0.0);
  // No loss of O3: the integral of P(O3) is O3 at the end (trapezoid on hourly outputs).
  CHECK(r.net_po3(0) == doctest::Approx(o3_end(e1 + e2)).epsilon(2e-2));
  for (const Eigen::VectorXd* m : {&r.peak_o3, &r.max_8h_o3, &r.net_po3}) {
    const Eigen::VectorXd& v = *m;
    // RIR of source a = [(M - M_cut) / M] / 0.2 = e1 / (e1 + e2) for a linear response.
    CHECK(((v(0) - v(3)) / v(0)) / 0.2 == doctest::Approx(e1 / (e1 + e2)).epsilon(1e-5));
    // Zero-outs add up to the all-source zero-out.
    CHECK((v(0) - v(1)) + (v(0) - v(2)) == doctest::Approx(v(0) - v(4)).epsilon(1e-5));
  }
}

TEST_CASE("chem attribution: observed VOC split by source") {
  // V held at c1 + c2: O3(T) = k (c1 + c2) T exactly.
  const double c1 = 1e9, c2 = 3e9, t_end = 86400;
  AttributionSource a{"a", {}, {{"V", constant_series(c1)}}};
  AttributionSource b{"b", {}, {{"V", constant_series(c2)}}};
  AttributionCase half{"half V", {}, {}, {{"V", 0.5}}};
  const AttributionResult r =
      attribute(linear_box(), {a, b}, {factors("base", {1, 1}), factors("zero a", {0, 1}), half});
  CHECK(r.peak_o3(0) == doctest::Approx(kRate * (c1 + c2) * t_end).epsilon(1e-6));
  CHECK(r.peak_o3(1) == doctest::Approx(kRate * c2 * t_end).epsilon(1e-6));
  CHECK(r.peak_o3(2) == doctest::Approx(0.5 * kRate * (c1 + c2) * t_end).epsilon(1e-6));
  // with_sources gives the model the summed constraint.
  const BoxModel m = with_sources(linear_box(), {a, b});
  REQUIRE(m.constraints().count("V") == 1);
  CHECK(m.constraints().at("V").at(1000.0) == c1 + c2);
}

TEST_CASE("chem attribution on the CB6 urban box: empty source exact, rir() agreement, threads") {
  const BoxModel box = box_test::cb6_urban(1.0, 1.0, 3600, false);
  // The urban box's emissions (NO 2, PAR 6, TOL 0.3 ppb/h) split between two sources, plus a
  // source whose PAR series is zero on other knots.
  AttributionSource traffic = emitting("traffic", {{"NO", ppb(2) / 3600}, {"PAR", ppb(2) / 3600}});
  AttributionSource solvent =
      emitting("solvent", {{"PAR", ppb(4) / 3600}, {"TOL", ppb(0.3) / 3600}});
  AttributionSource empty{"empty", {}, {}};
  empty.emission["PAR"].time = {0, 43200, 86400};
  empty.emission["PAR"].value = {0, 0, 0};
  const std::vector<AttributionSource> src = {traffic, solvent, empty};
  const std::vector<AttributionCase> cases = {
      factors("base", {1, 1, 1}, {1, 1, 1}),  factors("zero empty", {1, 1, 0}, {1, 1, 0}),
      factors("zero traffic VOC", {0, 1, 1}), factors("zero solvent VOC", {1, 0, 1}),
      factors("zero all VOC", {0, 0, 0}),     factors("cut NOx", {}, {0.8, 0.8, 0.8}),
      factors("cut VOC", {0.8, 0.8, 0.8}, {})};
  AttributionOptions o;
  o.window_start = 8 * 3600;
  o.window_end = 18 * 3600;
  o.n_threads = 2;
  const AttributionResult r = attribute(box, src, cases, o);
  for (auto s : r.status) CHECK(s == SolveStatus::success);
  // A source with no emissions changes nothing, exactly.
  CHECK(r.peak_o3(1) == r.peak_o3(0));
  CHECK(r.max_8h_o3(1) == r.max_8h_o3(0));
  CHECK(r.net_po3(1) == r.net_po3(0));
  // The same cuts through rir() (emissions only, NOx and the emitted VOCs) give the same RIR.
  RirOptions ro;
  ro.groups = {{"NOx", {"NO", "NO2"}}, {"VOC", {"PAR", "TOL"}}};
  ro.scale = scale_emission;
  ro.window_start = o.window_start;
  ro.window_end = o.window_end;
  const RirResult ref = rir(with_sources(box, src), ro);
  CHECK(r.net_po3(0) == doctest::Approx(ref.p_base).epsilon(1e-12));
  auto rir_of = [&](int c) { return ((r.net_po3(0) - r.net_po3(c)) / r.net_po3(0)) / 0.2; };
  CHECK(rir_of(5) == doctest::Approx(ref.rir[0]).epsilon(1e-9));
  CHECK(rir_of(6) == doctest::Approx(ref.rir[1]).epsilon(1e-9));
  // This box is VOC-limited (isopleth test): cutting VOC lowers O3, cutting NOx raises it.
  CHECK(r.net_po3(6) < r.net_po3(0));
  CHECK(r.net_po3(5) > r.net_po3(0));
  // Chemistry is not additive: the sum of the two VOC zero-outs differs from the joint one.
  const double sum = (r.max_8h_o3(0) - r.max_8h_o3(2)) + (r.max_8h_o3(0) - r.max_8h_o3(3));
  const double joint = r.max_8h_o3(0) - r.max_8h_o3(4);
  CHECK(std::fabs(sum - joint) > 1e-3 * std::fabs(joint));
  // One thread: bit for bit.
  o.n_threads = 1;
  const AttributionResult one = attribute(box, src, cases, o);
  CHECK((one.peak_o3.array() == r.peak_o3.array()).all());
  CHECK((one.max_8h_o3.array() == r.max_8h_o3.array()).all());
  CHECK((one.net_po3.array() == r.net_po3.array()).all());
}

TEST_CASE("chem attribution: update_emission / update_constraint keep the model prepared") {
  BoxModel b = linear_box();
  b.set_emission("V", constant_series(1e5));
  b.prepare();
  b.update_emission("V", constant_series(3e5));
  BoxModel fresh = linear_box();
  fresh.set_emission("V", constant_series(3e5));
  CHECK(b.run().series("O3")(24) == fresh.run().series("O3")(24));
  CHECK_THROWS_AS(b.update_emission("O3", constant_series(1.0)), aqm::KeyError);
  CHECK_THROWS_AS(b.update_constraint("V", constant_series(1.0)), aqm::KeyError);
  CHECK_THROWS_AS(b.update_emission("V", constant_series(1.0, 0, 3600)), aqm::InvalidArgument);
}

TEST_CASE("chem attribution bad input names the item") {
  const BoxModel b = linear_box();
  const AttributionSource a = emitting("a", {{"V", 1e5}});
  CHECK_THROWS_AS(attribute(b, {emitting("x", {{"NOPE", 1.0}})}, {}), aqm::KeyError);
  CHECK_THROWS_WITH_AS(attribute(b, {a}, {factors("two", {1, 1})}), doctest::Contains("1 sources"),
                       aqm::InvalidArgument);
  CHECK_THROWS_AS(attribute(b, {a}, {factors("neg", {-1})}), aqm::InvalidArgument);
  CHECK_THROWS_AS(attribute(b, {a}, {{"sp", {}, {}, {{"O3", 0.5}}}}), aqm::KeyError);
  AttributionOptions o;
  o.nox_species = {"V"};
  AttributionSource held{"h", {}, {{"V", constant_series(1.0)}}};
  CHECK_THROWS_WITH_AS(attribute(b, {held}, {}, o), doctest::Contains("NOx cannot be split"),
                       aqm::InvalidArgument);
  AttributionSource step = emitting("s", {{"V", 1e5}});
  step.emission["V"].interpolation = Interpolation::step;
  CHECK_THROWS_WITH_AS(attribute(b, {a, step}, {}), doctest::Contains("mix linear and step"),
                       aqm::InvalidArgument);
  AttributionSource both{"both", {{"V", constant_series(1.0)}}, {{"V", constant_series(1.0)}}};
  CHECK_THROWS_AS(attribute(b, {both}, {}), aqm::InvalidArgument);
  CHECK_THROWS_AS(attribute(b, {a}, {},
                            [] {
                              AttributionOptions x;
                              x.o3 = "OZONE";
                              return x;
                            }()),
                  aqm::KeyError);
}
