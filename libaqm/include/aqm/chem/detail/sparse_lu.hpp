#pragma once
// Symbolic sparse LU without pivoting (the KPP approach): a diagonal Markowitz ordering and the
// fill-in are computed once from the structure; factorisation then runs a precomputed list of
// multiply-subtract updates in place on an array indexed like the fill-extended pattern.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace aqm::chem::detail {

class SparseLU {
 public:
  SparseLU() = default;
  /// `entries` are structural (row, col) pairs in original species order (diagonal added).
  SparseLU(std::size_t n, const std::vector<std::pair<int, int>>& entries, bool reorder = true);

  std::size_t size() const { return n_; }
  std::size_t nonzeros() const { return col_.size(); }
  std::size_t structural_nonzeros() const { return structural_; }
  /// Position of original (row, col) in the value array, or -1 if not in the pattern.
  int position(int row, int col) const;
  int diagonal(int row) const { return diag_[pinv_[row]]; }
  /// Positions of every entry of original row `row`.
  std::pair<int, int> row_range(int row) const {
    return {row_ptr_[pinv_[row]], row_ptr_[pinv_[row] + 1]};
  }
  const std::vector<int>& permutation() const { return perm_; }

  /// In-place LU of `a` (the diagonal then holds 1 / u_ii, so solve() multiplies); false
  /// when a pivot is zero or not finite.
  bool factor(double* a) const;
  /// Solve (LU) x = b in place (b in original order); `work` needs size() doubles.
  void solve(const double* a, double* b, double* work) const;

  /// factor() and solve() of `cells` matrices at once, cells innermost: value q of cell c at
  /// a[q * cells + c], entry i of its right-hand side at b[i * cells + c] (`work` needs
  /// size() * cells doubles).  Each index is read once for all cells and the cells' sums run
  /// side by side; every cell sees exactly the operations factor()/solve() apply to it alone.
  /// factor_cells is false when any cell has a zero or non-finite pivot.
  bool factor_cells(double* a, std::size_t cells) const;
  void solve_cells(const double* a, double* b, double* work, std::size_t cells) const;

 private:
  std::size_t n_ = 0, structural_ = 0;
  std::vector<int> perm_, pinv_;  // perm_[new] = old
  std::vector<int> row_ptr_, col_, diag_;
  // Eliminating a_ik with pivot row k: a_ij -= l_ik a_kj for the U part of row k, which is
  // contiguous (positions src .. src + (end - begin)); only the destinations need an index.
  struct Elim {
    int lik, ukk, begin, end, src;
  };
  std::vector<Elim> elim_;
  std::vector<int> dst_;  // destination positions a_ij, in elimination order

  template <std::size_t NC>
  bool factor_lanes(double* a, std::size_t cells) const;
  template <std::size_t NC>
  void solve_lanes(const double* a, double* b, double* work, std::size_t cells) const;
};

}  // namespace aqm::chem::detail
