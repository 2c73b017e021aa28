#pragma once
// Rosenbrock integrators (Ros2, Ros3, Ros4, Rodas3, Rodas4) with KPP's step-size control
// (KineticPreProcessor/KPP int/rosenbrock.f90; Hairer & Wanner, Solving ODEs II, 1996;
// Sandu et al., Atmos. Environ. 31, 3459, 1997) on a KineticSystem's sparse LU.
//
// A solve never throws for numerical trouble and never aborts: it returns a status with
// statistics.  Bad options (negative tolerances, wrong vector sizes) throw InvalidArgument
// before integration starts.

#include <functional>
#include <string>
#include <vector>

#include "aqm/chem/kinetic_system.hpp"

namespace aqm::chem {

enum class RosenbrockMethod { ros2, ros3, ros4, rodas3, rodas4 };

/// Parse "ros2", "ros3", "ros4", "rodas3", "rodas4" (case-insensitive); InvalidArgument else.
RosenbrockMethod rosenbrock_method_from_string(const std::string& name);
std::string to_string(RosenbrockMethod m);

struct RosenbrockOptions {
  RosenbrockMethod method = RosenbrockMethod::rodas3;  ///< KPP's default
  double rtol = 1e-3;
  double atol = 1.0;                 ///< molecule cm-3
  std::vector<double> rtol_species;  ///< per species (overrides rtol when not empty)
  std::vector<double> atol_species;  ///< per species (overrides atol when not empty)
  double hmin = 0.0;                 ///< s; 0 = none
  double hmax = 0.0;                 ///< s; 0 = |t1 - t0|
  double hstart = 0.0;               ///< s; 0 = max(hmin, 1e-5)
  long max_steps = 200000;
  double fac_min = 0.2, fac_max = 6.0, fac_rej = 0.1, fac_safe = 0.9;
  bool clip_negative = false;  ///< KPP ICNTRL(16) = 1: set negatives to zero after a step
  bool ro2_jacobian = true;    ///< include the RO2 rank-one Jacobian term (Sherman-Morrison)
};

/// invalid_rate: a rate constant is negative or not finite (the message names the reaction).
enum class SolveStatus {
  success,
  max_steps,
  step_too_small,
  singular_matrix,
  nan,
  callback_error,
  invalid_rate
};
std::string to_string(SolveStatus s);

struct SolveStats {
  long steps = 0, accepted = 0, rejected = 0, f_evals = 0, jacobians = 0, decompositions = 0,
       solves = 0, singular = 0;
  double last_step = 0.0;  ///< last accepted h (s)
  double next_step = 0.0;  ///< predicted next h (s): pass as hstart to continue
  SolveStats& operator+=(const SolveStats& o);
};

struct SolveResult {
  SolveStatus status = SolveStatus::success;
  SolveStats stats;
  double t = 0.0;       ///< time reached
  std::string message;  ///< empty on success
  bool ok() const { return status == SolveStatus::success; }
};

/// Called with the time before every evaluation of f at a new time (stages and dF/dt); use it
/// to change photolysis, environment or sources.  When set, the ODE is treated as
/// non-autonomous (KPP ICNTRL(1) = 0) and dF/dt is estimated by a finite difference.
using TimeUpdate = std::function<void(double t, KineticSystem& system)>;

/// Integrate y (variable species, molecule cm-3) from t0 to t1 in place.
[[nodiscard]] SolveResult integrate(KineticSystem& system, std::vector<double>& y, double t0,
                                    double t1, const RosenbrockOptions& options = {},
                                    const TimeUpdate& update = {});

/// Sets what differs between the cells of a multi-cell solve (fixed species, sources) for
/// cell `cell`; called after `update` has set the shared conditions of the current time and
/// before each evaluation of that cell's f or Jacobian.
using CellUpdate = std::function<void(std::size_t cell, KineticSystem& system)>;

/// Integrate several cells that share `system`'s rate constants (one mechanism, environment
/// and photolysis; each cell its own state and the terms `cell_update` sets) from t0 to t1 in
/// place, together: the shared conditions are evaluated once per stage time for all cells,
/// and every cell takes the same steps, each step as small as the most demanding cell needs
/// (the error norm is the largest over the cells, so every accepted step meets every cell's
/// tolerance).  The statistics are those of one cell (all take the same steps); one cell
/// gives exactly integrate().
[[nodiscard]] SolveResult integrate_cells(KineticSystem& system,
                                          const std::vector<std::vector<double>*>& y, double t0,
                                          double t1, const RosenbrockOptions& options,
                                          const TimeUpdate& update, const CellUpdate& cell_update);

}  // namespace aqm::chem
