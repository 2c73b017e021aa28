#include "aqm/chem/rosenbrock.hpp"

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cmath>

namespace aqm::chem {

namespace {

struct Tableau {
  int s = 0;
  double a[15] = {}, c[15] = {}, m[6] = {}, e[6] = {}, alpha[6] = {}, gamma[6] = {};
  bool newf[6] = {};
  double elo = 0;
};

// Coefficients as in KPP int/rosenbrock.f90 (A and C strictly lower triangular, row-wise).
Tableau tableau(RosenbrockMethod method) {
  Tableau t;
  switch (method) {
    case RosenbrockMethod::ros2: {
      const double g = 1.0 + 1.0 / std::sqrt(2.0);
      t.s = 2;
      t.a[0] = 1.0 / g;
      t.c[0] = -2.0 / g;
      t.newf[0] = t.newf[1] = true;
      t.m[0] = 3.0 / (2.0 * g);
      t.m[1] = 1.0 / (2.0 * g);
      t.e[0] = 1.0 / (2.0 * g);
      t.e[1] = 1.0 / (2.0 * g);
      t.elo = 2.0;
      t.alpha[0] = 0.0;
      t.alpha[1] = 1.0;
      t.gamma[0] = g;
      t.gamma[1] = -g;
      break;
    }
    case RosenbrockMethod::ros3: {
      t.s = 3;
      const double a[] = {1.0, 1.0, 0.0};
      const double c[] = {-0.10156171083877702091975600115545e+01,
                          0.40759956452537699824805835358067e+01,
                          0.92076794298330791242156818474003e+01};
      std::copy(a, a + 3, t.a);
      std::copy(c, c + 3, t.c);
      t.newf[0] = t.newf[1] = true;
      t.newf[2] = false;
      t.m[0] = 1.0;
      t.m[1] = 0.61697947043828245592553615689730e+01;
      t.m[2] = -0.42772256543218573326238373806514;
      t.e[0] = 0.5;
      t.e[1] = -0.29079558716805469821718236208017e+01;
      t.e[2] = 0.22354069897811569627360909276199;
      t.elo = 3.0;
      t.alpha[0] = 0.0;
      t.alpha[1] = t.alpha[2] = 0.43586652150845899941601945119356;
      t.gamma[0] = 0.43586652150845899941601945119356;
      t.gamma[1] = 0.24291996454816804366592249683314;
      t.gamma[2] = 0.21851380027664058511513169485832e+01;
      break;
    }
    case RosenbrockMethod::ros4: {
      t.s = 4;
      const double a[] = {
          2.0, 1.867943637803922, 0.2344449711399156, 1.867943637803922, 0.2344449711399156, 0.0};
      const double c[] = {-7.137615036412310, 2.580708087951457,   0.6515950076447975,
                          -2.137148994382534, -0.3214669691237626, -0.6949742501781779};
      std::copy(a, a + 6, t.a);
      std::copy(c, c + 6, t.c);
      t.newf[0] = t.newf[1] = t.newf[2] = true;
      t.newf[3] = false;
      const double m[] = {2.255570073418735, 0.2870493262186792, 0.4353179431840180,
                          1.093502252409163};
      const double e[] = {-0.2815431932141155, -0.07276199124938920, -0.1082196201495311,
                          -1.093502252409163};
      std::copy(m, m + 4, t.m);
      std::copy(e, e + 4, t.e);
      t.elo = 4.0;
      const double al[] = {0.0, 1.14564, 0.65521686381559, 0.65521686381559};
      const double ga[] = {0.57282, -1.769193891319233, 0.7592633437920482, -0.1049021087100450};
      std::copy(al, al + 4, t.alpha);
      std::copy(ga, ga + 4, t.gamma);
      break;
    }
    case RosenbrockMethod::rodas3: {
      t.s = 4;
      const double a[] = {0.0, 2.0, 0.0, 2.0, 0.0, 1.0};
      const double c[] = {4.0, 1.0, -1.0, 1.0, -1.0, -8.0 / 3.0};
      std::copy(a, a + 6, t.a);
      std::copy(c, c + 6, t.c);
      t.newf[0] = true;
      t.newf[1] = false;
      t.newf[2] = t.newf[3] = true;
      const double m[] = {2.0, 0.0, 1.0, 1.0};
      const double e[] = {0.0, 0.0, 0.0, 1.0};
      std::copy(m, m + 4, t.m);
      std::copy(e, e + 4, t.e);
      t.elo = 3.0;
      const double al[] = {0.0, 0.0, 1.0, 1.0};
      const double ga[] = {0.5, 1.5, 0.0, 0.0};
      std::copy(al, al + 4, t.alpha);
      std::copy(ga, ga + 4, t.gamma);
      break;
    }
    case RosenbrockMethod::rodas4: {
      t.s = 6;
      const double al[] = {0.0, 0.386, 0.210, 0.630, 1.0, 1.0};
      const double ga[] = {0.25, -0.1043, 0.1035, -0.3620000000000023e-01, 0.0, 0.0};
      std::copy(al, al + 6, t.alpha);
      std::copy(ga, ga + 6, t.gamma);
      const double a[] = {0.1544000000000000e+01, 0.9466785280815826,     0.2557011698983284,
                          0.3314825187068521e+01, 0.2896124015972201e+01, 0.9986419139977817,
                          0.1221224509226641e+01, 0.6019134481288629e+01, 0.1253708332932087e+02,
                          -0.6878860361058950,    0.1221224509226641e+01, 0.6019134481288629e+01,
                          0.1253708332932087e+02, -0.6878860361058950,    1.0};
      const double c[] = {
          -0.5668800000000000e+01, -0.2430093356833875e+01, -0.2063599157091915,
          -0.1073529058151375,     -0.9594562251023355e+01, -0.2047028614809616e+02,
          0.7496443313967647e+01,  -0.1024680431464352e+02, -0.3399990352819905e+02,
          0.1170890893206160e+02,  0.8083246795921522e+01,  -0.7981132988064893e+01,
          -0.3152159432874371e+02, 0.1631930543123136e+02,  -0.6058818238834054e+01};
      std::copy(a, a + 15, t.a);
      std::copy(c, c + 15, t.c);
      const double m[] = {a[6], a[7], a[8], a[9], 1.0, 1.0};
      const double e[] = {0, 0, 0, 0, 0, 1.0};
      std::copy(m, m + 6, t.m);
      std::copy(e, e + 6, t.e);
      for (bool& b : t.newf) b = true;
      t.elo = 4.0;
      break;
    }
  }
  return t;
}

}  // namespace

RosenbrockMethod rosenbrock_method_from_string(const std::string& name) {
  std::string u;
  for (char ch : name) u += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (u == "ros2") return RosenbrockMethod::ros2;
  if (u == "ros3") return RosenbrockMethod::ros3;
  if (u == "ros4") return RosenbrockMethod::ros4;
  if (u == "rodas3") return RosenbrockMethod::rodas3;
  if (u == "rodas4") return RosenbrockMethod::rodas4;
  throw InvalidArgument(argument("method"), "unknown Rosenbrock method '" + name +
                                                "' (ros2, ros3, ros4, rodas3, rodas4)");
}

std::string to_string(RosenbrockMethod m) {
  switch (m) {
    case RosenbrockMethod::ros2: return "ros2";
    case RosenbrockMethod::ros3: return "ros3";
    case RosenbrockMethod::ros4: return "ros4";
    case RosenbrockMethod::rodas3: return "rodas3";
    case RosenbrockMethod::rodas4: return "rodas4";
  }
  return "?";
}

std::string to_string(SolveStatus s) {
  switch (s) {
    case SolveStatus::success: return "success";
    case SolveStatus::max_steps: return "max_steps";
    case SolveStatus::step_too_small: return "step_too_small";
    case SolveStatus::singular_matrix: return "singular_matrix";
    case SolveStatus::nan: return "nan";
    case SolveStatus::callback_error: return "callback_error";
    case SolveStatus::invalid_rate: return "invalid_rate";
  }
  return "?";
}

SolveStats& SolveStats::operator+=(const SolveStats& o) {
  steps += o.steps;
  accepted += o.accepted;
  rejected += o.rejected;
  f_evals += o.f_evals;
  jacobians += o.jacobians;
  decompositions += o.decompositions;
  solves += o.solves;
  singular += o.singular;
  last_step = o.last_step;
  next_step = o.next_step;
  return *this;
}

namespace {
// Work arrays of one cell of a (multi-cell) solve.
struct CellWork {
  std::vector<double> jac0, ynew, fcn0, fcn, dfdt, yerr, u, w, k;
  bool sm_ok = false;
  double beta = 1.0;
  CellWork(std::size_t n, std::size_t nnz, int stages)
      : jac0(nnz),
        ynew(n),
        fcn0(n),
        fcn(n),
        dfdt(n),
        yerr(n),
        u(n),
        w(n),
        k(n * static_cast<std::size_t>(stages)) {}
};

// The cells' iteration matrices (1/(h gamma) - J), cells innermost, factored and solved
// together (SparseLU::factor_cells).
struct Lanes {
  const detail::SparseLU* lu_ptr = nullptr;
  std::size_t nc = 0;
  std::vector<double> ghimj, rhs, work;
  void reset(const detail::SparseLU& l, std::size_t n, std::size_t cells) {
    lu_ptr = &l;
    nc = cells;
    ghimj.resize(l.nonzeros() * cells);
    rhs.resize(n * cells);
    work.resize(n * cells);
  }

