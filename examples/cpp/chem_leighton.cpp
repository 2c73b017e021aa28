// A NO-NO2-O3 box under a fixed sun relaxes to the Leighton photostationary state
// [NO2]/[NO] = k[O3]/J(NO2).  Shows: FACSIMILE text, environment, MCM photolysis, Rodas3.
#include <aqm/chem.hpp>

#include <cmath>
#include <cstdio>

int main() {
  using namespace aqm::chem;
  Mechanism mech = parse_facsimile(
      "VARIABLE NO NO2 O3 ;\n"
      "RO2 = ;\n"
      "% J<4> : NO2 = NO + O3 ;\n"
      "% 1.4D-12*EXP(-1310/TEMP) : NO + O3 = NO2 ;\n",
      "leighton");
  KineticSystem sys(mech);
  const Environment env = Environment::from(298.15, 1013.25, 50.0);
  sys.set_environment(env);
  sys.set_photolysis(PhotolysisModel::mcm_fixed_zenith(30.0).rates(0.0));
  const double ppb = env.m * 1e-9;
  std::vector<double> y = {5.0 * ppb, 5.0 * ppb, 40.0 * ppb};
  SolveResult r = integrate(sys, y, 0.0, 600.0);
  if (!r.ok()) {
    std::printf("solve failed: %s\n", r.message.c_str());
    return 1;
  }
  const double k = sys.rate_constants()[1];
  const double j4 = sys.photolysis()[4];
  const double ratio = y[1] / y[0], leighton = k * y[2] / j4;
  std::printf("NO2/NO = %.4f, k[O3]/J4 = %.4f (%ld steps)\n", ratio, leighton, r.stats.steps);
  return std::fabs(ratio / leighton - 1.0) < 1e-3 ? 0 : 1;
}
