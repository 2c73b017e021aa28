// Bit-for-bit regression values of the box model and the multi-cell integrator, recorded
// before BoxModel::run_joint and integrate_cells were split into named parts (issue 15): a
// refactor that changes the order of any floating-point operation fails here.  The values are
// not a reference for the science (the other box tests check that against hand calculations);
// they pin the arithmetic.  Regenerate them only for a change that is meant to alter results.
// Recorded with GCC on x86-64 Linux (glibc libm, no FMA contraction); another libm may differ
// in the last bits of exp/pow and then needs its own recording.
#include <doctest/doctest.h>

#include <vector>

#include "box_test_util.hpp"

using namespace aqm::chem;
using box_test::constant_series;

namespace {
// Every feature of the run loop at once: observation constraint, FixNOx, emissions (one per
// area), a growing boundary layer with entrainment, deposition, J scaled to an observed J4 and
// a spin-up of up to 3 days.
BoxModel golden_box() {
  BoxModel b = box_test::cb6_urban(1.0, 1.0, 3600, true);
  const auto ppb = [](double x) { return ppb_to_molecules(x, 300, 1013.25); };
  b.constrain("TOL", constant_series(ppb(2)));
  b.fix_nox(constant_series(ppb(12)));
  TimeSeries h;
  h.time = {0, 21600, 50400, 86400};
  h.value = {300, 300, 1500, 400};
  b.set_boundary_layer_height(h);
  b.set_entrainment(true);
  b.set_deposition("O3", 0.4);
  b.set_emission("FORM", constant_series(1e11), true);
  TimeSeries j4;
  j4.time = {0, 43200, 86400};
  j4.value = {0, 7e-3, 0};
  b.scale_photolysis_to(4, j4);
  b.set_spin_up({3, 0.01, 1e4});
  return b;
}

// O3 at five output times, the final state's first values and the solver counts.
std::vector<double> fingerprint(const BoxResult& r) {
  std::vector<double> v;
  for (int k : {0, 6, 12, 15, 24}) v.push_back(r.series("O3")[k]);
  for (int i = 0; i < 5; ++i) v.push_back(r.final_state[i]);
  const SolveStats& s = r.result.stats;
  for (long n : {s.steps, s.accepted, s.rejected, s.f_evals, s.jacobians})
    v.push_back(static_cast<double>(n));
  v.push_back(r.spin_up_days);
  return v;
}

void check_same(const std::vector<double>& got, const std::vector<double>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i] == want[i]);
  }
}
}  // namespace

TEST_CASE("chem box golden: run() and joint warm-started cells reproduce their recorded bits") {
  BoxModel b = golden_box();
  b.prepare();
  const BoxResult one = b.run();
  REQUIRE(one.ok());
  check_same(fingerprint(one),
             {438205658050.85486, 342959821211.76288, 810573902046.21655, 833817685374.87,
              432232461833.84778, 432232461833.84778, 977163368.09040284, 292580475776.96027,
              180138210.49160457, 1284332298.5323491, 1284, 977, 60, 4522, 977, 2});
  // Two cells together, the second warm-started from the base's spun-up state.
  const std::vector<BoxResult> two =
      b.run_cells({{{"PAR", 0.5, scale_all}}, {{"NO", 2.0, scale_all}, {"NO2", 2.0, scale_all}}},
                  {{}, one.final_state});
  REQUIRE(two.size() == 2);
  check_same(fingerprint(two[0]),
             {401388577755.23785, 324180801925.48309, 782892090603.8988, 789399548729.55481,
              396024911595.74805, 396024911595.74805, 1117756482.5614281, 292439882662.48926,
              144865201.12150654, 1032446938.4350234, 1415, 1095, 53, 5020, 1095, 2});
  check_same(fingerprint(two[1]),
             {4744190626.2698412, 123553252975.08704, 594859762693.46265, 534908987470.12708,
              4724842999.3910923, 4724842999.3910923, 123480241094.5033, 463635037195.59802,
              25382.094437346648, 287728.7410160898, 1415, 1095, 53, 5020, 1095, 2});
}

TEST_CASE("chem integrate golden: every method, non-autonomous, reproduces its recorded bits") {
  Mechanism m = read_kpp(box_test::cb6_path());
  const std::vector<std::vector<double>> want = {
      {1127409823644.4705, 138354273637.46051, 5828542543.986393, 501, 0, 84.747085460825474},
      {1127416513630.7314, 138353783552.48157, 5828842330.182622, 80, 0, 553.08186635478785},
      {1127424136965.499, 138346322096.92746, 5828829438.7320871, 57, 0, 732.87828871343663},
      {1127414894943.7366, 138353954739.19046, 5828670517.1246939, 62, 0, 283.96586053096689},
      {1127416150872.8328, 138353747507.90533, 5828811397.9411879, 39, 0, 2003.8240296749343}};
  std::size_t row = 0;
  for (RosenbrockMethod meth :
       {RosenbrockMethod::ros2, RosenbrockMethod::ros3, RosenbrockMethod::ros4,
        RosenbrockMethod::rodas3, RosenbrockMethod::rodas4}) {
    KineticSystem sys(m);
    std::vector<double> y = sys.initial_state();
    y[sys.variable_index("O3")] = 1e12;
    y[sys.variable_index("NO2")] = 2.5e11;
    y[sys.variable_index("PAR")] = 1.5e12;
    const PhotolysisModel sun = PhotolysisModel::mcm(30.25, 120.17, 2020, 7, 15, -8.0);
    const TimeUpdate update = [&](double t, KineticSystem& s) {
      s.set_environment(Environment::from(295 + 5e-5 * t, 1013.25, 50));
      s.set_photolysis(sun.rates(t));
    };
    RosenbrockOptions opt;
    opt.method = meth;
    const SolveResult r = integrate(sys, y, 30000, 40000, opt, update);
    REQUIRE(r.ok());
    check_same({y[sys.variable_index("O3")], y[sys.variable_index("NO2")],
                y[sys.variable_index("FORM")], static_cast<double>(r.stats.steps),
                static_cast<double>(r.stats.rejected), r.stats.next_step},
               want[row++]);
  }
}
