#pragma once
// Control scenarios by the technology-based emission equation (GAINS/RAINS form, as used by
// MEIC and DPEC projections):
//
//   E[r,s,p,t] = A[r,s,t] * EF0[s,p] * (1 - sum_k X[r,s,k,t] * eta[k,p])
//
// X are penetrations of control technologies k (their sum <= 1, the rest uncontrolled) and eta
// their removal efficiencies.  The base inventory fixes A0*EF0 = E0 / (1 - sum_k X0_k eta_k), so
// the target-year emission is
//
//   E_t = E0 * G * (1 - sum_k Xt_k eta_k) / (1 - sum_k X0_k eta_k),   G = A_t / A_0,
//
// with G = (1 + g)^(t - t0) for an annual growth rate g, or a given factor.  The change splits
// exactly into a growth term E0 (G - 1) and one term per measure
//   -E0 G eta_k (Xt_k - X0_k) / (1 - sum_k X0_k eta_k).

#include <optional>
#include <string>
#include <vector>

#include "aqm/core/labelled_matrix.hpp"
#include "aqm/emis/inventory.hpp"

namespace aqm::emis {

struct Measure {
  std::string name;
  std::string sector;               ///< sector or parent sector ("industry" covers "industry/x")
  std::string pollutant = "*";      ///< one pollutant or "*" for every pollutant it removes
  std::string region = "*";         ///< one place or "*"
  double efficiency = 0.0;          ///< removal efficiency eta in [0, 1]
  double penetration_base = 0.0;    ///< X in the base year, [0, 1]
  double penetration_target = 0.0;  ///< X in the target year, [0, 1]
};

struct Growth {
  std::string sector;  ///< sector or parent sector
  std::string region = "*";
  double annual_rate = 0.0;      ///< g: A_t = A_0 (1 + g)^(t - t0)
  std::optional<double> factor;  ///< A_t / A_0 directly (overrides annual_rate)
};

struct Target {
  std::string pollutant;
  std::string sector = "*";
  double change_percent = 0.0;  ///< e.g. -10: at least 10 % below the base year
};

struct Scenario {
  std::string name = "scenario";
  std::string source;  ///< file it came from (for the history)
  int base_year = 2020;
  int target_year = 2025;
  std::vector<Growth> growth;
  std::vector<Measure> measures;
  std::vector<Target> targets;
  /// Throws InvalidArgument naming the measure and parameter when a value is out of range.
  void validate() const;
};

struct TargetCheck {
  Target target;
  double base = 0.0, scenario = 0.0, change_percent = 0.0;
  bool met = false;
};

struct ScenarioResult {
  Inventory inventory;         ///< the target-year inventory
  std::vector<double> scale;   ///< per (sector, pollutant, place): E_t / E_0, flat (s*P+p)*R+r
  LabelledMatrix base_totals;  ///< sector x pollutant, annual
  LabelledMatrix scenario_totals;
  LabelledMatrix change_percent;  ///< sector x pollutant, 100 (E_t/E_0 - 1); NaN where E_0 = 0
  LabelledMatrix scale_factors;   ///< sector x pollutant ratio of totals (1 where E_0 = 0)
  LabelledMatrix contributions;   ///< ("growth", measures...) x pollutant: change of the total
  std::vector<TargetCheck> targets;
};

/// Apply the scenario to a base-year inventory.  The inventory's year must be the scenario's
/// base year; unknown sectors, pollutants or regions in a measure throw KeyError naming the
/// scenario file (Scenario::source) and the measure.
ScenarioResult apply_scenario(const Inventory& base, const Scenario& scenario);

/// Only the scale factors E_t / E_0 per (sector, pollutant, place), flat (s*P + p)*R + r, with
/// the same checks as apply_scenario but without building the scenario inventory or its tables
/// (what a fused pipeline such as DayPipeline needs).
std::vector<double> scenario_scale(const Inventory& base, const Scenario& scenario);
/// The same for one pollutant, flat s*R + r.
std::vector<double> scenario_scale(const Inventory& base, const Scenario& scenario,
                                   const std::string& pollutant);

}  // namespace aqm::emis
