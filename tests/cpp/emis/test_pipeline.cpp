// Fused day pipeline: hour shares counted by hand from the 2021 calendar (July 2021 starts on
// a Thursday: 5 Saturdays, 4 Sundays), S2S-Tool mole algebra by hand, spherical cell areas in
// closed form, the scenario equation by hand, and conservation over all 365 days.
#include <doctest/doctest.h>

#include <aqm/emis/pipeline.hpp>

#include <cmath>
#include <limits>
#include <vector>

using namespace aqm::emis;

namespace {

// Two compounds: A (MW 30) -> X (MW 30); B -> 2 Y (MW 20), so B's mechanism MW is 40.
SpeciesMapping mech() {
  SpeciesMapping m;
  m.name = "toy";
  m.species_mw = {{"X", 30.0}, {"Y", 20.0}};
  m.compounds = {{"A", 30.0, {{"X", 1}}}, {"B", 40.0, {{"Y", 2}}}};
  return m;
}

// 2 sectors x 1 pollutant on a 3 x 2 grid, t/yr per cell.
Inventory inventory(const std::string& unit = "t/yr") {
  auto inv = Inventory::on_grid({"industry", "traffic"}, {"NMVOC"},
                                LatLonGrid::regular(120.0, 30.0, 1.0, 1.0, 3, 2),
                                TimeResolution::annual, {unit}, 2021);
  for (std::size_t r = 0; r < 6; ++r) {
    inv.at(0, 0, r) = 100.0 + 10.0 * double(r);
    inv.at(1, 0, r) = 50.0 * double(r % 2);
  }
  return inv;
}

DayPipelineOptions options() {
  DayPipelineOptions o;
  o.profiles = {{"ind", {"A", "B"}, {0.25, 0.75}, "test"}, {"tra", {"A"}, {1.0}, "test"}};
  o.assignment = {{"industry", "ind"}, {"traffic", "tra"}};
  o.mechanism = mech();
  o.year = 2021;
  o.month = 7;
  o.day = 17;  // a Saturday
  o.utc_offset_hours = {8};
  return o;
}

// Weekend weight 2, local noon weight 3 (diurnal sum 26), flat months (per day).
TemporalProfile weekend_noon() {
  TemporalProfile p;
  p.name = "weekend_noon";
  p.weekly = {1, 1, 1, 1, 1, 2, 2};
  p.diurnal.fill(1.0);
  p.diurnal[12] = 3.0;
  return p;
}

std::size_t species_index(const DayPipeline& d, const std::string& sp) {
  for (std::size_t j = 0; j < d.species().size(); ++j)
    if (d.species()[j] == sp) return j;
  FAIL("species missing");
  return 0;
}

double at(const std::vector<double>& out, const DayPipeline& d, int h, std::size_t j,
          std::size_t r) {
  return out[(std::size_t(h) * d.n_species() + j) * d.n_places() + r];
}

}  // namespace

TEST_CASE(
    "emis pipeline: flat profiles and the mass path give E x mass fraction summed over sectors") {
  auto inv = inventory();
  auto o = options();
  o.output = SpeciationOutput::mass;
  o.unit = "t/yr";  // mean rate of each hour in the inventory's own unit
  DayPipeline d(inv, o);
  REQUIRE(d.species() == std::vector<std::string>{"X", "Y"});
  std::vector<double> out(d.size(), -1.0);
  d.run(out.data());
  for (std::size_t r = 0; r < 6; ++r)
    for (int h = 0; h < 24; ++h) {
      // flat: every hour's mean rate equals the annual mean rate
      CHECK(at(out, d, h, 0, r) ==
            doctest::Approx(0.25 * inv.at(0, 0, r) + inv.at(1, 0, r)).epsilon(1e-13));
      CHECK(at(out, d, h, 1, r) == doctest::Approx(0.75 * inv.at(0, 0, r)).epsilon(1e-13));
    }
}

