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

bool same_time(double a, double b) { return std::fabs(a - b) < 1e-9 * std::max(1.0, std::fabs(a)); }
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
  // The cell's own terms at its last two times (a step asks for t, t + delta, then t again).
  struct Terms {
    double t = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> fixed, source;
  };
  Terms terms[2];
  int terms_last = 0;
  explicit Cell(const BoxModel& m) : model(m) {}
};

BoxResult BoxModel::run() const { return std::move(run_cells({{}}).front()); }

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
      throw InvalidArgument(argument("starts"), "warm start of cell " + std::to_string(c) +
                                                    " has " + std::to_string(starts[c].size()) +
                                                    " values for " + std::to_string(nv) +
                                                    " integrated species");
    for (std::size_t i = 0; i < nv; ++i)
      if (!std::isfinite(starts[c][i]))  // slightly negative values are solver round-off
        throw InvalidArgument(argument(p->system.variable_names()[i]),
                              "warm start of cell " + std::to_string(c) + " is not finite");
    cell.start = starts[c];
  }
  return run_joint(cs);
}

// A joint run of cells (run_joint): the shared forcing with its memo, each cell's own terms,
// the output and breakpoint times, and the passes of the spin-up.
class BoxModel::Joint {
 public:
  Joint(const BoxModel& model, std::vector<Cell>& cells)
      : m_(model),
        cells_(cells),
        p_(*cells.front().model.prepared_),
        sys_(p_.system),
        ns_(p_.mech.species().size()),
        nv_(sys_.n_variable()),
        nr_(p_.reactants.size()) {}

  std::vector<BoxResult> run() {
    init_cells();
    init_times();
    start_results();
    const int passes = std::max(1, m_.spin_up_.max_days);
    opt_ = m_.options_;
    for (int pass = 0; pass < passes; ++pass) {
      std::vector<Cell*> active;
      for (Cell& c : cells_) {
        if (c.done) continue;
        active.push_back(&c);
        clear(c.res);
        c.y_prev = c.y;
      }
      if (active.empty()) break;
      const bool failed = run_pass(pass, active);
      if (failed && active.size() > 1) {
        // Which cell failed is not known: each unfinished cell runs alone, as run() would.
        for (Cell* c : active) {
          std::vector<BoxResult> alone = m_.run_cells({c->scales}, {c->start});
          c->res = std::move(alone.front());
          c->done = true;
        }
        break;
      }
      for (Cell* c : active) end_pass(*c, pass, failed);
    }
    std::vector<BoxResult> out;
    out.reserve(cells_.size());
    for (Cell& c : cells_) out.push_back(std::move(c.res));
    return out;
  }

 private:
  // The forcing of one time: a Rosenbrock step asks for t, t + delta (dF/dt), t again, then
  // its stage times, which the next step starts from, so the last two are kept.
  struct Forcing {
    double t = kNaN;
    Environment env;
    std::vector<double> j;
    double k = 0.0;  // dilution + entrainment, s-1
  };

  // Per cell: the series it reads (its copy's, scaled), its background and its start.
  void init_cells() {
    for (Cell& c : cells_) {
      const BoxModel& m = c.model;
      for (const auto& [fi, s] : p_.constraint_fixed)
        c.fixed.emplace_back(fi, &m.constraints_.at(s));
      c.background.assign(nv_, 0.0);
      for (const auto& [s, v] : m.background_) {
        const int vi = p_.var_of[p_.mech.species_index(s)];
        if (vi >= 0) c.background[vi] = v;
      }
      for (const auto& e : p_.emissions) {
        const auto& v = m.emissions_.at(e.species);
        c.emissions.push_back({e.var, &v.first, v.second});
      }
      c.y = sys_.initial_state();
      for (const auto& [s, v] : m.initial_) {
        const int vi = p_.var_of[p_.mech.species_index(s)];
        if (vi >= 0) c.y[vi] = v;
      }
      if (!c.start.empty()) c.y = c.start;
    }
    for (const auto& [s, vd] : m_.deposition_) {
      const int vi = p_.var_of[p_.mech.species_index(s)];
      if (vi >= 0) dep_.emplace_back(vi, vd);
    }
  }

