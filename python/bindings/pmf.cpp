// PMF bindings: data preparation and base runs.  Arrays cross as numpy; the fit runs without
// the GIL and stops on Ctrl-C between runs.
#include <aqm/pmf.hpp>
#include <pybind11/numpy.h>

#include <map>

#include "common.hpp"

namespace aqm::python {
namespace {

pmf::SolveOptions solve_options(bool robust, double alpha, const std::string& method, int max_iter, double tol) {
  pmf::SolveOptions o;
  o.robust = robust;
  o.alpha = alpha;
  o.method = pmf::parse_method(method);
  o.max_iter = max_iter;
  o.tol = tol;
  return o;
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

py::dict summary_columns(const std::vector<pmf::SpeciesSummary>& rows) {
  std::vector<std::string> species, category;
  std::vector<double> sn, mn, p25, med, p75, mx, mean, missing, below;
  std::vector<std::string> warning;
  for (const auto& r : rows) {
    species.push_back(r.species);
    category.push_back(pmf::to_string(r.category));
    sn.push_back(r.signal_to_noise);
    mn.push_back(r.min);
    p25.push_back(r.p25);
    med.push_back(r.median);
    p75.push_back(r.p75);
    mx.push_back(r.max);
    mean.push_back(r.mean);
    missing.push_back(r.percent_missing);
    below.push_back(r.percent_below_mdl);
    warning.push_back(r.warning);
  }
  py::dict d;
  d["species"] = species;
  d["category"] = category;
  d["S/N"] = sn;
  d["min"] = mn;
  d["25th"] = p25;
  d["median"] = med;
  d["75th"] = p75;
  d["max"] = mx;
  d["mean"] = mean;
  d["% missing"] = missing;
  d["% below MDL"] = below;
  d["warning"] = warning;
  return d;
}

py::dict prepare(const MatrixTuple& conc, const std::optional<MatrixTuple>& unc,
                 const std::optional<std::vector<double>>& mdl,
                 const std::optional<std::vector<double>>& error_fraction, const std::string& missing,
                 const std::string& total_variable, double extra_uncertainty,
                 const std::map<std::string, std::string>& categories,
                 const std::vector<std::string>& exclude_samples,
                 const std::vector<std::string>& exclude_species,
                 const std::string& concentration_source, const std::string& uncertainty_source) {
  pmf::PrepareOptions o;
  o.concentration_source = concentration_source;
  o.uncertainty_source = uncertainty_source;
  if (missing == "replace")
    o.missing = pmf::MissingPolicy::replace_median;
  else if (missing == "exclude")
    o.missing = pmf::MissingPolicy::exclude_samples;
  else
    throw InvalidArgument(Location{"", 0, 0, "missing"}, "'" + missing + "' is not one of replace, exclude");
  o.total_variable = total_variable;
  o.extra_uncertainty = extra_uncertainty;
  for (const auto& [species, cat] : categories) o.categories[species] = pmf::parse_category(cat, species);
  o.exclude_samples = exclude_samples;
  o.exclude_species = exclude_species;
  const LabelledMatrix c = from_tuple(conc);
  pmf::PreparedData d;
  if (unc) {
    d = pmf::prepare(c, from_tuple(*unc), o);
  } else {
    if (!mdl || !error_fraction)
      throw InvalidArgument(Location{"", 0, 0, "uncertainties"}, "give uncertainties, or mdl and error_fraction");
    d = pmf::prepare(c, *mdl, *error_fraction, o);
  }
  py::dict out;
  out["X"] = d.concentrations.values();
  out["U"] = d.uncertainties.values();
  out["samples"] = d.concentrations.row_labels();
  out["species"] = d.concentrations.column_labels();
  std::vector<std::string> cats;
  for (auto k : d.categories) cats.emplace_back(pmf::to_string(k));
  out["category"] = cats;
  out["total_index"] = d.total_index;
  out["replaced_missing"] = d.replaced_missing;
  out["summary"] = summary_columns(d.summary);
  return out;
}

py::dict diagnostics_dict(const pmf::Diagnostics& d, long total_index) {
  py::dict out;
  out["profiles"] = d.profiles;
  out["profiles_percent"] = d.profiles_percent;
  out["contributions"] = d.contributions;
  out["predicted"] = d.predicted;
  out["scaled_residuals"] = d.scaled_residuals;
  out["explained_variation"] = d.explained_variation;
  out["q_per_species"] = d.q_over_q_exp;
  out["q_true_per_species"] = d.q_true_per_species;
  out["q_robust_per_species"] = d.q_robust_per_species;
  out["r2"] = d.r2;
  out["slope"] = d.slope;
  out["intercept"] = d.intercept;
  out["residuals_beyond_3"] = d.residuals_beyond_3;
  out["q_exp"] = d.q_exp;
  if (total_index >= 0) {
    out["mass_contributions"] = d.mass_contributions;
    out["mass_coefficients"] = d.mass_coefficients;
    out["mass_r2"] = d.mass_r2;
  }
  return out;
}

py::dict fit(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, int n_factors, int n_runs,
             std::uint64_t seed, bool robust, double alpha, const std::string& method, int max_iter,
             double tol, int n_threads, long total_index, bool refine, py::object progress) {
  pmf::BaseRunOptions o;
  o.refine = refine;
  o.solve = solve_options(robust, alpha, method, max_iter, tol);
  o.solve.n_factors = n_factors;
  o.n_runs = n_runs;
  o.seed = seed;
  o.n_threads = n_threads;
  const pmf::BaseRunResult r =
      run_batch(std::move(progress), o, [&](const pmf::BaseRunOptions& b) { return pmf::base_runs(X, U, b, total_index); });
  py::dict out = diagnostics_dict(r.diagnostics, total_index);
  out["G"] = r.best.G;
  out["F"] = r.best.F;
  out["q_true"] = r.best.q_true;
  out["q_robust"] = r.best.q_robust;
  out["best_run"] = r.best_run;
  out["q_best_run"] = r.q_best_run;
  out["refined"] = r.refined;
  out["refinement_fits"] = r.refinement_fits;
  out["warnings"] = r.warnings;
  out["X"] = X;
  out["U"] = U;
  std::vector<double> qt, qr;
  std::vector<int> conv, iters, revived;
  for (const auto& run : r.runs) {
    qt.push_back(run.q_true);
    qr.push_back(run.q_robust);
    conv.push_back(run.converged ? 1 : 0);
    iters.push_back(run.iterations);
    revived.push_back(run.revived);
  }
  py::dict runs;
  runs["q_true"] = qt;
  runs["q_robust"] = qr;
  runs["converged"] = conv;
  runs["iterations"] = iters;
  runs["revived"] = revived;
  out["runs"] = runs;
  return out;
}

// Diagnostics of a given solution (a new base the user adopts, e.g. DISP's lower minimum).
py::dict diagnose(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const Eigen::MatrixXd& G,
                  const Eigen::MatrixXd& F, double alpha, long total_index) {
  if (G.rows() != X.rows() || G.cols() != F.rows() || F.cols() != X.cols())
    throw InvalidArgument(Location{"", 0, 0, "G, F"}, "shapes do not match the data");
  pmf::Diagnostics d;
  {
    py::gil_scoped_release nogil;
    d = pmf::diagnose(X, U, G, F, alpha, total_index);
  }
  return diagnostics_dict(d, total_index);
}

py::dict fit_from(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, Eigen::MatrixXd G0, Eigen::MatrixXd F0,
                  bool robust, double alpha, const std::string& method, int max_iter, double tol) {
  pmf::SolveOptions o = solve_options(robust, alpha, method, max_iter, tol);
  o.n_factors = static_cast<int>(F0.rows());
  pmf::FitResult r;
  {
    py::gil_scoped_release nogil;
    r = pmf::fit_from(X, U, o, std::move(G0), std::move(F0));
  }
  py::dict out;
  out["G"] = r.G;
  out["F"] = r.F;
  out["q_true"] = r.q_true;
  out["q_robust"] = r.q_robust;
  out["converged"] = r.converged;
  out["iterations"] = r.iterations;
  out["q_history"] = r.q_history;
  out["revived"] = r.revived;
  return out;
}

py::dict bootstrap(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const Eigen::MatrixXd& G,
                   const Eigen::MatrixXd& F, int n_boot, int block_size, double min_correlation,
                   std::uint64_t seed, bool robust, double alpha, const std::string& method, int max_iter,
                   double tol, int n_threads, py::object progress) {
  pmf::BootstrapOptions o;
  o.n_boot = n_boot;
  o.block_size = block_size;
  o.min_correlation = min_correlation;
  o.seed = seed;
  o.n_threads = n_threads;
  o.solve = solve_options(robust, alpha, method, max_iter, tol);
  const pmf::BootstrapResult r =
      run_batch(std::move(progress), o, [&](const pmf::BootstrapOptions& b) { return pmf::bootstrap(X, U, G, F, b); });
  py::dict out;
  out["block_size"] = r.block_size;
  out["mapping"] = r.mapping;
  out["p05"] = r.p05;
  out["p25"] = r.p25;
  out["median"] = r.median;
  out["p75"] = r.p75;
  out["p95"] = r.p95;
  out["q_robust"] = r.q_robust;
  out["iterations"] = r.iterations;
  std::vector<int> conv(r.converged.begin(), r.converged.end());
  out["converged"] = conv;
  return out;
}

py::dict displacement(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const Eigen::MatrixXd& G,
                      const Eigen::MatrixXd& F, std::vector<double> dq_max, int bisection_steps, bool robust,
                      double alpha, int max_iter, double tol, int n_threads, py::object progress) {
  pmf::DisplacementOptions o;
  o.dq_max = std::move(dq_max);
  o.bisection_steps = bisection_steps;
  o.n_threads = n_threads;
  o.solve = solve_options(robust, alpha, "als", max_iter, tol);
  const pmf::DisplacementResult r = run_batch(
      std::move(progress), o, [&](const pmf::DisplacementOptions& d) { return pmf::displacement(X, U, G, F, d); });
  py::dict out;
  out["dq_max"] = r.dq_max;
  out["q_base"] = r.q_base;
  out["lower"] = r.lower;
  out["upper"] = r.upper;
  out["swaps"] = r.swaps;
  out["largest_decrease"] = r.largest_decrease;
  out["fits"] = r.fits;
  out["lower_minimum_found"] = r.lower_minimum_found;
  if (r.lower_minimum_found) {
    out["q_lowest"] = r.q_lowest;
    out["G_lowest"] = r.G_lowest;
    out["F_lowest"] = r.F_lowest;
  }
  return out;
}

py::dict fpeak(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const Eigen::MatrixXd& G,
               const Eigen::MatrixXd& F, std::vector<double> strengths, double weight, bool robust,
               double alpha, int max_iter, double tol, int n_threads) {
  pmf::FpeakOptions o;
  o.strengths = std::move(strengths);
  o.weight = weight;
  o.n_threads = n_threads;
  o.solve = solve_options(robust, alpha, "als", max_iter, tol);
  pmf::FpeakResult r;
  {
    py::gil_scoped_release nogil;
    r = pmf::fpeak(X, U, G, F, o);
  }
  py::list runs;
  for (const auto& run : r.runs) {
    py::dict d;
    d["strength"] = run.strength;
    d["G"] = run.G;
    d["F"] = run.F;
    d["q_true"] = run.q_true;
    d["q_robust"] = run.q_robust;
    d["dq"] = run.dq;
    d["percent_dq"] = run.percent_dq;
    d["converged"] = run.converged;
    d["iterations"] = run.iterations;
    runs.append(d);
  }
  py::dict out;
  out["q_robust_base"] = r.q_robust_base;
  out["runs"] = runs;
  return out;
}

pmf::Element element_from(const py::dict& d) {
  pmf::Element e;
  e.contribution = d["contribution"].cast<bool>();
  e.factor = d["factor"].cast<int>();
  e.index = d["index"].cast<Eigen::Index>();
  return e;
}

// Constraints arrive as dicts: {"element": {...}, "kind": str, "value": float, "percent_dq": float};
// expressions as {"terms": [(element, coefficient), ...], "value": float, "percent_dq": float}.
py::dict constrained(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const Eigen::MatrixXd& G,
                     const Eigen::MatrixXd& F, const py::list& elements, const py::list& expressions,
                     bool robust, double alpha, int max_iter, double tol) {
  pmf::ConstraintOptions o;
  for (const auto& item : elements) {
    const auto d = item.cast<py::dict>();
    pmf::ElementConstraint c;
    c.element = element_from(d["element"].cast<py::dict>());
    c.kind = pmf::parse_constraint_kind(d["kind"].cast<std::string>());
    c.value = d["value"].cast<double>();
    c.percent_dq = d["percent_dq"].cast<double>();
    o.elements.push_back(c);
  }
  for (const auto& item : expressions) {
    const auto d = item.cast<py::dict>();
    pmf::Expression x;
    for (const auto& t : d["terms"].cast<py::list>()) {
      const auto pair = t.cast<py::tuple>();
      x.terms.emplace_back(element_from(pair[0].cast<py::dict>()), pair[1].cast<double>());
    }
    x.value = d["value"].cast<double>();
    x.percent_dq = d["percent_dq"].cast<double>();
    o.expressions.push_back(std::move(x));
  }
  o.solve = solve_options(robust, alpha, "als", max_iter, tol);
  pmf::ConstrainedResult r;
  {
    py::gil_scoped_release nogil;
    r = pmf::constrained_run(X, U, G, F, o);
  }
  py::dict out;
  out["G"] = r.G;
  out["F"] = r.F;
  out["q_true"] = r.q_true;
  out["q_robust"] = r.q_robust;
  out["q_robust_base"] = r.q_robust_base;
  out["dq"] = r.dq;
  out["percent_dq"] = r.percent_dq;
  out["dq_budget"] = r.dq_budget;
  out["strength"] = r.strength;
  out["budget_reached"] = r.budget_reached;
  out["converged"] = r.converged;
  out["fits"] = r.fits;
  return out;
}

py::dict bs_disp(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const Eigen::MatrixXd& G,
                 const Eigen::MatrixXd& F, int n_boot, int block_size, double min_correlation,
                 std::vector<double> dq_max, int bisection_steps, std::uint64_t seed, bool robust,
                 double alpha, int max_iter, double tol, int n_threads, py::object progress) {
  pmf::BsDispOptions o;
  o.n_boot = n_boot;
  o.block_size = block_size;
  o.min_correlation = min_correlation;
  o.dq_max = std::move(dq_max);
  o.bisection_steps = bisection_steps;
  o.seed = seed;
  o.n_threads = n_threads;
  o.solve = solve_options(robust, alpha, "als", max_iter, tol);
  const pmf::BsDispResult r = run_batch(
      std::move(progress), o, [&](const pmf::BsDispOptions& b) { return pmf::bs_displacement(X, U, G, F, b); });
  py::dict out;
  out["block_size"] = r.block_size;
  out["dq_max"] = r.dq_max;
  out["lower"] = r.lower;
  out["upper"] = r.upper;
  out["swaps"] = r.swaps;
  out["mapped"] = r.mapped;
  out["largest_decrease"] = r.largest_decrease;
  out["resamples_with_decrease"] = r.resamples_with_decrease;
  out["fits"] = r.fits;
  return out;
}

py::dict factor_sweep(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, std::vector<int> factors, int n_runs,
                      std::uint64_t seed, bool robust, double alpha, const std::string& method, int max_iter,
                      double tol, int n_boot, bool displacement, int n_threads, long total_index) {
  pmf::FactorSweepOptions o;
  o.factors = std::move(factors);
  o.base.solve = solve_options(robust, alpha, method, max_iter, tol);
  o.base.n_runs = n_runs;
  o.base.seed = seed;
  o.base.n_threads = n_threads;
  o.n_boot = n_boot;
  o.bootstrap.seed = seed;
  o.bootstrap.n_threads = n_threads;
  o.displacement = displacement;
  o.disp.n_threads = n_threads;
  std::vector<pmf::FactorSweepRow> rows;
  {
    py::gil_scoped_release nogil;
    rows = pmf::factor_sweep(X, U, o, total_index);
  }
  std::vector<int> p, conv, beyond, swaps;
  std::vector<double> qt, qr, qe, ratio, drop, maxres, rate, min_rate, decrease;
  py::list G, F, runs_q;
  for (const auto& r : rows) {
    p.push_back(r.factors);
    qt.push_back(r.q_true);
    qr.push_back(r.q_robust);
    qe.push_back(r.q_exp);
    ratio.push_back(r.q_robust_over_q_exp);
    drop.push_back(r.q_robust_drop);
    maxres.push_back(r.max_abs_scaled_residual);
    beyond.push_back(r.residuals_beyond_3);
    conv.push_back(r.converged_runs);
    rate.push_back(r.bs_mapping_rate);
    min_rate.push_back(r.min_bs_mapping_rate);
    swaps.push_back(r.disp_swaps);
    decrease.push_back(r.disp_largest_decrease);
    G.append(r.base.best.G);
    F.append(r.base.best.F);
    runs_q.append(r.base.diagnostics.q_over_q_exp);
  }
  py::dict out;
  out["factors"] = p;
  out["q_true"] = qt;
  out["q_robust"] = qr;
  out["q_exp"] = qe;
  out["q_robust_over_q_exp"] = ratio;
  out["q_robust_drop"] = drop;
  out["max_abs_scaled_residual"] = maxres;
  out["residuals_beyond_3"] = beyond;
  out["converged_runs"] = conv;
  out["bs_mapping_rate"] = rate;
  out["min_bs_mapping_rate"] = min_rate;
  out["disp_swaps"] = swaps;
  out["disp_largest_decrease"] = decrease;
  out["G"] = G;
  out["F"] = F;
  out["q_over_q_exp_per_species"] = runs_q;
  return out;
}

}  // namespace

void bind_pmf(py::module_& m) {
  m.def("pmf_prepare", &prepare, py::arg("conc"), py::arg("unc"), py::arg("mdl"), py::arg("error_fraction"),
        py::arg("missing"), py::arg("total_variable"), py::arg("extra_uncertainty"), py::arg("categories"),
        py::arg("exclude_samples"), py::arg("exclude_species"),
        py::arg("concentration_source") = "concentrations",
        py::arg("uncertainty_source") = "uncertainties",
        "PMF 5.0 data preparation; returns X, U, labels, categories and the species summary.");
  m.def("pmf_fit", &fit, py::arg("X"), py::arg("U"), py::arg("n_factors"), py::arg("n_runs"), py::arg("seed"),
        py::arg("robust"), py::arg("alpha"), py::arg("method"), py::arg("max_iter"), py::arg("tol"),
        py::arg("n_threads"), py::arg("total_index"), py::arg("refine"), py::arg("progress"),
        "PMF base runs; returns the best run's matrices, diagnostics and the run table.");
  m.def("pmf_diagnose", &diagnose, py::arg("X"), py::arg("U"), py::arg("G"), py::arg("F"),
        py::arg("alpha"), py::arg("total_index"),
        "PMF 5.0 diagnostics of a given solution (G n × p, F p × m).");
  m.def("pmf_fit_from", &fit_from, py::arg("X"), py::arg("U"), py::arg("G0"), py::arg("F0"), py::arg("robust"),
        py::arg("alpha"), py::arg("method"), py::arg("max_iter"), py::arg("tol"),
        "One PMF fit from a given start (G0 n × p, F0 p × m).");
  m.def("pmf_bootstrap", &bootstrap, py::arg("X"), py::arg("U"), py::arg("G"), py::arg("F"), py::arg("n_boot"),
        py::arg("block_size"), py::arg("min_correlation"), py::arg("seed"), py::arg("robust"), py::arg("alpha"),
        py::arg("method"), py::arg("max_iter"), py::arg("tol"), py::arg("n_threads"), py::arg("progress"),
        "PMF classical block bootstrap around a base run.");
  m.def("pmf_displacement", &displacement, py::arg("X"), py::arg("U"), py::arg("G"), py::arg("F"),
        py::arg("dq_max"), py::arg("bisection_steps"), py::arg("robust"), py::arg("alpha"), py::arg("max_iter"),
        py::arg("tol"), py::arg("n_threads"), py::arg("progress"), "PMF displacement (DISP) around a base run.");
  m.def("pmf_fpeak", &fpeak, py::arg("X"), py::arg("U"), py::arg("G"), py::arg("F"), py::arg("strengths"),
        py::arg("weight"), py::arg("robust"), py::arg("alpha"), py::arg("max_iter"), py::arg("tol"),
        py::arg("n_threads"), "PMF FPEAK rotations of a base run, one per strength.");
  m.def("pmf_constrained", &constrained, py::arg("X"), py::arg("U"), py::arg("G"), py::arg("F"),
        py::arg("elements"), py::arg("expressions"), py::arg("robust"), py::arg("alpha"), py::arg("max_iter"),
        py::arg("tol"), "PMF 5.0 constrained run from a base run.");
  m.def("pmf_bs_disp", &bs_disp, py::arg("X"), py::arg("U"), py::arg("G"), py::arg("F"), py::arg("n_boot"),
        py::arg("block_size"), py::arg("min_correlation"), py::arg("dq_max"), py::arg("bisection_steps"),
        py::arg("seed"), py::arg("robust"), py::arg("alpha"), py::arg("max_iter"), py::arg("tol"),
        py::arg("n_threads"), py::arg("progress"), "PMF BS-DISP around a base run.");
  m.def("pmf_factor_sweep", &factor_sweep, py::arg("X"), py::arg("U"), py::arg("factors"), py::arg("n_runs"),
        py::arg("seed"), py::arg("robust"), py::arg("alpha"), py::arg("method"), py::arg("max_iter"),
        py::arg("tol"), py::arg("n_boot"), py::arg("displacement"), py::arg("n_threads"), py::arg("total_index"),
        "Base runs (and optional BS/DISP) for every number of factors.");
  m.def("pmf_equation_uncertainty", py::vectorize(&pmf::equation_uncertainty), py::arg("x"), py::arg("mdl"),
        py::arg("error_fraction"), "PMF 5.0 uncertainty equation (element-wise).");
}

}  // namespace aqm::python
