// PMF 5.0 data preparation (EPA PMF 5.0 User Guide, Norris et al. 2014, §4–5).
#include "aqm/pmf/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>

#include "aqm/core/error.hpp"
#include "aqm/core/log.hpp"
#include "aqm/pmf/detail/statistics.hpp"

namespace aqm::pmf {

Category parse_category(const std::string& name, const std::string& what) {
  if (name == "strong") return Category::strong;
  if (name == "weak") return Category::weak;
  if (name == "bad") return Category::bad;
  throw InvalidArgument(argument(what), "'" + name + "' is not one of strong, weak, bad");
}

const char* to_string(Category c) {
  switch (c) {
    case Category::strong: return "strong";
    case Category::weak: return "weak";
    default: return "bad";
  }
}

double equation_uncertainty(double x, double mdl, double error_fraction) {
  if (std::isnan(x)) return x;
  if (x <= mdl) return 5.0 / 6.0 * mdl;
  const double a = error_fraction * x, b = 0.5 * mdl;
  return std::sqrt(a * a + b * b);
}

double signal_to_noise(const Eigen::Ref<const Eigen::VectorXd>& x,
                       const Eigen::Ref<const Eigen::VectorXd>& s) {
  double sum = 0.0;
  Eigen::Index count = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (std::isnan(x(i)) || std::isnan(s(i))) continue;
    ++count;
    if (x(i) > s(i)) sum += (x(i) - s(i)) / s(i);
  }
  return count > 0 ? sum / static_cast<double>(count) : 0.0;
}

Category suggest_category(double sn, double bad_below, double weak_below) {
  if (sn < bad_below) return Category::bad;
  if (sn < weak_below) return Category::weak;
  return Category::strong;
}

