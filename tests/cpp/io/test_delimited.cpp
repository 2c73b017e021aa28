#include <doctest/doctest.h>

#include <aqm/core/data_path.hpp>
#include <aqm/io/delimited.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {
std::string tmp_path(const std::string& name) {
  const auto dir = fs::temp_directory_path() / "aqm_cpp_tests";
  fs::create_directories(dir);
  return (dir / name).string();
}
}  // namespace

TEST_CASE("Baltimore PMF file reads as 630 x 26 despite its 27 trailing tab-only lines") {
  const std::string path = aqm::data_path("pmf/epa/Dataset-Baltimore_con.txt");
  const auto m = aqm::io::read_delimited(path);
  CHECK(m.rows() == 630);
  CHECK(m.cols() == 26);
  CHECK(m.missing_count() == 0);
  const auto u = aqm::io::read_delimited(aqm::data_path("pmf/epa/Dataset-Baltimore_unc.txt"));
  CHECK(u.rows() == 630);
  CHECK(u.column_labels() == m.column_labels());
}

TEST_CASE("Baton Rouge CSV reads as 307 x 41") {
  const std::string path = aqm::data_path("pmf/epa/Dataset-BatonRouge-con.csv");
  const auto m = aqm::io::read_delimited(path);
  CHECK(m.rows() == 307);
  CHECK(m.cols() == 41);
}

TEST_CASE("BOM, CRLF, quotes, missing markers, units row and separators") {
  const std::string text =
      "\xEF\xBB\xBF\"Date\";\"PM2.5; total\";NO3\r\n"
      "units;ug/m3;ug/m3\r\n"
      "2020-01-01;12.5;NA\r\n"
      "2020-01-02;;-999\r\n"
      "2020-01-03;+1e-3;3\r\n"
      ";;\r\n"
      "\r\n";
  aqm::io::DelimitedReadOptions opt;
  opt.missing_values = {-999};
  const auto m = aqm::io::parse_delimited(text, "mem.csv", opt);
  CHECK(m.rows() == 3);
  CHECK(m.cols() == 2);
  CHECK(m.column_labels()[0] == "PM2.5; total");
  CHECK(m.row_dim == "Date");
  CHECK(m.common_units() == "ug/m3");
  CHECK(m.values()(0, 0) == 12.5);
  CHECK(std::isnan(m.values()(0, 1)));
  CHECK(std::isnan(m.values()(1, 0)));
  CHECK(std::isnan(m.values()(1, 1)));
  CHECK(m.values()(2, 0) == 1e-3);
  CHECK(m.missing_count() == 3);
}

TEST_CASE("write then read gives back the same doubles, labels and units") {
  Eigen::MatrixXd v(2, 3);
  v << 0.1, 1.0 / 3.0, std::nan(""), 6.02214076e23, -2.5e-300, 7;
  aqm::LabelledMatrix m(v, {"2020-01-01", "id, with comma"}, {"SO4", "NO3", "OC \"x\""},
                        {"ug/m3", "ug/m3", "ugC/m3"});
  const auto path = tmp_path("roundtrip.csv");
  aqm::io::DelimitedWriteOptions w;
  w.write_units_row = true;
  aqm::io::write_delimited(path, m, w);
  const auto r = aqm::io::read_delimited(path);
  CHECK(r.row_labels() == m.row_labels());
  CHECK(r.column_labels() == m.column_labels());
  CHECK(r.column_units() == m.column_units());
  CHECK(r.values()(0, 1) == v(0, 1));
  CHECK(r.values()(1, 0) == v(1, 0));
  CHECK(r.values()(1, 1) == v(1, 1));
  CHECK(std::isnan(r.values()(0, 2)));
}

TEST_CASE("a failed write leaves no file and keeps the old one") {
  // A directory of its own: ctest runs other writers in parallel, and their own
  // in-flight temporaries in a shared directory would look like leftovers here.
  const auto own_dir =
      fs::temp_directory_path() / ("aqm_failed_write_" + std::to_string(::getpid()));
  fs::remove_all(own_dir);
  fs::create_directories(own_dir);
  const auto tmp_path = [&](const std::string& name) { return (own_dir / name).string(); };
  const auto path = tmp_path("keep.csv");
  { std::ofstream(path) << "old content\n"; }
  Eigen::MatrixXd v(1, 1);
  v << 1;
  aqm::LabelledMatrix m(v);
  CHECK_THROWS_AS(aqm::io::write_delimited(tmp_path("no_such_dir/x.csv"), m), aqm::FileError);
  CHECK(!fs::exists(tmp_path("no_such_dir/x.csv")));
  // Writing onto a directory fails before anything is written.
  fs::create_directories(tmp_path("a_dir"));
  CHECK_THROWS_AS(aqm::io::write_delimited(tmp_path("a_dir"), m), aqm::FileError);
  // A FIFO (as /dev/null is a device node) is refused, named, and left in place.
  REQUIRE(::mkfifo(tmp_path("pipe.csv").c_str(), 0600) == 0);
  CHECK_THROWS_WITH(aqm::io::write_delimited(tmp_path("pipe.csv"), m),
                    doctest::Contains("pipe.csv: cannot write: the path is a FIFO"));
  CHECK(fs::is_fifo(tmp_path("pipe.csv")));
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  CHECK(line == "old content");
  for (const auto& e : fs::directory_iterator(fs::path(path).parent_path()))
    CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
  fs::remove_all(own_dir);
}

TEST_CASE("every malformed file gives its typed error naming the place") {
  const std::string dir = std::string(AQM_TEST_DATA_DIR) + "/malformed/";
  std::ifstream manifest(dir + "manifest.txt");
  REQUIRE(manifest);
  int cases = 0;
  for (std::string line; std::getline(manifest, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    std::string file, kind, fragment;
    std::getline(ss, file, '|');
    std::getline(ss, kind, '|');
    std::getline(ss, fragment);
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(' '));
      s.erase(s.find_last_not_of(' ') + 1);
      return s;
    };
    file = trim(file);
    kind = trim(kind);
    fragment = trim(fragment);
    CAPTURE(file);
    std::string message, caught;
    try {
      (void)aqm::io::read_delimited(dir + file);
    } catch (const aqm::FileNotFound& e) {
      caught = "FileNotFound";
      message = e.what();
    } catch (const aqm::ParseError& e) {
      caught = "ParseError";
      message = e.what();
    }
    CHECK(caught == kind);
    CHECK(message.find(file) != std::string::npos);
    CHECK_MESSAGE(message.find(fragment) != std::string::npos, message);
    ++cases;
  }
  CHECK(cases >= 15);
}
