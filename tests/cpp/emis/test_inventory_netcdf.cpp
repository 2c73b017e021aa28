// Inventory NetCDF files: round trips, the on-disk layout checked with raw NetCDF-C calls, a
// hand-written file read back, and bad input.  Outside references: the Gregorian calendar (the
// first days of the months of 2021 are days 0, 31, 59, 90, ... of the year), cell centres as
// the midpoints of hand-chosen edges, and the layout Python's to_xarray()/xarray writes
// (attribute names and values as listed in aqm/emis/inventory_netcdf.hpp, read with ncdump -h
// equivalents from a file written by Inventory.to_netcdf()).
#include <doctest/doctest.h>

#ifdef AQM_HAVE_NETCDF
#include <netcdf.h>

#include <aqm/emis/inventory_netcdf.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>

using namespace aqm::emis;
namespace fs = std::filesystem;

namespace {

std::string tmp_nc(const std::string& name) {
  const auto dir = fs::temp_directory_path() / "aqm_cpp_tests" / "inventory_netcdf";
  fs::create_directories(dir);
  const auto p = dir / name;
  fs::remove(p);
  return p.string();
}

// Value of element (s, p, r, t) chosen so every element differs and is exact in binary.
double code(std::size_t s, std::size_t p, std::size_t r, std::size_t t) {
  return 1000.0 * double(s) + 100.0 * double(p) + 10.0 * double(r) + double(t) + 0.25;
}

Inventory place_annual() {
  Inventory inv({"power", "industry/boiler", "transport/onroad_diesel"},
                {"SO2", "PM2.5", "1,3-butadiene"},
                {"Shangcheng", "Xihu", "\xe6\x9d\xad\xe5\xb7\x9e"},  // 杭州
                TimeResolution::annual, {"t/yr", "kg", "mol s-1"}, 2019);
  for (std::size_t s = 0; s < 3; ++s)
    for (std::size_t p = 0; p < 3; ++p)
      for (std::size_t r = 0; r < 3; ++r) inv.at(s, p, r) = code(s, p, r, 0);
  inv.name = "test \"inventory\" \xc3\xa9";
  inv.record({"read_csv", "dir/a b.csv", {}});
  inv.record({"scale", "", {{"factor", "0.5"}, {"note", "tab\there \"q\" \\ \xf0\x9f\x98\x80"}}});
  return inv;
}

// lon edges 118.0 | 118.25 | 118.75 | 119.5, lat edges 29.0 | 29.5 | 30.0 (irregular).
LatLonGrid test_grid() { return LatLonGrid{{118.0, 118.25, 118.75, 119.5}, {29.0, 29.5, 30.0}}; }

Inventory grid_monthly() {
  auto inv = Inventory::on_grid({"power", "residential"}, {"NOx", "CO"}, test_grid(),
                                TimeResolution::monthly, {"t/yr", "t"}, 2021);
  for (std::size_t s = 0; s < 2; ++s)
    for (std::size_t p = 0; p < 2; ++p)
      for (std::size_t r = 0; r < 6; ++r)
        for (std::size_t t = 0; t < 12; ++t) inv.at(s, p, r, t) = code(s, p, r, t);
  inv.name = "grid test";
  inv.record({"grid_allocation", "proxies.csv", {{"proxies", "urban/rural"}}});
  return inv;
}

void check_same(const Inventory& a, const Inventory& b) {
  CHECK(a.sectors() == b.sectors());
  CHECK(a.pollutants() == b.pollutants());
  CHECK(a.places() == b.places());
  CHECK(a.units() == b.units());
  CHECK(a.year == b.year);
  CHECK(a.name == b.name);
  CHECK(a.time_resolution() == b.time_resolution());
  CHECK(a.values() == b.values());
  CHECK(a.grid().has_value() == b.grid().has_value());
  if (a.grid() && b.grid()) {
    CHECK(a.grid()->lon_edges == b.grid()->lon_edges);
    CHECK(a.grid()->lat_edges == b.grid()->lat_edges);
  }
}

// Raw NetCDF-C reading helpers for the layout checks.
struct Raw {
  int nc = -1;
  explicit Raw(const std::string& path) {
    REQUIRE(nc_open(path.c_str(), NC_NOWRITE, &nc) == NC_NOERR);
  }
  ~Raw() { nc_close(nc); }
  int var(const char* name) const {
    int v = -1;
    REQUIRE_MESSAGE(nc_inq_varid(nc, name, &v) == NC_NOERR, name);
    return v;
  }
  std::size_t dim(const char* name) const {
    int d;
    std::size_t n = 0;
    REQUIRE_MESSAGE(nc_inq_dimid(nc, name, &d) == NC_NOERR, name);
    nc_inq_dimlen(nc, d, &n);
    return n;
  }
  bool has_dim(const char* name) const {
    int d;
    return nc_inq_dimid(nc, name, &d) == NC_NOERR;
  }
  nc_type att_type(int v, const char* name) const {
    nc_type t = NC_NAT;
    nc_inq_atttype(nc, v, name, &t);
    return t;
  }
  std::string text(int v, const char* name) const {
    nc_type t;
    std::size_t len;
    REQUIRE_MESSAGE(nc_inq_att(nc, v, name, &t, &len) == NC_NOERR, name);
    if (t == NC_STRING) {
      char* s = nullptr;
      nc_get_att_string(nc, v, name, &s);
      std::string out = s;
      nc_free_string(1, &s);
      return out;
    }
    std::string s(len, '\0');
    nc_get_att_text(nc, v, name, s.data());
    return s;
  }
  std::vector<std::string> dims_of(int v) const {
    int nd;
    nc_inq_varndims(nc, v, &nd);
    std::vector<int> ids(static_cast<std::size_t>(nd));
    nc_inq_vardimid(nc, v, ids.data());
    std::vector<std::string> out;
    for (int d : ids) {
      char buf[NC_MAX_NAME + 1];
      nc_inq_dimname(nc, d, buf);
      out.emplace_back(buf);
    }
    return out;
  }
  std::vector<double> doubles(int v, std::size_t n) const {
    std::vector<double> x(n);
    REQUIRE(nc_get_var_double(nc, v, x.data()) == NC_NOERR);
    return x;
  }
  std::vector<std::string> strings(int v, std::size_t n) const {
    std::vector<char*> p(n);
    REQUIRE(nc_get_var_string(nc, v, p.data()) == NC_NOERR);
    std::vector<std::string> out(p.begin(), p.end());
    nc_free_string(n, p.data());
    return out;
  }
};

template <class E, class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("(wrong exception type) ") + e.what();
  }
  return "(no exception)";
}

}  // namespace

