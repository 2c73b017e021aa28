#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "aqm/chem/box_diagnostics.hpp"
#include "aqm/chem/detail/run_metrics.hpp"
#include "aqm/chem/isopleth.hpp"

namespace aqm::chem {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_factors(const std::vector<double>& f, const std::string& item) {
  if (f.empty()) throw InvalidArgument(argument(item), "needs at least one factor");
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (!(f[i] > 0) || !std::isfinite(f[i]))
      throw InvalidArgument(argument(item), "scaling factors must be positive and finite (factor " +
                                                std::to_string(i) + " is " + std::to_string(f[i]) +
                                                ")");
    if (i > 0 && !(f[i] > f[i - 1]))
      throw InvalidArgument(argument(item), "scaling factors must be increasing");
  }
}

}  // namespace

detail::RunMetrics detail::result_metrics(const Mechanism& mech, const BoxResult& r,
                                          const std::string& o3, double w0, double w1, bool ppb) {
  RunMetrics c;
  c.status = r.result.status;
  c.message = r.result.message;
  if (!r.ok()) return c;
  try {
    Eigen::VectorXd v = r.series(o3);
    if (ppb) v = v.cwiseProduct(ppb_per_molecule(r));
    c.peak = v.maxCoeff();
    c.max8 = max_running_mean(r.time, v, 8.0);
    c.net = integrated_net_po3(mech, r, w0, w1, ppb);
  } catch (const std::exception& e) {
    c = RunMetrics{};
    c.status = SolveStatus::callback_error;
    c.message = e.what();
  }
  return c;
}

detail::RunMetrics detail::run_metrics(const BoxModel& model, const std::string& o3, double w0,
                                       double w1, bool ppb) {
  try {
    return result_metrics(model.mechanism(), model.run(), o3, w0, w1, ppb);
  } catch (const std::exception& e) {
    RunMetrics c;
    c.status = SolveStatus::callback_error;
    c.message = e.what();
    return c;
  }
}

IsoplethMetric isopleth_metric_from_string(const std::string& name) {
  std::string s;
  for (char ch : name) s += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (s == "peak_o3" || s == "peak") return IsoplethMetric::peak_o3;
  if (s == "max_8h_o3" || s == "mda8" || s == "max8h") return IsoplethMetric::max_8h_o3;
  if (s == "net_po3" || s == "po3" || s == "net_p_o3") return IsoplethMetric::net_po3;
  throw InvalidArgument(argument("metric"),
                        "unknown isopleth metric '" + name + "' (peak_o3, max_8h_o3, net_po3)");
}

std::string to_string(IsoplethMetric m) {
  switch (m) {
    case IsoplethMetric::peak_o3: return "peak_o3";
    case IsoplethMetric::max_8h_o3: return "max_8h_o3";
    case IsoplethMetric::net_po3: return "net_po3";
  }
  return "";
}

double integrated_net_po3(const Mechanism& m, const BoxResult& r, double t0, double t1, bool ppb) {
  const FamilyBudget b = o3_budget(m, r);
  const double a = std::isnan(t0) ? r.time.front() : t0;
  const double z = std::isnan(t1) ? r.time.back() : t1;
  Eigen::VectorXd net = b.net();
  if (ppb) net = net.cwiseProduct(ppb_per_molecule(r));
  return integrate_series(r.time, net, a, z);
}

Eigen::VectorXd ppb_per_molecule(const BoxResult& r) {
  Eigen::VectorXd f(static_cast<Eigen::Index>(r.m.size()));
  for (std::size_t k = 0; k < r.m.size(); ++k) f[static_cast<Eigen::Index>(k)] = 1e9 / r.m[k];
  return f;
}

const Eigen::MatrixXd& IsoplethResult::metric(IsoplethMetric m) const {
  return m == IsoplethMetric::peak_o3     ? peak_o3
         : m == IsoplethMetric::max_8h_o3 ? max_8h_o3
                                          : net_po3;
}

double IsoplethResult::base(IsoplethMetric m) const {
  return m == IsoplethMetric::peak_o3     ? base_peak_o3
         : m == IsoplethMetric::max_8h_o3 ? base_max_8h_o3
                                          : base_net_po3;
}

