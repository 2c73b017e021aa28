#include <doctest/doctest.h>

#include <aqm/pmf/dataset.hpp>
#include <cmath>

using aqm::LabelledMatrix;
using namespace aqm::pmf;

namespace {
LabelledMatrix table(Eigen::MatrixXd v) {
  std::vector<std::string> rows, cols = {"PM25", "SO4", "Fe"};
  for (Eigen::Index i = 0; i < v.rows(); ++i) rows.push_back("d" + std::to_string(i));
  return LabelledMatrix(std::move(v), rows, cols, {"ug/m3", "ug/m3", "ug/m3"});
}
}  // namespace

TEST_CASE("PMF 5.0 uncertainty equation, evaluated by hand") {
  // x <= MDL: 5/6 MDL
  CHECK(equation_uncertainty(0.05, 0.1, 0.1) == doctest::Approx(0.0833333333333));
  CHECK(equation_uncertainty(0.1, 0.1, 0.1) == doctest::Approx(0.0833333333333));
  // x > MDL: sqrt((0.1·1)² + (0.05)²) = sqrt(0.0125) = 0.1118034
  CHECK(equation_uncertainty(1.0, 0.1, 0.1) == doctest::Approx(0.1118033989));
  // sqrt((0.2·3)² + (0.5·0.4)²) = sqrt(0.36 + 0.04) = 0.632456
  CHECK(equation_uncertainty(3.0, 0.4, 0.2) == doctest::Approx(0.6324555320));
  CHECK(std::isnan(equation_uncertainty(NAN, 0.1, 0.1)));
}

TEST_CASE("PMF 5.0 signal-to-noise: mean of (x-s)/s where x > s, zero elsewhere") {
  Eigen::VectorXd x(4), s(4);
  x << 2.0, 0.5, 3.0, NAN;  // the missing cell is skipped
  s << 1.0, 1.0, 1.0, 1.0;
  // d = 1, 0, 2 over 3 samples
  CHECK(signal_to_noise(x, s) == doctest::Approx(1.0));
  CHECK(suggest_category(0.2) == Category::bad);
  CHECK(suggest_category(0.7) == Category::weak);
  CHECK(suggest_category(1.5) == Category::strong);
}

TEST_CASE(
    "prepare: median replacement, weak x3, bad dropped, total variable weak, extra uncertainty") {
  Eigen::MatrixXd x(4, 3), s(4, 3);
  x << 10, 2, 0.1,   //
      20, NAN, 0.2,  //
      30, 4, 0.3,    //
      40, 6, 0.4;
  s.setConstant(0.5);
  PrepareOptions o;
  o.total_variable = "PM25";
  o.categories["Fe"] = Category::bad;
  const auto d = prepare(table(x), table(s), o);
  REQUIRE(d.concentrations.cols() == 2);
  CHECK(d.concentrations.column_labels() == std::vector<std::string>{"PM25", "SO4"});
  CHECK(d.total_index == 0);
  CHECK(d.categories[0] == Category::weak);
  CHECK(d.uncertainties.values()(0, 0) == doctest::Approx(1.5));  // weak: 0.5 × 3
  // SO4 median of {2, 4, 6} = 4; uncertainty 4 × 4 = 16
  CHECK(d.concentrations.values()(1, 1) == doctest::Approx(4.0));
  CHECK(d.uncertainties.values()(1, 1) == doctest::Approx(16.0));
  CHECK(d.replaced_missing == 1);
  REQUIRE(d.summary.size() == 3);
  CHECK(d.summary[1].percent_missing == doctest::Approx(25.0));
  CHECK(d.summary[2].category == Category::bad);
  // S/N of SO4: (2-0.5)/0.5 = 3, (4-0.5)/0.5 = 7, (6-0.5)/0.5 = 11 → mean 7
  CHECK(d.summary[1].signal_to_noise == doctest::Approx(7.0));

  PrepareOptions extra;
  extra.extra_uncertainty = 0.1;
  extra.missing = MissingPolicy::exclude_samples;
  const auto e = prepare(table(x), table(s), extra);
  CHECK(e.concentrations.rows() == 3);  // the sample with a missing SO4 is dropped
  // sqrt(0.5² + (0.1·10)²) = sqrt(1.25)
  CHECK(e.uncertainties.values()(0, 0) == doctest::Approx(std::sqrt(1.25)));
}

TEST_CASE("prepare from MDL and error fraction uses the equation and counts below-MDL values") {
  Eigen::MatrixXd x(3, 3);
  x << 10, 0.05, 1, 20, 2, 1, 30, 3, 1;
  const auto d =
      prepare(table(x), std::vector<double>{1.0, 0.1, 0.5}, std::vector<double>{0.1, 0.1, 0.1});
  CHECK(d.uncertainties.values()(0, 1) == doctest::Approx(5.0 / 6.0 * 0.1));
  CHECK(d.uncertainties.values()(0, 0) == doctest::Approx(std::sqrt(1.0 + 0.25)));
  CHECK(d.summary[1].percent_below_mdl == doctest::Approx(100.0 / 3.0));
}

