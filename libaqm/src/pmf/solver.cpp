// PMF fits: alternating weighted NNLS (default) and LS-NMF multiplicative updates.
#include "aqm/pmf/solver.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <string>
#include <vector>

#include "aqm/core/error.hpp"
#include "aqm/pmf/detail/illinois.hpp"
#include "aqm/pmf/detail/nnls.hpp"
#include "aqm/pmf/detail/pinned_fit.hpp"
#include "aqm/pmf/detail/random_start.hpp"
#include "aqm/pmf/detail/revival.hpp"
#include "aqm/pmf/detail/sweep_kernels.hpp"
#include "aqm/pmf/detail/weighted_gram.hpp"

namespace aqm::pmf {

using detail::RowMatrix;

Method parse_method(const std::string& name) {
  if (name == "als") return Method::als;
  if (name == "ls-nmf" || name == "ls_nmf" || name == "lsnmf") return Method::ls_nmf;
  throw InvalidArgument(argument("method"), "'" + name + "' is not one of als, ls-nmf");
}

const char* to_string(Method m) { return m == Method::als ? "als" : "ls-nmf"; }

SolveOptions with_defaults(SolveOptions o) {
  const bool als = o.method == Method::als;
  if (o.max_iter <= 0) o.max_iter = als ? 2000 : 20000;
  // ALS: 1e-5 over 5 sweeps of the monotone objective changes the best run's Q(robust) by
  // < 0.02 % on EPA's example data against 1e-6 (benchmarks/README.md); LS-NMF crawls, 1e-6.
  if (o.tol <= 0.0) o.tol = als ? 1e-5 : 1e-6;
  if (o.window <= 0) o.window = als ? 5 : 100;
  return o;
}

namespace {

void check_inputs(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const SolveOptions& o) {
  if (X.rows() != U.rows() || X.cols() != U.cols())
    throw InvalidArgument(argument("U"), "uncertainties are " + std::to_string(U.rows()) + " × " +
                                             std::to_string(U.cols()) + ", concentrations " +
                                             std::to_string(X.rows()) + " × " +
                                             std::to_string(X.cols()));
  if (o.n_factors < 1 || o.n_factors >= std::min(X.rows(), X.cols()))
    throw InvalidArgument(argument("n_factors"), std::to_string(o.n_factors) +
                                                     " must be in [1, min(samples, species) - 1]");
  const long n = static_cast<long>(X.rows()), m = static_cast<long>(X.cols()), p = o.n_factors;
  if (n * m - p * (n + m) <= 0)  // Q_exp: data points minus fitted values (PMF 5.0)
    throw InvalidArgument(argument("n_factors"),
                          "p = " + std::to_string(p) + " on " + std::to_string(n) + " samples × " +
                              std::to_string(m) + " species fits more values than there are data" +
                              " (Q_exp = " + std::to_string(n * m - p * (n + m)) +
                              "); use fewer factors or more samples");
  if (!(o.alpha > 0.0)) throw InvalidArgument(argument("alpha"), "robust threshold must be > 0");
  for (Eigen::Index j = 0; j < X.cols(); ++j)
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
      if (!std::isfinite(X(i, j)))
        throw InvalidArgument(Location{"", i + 1, j + 1, "X"}, "concentration is not finite");
      if (!(U(i, j) > 0.0) || !std::isfinite(U(i, j)))
        throw InvalidArgument(Location{"", i + 1, j + 1, "U"},
                              "uncertainty must be finite and > 0");
      if (o.method == Method::ls_nmf && X(i, j) < 0.0)
        throw InvalidArgument(Location{"", i + 1, j + 1, "X"},
                              "ls-nmf needs non-negative concentrations; use method als");
    }
}

// Residual sums for the current G F.  With `weights` (and `weighted_x`) non-null, these
// receive the robust weights 1/(h² s²) and their product with X.
QValues evaluate(const RowMatrix& X, const RowMatrix& inv_u, const RowMatrix& G, const RowMatrix& F,
                 double alpha, RowMatrix* weights = nullptr, RowMatrix* weighted_x = nullptr) {
  if (weights) {
    weights->resize(X.rows(), X.cols());
    weighted_x->resize(X.rows(), X.cols());
  }
  const auto s = detail::residual_sums(
      X.data(), inv_u.data(), G.data(), F.data(), X.rows(), X.cols(), static_cast<int>(G.cols()),
      alpha, weights ? weights->data() : nullptr, weights ? weighted_x->data() : nullptr);
  QValues q;
  q.q_true = s.q_true;
  q.q_robust = s.q_robust;
  q.huber = s.huber;
  return q;
}

// Convergence on the fitted objective: relative change over `window` steps below tol.
class StopRule {
 public:
  StopRule(int window, double tol) : window_(window), tol_(tol) {}
  bool converged(double objective) {
    history_.push_back(objective);
    if (static_cast<int>(history_.size()) <= window_) return false;
    const double old = history_.front();
    history_.pop_front();
    return std::abs(old - objective) <= tol_ * std::abs(objective);
  }
  void restart() { history_.clear(); }