  // Output times, and the breakpoints (outputs and the steps of step-interpolated series).
  void init_times() {
    const double t0 = m_.t0_, t1 = m_.t1_;
    for (long k = 0;; ++k) {
      const double t = t0 + static_cast<double>(k) * m_.dt_out_;
      if (t >= t1 - 1e-9 * std::max(1.0, std::fabs(t1))) break;
      out_t_.push_back(t);
    }
    out_t_.push_back(t1);
    breaks_ = out_t_;
    auto add_step_breaks = [&](const TimeSeries& ts) {
      if (ts.interpolation != Interpolation::step) return;
      for (double t : ts.time)
        if (t > t0 && t < t1) breaks_.push_back(t);
    };
    for (const auto& [s, ts] : m_.constraints_) add_step_breaks(ts);
    for (const auto& [s, e] : m_.emissions_) add_step_breaks(e.first);
    for (const auto& [j, ts] : m_.jconstrained_) add_step_breaks(ts);
    if (m_.fix_nox_) add_step_breaks(m_.fix_nox_->total);
    std::sort(breaks_.begin(), breaks_.end());
    breaks_.erase(std::unique(breaks_.begin(), breaks_.end(), same_time), breaks_.end());
  }

  void start_results() {
    max_j_ = static_cast<int>(photolysis_at(m_.t0_).size());
    for (const auto& [j, ts] : m_.jconstrained_) max_j_ = std::max(max_j_, j + 1);
    const auto& sp = p_.mech.species();
    for (Cell& c : cells_) {
      c.res.time = out_t_;
      for (const auto& s : sp) c.res.species.push_back(s.name);
      for (const auto& r : p_.mech.reactions()) c.res.reactions.push_back(r.tag);
      c.res.constrained.assign(ns_, 0);
      for (const auto& [s, ts] : m_.constraints_) c.res.constrained[p_.mech.species_index(s)] = 1;
      c.res.result.t = m_.t0_;
      // A warm start stands for this cell's previous day: its NOx is this cell's.
      if (!c.start.empty()) reset_nox(c, m_.t1_);
    }
  }

  const std::vector<double>& photolysis_at(double t) {
    jbuf_ = m_.photolysis_.rates(t);
    if (m_.jscale_) {
      const int ref = m_.jscale_->first;
      const double calc = static_cast<std::size_t>(ref) < jbuf_.size() ? jbuf_[ref] : 0.0;
      const double obs = m_.jscale_->second.at(t);
      // Near sunrise and sunset the observed series (interpolated between samples) and the
      // calculated J are both tiny: cap the ratio so that noise cannot blow J up.
      const double f = calc > 1e-9 ? std::min(obs / calc, kMaxJfac) : 1.0;
      for (double& v : jbuf_) v *= f;
    }
    for (const auto& [j, ts] : m_.jconstrained_) {
      const auto slot = static_cast<std::size_t>(j);
      if (slot >= jbuf_.size()) jbuf_.resize(slot + 1, 0.0);
      jbuf_[j] = ts.at(t);
    }
    return jbuf_;
  }

  double blh_cm(double t) const { return m_.blh_ ? 100.0 * m_.blh_->at(t) : 0.0; }

  // Shared forcing at time t (every cell's copy has the same environment, sun and dilution).
  // While integrating [a, b], forcing at t >= b is read at the left limit of b, so a step in a
  // series at b does not leak into the interval that ends there.
  void shared(double t_in, KineticSystem& s) {
    const double t = t_in < t_hi_ ? t_in : std::nextafter(t_hi_, -kInf);
    t_now_ = t;
    Forcing* f = memo_[0].t == t ? &memo_[0] : memo_[1].t == t ? &memo_[1] : nullptr;
    if (!f) f = &evaluate_forcing(t);
    if (f != applied_ || f->t != applied_t_) {  // the system holds them already otherwise
      if (m_.env_) s.set_environment(f->env);
      s.set_photolysis(f->j);
      applied_ = f;
      applied_t_ = f->t;
    }
    k_now_ = f->k;
    auto& loss = s.first_order_loss();
    std::fill(loss.begin(), loss.end(), k_now_);
    for (const auto& [vi, vd] : dep_) loss[vi] += vd / blh_cm(t);
  }

