// ALS on Q plus ME-2-style pull terms (see detail/pulled_fit.hpp).
#include "aqm/pmf/detail/pulled_fit.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

#include "aqm/pmf/detail/illinois.hpp"
#include "aqm/pmf/detail/nnls.hpp"
#include "aqm/pmf/detail/sweep_kernels.hpp"

namespace aqm::pmf::detail {

namespace {

// The state is kept as G (n × p) and Fᵀ (m × p): both half-steps solve rows of p unknowns.
struct State {
  RowMatrix G, Ft;
  double value(const ElementRef& e) const { return e.in_g ? G(e.row, e.col) : Ft(e.col, e.row); }
};

// One equation term seen from a half-step: unknown (row r, factor k) of that half.
struct EqTerm {
  std::size_t equation;
  Eigen::Index r;
  int k;
  double c;
};

// A half-step's view of the pulls: matrices shaped rows × p (G, or transposed for F).
struct HalfPulls {
  RowMatrix weight, target, linear, fixed;
  std::vector<EqTerm> eq_terms;
  std::vector<Eigen::Index> eq_rows;  // rows touched by an equation, ascending
  std::vector<int> held;              // only for the G half
  bool in_g = false;
};

RowMatrix view(const Eigen::MatrixXd& m, bool transpose) {
  if (m.size() == 0) return RowMatrix();
  return transpose ? RowMatrix(m.transpose()) : RowMatrix(m);
}

HalfPulls half_pulls(const Pulls& p, bool in_g) {
  HalfPulls h;
  h.in_g = in_g;
  h.weight = view(in_g ? p.g_weight : p.f_weight, !in_g);
  h.target = view(in_g ? p.g_target : p.f_target, !in_g);
  h.linear = view(in_g ? p.g_linear : p.f_linear, !in_g);
  h.fixed = view(in_g ? p.g_fixed : p.f_fixed, !in_g);
  for (std::size_t q = 0; q < p.equations.size(); ++q)
    for (const auto& [e, c] : p.equations[q].terms) {
      if (e.in_g != in_g) continue;
      const Eigen::Index r = in_g ? e.row : e.col;
      const int k = static_cast<int>(in_g ? e.col : e.row);
      h.eq_terms.push_back({q, r, k, c});
      h.eq_rows.push_back(r);
    }
  std::sort(h.eq_rows.begin(), h.eq_rows.end());
  h.eq_rows.erase(std::unique(h.eq_rows.begin(), h.eq_rows.end()), h.eq_rows.end());
  if (in_g) h.held = p.held_sums;
  return h;
}

class HalfStep {
 public:
  explicit HalfStep(int p) : p_(p), gram_(p), nnls_(p), a_(p * p), b_(p) {}

  // Solve every row of Y (rows × p) given the fixed factor V (c × p) and the weights.
  void operator()(const RowMatrix& W, const RowMatrix& WX, const RowMatrix& V, RowMatrix& Y,
                  const HalfPulls& h, const Pulls& pulls, State& s) {
    gram_.build(W, WX, V, A_, B_);
    add_element_pulls(h);
    if (!h.eq_rows.empty()) {  // keep these rows' systems before the equations' terms
      A0_.resize(static_cast<Eigen::Index>(h.eq_rows.size()), p_ * p_);
      B0_.resize(A0_.rows(), p_);
      for (std::size_t t = 0; t < h.eq_rows.size(); ++t) {
        A0_.row(static_cast<Eigen::Index>(t)) = A_.row(h.eq_rows[t]);
        B0_.row(static_cast<Eigen::Index>(t)) = B_.row(h.eq_rows[t]);
      }
      for (Eigen::Index r : h.eq_rows)
        add_equations(r, h, pulls, s, A_.row(r).data(), B_.row(r).data());
    }
    if (h.fixed.size() > 0)
      for (Eigen::Index r = 0; r < Y.rows(); ++r)
        eliminate_fixed(h.fixed.row(r).data(), A_.row(r).data(), B_.row(r).data());
    mu_.assign(static_cast<std::size_t>(p_), 0.0);
    if (h.held.empty()) {
      nnls_rows(A_.data(), B_.data(), Y.data(), Y.rows(), p_, nnls_);
    } else {
      solve_with_held_sums(Y, h);
    }
    restore_fixed(h, Y);
    // Rows coupled by an equation: Gauss–Seidel passes with the latest values, so that two
    // elements of one equation do not chase each other's old values.
    for (int pass = 0; pass < 2 && !h.eq_rows.empty(); ++pass)
      for (std::size_t t = 0; t < h.eq_rows.size(); ++t) {
        const Eigen::Index r = h.eq_rows[t];
        std::copy_n(A0_.row(static_cast<Eigen::Index>(t)).data(), p_ * p_, a_.data());
        std::copy_n(B0_.row(static_cast<Eigen::Index>(t)).data(), p_, b_.data());
        for (int k = 0; k < p_; ++k) b_[k] += mu_[k];
        add_equations(r, h, pulls, s, a_.data(), b_.data());
        if (h.fixed.size() > 0) eliminate_fixed(h.fixed.row(r).data(), a_.data(), b_.data());
        nnls_.solve(a_.data(), b_.data(), Y.row(r).data());
        if (h.fixed.size() > 0)
          for (int k = 0; k < p_; ++k)
            if (!std::isnan(h.fixed(r, k))) Y(r, k) = h.fixed(r, k);
      }
  }

