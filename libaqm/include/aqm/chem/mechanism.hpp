#pragma once
// The mechanism model: species, reactions with stoichiometry and compiled rate expressions,
// named rate coefficients (file-defined or from the built-in MCM library) and the RO2 list.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aqm/chem/rate_expression.hpp"
#include "aqm/core/error.hpp"

namespace aqm::chem {

enum class SpeciesKind { variable, fixed };

struct Species {
  std::string name;
  SpeciesKind kind = SpeciesKind::variable;
  std::map<std::string, double> atoms;  ///< element -> count, when declared
  bool atoms_known = false;             ///< false for undeclared or IGNORE composition
  std::optional<double> initial;        ///< molecule cm-3 (already multiplied by CFACTOR)
};

struct StoichTerm {
  std::size_t species;
  double coefficient;  ///< > 0 for reactants; products may be negative (KPP "- X")
};

struct Reaction {
  std::string tag;                    ///< KPP <tag> or a 1-based number
  std::vector<StoichTerm> reactants;  ///< each unit of an integer coefficient enters the rate
  std::vector<StoichTerm> products;
  RateExpression rate;
  Location where;
};

struct Coefficient {
  std::string name;
  RateExpression expr;
  bool builtin = false;  ///< pulled in from the MCM library
};

/// Sizes of a mechanism and of its sparse linear algebra.
struct MechanismSummary {
  std::size_t n_species = 0, n_variable = 0, n_fixed = 0, n_reactions = 0, n_coefficients = 0,
              n_ro2 = 0, n_photolysis_reactions = 0;
  std::size_t jacobian_nonzeros = 0;  ///< structural non-zeros of df/dy incl. the diagonal
  std::size_t lu_nonzeros = 0;        ///< after symbolic LU fill-in with Markowitz ordering
  std::string to_string() const;
};

/// MCM v3.3.1 generic and complex rate coefficients as expression text, by name.
/// KNO3AL follows the MCM website / AtChem2 value (1.4e-12 exp(-1860/T)); KBPPN uses the Troe
/// broadening factor FPPN (the KPP choice), not the constant FCPPN of AtChem2's file.
const std::vector<std::pair<std::string, std::string>>& mcm_rate_library();

class Mechanism {
 public:
  explicit Mechanism(std::string name = "") : name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  void set_name(std::string n) { name_ = std::move(n); }

  // --- species -------------------------------------------------------------------------
  /// Add a species (or return the existing one when `allow_existing`).  Duplicate
  /// declarations throw ParseError at `where`.
  std::size_t add_species(const std::string& name, SpeciesKind kind, const Location& where = {},
                          bool allow_existing = false);
  std::optional<std::size_t> find_species(const std::string& name) const;
  /// Index of a species; KeyError naming it when absent.
  std::size_t species_index(const std::string& name) const;
  const std::vector<Species>& species() const { return species_; }
  Species& species(std::size_t i) { return species_.at(i); }
  std::vector<std::string> species_names() const;
  std::vector<std::string> variable_species() const;

  // --- rate coefficients -----------------------------------------------------------------
  /// Compile a rate expression against this mechanism's names (file coefficients, TEMP/T, M,
  /// O2, N2, H2O, RO2, SUN, CFACTOR, J(n), then the MCM library).
  RateExpression compile(const std::string& text, const Location& where);
  /// Define a named coefficient (FACSIMILE `KMT01 = ... ;`).  Redefinition throws ParseError.
  void define_coefficient(const std::string& name, const std::string& text, const Location& where);
  const std::vector<Coefficient>& coefficients() const { return coefficients_; }
  std::optional<std::size_t> find_coefficient(const std::string& name) const;
  /// Replace the expression of the named coefficient (KNO3AL) or, when no coefficient has that
  /// name, of the reaction with that tag, by `text` (a number or an expression).  KeyError
  /// when neither exists, ParseError for bad text, InvalidArgument when a coefficient would
  /// read a later coefficient or start to read J/SUN or RO2 (expressions compiled before rely
  /// on what each coefficient reads).  Build solvers after overriding.
  void override_rate(const std::string& name, const std::string& text);

  // --- reactions -------------------------------------------------------------------------
  /// Validate and append a reaction (reactant coefficients must be positive integers).
  void add_reaction(Reaction r);
  const std::vector<Reaction>& reactions() const { return reactions_; }

  // --- RO2 sum, CFACTOR, warnings ------------------------------------------------------------
  void set_ro2(std::vector<std::size_t> species) { ro2_ = std::move(species); }
  void set_ro2_declared(bool d) { ro2_declared_ = d; }
  /// Species summed into RO2: the declared list, else a species named RO2 if there is one.
  std::vector<std::size_t> ro2_species() const;
  double cfactor() const { return cfactor_; }
  void set_cfactor(double c) { cfactor_ = c; }
  const std::vector<std::string>& warnings() const { return warnings_; }
  void warn(const std::string& w) { warnings_.push_back(w); }

  /// Reactions whose atoms do not balance (only where every species declares its atoms and the
  /// reaction is not marked with dummy species); one message per reaction.
  std::vector<std::string> check_mass_balance(const std::vector<std::string>& elements = {}) const;

  /// Sizes, including Jacobian non-zeros and LU fill-in (computed from a KineticSystem).
  MechanismSummary summary() const;

 private:
  std::optional<NameRef> resolve(const std::string& name);
  std::string name_;
  std::vector<Species> species_;
  std::map<std::string, std::size_t> species_index_;
  std::vector<Coefficient> coefficients_;
  std::map<std::string, std::size_t> coefficient_index_;
  std::vector<Reaction> reactions_;
  std::vector<std::size_t> ro2_;
  bool ro2_declared_ = false;
  double cfactor_ = 1.0;
  std::vector<std::string> warnings_;
};

}  // namespace aqm::chem
