#pragma once
// Physical environment of a box: temperature, pressure, humidity and the third-body
// concentrations they imply (molecule cm-3).  Formulas follow AtChem2
// (src/atmosphereFunctions.f90; Sommariva et al., GMD 13, 169, 2020).

#include <cmath>
#include <vector>

#include "aqm/core/error.hpp"

namespace aqm::chem {

/// Avogadro constant and gas constant as used by AtChem2 (CODATA 2010 values).
inline constexpr double kAvogadro = 6.02214129e23;
inline constexpr double kGasConstant = 8.3144621;
/// Volume mixing ratios of O2 and N2 in dry air used by AtChem2.
inline constexpr double kO2Fraction = 0.2095;
inline constexpr double kN2Fraction = 0.7809;

/// Air number density (molecule cm-3) from temperature (K) and pressure (hPa).
inline double air_density(double temp_k, double pressure_hpa) {
  if (!(temp_k > 0) || !std::isfinite(temp_k))
    throw InvalidArgument(argument("temp"), "temperature must be positive and finite (K)");
  if (!(pressure_hpa > 0) || !std::isfinite(pressure_hpa))
    throw InvalidArgument(argument("pressure"), "pressure must be positive and finite (hPa)");
  return 1e-6 * (kAvogadro / kGasConstant) * (pressure_hpa * 100.0) / temp_k;
}

/// Saturation-scaled water vapour pressure (hPa) for relative humidity rh (%) at temp (K);
/// AtChem2's fit over liquid water: 6.116441 * 10^(7.591386 Tc / (Tc + 240.7263)).
inline double water_vapour_pressure(double rh_percent, double temp_k) {
  if (!(rh_percent >= 0) || !std::isfinite(rh_percent))
    throw InvalidArgument(argument("rh"), "relative humidity must be >= 0 (%)");
  const double tc = temp_k - 273.15;
  return rh_percent / 100.0 * 6.116441 * std::pow(10.0, 7.591386 * tc / (tc + 240.7263));
}

/// Water concentration (molecule cm-3) from RH (%), T (K) and P (hPa): wvp/(P - wvp) * M.
inline double water_concentration(double rh_percent, double temp_k, double pressure_hpa) {
  const double m = air_density(temp_k, pressure_hpa);
  const double wvp = water_vapour_pressure(rh_percent, temp_k);
  if (!(wvp < pressure_hpa))
    throw InvalidArgument(argument("rh"), "water vapour pressure exceeds total pressure");
  return wvp / (pressure_hpa - wvp) * m;
}

/// Conditions that rate constants depend on.  Build with Environment::from(T, P, RH) or set
/// the concentrations directly (for example to reproduce a published case).
struct Environment {
  double temp = 298.15;       ///< K
  double pressure = 1013.25;  ///< hPa
  double m = 2.4615e19;       ///< air, molecule cm-3
  double o2 = kO2Fraction * 2.4615e19;
  double n2 = kN2Fraction * 2.4615e19;
  double h2o = 0.0;  ///< molecule cm-3

  /// T (K), P (hPa), RH (%) -> M, O2, N2, H2O by the AtChem2 formulas.
  static Environment from(double temp_k, double pressure_hpa = 1013.25, double rh_percent = 0.0) {
    Environment e;
    e.temp = temp_k;
    e.pressure = pressure_hpa;
    e.m = air_density(temp_k, pressure_hpa);
    e.o2 = kO2Fraction * e.m;
    e.n2 = kN2Fraction * e.m;
    e.h2o = water_concentration(rh_percent, temp_k, pressure_hpa);
    return e;
  }

  bool operator==(const Environment& o) const {
    return temp == o.temp && pressure == o.pressure && m == o.m && o2 == o.o2 && n2 == o.n2 &&
           h2o == o.h2o;
  }
  bool operator!=(const Environment& o) const { return !(*this == o); }
};

/// Piecewise-linear time series of T (K), P (hPa) and RH (%) at times t (s, increasing).
struct EnvironmentSeries {
  std::vector<double> time, temp, pressure, rh;

  void validate() const {
    const std::size_t n = time.size();
    if (n == 0) throw InvalidArgument(argument("time"), "environment series is empty");
    if (temp.size() != n || pressure.size() != n || rh.size() != n)
      throw InvalidArgument(argument("time"),
                            "time, temp, pressure and rh must have the same length");
    for (std::size_t i = 1; i < n; ++i)
      if (!(time[i] > time[i - 1]))
        throw InvalidArgument(argument("time"), "times must be strictly increasing");
  }

  /// Conditions at time t (held constant outside the series).
  Environment at(double t) const {
    validate();
    const std::size_t n = time.size();
    if (n == 1 || t <= time.front()) return Environment::from(temp[0], pressure[0], rh[0]);
    if (t >= time.back()) return Environment::from(temp[n - 1], pressure[n - 1], rh[n - 1]);
    std::size_t i = 1;
    while (time[i] < t) ++i;
    const double w = (t - time[i - 1]) / (time[i] - time[i - 1]);
    auto lerp = [&](const std::vector<double>& v) { return v[i - 1] + w * (v[i] - v[i - 1]); };
    return Environment::from(lerp(temp), lerp(pressure), lerp(rh));
  }
};

}  // namespace aqm::chem