 private:
  int window_;
  double tol_;
  std::deque<double> history_;
};

// One ALS sweep: every row of G given F, then every column of F given G.
class AlsSweep {
 public:
  explicit AlsSweep(int p, detail::PinnedElement pin = {})
      : p_(p), pin_(pin), gram_(p), nnls_(p), fj_(p), a_(p * p), b_(p) {}
  void operator()(const RowMatrix& W, const RowMatrix& WX, const RowMatrix& Wt,
                  const RowMatrix& WXt, RowMatrix& G, RowMatrix& F) {
    Ft_ = F.transpose();
    gram_.build(W, WX, Ft_, A_, B_);
    if (pin_.factor >= 0) solve_rows_with_sum(G);
    else detail::nnls_rows(A_.data(), B_.data(), G.data(), G.rows(), p_, nnls_);
    gram_.build(Wt, WXt, G, A_, B_);
    // The columns of F are the rows of Fᵀ; a pinned column is then solved again with its element
    // held, from its previous values.
    detail::nnls_rows(A_.data(), B_.data(), Ft_.data(), Ft_.rows(), p_, nnls_);
    if (pin_.factor >= 0) {
      const Eigen::Index j = pin_.species;
      for (int k = 0; k < p_; ++k) fj_[k] = F(k, j);
      solve_pinned_column(A_.row(j).data(), B_.row(j).data());
      for (int k = 0; k < p_; ++k) Ft_(j, k) = fj_[k];
    }
    F = Ft_.transpose();
  }

 private:
  // Column NNLS with f_kj held at the pinned value: its term moves to the right-hand side.
  void solve_pinned_column(const double* A, const double* b) {
    const int k = pin_.factor;
    for (int r = 0; r < p_; ++r) {
      b_[r] = r == k ? 0.0 : b[r] - A[r * p_ + k] * pin_.value;
      for (int c = 0; c < p_; ++c)
        a_[r * p_ + c] = (r == k || c == k) ? (r == c ? 1.0 : 0.0) : A[r * p_ + c];
    }
    fj_[k] = 0.0;
    nnls_.solve(a_.data(), b_.data(), fj_.data());
    fj_[k] = pin_.value;
  }