namespace {

// Magnitudes beyond this square to infinity in Q or lose every other species in the sums; no
// concentration or uncertainty unit needs them.
constexpr double kMagnitudeLimit = 1e100;
// A negative concentration further below zero than this many uncertainties is not noise around
// a small value (PMF 5.0 accepts those) but, typically, a missing-value code such as -999.
constexpr double kNegativeLimit = 4.0;
// PMF 5.0's guidance threshold for 'bad' species (reference/pmf.md §1.2).
constexpr double kBadSignalToNoise = 0.5;
// A species whose median uncertainty is this far below the median species' dominates Q.
constexpr double kTinyUncertainty = 1e-3;

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// A value is named by its input, species and sample: the matrix row is not the file's line
// (the reader skips comment, blank and units lines).
void check_value(double x, double s, const PrepareOptions& o, const std::string& species,
                 const std::string& sample) {
  const std::string in_sample = " (sample " + sample + ")";
  const Location conc_at{o.concentration_source, 0, 0, species};
  if (!std::isfinite(x) || std::abs(x) > kMagnitudeLimit)
    throw InvalidArgument(
        conc_at, "concentration " + number(x) + " is not finite or beyond ±1e100" + in_sample);
  if (!(s > 0.0) || !std::isfinite(s) || s > kMagnitudeLimit)
    throw InvalidArgument(
        Location{o.uncertainty_source, 0, 0, species},
        "uncertainty must be finite, > 0 and <= 1e100, got " + number(s) + in_sample);
  if (x < -kNegativeLimit * s)
    throw InvalidArgument(conc_at, "concentration " + number(x) +
                                       " is more than 4 uncertainties below zero" + in_sample +
                                       "; a missing-value code? declare it missing");
}

// What the fitted species' summaries should warn about (SpeciesSummary::warning).
struct ColumnFacts {
  double median_uncertainty = 0.0;
  Eigen::Index negatives = 0;
  bool constant = false;
  Eigen::VectorXd values;  // present values, to find duplicated species
};

void append(std::string& warning, const std::string& text) {
  warning += (warning.empty() ? "" : "; ") + text;
}

void flag_species(std::vector<SpeciesSummary>& summary, const std::vector<ColumnFacts>& facts) {
  std::vector<double> medians;
  for (std::size_t t = 0; t < summary.size(); ++t)
    if (summary[t].category != Category::bad) medians.push_back(facts[t].median_uncertainty);
  const double typical = medians.empty() ? 0.0 : detail::quantile(medians, 0.5);
  for (std::size_t t = 0; t < summary.size(); ++t) {
    SpeciesSummary& sum = summary[t];
    if (sum.category == Category::bad) continue;
    const ColumnFacts& f = facts[t];
    if (sum.category == Category::strong && sum.signal_to_noise < kBadSignalToNoise)
      append(sum.warning, "strong with S/N " + number(sum.signal_to_noise) +
                              " < 0.5 (PMF 5.0 'bad'); make it weak or bad");
    if (f.median_uncertainty < kTinyUncertainty * typical)
      append(sum.warning, "median uncertainty " + number(f.median_uncertainty) +
                              " is > 1000x below the species' typical " + number(typical) +
                              "; it will dominate Q");
    if (f.negatives > 0)
      append(sum.warning, std::to_string(f.negatives) + " negative concentrations");
    if (f.constant) append(sum.warning, "the same value in every sample");
    for (std::size_t u = 0; u < t; ++u)
      if (summary[u].category != Category::bad && facts[u].values.size() == f.values.size() &&
          facts[u].values == f.values) {
        append(sum.warning, "identical to species " + summary[u].species);
        break;
      }
    if (!sum.warning.empty()) log_warning("PMF: species " + sum.species + ": " + sum.warning);
  }
}

std::vector<Eigen::Index> kept_indices(const std::vector<std::string>& labels,
                                       const std::vector<std::string>& excluded, const char* what) {
  std::set<std::string> drop(excluded.begin(), excluded.end());
  for (const auto& e : drop)
    if (std::find(labels.begin(), labels.end(), e) == labels.end())
      throw KeyError(argument(e), std::string("no such ") + what + " to exclude");
  std::vector<Eigen::Index> keep;
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (!drop.count(labels[i])) keep.push_back(static_cast<Eigen::Index>(i));
  return keep;
}

// Shared body: conc and unc already aligned; mdl empty when uncertainties were given.
PreparedData prepare_aligned(const LabelledMatrix& conc, Eigen::MatrixXd unc,
                             const std::vector<double>& mdl, const PrepareOptions& o) {
  if (!(o.extra_uncertainty >= 0.0 && o.extra_uncertainty <= 0.25))
    throw InvalidArgument(argument("extra_uncertainty"),
                          std::to_string(o.extra_uncertainty) + " is outside [0, 0.25]");
  const auto& species = conc.column_labels();
  const auto& samples = conc.row_labels();
  for (const auto& [name, cat] : o.categories) {
    (void)cat;
    if (std::find(species.begin(), species.end(), name) == species.end())
      throw KeyError(argument(name), "category given for a species not in the data");
  }
  if (!o.total_variable.empty() &&
      std::find(species.begin(), species.end(), o.total_variable) == species.end())
    throw KeyError(argument(o.total_variable), "total variable is not a species in the data");
  const auto rows = kept_indices(samples, o.exclude_samples, "sample");
  const auto cols = kept_indices(species, o.exclude_species, "species");
  if (rows.empty() || cols.empty())
    throw InvalidArgument(argument("exclude"), "nothing left after exclusions");

  PreparedData out;
  std::vector<ColumnFacts> facts;  // parallel to out.summary
  std::vector<Eigen::Index> fit_cols;
  std::vector<Category> cats;
  std::vector<double> medians;  // of the fit columns, for missing-value replacement
  // Missing = NaN concentration.  A present value needs its uncertainty: replacing the value
  // because its uncertainty is blank would change the data silently.
  for (Eigen::Index c : cols) {
    const std::string& name = species[c];
    for (Eigen::Index r : rows) {
      const double x = conc.values()(r, c), s = unc(r, c);
      if (std::isnan(x)) continue;
      if (std::isnan(s))
        throw InvalidArgument(Location{o.uncertainty_source, 0, 0, name},
                              "no uncertainty for the concentration " + number(x) + " (sample " +
                                  samples[r] + "); give one, or mark the concentration missing");
      check_value(x, s, o, name, samples[r]);
    }
    SpeciesSummary sum;
    sum.species = name;
    std::vector<double> present;
    Eigen::Index below = 0;
    for (Eigen::Index r : rows) {
      const double x = conc.values()(r, c);
      if (std::isnan(x) || std::isnan(unc(r, c))) continue;
      present.push_back(x);
      if (!mdl.empty() && x <= mdl[c]) ++below;
    }
    if (present.empty())
      throw InvalidArgument(Location{"", 0, c + 1, name},
                            "every value is missing; exclude the species");
    Eigen::VectorXd xs(present.size()), ss(present.size());
    {
      Eigen::Index t = 0;
      for (Eigen::Index r : rows) {
        const double x = conc.values()(r, c);
        if (std::isnan(x) || std::isnan(unc(r, c))) continue;
        xs(t) = x;
        ss(t++) = unc(r, c);
      }
    }
    sum.signal_to_noise = signal_to_noise(xs, ss);
    ColumnFacts fact;
    fact.median_uncertainty =
        detail::quantile(std::vector<double>(ss.data(), ss.data() + ss.size()), 0.5);
    fact.negatives = (xs.array() < 0.0).count();
    fact.constant = xs.size() > 1 && xs.maxCoeff() == xs.minCoeff();
    fact.values = xs;
    facts.push_back(std::move(fact));
    sum.min = *std::min_element(present.begin(), present.end());
    sum.max = *std::max_element(present.begin(), present.end());
    sum.mean = xs.mean();
    sum.p25 = detail::quantile(present, 0.25);
    sum.median = detail::quantile(present, 0.5);
    sum.p75 = detail::quantile(present, 0.75);
    sum.percent_missing =
        100.0 * (1.0 - static_cast<double>(present.size()) / static_cast<double>(rows.size()));
    if (!mdl.empty())
      sum.percent_below_mdl =
          100.0 * static_cast<double>(below) / static_cast<double>(present.size());
    Category cat = Category::strong;
    if (name == o.total_variable) cat = Category::weak;  // PMF 5.0 sets the total variable weak
    if (auto it = o.categories.find(name); it != o.categories.end()) cat = it->second;
    sum.category = cat;
    out.summary.push_back(sum);
    if (cat != Category::bad) {
      fit_cols.push_back(c);
      cats.push_back(cat);
      medians.push_back(sum.median);
    }
  }
  if (fit_cols.empty()) throw InvalidArgument(argument("categories"), "every species is bad");
  flag_species(out.summary, facts);

  // Samples kept for the fit.
  std::vector<Eigen::Index> fit_rows;
  for (Eigen::Index r : rows) {
    bool complete = true;
    for (Eigen::Index c : fit_cols)
      if (std::isnan(conc.values()(r, c)) || std::isnan(unc(r, c))) complete = false;
    if (complete || o.missing == MissingPolicy::replace_median) fit_rows.push_back(r);
  }
  if (fit_rows.size() < 2)
    throw InvalidArgument(argument("missing"), "fewer than 2 complete samples remain");

  const auto n = static_cast<Eigen::Index>(fit_rows.size());
  const auto m = static_cast<Eigen::Index>(fit_cols.size());
  Eigen::MatrixXd X(n, m), S(n, m);
  std::vector<std::string> row_labels, col_labels, units;
  for (Eigen::Index r : fit_rows) row_labels.push_back(samples[r]);
  for (Eigen::Index t = 0; t < m; ++t) {
    const Eigen::Index c = fit_cols[t];
    col_labels.push_back(species[c]);
    units.push_back(conc.column_units()[c]);
    const double median = medians[t];
    for (Eigen::Index i = 0; i < n; ++i) {
      double x = conc.values()(fit_rows[i], c), s = unc(fit_rows[i], c);
      if (std::isnan(x) || std::isnan(s)) {  // PMF 5.0: species median, uncertainty 4 × median
        if (!(median > 0.0))
          throw InvalidArgument(Location{o.concentration_source, 0, 0, species[c]},
                                "missing value cannot be replaced: the species median is not > 0"
                                " (sample " +
                                    samples[fit_rows[i]] + ")");
        x = median;
        s = 4.0 * median;
        ++out.replaced_missing;
      }
      if (o.extra_uncertainty > 0.0) s = std::sqrt(s * s + std::pow(o.extra_uncertainty * x, 2));
      if (cats[t] == Category::weak) s *= 3.0;  // PMF 5.0: weak species' uncertainty tripled
      X(i, t) = x;
      S(i, t) = s;
    }
    if (species[c] == o.total_variable) out.total_index = static_cast<long>(t);
  }
  out.concentrations = LabelledMatrix(X, row_labels, col_labels, units);
  out.concentrations.row_dim = conc.row_dim;
  out.uncertainties = LabelledMatrix(S, row_labels, col_labels, units);
  out.uncertainties.row_dim = conc.row_dim;
  out.categories = std::move(cats);
  return out;
}

}  // namespace

