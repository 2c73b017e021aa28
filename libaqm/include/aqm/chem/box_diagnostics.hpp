#pragma once
// Diagnostics of a box-model run (all rates in molecule cm-3 s-1, reactivities in s-1):
//
// * family budgets: for a weighted family F = sum_i w_i X_i each reaction r changes F by
//   d_r = sum_i w_i (products_ir - reactants_ir); P_F = sum_r max(d_r, 0) R_r and
//   L_F = sum_r max(-d_r, 0) R_r.  Reactions that only move members around (O3 + NO -> NO2 in
//   the Ox family) have d_r = 0 and drop out.
// * P(O3), L(O3): the Ox family O3 + NO2 + O + O1D + 2 NO3 + 3 N2O5 + the thermally labile NO2
//   reservoirs (HO2NO2, PANs), the members the mechanism has.  P is HO2 + NO and RO2 + NO (the
//   reference's P(O3)), L is O1D + H2O, OH/HO2 + O3, OH + NO2, alkene + O3, NO3 chemistry
//   (chemistry.md section 4.1).
// * OH reactivity k'_OH = sum_X k_{OH+X} [X] (each reaction consuming OH, divided by [OH]),
//   by co-reactant; "measured" sums the observed species only.
// * radical budget (Kleinman et al. 1997): classify each reaction by its change d_r of the
//   radical family (OH, HO2, peroxy, acyl-peroxy and alkoxy radicals): d_r > 0 is primary
//   production Q unless a reactant is a NOx reservoir (then it counts as -LN: net reservoir
//   formation); d_r < 0 is LN when a reactant is NO, NO2 or NO3, else radical-radical loss LR.
//   Q - LN - LR = sum_r d_r R_r is the chemical tendency of the radical pool, so over a run
//   int (Q - LN - LR) dt = change of the pool + its dilution (tested); LN/Q <= 1 follows when
//   the pool does not shrink.  CB6's XO2 (a NO -> NO2 conversion operator) is not a radical.

#include <Eigen/Dense>
#include <string>
#include <utility>
#include <vector>

#include "aqm/chem/box_model.hpp"

namespace aqm::chem {

using Family = std::vector<std::pair<std::string, double>>;

/// Change of a weighted family per reaction; KeyError for an unknown member.
std::vector<double> family_change(const Mechanism& mechanism, const Family& family);

struct FamilyBudget {
  Family family;
  Eigen::VectorXd amount;       ///< sum w_i [X_i] at the output times, molecule cm-3
  Eigen::VectorXd production;   ///< molecule cm-3 s-1
  Eigen::VectorXd loss;         ///< molecule cm-3 s-1 (positive)
  Eigen::MatrixXd by_reaction;  ///< time x reaction: d_r R_r (signed)
  Eigen::VectorXd net() const { return production - loss; }
};

FamilyBudget family_budget(const Mechanism& mechanism, const BoxResult& result,
                           const Family& family);
/// The Ox family members present in the mechanism (O3 required: KeyError otherwise).
Family ox_family(const Mechanism& mechanism, const std::string& o3 = "O3");
/// P(O3), L(O3) on the Ox family.
FamilyBudget o3_budget(const Mechanism& mechanism, const BoxResult& result);

struct OhReactivity {
  std::vector<std::string> species;  ///< co-reactants of OH that appear in the mechanism
  Eigen::MatrixXd by_species;        ///< time x species, s-1
  Eigen::VectorXd total, measured;   ///< s-1
};
/// `observed` lists the measured species (KeyError for unknown names).
OhReactivity oh_reactivity(const Mechanism& mechanism, const BoxResult& result,
                           const std::vector<std::string>& observed, const std::string& oh = "OH");

struct RadicalOptions {
  std::vector<std::string> radicals;  ///< the radical family
  std::vector<std::string> nox{"NO", "NO2", "NO3"};
  std::vector<std::string> reservoirs;  ///< PAN-type and HO2NO2 reservoirs
};
/// Defaults: CB6 lists for a CB6 mechanism; otherwise OH, HO2, the RO2 list and the alkoxy
/// radicals made with NO2 by RO2 + NO that decompose thermally; reservoirs are the products
/// of (radical + NO2) association reactions that decompose thermally back to NO2.
RadicalOptions default_radical_options(const Mechanism& mechanism);

struct RadicalBudget {
  Eigen::VectorXd q, ln, lr;  ///< molecule cm-3 s-1
  Eigen::VectorXd ln_over_q() const;
  std::vector<std::string> radicals;
};
RadicalBudget radical_budget(const Mechanism& mechanism, const BoxResult& result,
                             const RadicalOptions& options);

/// Trapezoid integral of v(t) over [t_from, t_to] ∩ [t.front(), t.back()] (linear in between).
double integrate_series(const std::vector<double>& t, const Eigen::VectorXd& v, double t_from,
                        double t_to);
/// Mean over [t_from, t_to] (integral / covered length); NaN when the window is empty.
double mean_series(const std::vector<double>& t, const Eigen::VectorXd& v, double t_from,
                   double t_to);
/// Largest running mean over a window of `hours` h (trapezoid; windows inside the run only).
double max_running_mean(const std::vector<double>& t, const Eigen::VectorXd& v, double hours);

}  // namespace aqm::chem