  Forcing& evaluate_forcing(double t) {
    Forcing& f = memo_[memo_last_ ^= 1];
    f.t = kNaN;
    if (m_.env_) f.env = m_.env_->at(t);
    f.j = photolysis_at(t);
    f.k = m_.k_dil_;
    if (m_.entrainment_) {
      const double h = m_.blh_->at(t), dt = 60.0;
      const double dh = (m_.blh_->at(t + dt) - m_.blh_->at(t - dt)) / (2 * dt);
      f.k += std::max(0.0, dh) / h;
    }
    f.t = t;
    return f;
  }

  // A cell's own terms at the time `shared` last set, from its memo when that time is one of
  // its last two (the series lookups were ~4 % of the isopleth's time; same values either way).
  void cell_terms(Cell& c, KineticSystem& s) const {
    Cell::Terms* m = c.terms[0].t == t_now_   ? &c.terms[0]
                     : c.terms[1].t == t_now_ ? &c.terms[1]
                                              : &evaluate_terms(c);
    for (std::size_t q = 0; q < c.fixed.size(); ++q)
      s.set_fixed(static_cast<std::size_t>(c.fixed[q].first), m->fixed[q]);
    std::copy(m->source.begin(), m->source.end(), s.source().begin());
  }

  Cell::Terms& evaluate_terms(Cell& c) const {
    Cell::Terms& m = c.terms[c.terms_last ^= 1];
    m.fixed.resize(c.fixed.size());
    for (std::size_t q = 0; q < c.fixed.size(); ++q) m.fixed[q] = c.fixed[q].second->at(t_now_);
    m.source.resize(nv_);
    for (std::size_t i = 0; i < nv_; ++i) m.source[i] = k_now_ * c.background[i];
    for (const auto& e : c.emissions) {
      double r = e.series->at(t_now_);
      if (e.per_area) r /= blh_cm(t_now_);
      m.source[e.var] += r;
    }
    m.t = t_now_;
    return m;
  }

  void reset_nox(Cell& c, double t) const {
    if (p_.no < 0) return;
    std::vector<double>& y = c.y;
    const double total = c.model.fix_nox_->total.at(t);
    const double cur = y[p_.no] + y[p_.no2];
    const double fno = cur > 0 ? y[p_.no] / cur : 0.0;
    y[p_.no] = total * fno;
    y[p_.no2] = total * (1.0 - fno);
  }

  void record(Cell& c, std::size_t k, double t) {
    BoxResult& res = c.res;
    const std::vector<double>& y = c.y;
    shared(t, sys_);
    cell_terms(c, sys_);
    conc_.resize(ns_);
    for (std::size_t i = 0; i < ns_; ++i)
      conc_[i] = p_.var_of[i] >= 0   ? y[p_.var_of[i]]
                 : p_.fix_of[i] >= 0 ? sys_.fixed()[p_.fix_of[i]]
                                     : 0.0;
    for (std::size_t i = 0; i < ns_; ++i) res.concentration(k, i) = conc_[i];
    const std::vector<double> kr = sys_.rate_constants(y);
    for (std::size_t r = 0; r < nr_; ++r) {
      double v = kr[r];
      for (int s : p_.reactants[r]) v *= conc_[s];
      res.rate(k, r) = v;
    }
    const auto& j = sys_.photolysis();
    const auto nj = std::min(j.size(), static_cast<std::size_t>(res.photolysis.cols()));
    for (std::size_t q = 0; q < nj; ++q) res.photolysis(k, q) = j[q];
    const Environment& e = sys_.environment();
    res.temp[k] = e.temp;
    res.pressure[k] = e.pressure;
    res.m[k] = e.m;
    res.h2o[k] = e.h2o;
    res.blh[k] = m_.blh_ ? m_.blh_->at(t) : kNaN;
  }