  bool factor(const std::vector<CellWork>& cells, double ghinv) {
    const detail::SparseLU& lu = *lu_ptr;
    const std::size_t nnz = lu.nonzeros(), n = lu.size();
    for (std::size_t c = 0; c < nc; ++c) {
      const double* jac = cells[c].jac0.data();
      for (std::size_t q = 0; q < nnz; ++q) ghimj[q * nc + c] = -jac[q];
      for (std::size_t i = 0; i < n; ++i) ghimj[lu.diagonal(static_cast<int>(i)) * nc + c] += ghinv;
    }
    // One cell (every Solver call) keeps the plain kernel: the lane kernel's copies cost it
    // 5-7 % per step on KPP's isoprene day (benchmarks/chem_kpp_day.sh); same bits either way.
    return nc == 1 ? lu.factor(ghimj.data()) : lu.factor_cells(ghimj.data(), nc);
  }
  // Solves in place for every cell c the system whose right-hand side is at x(c).
  template <class Vector>
  void solve(Vector&& x) {
    const detail::SparseLU& lu = *lu_ptr;
    if (nc == 1) return lu.solve(ghimj.data(), x(0), work.data());
    const std::size_t n = lu.size();
    for (std::size_t c = 0; c < nc; ++c) {
      const double* xc = x(c);
      for (std::size_t i = 0; i < n; ++i) rhs[i * nc + c] = xc[i];
    }
    lu.solve_cells(ghimj.data(), rhs.data(), work.data(), nc);
    for (std::size_t c = 0; c < nc; ++c) {
      double* xc = x(c);
      for (std::size_t i = 0; i < n; ++i) xc[i] = rhs[i * nc + c];
    }
  }
};

// The work arrays of a solve, kept per thread between calls: a box run calls integrate_cells
// once per output interval (a few steps each), and allocating them every call showed in the
// profile.  Every array is written before it is read within a call, so reuse changes no bit.
struct Workspace {
  std::vector<CellWork> cells;
  Lanes lanes;
  bool busy = false;  // a solve started from inside another's update callback gets its own