TEST_CASE("prepare rejects bad input with the place named") {
  Eigen::MatrixXd x = Eigen::MatrixXd::Constant(3, 3, 1.0),
                  s = Eigen::MatrixXd::Constant(3, 3, 0.1);
  s(1, 2) = 0.0;
  CHECK_THROWS_WITH_AS(prepare(table(x), table(s)), doctest::Contains("Fe"), aqm::InvalidArgument);
  s(1, 2) = 0.1;
  PrepareOptions o;
  o.categories["Zn"] = Category::weak;
  CHECK_THROWS_WITH_AS(prepare(table(x), table(s), o), doctest::Contains("Zn"), aqm::KeyError);
  PrepareOptions t;
  t.total_variable = "PM10";
  CHECK_THROWS_WITH_AS(prepare(table(x), table(s), t), doctest::Contains("PM10"), aqm::KeyError);
  PrepareOptions e;
  e.extra_uncertainty = 0.5;
  CHECK_THROWS_WITH_AS(prepare(table(x), table(s), e), doctest::Contains("extra_uncertainty"),
                       aqm::InvalidArgument);
  LabelledMatrix other(s, {"d0", "d1", "d2"}, {"PM25", "SO4", "Cu"}, {});
  CHECK_THROWS_WITH_AS(prepare(table(x), other), doctest::Contains("Cu"), aqm::InvalidArgument);
  CHECK_THROWS_WITH_AS(
      prepare(table(x), std::vector<double>{1, -1, 1}, std::vector<double>{0.1, 0.1, 0.1}),
      doctest::Contains("SO4"), aqm::InvalidArgument);
  CHECK_THROWS_AS(parse_category("medium"), aqm::InvalidArgument);
}

TEST_CASE("prepare rejects missing-value codes, overflowing magnitudes; names species and sample") {
  Eigen::MatrixXd x = Eigen::MatrixXd::Constant(4, 3, 1.0);
  const Eigen::MatrixXd s = Eigen::MatrixXd::Constant(4, 3, 0.1);
  x.col(1).setConstant(-999.0);  // a column of -999 sentinels: 9990 uncertainties below zero
  CHECK_THROWS_WITH_AS(prepare(table(x), table(s)), doctest::Contains("SO4: concentration -999"),
                       aqm::InvalidArgument);
  x.col(1).setConstant(1.0);
  x(2, 2) = 1e308;  // squares to infinity in Q
  CHECK_THROWS_WITH_AS(prepare(table(x), table(s)), doctest::Contains("(sample d2)"),
                       aqm::InvalidArgument);
  // From MDL/EF the sentinel gets 5/6·MDL and is caught the same way.
  x(2, 2) = 1.0;
  x(0, 0) = -999.0;
  const std::vector<double> mdl{0.1, 0.1, 0.1}, ef{0.1, 0.1, 0.1};
  CHECK_THROWS_WITH_AS(prepare(table(x), mdl, ef), doctest::Contains("PM25"), aqm::InvalidArgument);
}

TEST_CASE("prepare names the input file, species and sample of a bad uncertainty (issue 14)") {
  Eigen::MatrixXd x = Eigen::MatrixXd::Constant(4, 3, 1.0);
  Eigen::MatrixXd s = Eigen::MatrixXd::Constant(4, 3, 0.1);
  PrepareOptions o;
  o.concentration_source = "c.csv";
  o.uncertainty_source = "u.csv";
  s(2, 1) = -0.5;  // before: "line 2:2", a cell one row and one column off, and no file name
  CHECK_THROWS_WITH_AS(prepare(table(x), table(s), o),
                       "u.csv: SO4: uncertainty must be finite, > 0 and <= 1e100, got -0.5 "
                       "(sample d2)",
                       aqm::InvalidArgument);
  // A blank uncertainty for a present value was taken as a missing value and replaced.
  s(2, 1) = std::nan("");
  CHECK_THROWS_WITH_AS(prepare(table(x), table(s), o),
                       doctest::Contains("u.csv: SO4: no uncertainty"), aqm::InvalidArgument);
  // Inputs that differ name what the uncertainties lack.
  s(2, 1) = 0.1;
  const LabelledMatrix fewer(s.leftCols(2), table(s).row_labels(), {"PM25", "SO4"});
  CHECK_THROWS_WITH_AS(prepare(table(x), fewer, o), "u.csv: no species 'Fe' (it is in c.csv)",
                       aqm::InvalidArgument);
}

TEST_CASE("species warnings a PMF 5.0 user expects") {
  // 6 samples: PM25 healthy; SO4 below its uncertainty everywhere (S/N 0) with tiny
  // uncertainties; Fe a copy of PM25 with one small negative value elsewhere.
  Eigen::MatrixXd x(6, 3), s(6, 3);
  x << 10, 1e-7, 10,   //
      12, 2e-7, 12,    //
      8, 1e-7, 8,      //
      15, 0.5e-7, 15,  //
      11, 1e-7, 11,    //
      9, 1e-7, 9;
  s.col(0).setConstant(1.0);
  s.col(1).setConstant(8e-7);
  s.col(2).setConstant(1.0);
  auto d = prepare(table(x), table(s));
  CHECK(d.summary[0].warning.empty());
  CHECK(d.summary[1].warning.find("S/N 0 < 0.5") != std::string::npos);
  CHECK(d.summary[1].warning.find("1000x below") != std::string::npos);
  CHECK(d.summary[2].warning.find("identical to species PM25") != std::string::npos);
  // Weak: no S/N warning (the user already acted), but still the uncertainty warning.
  PrepareOptions weak;
  weak.categories["SO4"] = Category::weak;
  d = prepare(table(x), table(s), weak);
  CHECK(d.summary[1].warning.find("S/N") == std::string::npos);
  // A small negative value (within 4 uncertainties) is kept and counted; a constant is named.
  x(3, 2) = -0.5;
  x.col(0).setConstant(10.0);
  d = prepare(table(x), table(s));
  CHECK(d.summary[2].warning.find("1 negative concentrations") != std::string::npos);
  CHECK(d.summary[0].warning.find("the same value in every sample") != std::string::npos);
  CHECK(d.concentrations.values()(3, 2) == -0.5);
}
