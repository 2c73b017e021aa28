// Conservative lat-lon regridding (see aqm/emis/regrid.hpp).
#include "aqm/emis/regrid.hpp"

#include <algorithm>
#include <cmath>

namespace aqm::emis {

namespace {
struct Overlap {
  std::size_t dst, src;
  double length;  ///< overlap length (degrees of lon, or difference of sin(lat))
};

// Overlaps of two sorted edge lists; `shifts` lets longitudes match modulo 360.
std::vector<Overlap> overlaps_1d(const std::vector<double>& s, const std::vector<double>& d,
                                 const std::vector<double>& shifts, bool sine) {
  constexpr double d2r = kPi / 180.0;
  std::vector<Overlap> out;
  auto tr = [&](double x) { return sine ? std::sin(x * d2r) : x; };
  for (double shift : shifts) {
    std::size_t i = 0, k = 0;
    while (i + 1 < s.size() && k + 1 < d.size()) {
      const double a0 = s[i] + shift, a1 = s[i + 1] + shift, b0 = d[k], b1 = d[k + 1];
      const double lo = std::max(a0, b0), hi = std::min(a1, b1);
      if (hi > lo) out.push_back({k, i, tr(hi) - tr(lo)});
      if (a1 < b1) ++i;
      else ++k;
    }
  }
  return out;
}
}  // namespace

ConservativeRegridder::ConservativeRegridder(LatLonGrid source, LatLonGrid target)
    : src_(std::move(source)), dst_(std::move(target)) {
  src_.validate("source");
  dst_.validate("target");
  std::vector<double> shifts{0.0};
  if (src_.lon_edges.back() - 360.0 > dst_.lon_edges.front()) shifts.push_back(-360.0);
  if (src_.lon_edges.front() + 360.0 < dst_.lon_edges.back()) shifts.push_back(360.0);
  auto ox = overlaps_1d(src_.lon_edges, dst_.lon_edges, shifts, false);
  auto oy = overlaps_1d(src_.lat_edges, dst_.lat_edges, {0.0}, true);
  if (ox.empty() || oy.empty()) {
    auto box = [](const LatLonGrid& g) {
      return "lon " + std::to_string(g.lon_edges.front()) + ".." +
             std::to_string(g.lon_edges.back()) + ", lat " + std::to_string(g.lat_edges.front()) +
             ".." + std::to_string(g.lat_edges.back());
    };
    throw InvalidArgument(argument("regrid"), "source grid (" + box(src_) + ") and target grid (" +
                                                  box(dst_) + ") do not overlap");
  }
  constexpr double d2r = kPi / 180.0;
  std::vector<Eigen::Triplet<double>> trip;
  trip.reserve(ox.size() * oy.size());
  for (const auto& y : oy) {
    const double sy =
        std::sin(src_.lat_edges[y.src + 1] * d2r) - std::sin(src_.lat_edges[y.src] * d2r);
    for (const auto& x : ox) {
      const double sx = src_.lon_edges[x.src + 1] - src_.lon_edges[x.src];
      trip.emplace_back(int(dst_.index(y.dst, x.dst)), int(src_.index(y.src, x.src)),
                        (x.length / sx) * (y.length / sy));
    }
  }
  w_.resize(Eigen::Index(dst_.size()), Eigen::Index(src_.size()));
  w_.setFromTriplets(trip.begin(), trip.end());
  w_.makeCompressed();
  inside_.assign(src_.size(), 0.0);
  for (Eigen::Index r = 0; r < w_.outerSize(); ++r)
    for (Weights::InnerIterator it(w_, r); it; ++it) inside_[std::size_t(it.col())] += it.value();
  src_area_ = src_.cell_areas();
  dst_area_ = dst_.cell_areas();
}

std::vector<double> ConservativeRegridder::apply_extensive(const std::vector<double>& in,
                                                           RegridStats* stats) const {
  if (in.size() != src_.size())
    throw InvalidArgument(argument("regrid"), "field has " + std::to_string(in.size()) +
                                                  " values for " + std::to_string(src_.size()) +
                                                  " cells");
  Eigen::Map<const Eigen::VectorXd> x(in.data(), Eigen::Index(in.size()));
  Eigen::VectorXd y = w_ * x;
  std::vector<double> out(y.data(), y.data() + y.size());
  if (stats) {
    stats->total_in = x.sum();
    stats->total_out = y.sum();
    stats->outside = 0.0;
    for (std::size_t s = 0; s < in.size(); ++s) stats->outside += in[s] * (1.0 - inside_[s]);
  }
  return out;
}

std::vector<double> ConservativeRegridder::apply_flux(const std::vector<double>& flux,
                                                      RegridStats* stats) const {
  if (flux.size() != src_.size())
    throw InvalidArgument(argument("regrid"), "field has " + std::to_string(flux.size()) +
                                                  " values for " + std::to_string(src_.size()) +
                                                  " cells");
  std::vector<double> mass(flux.size());
  for (std::size_t s = 0; s < flux.size(); ++s) mass[s] = flux[s] * src_area_[s];
  auto out = apply_extensive(mass, stats);
  for (std::size_t t = 0; t < out.size(); ++t) out[t] /= dst_area_[t];
  return out;
}

Inventory regrid(const Inventory& inv, const ConservativeRegridder& r,
                 std::vector<double>* outside) {
  if (!inv.grid() || !(*inv.grid() == r.source()))
    throw InvalidArgument(argument(inv.name), "inventory is not on the regridder's source grid");
  Inventory out = Inventory::on_grid(inv.sectors(), inv.pollutants(), r.target(),
                                     inv.time_resolution(), inv.units(), inv.year);
  out.name = inv.name;
  out.history() = inv.history();
  const std::size_t S = inv.n_sectors(), P = inv.n_pollutants(), T = inv.n_times();
  const std::size_t Rs = inv.n_places(), Rt = out.n_places();
  std::vector<double> out_mass(P, 0.0);
  std::vector<double> field(Rs);
  for (std::size_t p = 0; p < P; ++p) {
    const bool flux = parse_unit(inv.units()[p]).dim.length == -2;
    for (std::size_t s = 0; s < S; ++s)
      for (std::size_t t = 0; t < T; ++t) {
        for (std::size_t c = 0; c < Rs; ++c) field[c] = inv.at(s, p, c, t);
        auto y = flux ? r.apply_flux(field) : r.apply_extensive(field);
        for (std::size_t c = 0; c < Rt; ++c) out.at(s, p, c, t) = y[c];
      }
  }
  // outside mass per pollutant, in totals() units: compare element totals
  auto e_in = inv.element_totals();
  Operation op{"regrid",
               "",
               {{"method", "conservative"},
                {"target_nx", std::to_string(r.target().nx())},
                {"target_ny", std::to_string(r.target().ny())}}};
  std::vector<double> lost(P, 0.0);
  for (std::size_t s = 0; s < S; ++s)
    for (std::size_t p = 0; p < P; ++p)
      for (std::size_t c = 0; c < Rs; ++c)
        lost[p] += e_in[(s * P + p) * Rs + c] * (1.0 - r.inside_fraction()[c]);
  for (std::size_t p = 0; p < P; ++p) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", lost[p]);
    op.parameters.emplace_back("outside:" + inv.pollutants()[p], buf);
  }
  out.record(op);
  if (outside) *outside = lost;
  return out;
}

}  // namespace aqm::emis
