#pragma once
// The structure a BoxModel builds once (prepare()) and its scaled copies share: the
// mechanism with constrained species made fixed, its kinetic system and the index maps.

#include <string>
#include <utility>
#include <vector>

#include "aqm/chem/box_model.hpp"

namespace aqm::chem {

struct BoxModel::Prepared {
  Mechanism mech;
  KineticSystem system;
  std::vector<int> var_of;  // mechanism species -> variable index, or -1
  std::vector<int> fix_of;  // mechanism species -> fixed index, or -1
  std::vector<std::pair<int, std::string>> constraint_fixed;  // fixed index, species
  struct Emission {
    int var;
    std::string species;
  };
  std::vector<Emission> emissions;
  int no = -1, no2 = -1;                    // FixNOx variable indices
  std::vector<std::vector<int>> reactants;  // per reaction: mechanism species (repeated)
  explicit Prepared(Mechanism m) : mech(std::move(m)), system(mech) {}
};

}  // namespace aqm::chem
