#pragma once
// The weighted normal equations of one ALS half-sweep, for every row at once:
//   A_r = Σ_c w_rc v_c v_cᵀ   and   b_r = Σ_c w_rc x_rc v_c,
// where v_c are the p-vectors of the fixed factor.  Packing the p(p+1)/2 distinct products
// v_c v_cᵀ per c turns the n Gram matrices into one (rows × c) · (c × p(p+1)/2) product,
// streamed by a vector kernel (sweep_kernels.hpp).  No threaded GEMM: every run stays
// single-threaded and bit-reproducible inside a parallel batch.
#include <Eigen/Core>

#include "aqm/pmf/detail/sweep_kernels.hpp"

namespace aqm::pmf::detail {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

class WeightedGram {
 public:
  explicit WeightedGram(int p) : p_(p), stride_(packed_product_stride(p)) {}

  /// V is c_count × p (row c = v_c); W and WX are rows × c_count (row-major).
  /// Fills A (rows × p·p, row-major blocks) and B (rows × p).
  void build(const RowMatrix& W, const RowMatrix& WX, const RowMatrix& V, RowMatrix& A,
             RowMatrix& B) {
    const int p = p_;
    const Eigen::Index cols = W.cols();
    const int values_at = stride_ - 4 * ((p + 3) / 4);
    products_.setZero(cols, stride_);  // [v v^T packed, padding | v, padding]: one row per c
    for (Eigen::Index c = 0; c < cols; ++c) {
      int t = 0;
      for (int k = 0; k < p; ++k)
        for (int l = k; l < p; ++l) products_(c, t++) = V(c, k) * V(c, l);
      for (int k = 0; k < p; ++k) products_(c, values_at + k) = V(c, k);
    }
    A.resize(W.rows(), p * p);
    B.resize(W.rows(), p);
    weighted_normal_equations(W.data(), WX.data(), W.rows(), cols, products_.data(), p, A.data(),
                              B.data());
  }

 private:
  int p_, stride_;
  RowMatrix products_;
};

}  // namespace aqm::pmf::detail
