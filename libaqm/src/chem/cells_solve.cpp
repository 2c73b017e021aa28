#include "aqm/chem/detail/cells_solve.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <utility>

#include "aqm/chem/detail/rosenbrock_tableau.hpp"

namespace aqm::chem::detail {

namespace {
bool all_finite(const std::vector<double>& v) {
  for (double x : v)
    if (!std::isfinite(x)) return false;
  return true;
}
}  // namespace

Tolerances checked_inputs(const KineticSystem& sys, const std::vector<std::vector<double>*>& ys,
                          double t0, double t1, const RosenbrockOptions& opt) {
  const std::size_t n = sys.n_variable();
  auto bad = [](const std::string& item, const std::string& msg) {
    return InvalidArgument(argument(item), msg);
  };
  for (const std::vector<double>* yc : ys) {
    const std::vector<double>& y = *yc;
    if (y.size() != n)
      throw bad("y", "state has " + std::to_string(y.size()) + " values for " + std::to_string(n) +
                         " variable species");
    for (std::size_t i = 0; i < n; ++i)
      if (!std::isfinite(y[i]))
        throw bad(sys.variable_names()[i], "initial concentration is not finite");
  }
  if (!std::isfinite(t0) || !std::isfinite(t1)) throw bad("t", "times must be finite");
  if (!opt.rtol_species.empty() && opt.rtol_species.size() != n)
    throw bad("rtol", "needs one value per variable species");
  if (!opt.atol_species.empty() && opt.atol_species.size() != n)
    throw bad("atol", "needs one value per variable species");
  Tolerances tol{std::vector<double>(n, opt.rtol), std::vector<double>(n, opt.atol)};
  if (!opt.rtol_species.empty()) tol.rtol = opt.rtol_species;
  if (!opt.atol_species.empty()) tol.atol = opt.atol_species;
  for (std::size_t i = 0; i < n; ++i) {
    if (!(tol.atol[i] > 0) || !(tol.rtol[i] > 10 * DBL_EPSILON) || !(tol.rtol[i] < 1.0))
      throw bad(sys.variable_names()[i], "need atol > 0 and 10*eps < rtol < 1");
  }
  if (opt.hmin < 0 || opt.hmax < 0 || opt.hstart < 0)
    throw bad("h", "hmin, hmax, hstart must be >= 0");
  if (!(opt.fac_min > 0) || !(opt.fac_max > 0) || !(opt.fac_rej > 0) || !(opt.fac_safe > 0))
    throw bad("fac", "step factors must be positive");
  if (opt.max_steps <= 0) throw bad("max_steps", "must be positive");
  return tol;
}

namespace {
// One multi-cell solve: KPP's Rosenbrock driver with every cell on the same steps.  The parts
// that return bool return false when the solve has failed (status and message in res_).
class CellsSolve {
 public:
  CellsSolve(KineticSystem& sys, const std::vector<std::vector<double>*>& ys, double t0, double t1,
             const RosenbrockOptions& opt, const TimeUpdate& update, const CellUpdate& cell_update,
             Tolerances tol, Workspace& ws)
      : sys_(sys),
        ys_(ys),
        opt_(opt),
        update_(update),
        cell_update_(cell_update),
        tol_(std::move(tol)),
        tab_(tableau(opt.method)),
        n_(sys.n_variable()),
        nc_(ys.size()),
        t1_(t1),
        t_(t0),
        dir_(t1 >= t0 ? 1.0 : -1.0),
        cells_(ws.cells),
        lanes_(ws.lanes),
        use_sm_(opt.ro2_jacobian && sys.has_ro2_coupling()) {
    ws.reset(sys.lu(), n_, nc_, tab_.s);
    res_.t = t0;
    const double span = std::fabs(t1 - t0);
    hmax_ = opt.hmax == 0 ? span : std::min(opt.hmax, span);
    const double hstart =
        opt.hstart == 0 ? std::max(opt.hmin, kDeltaMin) : std::min(opt.hstart, span);
    h_ = std::min(std::max(opt.hmin, hstart), hmax_);
    if (h_ <= 10 * kRoundoff) h_ = kDeltaMin;
  }

