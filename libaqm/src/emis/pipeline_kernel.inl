// Tile kernel of the day pipeline (internal; included by pipeline.cpp once per instruction
// set, inside a namespace, after defining AQM_EMIS_STREAM_STORES to 0 or 1).
//
// dst[k][c] = sum_s w[k][s] a[s][c] for one tile: rows in groups of 4 and cells in blocks of
// two 32-byte vectors, with the 4 x 2 vector sums held in registers while the sectors are
// summed, so each output value is stored exactly once (the destination may be uninitialised).
// `w` is packed [group][s][4]; K need not be a multiple of 4 (the last group's extra rows are
// computed and not stored).

inline void store(float* p, vfloat v) {
#if AQM_EMIS_STREAM_STORES
  if ((reinterpret_cast<std::uintptr_t>(p) & 31) == 0) return _mm256_stream_ps(p, (__m256)v);
#endif
  std::memcpy(p, &v, sizeof v);
}
inline void store(double* p, vdouble v) {
#if AQM_EMIS_STREAM_STORES
  if ((reinterpret_cast<std::uintptr_t>(p) & 31) == 0) return _mm256_stream_pd(p, (__m256d)v);
#endif
  std::memcpy(p, &v, sizeof v);
}

template <class T>
inline void tile_product_body(const T* w, std::size_t K, const T* a, std::size_t lda, std::size_t S,
                              std::size_t n, T* dst, std::size_t ldd) {
  using V = typename Vec<T>::type;
  constexpr std::size_t L = sizeof(V) / sizeof(T);  // lanes
  auto load = [](const T* p) {
    V v;
    std::memcpy(&v, p, sizeof v);
    return v;
  };
  const std::size_t groups = (K + 3) / 4;
  for (std::size_t g = 0; g < groups; ++g) {
    const T* wg = w + g * S * 4;
    const std::size_t rows = std::min<std::size_t>(4, K - 4 * g);
    T* d0 = dst + 4 * g * ldd;
    std::size_t c = 0;
    for (; c + 2 * L <= n; c += 2 * L) {
      V acc[4][2];
      const V a0 = load(a + c), a1 = load(a + c + L);
#pragma GCC unroll 4
      for (std::size_t r = 0; r < 4; ++r) {
        acc[r][0] = wg[r] * a0;
        acc[r][1] = wg[r] * a1;
      }
      for (std::size_t s = 1; s < S; ++s) {
        const V b0 = load(a + s * lda + c), b1 = load(a + s * lda + c + L);
        const T* ws = wg + s * 4;
#pragma GCC unroll 4
        for (std::size_t r = 0; r < 4; ++r) {
          acc[r][0] += ws[r] * b0;
          acc[r][1] += ws[r] * b1;
        }
      }
      for (std::size_t r = 0; r < rows; ++r) {
        store(d0 + r * ldd + c, acc[r][0]);
        store(d0 + r * ldd + c + L, acc[r][1]);
      }
    }
    for (; c < n; ++c)
      for (std::size_t r = 0; r < rows; ++r) {
        T sum = wg[r] * a[c];
        for (std::size_t s = 1; s < S; ++s) sum += wg[s * 4 + r] * a[s * lda + c];
        d0[r * ldd + c] = sum;
      }
  }
}
