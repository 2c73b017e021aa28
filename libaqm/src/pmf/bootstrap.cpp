// PMF classical bootstrap (Paatero et al. 2014; EPA PMF 5.0 User Guide ch. 6) and the automatic
// block length of Politis & White (2004) as corrected by Patton, Politis & White (2009).
#include "aqm/pmf/bootstrap.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "aqm/core/error.hpp"
#include "aqm/pmf/detail/pulled_fit.hpp"
#include "aqm/pmf/detail/statistics.hpp"
#include "aqm/core/random.hpp"

namespace aqm::pmf {

double optimal_block_size(const Eigen::Ref<const Eigen::VectorXd>& series) {
  const Eigen::Index n = series.size();
  if (n < 4) return 1.0;
  const Eigen::VectorXd x = series.array() - series.mean();
  const double dn = static_cast<double>(n);
  auto autocov = [&](Eigen::Index k) { return x.head(n - k).dot(x.tail(n - k)) / dn; };
  const double r0 = autocov(0);
  if (!(r0 > 0.0)) return 1.0;
  // m̂: first lag after which K_N consecutive autocorrelations are insignificant.
  const auto kn = static_cast<Eigen::Index>(std::max(5.0, std::ceil(std::sqrt(std::log10(dn)))));
  const auto m_max = static_cast<Eigen::Index>(std::ceil(std::sqrt(dn))) + kn;
  const double threshold = 2.0 * std::sqrt(std::log10(dn) / dn);
  Eigen::Index m_hat = m_max;
  for (Eigen::Index m = 0; m + kn < n && m <= m_max; ++m) {
    bool quiet = true;
    for (Eigen::Index k = 1; k <= kn && quiet; ++k)
      quiet = std::abs(autocov(m + k) / r0) < threshold;
    if (quiet) {
      m_hat = m;
      break;
    }
  }
  const Eigen::Index M = std::min<Eigen::Index>(2 * m_hat, std::min(m_max, n - 1));
  auto flat_top = [](double s) {
    s = std::abs(s);
    return s <= 0.5 ? 1.0 : s <= 1.0 ? 2.0 * (1.0 - s) : 0.0;
  };
  double g_hat = 0.0, g0 = r0;
  for (Eigen::Index k = 1; k <= M; ++k) {
    const double w = flat_top(static_cast<double>(k) / static_cast<double>(M)) * autocov(k);
    g_hat += 2.0 * static_cast<double>(k) * w;
    g0 += 2.0 * w;
  }
  const double d_cb = 4.0 / 3.0 * g0 * g0;
  double b = d_cb > 0.0 ? std::cbrt(2.0 * g_hat * g_hat / d_cb) * std::cbrt(dn) : 1.0;
  const double b_max = std::ceil(std::min(3.0 * std::sqrt(dn), dn / 3.0));
  return std::clamp(b, 1.0, b_max);
}

namespace {

struct BootRun {
  Eigen::MatrixXd profiles;
  std::vector<int> best_base;  // per BS factor: best-correlated base factor
  std::vector<char> mapped;    // per BS factor: r >= threshold
  FitResult fit;
};

}  // namespace

BootstrapResult bootstrap(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                          const Eigen::MatrixXd& G, const Eigen::MatrixXd& F,
                          const BootstrapOptions& options) {
  const Eigen::Index n = X.rows(), m = X.cols(), p = F.rows();
  if (G.rows() != n || G.cols() != p || F.cols() != m || U.rows() != n || U.cols() != m)
    throw InvalidArgument(argument("bootstrap"), "X, U, G, F shapes do not agree");
  if (options.n_boot < 1)
    throw InvalidArgument(argument("n_boot"), std::to_string(options.n_boot) + " must be >= 1");
  if (options.block_size < 0 || options.block_size > n)
    throw InvalidArgument(argument("block_size"),
                          std::to_string(options.block_size) + " must be in [0, samples]");
  if (!(options.min_correlation > -1.0 && options.min_correlation < 1.0))
    throw InvalidArgument(argument("min_correlation"), "must be within (-1, 1)");

  BootstrapResult out;
  if (options.block_size > 0) {
    out.block_size = options.block_size;
  } else {  // median over factors of the automatic length of each contribution series
    std::vector<double> sizes;
    for (Eigen::Index k = 0; k < p; ++k) sizes.push_back(optimal_block_size(G.col(k)));
    out.block_size = std::max(1, static_cast<int>(std::lround(detail::quantile(sizes, 0.5))));
  }
  const bool constrained = options.fixed_profiles.size() > 0;
  if (constrained && (options.fixed_profiles.rows() != p || options.fixed_profiles.cols() != m))
    throw InvalidArgument(argument("fixed_profiles"), "must be factors x species like F");
  for (Eigen::Index i = 0; i < options.fixed_profiles.size(); ++i) {
    const double v = options.fixed_profiles.data()[i];
    if (!std::isnan(v) && !(std::isfinite(v) && v >= 0.0))
      throw InvalidArgument(argument("fixed_profiles"), "held values must be finite and >= 0");
  }
  SolveOptions solve = options.solve;
  solve.n_factors = static_cast<int>(p);
  detail::Pulls held;
  if (constrained) {  // held elements need the pulled ALS (fit_from's solvers cannot hold them)
    solve.method = Method::als;
    held.f_fixed = options.fixed_profiles;
  }

  std::vector<BootRun> runs(static_cast<std::size_t>(options.n_boot));
  parallel_for(
      runs.size(), options.n_threads,
      [&](std::size_t r) {
        RandomStream stream(options.seed, r);
        // Circular block bootstrap: blocks of consecutive samples from random starts.
        std::vector<Eigen::Index> rows;
        rows.reserve(static_cast<std::size_t>(n));
        while (static_cast<Eigen::Index>(rows.size()) < n) {
          const auto start =
              static_cast<Eigen::Index>(stream.uniform_index(static_cast<std::uint64_t>(n)));
          for (int t = 0; t < out.block_size && static_cast<Eigen::Index>(rows.size()) < n; ++t)
            rows.push_back((start + t) % n);
        }
        Eigen::MatrixXd Xb(n, m), Ub(n, m), Gb(n, p);
        for (Eigen::Index i = 0; i < n; ++i) {
          Xb.row(i) = X.row(rows[i]);
          Ub.row(i) = U.row(rows[i]);
          Gb.row(i) = G.row(rows[i]);
        }
        BootRun& run = runs[r];
        run.fit = constrained ? detail::fit_pulled(Xb, Ub, solve, Gb, F, held).fit
                              : fit_from(Xb, Ub, solve, Gb, F);  // from the base profiles
        run.best_base.assign(static_cast<std::size_t>(p), 0);
        run.mapped.assign(static_cast<std::size_t>(p), 0);
        for (Eigen::Index h = 0; h < p; ++h) {
          double best = -2.0;
          for (Eigen::Index k = 0; k < p; ++k) {
            const double c = detail::correlation(run.fit.G.col(h), Gb.col(k));
            if (c > best) {
              best = c;
              run.best_base[h] = static_cast<int>(k);
            }
          }
          run.mapped[h] = best >= options.min_correlation;
        }
        run.profiles = Eigen::MatrixXd::Constant(p, m, std::numeric_limits<double>::quiet_NaN());
        for (Eigen::Index h = 0; h < p; ++h) {
          if (!run.mapped[h] || run.best_base[h] != h)
            continue;  // only a BS factor found as itself
          const double mean = run.fit.G.col(h).mean();
          run.profiles.row(h) = run.fit.F.row(h) * mean;
        }
      },
      options.progress);

  out.mapping = Eigen::MatrixXi::Zero(p, p + 1);
  for (auto& run : runs) {
    for (Eigen::Index h = 0; h < p; ++h) {
      if (run.mapped[h]) ++out.mapping(h, run.best_base[h]);
      else ++out.mapping(h, p);
    }
    out.q_robust.push_back(run.fit.q_robust);
    out.iterations.push_back(run.fit.iterations);
    out.converged.push_back(run.fit.converged);
    out.profiles.push_back(std::move(run.profiles));
  }
  Eigen::MatrixXd* stats[] = {&out.p05, &out.p25, &out.median, &out.p75, &out.p95};
  const double qs[] = {0.05, 0.25, 0.5, 0.75, 0.95};
  for (auto* s : stats) s->resize(p, m);
  for (Eigen::Index k = 0; k < p; ++k)
    for (Eigen::Index j = 0; j < m; ++j) {
      std::vector<double> v;
      for (const auto& prof : out.profiles)
        if (!std::isnan(prof(k, j))) v.push_back(prof(k, j));
      for (int s = 0; s < 5; ++s) (*stats[s])(k, j) = detail::quantile(v, qs[s]);
    }
  return out;
}

}  // namespace aqm::pmf