  SolveResult run() {
    try {
      while (!reached()) {
        if (res_.stats.steps > opt_.max_steps)
          return fail(SolveStatus::max_steps, "more than max_steps steps");
        if (too_small()) return fail(SolveStatus::step_too_small, "step size too small");
        h_ = std::min(h_, std::fabs(t1_ - t_));
        if (!derivatives()) return res_;
        jacobians();
        if (!step()) return res_;
      }
    } catch (const std::exception& e) {
      return fail(SolveStatus::callback_error, std::string("update callback failed: ") + e.what());
    }
    res_.t = t1_;
    return res_;
  }

 private:
  static constexpr double kRoundoff = DBL_EPSILON, kDeltaMin = 1e-5;

  bool reached() const {
    return !((dir_ > 0 && (t_ - t1_) + kRoundoff <= 0) ||
             (dir_ < 0 && (t1_ - t_) + kRoundoff <= 0));
  }
  bool too_small() const { return t_ + 0.1 * h_ * dir_ == t_ || h_ <= kRoundoff; }
  bool autonomous() const { return !update_; }
  // Shared conditions at time s (every cell's terms are set by select() before its use).
  void at_time(double s) {
    if (update_) update_(s, sys_);
  }
  void select(std::size_t c) {
    if (cell_update_) cell_update_(c, sys_);
  }
  SolveResult fail(SolveStatus s, const std::string& msg) {
    res_.status = s;
    res_.t = t_;
    res_.message = msg + " at t = " + std::to_string(t_) + " s, h = " + std::to_string(h_) + " s";
    return res_;
  }
  bool stop(SolveStatus s, const std::string& msg) {  // fail() for the parts returning bool
    fail(s, msg);
    return false;
  }
  bool check_rates() {  // false (and res_ filled) when a rate constant is bad
    const std::string problem = sys_.rate_problem();
    return problem.empty() || stop(SolveStatus::invalid_rate, problem);
  }
  double* stage(std::size_t c, int s) {
    return cells_[c].k.data() + n_ * static_cast<std::size_t>(s);
  }

  // f(t, y) of every cell and, for a non-autonomous system, dF/dt by a forward difference.
  bool derivatives() {
    at_time(t_);
    if (!check_rates()) return false;
    for (std::size_t c = 0; c < nc_; ++c) {
      select(c);
      sys_.fun(ys_[c]->data(), cells_[c].fcn0.data());
      if (!all_finite(cells_[c].fcn0)) return stop(SolveStatus::nan, "f(y) is not finite");
    }
    ++res_.stats.f_evals;
    if (autonomous()) return true;
    const double delta = std::sqrt(kRoundoff) * std::max(1e-6, std::fabs(t_));
    at_time(t_ + delta);
    for (std::size_t c = 0; c < nc_; ++c) {
      CellWork& cw = cells_[c];
      select(c);
      sys_.fun(ys_[c]->data(), cw.dfdt.data());
      for (std::size_t i = 0; i < n_; ++i) cw.dfdt[i] = (cw.dfdt[i] - cw.fcn0[i]) / delta;
    }
    ++res_.stats.f_evals;
    at_time(t_);
    return true;
  }

  void jacobians() {
    for (std::size_t c = 0; c < nc_; ++c) {
      select(c);
      sys_.jacobian(ys_[c]->data(), cells_[c].jac0.data(), use_sm_ ? cells_[c].u.data() : nullptr);
    }
    ++res_.stats.jacobians;
  }

