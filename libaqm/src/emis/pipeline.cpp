// Fused scale -> hourly allocation -> speciation -> sector sum (see aqm/emis/pipeline.hpp).
#include "aqm/emis/detail/sector_selector.hpp"
#include "aqm/emis/pipeline.hpp"
#include "aqm/core/detail/cpu.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>

#include "aqm/emis/detail/sector_split.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace aqm::emis {

namespace {

int day_of_year(int year, int month, int day) {
  int d = day - 1;
  for (int m = 1; m < month; ++m) d += days_in_month(year, m);
  return d;
}

const TemporalProfile& profile_for(const std::string& sector,
                                   const std::map<std::string, TemporalProfile>& profiles,
                                   const TemporalProfile& flat) {
  const TemporalProfile* prof = detail::most_specific(profiles, sector);
  return prof ? *prof : flat;
}

#if defined(__GNUC__)
// The vectors never cross a non-inlined call, so the AVX argument ABI note does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"
typedef float vfloat __attribute__((vector_size(32)));
typedef double vdouble __attribute__((vector_size(32)));
template <class T>
struct Vec;
template <>
struct Vec<float> {
  using type = vfloat;
};
template <>
struct Vec<double> {
  using type = vdouble;
};

namespace base {
#define AQM_EMIS_STREAM_STORES 0
#include "pipeline_kernel.inl"
#undef AQM_EMIS_STREAM_STORES
}  // namespace base

// The same kernel for AVX2/FMA, which also writes the output with non-temporal (streaming)
// stores where aligned: the output is written once and not read back, so this saves the
// read-for-ownership of every cache line.  Chosen at run time.
#ifdef AQM_X86_DISPATCH
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#include <immintrin.h>
namespace avx2 {
#define AQM_EMIS_STREAM_STORES 1
#include "pipeline_kernel.inl"
#undef AQM_EMIS_STREAM_STORES
inline void fence() { _mm_sfence(); }
}  // namespace avx2
#pragma GCC pop_options
#endif

template <class T>
void tile_product(const T* w, std::size_t K, const T* a, std::size_t lda, std::size_t S,
                  std::size_t n, T* dst, std::size_t ldd) {
#ifdef AQM_X86_DISPATCH
  if (aqm::detail::have_avx2_fma()) {
    avx2::tile_product_body(w, K, a, lda, S, n, dst, ldd);
    avx2::fence();  // streaming stores become visible to other threads after the fence
    return;
  }
#endif
  base::tile_product_body(w, K, a, lda, S, n, dst, ldd);
}
#else
template <class T>
inline void tile_product_body(const T* w, std::size_t K, const T* a, std::size_t lda, std::size_t S,
                              std::size_t n, T* dst, std::size_t ldd) {
  for (std::size_t k = 0; k < K; ++k) {
    const T* wk = w + (k / 4) * S * 4 + k % 4;
    for (std::size_t c = 0; c < n; ++c) {
      T sum = wk[0] * a[c];
      for (std::size_t s = 1; s < S; ++s) sum += wk[s * 4] * a[s * lda + c];
      dst[k * ldd + c] = sum;
    }
  }
}
template <class T>
void tile_product(const T* w, std::size_t K, const T* a, std::size_t lda, std::size_t S,
                  std::size_t n, T* dst, std::size_t ldd) {
  tile_product_body(w, K, a, lda, S, n, dst, ldd);
}
#endif

template <class T>
std::vector<T> pack_rows(const Eigen::MatrixXd& w) {
  const std::size_t K = std::size_t(w.rows()), S = std::size_t(w.cols()), G = (K + 3) / 4;
  std::vector<T> out(G * S * 4, T(0));
  for (std::size_t k = 0; k < K; ++k)
    for (std::size_t s = 0; s < S; ++s)
      out[((k / 4) * S + s) * 4 + k % 4] = T(w(Eigen::Index(k), Eigen::Index(s)));
  return out;
}

}  // namespace

