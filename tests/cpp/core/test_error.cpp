#include <doctest/doctest.h>

#include <aqm/core/error.hpp>
#include <aqm/core/labelled_matrix.hpp>

TEST_CASE("errors carry their location and derive from the matching std type") {
  try {
    throw aqm::ParseError(aqm::Location{"conc.csv", 12, 4, "SO4"}, "'x' is not a number");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()) == "conc.csv:12:4: SO4: 'x' is not a number");
  }
  try {
    throw aqm::FileNotFound(aqm::Location{"a.nc"}, "no such file");
  } catch (const aqm::Error& e) {
    CHECK(std::string(e.what()) == "a.nc: no such file");
    CHECK(e.where().file == "a.nc");
  }
  CHECK_THROWS_AS(throw aqm::KeyError(aqm::argument("O3"), "unknown"), std::out_of_range);
  try {  // a named parameter: no file, line or column in the message
    throw aqm::InvalidArgument(aqm::argument("rtol"), "must be > 0");
  } catch (const aqm::Error& e) {
    CHECK(std::string(e.what()) == "rtol: must be > 0");
    CHECK(e.where().file.empty());
    CHECK(e.where().line == 0);
  }
  CHECK_THROWS_AS(throw aqm::FileError("x"), std::runtime_error);
  CHECK_THROWS_AS(AQM_CHECK(1 > 2, "nope"), aqm::InvalidArgument);
}

TEST_CASE("LabelledMatrix validates labels and units") {
  Eigen::MatrixXd v(2, 3);
  v << 1, 2, 3, 4, 5, 6;
  aqm::LabelledMatrix m(v, {"d1", "d2"}, {"a", "b", "c"}, {"ug/m3", "ug/m3", "ug/m3"});
  CHECK(m.common_units() == "ug/m3");
  CHECK(m.column_index("c") == 2);
  CHECK(m.row_index("d2") == 1);
  CHECK_THROWS_WITH_AS(m.column_index("zz"), "zz: no such column", aqm::KeyError);
  CHECK_THROWS_AS(aqm::LabelledMatrix(v, {"d1"}), aqm::InvalidArgument);
  CHECK_THROWS_WITH_AS(aqm::LabelledMatrix(v, {"d1", "d2"}, {"a", "b", "a"}),
                       "a: duplicate column label (columns 1 and 3)", aqm::InvalidArgument);
  aqm::LabelledMatrix d(v);
  CHECK(d.column_labels() == std::vector<std::string>{"0", "1", "2"});
  CHECK(d.common_units().empty());
}
