#pragma once
// The observation-constrained photochemical box model (AtChem2 / F0AM style).
//
//   dX/dt = chemistry(X) + E_X(t) - (k_dil + k_ent(t)) (X - X_b) - (v_d,X / h(t)) X
//
// * Environment: T (K), P (hPa), RH (%) series (linear), boundary-layer height (m) series.
// * Photolysis: a PhotolysisModel (MCM J from the sun, a fixed zenith angle or fixed values,
//   with JFAC); optionally scaled at every time by J_obs/J_calc of one reference J (AtChem2's
//   JFAC from an observed JNO2), and individual J replaced by observed series (not scaled).
// * Constraints: a constrained species follows its observation series (linear or step
//   interpolation) and is removed from the integrated state, as AtChem2 does: the box model
//   turns it into a fixed species of its own copy of the mechanism.
// * FixNOx (F0AM): NO and NO2 stay in the state, but at the start of every output interval
//   both are rescaled so that NO + NO2 equals the observed total; the ratio is the model's.
// * Dilution: first order towards a background (F0AM's kdil, 1/86400 s-1 is its generic
//   choice); optional entrainment k_ent = max(0, dh/dt)/h from the boundary-layer height.
// * Emissions: per species, molecule cm-3 s-1, or a surface flux (molecule cm-2 s-1) divided
//   by the boundary-layer height.
// * Spin-up: repeat the run window with the same forcing until every species changes by less
//   than `tolerance` (1 %, F0AM's SolarParam.Converge rule) between the ends of consecutive
//   repeats, up to `max_days`; the output is the last repeat and the number of repeats used is
//   reported.
//
// Times are seconds of model time.  Concentrations are molecule cm-3 (see units.hpp).
// Misuse throws (InvalidArgument / KeyError naming the item); a solver failure is a status in
// the result.

#include <Eigen/Dense>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aqm/chem/environment.hpp"
#include "aqm/chem/kinetic_system.hpp"
#include "aqm/chem/mechanism.hpp"
#include "aqm/chem/photolysis.hpp"
#include "aqm/chem/rosenbrock.hpp"

namespace aqm::chem {

enum class Interpolation { linear, step };
Interpolation interpolation_from_string(const std::string& name);

/// A series of values at increasing times.  Outside the times it holds the end values.
struct TimeSeries {
  std::vector<double> time;  ///< s, strictly increasing
  std::vector<double> value;
  Interpolation interpolation = Interpolation::linear;

  /// Throws InvalidArgument naming `item` for empty, unequal, unsorted or non-finite input and,
  /// when `non_negative`, for negative values.
  void validate(const std::string& item, bool non_negative = true) const;
  double at(double t) const;
  /// A copy with every value multiplied by f.
  TimeSeries scaled(double f) const;
};

/// What a precursor scaling (isopleth, RIR) multiplies.
enum ScaleTarget : unsigned {
  scale_initial = 1u,
  scale_constraint = 2u,
  scale_emission = 4u,
  scale_background = 8u,
  scale_all = 15u
};

/// One species scaling of a cell (as BoxModel::scale_species applies it).
struct SpeciesScale {
  std::string species;
  double factor = 1.0;
  unsigned what = scale_all;
};

struct SpinUp {
  int max_days = 0;         ///< 0 = no spin-up (one pass)
  double tolerance = 0.01;  ///< relative change between repeats (F0AM: 1 %)
  double floor = 1e4;       ///< molecule cm-3: species below it in both repeats are ignored
};

/// Output of a run: all mechanism species (constrained ones included) at the output times of
/// the last repeat, reaction rates, conditions and the solver status.
struct BoxResult {
  std::vector<double> time;                         ///< s (model time of the run window)
  std::vector<std::string> species;                 ///< mechanism species, mechanism order
  std::vector<std::string> reactions;               ///< reaction tags
  Eigen::MatrixXd concentration;                    ///< time x species, molecule cm-3
  Eigen::MatrixXd rate;                             ///< time x reaction, molecule cm-3 s-1
  Eigen::MatrixXd photolysis;                       ///< time x J number (column j = J<j>), s-1
  std::vector<double> temp, pressure, m, h2o, blh;  ///< K, hPa, molecule cm-3, cm-3, m
  std::vector<char> constrained;                    ///< per species: held to observations
  SolveResult result;                               ///< status of the run (stats summed)
  int spin_up_days = 0;                             ///< repeats run before the reported one
  bool spin_up_converged = true;                    ///< false when max_days ran out
  double spin_up_change = 0.0;                      ///< largest relative change at the last repeat
  /// Integrated state (variable species of the model's kinetic system) at the end of the last
  /// repeat: a warm start for a neighbouring cell (BoxModel::run_cells).
  std::vector<double> final_state;

