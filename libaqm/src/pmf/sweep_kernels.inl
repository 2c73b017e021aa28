// PMF sweep kernels (internal; included by sweep_kernels.cpp once per instruction set, inside
// a namespace, after `V4`, `load4`, `store4`, `splat`, `vmin`, `vmax` are defined there).

inline double lane_sum(const V4& v) { return (v[0] + v[1]) + (v[2] + v[3]); }

inline ResidualSums residual_sums_body(const double* X, const double* inv_u, const double* G,
                                       const double* F, long n, long m, int p, double alpha,
                                       double* W, double* WX) {
  ResidualSums out;
  const V4 zero = splat(0.0), one = splat(1.0), va = splat(alpha);
  for (long i = 0; i < n; ++i) {
    const double* x = X + i * m;
    const double* iu = inv_u + i * m;
    const double* g = G + i * p;
    V4 q_true = zero, q_robust = zero, huber = zero;
    // Sums and weights of four residuals.  r² − max(0, |r| − α)² is the Huber value without a
    // branch (r² inside α, 2α|r| − α² beyond); padded lanes have r = 0 and add nothing.
    auto add = [&](const V4& r, const V4& xv, const V4& iuv, long j, int lanes) {
      const V4 a = vmax(r, -r), r2 = r * r, d = vmax(a - va, zero);
      q_true += r2;
      q_robust += vmin(r2, va * a);
      huber += r2 - d * d;
      if (!W) return;
      // min(1, α/|r|) as α/max(|r|, α): no division by zero where a cell fits exactly (an
      // all-zero species), whose |r| from vmax(r, −r) is −0 and gave α/|r| = −∞, NaN weights.
      const V4 w = iuv * iuv * (va / vmax(a, va)), wx = w * xv;
      if (lanes == 4) {
        store4(W + i * m + j, w);
        store4(WX + i * m + j, wx);
      } else {
        for (int l = 0; l < lanes; ++l) {
          W[i * m + j + l] = w[l];
          WX[i * m + j + l] = wx[l];
        }
      }
    };
    long j = 0;
    for (; j + 4 <= m; j += 4) {
      V4 fit = zero;
      for (int k = 0; k < p; ++k) fit += splat(g[k]) * load4(F + k * m + j);
      const V4 xv = load4(x + j), iuv = load4(iu + j);
      add((xv - fit) * iuv, xv, iuv, j, 4);
    }
    if (j < m) {  // the last m mod 4 columns, padded with x = fit = 0 and 1/u = 1
      const int lanes = static_cast<int>(m - j);
      V4 xv = zero, iuv = one, fit = zero;
      for (int l = 0; l < lanes; ++l) {
        xv[l] = x[j + l];
        iuv[l] = iu[j + l];
        for (int k = 0; k < p; ++k) fit[l] += g[k] * F[k * m + j + l];
      }
      add((xv - fit) * iuv, xv, iuv, j, lanes);
    }
    out.q_true += lane_sum(q_true);
    out.q_robust += lane_sum(q_robust);
    out.huber += lane_sum(huber);
  }
  return out;
}

// One row's normal equations with NA + NB vector accumulators held in registers while the
// columns stream by; P = 0 is the run-time-sized fallback.
template <int P>
void normal_equations_body(const double* W, const double* WX, long rows, long cols,
                           const double* products, int p_runtime, double* A, double* B) {
  const int p = P > 0 ? P : p_runtime;
  const int T = p * (p + 1) / 2;
  const int na = (T + 3) / 4, nb = (p + 3) / 4, stride = 4 * (na + nb);
  constexpr int kFixed = P > 0 ? (P * (P + 1) / 2 + 3) / 4 + (P + 3) / 4 : 1;
  V4 acc[kFixed];                               // registers, compile-time P
  std::vector<double> unpacked(4 * (na + nb));  // memory accumulators for run-time p
  for (long r = 0; r < rows; ++r) {
    const double* w = W + r * cols;
    const double* wx = WX + r * cols;
    if constexpr (P > 0) {
      for (int v = 0; v < na + nb; ++v) acc[v] = splat(0.0);
      for (long c = 0; c < cols; ++c) {
        const V4 wc = splat(w[c]), wxc = splat(wx[c]);
        const double* prod = products + c * stride;
        for (int v = 0; v < na; ++v) acc[v] += wc * load4(prod + 4 * v);
        for (int v = na; v < na + nb; ++v) acc[v] += wxc * load4(prod + 4 * v);
      }
      for (int v = 0; v < na + nb; ++v) store4(unpacked.data() + 4 * v, acc[v]);
    } else {  // (std::vector<V4> would lose the 32-byte alignment of the vector type)
      double* sum = unpacked.data();
      std::fill(unpacked.begin(), unpacked.end(), 0.0);
      for (long c = 0; c < cols; ++c) {
        const V4 wc = splat(w[c]), wxc = splat(wx[c]);
        const double* prod = products + c * stride;
        for (int v = 0; v < na + nb; ++v)
          store4(sum + 4 * v, load4(sum + 4 * v) + (v < na ? wc : wxc) * load4(prod + 4 * v));
      }
    }
    double* a = A + r * p * p;
    int t = 0;
    for (int k = 0; k < p; ++k)
      for (int l = k; l < p; ++l, ++t) a[k * p + l] = a[l * p + k] = unpacked[t];
    for (int k = 0; k < p; ++k) B[r * p + k] = unpacked[4 * na + k];
  }
}

