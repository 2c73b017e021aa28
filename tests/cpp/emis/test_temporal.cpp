// Temporal profiles over a real calendar: hand-counted days and weekdays (2020 and 2024 leap).
#include <doctest/doctest.h>

#include <aqm/emis/temporal.hpp>

#include <numeric>

using namespace aqm::emis;

TEST_CASE("emis temporal: weekdays of known dates") {
  CHECK(weekday(2020, 1, 1) == 2);    // Wednesday
  CHECK(weekday(2024, 2, 29) == 3);   // Thursday
  CHECK(weekday(2000, 1, 1) == 5);    // Saturday
  CHECK(weekday(1970, 1, 1) == 3);    // Thursday
  CHECK(weekday(2023, 12, 31) == 6);  // Sunday
}

TEST_CASE("emis temporal: flat profile over a leap year") {
  TemporalProfile flat;
  auto r = monthly_fractions(flat, 2024);
  CHECK(r[1] == doctest::Approx(29.0 / 366));
  CHECK(r[0] == doctest::Approx(31.0 / 366));
  auto h = hourly_fractions(flat, 2024, 8);
  REQUIRE(h.size() == 8784);
  CHECK(std::accumulate(h.begin(), h.end(), 0.0) == doctest::Approx(1.0).epsilon(1e-13));
  CHECK(h[100] == doctest::Approx(1.0 / 8784));
  CHECK(hourly_fractions(flat, 2023).size() == 8760);
}

TEST_CASE("emis temporal: monthly share mode keeps the given shares") {
  TemporalProfile p;
  p.monthly_mode = MonthlyMode::share;
  p.monthly[0] = 2.0;
  auto r = monthly_fractions(p, 2021);
  CHECK(r[0] == doctest::Approx(2.0 / 13));
  CHECK(r[1] == doctest::Approx(1.0 / 13));
}

TEST_CASE("emis temporal: weekday-only, noon-only profile in local time, shifted to UTC") {
  TemporalProfile p;
  p.weekly = {1, 1, 1, 1, 1, 0, 0};
  p.diurnal.fill(0.0);
  p.diurnal[12] = 1.0;
  // January 2020: 23 weekdays (4 Saturdays, 4 Sundays); January share 31/366 (flat per day).
  auto loc = hourly_fractions(p, 2020, 0);
  CHECK(loc[12] == doctest::Approx(31.0 / 366 / 23));  // Wed 1 Jan, 12 local
  CHECK(loc[3 * 24 + 12] == 0.0);                      // Sat 4 Jan
  auto utc = hourly_fractions(p, 2020, 8);             // Hangzhou, UTC+8
  CHECK(utc[4] == doctest::Approx(31.0 / 366 / 23));   // 12 local = 04 UTC
  CHECK(utc[12] == 0.0);
  CHECK(std::accumulate(utc.begin(), utc.end(), 0.0) == doctest::Approx(1.0).epsilon(1e-13));
  // wrap: local midnight of 1 Jan is 16 UTC on 31 Dec, the last day of the periodic year
  TemporalProfile mid;
  mid.diurnal.fill(0.0);
  mid.diurnal[0] = 1.0;
  auto w = hourly_fractions(mid, 2020, 8);
  CHECK(w[8784 - 8] == doctest::Approx(1.0 / 366));
  CHECK_THROWS_AS(hourly_fractions(mid, 2020, 20), aqm::InvalidArgument);
  TemporalProfile bad;
  bad.weekly.fill(0.0);
  CHECK_THROWS_WITH_AS(bad.validate(), doctest::Contains("flat.weekly"), aqm::InvalidArgument);
}

TEST_CASE("emis temporal: monthly allocation preserves annual totals") {
  Inventory inv({"power", "residential"}, {"SO2", "CO"}, {"A"}, TimeResolution::annual,
                {"t/yr", "t"}, 2020);
  inv.at(0, 0, 0) = 366.0;
  inv.at(1, 1, 0) = 13.0;
  TemporalProfile winter;
  winter.name = "winter";
  winter.monthly_mode = MonthlyMode::share;
  winter.monthly[0] = 2.0;
  auto m = allocate_monthly(inv, {{"residential", winter}});
  CHECK(m.at(0, 0, 0, 0) == doctest::Approx(366.0));  // flat rate stays flat
  CHECK(m.at(0, 0, 0, 1) == doctest::Approx(366.0));
  CHECK(m.at(1, 1, 0, 0) == doctest::Approx(2.0));  // 13 t * 2/13
  CHECK(m.at(1, 1, 0, 5) == doctest::Approx(1.0));
  auto t0 = inv.totals(), t1 = m.totals();
  CHECK(t1.values()(0, 0) == doctest::Approx(t0.values()(0, 0)));
  CHECK(t1.values()(1, 1) == doctest::Approx(t0.values()(1, 1)));
  CHECK_THROWS_AS(allocate_monthly(m, {}), aqm::InvalidArgument);
}
