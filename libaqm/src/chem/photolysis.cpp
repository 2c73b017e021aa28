#include "aqm/chem/photolysis.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "aqm/core/error.hpp"

namespace aqm::chem {

namespace {
constexpr double kPi = 3.14159265358979323846;
bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
}  // namespace

const std::vector<McmJParameters>& mcm_v331_photolysis_parameters() {
  // MCM v3.3.1 (AtChem2 mcm/photolysis-rates_v3.3.1; KPP examples/mcm/constants_mcm.f90).
  static const std::vector<McmJParameters> table = {
      {1, 6.073e-05, 1.743, 0.474},  {2, 4.775e-04, 0.298, 0.08},   {3, 1.041e-05, 0.723, 0.279},
      {4, 1.165e-02, 0.244, 0.267},  {5, 2.485e-02, 0.168, 0.108},  {6, 1.747e-01, 0.155, 0.125},
      {7, 2.644e-03, 0.261, 0.288},  {8, 9.312e-07, 1.23, 0.307},   {11, 4.642e-05, 0.762, 0.353},
      {12, 6.853e-05, 0.477, 0.323}, {13, 7.344e-06, 1.202, 0.417}, {14, 2.879e-05, 1.067, 0.358},
      {15, 2.792e-05, 0.805, 0.338}, {16, 1.675e-05, 0.805, 0.338}, {17, 7.914e-05, 0.764, 0.364},
      {18, 1.482e-06, 0.396, 0.298}, {19, 1.482e-06, 0.396, 0.298}, {20, 7.600e-04, 0.396, 0.298},
      {21, 7.992e-07, 1.578, 0.271}, {22, 5.804e-06, 1.092, 0.377}, {23, 2.4246e-06, 0.395, 0.296},
      {24, 2.424e-06, 0.395, 0.296}, {31, 6.845e-05, 0.13, 0.201},  {32, 1.032e-05, 0.13, 0.201},
      {33, 3.802e-05, 0.644, 0.312}, {34, 1.537e-04, 0.17, 0.208},  {35, 3.326e-04, 0.148, 0.215},
      {41, 7.649e-06, 0.682, 0.279}, {51, 1.588e-06, 1.154, 0.318}, {52, 1.907e-06, 1.244, 0.335},
      {53, 2.485e-06, 1.196, 0.328}, {54, 4.095e-06, 1.111, 0.316}, {55, 1.135e-05, 0.974, 0.309},
      {56, 4.365e-05, 1.089, 0.323}, {61, 7.537e-04, 0.499, 0.266}};
  return table;
}

std::vector<McmJParameters> read_mcm_photolysis_table(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw FileNotFound(Location{path, 0, 0, ""}, "cannot open photolysis table");
  std::vector<McmJParameters> out;
  std::string line;
  long line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    for (char& ch : line)
      if (ch == 'D' || ch == 'd') ch = 'e';
    std::istringstream ss(line);
    std::string first;
    if (!(ss >> first)) continue;
    if (line_no == 1 && first == "j") continue;  // header
    McmJParameters p{};
    std::string name;
    std::istringstream all(line);
    if (!(all >> p.index >> p.l >> p.m >> p.n >> name)) {
      throw ParseError(Location{path, line_no, 0, ""}, "expected 'j l m n name [tau]'");
    }
    if (!(all >> p.tau)) p.tau = 1.0;
    if (p.index < 0 || !std::isfinite(p.l) || !std::isfinite(p.m) || !std::isfinite(p.n))
      throw ParseError(Location{path, line_no, 0, ""}, "bad photolysis parameters");
    out.push_back(p);
  }
  return out;
}

double mcm_photolysis_rate(const McmJParameters& p, double cos_zenith) {
  if (!(cos_zenith > 0)) return 0.0;
  return p.l * std::pow(cos_zenith, p.m) * std::exp(-p.n / cos_zenith) * p.tau;
}

int day_of_year(int year, int month, int day) {
  static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) throw InvalidArgument(argument("month"), "month must be 1..12");
  const int dm = len[month - 1] + (month == 2 && leap(year) ? 1 : 0);
  if (day < 1 || day > dm) throw InvalidArgument(argument("day"), "no such day in that month");
  return cum[month - 1] + day + (month > 2 && leap(year) ? 1 : 0);
}

