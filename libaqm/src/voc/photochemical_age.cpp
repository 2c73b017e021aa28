#include "aqm/voc/photochemical_age.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "aqm/core/error.hpp"

namespace aqm::voc {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool usable(double x) { return std::isfinite(x) && x > 0.0; }

double at(const Eigen::VectorXd& v, Eigen::Index i) { return v.size() == 1 ? v(0) : v(i); }

void check_rates(const Eigen::VectorXd& k_fast, const Eigen::VectorXd& k_slow, Eigen::Index n) {
  for (const auto* k : {&k_fast, &k_slow}) {
    const char* name = k == &k_fast ? "k_fast" : "k_slow";
    if (k->size() != 1 && k->size() != n)
      throw InvalidArgument(argument(name), std::to_string(k->size()) + " values for " +
                                                std::to_string(n) +
                                                " samples (give one value or one per sample)");
  }
  const Eigen::Index m = std::max(k_fast.size(), k_slow.size());
  for (Eigen::Index i = 0; i < m; ++i) {
    const double kf = at(k_fast, i), ks = at(k_slow, i);
    if (!(std::isfinite(kf) && std::isfinite(ks) && ks >= 0.0 && kf > ks))
      throw InvalidArgument(argument("k_fast"),
                            "need finite rate coefficients with k_fast > k_slow >= 0, got " +
                                std::to_string(kf) + " and " + std::to_string(ks) + " (sample " +
                                std::to_string(i) + ")");
  }
}

void check_sd(double exposure, double sd, Eigen::Index i) {
  if (std::isfinite(exposure) && !(std::isfinite(sd) && sd > 0.0))
    throw InvalidArgument(argument("sd"),
                          "need a finite standard uncertainty > 0 for every finite exposure, "
                          "got " +
                              std::to_string(sd) + " (sample " + std::to_string(i) + ")");
}

}  // namespace

double oh_exposure(double ratio0, double ratio, double k_fast, double k_slow) {
  if (!usable(ratio0)) throw InvalidArgument(argument("ratio0"), "must be finite and > 0");
  if (!usable(ratio)) throw InvalidArgument(argument("ratio"), "must be finite and > 0");
  check_rates(Eigen::VectorXd::Constant(1, k_fast), Eigen::VectorXd::Constant(1, k_slow), 1);
  return (std::log(ratio0) - std::log(ratio)) / (k_fast - k_slow);
}

PairExposure pair_oh_exposure(const Eigen::VectorXd& fast, const Eigen::VectorXd& slow,
                              double ratio0, const Eigen::VectorXd& k_fast,
                              const Eigen::VectorXd& k_slow, double mdl_fast, double mdl_slow) {
  const Eigen::Index n = fast.size();
  if (slow.size() != n)
    throw InvalidArgument(argument("slow"),
                          std::to_string(slow.size()) + " samples, fast has " + std::to_string(n));
  if (!usable(ratio0)) throw InvalidArgument(argument("ratio0"), "must be finite and > 0");
  if (!(mdl_fast >= 0.0 && mdl_slow >= 0.0 && std::isfinite(mdl_fast) && std::isfinite(mdl_slow)))
    throw InvalidArgument(argument("mdl"), "detection limits must be finite and >= 0");
  check_rates(k_fast, k_slow, n);

  PairExposure out;
  out.oh_exposure = Eigen::VectorXd::Constant(n, kNaN);
  out.status.assign(static_cast<std::size_t>(n), AgeStatus::ok);
  const double log_ratio0 = std::log(ratio0);
  for (Eigen::Index i = 0; i < n; ++i) {
    auto& status = out.status[static_cast<std::size_t>(i)];
    const double x = fast(i), e = slow(i);
    if (!usable(x) || !usable(e)) {
      status = AgeStatus::missing;
      ++out.n_missing;
      continue;
    }
    if (x <= mdl_fast || e <= mdl_slow) {
      status = AgeStatus::below_mdl;
      ++out.n_below_mdl;
      continue;
    }
    const double exposure = (log_ratio0 - std::log(x / e)) / (at(k_fast, i) - at(k_slow, i));
    if (exposure < 0.0) {
      status = AgeStatus::clipped;
      ++out.n_clipped;
    }
    out.oh_exposure(i) = std::max(exposure, 0.0);
  }
  return out;
}

