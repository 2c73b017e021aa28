// Hostile mechanism input: each case must end in a clear error or a status naming the place,
// never a crash, a stack overflow or a "successful" integration of an invalid system.
#include "chem_test_util.hpp"

#include <filesystem>
#include <cmath>
#include <fstream>
#include <limits>
#include <string>

using namespace aqm::chem;

namespace {
std::string nested(int levels) {
  return std::string(levels, '(') + "1.0e-12" + std::string(levels, ')');
}

Mechanism decay(const std::string& rate) {
  return parse_kpp("#DEFVAR\nA = IGNORE; B = IGNORE;\n#EQUATIONS\n<R1> A = B : " + rate + ";\n",
                   "decay");
}

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "aqm_chem_hostile";
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path) << text;
  return path;
}
}  // namespace

TEST_CASE("chem hostile input: 10 000 nested parentheses are a ParseError, not a stack overflow") {
  CHECK_NOTHROW(decay(nested(150)));  // deep but plausible nesting still compiles
  try {
    decay(nested(10000));
    FAIL("expected a ParseError");
  } catch (const aqm::ParseError& e) {
    CHECK(std::string(e.what()).find("nested more than 200 levels") != std::string::npos);
    CHECK(std::string(e.what()).find("decay:4") != std::string::npos);  // file:line
  }
  CHECK_THROWS_AS(decay(std::string(10000, '-') + "1.0"), aqm::ParseError);
}

TEST_CASE("chem hostile input: a sum of 100 000 terms is refused by name") {
  std::string rate = "1.0e-12";
  for (int i = 0; i < 100000; ++i) rate += "+TEMP";
  CHECK_THROWS_WITH_AS(decay(rate), doctest::Contains("more than 20000 terms"), aqm::ParseError);
}

TEST_CASE("chem hostile input: a negative rate constant stops the integration, naming it") {
  // Before: B = -35.6 ppb after 1 h and status success.
  Mechanism m = decay("-1.0e-3");
  KineticSystem s(m);
  std::vector<double> y = {1.0e12, 0.0};
  const SolveResult r = integrate(s, y, 0.0, 3600.0, RosenbrockOptions{});
  CHECK(r.status == SolveStatus::invalid_rate);
  CHECK(to_string(r.status) == "invalid_rate");
  CHECK(r.message.find("reaction <R1>") != std::string::npos);
  CHECK(r.message.find("is negative") != std::string::npos);
  CHECK(y[1] == 0.0);  // nothing integrated
}

TEST_CASE("chem hostile input: a rate of 1.0/0.0 names the reaction") {
  Mechanism m = decay("1.0/(TEMP-TEMP)");
  KineticSystem s(m);
  std::vector<double> y = {1.0e12, 0.0};
  const SolveResult r = integrate(s, y, 0.0, 60.0, RosenbrockOptions{});
  CHECK(r.status == SolveStatus::invalid_rate);
  CHECK(r.message.find("reaction <R1>: rate constant '1.0/(TEMP-TEMP)'") != std::string::npos);
  CHECK(r.message.find("is not finite") != std::string::npos);
}

TEST_CASE("chem hostile input: negative or NaN initial values are refused by species") {
  Mechanism m = decay("1.0e-3");
  KineticSystem s(m);
  CHECK_THROWS_WITH_AS(simulate(s, {1.0, -2.0}, {0.0, 60.0}, RosenbrockOptions{}),
                       doctest::Contains("B: y0: initial concentration"), aqm::InvalidArgument);
  CHECK_THROWS_AS(simulate(s, {std::nan(""), 0.0}, {0.0, 60.0}, RosenbrockOptions{}),
                  aqm::InvalidArgument);
}

TEST_CASE("chem hostile input: files without reactions, and directories, are not mechanisms") {
  const auto empty_eqn = write_temp("empty.eqn", "");
  CHECK_THROWS_WITH_AS(read_kpp(empty_eqn.string()), doctest::Contains("no reactions found"),
                       aqm::ParseError);
  const auto defvar_only = write_temp("defvar.kpp", "#DEFVAR\nA = IGNORE;\n");
  CHECK_THROWS_WITH_AS(read_kpp(defvar_only.string()),
                       doctest::Contains((defvar_only.string() + ": no reactions").c_str()),
                       aqm::ParseError);
  const auto empty_fac = write_temp("empty.fac", "* only a comment ;\n");
  CHECK_THROWS_AS(read_facsimile(empty_fac.string()), aqm::ParseError);
  const auto dir = empty_eqn.parent_path();
  CHECK_THROWS_WITH_AS(read_kpp(dir.string()), doctest::Contains("is a directory"), aqm::FileError);
  CHECK_THROWS_AS(read_facsimile(dir.string()), aqm::FileError);
  std::filesystem::remove_all(dir);
}

TEST_CASE("chem hostile input: fuzzer findings (undefined double-to-int conversions)") {
  // fuzz_facsimile: a reactant coefficient of 44444444444444444442 overflowed the int the
  // kinetic system converts it to; orders are now bounded by name.
  CHECK_THROWS_WITH_AS(
      parse_facsimile("VARIABLE A ;\n% 0.5*J<4> : 44444444444444444442A = ;\n", "f.fac"),
      doctest::Contains("coefficient of A must be a positive integer <= 10"), aqm::ParseError);
  CHECK_NOTHROW(parse_facsimile("VARIABLE A B ;\n% 1.0D-30 : 3A = B ;\n", "f.fac"));
  // fuzz_rate_expression: J(31e23) was cast to int before its range check.
  CHECK_THROWS_WITH_AS(decay("0*(J(31e23)+J(24))"),
                       doctest::Contains("photolysis index must be a whole number in 0..10000"),
                       aqm::ParseError);
  CHECK_THROWS_AS(decay("J(4.5)"), aqm::ParseError);
  CHECK_NOTHROW(decay("J(4)"));
}

TEST_CASE("chem hostile input: division by zero in a rate gives the IEEE value without UB") {
  // scripts/sanitize.sh (-fsanitize=float-divide-by-zero) stopped at 1.0/0.0 in evaluate().
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(aqm::chem::detail::quotient(1.0, 0.0) == inf);
  CHECK(aqm::chem::detail::quotient(-2.0, 0.0) == -inf);
  CHECK(aqm::chem::detail::quotient(2.0, -0.0) == -inf);
  CHECK(std::isnan(aqm::chem::detail::quotient(0.0, 0.0)));
  CHECK(aqm::chem::detail::quotient(3.0, 4.0) == 0.75);
}
