// BoxModel::run and run_cells: the forcing, the FixNOx resets, the outputs and the spin-up
// repeats of one or many cells integrated together (box_model.hpp).

#include <algorithm>
#include <cmath>
#include <limits>

#include "aqm/chem/box_model.hpp"
#include "aqm/chem/detail/box_prepared.hpp"

namespace aqm::chem {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMaxJfac = 5.0;  // upper bound of J_obs / J_calc

bool same_time(double a, double b) {
  return std::fabs(a - b) < 1e-9 * std::max(1.0, std::fabs(a));
}
}  // namespace

// One cell of a joint run: its scaled copy of the model, the series it reads, its state and
// its result.
struct BoxModel::Cell {
  struct Emission {
    int var;
    const TimeSeries* series;
    bool per_area;
  };
  std::vector<SpeciesScale> scales;
  std::vector<double> start;  // warm start, or empty
  BoxModel model;
  std::vector<std::pair<int, const TimeSeries*>> fixed;  // constrained: fixed index, series
  std::vector<Emission> emissions;
  std::vector<double> background;
  std::vector<double> y, y_prev;
  BoxResult res;
  bool done = false;
  explicit Cell(const BoxModel& m) : model(m) {}
};

BoxResult BoxModel::run() const {
  return std::move(run_cells({{}}).front());
}

std::vector<BoxResult> BoxModel::run_cells(const std::vector<std::vector<SpeciesScale>>& cells,
                                           const std::vector<std::vector<double>>& starts) const {
  if (!starts.empty() && starts.size() != cells.size())
    throw InvalidArgument(argument("starts"),
                          "needs one warm start per cell (" + std::to_string(cells.size()) +
                              "), or none; got " + std::to_string(starts.size()));
  if (cells.empty()) return {};
  std::shared_ptr<const Prepared> p = prepared_ ? prepared_ : build();
  const std::size_t nv = p->system.n_variable();
  std::vector<Cell> cs;
  cs.reserve(cells.size());
  for (std::size_t c = 0; c < cells.size(); ++c) {
    Cell& cell = cs.emplace_back(*this);
    cell.model.prepared_ = p;
    cell.scales = cells[c];
    for (const SpeciesScale& s : cells[c]) cell.model.scale_species(s.species, s.factor, s.what);
    if (starts.empty() || starts[c].empty()) continue;
    if (starts[c].size() != nv)
      throw InvalidArgument(argument("starts"),
                            "warm start of cell " + std::to_string(c) + " has " +
                                std::to_string(starts[c].size()) + " values for " +
                                std::to_string(nv) + " integrated species");
    for (std::size_t i = 0; i < nv; ++i)
      if (!std::isfinite(starts[c][i]))  // slightly negative values are solver round-off
        throw InvalidArgument(argument(p->system.variable_names()[i]),
                              "warm start of cell " + std::to_string(c) + " is not finite");
    cell.start = starts[c];
  }
  return run_joint(cs);
}