 private:
  // w(x − t)² adds w to A_kk and w·t to b_k; ℓx subtracts ℓ/2 from b_k (the NNLS objective is
  // half of Q).
  void add_element_pulls(const HalfPulls& h) {
    for (Eigen::Index r = 0; r < A_.rows(); ++r)
      for (int k = 0; k < p_; ++k) {
        if (h.weight.size() > 0 && h.weight(r, k) > 0.0) {
          A_(r, k * p_ + k) += h.weight(r, k);
          B_(r, k) += h.weight(r, k) * h.target(r, k);
        }
        if (h.linear.size() > 0) B_(r, k) -= 0.5 * h.linear(r, k);
      }
  }

  // w(Σ c x − v)² for the unknowns of row r, the equation's other elements at current values.
  void add_equations(Eigen::Index r, const HalfPulls& h, const Pulls& pulls, const State& s,
                     double* A, double* b) const {
    for (std::size_t q = 0; q < pulls.equations.size(); ++q) {
      const PullEquation& eq = pulls.equations[q];
      double rest = eq.value;
      for (const auto& [e, c] : eq.terms)
        if (e.in_g != h.in_g || (h.in_g ? e.row : e.col) != r) rest -= c * s.value(e);
      for (const EqTerm& t : h.eq_terms) {
        if (t.equation != q || t.r != r) continue;
        b[t.k] += eq.weight * t.c * rest;
        for (const EqTerm& u : h.eq_terms)
          if (u.equation == q && u.r == r) A[t.k * p_ + u.k] += eq.weight * t.c * u.c;
      }
    }
  }

  // A held element moves to the right-hand side; its row and column become the identity.
  void eliminate_fixed(const double* fixed, double* A, double* b) const {
    for (int k = 0; k < p_; ++k) {
      if (std::isnan(fixed[k])) continue;
      for (int r = 0; r < p_; ++r) {
        if (r != k) b[r] -= A[r * p_ + k] * fixed[k];
      }
      for (int c = 0; c < p_; ++c) A[k * p_ + c] = A[c * p_ + k] = 0.0;
      A[k * p_ + k] = 1.0;
      b[k] = 0.0;
    }
  }

  void restore_fixed(const HalfPulls& h, RowMatrix& Y) const {
    if (h.fixed.size() == 0) return;
    for (Eigen::Index r = 0; r < Y.rows(); ++r)
      for (int k = 0; k < p_; ++k)
        if (!std::isnan(h.fixed(r, k))) Y(r, k) = h.fixed(r, k);
  }

  // Σ_i y_ik held for each held factor k: a multiplier μ_k added to every row's b_k; the sum is
  // non-decreasing in μ_k, so each is found by regula falsi (Illinois), factor by factor, in a
  // few cycles.
  void solve_with_held_sums(RowMatrix& Y, const HalfPulls& h) {
    std::vector<double> target;
    for (int k : h.held) target.push_back(Y.col(k).sum());
    auto solve_at = [&]() {
      Bmu_ = B_;
      for (int k = 0; k < p_; ++k) Bmu_.col(k).array() += mu_[k];
      if (h.fixed.size() > 0)  // a held element's row ignores μ
        for (Eigen::Index r = 0; r < Y.rows(); ++r)
          for (int k = 0; k < p_; ++k)
            if (!std::isnan(h.fixed(r, k))) Bmu_(r, k) = 0.0;
      nnls_rows(A_.data(), Bmu_.data(), Y.data(), Y.rows(), p_, nnls_);
      restore_fixed(h, Y);
    };
    const int cycles = h.held.size() > 1 ? 3 : 1;
    for (int cycle = 0; cycle < cycles; ++cycle)
      for (std::size_t t = 0; t < h.held.size(); ++t) {
        const int k = h.held[t];
        auto gap = [&](double mu) {
          mu_[k] = mu;
          solve_at();
          return Y.col(k).sum() - target[t];
        };
        const double tol = 1e-10 * std::max(target[t], 1e-300);
        double lo = mu_[k], f_lo = gap(lo);
        if (std::abs(f_lo) <= tol) continue;
        double scale = 0.0;  // μ that moves an average row's y_k by target / rows
        for (Eigen::Index r = 0; r < Y.rows(); ++r) scale += A_(r, k * p_ + k);
        const double rows = static_cast<double>(Y.rows());
        scale = std::max(scale / rows * std::max(target[t], 1e-300) / rows, 1e-300);
        double step = f_lo < 0.0 ? scale : -scale;
        double hi = lo + step, f_hi = gap(hi);
        for (int i = 0; i < 60 && f_lo * f_hi > 0.0; ++i) {
          lo = hi;
          f_lo = f_hi;
          step *= 2.0;
          hi = lo + step;
          f_hi = gap(hi);
        }
        if (f_lo * f_hi > 0.0) continue;  // unreachable sum: keep the closest rows
        illinois(gap, lo, f_lo, hi, f_hi, tol);
      }
    // Leave B_ carrying the multipliers for the Gauss–Seidel passes.
  }