TEST_CASE("emis NetCDF: place-based annual inventory round trips") {
  const auto path = tmp_nc("annual.nc");
  const auto inv = place_annual();
  write_inventory_netcdf(path, inv);
  const auto back = read_inventory_netcdf(path);
  check_same(inv, back);
  REQUIRE(back.history().size() == 3);
  CHECK(back.history()[0] == inv.history()[0]);
  CHECK(back.history()[1] == inv.history()[1]);
  CHECK(back.history()[2] == Operation{"read_netcdf", path, {}});
  CHECK(back.at(2, 1, 2) == 2000.0 + 100.0 + 20.0 + 0.25);  // transport, PM2.5, 杭州
}

TEST_CASE("emis NetCDF: gridded monthly inventory round trips") {
  const auto path = tmp_nc("grid.nc");
  const auto inv = grid_monthly();
  write_inventory_netcdf(path, inv);
  const auto back = read_inventory_netcdf(path);
  check_same(inv, back);
  CHECK(back.places() == std::vector<std::string>{"r0c0", "r0c1", "r0c2", "r1c0", "r1c1", "r1c2"});
  CHECK(back.history().front() == inv.history().front());
}

TEST_CASE("emis NetCDF: layout of a gridded monthly file (raw NetCDF-C)") {
  const auto path = tmp_nc("grid_layout.nc");
  write_inventory_netcdf(path, grid_monthly());
  Raw f(path);
  int format;
  nc_inq_format(f.nc, &format);
  CHECK(format == NC_FORMAT_NETCDF4);
  CHECK(f.dim("sector") == 2);
  CHECK(f.dim("time") == 12);
  CHECK(f.dim("lat") == 2);
  CHECK(f.dim("lon") == 3);
  CHECK(f.dim("nv") == 2);
  CHECK_FALSE(f.has_dim("place"));

  CHECK(f.text(NC_GLOBAL, "Conventions") == "CF-1.10");
  CHECK(f.text(NC_GLOBAL, "title") == "grid test");
  CHECK(f.text(NC_GLOBAL, "time_resolution") == "monthly");
  CHECK(f.att_type(NC_GLOBAL, "year") == NC_INT64);
  long long year = 0;
  nc_get_att_longlong(f.nc, NC_GLOBAL, "year", &year);
  CHECK(year == 2021);
  CHECK(f.text(NC_GLOBAL, "history_json") ==
        R"([{"name": "grid_allocation", "source": "proxies.csv", )"
        R"("parameters": {"proxies": "urban/rural"}}])");
  CHECK(f.text(NC_GLOBAL, "history") == "grid_allocation proxies.csv {'proxies': 'urban/rural'}");
  CHECK(f.text(NC_GLOBAL, "source").find("libaqm") == 0);

  // Time: int64 days since the 1st of January; months of the non-leap year 2021.
  const int t = f.var("time");
  nc_type tt;
  nc_inq_vartype(f.nc, t, &tt);
  CHECK(tt == NC_INT64);
  std::vector<long long> days(12);
  nc_get_var_longlong(f.nc, t, days.data());
  CHECK(days == std::vector<long long>{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334});
  CHECK(f.text(t, "units") == "days since 2021-01-01 00:00:00");
  CHECK(f.text(t, "calendar") == "proleptic_gregorian");

  // Coordinates: centres are the midpoints of the edges; bounds (cell, nv).
  const int lon = f.var("lon"), lat = f.var("lat");
  CHECK(f.doubles(lon, 3) == std::vector<double>{118.125, 118.5, 119.125});
  CHECK(f.doubles(lat, 2) == std::vector<double>{29.25, 29.75});
  CHECK(f.text(lon, "units") == "degrees_east");
  CHECK(f.text(lon, "bounds") == "lon_bnds");
  CHECK(f.text(lon, "standard_name") == "longitude");
  CHECK(f.text(lat, "units") == "degrees_north");
  CHECK(f.text(lat, "bounds") == "lat_bnds");
  CHECK(f.text(lat, "standard_name") == "latitude");
  CHECK(f.dims_of(f.var("lon_bnds")) == std::vector<std::string>{"lon", "nv"});
  CHECK(f.doubles(f.var("lon_bnds"), 6) ==
        std::vector<double>{118.0, 118.25, 118.25, 118.75, 118.75, 119.5});
  CHECK(f.doubles(f.var("lat_bnds"), 4) == std::vector<double>{29.0, 29.5, 29.5, 30.0});

  const int sector = f.var("sector");
  CHECK(f.strings(sector, 2) == std::vector<std::string>{"power", "residential"});
  CHECK(f.text(sector, "ids") == "0: power; 1: residential");

  // Pollutant variables: (sector, time, lat, lon), place r = j * nx + i.
  const int nox = f.var("NOx"), co = f.var("CO");
  CHECK(f.dims_of(nox) == std::vector<std::string>{"sector", "time", "lat", "lon"});
  CHECK(f.text(nox, "units") == "t/yr");
  CHECK(f.text(nox, "pollutant") == "NOx");
  CHECK(f.text(nox, "long_name") == "NOx emissions");
  CHECK(f.text(nox, "cell_methods") == "time: mean");
  CHECK(f.text(co, "cell_methods") == "time: sum");
  double fill = 0;
  nc_get_att_double(f.nc, co, "_FillValue", &fill);
  CHECK(std::isnan(fill));
  const auto v = f.doubles(co, 2 * 12 * 2 * 3);
  // CO is pollutant 1; element (s=1, t=7, j=1, i=2) sits at ((1*12 + 7)*2 + 1)*3 + 2.
  CHECK(v[((1 * 12 + 7) * 2 + 1) * 3 + 2] == code(1, 1, 1 * 3 + 2, 7));
  CHECK(v[0] == code(0, 1, 0, 0));
}

