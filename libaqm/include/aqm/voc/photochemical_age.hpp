#pragma once
// Photochemical age from the ratio of two VOCs emitted together, one faster to react with OH
// (X) than the other (E):
//
//   [OH]·Δt = (ln(X/E)₀ − ln(X/E)ₜ) / (k_X − k_E)
//   [VOC]₀  = [VOC]ₜ · exp(k · [OH]·Δt)
//
// (Nelson & Quigley 1983 for the xylene/ethylbenzene clock; the form as in Shao et al. 2011 and
// He et al. 2019 for initial-concentration PMF).  Exposures are in molecule cm⁻³ s and rate
// coefficients in cm³ molecule⁻¹ s⁻¹; concentrations only enter as ratios, so any unit works
// if X and E share it.
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace aqm::voc {

/// What happened to one sample's OH-exposure estimate.
enum class AgeStatus : std::uint8_t {
  ok = 0,
  clipped = 1,    ///< ratio above the emission ratio (negative age): set to 0
  missing = 2,    ///< X or E missing, non-finite or <= 0: exposure NaN
  below_mdl = 3,  ///< X or E at or below its detection limit: exposure NaN
};

/// OH exposure per sample of one species pair.
struct PairExposure {
  Eigen::VectorXd oh_exposure;    ///< molecule cm⁻³ s; NaN where missing or below MDL
  std::vector<AgeStatus> status;  ///< per sample
  std::size_t n_clipped = 0;
  std::size_t n_missing = 0;
  std::size_t n_below_mdl = 0;
};

/// [OH]·Δt of one sample; may be negative (no clipping).  Throws InvalidArgument unless both
/// ratios are finite and > 0 and k_fast > k_slow.
double oh_exposure(double ratio0, double ratio, double k_fast, double k_slow);

/// [OH]·Δt for every sample of X (`fast`) and E (`slow`).  `k_fast`/`k_slow` hold one value per
/// sample (temperature-dependent kOH) or a single value for all.  A value <= its MDL
/// (`mdl_fast`, `mdl_slow`; 0 = no MDL) gives NaN and status below_mdl; a negative exposure
/// becomes 0 (status clipped).  Throws InvalidArgument naming the argument for sizes that do
/// not match, a ratio0 that is not finite and > 0, or k_fast <= k_slow in any sample.
PairExposure pair_oh_exposure(const Eigen::VectorXd& fast, const Eigen::VectorXd& slow,
                              double ratio0, const Eigen::VectorXd& k_fast,
                              const Eigen::VectorXd& k_slow, double mdl_fast = 0.0,
                              double mdl_slow = 0.0);

/// Emission ratio (X/E)₀ estimated as the `percentile` (0–100, linear interpolation between
/// order statistics as numpy's default) of X/E over the samples with `use` set and both values
/// above their MDLs.  Throws InvalidArgument when no sample qualifies.
double emission_ratio(const Eigen::VectorXd& fast, const Eigen::VectorXd& slow,
                      const std::vector<bool>& use, double percentile, double mdl_fast = 0.0,
                      double mdl_slow = 0.0);

/// Initial concentrations x₀ = x · exp(k · E) for samples (rows) × species (columns).  `k` is
/// samples × species or one row for all samples; NaN in x or E gives NaN.
Eigen::MatrixXd initial_concentrations(const Eigen::MatrixXd& observed, const Eigen::MatrixXd& k,
                                       const Eigen::VectorXd& oh_exposure);

/// An OH exposure per sample with its standard uncertainty.
struct ExposureEstimate {
  Eigen::VectorXd oh_exposure;  ///< molecule cm⁻³ s; NaN where no estimate
  Eigen::VectorXd sd;           ///< standard uncertainty, same unit; NaN where no estimate
};

/// Inverse-variance weighted mean of several exposure estimates per sample (columns: the
/// estimates, e.g. one per species pair): E = Σ wⱼEⱼ / Σ wⱼ, wⱼ = 1/σⱼ², σ = 1/sqrt(Σ wⱼ)
/// (the estimates' errors are taken as independent).  A NaN estimate is skipped; a sample with
/// none gives NaN.  Throws InvalidArgument for shapes that differ or a σ that is not finite
/// and > 0 where its estimate is finite.
ExposureEstimate combine_exposures(const Eigen::MatrixXd& oh_exposure, const Eigen::MatrixXd& sd);

/// Centred moving inverse-variance weighted mean over time: sample i averages the finite
/// samples j with |t_j − t_i| <= window/2 (`time` in hours, strictly increasing; gaps in time
/// shrink the window rather than joining distant samples), σ_i = 1/sqrt(Σ w_j) (independent
/// errors).  window = 0 returns the input.  Throws InvalidArgument for sizes that differ, a
/// time that does not increase, a window that is negative or not finite, or a σ that is not
/// finite and > 0 where its exposure is finite.
ExposureEstimate smooth_exposure(const Eigen::VectorXd& time, const Eigen::VectorXd& oh_exposure,
                                 const Eigen::VectorXd& sd, double window);

}  // namespace aqm::voc