TEST_CASE("emis pipeline: local-time hour shares counted by hand, moles in mol/s") {
  auto inv = inventory();
  auto o = options();
  o.temporal = {{"*", weekend_noon()}};
  o.unit = "mol s-1";
  o.utc_offset_hours = {8, 8, 8, -5, -5, -5};  // a second zone in the southern row
  DayPipeline d(inv, o);
  std::vector<double> out(d.size());
  d.run(out.data());
  const double july = 31.0 / 365.0, wsum = 31.0 + 5.0 + 4.0, qsum = 26.0;
  const double g_per_s = 1e6 / (365.25 * 86400.0);  // 1 t/yr (Julian year) in g/s
  const std::size_t X = species_index(d, "X"), Y = species_index(d, "Y");
  // place 0 (UTC+8), UTC 04:00 = local Saturday 12:00
  double share = july * 2.0 / wsum * 3.0 / qsum;
  double rate = share * 8760.0;  // mean rate in the hour / annual mean rate
  CHECK(d.hour_factor(0, 0, 4) == doctest::Approx(rate).epsilon(1e-13));
  double x = (inv.at(0, 0, 0) * 0.25 / 30.0 + inv.at(1, 0, 0) * 1.0 / 30.0) * rate * g_per_s;
  double y = inv.at(0, 0, 0) * 0.75 * 2.0 / 40.0 * rate * g_per_s;
  CHECK(at(out, d, 4, X, 0) == doctest::Approx(x).epsilon(1e-13));
  CHECK(at(out, d, 4, Y, 0) == doctest::Approx(y).epsilon(1e-13));
  // place 1 (UTC+8), UTC 20:00 = local Sunday 04:00
  share = july * 2.0 / wsum * 1.0 / qsum;
  CHECK(d.hour_factor(1, 1, 20) == doctest::Approx(share * 8760.0).epsilon(1e-13));
  // place 4 (UTC-5), UTC 02:00 = local Friday 21:00 (July 16)
  share = july * 1.0 / wsum * 1.0 / qsum;
  x = (inv.at(0, 0, 4) * 0.25 / 30.0 + inv.at(1, 0, 4) / 30.0) * share * 8760.0 * g_per_s;
  CHECK(at(out, d, 2, X, 4) == doctest::Approx(x).epsilon(1e-13));
  // place 5 (UTC-5), UTC 17:00 = local Saturday 12:00
  share = july * 2.0 / wsum * 3.0 / qsum;
  CHECK(d.hour_factor(0, 5, 17) == doctest::Approx(share * 8760.0).epsilon(1e-13));
  CHECK(d.zones() == std::vector<int>{8, -5});
}

TEST_CASE("emis pipeline: amounts per hour over all days of the year add up to the annual mass") {
  auto inv = inventory();
  auto o = options();
  o.temporal = {{"industry", weekend_noon()}};  // traffic flat
  o.temporal["industry"].monthly = {3, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 0.5};
  o.output = SpeciationOutput::mass;
  o.unit = "t/yr";
  o.utc_offset_hours = {8, 0, -3, 14, -12, 5};
  std::vector<double> sum(24 * 2 * 6, 0.0), day;
  for (int m = 1; m <= 12; ++m)
    for (int dd = 1; dd <= days_in_month(2021, m); ++dd) {
      o.month = m;
      o.day = dd;
      DayPipeline d(inv, o);
      day.assign(d.size(), 0.0);
      d.run(day.data());
      for (std::size_t k = 0; k < day.size(); ++k) sum[k] += day[k];
    }
  // mean of the hourly mean rates over the year = the annual mean rate (mass path conserves)
  for (std::size_t r = 0; r < 6; ++r) {
    double x = 0, y = 0;
    for (int h = 0; h < 24; ++h) {
      x += sum[(std::size_t(h) * 2 + 0) * 6 + r];
      y += sum[(std::size_t(h) * 2 + 1) * 6 + r];
    }
    CHECK(x / 8760.0 == doctest::Approx(0.25 * inv.at(0, 0, r) + inv.at(1, 0, r)).epsilon(1e-12));
    CHECK(y / 8760.0 == doctest::Approx(0.75 * inv.at(0, 0, r)).epsilon(1e-12));
  }
}