TEST_CASE("emis NetCDF: layout of a place-based annual file (raw NetCDF-C)") {
  const auto path = tmp_nc("annual_layout.nc");
  write_inventory_netcdf(path, place_annual());
  Raw f(path);
  CHECK(f.dim("time") == 1);
  CHECK(f.dim("place") == 3);
  CHECK_FALSE(f.has_dim("lat"));
  std::vector<long long> day(1, -1);
  nc_get_var_longlong(f.nc, f.var("time"), day.data());
  CHECK(day[0] == 0);
  CHECK(f.text(f.var("time"), "units") == "days since 2019-01-01 00:00:00");
  CHECK(f.text(NC_GLOBAL, "time_resolution") == "annual");
  CHECK(f.strings(f.var("place"), 3) ==
        std::vector<std::string>{"Shangcheng", "Xihu", "\xe6\x9d\xad\xe5\xb7\x9e"});
  // Variable names as Python's _var_name: '.' and ',' and '-' -> '_', "v_" before a digit.
  const int pm = f.var("PM2_5"), bd = f.var("v_1_3_butadiene");
  CHECK(f.text(pm, "pollutant") == "PM2.5");
  CHECK(f.text(pm, "cell_methods") == "time: sum");  // "kg" is an amount
  CHECK(f.text(bd, "pollutant") == "1,3-butadiene");
  CHECK(f.text(bd, "cell_methods") == "time: sum");  // "mol s-1" has no '/' (Python's rule)
  CHECK(f.dims_of(pm) == std::vector<std::string>{"sector", "time", "place"});
  // Non-ASCII text is a scalar NC_STRING attribute, ASCII text NC_CHAR, as netCDF4-python.
  CHECK(f.att_type(NC_GLOBAL, "title") == NC_STRING);
  CHECK(f.text(NC_GLOBAL, "title") == "test \"inventory\" \xc3\xa9");
  CHECK(f.att_type(NC_GLOBAL, "history_json") == NC_CHAR);
  CHECK(f.text(NC_GLOBAL, "history_json") ==
        R"([{"name": "read_csv", "source": "dir/a b.csv", "parameters": {}}, {"name": "scale", )"
        R"("source": "", "parameters": {"factor": "0.5", )"
        R"("note": "tab\there \"q\" \\ \ud83d\ude00"}}])");
  // (s=2, t=0, r=1) of PM2.5 at (2*1 + 0)*3 + 1.
  CHECK(f.doubles(pm, 27)[7] == code(2, 1, 1, 0));
}

