#include "aqm/chem/detail/sparse_lu.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aqm::chem::detail {

namespace {
struct BitMatrix {
  std::size_t n, words;
  std::vector<std::uint64_t> bits;
  BitMatrix(std::size_t n_, std::size_t) : n(n_), words((n_ + 63) / 64), bits(n_ * ((n_ + 63) / 64), 0) {}
  bool get(std::size_t i, std::size_t j) const { return bits[i * words + j / 64] >> (j % 64) & 1u; }
  void set(std::size_t i, std::size_t j) { bits[i * words + j / 64] |= std::uint64_t(1) << (j % 64); }
  template <class F>
  void for_row(std::size_t i, F&& f) const {
    for (std::size_t w = 0; w < words; ++w) {
      std::uint64_t x = bits[i * words + w];
      while (x) {
        const int b = __builtin_ctzll(x);
        f(w * 64 + static_cast<std::size_t>(b));
        x &= x - 1;
      }
    }
  }
};
}  // namespace

SparseLU::SparseLU(std::size_t n, const std::vector<std::pair<int, int>>& entries, bool reorder)
    : n_(n) {
  BitMatrix rows(n, 0), cols(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    rows.set(i, i);
    cols.set(i, i);
  }
  for (auto [i, j] : entries) {
    rows.set(i, j);
    cols.set(j, i);
  }
  structural_ = 0;
  for (std::size_t i = 0; i < n; ++i) rows.for_row(i, [&](std::size_t) { ++structural_; });

  // Diagonal Markowitz: repeatedly eliminate the pivot k minimising (r_k - 1)(c_k - 1) over the
  // active submatrix (ties: lowest index), adding the fill it creates.
  std::vector<char> active(n, 1);
  std::vector<long> rc(n, 0), cc(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    rows.for_row(i, [&](std::size_t) { ++rc[i]; });
    cols.for_row(i, [&](std::size_t) { ++cc[i]; });
  }
  perm_.clear();
  for (std::size_t step = 0; step < n; ++step) {
    std::size_t k = n;
    if (reorder) {
      long best = std::numeric_limits<long>::max();
      for (std::size_t i = 0; i < n; ++i) {
        if (!active[i]) continue;
        const long cost = (rc[i] - 1) * (cc[i] - 1);
        if (cost < best) {
          best = cost;
          k = i;
        }
      }
    } else {
      k = step;
    }
    std::vector<std::size_t> col_rows, row_cols;
    cols.for_row(k, [&](std::size_t i) {
      if (active[i] && i != k) col_rows.push_back(i);
    });
    rows.for_row(k, [&](std::size_t j) {
      if (active[j] && j != k) row_cols.push_back(j);
    });
    for (std::size_t i : col_rows)
      for (std::size_t j : row_cols)
        if (!rows.get(i, j)) {
          rows.set(i, j);
          cols.set(j, i);
          ++rc[i];
          ++cc[j];
        }
    active[k] = 0;
    for (std::size_t i : col_rows) --rc[i];
    for (std::size_t j : row_cols) --cc[j];
    perm_.push_back(static_cast<int>(k));
  }
  pinv_.assign(n, 0);
  for (std::size_t p = 0; p < n; ++p) pinv_[perm_[p]] = static_cast<int>(p);

  // Pattern in permuted coordinates, row-wise with sorted columns.
  row_ptr_.assign(n + 1, 0);
  col_.clear();
  diag_.assign(n, -1);
  for (std::size_t p = 0; p < n; ++p) {
    std::vector<int> cs;
    rows.for_row(static_cast<std::size_t>(perm_[p]), [&](std::size_t j) { cs.push_back(pinv_[j]); });
    std::sort(cs.begin(), cs.end());
    for (int c : cs) {
      if (c == static_cast<int>(p)) diag_[p] = static_cast<int>(col_.size());
      col_.push_back(c);
    }
    row_ptr_[p + 1] = static_cast<int>(col_.size());
  }

  // Elimination program (row-wise IKJ, as KPP's KppDecomp).
  std::vector<int> where(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    for (int q = row_ptr_[i]; q < row_ptr_[i + 1]; ++q) where[col_[q]] = q;
    for (int q = row_ptr_[i]; q < row_ptr_[i + 1] && col_[q] < static_cast<int>(i); ++q) {
      const int k = col_[q];
      Elim e{q, diag_[k], static_cast<int>(dst_.size()), 0, diag_[k] + 1};
      for (int r = diag_[k] + 1; r < row_ptr_[k + 1]; ++r) dst_.push_back(where[col_[r]]);
      e.end = static_cast<int>(dst_.size());
      elim_.push_back(e);
    }
    for (int q = row_ptr_[i]; q < row_ptr_[i + 1]; ++q) where[col_[q]] = -1;
  }
}

int SparseLU::position(int row, int col) const {
  const int p = pinv_[row], c = pinv_[col];
  auto b = col_.begin() + row_ptr_[p], e = col_.begin() + row_ptr_[p + 1];
  auto it = std::lower_bound(b, e, c);
  return it != e && *it == c ? static_cast<int>(it - col_.begin()) : -1;
}

bool SparseLU::factor(double* a) const {
  for (const Elim& e : elim_) {
    const double piv = a[e.ukk];
    if (piv == 0.0 || !std::isfinite(piv)) return false;
    const double l = a[e.lik] / piv;
    a[e.lik] = l;
    const double* src = a + e.src;
    const int* dst = dst_.data() + e.begin;
    const int len = e.end - e.begin;
    for (int u = 0; u < len; ++u) a[dst[u]] -= l * src[u];
  }
  for (std::size_t i = 0; i < n_; ++i) {
    if (a[diag_[i]] == 0.0 || !std::isfinite(a[diag_[i]])) return false;
    a[diag_[i]] = 1.0 / a[diag_[i]];
  }
  return true;
}

void SparseLU::solve(const double* a, double* b, double* w) const {
  for (std::size_t p = 0; p < n_; ++p) w[p] = b[perm_[p]];
  for (std::size_t i = 0; i < n_; ++i) {
    double s = w[i];
    for (int q = row_ptr_[i]; q < diag_[i]; ++q) s -= a[q] * w[col_[q]];
    w[i] = s;
  }
  for (std::size_t ii = n_; ii-- > 0;) {
    double s = w[ii];
    for (int q = diag_[ii] + 1; q < row_ptr_[ii + 1]; ++q) s -= a[q] * w[col_[q]];
    w[ii] = s * a[diag_[ii]];
  }
  for (std::size_t p = 0; p < n_; ++p) b[perm_[p]] = w[p];
}

}  // namespace aqm::chem::detail
