#pragma once
// Runs over time (output at chosen times, photolysis and environment changing inside the solve)
// and over many independent boxes (parallel_for).

#include <string>
#include <vector>

#include "aqm/chem/photolysis.hpp"
#include "aqm/chem/rosenbrock.hpp"
#include "aqm/core/parallel.hpp"

namespace aqm::chem {

/// Concentrations at the output times.
struct Trajectory {
  std::vector<double> times;           ///< s
  std::vector<std::vector<double>> y;  ///< y[k] at times[k] (k = 0 is the initial state)
  SolveResult result;                  ///< status of the run; stats summed over intervals
};

/// Integrate y0 through `times` (increasing; times[0] is the start).  Photolysis (and the
/// environment, when `environment` is given) are re-evaluated at every stage time, so J follows
/// the sun inside each interval.  Stops at the first failed interval (result says why; y holds
/// the output up to it).
Trajectory simulate(KineticSystem& system, std::vector<double> y0, const std::vector<double>& times,
                    const RosenbrockOptions& options = {},
                    const PhotolysisModel* photolysis = nullptr,
                    const EnvironmentSeries* environment = nullptr);

/// The same with any update of the conditions, applied at times[0] and at every stage time
/// or, with `per_interval`, once at the start of each output interval and held through it (a
/// KPP driver calling Update_RCONST before each INTEGRATE).  `first_step` is the first step
/// size (0 = options.hstart); later intervals start with the step the previous one predicted.
Trajectory simulate(KineticSystem& system, std::vector<double> y0, const std::vector<double>& times,
                    const RosenbrockOptions& options, const TimeUpdate& update,
                    double first_step = 0.0, bool per_interval = false);

/// One independent box of a batch.
struct BoxCase {
  Environment environment;
  std::vector<double> y0;          ///< variable species
  std::vector<double> photolysis;  ///< J by MCM number (constant over the run)
};

struct BatchResult {
  std::vector<std::vector<double>> y;  ///< final state per box
  std::vector<SolveResult> results;
};

/// Integrate every box from t0 to t1 on its own copy of `prototype` (threads: n_threads <= 0
/// means the default).  Results do not depend on the thread count.
BatchResult integrate_batch(const KineticSystem& prototype, const std::vector<BoxCase>& boxes,
                            double t0, double t1, const RosenbrockOptions& options = {},
                            int n_threads = 0, const Progress& progress = {});

}  // namespace aqm::chem
