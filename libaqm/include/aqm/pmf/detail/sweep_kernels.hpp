#pragma once
// The two loops an ALS sweep spends its time in, on raw row-major arrays, written with
// 4-lane vectors and compiled twice (baseline x86-64 and AVX2/FMA, chosen at run time; see
// src/pmf/sweep_kernels.cpp).  Every sum has a fixed order (lane j mod 4, then the lanes
// pairwise), so a result depends only on the data and the machine, never on threads.

namespace aqm::pmf::detail {

class NnlsSolver;

struct ResidualSums {
  double q_true = 0.0;
  double q_robust = 0.0;  ///< Σ min(r², α|r|)
  double huber = 0.0;  ///< Σ r² − max(0, |r| − α)²: r² inside α, 2α|r| − α² beyond
};

/// Scaled residuals r = (X − G F) / u of an n × m fit with p factors, summed.  When W is
/// non-null it receives the robust weights (1/u²)·min(1, α/|r|) and WX the weights × X.
/// X, inv_u, W, WX are n × m; G is n × p; F is p × m (all row-major, contiguous).
ResidualSums residual_sums(const double* X, const double* inv_u, const double* G, const double* F,
                           long n, long m, int p, double alpha, double* W, double* WX);

/// Lanes of 4 used by the packed products of `weighted_normal_equations` for p factors:
/// p(p+1)/2 products, then p values, each part padded to a multiple of 4.
int packed_product_stride(int p);

/// For every row r: A_r = Σ_c W[r,c] v_c v_cᵀ (p × p, row-major, rows·p·p in A) and
/// b_r = Σ_c WX[r,c] v_c (rows·p in B), from `products` (cols × packed_product_stride(p):
/// v_k v_l for k ≤ l, zero padding, v, zero padding); W and WX are rows × cols.
void weighted_normal_equations(const double* W, const double* WX, long rows, long cols,
                               const double* products, int p, double* A, double* B);

/// Solves min ½ xᵀA_r x − b_rᵀx subject to x ≥ 0 for n rows (A: n·p·p, B and X: n·p, all
/// row-major), each from its current X row as warm start, four rows at a time on the support
/// they start with; a row whose support must change is finished by `fallback`.
void nnls_rows(const double* A, const double* B, double* X, long n, int p, NnlsSolver& fallback);

}  // namespace aqm::pmf::detail