DayPipeline::DayPipeline(const Inventory& inv, DayPipelineOptions opt)
    : inv_(&inv), opt_(std::move(opt)) {
  const std::size_t S = inv.n_sectors(), R = inv.n_places();
  if (inv.time_resolution() != TimeResolution::annual)
    throw InvalidArgument(
        argument(inv.name),
        "the day pipeline needs an annual inventory (allocate from annual values)");
  if (S == 0 || R == 0) throw InvalidArgument(argument(inv.name), "inventory is empty");
  p0_ = inv.pollutant_index(opt_.pollutant);
  const std::string& u_in = inv.units()[p0_];
  const Unit uin = parse_unit(u_in, argument(opt_.pollutant));
  if (uin.dim.mass != 1 || uin.dim.amount != 0 || !uin.basis.empty() || uin.dim.time > 0 ||
      (uin.dim.length != 0 && uin.dim.length != -2))
    throw UnitError(
        argument(opt_.pollutant),
        "the pipeline needs a mass (per time, per area) of the species itself, got '" + u_in + "'");
  // values: finite and >= 0
  for (std::size_t s = 0; s < S; ++s)
    for (std::size_t r = 0; r < R; ++r) {
      const double v = inv.at(s, p0_, r, 0);
      if (!std::isfinite(v) || v < 0.0)
        throw InvalidArgument(
            argument(inv.sectors()[s] + "/" + opt_.pollutant + "@" + inv.places()[r]),
            "emission must be finite and >= 0, got " + std::to_string(v));
    }
  if (!opt_.scale.empty()) {
    if (opt_.scale.size() != S * R)
      throw InvalidArgument(argument("scale"),
                            "needs one factor per (sector, place): " + std::to_string(S * R) +
                                " values, got " + std::to_string(opt_.scale.size()));
    for (std::size_t i = 0; i < opt_.scale.size(); ++i)
      if (!std::isfinite(opt_.scale[i]) || opt_.scale[i] < 0.0)
        throw InvalidArgument(argument("scale " + inv.sectors()[i / R] + "@" + inv.places()[i % R]),
                              "scale factor must be finite and >= 0");
  }
  if (opt_.scenario) {
    std::vector<double> f = scenario_scale(inv, *opt_.scenario, opt_.pollutant);
    if (opt_.scale.empty()) opt_.scale = std::move(f);
    else
      for (std::size_t i = 0; i < f.size(); ++i) opt_.scale[i] *= f[i];
    opt_.scenario.reset();
  }
  // date and zones
  const int year = opt_.year == 0 ? inv.year : opt_.year;
  if (opt_.month < 1 || opt_.month > 12)
    throw InvalidArgument(argument("month"), "must be 1..12, got " + std::to_string(opt_.month));
  if (opt_.day < 1 || opt_.day > days_in_month(year, opt_.month))
    throw InvalidArgument(
        argument("day"), "not a day of " + std::to_string(year) + "-" + std::to_string(opt_.month));
  if (opt_.utc_offset_hours.size() != 1 && opt_.utc_offset_hours.size() != R)
    throw InvalidArgument(argument("utc_offset_hours"),
                          "needs 1 value or one per place (" + std::to_string(R) + ")");
  zone_of_.resize(opt_.utc_offset_hours.size());
  for (std::size_t r = 0; r < opt_.utc_offset_hours.size(); ++r) {
    const int off = opt_.utc_offset_hours[r];
    if (off < -12 || off > 14)
      throw InvalidArgument(argument("utc_offset_hours[" + std::to_string(r) + "]"),
                            "must lie in [-12, 14], got " + std::to_string(off));
    auto it = std::find(zones_.begin(), zones_.end(), off);
    zone_of_[r] = std::size_t(it - zones_.begin());
    if (it == zones_.end()) zones_.push_back(off);
  }
  // speciation
  for (const auto& [sel, prof] : opt_.temporal) prof.validate();
  detail::SectorSplits sp = detail::sector_splits(inv.sectors(), opt_.profiles, opt_.assignment,
                                                  opt_.mechanism, opt_.output, opt_.basis);
  for (std::size_t s = 0; s < S; ++s) {
    if (sp.has_profile[s]) continue;
    for (std::size_t r = 0; r < R; ++r)
      if (inv.at(s, p0_, r, 0) != 0.0)
        throw KeyError(argument(inv.sectors()[s]),
                       "sector has " + opt_.pollutant + " but no speciation profile");
  }
  species_ = sp.labels;
  const std::size_t J = species_.size();
  // unit: what one unit of the input becomes per hour, expressed in `unit`
  const Unit uout = parse_unit(opt_.unit, argument("unit"));
  const bool rate_in = uin.dim.time < 0, rate_out = uout.dim.time < 0;
  std::string text = "(" + u_in + ")";
  if (opt_.output == SpeciationOutput::moles) text = "mol g-1 " + text;
  if (rate_in && !rate_out) text += " h";    // mean rate during the hour x 1 h
  if (!rate_in && rate_out) text += " h-1";  // amount in the hour / 1 h
  int area = 0;                              // +1 multiply by the cell area, -1 divide
  if (uin.dim.length == -2 && uout.dim.length == 0) area = 1, text += " m2";
  if (uin.dim.length == 0 && uout.dim.length == -2) area = -1, text += " m-2";
  double uf = 0.0;
  try {
    uf = conversion_factor(parse_unit(text), uout);
  } catch (const UnitError&) {
    const char* what = opt_.output == SpeciationOutput::moles ? "moles" : "mass";
    throw UnitError(argument("unit"), "cannot express the hourly " + std::string(what) + " of '" +
                                          u_in + "' in '" + opt_.unit + "'");
  }
  if (area != 0) {
    if (!inv.grid())
      throw UnitError(argument("unit"),
                      "converting between per-area and per-cell units needs a gridded inventory");
    area_factor_ = inv.grid()->cell_areas();
    if (area < 0)
      for (double& a : area_factor_) a = 1.0 / a;
  }
  // time factors tf[s, z, h] (x hours in the year for rates) and the weights per zone
  const int doy = day_of_year(year, opt_.month, opt_.day);
  const double hours_in_year = 24.0 * days_in_year(year);
  const TemporalProfile flat;
  time_factor_.assign(S * zones_.size() * 24, 0.0);
  w_.assign(zones_.size(), Eigen::MatrixXd::Zero(Eigen::Index(24 * J), Eigen::Index(S)));
  for (std::size_t s = 0; s < S; ++s) {
    const TemporalProfile& prof = profile_for(inv.sectors()[s], opt_.temporal, flat);
    for (std::size_t z = 0; z < zones_.size(); ++z) {
      const std::vector<double> frac = hourly_fractions(prof, year, zones_[z]);
      for (int h = 0; h < 24; ++h) {
        const double tf =
            frac[std::size_t(doy) * 24 + std::size_t(h)] * (rate_in ? hours_in_year : 1.0);
        time_factor_[(s * zones_.size() + z) * 24 + std::size_t(h)] = tf;
        for (std::size_t j = 0; j < J; ++j)
          w_[z](Eigen::Index(std::size_t(h) * J + j), Eigen::Index(s)) = tf * sp.factor[s][j] * uf;
      }
    }
  }
  for (const auto& w : w_) {
    packed_.push_back(pack_rows<double>(w));
    packed_f_.push_back(pack_rows<float>(w));
  }
  unit_factor_ = uf;
  if (opt_.tile_cells == 0) opt_.tile_cells = 2048;
}

