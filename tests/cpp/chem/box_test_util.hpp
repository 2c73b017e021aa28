#pragma once
// Shared set-ups for the box-model tests: small KPP mechanisms with analytic answers and the
// built-in CB6 mechanism in an urban summer day.
#include <string>

#include <aqm/chem.hpp>

namespace box_test {

inline std::string cb6_path() {
  return std::string(AQM_TEST_DATA_DIR) + "/../../data/mechanisms/cb6_aqm.def";
}

/// X is inert; Y decays with k = 1e-4 s-1.
inline aqm::chem::Mechanism inert_mechanism() {
  return aqm::chem::parse_kpp(
      "#DEFVAR\nX = IGNORE;\nY = IGNORE;\nZ = IGNORE;\n#EQUATIONS\n<R1> Y = Z : 1.0e-4 ;\n",
      "inert");
}

inline aqm::chem::TimeSeries constant_series(double v, double t0 = 0, double t1 = 86400) {
  aqm::chem::TimeSeries s;
  s.time = {t0, t1};
  s.value = {v, v};
  return s;
}

/// CB6 box at 300 K, 60 % RH, MCM J over Hangzhou on 15 July (t = 0 is local midnight), with
/// VOC and NOx initial values and emissions scaled by fv and fn (ppb-based amounts); without
/// its NO, PAR and TOL emissions when `emissions` is false.
inline aqm::chem::BoxModel cb6_urban(double voc = 1.0, double nox = 1.0, double output_step = 3600,
                                     bool emissions = true) {
  using namespace aqm::chem;
  BoxModel b(read_kpp(cb6_path()));
  b.set_time(0, 86400, output_step);
  EnvironmentSeries env;
  env.time = {0, 86400};
  env.temp = {300, 300};
  env.pressure = {1013.25, 1013.25};
  env.rh = {60, 60};
  b.set_environment(env);
  b.set_photolysis(PhotolysisModel::mcm(30.25, 120.17, 2020, 7, 15, -8.0));
  auto ppb = [](double x) { return ppb_to_molecules(x, 300, 1013.25); };
  b.set_initial("O3", ppb(40));
  b.set_initial("NO", ppb(5 * nox));
  b.set_initial("NO2", ppb(15 * nox));
  b.set_initial("CO", ppb(300));
  b.set_initial("PAR", ppb(60 * voc));
  b.set_initial("OLE", ppb(2 * voc));
  b.set_initial("ETH", ppb(3 * voc));
  b.set_initial("TOL", ppb(3 * voc));
  b.set_initial("XYLMN", ppb(2 * voc));
  b.set_initial("FORM", ppb(3));
  b.set_initial("ISOP", ppb(1));
  b.set_initial("CH4", ppb(1900));
  b.set_initial("H2", ppb(550));
  if (emissions) {
    b.set_emission("NO", constant_series(ppb(2 * nox) / 3600));
    b.set_emission("PAR", constant_series(ppb(6 * voc) / 3600));
    b.set_emission("TOL", constant_series(ppb(0.3 * voc) / 3600));
  }
  b.set_dilution(1.0 / 86400,
                 {{"O3", ppb(40)}, {"CO", ppb(200)}, {"CH4", ppb(1900)}, {"H2", ppb(550)}});
  return b;
}

}  // namespace box_test