  // Tries steps from t_ until one is accepted (false: the solve failed).
  bool step() {
    int nan_tries = 0;
    for (;;) {
      if (!factor()) return false;
      prepare_rank_one();
      for (int s = 0; s < tab_.s; ++s) stage_values(s);
      const double err = error_norm();
      ++res_.stats.steps;
      if (!std::isfinite(err)) {
        if (!check_rates()) return false;  // a stage met a bad rate constant: name it
        if (++nan_tries > 10) return stop(SolveStatus::nan, "solution is not finite");
        h_ *= opt_.fac_rej;
        reject_last_ = reject_more_ = true;
        if (res_.stats.accepted >= 1) ++res_.stats.rejected;
        if (too_small()) return stop(SolveStatus::nan, "solution is not finite");
        continue;
      }
      const double fac = std::min(
          opt_.fac_max, std::max(opt_.fac_min, opt_.fac_safe / std::pow(err, 1.0 / tab_.elo)));
      const double hnew = h_ * fac;
      if (err <= 1.0 || h_ <= opt_.hmin) {
        accept(hnew);
        return true;
      }
      if (!reject(hnew)) return false;
    }
  }

  // The cells' iteration matrices at h_, halving h_ while one is singular.
  bool factor() {
    int consecutive = 0;
    for (;;) {
      const double ghinv = 1.0 / (dir_ * h_ * tab_.gamma[0]);
      const bool singular = !lanes_.factor(cells_, ghinv);
      ++res_.stats.decompositions;
      if (!singular) return true;
      ++res_.stats.singular;
      if (++consecutive > 5)
        return stop(SolveStatus::singular_matrix, "matrix repeatedly singular");
      h_ *= 0.5;
    }
  }

  // Sherman-Morrison set-up of the RO2 rank-one term: w = M^-1 u and beta = 1 - v.w per cell.
  void prepare_rank_one() {
    for (CellWork& cw : cells_) {
      cw.sm_ok = false;
      cw.beta = 1.0;
    }
    if (!use_sm_) return;
    ++res_.stats.solves;
    for (CellWork& cw : cells_) cw.w = cw.u;
    lanes_.solve([&](std::size_t c) { return cells_[c].w.data(); });
    const std::vector<int>& ro2v = sys_.ro2_variable_indices();
    for (CellWork& cw : cells_) {
      double vw = 0.0;
      for (int j : ro2v) vw += cw.w[j];
      cw.beta = 1.0 - vw;
      cw.sm_ok = std::isfinite(cw.beta) && std::fabs(cw.beta) > 1e-12 && all_finite(cw.w);
    }
  }

  // Stage s of every cell: its right-hand side, the LU solve, then the RO2 correction.
  void stage_values(int s) {
    if (s > 0 && tab_.newf[s]) {
      at_time(t_ + tab_.alpha[s] * dir_ * h_);
      ++res_.stats.f_evals;
    }
    ++res_.stats.solves;
    for (std::size_t c = 0; c < nc_; ++c) stage_rhs(c, s);
    lanes_.solve([&](std::size_t c) { return stage(c, s); });
    const std::vector<int>& ro2v = sys_.ro2_variable_indices();
    for (std::size_t c = 0; c < nc_; ++c) {
      const CellWork& cw = cells_[c];
      if (!cw.sm_ok) continue;
      double* b = stage(c, s);
      double vx = 0.0;
      for (int j : ro2v) vx += b[j];
      const double f = vx / cw.beta;
      for (std::size_t i = 0; i < n_; ++i) b[i] += cw.w[i] * f;
    }
  }

  void stage_rhs(std::size_t c, int s) {
    CellWork& cw = cells_[c];
    double* ks = stage(c, s);
    if (s == 0) {
      std::copy(cw.fcn0.begin(), cw.fcn0.end(), cw.fcn.begin());
    } else if (tab_.newf[s]) {
      cw.ynew = *ys_[c];
      for (int j = 0; j < s; ++j) {
        const double a = tab_.a[s * (s - 1) / 2 + j];
        if (a == 0.0) continue;
        const double* kj = stage(c, j);
        for (std::size_t i = 0; i < n_; ++i) cw.ynew[i] += a * kj[i];
      }
      select(c);
      sys_.fun(cw.ynew.data(), cw.fcn.data());
    }
    std::copy(cw.fcn.begin(), cw.fcn.end(), ks);
    for (int j = 0; j < s; ++j) {
      const double hc = tab_.c[s * (s - 1) / 2 + j] / (dir_ * h_);
      const double* kj = stage(c, j);
      for (std::size_t i = 0; i < n_; ++i) ks[i] += hc * kj[i];
    }
    if (!autonomous() && tab_.gamma[s] != 0.0) {
      const double hg = dir_ * h_ * tab_.gamma[s];
      for (std::size_t i = 0; i < n_; ++i) ks[i] += hg * cw.dfdt[i];
    }
  }

