#pragma once
// Lumping a species-resolved (compound) inventory to mechanism species: for every sector,
// place and time, n_j = sum_c m_c L_cj with L in mol per g (built by the caller from the species
// registry: CB6 in S2S-Tool's mechanism basis, MCM as 1/MW).  Pollutants without a row of L
// (the unmapped NMVOC, compounds the mechanism does not name) are summed into one mass pollutant,
// so nothing is dropped.

#include <string>
#include <vector>

#include "aqm/emis/inventory.hpp"

namespace aqm::emis {

struct LumpingMatrix {
  std::string mechanism;               ///< recorded in the history
  std::vector<std::string> compounds;  ///< rows: pollutants of the inventory
  std::vector<std::string> species;    ///< columns: mechanism species
  std::vector<double> moles_per_gram;  ///< row-major compounds x species, finite and >= 0
};

/// Mechanism species in moles ("mol/yr" for a mass rate, "mol" for a mass) followed by
/// `unmapped_label` in the inventory's mass unit.  Every pollutant must have the same mass
/// unit (UnitError naming the pollutant); a compound row missing from the inventory is a
/// KeyError, a bad matrix an InvalidArgument naming compound and species.
Inventory lump_compounds(const Inventory& inv, const LumpingMatrix& matrix,
                         const std::string& unmapped_label = "unmapped");

}  // namespace aqm::emis
