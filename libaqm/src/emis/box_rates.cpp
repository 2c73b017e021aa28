// Box-model emission rates (see aqm/emis/box_rates.hpp).
#include "aqm/emis/detail/sector_selector.hpp"
#include "aqm/emis/box_rates.hpp"

#include <cmath>

namespace aqm::emis {

BoxRates box_emission_rates(const Inventory& inv, const std::string& place, double area_m2,
                            double height_m, const std::map<std::string, TemporalProfile>& profiles,
                            int month, const std::vector<std::string>& species) {
  const std::size_t r = inv.place_index(place);
  if (area_m2 <= 0.0) {
    if (!inv.grid()) throw InvalidArgument(argument("area_m2"), "must be > 0 for a region");
    area_m2 = inv.grid()->cell_areas()[r];
  }
  if (!(height_m > 0.0) || !std::isfinite(height_m))
    throw InvalidArgument(argument("height_m"), "must be > 0");
  if (month < 0 || month > 12) throw InvalidArgument(argument("month"), "must be 0..12");
  if (month > 0 && inv.time_resolution() != TimeResolution::monthly)
    throw InvalidArgument(argument("month"), "inventory is annual");
  const Unit mol_per_s = parse_unit("mol/s");
  std::vector<std::size_t> cols;
  if (species.empty()) {
    for (std::size_t p = 0; p < inv.n_pollutants(); ++p) {
      Unit u = parse_unit(inv.units()[p]);
      if (u.basis.empty() && u.dim == mol_per_s.dim) cols.push_back(p);
    }
  } else {
    for (const auto& sp : species) cols.push_back(inv.pollutant_index(sp));
  }
  const double to_conc = kAvogadro / (area_m2 * height_m * 1e6);
  // per-sector diurnal shares
  const TemporalProfile flat;
  std::vector<std::array<double, 24>> q(inv.n_sectors());
  for (std::size_t s = 0; s < inv.n_sectors(); ++s) {
    const std::string& sec = inv.sectors()[s];
    const TemporalProfile* found = detail::most_specific(profiles, sec);
    const TemporalProfile* prof = found ? found : &flat;
    prof->validate();
    double sum = 0;
    for (double x : prof->diurnal) sum += x;
    for (int h = 0; h < 24; ++h) q[s][h] = 24.0 * prof->diurnal[h] / sum;
  }
  BoxRates out;
  for (std::size_t p : cols) {
    Unit u = parse_unit(inv.units()[p], argument(inv.pollutants()[p]));
    if (!u.basis.empty() || u.dim != mol_per_s.dim)
      throw UnitError(
          argument(inv.pollutants()[p]),
          "box rates need amount per time (mol/yr, mol/s), got '" + inv.units()[p] + "'");
    const double f = conversion_factor(u, mol_per_s);
    std::array<double, 24> hourly{};
    double mean = 0.0;
    for (std::size_t s = 0; s < inv.n_sectors(); ++s) {
      double v;
      if (month > 0) {
        v = inv.at(s, p, r, std::size_t(month - 1));
      } else if (inv.n_times() == 1) {
        v = inv.at(s, p, r, 0);
      } else {
        v = 0.0;
        for (int m = 1; m <= 12; ++m)
          v += inv.at(s, p, r, std::size_t(m - 1)) * days_in_month(inv.year, m) /
               days_in_year(inv.year);
      }
      const double rate = v * f * to_conc;
      mean += rate;
      for (int h = 0; h < 24; ++h) hourly[h] += rate * q[s][h];
    }
    out.species.push_back(inv.pollutants()[p]);
    out.mean.push_back(mean);
    out.hourly.push_back(hourly);
  }
  return out;
}

}  // namespace aqm::emis