  // Rows of G with Σ_i g_ik held: a multiplier μ added to every row's b_k (Lagrange); the
  // sum of the row solutions is non-decreasing in μ, so bracket it and use regula falsi
  // (Illinois variant).  The bracket starts at the previous sweep's μ, which consecutive
  // sweeps barely move (and most rows then keep their active set): a few row solves per sweep
  // instead of ~15 from μ = 0, for the same |sum − target| <= 1e-10·target.
  void solve_rows_with_sum(RowMatrix& G) {
    const int k = pin_.factor;
    const double target = pin_.contribution_sum;
    auto total_at = [&](double mu) {
      B_shifted_ = B_;
      B_shifted_.col(k).array() += mu;
      detail::nnls_rows(A_.data(), B_shifted_.data(), G.data(), G.rows(), p_, nnls_);
      return G.col(k).sum() - target;
    };
    double lo = mu_, f_lo = total_at(lo);
    if (std::abs(f_lo) <= 1e-10 * target) return;
    double scale = 0.0;  // μ that moves an average row's g_ik by target / n
    for (Eigen::Index i = 0; i < G.rows(); ++i) scale += A_(i, k * p_ + k);
    scale = std::max(scale / static_cast<double>(G.rows()) * target / static_cast<double>(G.rows()),
                     1e-300);
    // From a previous μ the sum is already close: step a little past the root the last
    // bracket's slope predicts (an average row's slope before there is one), then double.
    const double slope = slope_ > 0.0 ? slope_ : target / scale;
    double step = mu_ == 0.0 ? scale : std::max(1.2 * std::abs(f_lo) / slope, 1e-9 * scale);
    double hi = lo + (f_lo < 0.0 ? step : -step), f_hi = total_at(hi);
    for (int t = 0; t < 60 && f_lo * f_hi > 0.0; ++t) {
      lo = hi;
      f_lo = f_hi;
      step *= 2.0;
      hi = lo + (f_lo < 0.0 ? step : -step);
      f_hi = total_at(hi);
    }
    if (f_lo * f_hi > 0.0) return;  // the sum cannot be reached: leave the closest rows
    slope_ = (f_hi - f_lo) / (hi - lo);
    mu_ = detail::illinois(total_at, lo, f_lo, hi, f_hi, 1e-10 * target);
  }

  int p_;
  detail::PinnedElement pin_;
  double mu_ = 0.0;     // the held-sum multiplier of the last sweep
  double slope_ = 0.0;  // d(sum)/dμ across the last bracket
  detail::WeightedGram gram_;
  detail::NnlsSolver nnls_;
  std::vector<double> fj_, a_, b_;
  RowMatrix A_, B_, B_shifted_, Ft_;
};

enum class Start { cold, warm };

// Revives dead factors after a sweep (detail/revival.hpp) and keeps the revival only when the
// fitted objective does not rise; at most 3 revivals per factor, so a factor the data cannot
// support (no positive residual left to explain) ends the attempts instead of looping.
class Revival {
 public:
  explicit Revival(int p) : budget_(3 * p) {}
  int count() const { return count_; }

  // `weights` are those of the current iterate (robust: its IRLS weights); on success G, F,
  // q and, in robust mode, `weights`/`weighted_x` move to the revived point.
  template <class Objective>
  bool attempt(const RowMatrix& X, const RowMatrix& inv_u, const SolveOptions& o,
               const Objective& objective, RowMatrix& G, RowMatrix& F, QValues& q,
               RowMatrix& weights, RowMatrix& weighted_x) {
    if (attempts_ >= budget_ || !detail::has_dead_factor(G, F)) return false;
    G_ = G;
    F_ = F;
    const int revived = detail::revive_dead_factors(X, weights, G_, F_);
    attempts_ += std::max(revived, 1);
    if (revived == 0) return false;
    const QValues q_new = evaluate(X, inv_u, G_, F_, o.alpha, o.robust ? &w_ : nullptr, &wx_);
    if (!(objective(q_new) <= objective(q))) return false;
    count_ += revived;
    G.swap(G_);
    F.swap(F_);
    q = q_new;
    if (o.robust) {
      weights.swap(w_);
      weighted_x.swap(wx_);
    }
    return true;
  }

