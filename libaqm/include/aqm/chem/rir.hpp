#pragma once
// Relative incremental reactivity (Cardelino & Chameides 1995, JAWMA 45, 161; chemistry.md
// section 4.3):
//   RIR(X) = [(P(X) - P(X - dX)) / P(X)] / (dS/S)
// with P the daytime integral of net O3 production (Ox-family P - L, i.e. P(O3-NO)) of the
// observation-constrained run and dS/S the fractional cut of the group's sources (observed
// concentrations, initial values, emissions), between 10 % and 20 %.

#include <limits>
#include <string>
#include <vector>

#include "aqm/chem/box_model.hpp"
#include "aqm/core/parallel.hpp"

namespace aqm::chem {

struct RirGroup {
  std::string name;
  std::vector<std::string> species;
};

/// AHC, BHC, NOx and CO groups from the species of the mechanism (CB6 names, or the MCM names
/// of the PAMS-type hydrocarbons); groups with no species present are left out.
std::vector<RirGroup> default_rir_groups(const Mechanism& mechanism);

struct RirOptions {
  std::vector<RirGroup> groups;  ///< empty = default_rir_groups
  double cut = 0.2;              ///< dS/S, 0.1 ... 0.2
  unsigned scale = scale_all;
  double window_start = std::numeric_limits<double>::quiet_NaN();  ///< s; NaN = whole run
  double window_end = std::numeric_limits<double>::quiet_NaN();
  int n_threads = 0;
  bool ppb = false;  ///< P(O3) integrals in ppb with the air density M at each output time
};

struct RirResult {
  std::vector<std::string> groups;
  std::vector<double> rir;    ///< dimensionless
  std::vector<double> p_cut;  ///< integrated net P(O3), group cut (molecule cm-3 or ppb)
  std::vector<SolveStatus> status;
  double p_base = 0.0;  ///< integrated net P(O3), base run (molecule cm-3 or ppb)
  SolveStatus base_status = SolveStatus::success;
  double cut = 0.2;
};

RirResult rir(const BoxModel& model, const RirOptions& options = {}, const Progress& progress = {});

}  // namespace aqm::chem