TEST_CASE("emis NetCDF: variable names follow Python's _var_name") {
  CHECK(netcdf_variable_name("SO2") == "SO2");
  CHECK(netcdf_variable_name("PM2.5") == "PM2_5");
  CHECK(netcdf_variable_name("1,3-butadiene") == "v_1_3_butadiene");
  CHECK(netcdf_variable_name("_x") == "v__x");
  CHECK(netcdf_variable_name("NO\xe2\x82\x93") == "NO_");  // one '_' per non-ASCII character
}

namespace {
// A hand-written place inventory, built with raw NetCDF-C calls; `tweak` edits it before the
// data are written (in define mode) to make bad files.
struct HandFile {
  std::size_t T = 1;
  std::string time_resolution = "annual";
  std::string units = "t/yr";
  bool with_units = true;
  bool with_pollutant = true;
  bool with_sector_var = true;
  std::string history_json = "[]";
  double first_value = 1.5;
  std::function<void(int nc, int var)> tweak;

  void write(const std::string& path) const {
    int nc, d[3], v, vs, vp;
    REQUIRE(nc_create(path.c_str(), NC_NETCDF4 | NC_CLOBBER, &nc) == NC_NOERR);
    // Dimensions in another order than Python writes: (time, place, sector).
    nc_def_dim(nc, "time", T, &d[0]);
    nc_def_dim(nc, "place", 2, &d[1]);
    nc_def_dim(nc, "sector", 2, &d[2]);
    nc_def_var(nc, "nox_var", NC_DOUBLE, 3, d, &v);
    if (with_units) nc_put_att_text(nc, v, "units", units.size(), units.c_str());
    if (with_pollutant) nc_put_att_text(nc, v, "pollutant", 3, "NOx");
    if (with_sector_var) nc_def_var(nc, "sector", NC_STRING, 1, &d[2], &vs);
    nc_def_var(nc, "place", NC_STRING, 1, &d[1], &vp);
    nc_put_att_text(nc, NC_GLOBAL, "time_resolution", time_resolution.size(),
                    time_resolution.c_str());
    const int year = 2010;
    nc_put_att_int(nc, NC_GLOBAL, "year", NC_INT, 1, &year);
    nc_put_att_text(nc, NC_GLOBAL, "title", 4, "hand");
    nc_put_att_text(nc, NC_GLOBAL, "history_json", history_json.size(), history_json.c_str());
    if (tweak) tweak(nc, v);
    nc_enddef(nc);
    std::vector<double> x(T * 2 * 2);
    for (std::size_t k = 0; k < x.size(); ++k) x[k] = double(k) + 0.5;
    x[0] = first_value;
    nc_put_var_double(nc, v, x.data());
    const char* sectors[] = {"a", "b"};
    const char* places[] = {"P", "Q"};
    if (with_sector_var) nc_put_var_string(nc, vs, sectors);
    nc_put_var_string(nc, vp, places);
    REQUIRE(nc_close(nc) == NC_NOERR);
  }
};
}  // namespace

