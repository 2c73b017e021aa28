// Identification scores against hand calculations written out below (DeltaTool definitions:
// PD = 1 - r^2, SID = sqrt(2)/n sum |x-y|/(x+y) on sum-normalised profiles), and the
// Hungarian assignment against brute force over all permutations.
#include <doctest/doctest.h>

#include <aqm/core/error.hpp>
#include <aqm/core/random.hpp>
#include <aqm/voc/identify.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace aqm::voc;

TEST_CASE("voc identify: four species, reversed order") {
  // x -> (0.1 0.2 0.3 0.4), y -> (0.4 0.3 0.2 0.1): r = -1; DeltaTool's 1 - r^2 would give 0,
  // an anticorrelated pair counts as dissimilar here: PD = 1;
  // SID = sqrt(2)/4 (0.3/0.5 + 0.1/0.5 + 0.1/0.5 + 0.3/0.5) = 0.4 sqrt(2);
  // cosine = (0.04 + 0.06 + 0.06 + 0.04) / (0.01 + 0.04 + 0.09 + 0.16) = 2/3.
  const Similarity s = similarity({1, 2, 3, 4}, {40, 30, 20, 10});
  CHECK(s.n == 4);
  CHECK(s.pearson_r == doctest::Approx(-1.0));
  CHECK(s.pd == 1.0);
  CHECK(s.sid == doctest::Approx(0.4 * std::sqrt(2.0)));
  CHECK(s.cosine == doctest::Approx(2.0 / 3.0));
}

TEST_CASE("voc identify: three species by hand") {
  // x -> (1/2 1/4 1/4), y -> (1/4 1/4 1/2); deviations from 1/3: (1/6 -1/12 -1/12) and
  // (-1/12 -1/12 1/6): Sxy = -1/48, Sxx = Syy = 1/24, r = -1/2 (1 - r^2 = 3/4), PD = 1;
  // SID = sqrt(2)/3 (1/3 + 0 + 1/3) = 2 sqrt(2)/9; cosine = 0.3125 / 0.375 = 5/6.
  const Similarity s = similarity({2, 1, 1}, {1, 1, 2});
  CHECK(s.pearson_r == doctest::Approx(-0.5));
  CHECK(s.pd == 1.0);
  CHECK(s.sid == doctest::Approx(2.0 * std::sqrt(2.0) / 9.0));
  CHECK(s.cosine == doctest::Approx(5.0 / 6.0));
}

TEST_CASE("voc identify: identical, scaled and disjoint profiles") {
  const Similarity same = similarity({3, 1, 4, 1, 5}, {30, 10, 40, 10, 50});
  CHECK(same.pd == doctest::Approx(0.0).epsilon(1e-12));
  CHECK(same.sid == doctest::Approx(0.0));
  CHECK(same.cosine == doctest::Approx(1.0));
  // no species carries mass in both: every term |x - y| / (x + y) = 1, SID = sqrt(2)
  const Similarity disjoint = similarity({1, 0, 1, 0}, {0, 1, 0, 1});
  CHECK(disjoint.sid == doctest::Approx(std::sqrt(2.0)));
  CHECK(disjoint.cosine == doctest::Approx(0.0));
  // a species absent from both does not count in n
  const Similarity with_zero = similarity({1, 0, 1, 0, 0}, {0, 1, 0, 1, 0});
  CHECK(with_zero.n == 4);
  CHECK(with_zero.sid == doctest::Approx(std::sqrt(2.0)));
  CHECK_THROWS_AS(similarity({0, 0}, {1, 1}), aqm::InvalidArgument);
  CHECK_THROWS_AS(similarity({1, 2}, {1}), aqm::InvalidArgument);
}

