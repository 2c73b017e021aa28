#pragma once
// VOC speciation: total NMVOC -> compounds (mass-fraction profiles) -> mechanism species
// through a compound -> species mapping with moles per mole and molecular weights, as EPA's
// S2S-Tool builds SMOKE GSPRO files:
//
//   effMW_i   = sum_j Moles_ij MW_j                         (mechanism basis, S2S-Tool)
//   n_j / g   = sum_i w_i Moles_ij / effMW_i                (mole matrix, mol per g NMVOC)
//   f_j       = (n_j / g) MW_j                              (mass matrix, g per g NMVOC)
//
// With the mechanism basis sum_j n_j MW_j equals the mapped mass exactly (the back-check);
// with the compound basis (divide by the compound's own MW, as SMOKE's split/divisor does
// with real molecular weights) the back-check reports how much mass the lumping gains/loses.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "aqm/core/species.hpp"
#include "aqm/emis/inventory.hpp"

namespace aqm::emis {

struct SpeciationProfile {
  std::string name;
  std::vector<std::string> compounds;
  std::vector<double> fractions;  ///< mass fractions, sum 1
  std::string source;             ///< citation or file

  /// Throws InvalidArgument naming the profile and compound: negative or non-finite fraction,
  /// duplicate compound, or a sum that differs from 1 by more than `tolerance`.
  void validate(double tolerance = 1e-3) const;
  /// A copy whose fractions are divided by their sum.
  SpeciationProfile normalised() const;
};

struct CompoundMapping {
  std::string compound;
  double molecular_weight = 0.0;                        ///< g/mol of the compound itself
  std::vector<std::pair<std::string, double>> species;  ///< (mechanism species, mol per mol)
};

/// How explicit compounds map onto the species of a chemical mechanism (moles of each
/// mechanism species per mole of compound, with the species' molecular weights).  Only the
/// mapping: the mechanism's reactions are aqm::chem::Mechanism.
struct SpeciesMapping {
  std::string name;
  std::map<std::string, double> species_mw;  ///< g/mol of each mechanism species
  std::vector<CompoundMapping> compounds;
  const CompoundMapping* find(const std::string& compound) const;
  /// Throws InvalidArgument naming the compound or species (unknown species, MW <= 0, ...).
  void validate() const;
};

/// The CB6 mapping of every species of the registry that has one, under its canonical name:
/// the registry's CB6 species with moles per mole and its molecular weight.  Species the
/// registry marks "not represented" (halocarbons) are carried as 1 UNR, S2S-Tool's unreactive
/// species, so their mass stays in the speciated total.  `species_mw` gives the MW of each CB6
/// species (data/emis/cb6_species_mw.csv); KeyError names a mapped species without one.
SpeciesMapping cb6_mechanism(const SpeciesRegistry& registry,
                             const std::map<std::string, double>& species_mw);

enum class MassBasis { mechanism, compound };

struct SpeciationMatrix {
  std::string profile;
  std::vector<std::string> species;    ///< mechanism species with a non-zero share
  std::vector<double> moles_per_gram;  ///< mol of species per g of NMVOC
  std::vector<double> mass_fraction;   ///< g of species per g of NMVOC
  std::vector<std::string> unmapped;   ///< compounds without a mapping (allow_unmapped)
  double unmapped_fraction = 0.0;
  double back_check = 0.0;  ///< sum_j n_j MW_j  (= 1 - unmapped, mechanism basis)
};

SpeciationMatrix build_speciation(const SpeciationProfile& profile, const SpeciesMapping& mechanism,
                                  MassBasis basis = MassBasis::mechanism,
                                  bool allow_unmapped = false);

enum class SpeciationOutput { moles, mass, compounds };

/// Replace `pollutant` (a mass unit, no basis) by mechanism species (moles: "mol/yr" when the
/// input is a mass rate, "mol" when it is a mass; mass: the input unit) or by compounds.
/// `assignment` maps sector selectors to profile names ("*" = default). Other pollutants are kept.
/// Throws KeyError naming a sector without a profile.
Inventory speciate(const Inventory& inv, const std::string& pollutant,
                   const std::vector<SpeciationProfile>& profiles,
                   const std::map<std::string, std::string>& assignment,
                   const SpeciesMapping& mechanism,
                   SpeciationOutput output = SpeciationOutput::moles,
                   MassBasis basis = MassBasis::mechanism);

/// A PMF factor profile (species contributions in mass, or in mixing ratio with the species'
/// MW given) turned into a mass-fraction speciation profile.  Negative values are an error;
/// values in ppb are converted to mass shares by x_i MW_i.
SpeciationProfile profile_from_factor(const std::string& name,
                                      const std::vector<std::string>& species,
                                      const std::vector<double>& values,
                                      const std::vector<double>& molecular_weights = {});

struct ProfileComparison {
  std::vector<std::string> compounds;  ///< union of both profiles
  std::vector<double> a, b;            ///< fractions (0 where absent)
  double pearson_r = 0.0;              ///< NaN when either profile is constant over the union
  double cod = 0.0;  ///< coefficient of divergence over compounds present in either
};

/// Pearson r and the coefficient of divergence COD = sqrt(1/p sum ((a-b)/(a+b))^2).
ProfileComparison compare_profiles(const SpeciationProfile& a, const SpeciationProfile& b);

}  // namespace aqm::emis
