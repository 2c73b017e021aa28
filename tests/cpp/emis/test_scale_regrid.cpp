// HEMCO scale-factor algebra (hierarchy/mask rule evaluated by hand) and conservative
// regridding checked against analytic spherical overlap areas.
#include <doctest/doctest.h>

#include <aqm/emis/regrid.hpp>
#include <aqm/emis/scale_algebra.hpp>

#include <cmath>
#include <numeric>

using namespace aqm::emis;

TEST_CASE("emis HEMCO algebra: operators, hierarchy inside masks, categories added") {
  auto g = LatLonGrid::regular(0, 0, 1, 1, 4, 1);  // cells along longitude, midpoints 0.5..3.5
  ScaleAlgebra alg(4);
  alg.add(ScaleFactor{10, "double", {2.0}, ScaleOperator::multiply});
  alg.add(ScaleFactor{11, "half", {2.0, 2.0, std::nan(""), 2.0}, ScaleOperator::divide});
  alg.add(ScaleFactor{12, "sq", {3.0}, ScaleOperator::square});
  alg.add(Mask::box(100, "east", g, 0.0, -1.0, 2.0, 2.0));  // cells 0 and 1
  Mask frac{101, "coast", {0, 0, 0.3, 0}, true};
  alg.add(frac);
  alg.add(BaseField{"global", "NO", 1, 1, {1, 1, 1, 1}, {10}});
  alg.add(BaseField{"regional", "NO", 1, 2, {5, 5, 5, 5}, {100}});
  alg.add(BaseField{"coastal", "NO", 1, 3, {7, 7, 7, 7}, {101}});
  alg.add(BaseField{"ships", "NO", 2, 1, {8, 8, 8, 8}, {11, 12}});
  auto r = alg.compute("NO");
  REQUIRE(r.categories == std::vector<int>{1, 2});
  // category 1: hierarchy 1 -> 2; hierarchy 2 replaces it in cells 0,1 -> 5;
  // hierarchy 3 with fractional mask 0.3 in cell 2: 0.7*2 + 0.3*7 = 3.5
  CHECK(r.by_category[0] == std::vector<double>{5, 5, 3.5, 2});
  // category 2: 8 / 2 * 3^2 = 36; missing divisor (NaN) counts as 1 -> 8 * 9 = 72
  CHECK(r.by_category[1] == std::vector<double>{36, 36, 72, 36});
  CHECK(r.total[2] == doctest::Approx(75.5));
  alg.set_species_scale("NO", 1.5);
  CHECK(alg.compute("NO").total[0] == doctest::Approx(1.5 * 41));
  CHECK(alg.compute("CO").total == std::vector<double>(4, 0.0));
}

TEST_CASE("emis HEMCO algebra: binary masks round at 0.5, region-ID masks, bad input") {
  ScaleAlgebra alg(3);
  alg.add(Mask{1, "m", {0.49, 0.5, 1.0}, false});
  alg.add(Mask::regions(2, "ids", {7, 8, 7}, {7}));
  alg.add(BaseField{"a", "X", 1, 1, {1, 1, 1}, {}});
  alg.add(BaseField{"b", "X", 1, 2, {4, 4, 4}, {1}});
  alg.add(BaseField{"c", "X", 1, 3, {9, 9, 9}, {2}});
  auto r = alg.compute("X");
  CHECK(r.total == std::vector<double>{9, 4, 9});
  CHECK_THROWS_AS(alg.add(ScaleFactor{3, "neg", {-1.0}, ScaleOperator::multiply}),
                  aqm::InvalidArgument);
  CHECK_THROWS_AS(alg.add(ScaleFactor{4, "zero", {0.0}, ScaleOperator::divide}),
                  aqm::InvalidArgument);
  CHECK_THROWS_AS(alg.add(ScaleFactor{1, "dup", {1.0}, ScaleOperator::multiply}),
                  aqm::InvalidArgument);
  CHECK_THROWS_AS(alg.add(BaseField{"short", "X", 1, 1, {1}, {}}), aqm::InvalidArgument);
  ScaleAlgebra alg2(1);
  alg2.add(BaseField{"f", "X", 1, 1, {1}, {99}});
  CHECK_THROWS_WITH_AS(alg2.compute("X"), doctest::Contains("99"), aqm::KeyError);
}

