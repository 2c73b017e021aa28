// Benchmark: KPP's own MCM isoprene day (KPP examples/mcm: driver_mcm.f90 scenario, re-stated
// here) in libaqm's C++ solver, for a side-by-side table with KPP's generated code.
// 24 h from midnight, output every 1200 s; T = 298 K, M = 2.5e19, O2 = 0.21 M, N2 = 0.78 M,
// H2O = 0.01 M; 30 ppb O3, 0.1 ppb NO2, 1.8 ppm CH4, 1 ppb isoprene, the rest 0; J from the
// MCM formula at zenith = min(89.5 deg, |2 pi t / 86400 - pi|) evaluated at the start of each
// output interval and held through it; KNO3AL = 1.44e-12 exp(-1862/T) (KPP's
// constants_mcm.f90); Rodas3, atol 1e-4, negatives clipped.  Prints steps, f/Jacobian/LU
// counts, CPU time and microseconds per step (best of `repeats`) at rtol 1e-2, 1e-3.
// Build and run: bash benchmarks/chem_kpp_day.sh
#include <aqm/chem.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>

using namespace aqm::chem;

int main(int argc, char** argv) {
  const std::string path =
      argc > 1 ? argv[1] : "../shared/data/mechanisms/kpp/mcm_v331_isoprene.eqn";
  const int repeats = argc > 2 ? std::stoi(argv[2]) : 5;
  Mechanism mech = read_kpp(path);
  mech.override_rate("KNO3AL", "1.44e-12*EXP(-1862/TEMP)");
  const double m = 2.5e19;
  Conditions c;
  c.temp = TimeSeries{{0.0}, {298.0}, Interpolation::step};
  c.m = TimeSeries{{0.0}, {m}, Interpolation::step};
  c.o2 = TimeSeries{{0.0}, {0.21 * m}, Interpolation::step};
  c.n2 = TimeSeries{{0.0}, {0.78 * m}, Interpolation::step};
  c.h2o = TimeSeries{{0.0}, {0.01 * m}, Interpolation::step};
  c.zenith = [](double t) { return std::min(89.5, std::fabs(360.0 * t / 86400.0 - 180.0)); };
  c.per_interval = true;
  std::vector<double> times;
  for (int k = 0; k <= 72; ++k) times.push_back(1200.0 * k);

  std::printf("%-7s %6s %6s %6s %6s %6s %9s %9s %10s\n", "rtol", "steps", "rej", "f", "jac", "lu",
              "cpu_ms", "us_step", "O3_ppb");
  for (double rtol : {1e-2, 1e-3}) {
    RosenbrockOptions opt;
    opt.rtol = rtol;
    opt.atol = 1e-4;
    opt.clip_negative = true;
    Solver solver(mech, opt);
    solver.set_conditions(c);
    std::vector<double> y0(solver.system().n_variable(), 0.0);
    auto set = [&](const char* n, double v) { y0[solver.system().variable_index(n)] = v * m; };
    set("O3", 30e-9);
    set("NO2", 0.1e-9);
    set("CH4", 1.8e-6);
    set("C5H8", 1e-9);
    double best = 1e30;
    Trajectory tr;
    for (int rep = 0; rep < repeats; ++rep) {
      solver.reset_step();
      const std::clock_t c0 = std::clock();
      tr = solver.run(y0, times);
      best = std::min(best, double(std::clock() - c0) / CLOCKS_PER_SEC);
    }
    const SolveStats& s = tr.result.stats;
    const double o3 = tr.y.back()[solver.system().variable_index("O3")] / m * 1e9;
    std::printf("%-7.0e %6ld %6ld %6ld %6ld %6ld %9.2f %9.1f %10.4f %s\n", rtol, s.steps,
                s.rejected, s.f_evals, s.jacobians, s.decompositions, best * 1e3,
                best * 1e6 / double(s.steps), o3, to_string(tr.result.status).c_str());
  }
}