 private:
  int budget_;
  int attempts_ = 0;
  int count_ = 0;
  RowMatrix G_, F_, w_, wx_;
};

// Alternating weighted NNLS with extrapolation: after each sweep the step from the previous
// iterate is extended by β and kept only if it lowers the objective (monotone; β grows on
// success and shrinks on failure, after Ang & Gillis 2019, Neural Comput. 31:417, and Bro's
// line search for ALS, 1998).  Robust mode reweights from the accepted iterate (IRLS).
FitResult fit_als(const RowMatrix& X, const RowMatrix& inv_u, const SolveOptions& o, RowMatrix G,
                  RowMatrix F, Start start, detail::PinnedElement pin = {}) {
  const Eigen::Index n = X.rows(), m = X.cols();
  RowMatrix W = inv_u.cwiseProduct(inv_u);
  RowMatrix WX = W.cwiseProduct(X);
  if (pin.factor >= 0) F(pin.factor, pin.species) = pin.value;
  RowMatrix robust_w(n, m), robust_wx(n, m), G_prev, F_prev, Ge, Fe;
  // A warm start is a converged (or nearly) solution: its first sweep must use the robust
  // weights of that solution, or it jumps to the plain least-squares fit and back.
  if (o.robust && start == Start::warm) {
    evaluate(X, inv_u, G, F, o.alpha, &robust_w, &robust_wx);
    W.swap(robust_w);
    WX.swap(robust_wx);
  }
  RowMatrix Wt = W.transpose(), WXt = WX.transpose();
  AlsSweep sweep_once(o.n_factors, pin);
  StopRule stop(o.window, o.tol);
  FitResult out;
  Revival revival(o.n_factors);
  // Robust mode reweights with h² = max(1, |r|/α) (PMF's rule), an IRLS step that decreases
  // the Huber objective (r², or 2α|r| − α² beyond α), not Q(robust) itself: descend, accept
  // extrapolations and stop on the Huber value; Q(robust) is reported.
  auto objective = [&](const QValues& q) { return o.robust ? q.huber : q.q_true; };
  double beta = 0.5;
  double previous = std::numeric_limits<double>::infinity();
  for (int sweep = 1; sweep <= o.max_iter; ++sweep) {
    G_prev = G;
    F_prev = F;
    sweep_once(W, WX, Wt, WXt, G, F);
    // Try the extrapolated point first and accept it when it improves on the previous iterate
    // (Ang & Gillis's test); only on failure is the plain sweep's point evaluated.
    QValues q;
    bool accepted = false;
    if (o.extrapolate && sweep > 1 && std::isfinite(previous)) {
      Ge = (G + beta * (G - G_prev)).cwiseMax(0.0);
      Fe = (F + beta * (F - F_prev)).cwiseMax(0.0);
      if (pin.factor >= 0) {  // keep the candidate feasible: pinned element and factor scale
        Fe(pin.factor, pin.species) = pin.value;
        const double sum = Ge.col(pin.factor).sum();
        if (sum > 0.0) Ge.col(pin.factor) *= pin.contribution_sum / sum;
      }
      q = evaluate(X, inv_u, Ge, Fe, o.alpha, o.robust ? &robust_w : nullptr, &robust_wx);
      if (objective(q) < previous) {
        G.swap(Ge);
        F.swap(Fe);
        beta = std::min(beta * 1.5, 8.0);
        accepted = true;
      } else {
        beta = std::max(beta * 0.5, 0.05);
      }
    }
    if (!accepted)
      q = evaluate(X, inv_u, G, F, o.alpha, o.robust ? &robust_w : nullptr, &robust_wx);
    const bool revived = pin.factor < 0 && revival.attempt(X, inv_u, o, objective, G, F, q,
                                                           o.robust ? robust_w : W, robust_wx);
    if (revived) stop.restart();
    previous = objective(q);
    out.q_true = q.q_true;
    out.q_robust = q.q_robust;
    out.iterations = sweep;
    out.q_history.push_back(objective(q));
    if (!std::isfinite(q.q_true)) break;
    if (!revived && stop.converged(objective(q))) {
      out.converged = true;
      break;
    }
    if (o.robust) {  // reweight for the next sweep (IRLS step of the Huber objective)
      W.swap(robust_w);
      WX.swap(robust_wx);
      Wt = W.transpose();
      WXt = WX.transpose();
    }
  }
  out.G = G;
  out.F = F;
  out.revived = revival.count();
  return out;
}

FitResult fit_ls_nmf(const RowMatrix& X, const RowMatrix& inv_u, const SolveOptions& o, RowMatrix G,
                     RowMatrix F, Start start) {
  const Eigen::Index n = X.rows(), m = X.cols();
  const int p = o.n_factors;
  RowMatrix W = inv_u.cwiseProduct(inv_u);
  RowMatrix WX = W.cwiseProduct(X);
  RowMatrix WGF(n, m), robust_w(n, m), robust_wx(n, m);
  if (o.robust && start == Start::warm) {  // as in fit_als
    evaluate(X, inv_u, G, F, o.alpha, &robust_w, &robust_wx);
    W.swap(robust_w);
    WX.swap(robust_wx);
  }
  Revival revival(p);
  auto objective = [&](const QValues& q) { return o.robust ? q.huber : q.q_true; };
  std::vector<double> num(p * m), den(p * m), numg(p), deng(p);
  constexpr double tiny = 1e-300;
  StopRule stop(o.window, o.tol);
  FitResult out;
  auto weighted_fit = [&]() {
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j < m; ++j) {
        double fit = 0.0;
        for (int k = 0; k < p; ++k) fit += G(i, k) * F(k, j);
        WGF(i, j) = W(i, j) * fit;
      }
  };
  for (int it = 1; it <= o.max_iter; ++it) {
    // F ← F ∘ Gᵀ(W∘X) / Gᵀ(W∘GF)
    weighted_fit();
    std::fill(num.begin(), num.end(), 0.0);
    std::fill(den.begin(), den.end(), 0.0);
    for (Eigen::Index i = 0; i < n; ++i)
      for (int k = 0; k < p; ++k) {
        const double g = G(i, k);
        for (Eigen::Index j = 0; j < m; ++j) {
          num[k * m + j] += g * WX(i, j);
          den[k * m + j] += g * WGF(i, j);
        }
      }
    for (int k = 0; k < p; ++k)
      for (Eigen::Index j = 0; j < m; ++j)
        F(k, j) *= num[k * m + j] / std::max(den[k * m + j], tiny);
    // G ← G ∘ (W∘X)Fᵀ / (W∘GF)Fᵀ
    weighted_fit();
    for (Eigen::Index i = 0; i < n; ++i) {
      std::fill(numg.begin(), numg.end(), 0.0);
      std::fill(deng.begin(), deng.end(), 0.0);
      for (Eigen::Index j = 0; j < m; ++j)
        for (int k = 0; k < p; ++k) {
          numg[k] += WX(i, j) * F(k, j);
          deng[k] += WGF(i, j) * F(k, j);
        }
      for (int k = 0; k < p; ++k) G(i, k) *= numg[k] / std::max(deng[k], tiny);
    }
    QValues q = evaluate(X, inv_u, G, F, o.alpha, o.robust ? &robust_w : nullptr, &robust_wx);
    const bool revived =
        revival.attempt(X, inv_u, o, objective, G, F, q, o.robust ? robust_w : W, robust_wx);
    if (revived) stop.restart();
    out.q_true = q.q_true;
    out.q_robust = q.q_robust;
    out.iterations = it;
    out.q_history.push_back(objective(q));
    if (!std::isfinite(q.q_true)) break;
    if (!revived && stop.converged(objective(q))) {
      out.converged = true;
      break;
    }
    if (o.robust) {
      W.swap(robust_w);
      WX.swap(robust_wx);
    }
  }
  out.G = G;
  out.F = F;
  out.revived = revival.count();
  return out;
}

