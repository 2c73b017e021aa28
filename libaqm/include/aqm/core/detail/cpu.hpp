#pragma once
// Run-time instruction-set choice for kernels compiled twice, for baseline x86-64 and under
// `#pragma GCC target("avx2,fma")`.  AQM_X86_DISPATCH is defined where that works (GCC on
// x86-64 Linux); elsewhere only the baseline kernels are built.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define AQM_X86_DISPATCH 1

namespace aqm::detail {

/// True when the CPU has AVX2 and FMA (checked once).
inline bool have_avx2_fma() {
  static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return yes;
}

}  // namespace aqm::detail
#endif