namespace {

// The first label of `a` that `b` lacks, or "".
std::string first_missing(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const std::set<std::string> have(b.begin(), b.end());
  for (const auto& label : a)
    if (!have.count(label)) return label;
  return "";
}

// Both inputs must hold the same species and samples in the same order; name what differs.
void check_aligned(const LabelledMatrix& conc, const LabelledMatrix& unc, const PrepareOptions& o) {
  const Location at{o.uncertainty_source};
  const auto compare = [&](const std::vector<std::string>& want,
                           const std::vector<std::string>& have, const char* what) {
    const std::string lost = first_missing(want, have), extra = first_missing(have, want);
    if (!lost.empty())
      throw InvalidArgument(
          at, std::string("no ") + what + " '" + lost + "' (it is in " + o.concentration_source +
                  (extra.empty() ? "" : "; '" + extra + "' is here instead") + ")");
    if (!extra.empty())
      throw InvalidArgument(
          at, std::string(what) + " '" + extra + "' is not in " + o.concentration_source);
    if (want.size() != have.size())
      throw InvalidArgument(at, std::to_string(have.size()) + " " + what + " columns/rows for " +
                                    std::to_string(want.size()) + " (a label repeats)");
    for (std::size_t i = 0; i < want.size(); ++i)
      if (want[i] != have[i])
        throw InvalidArgument(at, std::string(what) + " '" + have[i] + "' is where " +
                                      o.concentration_source + " has '" + want[i] +
                                      "': put them in the same order");
  };
  compare(conc.column_labels(), unc.column_labels(), "species");
  compare(conc.row_labels(), unc.row_labels(), "sample");
}

}  // namespace