  int p_;
  WeightedGram gram_;
  NnlsSolver nnls_;
  std::vector<double> a_, b_, mu_;
  RowMatrix A_, B_, A0_, B0_, Bmu_;
};

}  // namespace

double pull_penalty(const Pulls& pulls, const Eigen::MatrixXd& G, const Eigen::MatrixXd& F) {
  double total = 0.0;
  auto elementwise = [&](const Eigen::MatrixXd& w, const Eigen::MatrixXd& t,
                         const Eigen::MatrixXd& lin, const Eigen::MatrixXd& x) {
    if (w.size() > 0) total += (w.array() * (x - t).array().square()).sum();
    if (lin.size() > 0) total += (lin.array() * x.array()).sum();
  };
  elementwise(pulls.g_weight, pulls.g_target, pulls.g_linear, G);
  elementwise(pulls.f_weight, pulls.f_target, pulls.f_linear, F);
  for (const PullEquation& eq : pulls.equations) {
    double v = -eq.value;
    for (const auto& [e, c] : eq.terms) v += c * (e.in_g ? G(e.row, e.col) : F(e.row, e.col));
    total += eq.weight * v * v;
  }
  return total;
}

PulledFit fit_pulled(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                     const SolveOptions& options, const Eigen::MatrixXd& G0,
                     const Eigen::MatrixXd& F0, Pulls pulls, const PullUpdate& update) {
  const SolveOptions o = with_defaults(options);
  const Eigen::Index n = X.rows(), m = X.cols();
  const int p = static_cast<int>(F0.rows());
  const RowMatrix x = X, inv_u = U.cwiseInverse();
  RowMatrix W = inv_u.cwiseProduct(inv_u), WX = W.cwiseProduct(x);
  RowMatrix Wt = W.transpose(), WXt = WX.transpose(), robust_w(n, m), robust_wx(n, m), F(p, m);
  State s{G0.cwiseMax(0.0), F0.cwiseMax(0.0).transpose()};
  if (pulls.g_fixed.size() > 0) s.G = (pulls.g_fixed.array().isNaN()).select(s.G, pulls.g_fixed);
  if (pulls.f_fixed.size() > 0) {
    const Eigen::MatrixXd f = s.Ft.transpose();
    s.Ft = (pulls.f_fixed.array().isNaN()).select(f, pulls.f_fixed).transpose();
  }
  HalfStep g_step(p), f_step(p);
  std::deque<double> history;
  PulledFit out;
  for (int sweep = 1; sweep <= o.max_iter; ++sweep) {
    if (update) {
      F = s.Ft.transpose();
      update(s.G, F, pulls);
    }
    const HalfPulls hg = half_pulls(pulls, true), hf = half_pulls(pulls, false);
    g_step(W, WX, s.Ft, s.G, hg, pulls, s);
    f_step(Wt, WXt, s.G, s.Ft, hf, pulls, s);
    F = s.Ft.transpose();
    const ResidualSums r =
        residual_sums(x.data(), inv_u.data(), s.G.data(), F.data(), n, m, p, o.alpha,
                      o.robust ? robust_w.data() : nullptr, o.robust ? robust_wx.data() : nullptr);
    out.penalty = pull_penalty(pulls, s.G, F);
    const double objective = (o.robust ? r.huber : r.q_true) + out.penalty;
    out.fit.q_true = r.q_true;
    out.fit.q_robust = r.q_robust;
    out.fit.iterations = sweep;
    out.fit.q_history.push_back(objective);
    if (!std::isfinite(objective)) break;
    history.push_back(objective);
    if (static_cast<int>(history.size()) > o.window) {
      const double old = history.front();
      history.pop_front();
      if (std::abs(old - objective) <= o.tol * std::abs(objective)) {
        out.fit.converged = true;
        break;
      }
    }
    if (o.robust) {
      W.swap(robust_w);
      WX.swap(robust_wx);
      Wt = W.transpose();
      WXt = WX.transpose();
    }
  }
  out.fit.G = s.G;
  out.fit.F = s.Ft.transpose();
  return out;
}

}  // namespace aqm::pmf::detail
