#pragma once
// EKMA-style ozone isopleths from the box model (F0AM Tools/EKMAgenerator.m; chemistry.md
// section 4.2): the chosen VOCs are scaled by f_V and NOx (NO + NO2) by f_N on a grid, each
// cell is a run of the model with its factors (groups of cells integrated together and warm
// started, IsoplethOptions::warm_start), and three metrics are kept per cell: peak O3,
// maximum 8-h mean O3 and the integral of net P(O3) (Ox-family P - L, box_diagnostics.hpp).
// A failing cell keeps its status and message and NaN metrics; the grid is never lost.

#include <Eigen/Dense>
#include <limits>
#include <string>
#include <vector>

#include "aqm/chem/box_model.hpp"
#include "aqm/core/parallel.hpp"

namespace aqm::chem {

enum class IsoplethMetric { peak_o3, max_8h_o3, net_po3 };
IsoplethMetric isopleth_metric_from_string(const std::string& name);
std::string to_string(IsoplethMetric m);

struct IsoplethOptions {
  std::vector<double> voc_factors;       ///< > 0, increasing
  std::vector<double> nox_factors;       ///< > 0, increasing
  std::vector<std::string> voc_species;  ///< the VOCs that count (required)
  std::vector<std::string> nox_species{"NO", "NO2"};
  unsigned scale = scale_all;  ///< initial, constrained, emitted, background
  std::string o3 = "O3";
  double window_start = std::numeric_limits<double>::quiet_NaN();  ///< net P(O3) window (s)
  double window_end = std::numeric_limits<double>::quiet_NaN();    ///< NaN = the whole run
  int n_threads = 0;
  bool ppb = false;  ///< metrics in ppb with the air density M at each output time
  /// Cells in groups of NOx columns integrated together (BoxModel::run_cells), row after row,
  /// each cell's spin-up starting from the spun-up states of the cells below it in its column
  /// (extrapolated in the VOC factor) and stopping on the spin-up tolerance as a cold start
  /// does.  false: every cell alone from a cold start (the reference the fast path is tested
  /// against).
  bool warm_start = true;
};

struct IsoplethResult {
  std::vector<double> voc_factors, nox_factors;
  Eigen::MatrixXd peak_o3, max_8h_o3;  ///< voc x nox, molecule cm-3 (ppb if options.ppb)
  Eigen::MatrixXd net_po3;             ///< voc x nox, integral of P - L (molecule cm-3 or ppb)
  std::vector<SolveStatus> status;     ///< row-major voc x nox
  std::vector<std::string> message;
  double base_peak_o3 = 0, base_max_8h_o3 = 0, base_net_po3 = 0;  ///< the model as given (1, 1)
  SolveStatus base_status = SolveStatus::success;

  const Eigen::MatrixXd& metric(IsoplethMetric m) const;
  double base(IsoplethMetric m) const;
  std::size_t n_failed() const;
  /// Per VOC factor, the NOx factor at which the metric peaks (parabolic refinement in ln f_N);
  /// NaN when the peak is at an edge of the grid or the row has failed cells.
  std::vector<double> ridge(IsoplethMetric m) const;
  /// Which side of the ridge the base point (1, 1) is on: "VOC-limited" (more NOx than the
  /// ridge), "NOx-limited", "transitional" (within 10 % of the ridge) or "undetermined".
  std::string regime(IsoplethMetric m) const;
};

/// Run the grid.  InvalidArgument for non-positive or unsorted factors, KeyError for an
/// unknown species (named).
IsoplethResult isopleth(const BoxModel& model, const IsoplethOptions& options,
                        const Progress& progress = {});

/// Integral of Ox-family net P(O3) of a run over [t_from, t_to] (NaN bounds = whole run);
/// molecule cm-3, or ppb with `ppb` (the rate at each output time divided by its M).
double integrated_net_po3(const Mechanism& mechanism, const BoxResult& result, double t_from,
                          double t_to, bool ppb = false);

/// The per-time factor that turns molecule cm-3 into ppb (1e9 / M(t)) of a run.
Eigen::VectorXd ppb_per_molecule(const BoxResult& result);

}  // namespace aqm::chem
