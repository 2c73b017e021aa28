#pragma once
// Temporal allocation in local time over a real calendar.
//
// A profile has 12 monthly, 7 weekly (Monday..Sunday) and 24 diurnal (local hour 0..23)
// weights.  The share of the annual total in local hour h of day d of month m is
//
//   r_m * w(weekday(d)) / sum_{d' in m} w(weekday(d')) * q_h / sum q,
//
// so monthly shares r_m are kept exactly, days inside a month follow the weekly cycle and hours
// the diurnal cycle; the sum over the year is 1 whatever the calendar (leap years included).
// r_m is f_m / sum f (MonthlyMode::share) or f_m days_m / sum f days (MonthlyMode::per_day,
// when f_m are per-day intensities, e.g. all 1 for a flat profile).
// UTC series are the local series shifted by the UTC offset, wrapping around the year end so
// the annual total is preserved (the year is treated as periodic across New Year).

#include <array>
#include <map>
#include <string>
#include <vector>

#include "aqm/emis/inventory.hpp"

namespace aqm::emis {

enum class MonthlyMode { share, per_day };

struct TemporalProfile {
  std::string name = "flat";
  std::array<double, 12> monthly{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  std::array<double, 7> weekly{1, 1, 1, 1, 1, 1, 1};  ///< Monday .. Sunday
  std::array<double, 24> diurnal{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};  ///< local hours
  MonthlyMode monthly_mode = MonthlyMode::per_day;
  /// Throws InvalidArgument naming the profile and slot for negative/non-finite weights or a
  /// cycle whose weights are all zero.
  void validate() const;
};

/// Day of the week of a Gregorian date, 0 = Monday .. 6 = Sunday.
int weekday(int year, int month, int day);

/// Shares of the annual total per calendar month of `year` (sum 1).
std::array<double, 12> monthly_fractions(const TemporalProfile& p, int year);

/// Shares of the annual total per hour of `year` (8760 or 8784 values, sum 1).  Index k is hour
/// k of the year in UTC when `utc_offset_hours` is the local zone's offset (local = UTC + off);
/// pass 0 for a local-time series.
std::vector<double> hourly_fractions(const TemporalProfile& p, int year, int utc_offset_hours = 0);

/// Annual inventory -> monthly inventory with the sector's profile ("*" = default; sectors
/// without one are flat per day).  Rate units become the mean rate of each month; amount units
/// the amount emitted in the month.  Annual totals are preserved exactly.
Inventory allocate_monthly(const Inventory& annual,
                           const std::map<std::string, TemporalProfile>& profiles);

}  // namespace aqm::emis
