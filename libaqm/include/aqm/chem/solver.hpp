#pragma once
// A reusable solver for one mechanism: its KineticSystem (sparse pattern and symbolic LU built
// once), the conditions of the box over time and the step size carried from one call to the
// next.  Conditions are constants or series (step or linear) of T, p, RH and, when given, of
// M, O2, N2 and H2O themselves; photolysis is the built-in MCM model (sun or fixed zenith),
// a user function of the zenith angle or of time, and/or a table of J over time per J number.

#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "aqm/chem/batch.hpp"
#include "aqm/chem/box_model.hpp"

namespace aqm::chem {

struct Conditions {
  TimeSeries temp{{0.0}, {298.15}};           ///< K
  TimeSeries pressure{{0.0}, {1013.25}};      ///< hPa
  TimeSeries rh{{0.0}, {0.0}};                ///< %, gives H2O unless h2o is set
  std::optional<TimeSeries> m, o2, n2, h2o;   ///< molecule cm-3; default from T, p (and RH)
  std::optional<PhotolysisModel> photolysis;  ///< built-in J (none: dark unless below)
  std::function<double(double t)> zenith;     ///< degrees; MCM v3.3.1 J at that angle
  double zenith_jfac = 1.0;                   ///< JFAC applied to the zenith function's J
  std::function<std::vector<double>(double t)> j_function;  ///< J by number (replaces the above)
  std::map<int, TimeSeries> j_table;  ///< J<n> over time; replaces the computed J<n>
  /// Evaluate everything once at the start of each output interval and hold it (KPP's
  /// example drivers) instead of at every stage time.
  bool per_interval = false;

  /// InvalidArgument naming the quantity for a bad series (empty, unsorted, negative).
  void validate() const;
  Environment environment(double t) const;
  std::vector<double> photolysis_rates(double t) const;
  /// True when nothing can change over time (then the rates are set once per call and the
  /// integration is autonomous); any built-in photolysis model counts as changing.
  bool is_constant() const;
};

/// MCM v3.3.1 J by number at a solar zenith angle (degrees), times jfac.
std::vector<double> mcm_rates_at_zenith(double zenith_deg, double jfac = 1.0);

class Solver {
 public:
  explicit Solver(const Mechanism& mechanism, RosenbrockOptions options = {});
  /// From a copy of a kinetic system (skips the symbolic analysis of the mechanism).
  explicit Solver(KineticSystem system, RosenbrockOptions options = {});

  KineticSystem& system() { return system_; }
  const KineticSystem& system() const { return system_; }
  const RosenbrockOptions& options() const { return options_; }
  void set_options(const RosenbrockOptions& options) { options_ = options; }
  const Conditions& conditions() const { return conditions_; }
  /// Validates before storing.
  void set_conditions(Conditions conditions);

  /// Integrate y0 through `times` (increasing; times[0] is the start), the conditions applied
  /// at every stage time.  The first step is the step predicted by the previous call (when
  /// there was one and options.hstart is 0), so consecutive calls continue as one run.
  Trajectory run(std::vector<double> y0, const std::vector<double>& times);
  /// Step size the next run starts with (0 = the integrator's default).
  double next_step() const { return next_step_; }
  void reset_step() { next_step_ = 0.0; }

 private:
  KineticSystem system_;
  RosenbrockOptions options_;
  Conditions conditions_;
  double next_step_ = 0.0;
};

}  // namespace aqm::chem