std::vector<BoxResult> BoxModel::run_joint(std::vector<Cell>& cells) const {
  const Prepared& p = *cells.front().model.prepared_;
  KineticSystem sys = p.system;
  const auto& sp = p.mech.species();
  const std::size_t ns = sp.size(), nv = sys.n_variable(), nr = p.reactants.size();

  // Per cell: the series it reads (its copy's, scaled), its background and its start.
  for (Cell& c : cells) {
    const BoxModel& m = c.model;
    for (const auto& [fi, s] : p.constraint_fixed) c.fixed.emplace_back(fi, &m.constraints_.at(s));
    c.background.assign(nv, 0.0);
    for (const auto& [s, v] : m.background_) {
      const int vi = p.var_of[p.mech.species_index(s)];
      if (vi >= 0) c.background[vi] = v;
    }
    for (const auto& e : p.emissions) {
      const auto& v = m.emissions_.at(e.species);
      c.emissions.push_back({e.var, &v.first, v.second});
    }
    c.y = sys.initial_state();
    for (const auto& [s, v] : m.initial_) {
      const int vi = p.var_of[p.mech.species_index(s)];
      if (vi >= 0) c.y[vi] = v;
    }
    if (!c.start.empty()) c.y = c.start;
  }
  std::vector<std::pair<int, double>> dep;  // integrated species, v_d (cm s-1)
  for (const auto& [s, vd] : deposition_) {
    const int vi = p.var_of[p.mech.species_index(s)];
    if (vi >= 0) dep.emplace_back(vi, vd);
  }

  // Shared forcing at time t (every cell's copy has the same environment, sun and dilution).
  std::vector<double> jbuf;
  auto photolysis_at = [&](double t) -> const std::vector<double>& {
    jbuf = photolysis_.rates(t);
    if (jscale_) {
      const int ref = jscale_->first;
      const double calc = static_cast<std::size_t>(ref) < jbuf.size() ? jbuf[ref] : 0.0;
      const double obs = jscale_->second.at(t);
      // Near sunrise and sunset the observed series (interpolated between samples) and the
      // calculated J are both tiny: cap the ratio so that noise cannot blow J up.
      const double f = calc > 1e-9 ? std::min(obs / calc, kMaxJfac) : 1.0;
      for (double& v : jbuf) v *= f;
    }
    for (const auto& [j, ts] : jconstrained_) {
      const auto slot = static_cast<std::size_t>(j);
      if (slot >= jbuf.size()) jbuf.resize(slot + 1, 0.0);
      jbuf[j] = ts.at(t);
    }
    return jbuf;
  };
  auto blh_cm = [&](double t) { return blh_ ? 100.0 * blh_->at(t) : 0.0; };
  // While integrating [a, b], forcing at t >= b is read at the left limit of b, so a step in a
  // series at b does not leak into the interval that ends there.
  // The forcing of the last two times asked for: a Rosenbrock step asks for t, t + delta
  // (dF/dt), t again, then its stage times, which the next step starts from.
  struct Forcing {
    double t = kNaN;
    Environment env;
    std::vector<double> j;
    double k = 0.0;  // dilution + entrainment, s-1
  };
  Forcing memo[2];
  int memo_last = 0;
  double t_hi = kInf, t_now = 0.0, k_now = 0.0;
  const TimeUpdate shared = [&](double t_in, KineticSystem& s) {
    const double t = t_in < t_hi ? t_in : std::nextafter(t_hi, -kInf);
    t_now = t;
    Forcing* f = memo[0].t == t ? &memo[0] : memo[1].t == t ? &memo[1] : nullptr;
    if (!f) {
      f = &memo[memo_last ^= 1];
      f->t = kNaN;
      if (env_) f->env = env_->at(t);
      f->j = photolysis_at(t);
      f->k = k_dil_;
      if (entrainment_) {
        const double h = blh_->at(t), dt = 60.0;
        const double dh = (blh_->at(t + dt) - blh_->at(t - dt)) / (2 * dt);
        f->k += std::max(0.0, dh) / h;
      }
      f->t = t;
    }
    if (env_) s.set_environment(f->env);
    s.set_photolysis(f->j);
    k_now = f->k;
    auto& loss = s.first_order_loss();
    std::fill(loss.begin(), loss.end(), k_now);
    for (const auto& [vi, vd] : dep) loss[vi] += vd / blh_cm(t);
  };
  // A cell's own terms at the time `shared` last set.
  auto cell_terms = [&](const Cell& c, KineticSystem& s) {
    for (const auto& [fi, ts] : c.fixed) s.set_fixed(static_cast<std::size_t>(fi), ts->at(t_now));
    auto& src = s.source();
    for (std::size_t i = 0; i < nv; ++i) src[i] = k_now * c.background[i];
    for (const auto& e : c.emissions) {
      double r = e.series->at(t_now);
      if (e.per_area) r /= blh_cm(t_now);
      src[e.var] += r;
    }
  };
  auto reset_nox = [&](Cell& c, double t) {
    if (p.no < 0) return;
    std::vector<double>& y = c.y;
    const double total = c.model.fix_nox_->total.at(t);
    const double cur = y[p.no] + y[p.no2];
    const double fno = cur > 0 ? y[p.no] / cur : 0.0;
    y[p.no] = total * fno;
    y[p.no2] = total * (1.0 - fno);
  };

  // Output and breakpoint times.
  std::vector<double> out_t;
  for (long k = 0;; ++k) {
    const double t = t0_ + static_cast<double>(k) * dt_out_;
    if (t >= t1_ - 1e-9 * std::max(1.0, std::fabs(t1_))) break;
    out_t.push_back(t);
  }
  out_t.push_back(t1_);
  std::vector<double> breaks = out_t;
  auto add_step_breaks = [&](const TimeSeries& ts) {
    if (ts.interpolation != Interpolation::step) return;
    for (double t : ts.time)
      if (t > t0_ && t < t1_) breaks.push_back(t);
  };
  for (const auto& [s, ts] : constraints_) add_step_breaks(ts);
  for (const auto& [s, e] : emissions_) add_step_breaks(e.first);
  for (const auto& [j, ts] : jconstrained_) add_step_breaks(ts);
  if (fix_nox_) add_step_breaks(fix_nox_->total);
  std::sort(breaks.begin(), breaks.end());
  breaks.erase(std::unique(breaks.begin(), breaks.end(), same_time), breaks.end());
  const std::size_t nt = out_t.size();

  std::vector<double> conc(ns);
  auto record = [&](Cell& c, std::size_t k, double t) {
    BoxResult& res = c.res;
    const std::vector<double>& y = c.y;
    shared(t, sys);
    cell_terms(c, sys);
    for (std::size_t i = 0; i < ns; ++i)
      conc[i] = p.var_of[i] >= 0   ? y[p.var_of[i]]
                : p.fix_of[i] >= 0 ? sys.fixed()[p.fix_of[i]]
                                   : 0.0;
    for (std::size_t i = 0; i < ns; ++i) res.concentration(k, i) = conc[i];
    const std::vector<double> kr = sys.rate_constants(y);
    for (std::size_t r = 0; r < nr; ++r) {
      double v = kr[r];
      for (int s : p.reactants[r]) v *= conc[s];
      res.rate(k, r) = v;
    }
    const auto& j = sys.photolysis();
    const auto nj = std::min(j.size(), static_cast<std::size_t>(res.photolysis.cols()));
    for (std::size_t q = 0; q < nj; ++q) res.photolysis(k, q) = j[q];
    const Environment& e = sys.environment();
    res.temp[k] = e.temp;
    res.pressure[k] = e.pressure;
    res.m[k] = e.m;
    res.h2o[k] = e.h2o;
    res.blh[k] = blh_ ? blh_->at(t) : kNaN;
  };
  auto clear = [&](BoxResult& res, int max_j) {
    const auto rows = static_cast<Eigen::Index>(nt);
    res.concentration = Eigen::MatrixXd::Constant(rows, static_cast<Eigen::Index>(ns), kNaN);
    res.rate = Eigen::MatrixXd::Constant(rows, static_cast<Eigen::Index>(nr), kNaN);
    res.photolysis = Eigen::MatrixXd::Zero(rows, max_j);
    res.temp.assign(nt, kNaN);
    res.pressure.assign(nt, kNaN);
    res.m.assign(nt, kNaN);
    res.h2o.assign(nt, kNaN);
    res.blh.assign(nt, kNaN);
  };

  int max_j = static_cast<int>(photolysis_at(t0_).size());
  for (const auto& [j, ts] : jconstrained_) max_j = std::max(max_j, j + 1);
  for (Cell& c : cells) {
    c.res.time = out_t;
    for (const auto& s : sp) c.res.species.push_back(s.name);
    for (const auto& r : p.mech.reactions()) c.res.reactions.push_back(r.tag);
    c.res.constrained.assign(ns, 0);
    for (const auto& [s, ts] : constraints_) c.res.constrained[p.mech.species_index(s)] = 1;
    c.res.result.t = t0_;
    // A warm start stands for this cell's previous day: its NOx is this cell's.
    if (!c.start.empty()) reset_nox(c, t1_);
  }

  const int passes = std::max(1, spin_up_.max_days);
  RosenbrockOptions opt = options_;
  for (int pass = 0; pass < passes; ++pass) {
    std::vector<Cell*> active;
    std::vector<std::vector<double>*> ys;
    for (Cell& c : cells) {
      if (c.done) continue;
      active.push_back(&c);
      ys.push_back(&c.y);
      clear(c.res, max_j);
      c.y_prev = c.y;
    }
    if (active.empty()) break;
    const CellUpdate terms = [&](std::size_t i, KineticSystem& s) { cell_terms(*active[i], s); };
    std::size_t k_out = 0;
    bool failed = false;
    for (std::size_t b = 0; b < breaks.size(); ++b) {
      const double t = breaks[b];
      if (k_out < nt && same_time(t, out_t[k_out])) {
        // The output is the integrated state at the end of the interval (F0AM stores each
        // step's end state); the FixNOx reset injects NOx for the next interval only.  Recording
        // after the reset would pair radicals and reservoirs that are in balance with the old
        // NOx with the new NOx, and the sampled rates would show net reservoir formation that
        // never happened (LN/Q > 1).  Only a cold start's very first output follows the reset.
        for (Cell* c : active) {
          if (pass == 0 && k_out == 0 && c->start.empty()) reset_nox(*c, t);
          record(*c, k_out, t);
          reset_nox(*c, t);
        }
        ++k_out;
      }
      if (b + 1 == breaks.size()) break;
      t_hi = breaks[b + 1];
      const SolveResult r = integrate_cells(sys, ys, t, breaks[b + 1], opt, shared, terms);
      t_hi = kInf;
      for (Cell* c : active) {
        c->res.result.stats += r.stats;
        c->res.result.status = r.status;
        c->res.result.t = r.t;
        c->res.result.message = r.message;
      }
      if (!r.ok()) {
        failed = true;
        break;
      }
      if (options_.hstart == 0 && r.stats.next_step > 0) opt.hstart = r.stats.next_step;
    }
    if (failed && active.size() > 1) {
      // Which cell failed is not known: each unfinished cell runs alone, as run() would.
      for (Cell* c : active) {
        std::vector<BoxResult> alone = run_cells({c->scales}, {c->start});
        c->res = std::move(alone.front());
        c->done = true;
      }
      break;
    }
    for (Cell* c : active) {
      c->res.final_state = c->y;
      c->done = failed || spin_up_.max_days == 0;
      if (failed) continue;
      c->res.spin_up_days = pass;
      if (c->done) continue;
      // Convergence between the ends of consecutive repeats (a cold start's first repeat has
      // no partner; a warm start's partner is the state it started from).
      if (pass == 0 && c->start.empty()) {
        c->res.spin_up_converged = false;
        continue;
      }
      double worst = 0.0;
      for (std::size_t i = 0; i < nv; ++i) {
        const double a = c->y_prev[i], z = c->y[i];
        if (std::max(std::fabs(a), std::fabs(z)) < spin_up_.floor) continue;
        worst = std::max(worst, std::fabs(z - a) / std::max(std::fabs(a), std::fabs(z)));
      }
      c->res.spin_up_change = worst;
      c->res.spin_up_converged = worst < spin_up_.tolerance;
      c->done = c->res.spin_up_converged;
    }
  }
  std::vector<BoxResult> out;
  out.reserve(cells.size());
  for (Cell& c : cells) out.push_back(std::move(c.res));
  return out;
}

}  // namespace aqm::chem
