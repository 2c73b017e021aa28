#pragma once
// The weighted normal equations of one ALS half-sweep, for every row at once:
//   A_r = Σ_c w_rc v_c v_cᵀ   and   b_r = Σ_c w_rc x_rc v_c,
// where v_c are the p-vectors of the fixed factor.  Packing the p(p+1)/2 distinct products
// v_c v_cᵀ per c turns the n Gram matrices into one (rows × c) · (c × p(p+1)/2) product, a
// streaming loop the compiler vectorises.  Plain loops (no Eigen GEMM) keep every run
// single-threaded and bit-reproducible inside a parallel batch.
#include <Eigen/Core>
#include <vector>

namespace aqm::pmf::detail {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

class WeightedGram {
 public:
  explicit WeightedGram(int p) : p_(p), packed_(p * (p + 1) / 2) {}

  /// V is c_count × p (row c = v_c); W and WX are rows × c_count (row-major).
  /// Fills A (rows × p·p, row-major blocks) and B (rows × p).
  void build(const RowMatrix& W, const RowMatrix& WX, const RowMatrix& V, RowMatrix& A,
             RowMatrix& B) {
    const int p = p_, T = packed_;
    const Eigen::Index cols = W.cols();
    products_.resize(cols, T + p);  // [v v^T packed | v]: one row per c
    for (Eigen::Index c = 0; c < cols; ++c) {
      int t = 0;
      for (int k = 0; k < p; ++k)
        for (int l = k; l < p; ++l) products_(c, t++) = V(c, k) * V(c, l);
      for (int k = 0; k < p; ++k) products_(c, T + k) = V(c, k);
    }
    A.resize(W.rows(), p * p);
    B.resize(W.rows(), p);
    // Compile-time sizes let the accumulators live in registers for the usual factor counts.
    switch (p) {
      case 2: return accumulate<2>(W, WX, A, B);
      case 3: return accumulate<3>(W, WX, A, B);
      case 4: return accumulate<4>(W, WX, A, B);
      case 5: return accumulate<5>(W, WX, A, B);
      case 6: return accumulate<6>(W, WX, A, B);
      case 7: return accumulate<7>(W, WX, A, B);
      case 8: return accumulate<8>(W, WX, A, B);
      case 9: return accumulate<9>(W, WX, A, B);
      case 10: return accumulate<10>(W, WX, A, B);
      default: return accumulate<0>(W, WX, A, B);
    }
  }

 private:
  template <int P>
  void accumulate(const RowMatrix& W, const RowMatrix& WX, RowMatrix& A, RowMatrix& B) const {
    const int p = P > 0 ? P : p_;
    const int T = P > 0 ? P * (P + 1) / 2 : packed_;
    constexpr int kMax = P > 0 ? P * (P + 1) / 2 : 1;
    constexpr int pMax = P > 0 ? P : 1;
    std::vector<double> dyn_acc(P > 0 ? 0 : T), dyn_accb(P > 0 ? 0 : p);
    double fixed_acc[kMax], fixed_accb[pMax];
    double* acc = P > 0 ? fixed_acc : dyn_acc.data();
    double* accb = P > 0 ? fixed_accb : dyn_accb.data();
    const Eigen::Index rows = W.rows(), cols = W.cols(), stride = products_.cols();
    const double* prod0 = products_.data();
    for (Eigen::Index r = 0; r < rows; ++r) {
      for (int t = 0; t < T; ++t) acc[t] = 0.0;
      for (int k = 0; k < p; ++k) accb[k] = 0.0;
      const double* w = W.row(r).data();
      const double* wx = WX.row(r).data();
      for (Eigen::Index c = 0; c < cols; ++c) {
        const double wc = w[c], wxc = wx[c];
        const double* prod = prod0 + c * stride;
        for (int t = 0; t < T; ++t) acc[t] += wc * prod[t];
        for (int k = 0; k < p; ++k) accb[k] += wxc * prod[T + k];
      }
      double* a = A.row(r).data();
      int t = 0;
      for (int k = 0; k < p; ++k)
        for (int l = k; l < p; ++l) {
          a[k * p + l] = acc[t];
          a[l * p + k] = acc[t];
          ++t;
        }
      for (int k = 0; k < p; ++k) B(r, k) = accb[k];
    }
  }

  int p_, packed_;
  RowMatrix products_;
};

}  // namespace aqm::pmf::detail