  void clear(BoxResult& res) const {
    const std::size_t nt = out_t_.size();
    const auto rows = static_cast<Eigen::Index>(nt);
    res.concentration = Eigen::MatrixXd::Constant(rows, static_cast<Eigen::Index>(ns_), kNaN);
    res.rate = Eigen::MatrixXd::Constant(rows, static_cast<Eigen::Index>(nr_), kNaN);
    res.photolysis = Eigen::MatrixXd::Zero(rows, max_j_);
    res.temp.assign(nt, kNaN);
    res.pressure.assign(nt, kNaN);
    res.m.assign(nt, kNaN);
    res.h2o.assign(nt, kNaN);
    res.blh.assign(nt, kNaN);
  }

  // One repeat of the run window for the active cells, interval by interval; true when the
  // joint solve failed.
  bool run_pass(int pass, const std::vector<Cell*>& active) {
    std::vector<std::vector<double>*> ys;
    for (Cell* c : active) ys.push_back(&c->y);
    const CellUpdate terms = [&](std::size_t i, KineticSystem& s) { cell_terms(*active[i], s); };
    const TimeUpdate forcing = [this](double t, KineticSystem& s) { shared(t, s); };
    const std::size_t nt = out_t_.size();
    std::size_t k_out = 0;
    for (std::size_t b = 0; b < breaks_.size(); ++b) {
      const double t = breaks_[b];
      if (k_out < nt && same_time(t, out_t_[k_out])) {
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
      if (b + 1 == breaks_.size()) break;
      t_hi_ = breaks_[b + 1];
      const SolveResult r = integrate_cells(sys_, ys, t, breaks_[b + 1], opt_, forcing, terms);
      t_hi_ = kInf;
      for (Cell* c : active) {
        c->res.result.stats += r.stats;
        c->res.result.status = r.status;
        c->res.result.t = r.t;
        c->res.result.message = r.message;
      }
      if (!r.ok()) return true;
      if (m_.options_.hstart == 0 && r.stats.next_step > 0) opt_.hstart = r.stats.next_step;
    }
    return false;
  }

  // After a pass: the cell's final state, and whether its spin-up has converged.
  void end_pass(Cell& c, int pass, bool failed) const {
    const SpinUp& spin = m_.spin_up_;
    c.res.final_state = c.y;
    c.done = failed || spin.max_days == 0;
    if (failed) return;
    c.res.spin_up_days = pass;
    if (c.done) return;
    // Convergence between the ends of consecutive repeats (a cold start's first repeat has
    // no partner; a warm start's partner is the state it started from).
    if (pass == 0 && c.start.empty()) {
      c.res.spin_up_converged = false;
      return;
    }
    double worst = 0.0;
    for (std::size_t i = 0; i < nv_; ++i) {
      const double a = c.y_prev[i], z = c.y[i];
      if (std::max(std::fabs(a), std::fabs(z)) < spin.floor) continue;
      worst = std::max(worst, std::fabs(z - a) / std::max(std::fabs(a), std::fabs(z)));
    }
    c.res.spin_up_change = worst;
    c.res.spin_up_converged = worst < spin.tolerance;
    c.done = c.res.spin_up_converged;
  }

  const BoxModel& m_;
  std::vector<Cell>& cells_;
  const Prepared& p_;
  KineticSystem sys_;
  const std::size_t ns_, nv_, nr_;
  std::vector<std::pair<int, double>> dep_;  // integrated species, v_d (cm s-1)
  std::vector<double> jbuf_, out_t_, breaks_, conc_;
  Forcing memo_[2];
  const Forcing* applied_ = nullptr;  // the forcing sys_ was last given, at applied_t_
  double applied_t_ = kNaN;
  int memo_last_ = 0, max_j_ = 0;
  double t_hi_ = kInf, t_now_ = 0.0, k_now_ = 0.0;
  RosenbrockOptions opt_;
};

std::vector<BoxResult> BoxModel::run_joint(std::vector<Cell>& cells) const {
  return Joint(*this, cells).run();
}

}  // namespace aqm::chem
