#pragma once
// Source attribution of O3 with the box model (issue 11; voc-workflow.md section 6.2).
//
// The box's VOC and NOx come per source: emission rates per source and species (e.g. one
// inventory sector's speciated fluxes) and, for the observation-constrained variant, the
// observed VOC concentrations split by source (e.g. PMF contributions x profiles).  The model
// itself may keep emissions and constraints of its own (CO, biogenics): they are added to the
// sources' sums and never cut by a source factor.
//
// A case multiplies every source's VOC and NOx by factors (0 = zero-out, 0.8 = the 20 % cut of
// an RIR) and optionally a species' whole emission and constraint (species-level RIR).  Each
// case is an independent run of a copy of one prepared model, all in one parallel_for; the
// series of every case are summed on the same time knots in the same order, so a source whose
// series are all zero changes nothing, bit for bit.  No randomness: any thread count gives the
// same numbers.  RIR(S) = [(M(base) - M(cut)) / M(base)] / (dS/S) (Cardelino & Chameides
// 1995) is formed by the caller from the metrics M of two cases.

#include <Eigen/Dense>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "aqm/chem/box_model.hpp"
#include "aqm/core/parallel.hpp"

namespace aqm::chem {

struct AttributionSource {
  std::string name;
  /// species -> emission rate, in the units the model's emissions use (molecule cm-3 s-1, or
  /// molecule cm-2 s-1 when AttributionOptions::per_area).
  std::map<std::string, TimeSeries> emission;
  /// species -> this source's part of the observed concentration (molecule cm-3); VOC only.
  std::map<std::string, TimeSeries> constraint;
};

struct AttributionCase {
  std::string label;
  std::vector<double> voc;                ///< factor per source on its VOC (empty = all 1)
  std::vector<double> nox;                ///< factor per source on its NOx (empty = all 1)
  std::map<std::string, double> species;  ///< factor on a species' whole emission/constraint
};

struct AttributionOptions {
  std::vector<std::string> nox_species{"NO", "NO2"};  ///< the NOx class; all else is VOC
  bool per_area = false;  ///< source emissions are per area (divided by the BLH)
  std::string o3 = "O3";
  double window_start = std::numeric_limits<double>::quiet_NaN();  ///< net P(O3) window (s)
  double window_end = std::numeric_limits<double>::quiet_NaN();    ///< NaN = the whole run
  int n_threads = 0;
};

struct AttributionResult {
  std::vector<std::string> labels;     ///< one per case, in the order given
  Eigen::VectorXd peak_o3, max_8h_o3;  ///< molecule cm-3
  Eigen::VectorXd net_po3;             ///< integral of Ox-family P - L (molecule cm-3)
  std::vector<SolveStatus> status;     ///< a failed case keeps its status and NaN metrics
  std::vector<std::string> message;
};

/// The model with every source at factor 1 added: the base all cases start from.  Throws
/// KeyError for an unknown species, InvalidArgument for bad series, mixed interpolation of one
/// species, a NOx constraint or a factor vector of the wrong size (each naming the item).
BoxModel with_sources(const BoxModel& model, const std::vector<AttributionSource>& sources,
                      const AttributionOptions& options = {});

/// Run every case (each an independent cell of one parallel_for).
AttributionResult attribute(const BoxModel& model, const std::vector<AttributionSource>& sources,
                            const std::vector<AttributionCase>& cases,
                            const AttributionOptions& options = {}, const Progress& progress = {});

}  // namespace aqm::chem
