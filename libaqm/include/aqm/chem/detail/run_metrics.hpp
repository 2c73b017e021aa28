#pragma once
// The three O3 metrics of one box-model run, shared by the isopleth and attribution batches.

#include <limits>
#include <string>

#include "aqm/chem/box_model.hpp"

namespace aqm::chem::detail {

struct RunMetrics {
  double peak = std::numeric_limits<double>::quiet_NaN();  ///< molecule cm-3
  double max8 = std::numeric_limits<double>::quiet_NaN();  ///< maximum 8-h running mean
  double net = std::numeric_limits<double>::quiet_NaN();   ///< integral of net P(O3)
  SolveStatus status = SolveStatus::success;
  std::string message;
};

/// The metrics of a finished run (a failed run keeps its status and NaN metrics); never throws.
RunMetrics result_metrics(const Mechanism& mechanism, const BoxResult& result,
                          const std::string& o3, double window_start, double window_end,
                          bool ppb = false);

/// Run the model and take the metrics; never throws (an exception becomes callback_error with
/// its message, a failed solve keeps its status; both leave NaN metrics).  With `ppb` the
/// metrics are mixing ratios (ppb, and ppb for the net P(O3) integral), each output time
/// divided by the air density M of that time, as BoxModel::run's mixing ratios.
RunMetrics run_metrics(const BoxModel& model, const std::string& o3, double window_start,
                       double window_end, bool ppb = false);

}  // namespace aqm::chem::detail
