#pragma once
// The numerical form of a mechanism: rate constants (re-evaluated only when T, P or photolysis
// change), the ODE right-hand side f(y), its analytic sparse Jacobian and the symbolic sparse LU.
//
// State y holds the variable species in mechanism order (molecule cm-3).  Fixed species are
// parameters (M, AIR, O2, N2 and H2O default to the environment).  Extra terms for box models:
//   dy_i/dt = chemistry_i(y) + source_i - loss_i * y_i          (loss enters the diagonal)
// and a constrained species has dy_i/dt = 0 (its row of f and of the Jacobian is zero).
//
// RO2: permutation reactions have k = k' * RO2 with RO2 = sum of listed peroxy radicals.  The
// Jacobian returned by jacobian() is the sparse part with RO2 held fixed (as KPP does); the
// missing dependence is the rank-one term u v^T, where v_j = 1 for variable RO2 species and
// u_i = sum_r S_ir (dk_r/dRO2) prod(reactants).  jacobian() returns u so that the integrator
// can apply it exactly through the Sherman-Morrison formula (one extra solve per step).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "aqm/chem/detail/sparse_lu.hpp"
#include "aqm/chem/environment.hpp"
#include "aqm/chem/mechanism.hpp"

namespace aqm::chem {

class KineticSystem {
 public:
  explicit KineticSystem(const Mechanism& mechanism, bool reorder = true);

  std::size_t n_variable() const { return var_names_.size(); }
  std::size_t n_fixed() const { return fix_names_.size(); }
  std::size_t n_reactions() const { return k_.size(); }
  const std::vector<std::string>& variable_names() const { return var_names_; }
  const std::vector<std::string>& fixed_names() const { return fix_names_; }
  const std::vector<std::string>& reaction_tags() const { return tags_; }
  /// Index of a variable species in y; KeyError if it is not a variable species.
  std::size_t variable_index(const std::string& name) const;
  std::size_t fixed_index(const std::string& name) const;

  // --- conditions ------------------------------------------------------------------------
  void set_environment(const Environment& env);
  const Environment& environment() const { return env_; }
  /// Photolysis rates by MCM J number (j[4] = J<4>, s-1); missing entries read as 0.
  void set_photolysis(const std::vector<double>& j);
  const std::vector<double>& photolysis() const { return j_; }
  /// KPP's SUN variable (0..1) for mechanisms written with it.
  void set_sun(double sun);
  /// Concentration of a fixed species; overrides the environment default for M/AIR/O2/N2/H2O.
  void set_fixed(std::size_t i, double value);
  const std::vector<double>& fixed() const { return fixed_; }
  /// Hold variable species i constant (its tendency is zero) or release it.
  void set_constrained(std::size_t i, bool on);
  bool constrained(std::size_t i) const { return constrained_.at(i) != 0; }
  /// Zero-order source (molecule cm-3 s-1) and first-order loss (s-1) per variable species.
  std::vector<double>& source() { return source_; }
  std::vector<double>& first_order_loss() { return loss_; }

  /// Initial state from the mechanism's initial values (0 where none).
  std::vector<double> initial_state() const;

  // --- evaluation ------------------------------------------------------------------------
  /// Rate constants (RO2 reactions as k' * RO2 with RO2 from y, or k' when y is empty).
  /// InvalidArgument naming the reaction when one is not finite.
  std::vector<double> rate_constants(const std::vector<double>& y = {});
  /// Named coefficient values at the current conditions.
  const std::vector<double>& coefficient_values();
  /// f = dy/dt.
  void fun(const double* y, double* f);
  /// Sparse Jacobian (values on the LU pattern, fill entries zero) and, if u is not null, the
  /// RO2 rank-one column u (see the header comment).
  void jacobian(const double* y, double* jvs, double* u);
  /// True when some reaction rate depends on RO2 through a variable species.
  bool has_ro2_coupling() const { return !ro2_var_.empty() && has_ro2_reactions_; }
  const std::vector<int>& ro2_variable_indices() const { return ro2_var_; }

  const detail::SparseLU& lu() const { return lu_; }
  std::size_t jacobian_nonzeros() const { return lu_.structural_nonzeros(); }
  std::size_t lu_nonzeros() const { return lu_.nonzeros(); }

