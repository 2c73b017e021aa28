#pragma once
// Refinement of the base runs: PMF's random starts land in a handful of local minima that
// differ in one to three factors.  Recombination: from each of the two lowest distinct runs,
// each profile another run found and it lacks, and each pair of them from one run, replaces
// its most similar factor(s) — a deep poor minimum that recombination from the best run
// cannot leave is often left from the second run (benchmarks/README.md).  Redraws: each
// factor, pair and triple of factors of the lowest result is redrawn at random, twice — a mixed
// factor of a poor minimum that no run of the batch improved on.  Candidates are screened with a
// few warm sweeps, the shortlist with more, and the most promising are fitted to convergence;
// one is kept only when its Q(robust) (Q(true) when not robust) is lower, so refinement never
// worsens the best run.
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "aqm/pmf/solver.hpp"

namespace aqm::pmf::detail {

struct Refinement {
  FitResult fit;  ///< the refined fit (the best run when nothing was better)
  bool improved = false;
  long fits = 0;  ///< warm fits performed (screened, shortlisted and finished)
};

/// Warm sweeps every candidate gets, then the shortlist's size and its further sweeps, and how
/// many are fitted to convergence.  15 sweeps for every candidate cost ~2.4× the sweeps of
/// this two-stage screen (~150–200 candidates); with it no batch of 32 missed on either EPA
/// example (benchmarks/README.md).
constexpr int kScreenSweeps = 5;
constexpr std::size_t kShortlist = 24;
constexpr int kShortlistSweeps = 10;
constexpr std::size_t kFinished = 3;
/// Distinct runs (lowest first) that recombination starts from.
constexpr std::size_t kRecombinationStarts = 2;
/// Random redraws of each single factor per round (each pair and triple gets one), and rounds.
constexpr int kRedrawsPerFactor = 4;
constexpr int kRedrawRounds = 2;

/// Refines the lowest of `runs` (ties: the earlier run): recombination from the
/// kRecombinationStarts lowest distinct runs (a run is a duplicate when each of its profiles
/// has cosine >= 0.98 with one of an earlier kept run, species in units of their mean
/// uncertainty), then the redraw rounds (streams of `seed`).  Candidates are fitted warm on
/// `n_threads`; runs without a finite Q take no part.
Refinement refine_runs(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                       const SolveOptions& options, const std::vector<FitResult>& runs,
                       int n_threads, std::uint64_t seed);

}  // namespace aqm::pmf::detail
