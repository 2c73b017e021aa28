#pragma once
// Emission units parsed into dimensions, never compared as strings: `kg m-2 s-1` == `kg/m2/s`.
//
// A unit is a scale to SI base units (kg, mol, s, m) with integer exponents, plus a *basis*: the
// substance whose mass is counted ("" = the species itself, "C" for kgC, "NO2" for "as NO2").
// Units of different basis, or mass against moles, convert only through conversion_factor()
// with explicit species data (molecular weight, carbon atoms): never silently.
//
// Time units: yr = 365.25 d (the Julian year; emiproc's DAY_PER_YR), month = yr/12.  Use the
// temporal module for calendar months.  "t" is the metric tonne; a bare "ton" is refused as
// ambiguous (SMOKE inventories use short tons: write "short_ton").

#include <map>
#include <string>

#include "aqm/core/error.hpp"

namespace aqm::emis {

/// Exponents of the SI base dimensions used by emissions.
struct Dimension {
  int mass = 0;    ///< kg
  int amount = 0;  ///< mol
  int time = 0;    ///< s
  int length = 0;  ///< m
  bool operator==(const Dimension& o) const {
    return mass == o.mass && amount == o.amount && time == o.time && length == o.length;
  }
  bool operator!=(const Dimension& o) const { return !(*this == o); }
  /// "mass length-2 time-1" style text; "dimensionless" when all exponents are zero.
  std::string describe() const;
};

struct Unit {
  double scale = 1.0;  ///< SI value of one of this unit (1 g -> 1e-3)
  Dimension dim;
  std::string basis;  ///< "" = the species' own mass/moles; "C" = carbon; else "as <basis>"
  std::string text;   ///< the text it was parsed from

  /// Canonical SI text without the scale, e.g. "kg m-2 s-1", "mol s-1", "kgC yr-1" is not
  /// produced: the canonical text always uses SI bases ("kg[C] s-1").
  std::string canonical() const;
  bool dimensionless() const { return dim == Dimension{}; }
};

/// Parse unit text: tokens separated by spaces, '*', '/' (divides the next factor or group),
/// exponents as `m2`, `m-2`, `m^-2`, `m**-2`; numbers are scales ("1e6 mol"); parentheses
/// group; `kgC`/`tC`/`gC` or `kg[C]` set a carbon basis, `kg[NO2]` or a trailing `as NO2` a
/// species basis.  Throws UnitError naming the text (and `where`) for an unknown token.
Unit parse_unit(const std::string& text, const Location& where = {});

/// True when the two units measure the same kind of quantity (same dimension and basis).
bool compatible(const Unit& a, const Unit& b);

/// Multiply a value in `from` by this to get it in `to`.  Throws UnitError naming both units
/// when dimensions or bases differ.
double conversion_factor(const Unit& from, const Unit& to);
double conversion_factor(const std::string& from, const std::string& to);

/// What is needed to cross mass <-> moles and basis boundaries for one species.
struct SpeciesData {
  std::string name;               ///< used in error messages
  double molecular_weight = 0.0;  ///< g/mol of the species (0 = unknown)
  double basis_count = 0.0;       ///< basis units per molecule (carbon atoms for "C"); 0 = unknown
  std::map<std::string, double> basis_molecular_weight;  ///< extra basis MWs (g/mol)
};

/// Molar mass (g/mol) of a basis substance: built-in C, N, S, NO2, NO, SO2, CH4, or from `sp`.
double basis_molecular_weight(const std::string& basis, const SpeciesData& sp = {});

/// Conversion that may cross mass <-> moles and basis (kgC -> kg species, "as NO2" -> kg):
///   mass_species = mass_basis * MW / (basis_count * MW_basis);  mass = moles * MW.
/// Throws UnitError naming both units when the species data needed are missing.
double conversion_factor(const Unit& from, const Unit& to, const SpeciesData& species);
double conversion_factor(const std::string& from, const std::string& to,
                         const SpeciesData& species);

/// Physical constants used by the module.
inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kAvogadro = 6.02214076e23;         ///< mol-1 (SI 2019, exact)
inline constexpr double kSecondsPerYear = 365.25 * 86400;  ///< Julian year
inline constexpr double kEarthRadius = 6371007.2;          ///< m, authalic sphere (GRS80)

}  // namespace aqm::emis
