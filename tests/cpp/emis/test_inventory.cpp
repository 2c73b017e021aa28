// Inventory data model, totals over a real calendar, and CSV round trip.
#include <doctest/doctest.h>

#include <aqm/emis/inventory.hpp>

#include <cmath>

using namespace aqm::emis;

TEST_CASE("emis inventory: totals weight monthly rates by days of the month") {
  // 2020 is a leap year: January 31/366, February 29/366 of the annual mean rate.
  Inventory inv({"industry", "transport"}, {"NOx"}, {"A"}, TimeResolution::monthly, {"t/yr"}, 2020);
  for (std::size_t t = 0; t < 12; ++t) inv.at(0, 0, 0, t) = 366.0;  // flat 366 t/yr
  inv.at(1, 0, 0, 1) = 366.0;                                       // only February
  auto tot = inv.totals();
  CHECK(tot.values()(0, 0) == doctest::Approx(366.0));
  CHECK(tot.values()(1, 0) == doctest::Approx(29.0));
  CHECK(tot.column_units()[0] == "t/yr");
  Inventory amount({"a"}, {"CO"}, {"A"}, TimeResolution::monthly, {"t"}, 2021);
  for (std::size_t t = 0; t < 12; ++t) amount.at(0, 0, 0, t) = double(t + 1);
  CHECK(amount.totals().values()(0, 0) == doctest::Approx(78.0));
}

TEST_CASE("emis inventory: per-area units are integrated over spherical cell areas") {
  // One 1x1 degree cell at the equator: A = R^2 (pi/180) sin(1 deg).
  auto g = LatLonGrid::regular(0, 0, 1, 1, 1, 1);
  auto inv = Inventory::on_grid({"s"}, {"CO"}, g, TimeResolution::annual, {"kg m-2 s-1"});
  inv.at(0, 0, 0) = 1e-9;
  double R = 6371007.2, pi = 3.14159265358979323846;
  double area = R * R * (pi / 180) * std::sin(pi / 180);
  CHECK(inv.totals().values()(0, 0) == doctest::Approx(1e-9 * area).epsilon(1e-12));
  Inventory regions({"s"}, {"CO"}, {"A"}, TimeResolution::annual, {"kg m-2 s-1"});
  CHECK_THROWS_AS(regions.totals(), aqm::UnitError);
}

TEST_CASE("emis inventory: sub-sector selection and totals by top sector") {
  Inventory inv({"industry/solvent", "industry/boiler", "transport"}, {"VOC"}, {"A", "B"},
                TimeResolution::annual, {"t/yr"});
  inv.at(0, 0, 0) = 1;
  inv.at(1, 0, 1) = 2;
  inv.at(2, 0, 0) = 4;
  CHECK(inv.select_sectors("industry").size() == 2);
  CHECK(inv.select_sectors("industry/solvent").size() == 1);
  CHECK_THROWS_AS(inv.select_sectors("indus"), aqm::KeyError);
  auto top = inv.totals_by_top_sector();
  CHECK(top.row_labels() == std::vector<std::string>{"industry", "transport"});
  CHECK(top.values()(0, 0) == 3.0);
  CHECK_THROWS_AS(inv.sector_index("power"), aqm::KeyError);
  CHECK_THROWS_AS(Inventory({"a", "a"}, {"CO"}, {"A"}, TimeResolution::annual, {"t/yr"}),
                  aqm::InvalidArgument);
  CHECK_THROWS_AS(Inventory({"a"}, {"CO"}, {"A"}, TimeResolution::annual, {"parsecs"}),
                  aqm::UnitError);
}

TEST_CASE("emis inventory: unit conversion records history") {
  Inventory inv({"s"}, {"NOx"}, {"A"}, TimeResolution::annual, {"t/yr"});
  inv.at(0, 0, 0) = 31.5576;
  inv.convert_units("NOx", "kg/s");
  CHECK(inv.at(0, 0, 0) == doctest::Approx(31.5576 * 1000 / 31557600.0));
  REQUIRE(inv.history().size() == 1);
  CHECK(inv.history()[0].name == "convert_units");
  CHECK_THROWS_AS(inv.convert_units("NOx", "kg m-2 s-1"), aqm::UnitError);
}