TEST_CASE("voc identify: lumps compare m/p-xylene with its members") {
  const Profile factor{"F1", "", {"toluene", "m/p-xylene", "benzene"}, {2, 4, 1}};
  const Profile ref{
      "R1", "solvent_coatings", {"toluene", "m-xylene", "p-xylene", "ethane"}, {20, 30, 10, 5}};
  const Aligned a = align(factor, ref, xylene_lumps());
  REQUIRE(a.species == std::vector<std::string>{"m/p-xylene", "toluene"});
  CHECK(a.x == std::vector<double>{4, 2});
  CHECK(a.y == std::vector<double>{40, 20});
  // "xylenes" in the reference collapses the factor's m/p- and o-xylene
  const Profile f2{"F2", "", {"m/p-xylene", "o-xylene", "toluene"}, {3, 1, 2}};
  const Profile r2{"R2", "solvent_coatings", {"xylenes", "toluene"}, {25, 13}};
  const Aligned b = align(f2, r2, xylene_lumps());
  REQUIRE(b.species == std::vector<std::string>{"toluene", "xylenes"});
  CHECK(b.x == std::vector<double>{2, 4});
}

TEST_CASE("voc identify: ranking, the box and bad profiles") {
  const Profile lpg{"LPG",
                    "lpg_ng",
                    {"propane", "n-butane", "isobutane", "ethane", "toluene"},
                    {50, 29, 14, 1, 0.1}};
  const Profile evap{"EVAP",
                     "gasoline_evaporation",
                     {"isopentane", "n-pentane", "n-butane", "toluene", "propane"},
                     {45, 6, 4, 3, 0.5}};
  const Profile factor{"Factor 1",
                       "",
                       {"propane", "n-butane", "isobutane", "ethane", "toluene", "isopentane"},
                       {5.2, 2.8, 1.5, 0.1, 0.01, 0.2}};
  const auto m = match_profiles({factor}, {evap, lpg});
  REQUIRE(m.size() == 1);
  REQUIRE(m[0].size() == 2);
  CHECK(m[0][0].reference == 1);
  CHECK(m[0][0].in_box);
  CHECK_FALSE(m[0][1].in_box);
  CHECK(m[0][0].box_distance ==
        doctest::Approx(std::max(m[0][0].score.pd / 0.4, m[0][0].score.sid / 1.0)));
  // fewer than min_species common species: scored on the union of species (6 here), by PD
  IdentifyOptions strict;
  strict.min_species = 6;
  const auto on_union = match_profiles({factor}, {evap, lpg}, strict)[0];
  REQUIRE(on_union.size() == 2);
  CHECK(on_union[0].on_union);
  CHECK(std::isnan(on_union[0].score.sid));
  CHECK(on_union[0].box_distance == doctest::Approx(on_union[0].score.pd / 0.4));
  // ... and not even the union reaches min_species: no candidate
  strict.min_species = 7;
  CHECK(match_profiles({factor}, {evap, lpg}, strict)[0].empty());
  Profile bad = lpg;
  bad.values[1] = -1;
  try {
    match_profiles({factor}, {bad});
    FAIL("negative value accepted");
  } catch (const aqm::InvalidArgument& e) {
    CHECK(std::string(e.what()).find("LPG/n-butane") != std::string::npos);
  }
  Profile zero = lpg;
  std::fill(zero.values.begin(), zero.values.end(), 0.0);
  CHECK_THROWS_WITH_AS(match_profiles({factor}, {zero}),
                       doctest::Contains("reference library: LPG: profile sums to zero"),
                       aqm::InvalidArgument);
}

TEST_CASE("voc identify: a single-species reference is scored on the factor's species") {
  // factor 8:1:1:0 over four species, reference isoprene alone. By hand, on relative mass
  // x = (0.8, 0.1, 0.1, 0), y = (1, 0, 0, 0), both of mean 0.25:
  // Sxy = 0.55, Sxx = 0.41, Syy = 0.75, r = 0.55 / sqrt(0.41 * 0.75), PD = 1 - r^2.
  const Profile factor{"Factor 1", "", {"isoprene", "toluene", "ethane", "benzene"}, {8, 1, 1, 0}};
  const Profile bio{"1148", "biogenic", {"isoprene"}, {100}};
  const Profile lpg{
      "LPG", "lpg_ng", {"propane", "n-butane", "isobutane", "ethane"}, {50, 29, 14, 1}};
  const auto m = match_profiles({factor}, {lpg, bio})[0];
  REQUIRE_FALSE(m.empty());
  CHECK(m[0].reference == 1);
  CHECK(m[0].on_union);
  const double r = 0.55 / std::sqrt(0.41 * 0.75);
  CHECK(m[0].score.pd == doctest::Approx(1.0 - r * r).epsilon(1e-12));
  CHECK(m[0].in_box);
  CHECK(m[0].box_distance == doctest::Approx((1.0 - r * r) / 0.4).epsilon(1e-12));
}