TEST_CASE("emis regrid: weights equal analytic overlap areas on the sphere") {
  const double d2r = 3.14159265358979323846 / 180;
  LatLonGrid src{{0, 2, 4}, {0, 30, 60}};
  LatLonGrid dst{{1, 3}, {15, 45}};
  ConservativeRegridder rg(src, dst);
  auto S = [&](double a) { return std::sin(a * d2r); };
  // source cell (j=0,i=0): lon [0,2], lat [0,30]; overlap lon [1,2], lat [15,30]
  double w00 = (1.0 / 2.0) * (S(30) - S(15)) / (S(30) - S(0));
  double w10 = (1.0 / 2.0) * (S(45) - S(30)) / (S(60) - S(30));
  CHECK(rg.weights().coeff(0, 0) == doctest::Approx(w00).epsilon(1e-14));
  CHECK(rg.weights().coeff(0, 1) == doctest::Approx(w00).epsilon(1e-14));
  CHECK(rg.weights().coeff(0, 2) == doctest::Approx(w10).epsilon(1e-14));
  std::vector<double> mass{1, 2, 3, 4};
  RegridStats st;
  auto out = rg.apply_extensive(mass, &st);
  CHECK(out[0] == doctest::Approx(3 * w00 + 7 * w10));
  CHECK(st.total_in == 10.0);
  CHECK(st.total_out + st.outside == doctest::Approx(10.0).epsilon(1e-14));
  // The overlap area is the target cell's area, R^2 (2 deg) (sin45 - sin15)
  std::vector<double> flux(4, 1e-9);
  auto f = rg.apply_flux(flux, &st);
  CHECK(f[0] == doctest::Approx(1e-9).epsilon(1e-12));  // uniform flux stays uniform
  double R = kEarthRadius;
  CHECK(st.total_out == doctest::Approx(1e-9 * R * R * 2 * d2r * (S(45) - S(15))).epsilon(1e-12));
}

TEST_CASE("emis regrid: totals conserved between nested grids, outside mass reported") {
  auto src = LatLonGrid::regular(118.0, 29.0, 0.25, 0.25, 16, 12);  // 118-122E, 29-32N
  auto dst = LatLonGrid::regular(118.0, 29.0, 0.1, 0.1, 40, 30);    // same domain
  ConservativeRegridder rg(src, dst);
  std::vector<double> mass(src.size());
  for (std::size_t k = 0; k < mass.size(); ++k) mass[k] = 1.0 + double(k % 7);
  RegridStats st;
  rg.apply_extensive(mass, &st);
  CHECK(st.total_out == doctest::Approx(st.total_in).epsilon(1e-13));
  CHECK(st.outside == doctest::Approx(0.0).epsilon(1e-12));
  // target covering the western half only: the eastern half is outside
  auto west = LatLonGrid::regular(118.0, 29.0, 0.5, 0.5, 4, 6);
  ConservativeRegridder half(src, west);
  std::vector<double> ones(src.size(), 1.0);
  half.apply_extensive(ones, &st);
  CHECK(st.total_out == doctest::Approx(96.0));
  CHECK(st.outside == doctest::Approx(96.0));
  // longitudes modulo 360: a 0..360 source onto a -180..180 target keeps everything
  auto g360 = LatLonGrid::regular(0, -90, 30, 30, 12, 6);
  auto g180 = LatLonGrid::regular(-180, -90, 45, 45, 8, 4);
  ConservativeRegridder wrap(g360, g180);
  std::vector<double> m(g360.size(), 1.0);
  wrap.apply_extensive(m, &st);
  CHECK(st.total_out == doctest::Approx(72.0).epsilon(1e-13));
  CHECK(st.outside == doctest::Approx(0.0).epsilon(1e-12));
}

TEST_CASE("emis regrid: gridded inventory conserves its totals") {
  auto src = LatLonGrid::regular(119.0, 29.5, 0.5, 0.5, 4, 4);
  auto dst = LatLonGrid::regular(119.25, 29.5, 0.25, 0.25, 7, 8);  // misses the west 0.25 deg
  auto inv = Inventory::on_grid({"power"}, {"NOx", "CO"}, src, TimeResolution::annual,
                                {"t/yr", "kg m-2 s-1"});
  for (std::size_t c = 0; c < src.size(); ++c) {
    inv.at(0, 0, c) = 10.0;
    inv.at(0, 1, c) = 1e-10;
  }
  ConservativeRegridder rg(src, dst);
  std::vector<double> outside;
  auto out = regrid(inv, rg, &outside);
  auto t0 = inv.totals(), t1 = out.totals();
  // western column (4 cells) loses half its area: 4 * 10 * 0.5 = 20 t/yr outside
  CHECK(outside[0] == doctest::Approx(20.0));
  CHECK(t1.values()(0, 0) + outside[0] == doctest::Approx(t0.values()(0, 0)));
  CHECK(t1.values()(0, 1) + outside[1] == doctest::Approx(t0.values()(0, 1)).epsilon(1e-12));
  CHECK(out.history().back().name == "regrid");
}