TEST_CASE("emis inventory: CSV round trip and malformed input") {
  const std::string text =
      "# name: test\n# year: 2020\n# history: made\tsynthetic\tseed=1\n"
      "sector,pollutant,place,time,value,unit\n"
      "power,SO2,A,annual,10.5,t/yr\n"
      "power,NOx,B,annual,2,t/yr\n"
      "industry/solvent,VOC,A,annual,7,t/yr\n";
  auto inv = parse_inventory_csv(text, "in.csv");
  CHECK(inv.name == "test");
  CHECK(inv.n_sectors() == 2);
  CHECK(inv.at(inv.sector_index("power"), inv.pollutant_index("SO2"), inv.place_index("A")) ==
        10.5);
  CHECK(inv.at(inv.sector_index("power"), inv.pollutant_index("SO2"), inv.place_index("B")) == 0.0);
  REQUIRE(inv.history().size() == 2);
  CHECK(inv.history()[0].parameters[0].second == "1");
  auto again = parse_inventory_csv(format_inventory_csv(inv), "again.csv");
  CHECK(again.values() == inv.values());
  CHECK(again.history().size() == 3);
  CHECK(again.history()[1] == inv.history()[1]);

  CHECK_THROWS_WITH_AS(
      parse_inventory_csv("sector,pollutant,place,value,unit\np,SO2,A,x,t/yr\n", "b.csv"),
      "b.csv:2:4: p/SO2: 'x' is not a finite number", aqm::ParseError);
  CHECK_THROWS_WITH_AS(
      parse_inventory_csv("sector,pollutant,place,value,unit\np,SO2,A,1,t/yr\nq,SO2,A,1,kg/s\n",
                          "c.csv"),
      doctest::Contains("c.csv:3:5: SO2"), aqm::UnitError);
  CHECK_THROWS_WITH_AS(
      parse_inventory_csv("sector,pollutant,place,value,unit\np,SO2,A,1,t/yr\np,SO2,A,2,t/yr\n",
                          "d.csv"),
      doctest::Contains("duplicate"), aqm::ParseError);
  CHECK_THROWS_WITH_AS(parse_inventory_csv("sector,pollutant,value,unit\n", "e.csv"),
                       "e.csv:1: place: missing column", aqm::ParseError);
  // Issue 14: a header without records, bytes that are not UTF-8, a UTF-16 file.
  CHECK_THROWS_WITH_AS(parse_inventory_csv("sector,pollutant,place,value,unit\n", "g.csv"),
                       "g.csv:1: no records after the header", aqm::ParseError);
  CHECK_THROWS_WITH_AS(
      parse_inventory_csv("sector,pollutant,place,value,unit\np,SO2,Xih\xfa,1,t/yr\n", "h.csv"),
      "h.csv:2: not valid UTF-8 at byte 10 (Latin-1 or GBK?); save the file as UTF-8",
      aqm::ParseError);
  CHECK_THROWS_WITH_AS(parse_inventory_csv(std::string("\xff\xfes\0e\0", 6), "i.csv"),
                       doctest::Contains("i.csv:1:1: the file is UTF-16"), aqm::ParseError);
  // equal units in another spelling are accepted
  auto ok = parse_inventory_csv(
      "sector,pollutant,place,value,unit\np,SO2,A,1,kg/m2/s\nq,SO2,A,1,kg m-2 s-1\n", "f.csv");
  CHECK(ok.n_sectors() == 2);
}

TEST_CASE("emis inventory: monthly CSV and leap-year days") {
  CHECK(days_in_month(2020, 2) == 29);
  CHECK(days_in_month(2021, 2) == 28);
  CHECK(days_in_month(1900, 2) == 28);
  CHECK(days_in_month(2000, 2) == 29);
  auto inv =
      parse_inventory_csv("sector,pollutant,place,time,value,unit\np,SO2,A,2024-02,5,t\n", "m.csv");
  CHECK(inv.time_resolution() == TimeResolution::monthly);
  CHECK(inv.year == 2024);
  CHECK(inv.at(0, 0, 0, 1) == 5.0);
  CHECK_THROWS_AS(
      parse_inventory_csv("sector,pollutant,place,time,value,unit\np,SO2,A,2024-13,5,t\n", "m.csv"),
      aqm::ParseError);
}
