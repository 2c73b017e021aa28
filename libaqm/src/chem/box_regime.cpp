#include <cmath>
#include <limits>

#include "aqm/chem/regime.hpp"

namespace aqm::chem {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

std::string classify_hcho_no2(double r) {
  if (std::isnan(r)) return "undetermined";
  return r < 1.0 ? "VOC-limited" : r > 2.0 ? "NOx-limited" : "transitional";
}
std::string classify_h2o2_hno3(double r) {
  if (std::isnan(r)) return "undetermined";
  return r < 0.3 ? "VOC-limited" : r > 0.5 ? "NOx-limited" : "transitional";
}
std::string classify_ln_q(double r) {
  if (std::isnan(r)) return "undetermined";
  return r > 0.5 ? "VOC-limited" : r < 0.5 ? "NOx-limited" : "transitional";
}

std::vector<RegimeIndicator> regime_indicators(const Mechanism& m, const BoxResult& r,
                                               const RegimeOptions& o, const IsoplethResult* iso,
                                               IsoplethMetric metric) {
  std::string hcho = o.hcho;
  if (hcho.empty()) hcho = m.find_species("FORM") ? "FORM" : "HCHO";
  for (const auto& s : {hcho, o.no2, o.h2o2, o.hno3})
    if (!m.find_species(s))
      throw KeyError(argument(s), "indicator species is not in the mechanism");
  double a = o.window_start, b = o.window_end;
  if (std::isnan(a) || std::isnan(b)) {
    // Sunlit part of the run: output times with some J > 0.
    double first = kNaN, last = kNaN;
    for (std::size_t k = 0; k < r.time.size(); ++k)
      if (r.photolysis.cols() > 0 &&
          r.photolysis.row(static_cast<Eigen::Index>(k)).maxCoeff() > 0) {
        if (std::isnan(first)) first = r.time[k];
        last = r.time[k];
      }
    if (std::isnan(a)) a = std::isnan(first) ? r.time.front() : first;
    if (std::isnan(b)) b = std::isnan(last) ? r.time.back() : last;
  }
  auto mean = [&](const std::string& s) { return mean_series(r.time, r.series(s), a, b); };
  std::vector<RegimeIndicator> out;
  const double f = mean(hcho) / mean(o.no2);
  out.push_back({"HCHO/NO2", f, classify_hcho_no2(f),
                 "<1 VOC-limited, 1-2 transitional, >2 NOx-limited (Duncan et al. 2010)"});
  const double h = mean(o.h2o2) / mean(o.hno3);
  out.push_back({"H2O2/HNO3", h, classify_h2o2_hno3(h),
                 "<0.3 VOC-limited, 0.3-0.5 transitional, >0.5 NOx-limited (Sillman 1995)"});
  const RadicalOptions ro = o.radicals.radicals.empty() ? default_radical_options(m) : o.radicals;
  const RadicalBudget rb = radical_budget(m, r, ro);
  const double q = integrate_series(r.time, rb.q, a, b), ln = integrate_series(r.time, rb.ln, a, b);
  const double lq = q > 0 ? ln / q : kNaN;
  out.push_back(
      {"LN/Q", lq, classify_ln_q(lq), ">0.5 VOC-limited, <0.5 NOx-limited (Kleinman et al. 1997)"});
  if (iso)
    out.push_back({"isopleth", kNaN, iso->regime(metric),
                   "side of the " + to_string(metric) + " ridge the base point is on"});
  return out;
}

}  // namespace aqm::chem
