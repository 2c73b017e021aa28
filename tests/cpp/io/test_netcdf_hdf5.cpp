#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <aqm/core/gridded_field.hpp>
#include <aqm/core/labelled_matrix.hpp>
#ifdef AQM_HAVE_NETCDF
#include <aqm/io/netcdf.hpp>
#endif
#ifdef AQM_HAVE_HDF5
#include <aqm/io/hdf5.hpp>
#endif

namespace fs = std::filesystem;

namespace {
std::string tmp_path(const std::string& name) {
  const auto dir = fs::temp_directory_path() / "aqm_cpp_tests";
  fs::create_directories(dir);
  return (dir / name).string();
}

aqm::LabelledMatrix sample_matrix() {
  Eigen::MatrixXd v(3, 2);
  v << 1.5, 2.5, std::nan(""), 4, 5, 6e-9;
  aqm::LabelledMatrix m(v, {"2020-01-01", "2020-01-02", "2020-01-03"}, {"SO4", "NO3"});
  m.set_units("ug m-3");
  return m;
}

aqm::GriddedField sample_field() {
  aqm::GriddedField f;
  f.name = "NOx";
  f.units = "kg m-2 s-1";
  f.long_name = "NOx emission flux";
  f.grid.time.values = {0, 1};
  f.grid.y.values = {30.0, 30.05, 30.1};
  f.grid.x.values = {120.0, 120.05};
  f.data.resize(f.grid.size());
  for (std::size_t i = 0; i < f.data.size(); ++i) f.data[i] = 1e-9 * static_cast<double>(i);
  return f;
}
}  // namespace

#ifdef AQM_HAVE_NETCDF
TEST_CASE("NetCDF matrix round trip keeps values, labels, units and NaN") {
  const auto path = tmp_path("m.nc");
  const auto m = sample_matrix();
  aqm::io::write_netcdf_matrix(path, m, "conc", "species concentration", {{"title", "test"}});
  const auto r = aqm::io::read_netcdf_matrix(path, "conc", "ug m-3");
  CHECK(r.row_labels() == m.row_labels());
  CHECK(r.column_labels() == m.column_labels());
  CHECK(r.common_units() == "ug m-3");
  CHECK(r.values()(0, 1) == 2.5);
  CHECK(r.values()(2, 1) == 6e-9);
  CHECK(std::isnan(r.values()(1, 0)));
  CHECK(aqm::io::netcdf_variables(path) == std::vector<std::string>{"conc"});
}

TEST_CASE("NetCDF gridded field round trip with CF coordinates") {
  const auto path = tmp_path("f.nc");
  const auto f = sample_field();
  aqm::io::write_netcdf_fields(path, {f});
  const auto r = aqm::io::read_netcdf_field(path, "NOx", "kg m-2 s-1");
  CHECK(r.grid == f.grid);
  CHECK(r.data == f.data);
  CHECK(r.long_name == "NOx emission flux");
}

TEST_CASE("NetCDF bad input: units mismatch, missing variable, not NetCDF, missing file") {
  const auto path = tmp_path("u.nc");
  aqm::io::write_netcdf_matrix(path, sample_matrix(), "conc", "");
  CHECK_THROWS_WITH_AS(aqm::io::read_netcdf_matrix(path, "conc", "ppb"),
                       (path + ": conc: units are 'ug m-3', expected 'ppb'").c_str(),
                       aqm::UnitError);
  CHECK_THROWS_WITH_AS(aqm::io::read_netcdf_matrix(path, "O3"),
                       (path + ": O3: no such variable in the file").c_str(), aqm::KeyError);
  const auto text = tmp_path("text.nc");
  std::ofstream(text) << "not netcdf\n";
  CHECK_THROWS_AS(aqm::io::read_netcdf_matrix(text, "conc"), aqm::FileError);
  CHECK_THROWS_AS(aqm::io::read_netcdf_field(tmp_path("none.nc"), "x"), aqm::FileNotFound);
  auto bad = sample_field();
  bad.data.pop_back();
  CHECK_THROWS_AS(aqm::io::write_netcdf_fields(tmp_path("bad.nc"), {bad}), aqm::InvalidArgument);
  CHECK(!fs::exists(tmp_path("bad.nc")));
}
#endif

#ifdef AQM_HAVE_HDF5
TEST_CASE("HDF5 matrix and field round trips") {
  const auto path = tmp_path("m.h5");
  const auto m = sample_matrix();
  aqm::io::write_hdf5_matrix(path, m, "conc", "species concentration");
  const auto r = aqm::io::read_hdf5_matrix(path, "conc", "ug m-3");
  CHECK(r.row_labels() == m.row_labels());
  CHECK(r.column_labels() == m.column_labels());
  CHECK(r.values()(2, 1) == 6e-9);
  CHECK(std::isnan(r.values()(1, 0)));
  const auto fpath = tmp_path("f.h5");
  const auto f = sample_field();
  aqm::io::write_hdf5_fields(fpath, {f});
  const auto rf = aqm::io::read_hdf5_field(fpath, "NOx", "kg m-2 s-1");
  CHECK(rf.grid == f.grid);
  CHECK(rf.data == f.data);
}

TEST_CASE("HDF5 bad input: units mismatch, missing variable, not HDF5") {
  const auto path = tmp_path("u.h5");
  aqm::io::write_hdf5_matrix(path, sample_matrix(), "conc", "");
  CHECK_THROWS_WITH_AS(aqm::io::read_hdf5_matrix(path, "conc", "ppb"),
                       (path + ": conc: units are 'ug m-3', expected 'ppb'").c_str(),
                       aqm::UnitError);
  CHECK_THROWS_AS(aqm::io::read_hdf5_matrix(path, "O3"), aqm::KeyError);
  const auto text = tmp_path("text.h5");
  std::ofstream(text) << "not hdf5\n";
  CHECK_THROWS_WITH_AS(aqm::io::read_hdf5_matrix(text, "conc"),
                       (text + ": not an HDF5 file").c_str(), aqm::FileError);
}
#endif