PreparedData prepare(const LabelledMatrix& conc, const LabelledMatrix& unc,
                     const PrepareOptions& o) {
  check_aligned(conc, unc, o);
  return prepare_aligned(conc, unc.values(), {}, o);
}

PreparedData prepare(const LabelledMatrix& conc, const std::vector<double>& mdl,
                     const std::vector<double>& ef, const PrepareOptions& o) {
  const auto m = static_cast<std::size_t>(conc.cols());
  if (mdl.size() != m || ef.size() != m)
    throw InvalidArgument(argument("mdl"), std::to_string(mdl.size()) + " MDL and " +
                                               std::to_string(ef.size()) + " error fractions for " +
                                               std::to_string(m) + " species");
  for (std::size_t c = 0; c < m; ++c) {
    if (!(mdl[c] > 0.0) || !std::isfinite(mdl[c]))
      throw InvalidArgument(argument(conc.column_labels()[c]), "MDL must be finite and > 0");
    if (!(ef[c] >= 0.0) || !std::isfinite(ef[c]))
      throw InvalidArgument(argument(conc.column_labels()[c]),
                            "error fraction must be finite and >= 0");
  }
  Eigen::MatrixXd unc(conc.rows(), conc.cols());
  for (Eigen::Index c = 0; c < conc.cols(); ++c)
    for (Eigen::Index r = 0; r < conc.rows(); ++r)
      unc(r, c) = equation_uncertainty(conc.values()(r, c), mdl[c], ef[c]);
  return prepare_aligned(conc, std::move(unc), mdl, o);
}

}  // namespace aqm::pmf