// Checked inputs; `start` says whether (G0, F0) is a solution to continue (warm) or a draw.
FitResult fit_checked(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const SolveOptions& o,
                      const Eigen::MatrixXd& G0, const Eigen::MatrixXd& F0, Start start) {
  const RowMatrix x = X, inv_u = U.cwiseInverse();
  RowMatrix g = G0.cwiseMax(0.0), f = F0.cwiseMax(0.0);
  return o.method == Method::als ? fit_als(x, inv_u, o, std::move(g), std::move(f), start)
                                 : fit_ls_nmf(x, inv_u, o, std::move(g), std::move(f), start);
}

}  // namespace

FitResult detail::fit_pinned(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                             const SolveOptions& options, const Eigen::MatrixXd& G0,
                             const Eigen::MatrixXd& F0, PinnedElement pin) {
  SolveOptions o = with_defaults(options);
  o.method = Method::als;
  const RowMatrix x = X, inv_u = U.cwiseInverse();
  return fit_als(x, inv_u, o, G0, F0, Start::warm, pin);
}

QValues q_values(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const Eigen::MatrixXd& G,
                 const Eigen::MatrixXd& F, double alpha) {
  const RowMatrix x = X, inv_u = U.cwiseInverse(), g = G, f = F;
  return evaluate(x, inv_u, g, f, alpha);
}

