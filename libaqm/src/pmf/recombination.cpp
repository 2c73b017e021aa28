// Refinement of the best PMF base run by recombination (see detail/recombination.hpp).
#include "aqm/pmf/detail/recombination.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "aqm/core/parallel.hpp"
#include "aqm/pmf/detail/random_start.hpp"

namespace aqm::pmf::detail {

namespace {

double score(const FitResult& f, const SolveOptions& o) {
  const double q = o.robust ? f.q_robust : f.q_true;
  return std::isfinite(q) ? q : HUGE_VAL;
}

// Profiles in units of each species' mean uncertainty, rows normalised: comparable shapes.
Eigen::MatrixXd shapes(const Eigen::MatrixXd& F, const Eigen::VectorXd& unc_scale) {
  Eigen::MatrixXd S = F * unc_scale.cwiseInverse().asDiagonal();
  for (Eigen::Index k = 0; k < S.rows(); ++k) {
    const double norm = S.row(k).norm();
    if (norm > 0.0) S.row(k) /= norm;
  }
  return S;
}

constexpr double kSameShape = 0.98;  // cosine above which two profiles count as one factor

// One factor of another run taking the place of the start's closest factor.
struct Swap {
  Eigen::Index factor, replaces;
};

// Factors of another run swapped in, or (from == nullptr) factors of the start redrawn.
struct Candidate {
  const FitResult* from;
  std::vector<Swap> swaps;  // one or two; for a redraw, `replaces` names the factor
};

// Singles: every profile no factor of the start resembles (near-duplicates once).  Pairs: two
// such profiles of the same run that replace two different factors — the lower minima of
// EPA's Baton Rouge data differ from a run's in two factors at once, which no single swap
// reaches (benchmarks/README.md).
std::vector<Candidate> candidates(const Eigen::MatrixXd& base,
                                  const std::vector<const FitResult*>& others,
                                  const Eigen::VectorXd& unc_scale) {
  std::vector<Candidate> out;
  Eigen::MatrixXd tried(0, base.cols());
  for (const FitResult* other : others) {
    const Eigen::MatrixXd s = shapes(other->F, unc_scale);
    std::vector<Swap> novel;
    for (Eigen::Index h = 0; h < s.rows(); ++h) {
      Eigen::Index closest = 0;
      if ((base * s.row(h).transpose()).maxCoeff(&closest) >= kSameShape) continue;
      novel.push_back({h, closest});
      if (tried.rows() > 0 && (tried * s.row(h).transpose()).maxCoeff() >= kSameShape) continue;
      tried.conservativeResize(tried.rows() + 1, Eigen::NoChange);
      tried.row(tried.rows() - 1) = s.row(h);
      out.push_back({other, {novel.back()}});
    }
    for (std::size_t a = 0; a < novel.size(); ++a)
      for (std::size_t b = a + 1; b < novel.size(); ++b)
        if (novel[a].replaces != novel[b].replaces) out.push_back({other, {novel[a], novel[b]}});
  }
  return out;
}

// Redraws: every factor of the start redrawn at random kRedrawsPerFactor times, every pair and
// triple once — fresh factors in place of mixed ones reach minima no run of the batch found.
std::vector<Candidate> redraws(Eigen::Index p) {
  std::vector<Candidate> out;
  for (Eigen::Index k = 0; k < p; ++k)
    for (int d = 0; d < kRedrawsPerFactor; ++d) out.push_back({nullptr, {{k, k}}});
  for (Eigen::Index a = 0; a < p; ++a)
    for (Eigen::Index b = a + 1; b < p; ++b) {
      out.push_back({nullptr, {{a, a}, {b, b}}});
      for (Eigen::Index c = b + 1; c < p; ++c) out.push_back({nullptr, {{a, a}, {b, b}, {c, c}}});
    }
  return out;
}

// Candidates in order of their objective after `sweeps` more warm sweeps from `from`.
std::vector<std::size_t> rank_after(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                                    const SolveOptions& o, int sweeps,
                                    const std::vector<std::size_t>& which,
                                    std::vector<FitResult>& from, int n_threads) {
  SolveOptions screen = o;
  screen.max_iter = std::min(o.max_iter, sweeps);
  parallel_for(which.size(), n_threads, [&](std::size_t c) {
    FitResult& f = from[which[c]];
    f = fit_from(X, U, screen, f.G, f.F);
  });
  std::vector<std::size_t> order = which;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return score(from[a], o) < score(from[b], o);
  });
  return order;
}