  // New states (ynew) and the step's error norm, the largest over the cells: an accepted step
  // meets every cell's tolerance.
  double error_norm() {
    double err = 0.0;
    for (std::size_t c = 0; c < nc_; ++c) {
      CellWork& cw = cells_[c];
      const std::vector<double>& y = *ys_[c];
      cw.ynew = y;
      std::fill(cw.yerr.begin(), cw.yerr.end(), 0.0);
      for (int j = 0; j < tab_.s; ++j) {
        const double* kj = stage(c, j);
        if (tab_.m[j] != 0.0)
          for (std::size_t i = 0; i < n_; ++i) cw.ynew[i] += tab_.m[j] * kj[i];
        if (tab_.e[j] != 0.0)
          for (std::size_t i = 0; i < n_; ++i) cw.yerr[i] += tab_.e[j] * kj[i];
      }
      double e = 0.0;
      for (std::size_t i = 0; i < n_; ++i) {
        const double ymax = std::max(std::fabs(y[i]), std::fabs(cw.ynew[i]));
        const double sc = tol_.atol[i] + tol_.rtol[i] * ymax;
        e += (cw.yerr[i] / sc) * (cw.yerr[i] / sc);
      }
      e = std::max(std::sqrt(e / static_cast<double>(n_)), 1e-10);
      // NaN wins: a non-finite cell must be rejected, never hidden by std::max.
      err = std::isfinite(e) && std::isfinite(err) ? std::max(err, e) : e + err;
    }
    return err;
  }

  void accept(double hnew) {
    SolveStats& st = res_.stats;
    ++st.accepted;
    for (std::size_t c = 0; c < nc_; ++c) {
      std::vector<double>& y = *ys_[c];
      if (opt_.clip_negative)
        for (std::size_t i = 0; i < n_; ++i) y[i] = std::max(cells_[c].ynew[i], 0.0);
      else y = cells_[c].ynew;
    }
    t_ += dir_ * h_;
    hnew = std::max(opt_.hmin, std::min(hnew, hmax_));
    if (reject_last_) hnew = std::min(hnew, h_);
    st.last_step = h_;
    st.next_step = hnew;
    reject_last_ = reject_more_ = false;
    h_ = hnew;
  }

  bool reject(double hnew) {
    if (reject_more_) hnew = h_ * opt_.fac_rej;
    reject_more_ = reject_last_;
    reject_last_ = true;
    h_ = hnew;
    if (res_.stats.accepted >= 1) ++res_.stats.rejected;
    if (too_small()) return stop(SolveStatus::step_too_small, "step size too small");
    return true;
  }

  KineticSystem& sys_;
  const std::vector<std::vector<double>*>& ys_;
  const RosenbrockOptions& opt_;
  const TimeUpdate& update_;
  const CellUpdate& cell_update_;
  const Tolerances tol_;
  const Tableau tab_;
  const std::size_t n_, nc_;
  const double t1_;
  double t_, h_ = 0.0, hmax_ = 0.0;
  const double dir_;
  bool reject_last_ = false, reject_more_ = false;
  std::vector<CellWork>& cells_;
  Lanes& lanes_;
  const bool use_sm_;
  SolveResult res_;
};
}  // namespace

SolveResult solve_cells(KineticSystem& sys, const std::vector<std::vector<double>*>& ys, double t0,
                        double t1, const RosenbrockOptions& opt, const TimeUpdate& update,
                        const CellUpdate& cell_update, Tolerances tol, Workspace& ws) {
  return CellsSolve(sys, ys, t0, t1, opt, update, cell_update, std::move(tol), ws).run();
}

}  // namespace aqm::chem::detail
