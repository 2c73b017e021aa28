// The emission-side CB6 mapping, taken from the species registry (no name table of its own).
#include "aqm/emis/speciation.hpp"

namespace aqm::emis {

SpeciesMapping cb6_mechanism(const SpeciesRegistry& registry,
                             const std::map<std::string, double>& species_mw) {
  SpeciesMapping mech;
  mech.name = "CB6";
  mech.species_mw = species_mw;
  for (const Species& s : registry.species()) {
    CompoundMapping c{s.name, s.mw, s.cb6};
    if (s.cb6_not_represented) c.species = {{"UNR", 1.0}};
    if (!c.species.empty()) mech.compounds.push_back(std::move(c));
  }
  mech.validate();
  return mech;
}

}  // namespace aqm::emis