// One round: every candidate built from out.fit is screened with a few sweeps (a wrong basin
// is already hundreds above a right one), a shortlist with more, the most promising are
// finished to convergence, and the lowest replaces out.fit when it is lower.  Redraws use
// stream c of `family`.
bool improve(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const SolveOptions& o,
             const std::vector<Candidate>& cands, const RandomStream& family, int n_threads,
             Refinement& out) {
  const StartScales scales = start_scales(X, static_cast<int>(out.fit.F.rows()));
  std::vector<FitResult> screened(cands.size());
  parallel_for(cands.size(), n_threads, [&](std::size_t c) {
    Eigen::MatrixXd G = out.fit.G, F = out.fit.F;
    RandomStream stream = family.split(c);
    for (const Swap& s : cands[c].swaps) {
      if (cands[c].from == nullptr) {
        redraw_factor(scales, stream, G, F, s.replaces);
        continue;
      }
      G.col(s.replaces) = cands[c].from->G.col(s.factor);
      F.row(s.replaces) = cands[c].from->F.row(s.factor);
    }
    screened[c].G = std::move(G);
    screened[c].F = std::move(F);
  });
  std::vector<std::size_t> order(cands.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  order = rank_after(X, U, o, kScreenSweeps, order, screened, n_threads);
  order.resize(std::min(order.size(), kShortlist));
  out.fits += static_cast<long>(cands.size() + order.size());
  order = rank_after(X, U, o, kShortlistSweeps, order, screened, n_threads);
  order.resize(std::min(order.size(), kFinished));
  std::vector<FitResult> finished(order.size());
  parallel_for(order.size(), n_threads, [&](std::size_t c) {
    const FitResult& s = screened[order[c]];
    finished[c] = fit_from(X, U, o, s.G, s.F);
  });
  out.fits += static_cast<long>(finished.size());
  bool improved = false;
  for (FitResult& f : finished)
    if (score(f, o) < score(out.fit, o) * (1.0 - 1e-7)) {
      out.fit = std::move(f);
      improved = true;
    }
  return improved;
}

// The runs with a finite Q, lowest first, without duplicates: a run each of whose profiles
// has the shape of one of an earlier kept run's offers no new factor.
std::vector<const FitResult*> distinct_runs(const std::vector<FitResult>& runs,
                                            const SolveOptions& o,
                                            const Eigen::VectorXd& unc_scale) {
  std::vector<const FitResult*> sorted;
  for (const FitResult& r : runs)
    if (score(r, o) < HUGE_VAL) sorted.push_back(&r);
  std::stable_sort(sorted.begin(), sorted.end(), [&](const FitResult* a, const FitResult* b) {
    return score(*a, o) < score(*b, o);
  });
  std::vector<const FitResult*> kept;
  std::vector<Eigen::MatrixXd> kept_shapes;
  for (const FitResult* r : sorted) {
    const Eigen::MatrixXd s = shapes(r->F, unc_scale);
    bool duplicate = false;
    for (const Eigen::MatrixXd& k : kept_shapes)
      duplicate =
          duplicate || ((k * s.transpose()).colwise().maxCoeff().array() >= kSameShape).all();
    if (duplicate) continue;
    kept.push_back(r);
    kept_shapes.push_back(s);
  }
  return kept;
}

}  // namespace

Refinement refine_runs(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                       const SolveOptions& options, const std::vector<FitResult>& runs,
                       int n_threads, std::uint64_t seed) {
  const SolveOptions o = with_defaults(options);
  const Eigen::VectorXd unc_scale = U.colwise().mean().transpose();
  const std::vector<const FitResult*> distinct = distinct_runs(runs, o, unc_scale);
  Refinement out;
  if (distinct.empty()) return out;
  out.fit = *distinct.front();
  const double q_best_run = score(out.fit, o);
  const std::size_t n_starts = std::min(kRecombinationStarts, distinct.size());
  for (std::size_t start = 0; start < n_starts; ++start) {
    Refinement from;
    from.fit = *distinct[start];
    std::vector<const FitResult*> others = distinct;
    others.erase(others.begin() + static_cast<std::ptrdiff_t>(start));
    improve(X, U, o, candidates(shapes(from.fit.F, unc_scale), others, unc_scale),
            RandomStream(seed, 0), n_threads, from);
    out.fits += from.fits;
    if (score(from.fit, o) < score(out.fit, o)) out.fit = std::move(from.fit);
  }
  // Redraws around the recombined fit, kRedrawRounds times (a round that finds nothing is not
  // the end: the next draws differ).
  for (int round = 1; round <= kRedrawRounds; ++round)
    improve(X, U, o, redraws(out.fit.F.rows()), RandomStream(seed, round), n_threads, out);
  out.improved = score(out.fit, o) < q_best_run;
  return out;
}

}  // namespace aqm::pmf::detail