TEST_CASE("emis pipeline: amount units, per-area input, scale and scenario factors") {
  SUBCASE("amount per hour = mean rate x 1 h") {
    auto inv = inventory();
    auto o = options();
    o.output = SpeciationOutput::mass;
    o.unit = "kg";
    DayPipeline d(inv, o);
    std::vector<double> out(d.size());
    d.run(out.data());
    // flat: 1 t/yr (Julian year) for one hour = 1000 kg x 3600 / 31557600
    CHECK(at(out, d, 7, 1, 2) ==
          doctest::Approx(0.75 * inv.at(0, 0, 2) * 1000.0 * 3600.0 / 31557600.0).epsilon(1e-13));
  }
  SUBCASE("kg m-2 s-1 to kg s-1 multiplies by the spherical cell area") {
    auto inv = inventory("kg m-2 s-1");
    auto o = options();
    o.output = SpeciationOutput::mass;
    o.unit = "kg s-1";
    DayPipeline d(inv, o);
    std::vector<double> out(d.size());
    d.run(out.data());
    const double R = kEarthRadius, d2r = kPi / 180.0;
    // place 4 = row 1 (lat 31..32), column 1
    const double area = R * R * d2r * (std::sin(32.0 * d2r) - std::sin(31.0 * d2r));
    CHECK(at(out, d, 0, 1, 4) == doctest::Approx(0.75 * inv.at(0, 0, 4) * area).epsilon(1e-12));
  }
  SUBCASE("scale per (sector, place) and a scenario by E0 G (1 - Xt eta) / (1 - X0 eta)") {
    auto inv = inventory();
    auto o = options();
    o.output = SpeciationOutput::mass;
    o.unit = "t/yr";
    o.scale.assign(12, 1.0);
    o.scale[0 * 6 + 3] = 0.5;  // industry at place 3
    Scenario sc;
    sc.base_year = 2021;
    sc.target_year = 2025;
    sc.growth = {{"industry", "*", 0.02, std::nullopt}};
    sc.measures = {{"lda", "industry", "NMVOC", "*", 0.8, 0.1, 0.6}};
    o.scenario = sc;
    DayPipeline d(inv, o);
    std::vector<double> out(d.size());
    d.run(out.data());
    const double f = std::pow(1.02, 4) * (1 - 0.6 * 0.8) / (1 - 0.1 * 0.8);
    CHECK(at(out, d, 3, 1, 3) == doctest::Approx(0.75 * inv.at(0, 0, 3) * 0.5 * f).epsilon(1e-13));
    CHECK(at(out, d, 3, 0, 2) ==
          doctest::Approx(0.25 * inv.at(0, 0, 2) * f + inv.at(1, 0, 2)).epsilon(1e-13));
  }
}

TEST_CASE("emis pipeline: float and double, threads and tile sizes agree") {
  auto inv =
      Inventory::on_grid({"a", "b", "c"}, {"NMVOC"}, LatLonGrid::regular(100, 20, 0.5, 0.5, 37, 11),
                         TimeResolution::annual, {"t/yr"}, 2021);
  for (std::size_t k = 0; k < inv.values().size(); ++k) inv.values()[k] = double((k * 7919) % 101);
  auto o = options();
  o.assignment = {{"*", "ind"}, {"b", "tra"}};
  o.temporal = {{"a", weekend_noon()}};
  std::vector<int> zones(inv.n_places());
  for (std::size_t r = 0; r < zones.size(); ++r) zones[r] = int(r % 5) - 2;  // many short runs
  o.utc_offset_hours = zones;
  o.tile_cells = 2048;
  o.n_threads = 1;
  DayPipeline big(inv, o);
  o.tile_cells = 7;
  o.n_threads = 2;
  DayPipeline small(inv, o);
  std::vector<double> a(big.size()), b(big.size());
  std::vector<float> f(big.size());
  big.run(a.data());
  small.run(b.data());
  small.run(f.data());
  CHECK(a == b);
  double worst = 0;
  for (std::size_t k = 0; k < a.size(); ++k)
    worst = std::max(worst, std::fabs(double(f[k]) - a[k]) / std::max(1e-300, std::fabs(a[k])));
  CHECK(worst < 1e-6);
  auto buf = big.run<double>();
  CHECK(std::vector<double>(buf.get(), buf.get() + big.size()) == a);
}

