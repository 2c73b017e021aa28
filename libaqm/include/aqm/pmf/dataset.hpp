#pragma once
// PMF 5.0's data preparation: uncertainties (given, or from MDL and error fraction), missing
// values, signal-to-noise, strong/weak/bad categories, a total variable, extra modelling
// uncertainty, and sample/species exclusion.  Rules follow the EPA PMF 5.0 User Guide
// (Norris et al. 2014, EPA/600/R-14/108); see docs/architecture.md for the choices made where
// the Guide is not explicit.
#include <Eigen/Core>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "aqm/core/labelled_matrix.hpp"

namespace aqm::pmf {

enum class Category { strong, weak, bad };
enum class MissingPolicy { replace_median, exclude_samples };

/// "strong" | "weak" | "bad"; throws InvalidArgument naming `what` otherwise.
Category parse_category(const std::string& name, const std::string& what = "category");
const char* to_string(Category c);

struct PrepareOptions {
  MissingPolicy missing = MissingPolicy::replace_median;
  /// Species holding the total (PM2.5 mass, TNMOC); made weak, used for mass apportionment.
  std::string total_variable;
  /// Extra modelling uncertainty c in [0, 0.25]: s' = sqrt(s² + (c·x)²).
  double extra_uncertainty = 0.0;
  std::map<std::string, Category> categories;
  std::vector<std::string> exclude_samples;
  std::vector<std::string> exclude_species;
  /// Names of the inputs in error messages (the files they were read from, when they were).
  std::string concentration_source = "concentrations";
  std::string uncertainty_source = "uncertainties";
};

/// One row of the data summary (PMF 5.0's "Concentration/Uncertainty" statistics table).
struct SpeciesSummary {
  std::string species;
  Category category = Category::strong;
  double signal_to_noise = 0.0;
  double min = 0.0, p25 = 0.0, median = 0.0, p75 = 0.0, max = 0.0, mean = 0.0;
  double percent_missing = 0.0;
  /// Share of values at or below the MDL; NaN when uncertainties were given (MDL unknown).
  double percent_below_mdl = std::numeric_limits<double>::quiet_NaN();
  /// Conditions a PMF 5.0 user should hear about ("; "-separated, empty when none): a strong
  /// species with S/N below the 'bad' threshold 0.5, uncertainties three orders of magnitude
  /// below the other species', negative values, a constant column, a duplicated species.
  std::string warning;
};

/// What the fit sees: only non-bad species and kept samples, uncertainties after categories.
struct PreparedData {
  LabelledMatrix concentrations;
  LabelledMatrix uncertainties;
  std::vector<Category> categories;     ///< per kept species (strong or weak)
  long total_index = -1;                ///< column of the total variable, or -1
  std::vector<SpeciesSummary> summary;  ///< every species not excluded, bad included
  std::size_t replaced_missing = 0;     ///< cells replaced by the species median
};

/// PMF 5.0 uncertainty equation (Guide eq. 5-1/5-2, after Polissar et al. 1998):
/// s = 5/6·MDL for x <= MDL, else sqrt((EF·x)² + (0.5·MDL)²).  NaN x gives NaN.
double equation_uncertainty(double x, double mdl, double error_fraction);

/// PMF 5.0 signal-to-noise of one species: mean over samples of (x - s)/s where x > s, else 0.
/// Missing (NaN) cells are skipped.
double signal_to_noise(const Eigen::Ref<const Eigen::VectorXd>& x,
                       const Eigen::Ref<const Eigen::VectorXd>& s);

/// Prepare concentrations with given uncertainties (PMF 5.0 two-file layout; same labels).
PreparedData prepare(const LabelledMatrix& concentrations, const LabelledMatrix& uncertainties,
                     const PrepareOptions& options = {});

/// Prepare concentrations with per-species MDL and error fraction (uncertainty equation).
PreparedData prepare(const LabelledMatrix& concentrations, const std::vector<double>& mdl,
                     const std::vector<double>& error_fraction, const PrepareOptions& options = {});

/// Suggested categories from S/N: bad below `bad_below`, weak below `weak_below`, else strong
/// (thresholds as commonly used with PMF 5.0: 0.5 and 1).
Category suggest_category(double signal_to_noise, double bad_below = 0.5, double weak_below = 1.0);

}  // namespace aqm::pmf
