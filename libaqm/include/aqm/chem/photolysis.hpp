#pragma once
// Photolysis: the MCM parameterisation J = l cos(chi)^m exp(-n sec(chi)) (x tau) with the MCM
// v3.3.1 table, solar zenith angle from place and time (AtChem2 src/solarFunctions.f90 after
// Madronich 1993; declination and equation of time from Spencer 1971), JFAC scaling and fixed
// or user-given J values.

#include <string>
#include <vector>

namespace aqm::chem {

struct McmJParameters {
  int index;  ///< MCM J number
  double l, m, n;
  double tau = 1.0;  ///< transmission factor
};

/// The MCM v3.3.1 table (J1..J8, J11..J24, J31..J35, J41, J51..J56, J61).  Cite the MCM.
const std::vector<McmJParameters>& mcm_v331_photolysis_parameters();

/// Read a table in AtChem2's `photolysis-rates` layout (header line, then j l m n name tau).
std::vector<McmJParameters> read_mcm_photolysis_table(const std::string& path);

/// J (s-1) for one parameter set; 0 when the sun is at or below the horizon (cos chi <= 0).
double mcm_photolysis_rate(const McmJParameters& p, double cos_zenith);

struct SolarGeometry {
  double declination;       ///< rad
  double equation_of_time;  ///< rad (x 720/pi gives minutes)
  double hour_angle;        ///< rad
  double cos_zenith;
  double zenith_deg;
};

/// Day of the year (1 = 1 January); InvalidArgument for an impossible date.
int day_of_year(int year, int month, int day);

/// Solar geometry at latitude (deg N), longitude (deg E) and UTC date/time (hour may exceed 24).
SolarGeometry solar_geometry(double lat_deg, double lon_deg_east, int year, int month, int day,
                             double hour_utc);

/// Photolysis rates as a function of model time t (s since the start).
class PhotolysisModel {
 public:
  /// MCM J from the solar zenith angle at a place; t = 0 is `start_hour_utc` on the date.
  static PhotolysisModel mcm(double lat_deg, double lon_deg_east, int year, int month, int day,
                             double start_hour_utc = 0.0);
  /// MCM J at a fixed solar zenith angle (degrees).
  static PhotolysisModel mcm_fixed_zenith(double zenith_deg);
  /// Fixed J values by MCM number (j[4] = J<4>); JFAC does not apply.
  static PhotolysisModel fixed(std::vector<double> j);

  /// Scale calculated J by jfac (AtChem2 JFAC = J_measured / J_calculated of a reference J).
  void set_jfac(double jfac);
  /// Replace one calculated J by a constant value (not scaled by JFAC).
  void set_fixed_rate(int index, double value);
  void set_parameters(std::vector<McmJParameters> p);

  /// J by MCM number at time t (vector index = J number).
  std::vector<double> rates(double t) const;
  double cos_zenith(double t) const;

 private:
  enum class Mode { location, zenith, fixed } mode_ = Mode::fixed;
  double lat_ = 0, lon_ = 0, start_hour_ = 0, zenith_ = 0, jfac_ = 1.0;
  int year_ = 2000, month_ = 1, day_ = 1;
  std::vector<double> fixed_;
  std::vector<std::pair<int, double>> overrides_;
  std::vector<McmJParameters> params_;
};

}  // namespace aqm::chem