TEST_CASE("emis NetCDF: a hand-written file with permuted dimensions is read by name") {
  const auto path = tmp_nc("hand.nc");
  HandFile{}.write(path);
  const auto inv = read_inventory_netcdf(path);
  CHECK(inv.sectors() == std::vector<std::string>{"a", "b"});
  CHECK(inv.places() == std::vector<std::string>{"P", "Q"});
  CHECK(inv.pollutants() == std::vector<std::string>{"NOx"});  // from the attribute, not the name
  CHECK(inv.units() == std::vector<std::string>{"t/yr"});
  CHECK(inv.year == 2010);  // NC_INT is accepted
  CHECK(inv.name == "hand");
  // File order (time, place, sector): element (place q, sector s) is at q*2 + s.
  CHECK(inv.at(0, 0, 0) == 1.5);  // place P, sector a
  CHECK(inv.at(1, 0, 0) == 1.5);  // place P, sector b: index 1
  CHECK(inv.at(0, 0, 1) == 2.5);  // place Q, sector a: index 2
  CHECK(inv.at(1, 0, 1) == 3.5);  // place Q, sector b: index 3
  CHECK(inv.history() == std::vector<Operation>{{"read_netcdf", path, {}}});
}

TEST_CASE("emis NetCDF: bad files give typed errors naming file and variable or attribute") {
  using aqm::FileError;
  using aqm::FileNotFound;
  using aqm::InvalidArgument;
  using aqm::KeyError;
  using aqm::ParseError;
  using aqm::UnitError;
  const auto path = tmp_nc("bad.nc");
  auto read = [&] { read_inventory_netcdf(path); };
  auto has = [](const std::string& msg, const std::string& part) {
    INFO(msg);
    CHECK(msg.find(part) != std::string::npos);
  };

  CHECK(error_of<FileNotFound>([&] {
          read_inventory_netcdf(tmp_nc("absent.nc"));
        }).find("absent.nc") != std::string::npos);
  { std::ofstream(path) << "sector,pollutant\n"; }
  has(error_of<FileError>(read), "not a readable NetCDF file");

  HandFile h;
  h.T = 3;
  h.write(path);
  has(error_of<InvalidArgument>(read), path + ": time: time dimension has length 3");

  h = HandFile{};
  h.time_resolution = "monthly";
  h.write(path);
  has(error_of<InvalidArgument>(read), path + ": time_resolution: 'monthly' does not match");

  h = HandFile{};
  h.history_json = R"([{"name": "a", "source": "b"}])";
  h.write(path);
  has(error_of<ParseError>(read),
      path + ":1:2: history_json: history JSON: operation has no 'parameters'");

  h = HandFile{};
  h.units = "parsecs";
  h.write(path);
  has(error_of<UnitError>(read), path + ": nox_var");

  h = HandFile{};
  h.with_units = false;
  h.write(path);
  has(error_of<UnitError>(read), path + ": nox_var: pollutant variable has no units");

  h = HandFile{};
  h.first_value = std::numeric_limits<double>::quiet_NaN();
  h.write(path);
  has(error_of<InvalidArgument>(read),
      path + ": nox_var: missing or non-finite value at (a, time 0, P)");

  h = HandFile{};
  h.first_value = -9999.0;
  h.tweak = [](int nc, int v) {
    const double fill = -9999.0;
    nc_put_att_double(nc, v, "_FillValue", NC_DOUBLE, 1, &fill);
  };
  h.write(path);
  has(error_of<InvalidArgument>(read), "nox_var: missing or non-finite value");

  h = HandFile{};
  h.with_pollutant = false;
  h.write(path);
  has(error_of<KeyError>(read), path + ": pollutant: no variable has a 'pollutant' attribute");

  h = HandFile{};
  h.with_sector_var = false;
  h.write(path);
  has(error_of<KeyError>(read), path + ": sector: no such variable");

  h = HandFile{};
  h.tweak = [](int nc, int) {
    const char* y = "2020";
    nc_del_att(nc, NC_GLOBAL, "year");
    nc_put_att_text(nc, NC_GLOBAL, "year", 4, y);
  };
  h.write(path);
  has(error_of<InvalidArgument>(read), path + ": year: global attribute must be one integer");

  h = HandFile{};
  h.tweak = [](int nc, int) {
    int d, v;
    nc_def_dim(nc, "extra", 2, &d);
    nc_def_var(nc, "bad_dims", NC_DOUBLE, 1, &d, &v);
    nc_put_att_text(nc, v, "units", 4, "t/yr");
    nc_put_att_text(nc, v, "pollutant", 2, "CO");
  };
  h.write(path);
  has(error_of<InvalidArgument>(read),
      path + ": bad_dims: dimensions (extra) are not (sector, time, place)");
}

