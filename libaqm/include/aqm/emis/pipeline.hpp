#pragma once
// One day of hourly, speciated emissions from an annual inventory in a single fused pass:
// scale (e.g. by a control scenario), allocate to the 24 UTC hours of a date in local time,
// speciate, and sum over sectors, writing straight into a caller-provided array
//
//   out[h, j, r] = sum_s  E[s, r] c[s, r] u(r)  tf[s, z(r), h]  split[s, j]
//
// - E[s, r]: the pollutant's annual value (mean rate, or amount per year) of sector s at place r;
// - c[s, r]: optional scale factors (scenario_scale() of the pollutant), 1 when none;
// - tf[s, z, h]: the share of the annual total in UTC hour h of the date for a place in time
//   zone z (hourly_fractions(), local-time profiles over the real calendar), times the number
//   of hours in the year when the result is a mean rate;
// - split[s, j]: moles per gram (SpeciationOutput::moles), mass fraction (mass) or compound
//   fraction (compounds) of the sector's profile, as build_speciation() gives them;
// - u(r): the unit conversion into `unit` (and the cell area when crossing per-area units).
//
// The small tables tf x split (24 J x S per time zone) are built once; the cells are then
// processed in tiles in parallel, each tile one (24 J x S) x (S x cells) product written into
// the output rows, so no sector x species x cell intermediate exists and peak memory is the
// output plus O(tile).  Output layout: (hour, species, place), i.e. (24, J, ny, nx) on a grid.

#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "aqm/core/parallel.hpp"
#include "aqm/emis/inventory.hpp"
#include "aqm/emis/scenario.hpp"
#include "aqm/emis/speciation.hpp"
#include "aqm/emis/temporal.hpp"

namespace aqm::emis {

/// Frees storage from allocate_output().
struct OutputDeleter {
  void operator()(void* p) const noexcept;
};
template <class T>
using OutputBuffer = std::unique_ptr<T[], OutputDeleter>;

/// Uninitialised storage for `n` values of a large output, aligned to 2 MiB and (on Linux)
/// advised to use transparent huge pages, so that first-touch page faults are ~500x fewer (as
/// numpy does for large arrays).  Throws std::bad_alloc when out of memory.
void* allocate_output_bytes(std::size_t bytes);
template <class T>
OutputBuffer<T> allocate_output(std::size_t n) {
  return OutputBuffer<T>(static_cast<T*>(allocate_output_bytes(n * sizeof(T))));
}

struct DayPipelineOptions {
  std::string pollutant = "NMVOC";
  int year = 0;  ///< calendar year of the date; 0 = the inventory's year
  int month = 1;
  int day = 1;  ///< the UTC date whose hours 0..23 are produced
  /// UTC offset (local = UTC + offset) of each place, or one value for all; in [-12, 14].
  std::vector<int> utc_offset_hours{0};
  /// Sector selector -> temporal profile ("*" = default; sectors without one are flat).
  std::map<std::string, TemporalProfile> temporal;
  std::vector<SpeciationProfile> profiles;
  std::map<std::string, std::string> assignment;  ///< sector selector -> profile name
  SpeciesMapping mechanism;
  SpeciationOutput output = SpeciationOutput::moles;
  MassBasis basis = MassBasis::mechanism;
  /// Output unit: a rate ("mol s-1", "g/s") gives the mean rate during each hour, an amount
  /// ("mol", "kg") the amount emitted during it; per area ("mol m-2 s-1") needs a grid.
  std::string unit = "mol s-1";
  /// Optional scale factors of the pollutant per (sector, place), flat s*R + r; empty = 1.
  std::vector<double> scale;
  /// Optional control scenario: its scale factors for the pollutant (scenario_scale) multiply
  /// `scale`.  Its base year must be the inventory's year.
  std::optional<Scenario> scenario;
  int n_threads = 0;              ///< <= 0: the default thread count
  std::size_t tile_cells = 2048;  ///< places per work item
};

class DayPipeline {
 public:
  /// Checks everything up front (so a run cannot fail half-way and nothing is written on bad
  /// input): the inventory must be annual; the pollutant a mass of the species itself with
  /// finite values >= 0 (InvalidArgument naming sector and place otherwise); offsets, date,
  /// scale factors and profiles valid; every sector holding the pollutant has a profile
  /// (KeyError); `unit` compatible with the speciated quantity (UnitError naming both).
  /// `inventory` must outlive the pipeline.
  DayPipeline(const Inventory& inventory, DayPipelineOptions options);

  const std::vector<std::string>& species() const { return species_; }
  const std::string& unit() const { return opt_.unit; }
  std::size_t n_hours() const { return 24; }
  std::size_t n_species() const { return species_.size(); }
  std::size_t n_places() const { return inv_->n_places(); }
  /// Number of output values, 24 x species x places.
  std::size_t size() const { return 24 * species_.size() * inv_->n_places(); }
  /// tf[s, z(place), h]: share of the annual total in UTC hour `hour` of the date (times the
  /// hours in the year when the input is a rate), for checks and tests.
  double hour_factor(std::size_t sector, std::size_t place, int hour) const;
  /// The unit conversion u (without the cell area) applied to every value.
  double unit_factor() const { return unit_factor_; }
  /// Distinct UTC offsets in order of first appearance.
  const std::vector<int>& zones() const { return zones_; }

  /// Fill `out` (size() values, layout hour x species x place).  Every value is written, so
  /// `out` may be uninitialised.  A stop request from `progress` throws aqm::Cancelled.
  void run(float* out, const Progress& progress = {}) const;
  void run(double* out, const Progress& progress = {}) const;
  /// Allocate (allocate_output) and fill a new output of size() values.
  template <class T>
  OutputBuffer<T> run(const Progress& progress = {}) const {
    OutputBuffer<T> out = allocate_output<T>(size());
    run(out.get(), progress);
    return out;
  }

 private:
  template <class T>
  void run_impl(T* out, const Progress& progress) const;

  const Inventory* inv_;
  DayPipelineOptions opt_;
  std::size_t p0_ = 0;
  std::vector<std::string> species_;
  std::vector<int> zones_;                    ///< distinct UTC offsets
  std::vector<std::size_t> zone_of_;          ///< per place (size 1 when one offset for all)
  std::vector<Eigen::MatrixXd> w_;            ///< per zone: (24 J) x S, tf x split x unit factor
  std::vector<std::vector<double>> packed_;   ///< per zone: w_ in groups of 4 rows, [g][s][4]
  std::vector<std::vector<float>> packed_f_;  ///< the same in single precision
  std::vector<double> area_factor_;           ///< per place, empty when 1
  std::vector<double> time_factor_;           ///< tf, (sector x zone) x 24
  double unit_factor_ = 1.0;
};

}  // namespace aqm::emis