  std::size_t species_index(const std::string& name) const;  ///< KeyError when absent
  Eigen::VectorXd series(const std::string& name) const;     ///< concentration column
  bool ok() const { return result.ok(); }
};

class BoxModel {
 public:
  explicit BoxModel(Mechanism mechanism);

  const Mechanism& mechanism() const { return mechanism_; }

  // --- run window and solver -------------------------------------------------------------
  /// Run from t_start to t_end (s) with output every `output_step` s (t_end is always output).
  void set_time(double t_start, double t_end, double output_step);
  double t_start() const { return t0_; }
  double t_end() const { return t1_; }
  void set_solver_options(const RosenbrockOptions& o) { options_ = o; }
  const RosenbrockOptions& solver_options() const { return options_; }
  void set_spin_up(const SpinUp& s);
  const SpinUp& spin_up() const { return spin_up_; }

  // --- environment ------------------------------------------------------------------------
  void set_environment(const EnvironmentSeries& env);
  /// Boundary-layer height (m) for per-area emissions and entrainment.
  void set_boundary_layer_height(const TimeSeries& blh_m);

  // --- photolysis -------------------------------------------------------------------------
  void set_photolysis(const PhotolysisModel& p) { photolysis_ = p; }
  /// Scale every calculated J at each time by observed/calculated J<index> (AtChem2 JFAC); the
  /// ratio is capped at 5 and taken as 1 where the calculated J is below 1e-9 s-1.
  void scale_photolysis_to(int index, const TimeSeries& observed);
  /// Replace J<index> by an observed series (s-1), not scaled by JFAC.
  void constrain_photolysis(int index, const TimeSeries& observed);

  // --- species ------------------------------------------------------------------------------
  /// Initial concentration (molecule cm-3); overrides the mechanism's initial value.
  void set_initial(const std::string& species, double value);
  /// Hold a species to an observed series (molecule cm-3).
  void constrain(const std::string& species, const TimeSeries& observed);
  void release(const std::string& species);
  /// F0AM FixNOx: NO + NO2 reset to `total` (molecule cm-3) at every output interval.
  void fix_nox(const TimeSeries& total, const std::string& no = "NO",
               const std::string& no2 = "NO2");
  /// First-order dilution (s-1) towards background concentrations (molecule cm-3, 0 if absent).
  void set_dilution(double k_dil, const std::map<std::string, double>& background = {});
  /// Entrainment dilution max(0, dh/dt)/h from the boundary-layer height (needs a BLH series).
  void set_entrainment(bool on);
  /// Dry deposition as a first-order loss v_d / h(t) (v_d in cm s-1, h the boundary-layer
  /// height series, needed at run time); v_d = 0 removes it.  Acts on integrated species only.
  void set_deposition(const std::string& species, double v_d_cm_s);
  const std::map<std::string, double>& deposition() const { return deposition_; }
  /// Emission of a species: molecule cm-3 s-1, or molecule cm-2 s-1 when `per_area` (divided by
  /// the boundary-layer height).
  void set_emission(const std::string& species, const TimeSeries& rate, bool per_area = false);

