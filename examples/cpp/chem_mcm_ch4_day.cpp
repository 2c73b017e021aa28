// One summer day of the MCM v3.3.1 CH4 subset (AtChem2's mechanism.fac) in London, hourly output,
// photolysis following the sun.  Reads ../shared/data next to the source tree; skips if absent.
#include <aqm/chem.hpp>

#include <cstdio>
#include <filesystem>

int main() {
  using namespace aqm::chem;
  const std::string path =
      std::string(AQM_SOURCE_DIR) + "/../shared/data/mechanisms/facsimile/mcm_v331_ch4.fac";
  if (!std::filesystem::exists(path)) {
    std::printf("skipped: %s not found\n", path.c_str());
    return 0;
  }
  Mechanism mech = read_facsimile(path);
  std::printf("%s\n", mech.summary().to_string().c_str());
  KineticSystem sys(mech);
  const Environment env = Environment::from(293.0, 1013.25, 60.0);
  sys.set_environment(env);
  const double ppb = env.m * 1e-9;
  std::vector<double> y(sys.n_variable(), 0.0);
  y[sys.variable_index("O3")] = 30 * ppb;
  y[sys.variable_index("NO2")] = 5 * ppb;
  y[sys.variable_index("NO")] = 1 * ppb;
  y[sys.variable_index("CH4")] = 1900 * ppb;
  y[sys.variable_index("CO")] = 150 * ppb;
  y[sys.variable_index("HCHO")] = 1 * ppb;
  // Dilution: a 1-day lifetime for every species (a first-order loss on the diagonal).
  for (double& l : sys.first_order_loss()) l = 1.0 / 86400.0;
  PhotolysisModel sun = PhotolysisModel::mcm(51.51, -0.13, 2010, 6, 21, 0.0);
  std::vector<double> times;
  for (int h = 0; h <= 24; ++h) times.push_back(h * 3600.0);
  RosenbrockOptions opt;
  opt.rtol = 1e-4;
  opt.atol = 1e-3;
  Trajectory tr = simulate(sys, y, times, opt, &sun);
  if (!tr.result.ok()) {
    std::printf("solve failed: %s\n", tr.result.message.c_str());
    return 1;
  }
  const std::size_t o3 = sys.variable_index("O3"), oh = sys.variable_index("OH");
  for (std::size_t k = 0; k < times.size(); k += 3)
    std::printf("%5.1f h  O3 %7.3f ppb  OH %9.3e cm-3\n", times[k] / 3600, tr.y[k][o3] / ppb,
                tr.y[k][oh]);
  std::printf("steps %ld, rejected %ld, f evaluations %ld\n", tr.result.stats.steps,
              tr.result.stats.rejected, tr.result.stats.f_evals);
  return 0;
}
