#pragma once
// O3 sensitivity indicators of a box-model run (chemistry.md section 4.7):
//   HCHO/NO2  < 1 VOC-limited, 1-2 transitional, > 2 NOx-limited (Duncan et al. 2010; column
//             thresholds, used here as guidance for surface ratios)
//   H2O2/HNO3 < 0.3 VOC-limited, 0.3-0.5 transitional, > 0.5 NOx-limited (Sillman 1995)
//   LN/Q      > 0.5 VOC-limited, < 0.5 NOx-limited (Kleinman et al. 1997)
// plus the isopleth's own answer (which side of the ridge the base point is on).
// Ratios are of means over a window (default: the hours with sunlight, J > 0).

#include <limits>
#include <string>
#include <vector>

#include "aqm/chem/box_diagnostics.hpp"
#include "aqm/chem/isopleth.hpp"

namespace aqm::chem {

struct RegimeIndicator {
  std::string name;
  double value;        ///< NaN when it cannot be computed
  std::string regime;  ///< "VOC-limited", "transitional", "NOx-limited" or "undetermined"
  std::string rule;    ///< thresholds used
};

struct RegimeOptions {
  std::string hcho;  ///< "" = FORM (CB6) or HCHO (MCM)
  std::string no2 = "NO2", h2o2 = "H2O2", hno3 = "HNO3";
  double window_start = std::numeric_limits<double>::quiet_NaN();
  double window_end = std::numeric_limits<double>::quiet_NaN();
  RadicalOptions radicals;  ///< empty radicals = default_radical_options
};

std::string classify_hcho_no2(double ratio);
std::string classify_h2o2_hno3(double ratio);
std::string classify_ln_q(double ratio);

/// Indicators of a run; `isopleth` (optional) adds the isopleth's answer for `metric`.
std::vector<RegimeIndicator> regime_indicators(const Mechanism& mechanism, const BoxResult& result,
                                               const RegimeOptions& options = {},
                                               const IsoplethResult* isopleth = nullptr,
                                               IsoplethMetric metric = IsoplethMetric::peak_o3);

}  // namespace aqm::chem
