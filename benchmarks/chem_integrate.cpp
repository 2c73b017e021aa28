// Benchmark: the MCM v3.3.1 isoprene subset (KPP examples/mcm, 1944 reactions) over one
// 24 h day with MCM photolysis following the sun, every Rosenbrock method at rtol 1e-2, 1e-3,
// 1e-4.  CPU time per day.  Build and run: bash benchmarks/chem_integrate.sh
#include <aqm/chem.hpp>

#include <chrono>
#include <cstdio>
#include <string>

using namespace aqm::chem;

int main(int argc, char** argv) {
  const std::string path =
      argc > 1 ? argv[1] : "../shared/data/mechanisms/kpp/mcm_v331_isoprene.eqn";
  Mechanism mech = read_kpp(path);
  KineticSystem proto(mech);
  const Environment env = Environment::from(298.15, 1013.25, 50.0);
  proto.set_environment(env);
  const double ppb = env.m * 1e-9;
  std::vector<double> y0(proto.n_variable(), 0.0);
  auto set = [&](const char* n, double v) { y0[proto.variable_index(n)] = v * ppb; };
  set("O3", 30.0);
  set("NO", 0.5);
  set("NO2", 2.0);
  set("C5H8", 2.0);
  set("CO", 120.0);
  set("CH4", 1800.0);
  set("H2", 500.0);
  set("HCHO", 1.0);
  set("H2O2", 1.0);
  PhotolysisModel sun = PhotolysisModel::mcm(45.0, 0.0, 2010, 7, 1, 0.0);
  std::vector<double> times;
  for (int h = 0; h <= 24; ++h) times.push_back(h * 3600.0);
  std::printf("%s\n", mech.summary().to_string().c_str());
  std::printf("%-8s %-7s %10s %7s %7s %9s %10s %s\n", "method", "rtol", "cpu_s", "steps", "rej",
              "f_evals", "O3_end_ppb", "status");
  for (RosenbrockMethod m : {RosenbrockMethod::ros2, RosenbrockMethod::ros3, RosenbrockMethod::ros4,
                             RosenbrockMethod::rodas3, RosenbrockMethod::rodas4}) {
    for (double rtol : {1e-2, 1e-3, 1e-4}) {
      RosenbrockOptions opt;
      opt.method = m;
      opt.rtol = rtol;
      opt.atol = 1e-3;  // molecule cm-3 (AtChem2 default)
      double best = 1e30;
      Trajectory tr;
      for (int rep = 0; rep < 3; ++rep) {
        KineticSystem s = proto;
        const auto c0 = std::clock();
        tr = simulate(s, y0, times, opt, &sun);
        best = std::min(best, double(std::clock() - c0) / CLOCKS_PER_SEC);
      }
      const double o3 = tr.y.back()[proto.variable_index("O3")] / ppb;
      std::printf("%-8s %-7.0e %10.4f %7ld %7ld %9ld %10.3f %s\n", to_string(m).c_str(), rtol, best,
                  tr.result.stats.steps, tr.result.stats.rejected, tr.result.stats.f_evals, o3,
                  to_string(tr.result.status).c_str());
    }
  }
}