FitResult fit_from(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const SolveOptions& options,
                   const Eigen::MatrixXd& G0, const Eigen::MatrixXd& F0) {
  const SolveOptions o = with_defaults(options);
  check_inputs(X, U, o);
  if (F0.rows() != o.n_factors || F0.cols() != X.cols() || G0.rows() != X.rows() ||
      G0.cols() != o.n_factors)
    throw InvalidArgument(argument("start"), "G0/F0 shapes do not match the data and n_factors");
  return fit_checked(X, U, o, G0, F0, Start::warm);
}

FitResult fit(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const SolveOptions& options,
              RandomStream& stream) {
  const SolveOptions o = with_defaults(options);
  check_inputs(X, U, o);
  const Eigen::Index n = X.rows(), m = X.cols();
  const int p = o.n_factors;
  // Scale-aware start (detail/random_start.hpp).  ESAT's column-mean start, |N|·sqrt(mean/p)
  // for both, predicts ~sqrt(mean_j·mean_i) instead: for a species orders of magnitude below
  // the others with a tiny uncertainty (below detection everywhere) the first G step then
  // zeroes whole factors, which alternating NNLS never brings back.
  const detail::StartScales scales = detail::start_scales(X, p);
  Eigen::MatrixXd F0(p, m), G0(n, p);
  for (Eigen::Index j = 0; j < m; ++j)
    for (int k = 0; k < p; ++k) F0(k, j) = detail::start_draw(stream) * scales.species(j);
  for (Eigen::Index i = 0; i < n; ++i)
    for (int k = 0; k < p; ++k)
      G0(i, k) = detail::start_draw(stream) * scales.samples(i) / scales.divisor;
  return fit_checked(X, U, o, G0, F0, Start::cold);
}

detail::StartScales detail::start_scales(const Eigen::MatrixXd& X, int n_factors) {
  const Eigen::Index n = X.rows(), m = X.cols();
  StartScales s;
  s.species = X.cwiseAbs().colwise().mean().transpose();
  s.samples = Eigen::VectorXd::Zero(n);
  for (Eigen::Index j = 0; j < m; ++j)
    if (s.species(j) > 0.0)
      s.samples += X.col(j).cwiseAbs() / (s.species(j) * static_cast<double>(m));
  const double mean_abs_normal_sq = 2.0 / 3.141592653589793;  // (E|N(0,1)|)²
  s.divisor = n_factors * mean_abs_normal_sq;
  return s;
}

void detail::redraw_factor(const StartScales& scales, RandomStream& stream, Eigen::MatrixXd& G,
                           Eigen::MatrixXd& F, Eigen::Index k) {
  for (Eigen::Index j = 0; j < F.cols(); ++j) F(k, j) = start_draw(stream) * scales.species(j);
  for (Eigen::Index i = 0; i < G.rows(); ++i)
    G(i, k) = start_draw(stream) * scales.samples(i) / scales.divisor;
}

}  // namespace aqm::pmf
