// Temporal allocation (see aqm/emis/temporal.hpp).
#include "aqm/emis/detail/sector_selector.hpp"
#include "aqm/emis/temporal.hpp"

#include <cmath>

namespace aqm::emis {

void TemporalProfile::validate() const {
  auto check = [&](const double* w, std::size_t n, const char* what) {
    double sum = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      if (!std::isfinite(w[k]) || w[k] < 0.0)
        throw InvalidArgument(argument(name + "." + what + "[" + std::to_string(k) + "]"),
                              "weight must be finite and >= 0");
      sum += w[k];
    }
    if (!(sum > 0.0)) throw InvalidArgument(argument(name + "." + what), "all weights are zero");
  };
  check(monthly.data(), 12, "monthly");
  check(weekly.data(), 7, "weekly");
  check(diurnal.data(), 24, "diurnal");
}

int weekday(int y, int m, int d) {
  // days since 1970-01-01 (a Thursday) by the civil-from-days inverse (H. Hinnant's algorithm)
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const long days = era * 146097 + doe - 719468;
  long w = (days + 3) % 7;  // 1970-01-01 -> 3 (Thursday, Monday = 0)
  if (w < 0) w += 7;
  return int(w);
}

std::array<double, 12> monthly_fractions(const TemporalProfile& p, int year) {
  p.validate();
  std::array<double, 12> r{};
  double sum = 0.0;
  for (int m = 0; m < 12; ++m) {
    r[m] =
        p.monthly[m] * (p.monthly_mode == MonthlyMode::per_day ? days_in_month(year, m + 1) : 1.0);
    sum += r[m];
  }
  for (double& x : r) x /= sum;
  return r;
}

std::vector<double> hourly_fractions(const TemporalProfile& p, int year, int utc_offset_hours) {
  auto r = monthly_fractions(p, year);
  double qsum = 0.0;
  for (double q : p.diurnal) qsum += q;
  const std::size_t N = std::size_t(days_in_year(year)) * 24;
  std::vector<double> local(N);
  std::size_t k = 0;
  for (int m = 1; m <= 12; ++m) {
    const int nd = days_in_month(year, m);
    double wsum = 0.0;
    for (int d = 1; d <= nd; ++d) wsum += p.weekly[weekday(year, m, d)];
    for (int d = 1; d <= nd; ++d) {
      const double day = r[m - 1] * p.weekly[weekday(year, m, d)] / wsum;
      for (int h = 0; h < 24; ++h) local[k++] = day * p.diurnal[h] / qsum;
    }
  }
  if (utc_offset_hours < -12 || utc_offset_hours > 14)
    throw InvalidArgument(argument("utc_offset_hours"), "must lie in [-12, 14]");
  std::vector<double> out(N);
  // UTC hour u corresponds to local hour u + offset
  for (std::size_t u = 0; u < N; ++u) {
    long l = (long(u) + utc_offset_hours) % long(N);
    if (l < 0) l += long(N);
    out[u] = local[std::size_t(l)];
  }
  return out;
}

Inventory allocate_monthly(const Inventory& a,
                           const std::map<std::string, TemporalProfile>& profiles) {
  if (a.time_resolution() != TimeResolution::annual)
    throw InvalidArgument(argument(a.name), "inventory is already monthly");
  Inventory out = a.grid() ? Inventory::on_grid(a.sectors(), a.pollutants(), *a.grid(),
                                                TimeResolution::monthly, a.units(), a.year)
                           : Inventory(a.sectors(), a.pollutants(), a.places(),
                                       TimeResolution::monthly, a.units(), a.year);
  out.name = a.name;
  out.history() = a.history();
  const TemporalProfile flat;
  Operation op{"allocate_monthly", "", {}};
  for (std::size_t s = 0; s < a.n_sectors(); ++s) {
    const std::string& sec = a.sectors()[s];
    const TemporalProfile* found = detail::most_specific(profiles, sec);
    const TemporalProfile* prof = found ? found : &flat;
    op.parameters.emplace_back(sec, prof->name);
    auto r = monthly_fractions(*prof, a.year);
    for (std::size_t p = 0; p < a.n_pollutants(); ++p) {
      const bool rate = parse_unit(a.units()[p]).dim.time < 0;
      for (std::size_t m = 0; m < 12; ++m) {
        // mean rate in the month = annual rate * share / (days_m / days_year)
        const double f =
            rate ? r[m] * days_in_year(a.year) / days_in_month(a.year, int(m) + 1) : r[m];
        for (std::size_t pl = 0; pl < a.n_places(); ++pl)
          out.at(s, p, pl, m) = a.at(s, p, pl, 0) * f;
      }
    }
  }
  out.record(op);
  return out;
}

}  // namespace aqm::emis
