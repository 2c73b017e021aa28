// PMF BS-DISP: displacement inside bootstrap resamples (Paatero et al. 2014, AMT 7:781).
#include "aqm/pmf/bs_displacement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "aqm/core/error.hpp"
#include "aqm/core/random.hpp"
#include "aqm/pmf/bootstrap.hpp"
#include "aqm/pmf/displacement.hpp"
#include "aqm/pmf/detail/statistics.hpp"

namespace aqm::pmf {

namespace {

struct Resample {
  std::vector<char> self_mapped;  // per factor
  DisplacementResult disp;
};

// Circular block bootstrap rows, drawn as `bootstrap` draws them.
std::vector<Eigen::Index> resample_rows(std::uint64_t seed, std::size_t r, Eigen::Index n,
                                        int block) {
  RandomStream stream(seed, r);
  std::vector<Eigen::Index> rows;
  rows.reserve(static_cast<std::size_t>(n));
  while (static_cast<Eigen::Index>(rows.size()) < n) {
    const auto start =
        static_cast<Eigen::Index>(stream.uniform_index(static_cast<std::uint64_t>(n)));
    for (int t = 0; t < block && static_cast<Eigen::Index>(rows.size()) < n; ++t)
      rows.push_back((start + t) % n);
  }
  return rows;
}

}  // namespace

BsDispResult bs_displacement(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                             const Eigen::MatrixXd& G, const Eigen::MatrixXd& F,
                             const BsDispOptions& options) {
  const Eigen::Index n = X.rows(), m = X.cols(), p = F.rows();
  if (G.rows() != n || G.cols() != p || F.cols() != m || U.rows() != n || U.cols() != m)
    throw InvalidArgument(argument("bs_disp"), "X, U, G, F shapes do not agree");
  if (options.n_boot < 1)
    throw InvalidArgument(argument("n_boot"), std::to_string(options.n_boot) + " must be >= 1");
  if (options.block_size < 0 || options.block_size > n)
    throw InvalidArgument(argument("block_size"),
                          std::to_string(options.block_size) + " must be in [0, samples]");
  if (!(options.min_correlation > -1.0 && options.min_correlation < 1.0))
    throw InvalidArgument(argument("min_correlation"), "must be within (-1, 1)");
  BsDispResult out;
  out.dq_max = options.dq_max;
  if (options.block_size > 0) {
    out.block_size = options.block_size;
  } else {  // the rule `bootstrap` uses: median over factors of the automatic length
    std::vector<double> sizes;
    for (Eigen::Index k = 0; k < p; ++k) sizes.push_back(optimal_block_size(G.col(k)));
    out.block_size = std::max(1, static_cast<int>(std::lround(detail::quantile(sizes, 0.5))));
  }
  SolveOptions solve = with_defaults(options.solve);
  solve.n_factors = static_cast<int>(p);
  solve.method = Method::als;
  DisplacementOptions disp;
  disp.dq_max = options.dq_max;
  disp.bisection_steps = options.bisection_steps;
  disp.n_threads = 1;  // the resamples are the parallel items
  disp.solve = solve;

  std::vector<Resample> resamples(static_cast<std::size_t>(options.n_boot));
  parallel_for(
      resamples.size(), options.n_threads,
      [&](std::size_t r) {
        const std::vector<Eigen::Index> rows = resample_rows(options.seed, r, n, out.block_size);
        Eigen::MatrixXd Xb(n, m), Ub(n, m), Gb(n, p);
        for (Eigen::Index i = 0; i < n; ++i) {
          Xb.row(i) = X.row(rows[i]);
          Ub.row(i) = U.row(rows[i]);
          Gb.row(i) = G.row(rows[i]);
        }
        const FitResult fit = fit_from(Xb, Ub, solve, Gb, F);
        Resample& res = resamples[r];
        res.self_mapped.assign(static_cast<std::size_t>(p), 0);
        for (Eigen::Index h = 0; h < p; ++h) {
          Eigen::Index best = 0;
          double best_r = -2.0;
          for (Eigen::Index k = 0; k < p; ++k) {
            const double c = detail::correlation(fit.G.col(h), Gb.col(k));
            if (c > best_r) {
              best_r = c;
              best = k;
            }
          }
          res.self_mapped[h] = best == h && best_r >= options.min_correlation;
        }
        res.disp = displacement(Xb, Ub, fit.G, fit.F, disp);
      },
      options.progress);

  const std::size_t levels = options.dq_max.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.lower.assign(levels, Eigen::MatrixXd::Constant(p, m, nan));
  out.upper.assign(levels, Eigen::MatrixXd::Constant(p, m, nan));
  out.swaps = Eigen::MatrixXi::Zero(static_cast<Eigen::Index>(levels), p);
  out.mapped = Eigen::VectorXi::Zero(p);
  for (const Resample& res : resamples) {
    out.fits += res.disp.fits;
    out.largest_decrease.push_back(res.disp.largest_decrease);
    if (res.disp.largest_decrease < -1e-6 * res.disp.q_base) ++out.resamples_with_decrease;
    for (Eigen::Index k = 0; k < p; ++k) {
      for (std::size_t l = 0; l < levels; ++l)
        if (res.disp.swaps(static_cast<Eigen::Index>(l), k) > 0)
          ++out.swaps(static_cast<Eigen::Index>(l), k);
      if (!res.self_mapped[k]) continue;
      ++out.mapped(k);
      for (std::size_t l = 0; l < levels; ++l) {
        auto lo = out.lower[l].row(k), hi = out.upper[l].row(k);
        const auto dlo = res.disp.lower[l].row(k), dhi = res.disp.upper[l].row(k);
        for (Eigen::Index j = 0; j < m; ++j) {
          lo(j) = std::isnan(lo(j)) ? dlo(j) : std::min(lo(j), dlo(j));
          hi(j) = std::isnan(hi(j)) ? dhi(j) : std::max(hi(j), dhi(j));
        }
      }
    }
  }
  return out;
}

}  // namespace aqm::pmf