double DayPipeline::hour_factor(std::size_t sector, std::size_t place, int hour) const {
  const std::size_t z = zone_of_.size() == 1 ? zone_of_[0] : zone_of_.at(place);
  return time_factor_.at((sector * zones_.size() + z) * 24 + std::size_t(hour));
}

template <class T>
void DayPipeline::run_impl(T* out, const Progress& progress) const {
  const std::size_t S = inv_->n_sectors(), R = inv_->n_places(), B = opt_.tile_cells;
  const std::size_t n_tiles = (R + B - 1) / B, K = 24 * species_.size();
  const double* values = inv_->values().data();
  const std::size_t P = inv_->n_pollutants();
  parallel_for(
      n_tiles, opt_.n_threads,
      [&](std::size_t tile) {
        const std::size_t c0 = tile * B, n = std::min(B, R - c0);
        std::vector<T> a(S * n);
        for (std::size_t s = 0; s < S; ++s) {
          const double* e = values + (s * P + p0_) * R + c0;  // annual: one slice
          const double* sc = opt_.scale.empty() ? nullptr : opt_.scale.data() + s * R + c0;
          const double* ar = area_factor_.empty() ? nullptr : area_factor_.data() + c0;
          T* as = a.data() + s * n;
          for (std::size_t c = 0; c < n; ++c) {
            double v = e[c];
            if (sc) v *= sc[c];
            if (ar) v *= ar[c];
            as[c] = T(v);
          }
        }
        // runs of places in one time zone
        std::size_t lo = 0;
        while (lo < n) {
          const std::size_t z = zone_of_.size() == 1 ? zone_of_[0] : zone_of_[c0 + lo];
          std::size_t hi = lo + 1;
          if (zone_of_.size() != 1)
            while (hi < n && zone_of_[c0 + hi] == z) ++hi;
          else hi = n;
          const T* w;
          if constexpr (std::is_same_v<T, float>) w = packed_f_[z].data();
          else w = packed_[z].data();
          tile_product(w, K, a.data() + lo, n, S, hi - lo, out + c0 + lo, R);
          lo = hi;
        }
      },
      progress);
}

void DayPipeline::run(float* out, const Progress& progress) const { run_impl(out, progress); }
void DayPipeline::run(double* out, const Progress& progress) const { run_impl(out, progress); }

void* allocate_output_bytes(std::size_t bytes) {
  constexpr std::size_t huge = std::size_t(2) << 20;
  const std::size_t align = bytes >= huge ? huge : 64;
  const std::size_t rounded = (bytes + align - 1) / align * align;
  void* p = std::aligned_alloc(align, rounded == 0 ? align : rounded);
  if (!p) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (bytes >= huge) madvise(p, rounded, MADV_HUGEPAGE);  // advice only; failure is harmless
#endif
  return p;
}

void OutputDeleter::operator()(void* p) const noexcept { std::free(p); }

}  // namespace aqm::emis