  /// Multiply a species' initial value, constraint, emission and/or background by f (> 0).
  /// Under FixNOx, scaling the NO species (with scale_constraint) also scales the NOx total, so
  /// scale NO and NO2 by the same factor to scale NOx.
  void scale_species(const std::string& species, double f, unsigned what = scale_all);

  /// Replace the rate series of an emission the model already has (same per-area flag) or the
  /// observed series of a species it already constrains.  The structure is unchanged, so a
  /// prepared model stays prepared (source attribution swaps series on copies of one prepared
  /// model); the series must cover the run.  KeyError when the species has no such entry.
  void update_emission(const std::string& species, const TimeSeries& rate);
  void update_constraint(const std::string& species, const TimeSeries& observed);

  const std::map<std::string, TimeSeries>& constraints() const { return constraints_; }
  const std::map<std::string, double>& initial() const { return initial_; }
  const std::map<std::string, std::pair<TimeSeries, bool>>& emissions() const { return emissions_; }
  bool has_fix_nox() const { return fix_nox_.has_value(); }
  /// Species whose values come from observations (constraints, plus NO/NO2 under FixNOx).
  std::vector<std::string> observed_species() const;

  /// Validate the configuration (series inside the run window, known species, ...) and
  /// build the shared kinetic system.  run() calls it when needed; call it once before
  /// copying the model to many threads.
  void prepare();

  /// Integrate.  Thread-safe on a prepared model (const; each call works on its own copy).
  BoxResult run() const;

  /// Integrate cells that are copies of this model with their species scalings applied
  /// (isopleth and RIR cells) together: the shared forcing (environment, photolysis,
  /// dilution) is evaluated once per stage time for all cells, every cell takes the same steps
  /// (integrate_cells), and each cell stops repeating the day when its own spin-up converges,
  /// so its result is the repeat a single run() would report, within the solver tolerance.
  /// `starts` is empty or holds per cell a warm start (another cell's final_state; an empty
  /// vector for a cold start): the spin-up then continues from that state as if it were this
  /// cell's previous day (NOx reset to this cell's total), and the first repeat already counts
  /// when it changes by less than the tolerance.  When the joint solve fails, each cell is run
  /// alone, so a failing cell keeps its own status.  Thread-safe on a prepared model.
  std::vector<BoxResult> run_cells(const std::vector<std::vector<SpeciesScale>>& cells,
                                   const std::vector<std::vector<double>>& starts = {}) const;

 private:
  struct Prepared;
  void check_species(const std::string& name, const std::string& what) const;
  void invalidate() { prepared_.reset(); }
  std::shared_ptr<const Prepared> build() const;
  struct Cell;
  class Joint;
  std::vector<BoxResult> run_joint(std::vector<Cell>& cells) const;

  Mechanism mechanism_;
  double t0_ = 0.0, t1_ = 86400.0, dt_out_ = 3600.0;
  RosenbrockOptions options_;
  SpinUp spin_up_;
  std::optional<EnvironmentSeries> env_;
  std::optional<TimeSeries> blh_;
  PhotolysisModel photolysis_ = PhotolysisModel::fixed({});
  std::optional<std::pair<int, TimeSeries>> jscale_;
  std::map<int, TimeSeries> jconstrained_;
  std::map<std::string, double> initial_;
  std::map<std::string, TimeSeries> constraints_;
  struct FixNox {
    TimeSeries total;
    std::string no, no2;
  };
  std::optional<FixNox> fix_nox_;
  double k_dil_ = 0.0;
  std::map<std::string, double> background_;
  bool entrainment_ = false;
  std::map<std::string, double> deposition_;  ///< species -> v_d, cm s-1
  std::map<std::string, std::pair<TimeSeries, bool>> emissions_;
  std::shared_ptr<const Prepared> prepared_;
};

}  // namespace aqm::chem
