#pragma once
// Concentration units of the box model in one place: molecule cm-3 (the internal unit), mixing
// ratios (ppm, ppb, ppt) and mass concentration (ug m-3).
//
// Mixing ratio x -> number density: n = x * M, with M the air number density of
// aqm::chem::air_density (AtChem2's ideal-gas formula, molecule cm-3).
// Mass -> number density: n [cm-3] = c [ug m-3] * 1e-6 [g/ug] / MW [g/mol] * N_A / 1e6 [cm3/m3]
//                                  = c * N_A * 1e-12 / MW.

#include <cmath>
#include <string>

#include "aqm/chem/environment.hpp"
#include "aqm/core/error.hpp"

namespace aqm::chem {

enum class ConcentrationUnit { molecule_cm3, ppm, ppb, ppt, ug_m3 };

/// Parse a unit name: "molecule cm-3" (also "molec cm-3", "molec/cm3", "cm-3"), "ppm", "ppb",
/// "ppbv", "ppt", "pptv", "ug m-3" (also "ug/m3", "µg m-3", "µg/m3").  UnitError otherwise.
inline ConcentrationUnit parse_concentration_unit(const std::string& text) {
  std::string s;
  for (char c : text)
    if (c != ' ' && c != '_') s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "moleculecm-3" || s == "moleccm-3" || s == "molec/cm3" || s == "molecules/cm3" ||
      s == "molecule/cm3" || s == "cm-3")
    return ConcentrationUnit::molecule_cm3;
  if (s == "ppm" || s == "ppmv") return ConcentrationUnit::ppm;
  if (s == "ppb" || s == "ppbv") return ConcentrationUnit::ppb;
  if (s == "ppt" || s == "pptv") return ConcentrationUnit::ppt;
  if (s == "ugm-3" || s == "ug/m3" || s == "\xc2\xb5gm-3" || s == "\xc2\xb5g/m3")
    return ConcentrationUnit::ug_m3;
  throw UnitError(argument(text),
                  "unknown concentration unit (use molecule cm-3, ppm, ppb, ppt or ug m-3)");
}

inline std::string to_string(ConcentrationUnit u) {
  switch (u) {
    case ConcentrationUnit::molecule_cm3: return "molecule cm-3";
    case ConcentrationUnit::ppm: return "ppm";
    case ConcentrationUnit::ppb: return "ppb";
    case ConcentrationUnit::ppt: return "ppt";
    case ConcentrationUnit::ug_m3: return "ug m-3";
  }
  return "";
}

/// Molecules cm-3 per one unit of `u` at temperature T (K) and pressure P (hPa); `mw` (g mol-1)
/// is needed only for ug m-3 (UnitError when it is not positive).
inline double molecules_per_unit(ConcentrationUnit u, double temp_k, double pressure_hpa,
                                 double mw = 0.0) {
  switch (u) {
    case ConcentrationUnit::molecule_cm3: return 1.0;
    case ConcentrationUnit::ppm: return 1e-6 * air_density(temp_k, pressure_hpa);
    case ConcentrationUnit::ppb: return 1e-9 * air_density(temp_k, pressure_hpa);
    case ConcentrationUnit::ppt: return 1e-12 * air_density(temp_k, pressure_hpa);
    case ConcentrationUnit::ug_m3:
      if (!(mw > 0) || !std::isfinite(mw))
        throw UnitError(argument("mw"),
                        "ug m-3 needs a positive molecular weight (g mol-1)");
      return kAvogadro * 1e-12 / mw;
  }
  return 1.0;
}

/// Convert `value` from unit `from` to unit `to` at T (K), P (hPa); `mw` (g mol-1) for ug m-3.
inline double convert_concentration(double value, ConcentrationUnit from, ConcentrationUnit to,
                                    double temp_k = 298.15, double pressure_hpa = 1013.25,
                                    double mw = 0.0) {
  if (from == to) return value;
  return value * molecules_per_unit(from, temp_k, pressure_hpa, mw) /
         molecules_per_unit(to, temp_k, pressure_hpa, mw);
}

inline double ppb_to_molecules(double ppb, double temp_k = 298.15, double pressure_hpa = 1013.25) {
  return convert_concentration(ppb, ConcentrationUnit::ppb, ConcentrationUnit::molecule_cm3, temp_k,
                               pressure_hpa);
}
inline double molecules_to_ppb(double n, double temp_k = 298.15, double pressure_hpa = 1013.25) {
  return convert_concentration(n, ConcentrationUnit::molecule_cm3, ConcentrationUnit::ppb, temp_k,
                               pressure_hpa);
}

}  // namespace aqm::chem