  void reset(const detail::SparseLU& lu, std::size_t n, std::size_t nc, int stages) {
    const std::size_t nnz = lu.nonzeros();
    const bool fits = cells.size() == nc && !cells.empty() && cells[0].jac0.size() == nnz &&
                      cells[0].ynew.size() == n &&
                      cells[0].k.size() == n * static_cast<std::size_t>(stages);
    if (!fits) cells.assign(nc, CellWork(n, nnz, stages));
    lanes.reset(lu, n, nc);
  }
};

bool all_finite(const std::vector<double>& v) {
  for (double x : v)
    if (!std::isfinite(x)) return false;
  return true;
}
}  // namespace

namespace {
// Per-species tolerances after checking every input of a solve (InvalidArgument naming it).
struct Tolerances {
  std::vector<double> rtol, atol;
};

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

SolveResult integrate(KineticSystem& sys, std::vector<double>& y, double t0, double t1,
                      const RosenbrockOptions& opt, const TimeUpdate& update) {
  return integrate_cells(sys, {&y}, t0, t1, opt, update, {});
}

SolveResult integrate_cells(KineticSystem& sys, const std::vector<std::vector<double>*>& ys,
                            double t0, double t1, const RosenbrockOptions& opt,
                            const TimeUpdate& update, const CellUpdate& cell_update) {
  Tolerances tol = checked_inputs(sys, ys, t0, t1, opt);
  if (sys.n_variable() == 0 || ys.empty() || t1 == t0) {
    SolveResult res;
    res.t = t0;
    return res;
  }
  thread_local Workspace kept;
  Workspace own;
  Workspace& ws = kept.busy ? own : kept;
  struct Claim {
    Workspace& w;
    explicit Claim(Workspace& x) : w(x) { w.busy = true; }
    ~Claim() { w.busy = false; }
  } claim(ws);
  return CellsSolve(sys, ys, t0, t1, opt, update, cell_update, std::move(tol), ws).run();
}

}  // namespace aqm::chem
