#pragma once
// The species registry every pillar asks: names, aliases, CAS, formula, MW, group, kOH(T),
// MIR, SOAP, FAC, the CB6 lumping and the MCM name of each VOC.  The bundled table is
// data/voc/voc_species.csv (columns and sources: data/voc/README.md); pmf, chem and emis keep
// no name table of their own.
//
// Names are matched as the Python side matches them: lower case, everything but letters and
// digits dropped ("M_P Xylene" == "m,p-xylene" == "m/p-xylene"); a CAS number is a key too.

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "aqm/core/error.hpp"

namespace aqm {

/// k(T) = a * T^n * exp(-b / T), cm3 molecule-1 s-1 (T in K): the form of Atkinson (2003)
/// for alkanes (n = 2) and of IUPAC for the rest (n = 0, b = E/R).
struct ArrheniusRate {
  double a = 0.0;
  double n = 0.0;
  double b = 0.0;  ///< K
  double operator()(double temp_k) const;
};

struct Species {
  static constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

  std::string name;
  std::vector<std::string> aliases;
  std::string cas;            ///< "" for co-eluting pairs such as m/p-xylene
  std::string formula;        ///< Hill-style element counts, e.g. "C7H8"
  double mw = 0.0;            ///< g mol-1
  std::string group;          ///< alkane, alkene, alkyne, aromatic, OVOC, halocarbon, biogenic
  double mir = kMissing;      ///< g O3 / g VOC (Carter SAPRC-07 MIR)
  double koh_298 = kMissing;  ///< cm3 molecule-1 s-1 at 298 K
  std::optional<ArrheniusRate> koh_rate;  ///< cited T dependence, when known
  double soap = kMissing;                 ///< Derwent et al. (2010), toluene = 100
  double fac = kMissing;                  ///< Grosjean (1992), percent
  /// CB6 model species and moles per mole of this compound; empty when unmapped.
  std::vector<std::pair<std::string, double>> cb6;
  bool cb6_not_represented = false;  ///< "NR": known to have no CB6 species (halocarbons)
  std::string mcm;                   ///< MCM v3.3.1 species name, "" when none
  long speciate_id = 0;              ///< EPA SPECIATE species id, 0 when none
  std::string mir_ref, koh_ref, koh_rate_ref, soap_ref, fac_ref, cb6_ref, notes;

  /// kOH (cm3 molecule-1 s-1) at temp_k: from koh_rate when a T dependence is known, else
  /// koh_298 at any T (see koh_depends_on_temperature()); NaN when neither is known.
  /// InvalidArgument for a temperature that is not positive and finite.
  double koh(double temp_k) const;
  bool koh_depends_on_temperature() const { return koh_rate.has_value(); }
};

class SpeciesRegistry {
 public:
  SpeciesRegistry() = default;
  /// InvalidArgument when two species share a name, alias or CAS key, or a name is empty.
  explicit SpeciesRegistry(std::vector<Species> species, std::string source = "");

  /// Read the registry CSV.  FileNotFound, or ParseError naming file, line and column name.
  static SpeciesRegistry from_csv(const std::string& path);
  /// The same from text in memory; `source_name` stands for the file in messages.
  static SpeciesRegistry parse(const std::string& text, const std::string& source_name);

  /// The species with this name, alias or CAS number, or nullptr.
  const Species* find(std::string_view name) const;
  /// As find(); KeyError naming `name` and the closest known names when absent.
  const Species& at(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }
  /// The species with this EPA SPECIATE species id, or nullptr (maps SPECIATE profiles).
  const Species* find_speciate_id(long id) const;

  const std::vector<Species>& species() const { return species_; }
  std::size_t size() const { return species_.size(); }
  const std::string& source() const { return source_; }

 private:
  /// Append `s`; InvalidArgument at `where` when a key of it is already taken.
  void add(Species s, const Location& where);

  std::vector<Species> species_;
  std::unordered_map<std::string, std::size_t> index_;  ///< key -> position in species_
  std::string source_;
};

/// The bundled registry (data_path("voc/voc_species.csv")), read once on first use.
const SpeciesRegistry& default_species_registry();

/// The lookup key of a name: lower case, letters and digits only.
std::string species_key(std::string_view name);

/// True for "NNNNNNN-NN-N" whose last digit is the CAS check digit.
bool cas_number_valid(std::string_view cas);

/// Molar mass (g mol-1) of a formula such as "C2HCl3" from IUPAC standard atomic weights
/// (C, H, N, O, F, S, Cl, Br).  ParseError for an unknown element or malformed formula.
double molecular_weight(std::string_view formula);

}  // namespace aqm
