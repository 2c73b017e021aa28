// PMF bindings: data preparation, base runs and the error estimates as typed classes.  Options
// are default-constructed in C++ (their defaults live only there); a fit is one `Fit` object
// that keeps the data, the solve options and the base-run result, and every error estimate
// takes it.  Batches run without the GIL and stop on Ctrl-C between work items.
#include <aqm/pmf.hpp>
#include <pybind11/numpy.h>

#include <map>

#include "common.hpp"
#include "value_class.hpp"

namespace aqm::python {
namespace {

/// Flat view of pmf::PreparedData: the matrices the fit sees and their labels.
struct Prepared {
  Eigen::MatrixXd X, U;
  std::vector<std::string> samples, species;
  std::vector<pmf::Category> categories;
  long total_index = -1;
  std::size_t replaced_missing = 0;
  std::vector<pmf::SpeciesSummary> summary;
};

/// A fitted model: the data, the options it was fitted with and the base-run result.  The
/// error estimates (BS, DISP, BS-DISP, FPEAK, constraints) start from it.
struct Fit {
  Eigen::MatrixXd X, U;
  long total_index = -1;
  pmf::SolveOptions solve;
  pmf::BaseRunResult result;
};

std::string method_name(const pmf::Method& m) { return pmf::to_string(m); }
pmf::Method method_from(const std::string& s) { return pmf::parse_method(s); }
std::string category_name(const pmf::Category& c) { return pmf::to_string(c); }
pmf::Category category_from(const std::string& s) { return pmf::parse_category(s); }
std::string kind_name(const pmf::ConstraintKind& k) { return pmf::to_string(k); }
pmf::ConstraintKind kind_from(const std::string& s) { return pmf::parse_constraint_kind(s); }

std::vector<std::string> category_names(const std::vector<pmf::Category>& v) {
  std::vector<std::string> out;
  for (auto c : v) out.emplace_back(pmf::to_string(c));
  return out;
}
std::vector<pmf::Category> categories_from(const std::vector<std::string>& v) {
  std::vector<pmf::Category> out;
  for (const auto& s : v) out.push_back(pmf::parse_category(s));
  return out;
}

std::string missing_name(const pmf::MissingPolicy& p) {
  return p == pmf::MissingPolicy::replace_median ? "replace" : "exclude";
}
pmf::MissingPolicy missing_from(const std::string& s) {
  if (s == "replace") return pmf::MissingPolicy::replace_median;
  if (s == "exclude") return pmf::MissingPolicy::exclude_samples;
  throw InvalidArgument(argument("missing"), "'" + s + "' is not one of replace, exclude");
}

using CategoryNames = std::map<std::string, std::string>;
CategoryNames category_map_names(const std::map<std::string, pmf::Category>& m) {
  CategoryNames out;
  for (const auto& [species, c] : m) out[species] = pmf::to_string(c);
  return out;
}
std::map<std::string, pmf::Category> category_map_from(const CategoryNames& m) {
  std::map<std::string, pmf::Category> out;
  for (const auto& [species, c] : m) out[species] = pmf::parse_category(c, species);
  return out;
}

// Run a batch without the GIL, its options carrying the Python progress hooks.
template <class Options, class Work>
auto run_batch(py::object progress, const Options& options, Work&& work) {
  return run_without_gil(std::move(progress), [&](Progress hooks) {
    Options with_hooks = options;
    with_hooks.progress = std::move(hooks);
    return work(with_hooks);
  });
}

// Run a call without the GIL (no progress hooks).
template <class Work>
auto without_gil(Work&& work) {
  py::gil_scoped_release nogil;
  return work();
}

Prepared prepare(const MatrixTuple& conc, const std::optional<MatrixTuple>& unc,
                 const std::optional<std::vector<double>>& mdl,
                 const std::optional<std::vector<double>>& error_fraction,
                 const pmf::PrepareOptions& options) {
  const LabelledMatrix c = from_tuple(conc);
  pmf::PreparedData d;
  if (unc) {
    d = pmf::prepare(c, from_tuple(*unc), options);
  } else {
    if (!mdl || !error_fraction)
      throw InvalidArgument(argument("uncertainties"),
                            "give uncertainties, or mdl and error_fraction");
    d = pmf::prepare(c, *mdl, *error_fraction, options);
  }
  return {d.concentrations.values(),
          d.uncertainties.values(),
          d.concentrations.row_labels(),
          d.concentrations.column_labels(),
          d.categories,
          d.total_index,
          d.replaced_missing,
          d.summary};
}

Fit fit(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const pmf::BaseRunOptions& options,
        long total_index, py::object progress) {
  pmf::BaseRunResult r = run_batch(std::move(progress), options, [&](const pmf::BaseRunOptions& b) {
    return pmf::base_runs(X, U, b, total_index);
  });
  return {X, U, total_index, options.solve, std::move(r)};
}

// One base run from a given start (PMF(...).fit(X, U, G=..., F=...)): a Fit like `fit`'s.
Fit fit_start(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const Eigen::MatrixXd& G0,
              const Eigen::MatrixXd& F0, pmf::SolveOptions o, long total_index) {
  o.n_factors = static_cast<int>(F0.rows());
  pmf::BaseRunResult r =
      without_gil([&] { return pmf::base_run_from(X, U, o, G0, F0, total_index); });
  return {X, U, total_index, o, std::move(r)};
}

void check_solution_shape(const Fit& f, const Eigen::MatrixXd& G, const Eigen::MatrixXd& F) {
  const auto& best = f.result.best;
  if (G.rows() != best.G.rows() || G.cols() != best.G.cols() || F.rows() != best.F.rows() ||
      F.cols() != best.F.cols())
    throw InvalidArgument(argument("G, F"),
                          "shapes " + std::to_string(G.rows()) + "x" + std::to_string(G.cols()) +
                              " / " + std::to_string(F.rows()) + "x" + std::to_string(F.cols()) +
                              " do not match the fit's");
}

// A new base from a given solution (DISP's lower minimum): the fit is continued from it to
// convergence and its diagnostics replace the base's; the run table stays as found.
Fit adopt(const Fit& base, Eigen::MatrixXd G, Eigen::MatrixXd F) {
  check_solution_shape(base, G, F);
  Fit out = base;
  pmf::SolveOptions o = base.solve;
  o.method = pmf::Method::als;
  o.n_factors = static_cast<int>(F.rows());
  py::gil_scoped_release nogil;
  out.result.best = pmf::fit_from(base.X, base.U, o, std::move(G), std::move(F));
  out.result.diagnostics = pmf::diagnose(base.X, base.U, out.result.best.G, out.result.best.F,
                                         o.alpha, base.total_index);
  return out;
}

// The error estimates use the fit's solve options; DISP, BS-DISP, FPEAK and constraints
// displace and pull inside ALS sweeps, so they always solve with ALS.
pmf::SolveOptions als(pmf::SolveOptions o) {
  o.method = pmf::Method::als;
  return o;
}

// Around the best base run, or around a constrained run's G and F (with its held elements).
pmf::BootstrapResult bootstrap(const Fit& f, pmf::BootstrapOptions o, py::object progress,
                               std::optional<Eigen::MatrixXd> G, std::optional<Eigen::MatrixXd> F) {
  o.solve = f.solve;
  if (G.has_value() != F.has_value())
    throw InvalidArgument(argument("bootstrap"), "give both G and F of the run, or neither");
  const Eigen::MatrixXd& g = G ? *G : f.result.best.G;
  const Eigen::MatrixXd& fp = F ? *F : f.result.best.F;
  return run_batch(std::move(progress), o, [&](const pmf::BootstrapOptions& b) {
    return pmf::bootstrap(f.X, f.U, g, fp, b);
  });
}

pmf::DisplacementResult displacement(const Fit& f, pmf::DisplacementOptions o,
                                     py::object progress) {
  o.solve = als(f.solve);
  return run_batch(std::move(progress), o, [&](const pmf::DisplacementOptions& d) {
    return pmf::displacement(f.X, f.U, f.result.best.G, f.result.best.F, d);
  });
}

pmf::BsDispResult bs_disp(const Fit& f, pmf::BsDispOptions o, py::object progress) {
  o.solve = als(f.solve);
  return run_batch(std::move(progress), o, [&](const pmf::BsDispOptions& b) {
    return pmf::bs_displacement(f.X, f.U, f.result.best.G, f.result.best.F, b);
  });
}

pmf::FpeakResult fpeak(const Fit& f, pmf::FpeakOptions o) {
  o.solve = als(f.solve);
  return without_gil([&] { return pmf::fpeak(f.X, f.U, f.result.best.G, f.result.best.F, o); });
}

pmf::ConstrainedResult constrained(const Fit& f, pmf::ConstraintOptions o,
                                   std::optional<Eigen::MatrixXd> G,
                                   std::optional<Eigen::MatrixXd> F) {
  o.solve = als(f.solve);
  if (G.has_value() != F.has_value())
    throw InvalidArgument(argument("constrained"), "give both G and F of the run, or neither");
  const Eigen::MatrixXd& g = G ? *G : f.result.best.G;
  const Eigen::MatrixXd& fp = F ? *F : f.result.best.F;
  return without_gil([&] { return pmf::constrained_run(f.X, f.U, g, fp, o); });
}

std::vector<pmf::FactorSweepRow> factor_sweep(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                                              const pmf::FactorSweepOptions& o, long total_index) {
  return without_gil([&] { return pmf::factor_sweep(X, U, o, total_index); });
}

void bind_options(py::module_& m) {
  options_class<pmf::SolveOptions>(
      m, "SolveOptions",
      "One PMF solve: factors, method, robust mode, iteration cap and tolerance.",
      member("n_factors", &pmf::SolveOptions::n_factors),
      converted("method", &pmf::SolveOptions::method, &method_name, &method_from, "als | ls-nmf"),
      member("robust", &pmf::SolveOptions::robust), member("alpha", &pmf::SolveOptions::alpha),
      member("max_iter", &pmf::SolveOptions::max_iter, "0 = the method's default"),
      member("tol", &pmf::SolveOptions::tol, "0 = the method's default"),
      member("window", &pmf::SolveOptions::window),
      member("extrapolate", &pmf::SolveOptions::extrapolate));
  options_class<pmf::PrepareOptions>(
      m, "PrepareOptions", "PMF 5.0 data preparation: missing values, total variable, categories.",
      converted("missing", &pmf::PrepareOptions::missing, &missing_name, &missing_from,
                "replace | exclude"),
      member("total_variable", &pmf::PrepareOptions::total_variable),
      member("extra_uncertainty", &pmf::PrepareOptions::extra_uncertainty),
      converted("categories", &pmf::PrepareOptions::categories, &category_map_names,
                &category_map_from, "species -> strong | weak | bad"),
      member("exclude_samples", &pmf::PrepareOptions::exclude_samples),
      member("exclude_species", &pmf::PrepareOptions::exclude_species),
      member("concentration_source", &pmf::PrepareOptions::concentration_source),
      member("uncertainty_source", &pmf::PrepareOptions::uncertainty_source));
  options_class<pmf::BaseRunOptions>(
      m, "BaseRunOptions", "Seeded base runs (the best by Q(robust) is kept).",
      member("solve", &pmf::BaseRunOptions::solve), member("n_runs", &pmf::BaseRunOptions::n_runs),
      member("seed", &pmf::BaseRunOptions::seed),
      member("n_threads", &pmf::BaseRunOptions::n_threads, "0 = all cores"),
      member("refine", &pmf::BaseRunOptions::refine));
  options_class<pmf::BootstrapOptions>(
      m, "BootstrapOptions", "PMF 5.0 classical block bootstrap (solve options: the fit's).",
      member("n_boot", &pmf::BootstrapOptions::n_boot),
      member("block_size", &pmf::BootstrapOptions::block_size, "0 = automatic"),
      member("min_correlation", &pmf::BootstrapOptions::min_correlation),
      member("seed", &pmf::BootstrapOptions::seed),
      member("n_threads", &pmf::BootstrapOptions::n_threads),
      member("fixed_profiles", &pmf::BootstrapOptions::fixed_profiles,
             "held profile elements of a constrained run (NaN = free)"));
  options_class<pmf::DisplacementOptions>(
      m, "DisplacementOptions", "PMF 5.0 DISP (solve options: the fit's, with ALS).",
      member("dq_max", &pmf::DisplacementOptions::dq_max),
      member("bisection_steps", &pmf::DisplacementOptions::bisection_steps),
      member("n_threads", &pmf::DisplacementOptions::n_threads));
  options_class<pmf::BsDispOptions>(
      m, "BsDispOptions", "PMF 5.0 BS-DISP (solve options: the fit's, with ALS).",
      member("n_boot", &pmf::BsDispOptions::n_boot),
      member("block_size", &pmf::BsDispOptions::block_size, "0 = automatic"),
      member("min_correlation", &pmf::BsDispOptions::min_correlation),
      member("dq_max", &pmf::BsDispOptions::dq_max),
      member("bisection_steps", &pmf::BsDispOptions::bisection_steps),
      member("seed", &pmf::BsDispOptions::seed),
      member("n_threads", &pmf::BsDispOptions::n_threads));
  options_class<pmf::FpeakOptions>(
      m, "FpeakOptions", "FPEAK rotations, one run per strength (solve options: the fit's).",
      member("strengths", &pmf::FpeakOptions::strengths),
      member("weight", &pmf::FpeakOptions::weight),
      member("n_threads", &pmf::FpeakOptions::n_threads));
  options_class<pmf::Element>(
      m, "Element", "A profile element F(factor, species) or a contribution G(sample, factor).",
      member("contribution", &pmf::Element::contribution), member("factor", &pmf::Element::factor),
      member("index", &pmf::Element::index));
  options_class<pmf::ElementConstraint>(
      m, "ElementConstraint", "A constraint on one element with its dQ budget (% of Q(robust)).",
      member("element", &pmf::ElementConstraint::element),
      converted("kind", &pmf::ElementConstraint::kind, &kind_name, &kind_from),
      member("value", &pmf::ElementConstraint::value),
      member("percent_dq", &pmf::ElementConstraint::percent_dq));
  options_class<pmf::Expression>(
      m, "Expression", "sum(coefficient * element) = value, with its dQ budget.",
      member("terms", &pmf::Expression::terms), member("value", &pmf::Expression::value),
      member("percent_dq", &pmf::Expression::percent_dq));
  options_class<pmf::ConstraintOptions>(
      m, "ConstraintOptions", "A constrained run's constraints (solve options: the fit's).",
      member("elements", &pmf::ConstraintOptions::elements),
      member("expressions", &pmf::ConstraintOptions::expressions),
      member("dq_tolerance", &pmf::ConstraintOptions::dq_tolerance),
      member("max_bisections", &pmf::ConstraintOptions::max_bisections));
  options_class<pmf::FactorSweepOptions>(
      m, "FactorSweepOptions", "Base runs (and optional BS/DISP) for every number of factors.",
      member("factors", &pmf::FactorSweepOptions::factors),
      member("base", &pmf::FactorSweepOptions::base),
      member("n_boot", &pmf::FactorSweepOptions::n_boot),
      member("bootstrap", &pmf::FactorSweepOptions::bootstrap),
      member("displacement", &pmf::FactorSweepOptions::displacement),
      member("disp", &pmf::FactorSweepOptions::disp));
}

void bind_results(py::module_& m) {
  using S = pmf::SpeciesSummary;
  result_class<S>(m, "SpeciesSummary", "One species' row of the PMF 5.0 data summary.",
                  member("species", &S::species),
                  converted("category", &S::category, &category_name, &category_from),
                  member("signal_to_noise", &S::signal_to_noise), member("min", &S::min),
                  member("p25", &S::p25), member("median", &S::median), member("p75", &S::p75),
                  member("max", &S::max), member("mean", &S::mean),
                  member("percent_missing", &S::percent_missing),
                  member("percent_below_mdl", &S::percent_below_mdl),
                  member("warning", &S::warning));
  result_class<Prepared>(
      m, "Prepared", "The matrices a fit sees (after exclusions, missing values and categories).",
      member("X", &Prepared::X), member("U", &Prepared::U), member("samples", &Prepared::samples),
      member("species", &Prepared::species),
      converted("category", &Prepared::categories, &category_names, &categories_from),
      member("total_index", &Prepared::total_index, "column of the total variable, or -1"),
      member("replaced_missing", &Prepared::replaced_missing),
      member("summary", &Prepared::summary));
  using FR = pmf::FitResult;
  result_class<FR>(m, "FitResult", "One PMF solve: G (samples x p), F (p x species) and Q.",
                   member("G", &FR::G), member("F", &FR::F), member("q_true", &FR::q_true),
                   member("q_robust", &FR::q_robust), member("converged", &FR::converged),
                   member("iterations", &FR::iterations), member("q_history", &FR::q_history),
                   member("revived", &FR::revived));
  using D = pmf::Diagnostics;
  result_class<D>(
      m, "Diagnostics", "PMF 5.0 diagnostics of a solution.",
      member("contributions", &D::contributions), member("profiles", &D::profiles),
      member("profiles_percent", &D::profiles_percent), member("predicted", &D::predicted),
      member("scaled_residuals", &D::scaled_residuals),
      member("explained_variation", &D::explained_variation),
      member("q_true_per_species", &D::q_true_per_species),
      member("q_robust_per_species", &D::q_robust_per_species),
      member("q_over_q_exp", &D::q_over_q_exp), member("r2", &D::r2), member("slope", &D::slope),
      member("intercept", &D::intercept), member("residuals_beyond_3", &D::residuals_beyond_3),
      member("q_exp", &D::q_exp),
      member("mass_contributions", &D::mass_contributions, "empty without a total"),
      member("mass_coefficients", &D::mass_coefficients), member("mass_r2", &D::mass_r2));
  using RS = pmf::RunSummary;
  result_class<RS>(m, "RunSummary", "One base run's row of the run table.", member("run", &RS::run),
                   member("q_true", &RS::q_true), member("q_robust", &RS::q_robust),
                   member("converged", &RS::converged), member("iterations", &RS::iterations),
                   member("revived", &RS::revived));
  using BR = pmf::BaseRunResult;
  result_class<BR>(m, "BaseRunResult", "Seeded base runs: the run table and the best run.",
                   member("runs", &BR::runs), member("best_run", &BR::best_run, "0-based"),
                   member("best", &BR::best), member("diagnostics", &BR::diagnostics),
                   member("q_best_run", &BR::q_best_run), member("refined", &BR::refined),
                   member("refinement_fits", &BR::refinement_fits),
                   member("warnings", &BR::warnings));
  result_class<Fit>(m, "Fit", "A fitted PMF model: data, solve options and base-run result.",
                    member("X", &Fit::X), member("U", &Fit::U),
                    member("total_index", &Fit::total_index), member("solve", &Fit::solve),
                    member("result", &Fit::result));
  using BS = pmf::BootstrapResult;
  result_class<BS>(m, "BootstrapResult", "PMF 5.0 BS: mapping table and profile percentiles.",
                   member("block_size", &BS::block_size), member("mapping", &BS::mapping),
                   member("profiles", &BS::profiles), member("p05", &BS::p05),
                   member("p25", &BS::p25), member("median", &BS::median), member("p75", &BS::p75),
                   member("p95", &BS::p95), member("q_robust", &BS::q_robust),
                   member("iterations", &BS::iterations), member("converged", &BS::converged));
  using DR = pmf::DisplacementResult;
  result_class<DR>(
      m, "DisplacementResult", "PMF 5.0 DISP: intervals per dQmax, swaps.",
      member("dq_max", &DR::dq_max), member("q_base", &DR::q_base), member("lower", &DR::lower),
      member("upper", &DR::upper), member("swaps", &DR::swaps),
      member("largest_decrease", &DR::largest_decrease), member("fits", &DR::fits),
      member("lower_minimum_found", &DR::lower_minimum_found), member("G_lowest", &DR::G_lowest),
      member("F_lowest", &DR::F_lowest), member("q_lowest", &DR::q_lowest));
  using BD = pmf::BsDispResult;
  result_class<BD>(
      m, "BsDispResult", "PMF 5.0 BS-DISP: intervals per dQmax over resamples.",
      member("block_size", &BD::block_size), member("dq_max", &BD::dq_max),
      member("lower", &BD::lower), member("upper", &BD::upper), member("swaps", &BD::swaps),
      member("mapped", &BD::mapped), member("largest_decrease", &BD::largest_decrease),
      member("resamples_with_decrease", &BD::resamples_with_decrease), member("fits", &BD::fits));
  using FP = pmf::FpeakRun;
  result_class<FP>(m, "FpeakRun", "One FPEAK rotation.", member("strength", &FP::strength),
                   member("G", &FP::G), member("F", &FP::F), member("q_true", &FP::q_true),
                   member("q_robust", &FP::q_robust), member("dq", &FP::dq),
                   member("percent_dq", &FP::percent_dq), member("converged", &FP::converged),
                   member("iterations", &FP::iterations));
  result_class<pmf::FpeakResult>(m, "FpeakResult", "FPEAK runs in the order of the strengths.",
                                 member("q_robust_base", &pmf::FpeakResult::q_robust_base),
                                 member("runs", &pmf::FpeakResult::runs));
  using CR = pmf::ConstrainedResult;
  result_class<CR>(m, "ConstrainedResult", "A PMF 5.0 constrained run.", member("G", &CR::G),
                   member("F", &CR::F), member("profiles", &CR::profiles),
                   member("q_true", &CR::q_true), member("q_robust", &CR::q_robust),
                   member("q_robust_base", &CR::q_robust_base), member("dq", &CR::dq),
                   member("percent_dq", &CR::percent_dq), member("dq_budget", &CR::dq_budget),
                   member("strength", &CR::strength), member("budget_reached", &CR::budget_reached),
                   member("converged", &CR::converged), member("fits", &CR::fits));
  using SW = pmf::FactorSweepRow;
  result_class<SW>(m, "FactorSweepRow", "One number of factors p in a factor sweep.",
                   member("factors", &SW::factors), member("q_true", &SW::q_true),
                   member("q_robust", &SW::q_robust), member("q_exp", &SW::q_exp),
                   member("q_robust_over_q_exp", &SW::q_robust_over_q_exp),
                   member("q_robust_drop", &SW::q_robust_drop),
                   member("max_abs_scaled_residual", &SW::max_abs_scaled_residual),
                   member("residuals_beyond_3", &SW::residuals_beyond_3),
                   member("converged_runs", &SW::converged_runs),
                   member("bs_mapping_rate", &SW::bs_mapping_rate),
                   member("min_bs_mapping_rate", &SW::min_bs_mapping_rate),
                   member("disp_swaps", &SW::disp_swaps),
                   member("disp_largest_decrease", &SW::disp_largest_decrease),
                   member("base", &SW::base));
}

}  // namespace

void bind_pmf(py::module_& parent) {
  py::module_ m = parent.def_submodule("pmf", "PMF receptor modelling (private; use aqm.pmf)");
  bind_options(m);
  bind_results(m);
  m.def("prepare", &prepare, py::arg("conc"), py::arg("unc"), py::arg("mdl"),
        py::arg("error_fraction"), py::arg("options"),
        "PMF 5.0 data preparation: the matrices, labels, categories and species summary.");
  m.def("fit", &fit, py::arg("X"), py::arg("U"), py::arg("options"), py::arg("total_index"),
        py::arg("progress") = py::none(), "PMF base runs; the best run, diagnostics, run table.");
  m.def("fit_start", &fit_start, py::arg("X"), py::arg("U"), py::arg("G0"), py::arg("F0"),
        py::arg("options"), py::arg("total_index"),
        "One PMF base run from a given start (G0 n x p, F0 p x m), no refinement.");
  m.def("adopt", &adopt, py::arg("fit"), py::arg("G"), py::arg("F"),
        "The fit continued from the solution (G, F), which becomes its base run.");
  m.def(
      "fit_from",
      [](const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, Eigen::MatrixXd G0, Eigen::MatrixXd F0,
         pmf::SolveOptions o) {
        o.n_factors = static_cast<int>(F0.rows());
        return without_gil([&] { return pmf::fit_from(X, U, o, std::move(G0), std::move(F0)); });
      },
      py::arg("X"), py::arg("U"), py::arg("G0"), py::arg("F0"), py::arg("options"),
      "One PMF solve from a given start (G0 n x p, F0 p x m).");
  m.def("bootstrap", &bootstrap, py::arg("fit"), py::arg("options"),
        py::arg("progress") = py::none(), py::arg("G") = py::none(), py::arg("F") = py::none(),
        "PMF classical block bootstrap around the base run (or the given G, F).");
  m.def("displacement", &displacement, py::arg("fit"), py::arg("options"),
        py::arg("progress") = py::none(), "PMF displacement (DISP) around the base run.");
  m.def("bs_disp", &bs_disp, py::arg("fit"), py::arg("options"), py::arg("progress") = py::none(),
        "PMF BS-DISP around the base run.");
  m.def("fpeak", &fpeak, py::arg("fit"), py::arg("options"),
        "FPEAK rotations of the base run, one per strength.");
  m.def("constrained", &constrained, py::arg("fit"), py::arg("options"), py::arg("G") = py::none(),
        py::arg("F") = py::none(),
        "PMF 5.0 constrained run from the base run (or the given G, F; dQ is then measured from "
        "that solution's Q).");
  m.def("factor_sweep", &factor_sweep, py::arg("X"), py::arg("U"), py::arg("options"),
        py::arg("total_index"), "Base runs (and optional BS/DISP) for every number of factors.");
  m.def("equation_uncertainty", py::vectorize(&pmf::equation_uncertainty), py::arg("x"),
        py::arg("mdl"), py::arg("error_fraction"), "PMF 5.0 uncertainty equation (element-wise).");
}

}  // namespace aqm::python