std::size_t IsoplethResult::n_failed() const {
  return static_cast<std::size_t>(std::count_if(
      status.begin(), status.end(), [](SolveStatus s) { return s != SolveStatus::success; }));
}

namespace {
// Position of the row maximum: -1 failed row, -2 at the low edge, -3 at the high edge,
// otherwise the refined ln f_N of the peak.
double row_peak(const Eigen::MatrixXd& z, Eigen::Index i, const std::vector<double>& fn,
                int& code) {
  const Eigen::Index n = z.cols();
  Eigen::Index best = -1;
  for (Eigen::Index j = 0; j < n; ++j) {
    if (std::isnan(z(i, j))) {
      code = -1;
      return kNaN;
    }
    if (best < 0 || z(i, j) > z(i, best)) best = j;
  }
  if (best == 0) {
    code = -2;
    return kNaN;
  }
  if (best == n - 1) {
    code = -3;
    return kNaN;
  }
  code = 0;
  const double x0 = std::log(fn[best - 1]), x1 = std::log(fn[best]), x2 = std::log(fn[best + 1]);
  const double y0 = z(i, best - 1), y1 = z(i, best), y2 = z(i, best + 1);
  // Vertex of the parabola through the three points.
  const double d = (x0 - x1) * (x0 - x2) * (x1 - x2);
  const double a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / d;
  const double b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / d;
  if (!(a < 0)) return x1;
  return std::min(x2, std::max(x0, -b / (2 * a)));
}
}  // namespace

std::vector<double> IsoplethResult::ridge(IsoplethMetric m) const {
  const Eigen::MatrixXd& z = metric(m);
  std::vector<double> out(static_cast<std::size_t>(z.rows()), kNaN);
  for (Eigen::Index i = 0; i < z.rows(); ++i) {
    int code = 0;
    const double x = row_peak(z, i, nox_factors, code);
    if (code == 0) out[static_cast<std::size_t>(i)] = std::exp(x);
  }
  return out;
}

std::string IsoplethResult::regime(IsoplethMetric m) const {
  const Eigen::MatrixXd& z = metric(m);
  if (z.rows() == 0) return "undetermined";
  // The row whose VOC factor is closest to 1 (in ln).
  Eigen::Index row = 0;
  for (Eigen::Index i = 1; i < z.rows(); ++i)
    if (std::fabs(std::log(voc_factors[i])) < std::fabs(std::log(voc_factors[row]))) row = i;
  int code = 0;
  const double x = row_peak(z, row, nox_factors, code);
  if (code == -1) return "undetermined";
  // Peak at the low NOx edge: O3 falls with NOx everywhere in the row -> VOC-limited if the
  // base point lies above that edge, and symmetric for the high edge.
  const double ridge_ln = code == -2   ? std::log(nox_factors.front())
                          : code == -3 ? std::log(nox_factors.back())
                                       : x;
  const double margin = std::log(1.1);
  if (code == -2 && nox_factors.front() <= 1.0) return "VOC-limited";
  if (code == -3 && nox_factors.back() >= 1.0) return "NOx-limited";
  if (0.0 > ridge_ln + margin) return "VOC-limited";
  if (0.0 < ridge_ln - margin) return "NOx-limited";
  return "transitional";
}

namespace {
// Cells integrated together (BoxModel::run_cells): enough to share the forcing, few enough
// that one stiff cell does not set the steps of many (common steps cost ~30 % more steps per
// cell at 6; a 9 x 12 CB6 grid took 2.56-2.62 s CPU at 2-3, 2.72 at 4, 2.95 at 6, 3.40 at 12).
// Fixed, so that the answer does not depend on the thread count.
constexpr std::size_t kGroupWidth = 3;

// Columns (NOx factors) split into balanced groups of at most kGroupWidth: [begin, end).
std::vector<std::pair<std::size_t, std::size_t>> column_groups(std::size_t nn) {
  const std::size_t ng = (nn + kGroupWidth - 1) / kGroupWidth;
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t g = 0; g < ng; ++g) out.emplace_back(g * nn / ng, (g + 1) * nn / ng);
  return out;
}

