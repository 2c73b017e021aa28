#pragma once
// Per-sector speciation factors shared by speciate() and DayPipeline (internal).

#include <map>
#include <string>
#include <vector>

#include "aqm/emis/speciation.hpp"

namespace aqm::emis::detail {

struct SectorSplits {
  std::vector<std::string> labels;          ///< output names, first-seen order over sectors
  std::vector<std::vector<double>> factor;  ///< per sector, per label: mol/g, g/g or fraction
  std::vector<bool> has_profile;            ///< per sector
};

/// The profile of each sector is the one of its most specific selector in `assignment`
/// ("*" = default); KeyError names a profile that does not exist.
SectorSplits sector_splits(const std::vector<std::string>& sectors,
                           const std::vector<SpeciationProfile>& profiles,
                           const std::map<std::string, std::string>& assignment,
                           const SpeciesMapping& mechanism, SpeciationOutput output,
                           MassBasis basis);

}  // namespace aqm::emis::detail
