#pragma once
// Emission rates for a box model: moles per time of mechanism species in one place, spread
// through a well-mixed box of given height, in molecule cm-3 s-1, with a diurnal cycle:
//
//   rate = (mol s-1) N_A / (area [m2] height [m] 1e6 cm3 m-3),
//   rate_h = sum over sectors of mean_s * 24 q_s(h) / sum_h q_s(h)   (local hours)

#include <array>
#include <map>
#include <string>
#include <vector>

#include "aqm/emis/inventory.hpp"
#include "aqm/emis/temporal.hpp"

namespace aqm::emis {

struct BoxRates {
  std::vector<std::string> species;
  std::vector<double> mean;                    ///< molecule cm-3 s-1, mean over the period
  std::vector<std::array<double, 24>> hourly;  ///< per species, local hours 0..23
};

/// `inv` must carry the species in amount-per-time units (e.g. after speciate(..., moles)).
/// `area_m2 <= 0` takes the grid cell's area.  `month` 0 = annual mean, 1..12 = that month of a
/// monthly inventory.  `species` empty = every pollutant whose unit is amount per time; a
/// requested species in another unit throws UnitError.  Diurnal cycles come from the sector's
/// profile ("*" = default; flat when none).
BoxRates box_emission_rates(const Inventory& inv, const std::string& place, double area_m2,
                            double height_m,
                            const std::map<std::string, TemporalProfile>& profiles = {},
                            int month = 0, const std::vector<std::string>& species = {});

}  // namespace aqm::emis