TEST_CASE("voc identify: a reference covering a minor part of the factor ranks last") {
  // 90 % of the factor is ethene + propene; R1 lists only its aromatics, in exactly the
  // factor's proportions (PD 0, SID 0 over those four species), coverage 10 / 100 = 0.1
  const Profile factor{"F",
                       "",
                       {"ethylene", "propylene", "toluene", "benzene", "o-xylene", "ethylbenzene"},
                       {60, 30, 4, 3, 2, 1}};
  const Profile aromatics{"R1",
                          "solvent_coatings",
                          {"toluene", "benzene", "o-xylene", "ethylbenzene"},
                          {40, 30, 20, 10}};
  const Profile olefins{"R2",
                        "petrochemical",
                        {"ethylene", "propylene", "toluene", "benzene", "o-xylene"},
                        {50, 35, 5, 5, 5}};
  const auto m = match_profiles({factor}, {aromatics, olefins})[0];
  REQUIRE(m.size() == 2);
  CHECK(m[0].reference == 1);
  CHECK(m[0].in_box);
  CHECK(m[0].coverage == doctest::Approx(99.0 / 100.0));
  CHECK(m[1].reference == 0);
  CHECK(m[1].score.pd == doctest::Approx(0.0).epsilon(1e-12));
  CHECK(m[1].box_distance == doctest::Approx(0.0).epsilon(1e-12));
  CHECK(m[1].coverage == doctest::Approx(0.1));
  CHECK_FALSE(m[1].in_box);
  IdentifyOptions any;
  any.min_coverage = 0.0;  // coverage ignored: the exact minor-part match ranks first
  CHECK(match_profiles({factor}, {aromatics, olefins}, any)[0][0].reference == 0);
  any.min_coverage = 1.5;
  CHECK_THROWS_AS(match_profiles({factor}, {aromatics}, any), aqm::InvalidArgument);
}

namespace {
double brute_force_cost(const Eigen::MatrixXd& c) {  // rows <= cols
  std::vector<int> cols(c.cols());
  std::iota(cols.begin(), cols.end(), 0);
  double best = std::numeric_limits<double>::infinity();
  do {
    double s = 0;
    for (int i = 0; i < c.rows(); ++i) s += c(i, cols[i]);
    best = std::min(best, s);
  } while (std::next_permutation(cols.begin(), cols.end()));
  return best;
}
double cost_of(const Eigen::MatrixXd& c, const std::vector<long>& a) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] >= 0) s += c(long(i), a[i]);
  return s;
}
}  // namespace

TEST_CASE("voc identify: Hungarian assignment") {
  Eigen::MatrixXd c(3, 3);
  c << 4, 1, 3, 2, 0, 5, 3, 2, 2;  // permutations by hand: (1,0,2) costs 1 + 2 + 2 = 5, least
  CHECK(assign_one_to_one(c) == std::vector<long>{1, 0, 2});
  Eigen::MatrixXd tall(3, 2);
  tall << 1, 5, 2, 1, 0, 9;  // best pair: row 2 -> 0 (0), row 1 -> 1 (1); row 0 left out
  CHECK(assign_one_to_one(tall) == std::vector<long>{-1, 1, 0});
  for (std::uint64_t seed : {1u, 7u, 42u}) {
    aqm::RandomStream rng(seed, 0);
    for (int rows = 1; rows <= 5; ++rows) {
      Eigen::MatrixXd r(rows, 6);
      for (long i = 0; i < r.size(); ++i) r.data()[i] = rng.uniform();
      const auto a = assign_one_to_one(r);
      CHECK(cost_of(r, a) == doctest::Approx(brute_force_cost(r)));
      std::vector<long> used = a;
      std::sort(used.begin(), used.end());
      CHECK(std::adjacent_find(used.begin(), used.end()) == used.end());
    }
  }
  Eigen::MatrixXd nan = Eigen::MatrixXd::Zero(2, 2);
  nan(0, 1) = std::nan("");
  CHECK_THROWS_AS(assign_one_to_one(nan), aqm::InvalidArgument);
}