inline void normal_equations_dispatch(const double* W, const double* WX, long rows, long cols,
                                      const double* products, int p, double* A, double* B) {
  switch (p) {
    case 1: return normal_equations_body<1>(W, WX, rows, cols, products, p, A, B);
    case 2: return normal_equations_body<2>(W, WX, rows, cols, products, p, A, B);
    case 3: return normal_equations_body<3>(W, WX, rows, cols, products, p, A, B);
    case 4: return normal_equations_body<4>(W, WX, rows, cols, products, p, A, B);
    case 5: return normal_equations_body<5>(W, WX, rows, cols, products, p, A, B);
    case 6: return normal_equations_body<6>(W, WX, rows, cols, products, p, A, B);
    case 7: return normal_equations_body<7>(W, WX, rows, cols, products, p, A, B);
    case 8: return normal_equations_body<8>(W, WX, rows, cols, products, p, A, B);
    case 9: return normal_equations_body<9>(W, WX, rows, cols, products, p, A, B);
    case 10: return normal_equations_body<10>(W, WX, rows, cols, products, p, A, B);
    default: return normal_equations_body<0>(W, WX, rows, cols, products, p, A, B);
  }
}

#if defined(__GNUC__)
// Non-negative least squares for many rows, four at a time in the vector lanes.  Each lane
// solves its normal equations on the support its warm start has (LDLᵀ with the pinned rows and
// columns replaced by the identity, as NnlsSolver does); a lane whose solution leaves the
// feasible set, fails the optimality test or meets a vanishing pivot is finished by the scalar
// active-set solver from its start.  In an alternating fit nine rows in ten keep their support,
// and four independent factorisations overlap the division latency one alone would wait on.
typedef long long M4 __attribute__((vector_size(32)));

inline V4 gather4(const double* p, long step) {
  return V4{p[0], p[step], p[2 * step], p[3 * step]};
}

template <int P>
void nnls_rows_body(const double* A, const double* B, double* X, long n, NnlsSolver& fallback) {
  const V4 zero = splat(0.0), one = splat(1.0);
  long i = 0;
  for (; i + 4 <= n; i += 4) {
    V4 a[P][P], b[P], on[P];  // on: 1 where the variable is passive (in the support), else 0
    M4 passive[P];
    for (int r = 0; r < P; ++r) {
      for (int c = 0; c < P; ++c) a[r][c] = gather4(A + i * P * P + r * P + c, P * P);
      b[r] = gather4(B + i * P + r, P);
      passive[r] = gather4(X + i * P + r, P) > zero;
      on[r] = passive[r] ? one : zero;
    }
    M4 bad = passive[0] != passive[0];  // all false  NOLINT(misc-redundant-expression)
    V4 L[P][P], D[P], inv_d[P], z[P];
    for (int r = 0; r < P; ++r) {
      V4 dr = on[r] * a[r][r] + (one - on[r]);
      for (int c = 0; c < r; ++c) {
        V4 s = on[r] * on[c] * a[r][c];
        for (int t = 0; t < c; ++t) s -= L[r][t] * L[c][t] * D[t];
        L[r][c] = s * inv_d[c];
        dr -= s * L[r][c];
      }
      const M4 no_pivot = ((dr > splat(1e-13) * a[r][r]) == 0) | ((a[r][r] > zero) == 0);
      const M4 vanished = passive[r] & no_pivot;
      bad |= vanished;
      D[r] = vanished ? one : dr;
      inv_d[r] = one / D[r];
    }
    V4 y[P];
    for (int r = 0; r < P; ++r) {
      V4 s = on[r] * b[r];
      for (int t = 0; t < r; ++t) s -= L[r][t] * y[t];
      y[r] = s;
    }
    for (int r = P - 1; r >= 0; --r) {
      V4 s = y[r] * inv_d[r];
      for (int t = r + 1; t < P; ++t) s -= L[t][r] * z[t];
      z[r] = on[r] * s;
      bad |= passive[r] & ((s > zero) == 0);  // leaves the feasible set
    }
    // Optimality on the pinned variables: the gradient b − A z must not point into x > 0.
    for (int k = 0; k < P; ++k) {
      V4 az = zero, scale = vmax(b[k], -b[k]);
      for (int l = 0; l < P; ++l) {
        const V4 t = a[k][l] * z[l];
        az += t;
        scale += vmax(t, -t);
      }
      bad |= (passive[k] == 0) & (b[k] - az > splat(1e-12) * scale) & (a[k][k] > zero);
    }
    for (int l = 0; l < 4; ++l) {
      double* x = X + (i + l) * P;
      if (bad[l]) fallback.solve(A + (i + l) * P * P, B + (i + l) * P, x);
      else
        for (int r = 0; r < P; ++r) x[r] = z[r][l];
    }
  }
  for (; i < n; ++i) fallback.solve(A + i * P * P, B + i * P, X + i * P);
}

inline void nnls_rows_dispatch(const double* A, const double* B, double* X, long n, int p,
                               NnlsSolver& fallback) {
  switch (p) {
    case 2: return nnls_rows_body<2>(A, B, X, n, fallback);
    case 3: return nnls_rows_body<3>(A, B, X, n, fallback);
    case 4: return nnls_rows_body<4>(A, B, X, n, fallback);
    case 5: return nnls_rows_body<5>(A, B, X, n, fallback);
    case 6: return nnls_rows_body<6>(A, B, X, n, fallback);
    case 7: return nnls_rows_body<7>(A, B, X, n, fallback);
    case 8: return nnls_rows_body<8>(A, B, X, n, fallback);
    default:
      for (long i = 0; i < n; ++i) fallback.solve(A + i * p * p, B + i * p, X + i * p);
  }
}
#endif
