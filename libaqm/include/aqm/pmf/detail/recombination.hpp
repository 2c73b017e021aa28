#pragma once
// Refinement of the best base run: PMF's random starts land in a handful of local minima that
// differ in one to three factors.  Round 1 (recombination): each profile another run found and
// the best run lacks, and each pair of them from one run, replaces the best run's most similar
// factor(s).  Rounds 2–3 (redraws): each factor, pair and triple of factors of the result is
// redrawn at random — a mixed factor of a poor minimum that no run of the batch improved on.
// In every round each candidate is screened with a few warm sweeps and the most promising are
// fitted to convergence; one is kept only when its Q(robust) (Q(true) when not robust) is
// lower, so refinement never worsens the run.
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "aqm/pmf/solver.hpp"

namespace aqm::pmf::detail {

struct Refinement {
  FitResult fit;        ///< the refined fit (the input when nothing was better)
  bool improved = false;
  long fits = 0;        ///< warm fits performed (screened and finished)
};

/// Sweeps a candidate gets before the ranking, and how many are then fitted to convergence
/// (10 sweeps instead of 15 lost one batch of 16 on each EPA example; benchmarks/README.md).
constexpr int kScreenSweeps = 15;
constexpr std::size_t kFinished = 3;
/// Random redraws of each single factor per round (each pair and triple gets one), and rounds.
constexpr int kRedrawsPerFactor = 4;
constexpr int kRedrawRounds = 2;

/// Every profile of `others` that no factor of `start` resembles (cosine < 0.98 with species
/// in units of their mean uncertainty; near-duplicates tried once), and every pair of such
/// profiles of one run, replaces the factor(s) of `start` it is closest to; then the redraw
/// rounds (streams of `seed`).  Candidates are fitted warm on `n_threads`.
Refinement refine_by_recombination(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                                   const SolveOptions& options, FitResult start,
                                   const std::vector<const FitResult*>& others, int n_threads,
                                   std::uint64_t seed);

}  // namespace aqm::pmf::detail