SolarGeometry solar_geometry(double lat_deg, double lon_deg_east, int year, int month, int day,
                             double hour_utc) {
  if (!(lat_deg >= -90 && lat_deg <= 90))
    throw InvalidArgument(argument("lat"), "latitude must be in [-90, 90]");
  if (!(lon_deg_east >= -180 && lon_deg_east <= 360))
    throw InvalidArgument(argument("lon"), "longitude must be in [-180, 360]");
  if (!std::isfinite(hour_utc)) throw InvalidArgument(argument("hour"), "hour must be finite");
  const double days = leap(year) ? 366.0 : 365.0;
  const double frac_day = day_of_year(year, month, day) - 1 + hour_utc / 24.0;
  const double th = 2.0 * kPi * frac_day / days;
  SolarGeometry g{};
  g.declination = 0.006918 - 0.399912 * std::cos(th) + 0.070257 * std::sin(th) -
                  0.006758 * std::cos(2 * th) + 0.000907 * std::sin(2 * th) -
                  0.002697 * std::cos(3 * th) + 0.001480 * std::sin(3 * th);
  g.equation_of_time = 0.000075 + 0.001868 * std::cos(th) - 0.032077 * std::sin(th) -
                       0.014615 * std::cos(2 * th) - 0.040849 * std::sin(2 * th);
  // AtChem2: lha = pi (hour/12 - (1 + lon_west/180)) + eqt, with lon_west = -lon_east.
  g.hour_angle = kPi * (hour_utc / 12.0 - (1.0 - lon_deg_east / 180.0)) + g.equation_of_time;
  const double lat = lat_deg * kPi / 180.0;
  g.cos_zenith = std::cos(g.hour_angle) * std::cos(lat) * std::cos(g.declination) +
                 std::sin(lat) * std::sin(g.declination);
  g.cos_zenith = std::max(-1.0, std::min(1.0, g.cos_zenith));
  g.zenith_deg = std::acos(g.cos_zenith) * 180.0 / kPi;
  return g;
}

PhotolysisModel PhotolysisModel::mcm(double lat, double lon, int year, int month, int day,
                                     double start_hour_utc) {
  solar_geometry(lat, lon, year, month, day, start_hour_utc);  // validates
  PhotolysisModel p;
  p.mode_ = Mode::location;
  p.lat_ = lat;
  p.lon_ = lon;
  p.year_ = year;
  p.month_ = month;
  p.day_ = day;
  p.start_hour_ = start_hour_utc;
  p.params_ = mcm_v331_photolysis_parameters();
  return p;
}

PhotolysisModel PhotolysisModel::mcm_fixed_zenith(double zenith_deg) {
  if (!(zenith_deg >= 0 && zenith_deg <= 180))
    throw InvalidArgument(argument("zenith"), "zenith angle must be in [0, 180] degrees");
  PhotolysisModel p;
  p.mode_ = Mode::zenith;
  p.zenith_ = zenith_deg;
  p.params_ = mcm_v331_photolysis_parameters();
  return p;
}

PhotolysisModel PhotolysisModel::fixed(std::vector<double> j) {
  for (double v : j)
    if (!(v >= 0) || !std::isfinite(v))
      throw InvalidArgument(argument("photolysis"), "J values must be finite and >= 0");
  PhotolysisModel p;
  p.mode_ = Mode::fixed;
  p.fixed_ = std::move(j);
  return p;
}

void PhotolysisModel::set_jfac(double jfac) {
  if (!(jfac >= 0) || !std::isfinite(jfac))
    throw InvalidArgument(argument("jfac"), "JFAC must be finite and >= 0");
  jfac_ = jfac;
}

void PhotolysisModel::set_fixed_rate(int index, double value) {
  if (index < 0 || index > 10000 || !(value >= 0) || !std::isfinite(value))
    throw InvalidArgument(argument("J" + std::to_string(index)), "bad fixed photolysis rate");
  overrides_.emplace_back(index, value);
}

void PhotolysisModel::set_parameters(std::vector<McmJParameters> p) { params_ = std::move(p); }

double PhotolysisModel::cos_zenith(double t) const {
  if (mode_ == Mode::zenith) return std::cos(zenith_ * kPi / 180.0);
  if (mode_ == Mode::fixed) return 1.0;
  return solar_geometry(lat_, lon_, year_, month_, day_, start_hour_ + t / 3600.0).cos_zenith;
}

std::vector<double> PhotolysisModel::rates(double t) const {
  std::vector<double> j;
  if (mode_ == Mode::fixed) {
    j = fixed_;
  } else {
    int max_index = 0;
    for (const auto& p : params_) max_index = std::max(max_index, p.index);
    j.assign(static_cast<std::size_t>(max_index) + 1, 0.0);
    const double cz = cos_zenith(t);
    for (const auto& p : params_) j[p.index] = jfac_ * mcm_photolysis_rate(p, cz);
  }
  for (const auto& [i, v] : overrides_) {
    if (static_cast<std::size_t>(i) >= j.size()) j.resize(static_cast<std::size_t>(i) + 1, 0.0);
    j[i] = v;
  }
  return j;
}

}  // namespace aqm::chem