double emission_ratio(const Eigen::VectorXd& fast, const Eigen::VectorXd& slow,
                      const std::vector<bool>& use, double percentile, double mdl_fast,
                      double mdl_slow) {
  const Eigen::Index n = fast.size();
  if (slow.size() != n || static_cast<Eigen::Index>(use.size()) != n)
    throw InvalidArgument(argument("use"), "fast, slow and use need the same number of samples");
  if (!(percentile >= 0.0 && percentile <= 100.0))
    throw InvalidArgument(argument("percentile"), "must be within [0, 100]");
  std::vector<double> ratios;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double x = fast(i), e = slow(i);
    if (use[static_cast<std::size_t>(i)] && usable(x) && usable(e) && x > mdl_fast && e > mdl_slow)
      ratios.push_back(x / e);
  }
  if (ratios.empty())
    throw InvalidArgument(argument("use"),
                          "no selected sample has both species above their detection limits");
  std::sort(ratios.begin(), ratios.end());
  const double pos = percentile / 100.0 * static_cast<double>(ratios.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, ratios.size() - 1);
  return ratios[lo] + (pos - static_cast<double>(lo)) * (ratios[hi] - ratios[lo]);
}

Eigen::MatrixXd initial_concentrations(const Eigen::MatrixXd& observed, const Eigen::MatrixXd& k,
                                       const Eigen::VectorXd& oh_exposure) {
  const Eigen::Index n = observed.rows(), m = observed.cols();
  if (oh_exposure.size() != n)
    throw InvalidArgument(
        argument("oh_exposure"),
        std::to_string(oh_exposure.size()) + " values for " + std::to_string(n) + " samples");
  if (k.cols() != m || (k.rows() != 1 && k.rows() != n))
    throw InvalidArgument(argument("k"),
                          "need one row or one row per sample, and one column per species");
  if (!(k.array().isFinite().all() && (k.array() >= 0.0).all()))
    throw InvalidArgument(argument("k"), "rate coefficients must be finite and >= 0");
  Eigen::MatrixXd out(n, m);
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::Index row = k.rows() == 1 ? 0 : i;
    for (Eigen::Index j = 0; j < m; ++j)
      out(i, j) = observed(i, j) * std::exp(k(row, j) * oh_exposure(i));
  }
  return out;
}

ExposureEstimate combine_exposures(const Eigen::MatrixXd& oh_exposure, const Eigen::MatrixXd& sd) {
  if (sd.rows() != oh_exposure.rows() || sd.cols() != oh_exposure.cols())
    throw InvalidArgument(argument("sd"), "need the shape of oh_exposure");
  const Eigen::Index n = oh_exposure.rows();
  ExposureEstimate out{Eigen::VectorXd::Constant(n, kNaN), Eigen::VectorXd::Constant(n, kNaN)};
  for (Eigen::Index i = 0; i < n; ++i) {
    double sum_w = 0.0, sum_we = 0.0;
    for (Eigen::Index j = 0; j < oh_exposure.cols(); ++j) {
      const double e = oh_exposure(i, j), s = sd(i, j);
      check_sd(e, s, i);
      if (!std::isfinite(e)) continue;
      sum_w += 1.0 / (s * s);
      sum_we += e / (s * s);
    }
    if (sum_w > 0.0) {
      out.oh_exposure(i) = sum_we / sum_w;
      out.sd(i) = 1.0 / std::sqrt(sum_w);
    }
  }
  return out;
}

ExposureEstimate smooth_exposure(const Eigen::VectorXd& time, const Eigen::VectorXd& oh_exposure,
                                 const Eigen::VectorXd& sd, double window) {
  const Eigen::Index n = oh_exposure.size();
  if (time.size() != n || sd.size() != n)
    throw InvalidArgument(argument("time"),
                          "time, oh_exposure and sd need the same number of samples");
  if (!(std::isfinite(window) && window >= 0.0))
    throw InvalidArgument(argument("window"), "must be finite and >= 0");
  for (Eigen::Index i = 0; i < n; ++i) {
    check_sd(oh_exposure(i), sd(i), i);
    if (!std::isfinite(time(i)) || (i > 0 && !(time(i) > time(i - 1))))
      throw InvalidArgument(argument("time"), "must be finite and strictly increasing (sample " +
                                                  std::to_string(i) + ")");
  }
  if (window == 0.0) return {oh_exposure, sd};
  const double half = window / 2.0;
  ExposureEstimate out{Eigen::VectorXd::Constant(n, kNaN), Eigen::VectorXd::Constant(n, kNaN)};
  Eigen::Index first = 0;  // first sample inside the window of sample i
  for (Eigen::Index i = 0; i < n; ++i) {
    while (time(first) < time(i) - half) ++first;
    double sum_w = 0.0, sum_we = 0.0;
    for (Eigen::Index j = first; j < n && time(j) <= time(i) + half; ++j) {
      if (!std::isfinite(oh_exposure(j))) continue;
      const double w = 1.0 / (sd(j) * sd(j));
      sum_w += w;
      sum_we += w * oh_exposure(j);
    }
    if (sum_w > 0.0) {
      out.oh_exposure(i) = sum_we / sum_w;
      out.sd(i) = 1.0 / std::sqrt(sum_w);
    }
  }
  return out;
}

}  // namespace aqm::voc