TEST_CASE("emis pipeline: bad input is refused before anything is written") {
  auto o = options();
  SUBCASE("negative or NaN emission names sector and place") {
    auto inv = inventory();
    inv.at(1, 0, 3) = -1.0;
    CHECK_THROWS_WITH_AS(DayPipeline(inv, o), doctest::Contains("traffic/NMVOC@r1c0"),
                         aqm::InvalidArgument);
    inv.at(1, 0, 3) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(DayPipeline(inv, o), aqm::InvalidArgument);
  }
  SUBCASE("sector without a profile") {
    auto inv = inventory();
    o.assignment = {{"industry", "ind"}};
    CHECK_THROWS_WITH_AS(DayPipeline(inv, o), doctest::Contains("traffic"), aqm::KeyError);
  }
  SUBCASE("incompatible output unit") {
    auto inv = inventory();
    o.unit = "mol m-2";  // per area from a per-cell inventory is fine, but not moles -> mass
    o.output = SpeciationOutput::mass;
    CHECK_THROWS_WITH_AS(DayPipeline(inv, o), doctest::Contains("unit"), aqm::UnitError);
    o.unit = "kg s-1";
    auto kgc = inventory("kgC/yr");
    CHECK_THROWS_AS(DayPipeline(kgc, o), aqm::UnitError);
  }
  SUBCASE("offsets, date, scale and time resolution") {
    auto inv = inventory();
    auto bad = o;
    bad.utc_offset_hours = {8, 8};
    CHECK_THROWS_WITH_AS(DayPipeline(inv, bad), doctest::Contains("utc_offset_hours"),
                         aqm::InvalidArgument);
    bad = o;
    bad.utc_offset_hours = {15};
    CHECK_THROWS_AS(DayPipeline(inv, bad), aqm::InvalidArgument);
    bad = o;
    bad.month = 2;
    bad.day = 29;  // 2021 is not a leap year
    CHECK_THROWS_WITH_AS(DayPipeline(inv, bad), doctest::Contains("day"), aqm::InvalidArgument);
    bad = o;
    bad.scale = {1.0, 2.0};
    CHECK_THROWS_WITH_AS(DayPipeline(inv, bad), doctest::Contains("scale"), aqm::InvalidArgument);
    bad = o;
    bad.scale.assign(12, 1.0);
    bad.scale[5] = -0.1;
    CHECK_THROWS_AS(DayPipeline(inv, bad), aqm::InvalidArgument);
    auto monthly =
        Inventory::on_grid({"industry"}, {"NMVOC"}, LatLonGrid::regular(0, 0, 1, 1, 1, 1),
                           TimeResolution::monthly, {"t/yr"}, 2021);
    CHECK_THROWS_WITH_AS(DayPipeline(monthly, o), doctest::Contains("annual"),
                         aqm::InvalidArgument);
  }
  SUBCASE("scenario that names an unknown sector") {
    auto inv = inventory();
    Scenario sc;
    sc.source = "plan.toml";
    sc.base_year = 2021;
    sc.measures = {{"ghost", "shipping", "NMVOC", "*", 0.5, 0.0, 0.5}};
    o.scenario = sc;
    CHECK_THROWS_WITH_AS(DayPipeline(inv, o), doctest::Contains("plan.toml"), aqm::KeyError);
  }
}
