#include "aqm/chem/detail/sparse_lu.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aqm::chem::detail {

namespace {
struct BitMatrix {
  std::size_t n, words;
  std::vector<std::uint64_t> bits;
  BitMatrix(std::size_t n_, std::size_t)
      : n(n_), words((n_ + 63) / 64), bits(n_ * ((n_ + 63) / 64), 0) {}
  bool get(std::size_t i, std::size_t j) const { return bits[i * words + j / 64] >> (j % 64) & 1u; }
  void set(std::size_t i, std::size_t j) {
    bits[i * words + j / 64] |= std::uint64_t(1) << (j % 64);
  }
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
    rows.for_row(static_cast<std::size_t>(perm_[p]),
                 [&](std::size_t j) { cs.push_back(pinv_[j]); });
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

namespace {
bool usable_pivot(double v) { return v != 0.0 && std::isfinite(v); }
}  // namespace

// The interleaved kernels, for a cell count known at compile time (NC > 0) or not (NC == 0).
template <std::size_t NC>
bool SparseLU::factor_lanes(double* a, std::size_t cells) const {
  const std::size_t nc = NC ? NC : cells;
  double l[NC ? NC : 1];
  std::vector<double> l_any(NC ? 0 : nc);
  double* lv = NC ? l : l_any.data();
  for (const Elim& e : elim_) {
    const double* piv = a + static_cast<std::size_t>(e.ukk) * nc;
    double* lik = a + static_cast<std::size_t>(e.lik) * nc;
    for (std::size_t c = 0; c < nc; ++c) {
      if (!usable_pivot(piv[c])) return false;
      lv[c] = lik[c] / piv[c];
      lik[c] = lv[c];
    }
    const double* src = a + static_cast<std::size_t>(e.src) * nc;
    const int* dst = dst_.data() + e.begin;
    const int len = e.end - e.begin;
    for (int u = 0; u < len; ++u) {
      double* d = a + static_cast<std::size_t>(dst[u]) * nc;
      const double* s = src + static_cast<std::size_t>(u) * nc;
      for (std::size_t c = 0; c < nc; ++c) d[c] -= lv[c] * s[c];
    }
  }
  for (std::size_t i = 0; i < n_; ++i) {
    double* d = a + static_cast<std::size_t>(diag_[i]) * nc;
    for (std::size_t c = 0; c < nc; ++c) {
      if (!usable_pivot(d[c])) return false;
      d[c] = 1.0 / d[c];
    }
  }
  return true;
}

template <std::size_t NC>
void SparseLU::solve_lanes(const double* a, double* b, double* w, std::size_t cells) const {
  const std::size_t nc = NC ? NC : cells;
  double s[NC ? NC : 1];
  std::vector<double> s_any(NC ? 0 : nc);
  double* sv = NC ? s : s_any.data();
  for (std::size_t p = 0; p < n_; ++p)
    std::copy_n(b + static_cast<std::size_t>(perm_[p]) * nc, nc, w + p * nc);
  for (std::size_t i = 0; i < n_; ++i) {
    std::copy_n(w + i * nc, nc, sv);
    for (int q = row_ptr_[i]; q < diag_[i]; ++q) {
      const double* aq = a + static_cast<std::size_t>(q) * nc;
      const double* wq = w + static_cast<std::size_t>(col_[q]) * nc;
      for (std::size_t c = 0; c < nc; ++c) sv[c] -= aq[c] * wq[c];
    }
    std::copy_n(sv, nc, w + i * nc);
  }
  for (std::size_t ii = n_; ii-- > 0;) {
    std::copy_n(w + ii * nc, nc, sv);
    for (int q = diag_[ii] + 1; q < row_ptr_[ii + 1]; ++q) {
      const double* aq = a + static_cast<std::size_t>(q) * nc;
      const double* wq = w + static_cast<std::size_t>(col_[q]) * nc;
      for (std::size_t c = 0; c < nc; ++c) sv[c] -= aq[c] * wq[c];
    }
    const double* dq = a + static_cast<std::size_t>(diag_[ii]) * nc;
    for (std::size_t c = 0; c < nc; ++c) w[ii * nc + c] = sv[c] * dq[c];
  }
  for (std::size_t p = 0; p < n_; ++p)
    std::copy_n(w + p * nc, nc, b + static_cast<std::size_t>(perm_[p]) * nc);
}

bool SparseLU::factor_cells(double* a, std::size_t cells) const {
  switch (cells) {
    case 1: return factor_lanes<1>(a, cells);
    case 2: return factor_lanes<2>(a, cells);
    case 3: return factor_lanes<3>(a, cells);
    case 4: return factor_lanes<4>(a, cells);
    default: return factor_lanes<0>(a, cells);
  }
}

void SparseLU::solve_cells(const double* a, double* b, double* w, std::size_t cells) const {
  switch (cells) {
    case 1: return solve_lanes<1>(a, b, w, cells);
    case 2: return solve_lanes<2>(a, b, w, cells);
    case 3: return solve_lanes<3>(a, b, w, cells);
    case 4: return solve_lanes<4>(a, b, w, cells);
    default: return solve_lanes<0>(a, b, w, cells);
  }
}

}  // namespace aqm::chem::detail