// The spun-up state of a cell at VOC factor f.
struct SpunUp {
  double f;
  std::vector<double> y;
};

// A warm start at VOC factor f from the spun-up states of up to three cells below it in its
// column (nearest first): the polynomial through them in f, evaluated at f (the nearest state
// alone, linear through two, quadratic through three), kept within a factor 2 of the nearest.
// Concentrations change smoothly along a column, so the start is close to the cell's own
// spun-up state and its first repeat often already meets the spin-up tolerance.  On the
// bundled Hangzhou day the quadratic start is within 0.1-0.8 % of the spun-up state from the
// fourth row on, the linear one within 1-2 % (one repeat more).
std::vector<double> extrapolate(const std::vector<SpunUp>& below, double f) {
  const std::vector<double>& y1 = below[0].y;
  std::vector<double> y = y1;
  if (below.size() < 2) return y;
  const std::vector<double>& y2 = below[1].y;
  const double f1 = below[0].f, f2 = below[1].f;
  for (std::size_t q = 0; q < y.size(); ++q) {
    if (!(y1[q] > 0)) continue;
    double v = 0.0;
    if (below.size() == 2) {
      v = y1[q] + (f - f1) / (f1 - f2) * (y1[q] - y2[q]);
    } else {
      const double f3 = below[2].f;
      v = (f - f2) * (f - f3) / ((f1 - f2) * (f1 - f3)) * y1[q] +
          (f - f1) * (f - f3) / ((f2 - f1) * (f2 - f3)) * y2[q] +
          (f - f1) * (f - f2) / ((f3 - f1) * (f3 - f2)) * below[2].y[q];
    }
    y[q] = std::min(2 * y1[q], std::max(0.5 * y1[q], v));
  }
  return y;
}

// One group of columns, row after row (VOC factor): the cells of a row run together, each
// starting its spin-up from the spun-up states of the cells below it (extrapolate); a cold
// start on the first row, after a failure, and without spin-up (where a start would change
// the answer).  Rows must run in order; the group's state is only the states kept below.
class ColumnGroup {
 public:
  ColumnGroup(const BoxModel& model, const IsoplethOptions& o,
              std::pair<std::size_t, std::size_t> cols)
      : model_(model), o_(o), cols_(cols), below_(cols.second - cols.first) {}

  template <class Scalings>
  void run_row(std::size_t i, const Scalings& scalings, std::vector<detail::RunMetrics>& out) {
    const std::size_t nn = o_.nox_factors.size(), width = below_.size();
    const std::vector<double>& fv = o_.voc_factors;
    std::vector<std::vector<SpeciesScale>> row;
    for (std::size_t j = cols_.first; j < cols_.second; ++j) row.push_back(scalings(i, j));
    std::vector<std::vector<double>> starts(width);
    for (std::size_t j = 0; j < width; ++j)
      starts[j] = below_[j].empty() ? std::vector<double>{} : extrapolate(below_[j], fv[i]);
    std::vector<BoxResult> res;
    try {
      res = model_.run_cells(row, starts);
    } catch (const std::exception& e) {
      for (std::size_t j = 0; j < width; ++j) {
        auto& m = out[i * nn + cols_.first + j];
        m.status = SolveStatus::callback_error;
        m.message = e.what();
        below_[j].clear();
      }
      return;
    }
    const bool warm = model_.spin_up().max_days > 0;
    for (std::size_t j = 0; j < width; ++j) {
      out[i * nn + cols_.first + j] = detail::result_metrics(
          model_.mechanism(), res[j], o_.o3, o_.window_start, o_.window_end, o_.ppb);
      if (!warm || !res[j].ok()) {
        below_[j].clear();
        continue;
      }
      below_[j].insert(below_[j].begin(), SpunUp{fv[i], std::move(res[j].final_state)});
      if (below_[j].size() > kKept) below_[j].pop_back();
    }
  }

 private:
  static constexpr std::size_t kKept = 3;  // spun-up states kept per column (quadratic)
  const BoxModel& model_;
  const IsoplethOptions& o_;
  const std::pair<std::size_t, std::size_t> cols_;
  std::vector<std::vector<SpunUp>> below_;  // per column, nearest first
};
}  // namespace