  /// Number of times the rate constants were (re)evaluated (for tests of the caching).
  long rate_updates() const { return rate_updates_; }

  /// "" when every rate constant at the current environment and photolysis is finite and
  /// >= 0; otherwise the first bad one, named ("reaction <R3>: rate constant '...' = -2 at T =
  /// 298 K").  A negative k would integrate to negative concentrations and report success.
  std::string rate_problem();

 private:
  void update_rates();
  // Points inputs_ at this system's coefficient and shared values (a swap or a copy of the
  // system moves them).
  void bind_inputs();
  // Copies the variable state y and the fixed species into c_; returns the RO2 sum.
  double load_concentrations(const double* y);
  double effective_k(std::size_t r, double ro2);
  // Every reaction's k at this RO2 sum: k_ itself without RO2 reactions, else keff_.
  const double* effective_rates(double ro2);
  // Builds the flattened lists below from the per-reaction ones.
  void flatten();

  std::vector<std::string> var_names_, fix_names_, tags_;
  std::vector<double> var_initial_;
  std::vector<std::string> rate_text_;
  std::vector<int> species_slot_;  // mechanism index -> slot in c (var then fixed)
  Environment env_;
  std::vector<double> j_;
  double sun_ = 1.0;
  double cfactor_ = 1.0;
  std::vector<double> fixed_;
  std::vector<char> fixed_user_;
  std::vector<int> fixed_env_;  // -1, or EnvVar index supplying the default
  std::vector<char> constrained_;
  std::vector<double> source_, loss_;

  std::vector<RateExpression> coef_expr_, rate_expr_;
  // Subexpressions common to them (hoist_common_subexpressions), evaluated once per environment.
  std::vector<RateExpression> shared_expr_;
  std::vector<double> coef_val_, k_, shared_val_;
  std::vector<int> kind_;  // 0 plain, 1 RO2-linear (k_ = k'), 2 RO2 non-linear
  std::vector<int> photo_coefs_, photo_reactions_, ro2_coefs_;
  bool env_dirty_ = true, photo_dirty_ = true, has_ro2_reactions_ = false;
  int bad_rate_ = -1;  // first reaction whose k is negative or not finite, set by update_rates
  // The conditions k_ was evaluated at, and the rate constants of the conditions before them.
  struct RateKey {
    Environment env;
    std::vector<double> j;
    double sun = 1.0;
  };
  RateKey current_;
  struct : RateKey {
    std::vector<double> k, coef, shared;
    int bad = -1;
    bool valid = false;
  } prev_;
  long rate_updates_ = 0;

  std::vector<int> react_ptr_, react_slot_;
  std::vector<int> net_ptr_, net_species_;
  std::vector<double> net_coef_;
  // Jacobian scatter: for reaction r, reactant positions m with a variable species.
  std::vector<int> jm_ptr_, jm_pos_, je_ptr_, je_index_;
  std::vector<double> je_coef_;
  std::vector<int> ro2_slots_, ro2_var_;
  // Flattened at load time, so that f and the Jacobian are branch-free loops over flat lists:
  // each rate is keff times width_ concentration slots (padded with a slot holding 1), each
  // Jacobian derivative term keff times the other reactants, and every f or Jacobian entry is
  // one (target, coefficient, rate or term) triple.
  int width_ = 1;
  std::vector<int> ro2_linear_, ro2_general_;   // reactions of kind 1 and 2
  std::vector<int> rate_slot_;                  // width_ per reaction
  std::vector<int> net_reaction_;               // reaction of each net_species_ entry
  std::vector<int> term_reaction_, term_slot_;  // per derivative term: reaction, width_ slots
  std::vector<int> je_term_;                    // derivative term of each je_index_ entry
  std::vector<double> keff_, work_;

  detail::SparseLU lu_;
  std::vector<double> c_;  // work: concentrations of all species
  RateInputs inputs_;
};

/// Summary helper (also used by Mechanism::summary()).
MechanismSummary summarize(const Mechanism& m, const KineticSystem& s);

}  // namespace aqm::chem