TEST_CASE("emis NetCDF: bad grid bounds") {
  const auto path = tmp_nc("bad_grid.nc");
  write_inventory_netcdf(path, grid_monthly());
  // Break contiguity of lon_bnds: cell 1 starts at 118.3 instead of 118.25.
  {
    int nc, v;
    REQUIRE(nc_open(path.c_str(), NC_WRITE, &nc) == NC_NOERR);
    nc_inq_varid(nc, "lon_bnds", &v);
    const std::size_t at[2] = {1, 0};
    const double x = 118.3;
    nc_put_var1_double(nc, v, at, &x);
    nc_close(nc);
  }
  const auto msg = error_of<aqm::InvalidArgument>([&] { read_inventory_netcdf(path); });
  CHECK(msg.find(path + ": lon_bnds: cells are not contiguous") != std::string::npos);

  // No lat_bnds variable at all: rename it away.
  write_inventory_netcdf(path, grid_monthly());
  {
    int nc, v;
    REQUIRE(nc_open(path.c_str(), NC_WRITE, &nc) == NC_NOERR);
    nc_redef(nc);
    nc_inq_varid(nc, "lat", &v);
    nc_del_att(nc, v, "bounds");
    nc_inq_varid(nc, "lat_bnds", &v);
    nc_rename_var(nc, v, "lat_edges_elsewhere");
    nc_close(nc);
  }
  CHECK(error_of<aqm::KeyError>([&] { read_inventory_netcdf(path); }).find(path + ": lat_bnds") !=
        std::string::npos);
}

TEST_CASE("emis NetCDF: a failed write leaves no file and keeps an existing one") {
  // Two pollutants with the same variable name.
  Inventory clash({"s"}, {"PM2.5", "PM2_5"}, {"A"}, TimeResolution::annual, {"t/yr", "t/yr"});
  const auto path = tmp_nc("clash.nc");
  const auto msg = error_of<aqm::InvalidArgument>([&] { write_inventory_netcdf(path, clash); });
  CHECK(msg.find("'PM2_5' is also that of pollutant 'PM2.5'") != std::string::npos);
  CHECK_FALSE(fs::exists(path));
  // A pollutant named like a coordinate.
  Inventory coord({"s"}, {"time"}, {"A"}, TimeResolution::annual, {"t/yr"});
  CHECK_THROWS_AS(write_inventory_netcdf(path, coord), aqm::InvalidArgument);
  CHECK_FALSE(fs::exists(path));
  // History text that is not UTF-8: the existing file stays as it was.
  write_inventory_netcdf(path, place_annual());
  auto bad = place_annual();
  bad.name = "overwritten";
  bad.record({"scale", "latin1 \xe9.csv", {}});
  CHECK_THROWS_AS(write_inventory_netcdf(path, bad), aqm::InvalidArgument);
  CHECK(read_inventory_netcdf(path).name == place_annual().name);
  // Missing directory.
  const auto nodir = (fs::temp_directory_path() / "aqm_no_such_dir_x" / "a.nc").string();
  CHECK_THROWS_AS(write_inventory_netcdf(nodir, place_annual()), aqm::FileError);
  CHECK_FALSE(fs::exists(nodir));
  // Only the target (no temporary) remains in the directory.
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(fs::path(path).parent_path()))
    if (e.path().filename().string().find("clash") != std::string::npos) ++n;
  CHECK(n == 1);
}

#endif  // AQM_HAVE_NETCDF