IsoplethResult isopleth(const BoxModel& model_in, const IsoplethOptions& o,
                        const Progress& progress) {
  check_factors(o.voc_factors, "voc_factors");
  check_factors(o.nox_factors, "nox_factors");
  if (o.voc_species.empty())
    throw InvalidArgument(argument("voc_species"), "choose the VOC species to scale");
  BoxModel model = model_in;
  const Mechanism& mech = model.mechanism();
  for (const auto& s : o.voc_species)
    if (!mech.find_species(s)) throw KeyError(argument(s), "VOC species is not in the mechanism");
  for (const auto& s : o.nox_species)
    if (!mech.find_species(s)) throw KeyError(argument(s), "NOx species is not in the mechanism");
  if (!mech.find_species(o.o3))
    throw KeyError(argument(o.o3), "ozone species is not in the mechanism");
  model.prepare();

  IsoplethResult res;
  res.voc_factors = o.voc_factors;
  res.nox_factors = o.nox_factors;
  const auto nv = static_cast<Eigen::Index>(o.voc_factors.size());
  const auto nn = static_cast<Eigen::Index>(o.nox_factors.size());
  res.peak_o3 = res.max_8h_o3 = res.net_po3 = Eigen::MatrixXd::Constant(nv, nn, kNaN);
  const std::size_t n = static_cast<std::size_t>(nv * nn);
  res.status.assign(n, SolveStatus::success);
  res.message.assign(n, "");
  std::vector<detail::RunMetrics> cells(n + 1);
  auto scalings = [&](std::size_t i, std::size_t j) {
    std::vector<SpeciesScale> sc;
    for (const auto& s : o.voc_species) sc.push_back({s, o.voc_factors[i], o.scale});
    for (const auto& s : o.nox_species) sc.push_back({s, o.nox_factors[j], o.scale});
    return sc;
  };
  if (o.warm_start) {
    // Chain 0 is the base (a lone cold run), chain g > 0 column group g - 1 row by row: rows
    // of different groups interleave, so the groups end together (whole groups on 2 threads
    // left one running alone for the last ~8 % of the bundled day's isopleth).
    std::vector<ColumnGroup> groups;
    for (const auto& cols : column_groups(static_cast<std::size_t>(nn)))
      groups.emplace_back(model, o, cols);
    std::vector<std::size_t> lengths(groups.size() + 1, o.voc_factors.size());
    lengths[0] = 1;
    parallel_chains(
        lengths, o.n_threads,
        [&](std::size_t g, std::size_t row) {
          if (g == 0) {
            cells[n] = detail::run_metrics(model, o.o3, o.window_start, o.window_end, o.ppb);
            return;
          }
          groups[g - 1].run_row(row, scalings, cells);
        },
        progress);
  } else {
    parallel_for(
        n + 1, o.n_threads,
        [&](std::size_t c) {
          BoxModel cell = model;  // shares the prepared kinetic system
          if (c < n) {
            const auto w = static_cast<std::size_t>(nn);
            for (const auto& s : scalings(c / w, c % w))
              cell.scale_species(s.species, s.factor, s.what);
          }
          cells[c] = detail::run_metrics(cell, o.o3, o.window_start, o.window_end, o.ppb);
        },
        progress);
  }
  for (std::size_t c = 0; c < n; ++c) {
    const auto i = static_cast<Eigen::Index>(c / static_cast<std::size_t>(nn));
    const auto j = static_cast<Eigen::Index>(c % static_cast<std::size_t>(nn));
    res.peak_o3(i, j) = cells[c].peak;
    res.max_8h_o3(i, j) = cells[c].max8;
    res.net_po3(i, j) = cells[c].net;
    res.status[c] = cells[c].status;
    res.message[c] = cells[c].message;
  }
  res.base_peak_o3 = cells[n].peak;
  res.base_max_8h_o3 = cells[n].max8;
  res.base_net_po3 = cells[n].net;
  res.base_status = cells[n].status;
  return res;
}

}  // namespace aqm::chem
