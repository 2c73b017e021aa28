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
#include <utility>

#include "aqm/chem/environment.hpp"
#include "aqm/core/error.hpp"

namespace aqm::chem {

enum class ConcentrationUnit { molecule_cm3, ppm, ppb, ppt, ug_m3 };

/// The one vocabulary of concentration units of every pillar (C++ and Python: aqm.species.
/// concentration_unit binds this).  Canonical names, which outputs write: "molecule cm-3",
/// "ppm", "ppb", "ppt", "ug m-3".  Aliases, accepted where a unit enters: "molec cm-3",
/// "molec/cm3", "molec_cm3", "molecules/cm3", "cm-3"; "ppmv", "umol/mol"; "ppbv", "nmol/mol";
/// "pptv", "pmol/mol"; "ugm3", "ug/m3" - with the micro sign or Greek mu for u and "³" for 3.
/// Case, spaces and underscores do not matter.  UnitError otherwise.
inline ConcentrationUnit parse_concentration_unit(const std::string& text) {
  std::string s;
  for (char c : text)
    if (c != ' ' && c != '_') s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"\xc2\xb5", "u"},  // µ
                                 {"\xce\xbc", "u"},                                     // μ
                                 {"\xc2\xb3", "3"}}) {                                  // ³
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at))
      s.replace(at, from.size(), to);
  }
  if (s == "moleculecm-3" || s == "moleccm-3" || s == "molec/cm3" || s == "molecules/cm3" ||
      s == "molecule/cm3" || s == "moleccm3" || s == "cm-3")
    return ConcentrationUnit::molecule_cm3;
  if (s == "ppm" || s == "ppmv" || s == "umol/mol") return ConcentrationUnit::ppm;
  if (s == "ppb" || s == "ppbv" || s == "nmol/mol") return ConcentrationUnit::ppb;
  if (s == "ppt" || s == "pptv" || s == "pmol/mol") return ConcentrationUnit::ppt;
  if (s == "ugm-3" || s == "ug/m3" || s == "ugm3") return ConcentrationUnit::ug_m3;
  throw UnitError(argument(text),
                  "unknown concentration unit (use molecule cm-3, ppm, ppb, ppt or ug m-3)");
}

inline std::string to_string(ConcentrationUnit u) {  // the canonical name
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
        throw UnitError(argument("mw"), "ug m-3 needs a positive molecular weight (g mol-1)");
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
