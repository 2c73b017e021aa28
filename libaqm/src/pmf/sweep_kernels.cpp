// PMF sweep kernels (aqm/pmf/detail/sweep_kernels.hpp): one source, compiled for baseline
// x86-64 and again for AVX2/FMA, the latter chosen at run time where the CPU has it.
#include "aqm/pmf/detail/sweep_kernels.hpp"

#include "aqm/core/detail/cpu.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "aqm/pmf/detail/nnls.hpp"

namespace aqm::pmf::detail {

namespace {

#if defined(__GNUC__)
// The vectors never cross a non-inlined call, so the AVX argument ABI note does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"
typedef double V4 __attribute__((vector_size(32)));
inline V4 vmin(const V4& a, const V4& b) { return a < b ? a : b; }
inline V4 vmax(const V4& a, const V4& b) { return a > b ? a : b; }
#else
// Portable stand-in with the same lane arithmetic.
struct V4 {
  double v[4];
  double& operator[](int l) { return v[l]; }
  double operator[](int l) const { return v[l]; }
};
#define AQM_V4_OP(op)                                      \
  inline V4 operator op(V4 a, V4 b) {                      \
    for (int l = 0; l < 4; ++l) a.v[l] = a.v[l] op b.v[l]; \
    return a;                                              \
  }                                                        \
  inline V4& operator op##=(V4& a, V4 b) { return a = a op b; }
AQM_V4_OP(+)
AQM_V4_OP(-)
AQM_V4_OP(*)
AQM_V4_OP(/)
#undef AQM_V4_OP
inline V4 operator-(V4 a) {
  for (double& x : a.v) x = -x;
  return a;
}
inline V4 vmin(V4 a, V4 b) {
  for (int l = 0; l < 4; ++l) a.v[l] = a.v[l] < b.v[l] ? a.v[l] : b.v[l];
  return a;
}
inline V4 vmax(V4 a, V4 b) {
  for (int l = 0; l < 4; ++l) a.v[l] = a.v[l] > b.v[l] ? a.v[l] : b.v[l];
  return a;
}
#endif

inline V4 splat(double x) { return V4{x, x, x, x}; }
inline V4 load4(const double* p) {
  V4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store4(double* p, const V4& v) { std::memcpy(p, &v, sizeof v); }

namespace base {
#include "sweep_kernels.inl"
}  // namespace base

#ifdef AQM_X86_DISPATCH
#pragma GCC push_options
#pragma GCC target("avx2,fma")
namespace avx2 {
#include "sweep_kernels.inl"  // the helpers above inline here and compile for AVX2
}  // namespace avx2
#pragma GCC pop_options
#endif

}  // namespace

void nnls_rows(const double* A, const double* B, double* X, long n, int p, NnlsSolver& fallback) {
#ifdef AQM_X86_DISPATCH
  if (aqm::detail::have_avx2_fma()) return avx2::nnls_rows_dispatch(A, B, X, n, p, fallback);
#endif
#if defined(__GNUC__)
  base::nnls_rows_dispatch(A, B, X, n, p, fallback);
#else
  for (long i = 0; i < n; ++i) fallback.solve(A + i * p * p, B + i * p, X + i * p);
#endif
}

ResidualSums residual_sums(const double* X, const double* inv_u, const double* G, const double* F,
                           long n, long m, int p, double alpha, double* W, double* WX) {
#ifdef AQM_X86_DISPATCH
  if (aqm::detail::have_avx2_fma())
    return avx2::residual_sums_body(X, inv_u, G, F, n, m, p, alpha, W, WX);
#endif
  return base::residual_sums_body(X, inv_u, G, F, n, m, p, alpha, W, WX);
}

int packed_product_stride(int p) { return 4 * ((p * (p + 1) / 2 + 3) / 4 + (p + 3) / 4); }

void weighted_normal_equations(const double* W, const double* WX, long rows, long cols,
                               const double* products, int p, double* A, double* B) {
#ifdef AQM_X86_DISPATCH
  if (aqm::detail::have_avx2_fma())
    return avx2::normal_equations_dispatch(W, WX, rows, cols, products, p, A, B);
#endif
  base::normal_equations_dispatch(W, WX, rows, cols, products, p, A, B);
}

}  // namespace aqm::pmf::detail
