#pragma once
// The multi-cell Rosenbrock driver behind integrate() and integrate_cells() (rosenbrock.hpp):
// the cells' work arrays, their iteration matrices in lanes, the per-thread workspace, and
// the solve itself (src/chem/cells_solve.cpp).

#include <cstddef>
#include <vector>

#include "aqm/chem/detail/sparse_lu.hpp"
#include "aqm/chem/rosenbrock.hpp"

namespace aqm::chem::detail {

// Work arrays of one cell of a (multi-cell) solve.
struct CellWork {
  std::vector<double> jac0, ynew, fcn0, fcn, dfdt, yerr, u, w, k;
  bool sm_ok = false;
  double beta = 1.0;
  CellWork(std::size_t n, std::size_t nnz, int stages)
      : jac0(nnz),
        ynew(n),
        fcn0(n),
        fcn(n),
        dfdt(n),
        yerr(n),
        u(n),
        w(n),
        k(n * static_cast<std::size_t>(stages)) {}
};

// The cells' iteration matrices (1/(h gamma) - J), cells innermost, factored and solved
// together (SparseLU::factor_cells).
struct Lanes {
  const detail::SparseLU* lu_ptr = nullptr;
  std::size_t nc = 0;
  std::vector<double> ghimj, rhs, work;
  void reset(const detail::SparseLU& l, std::size_t n, std::size_t cells) {
    lu_ptr = &l;
    nc = cells;
    ghimj.resize(l.nonzeros() * cells);
    rhs.resize(n * cells);
    work.resize(n * cells);
  }

  bool factor(const std::vector<CellWork>& cells, double ghinv) {
    const detail::SparseLU& lu = *lu_ptr;
    const std::size_t nnz = lu.nonzeros(), n = lu.size();
    for (std::size_t c = 0; c < nc; ++c) {
      const double* jac = cells[c].jac0.data();
      for (std::size_t q = 0; q < nnz; ++q) ghimj[q * nc + c] = -jac[q];
      for (std::size_t i = 0; i < n; ++i) ghimj[lu.diagonal(static_cast<int>(i)) * nc + c] += ghinv;
    }
    // One cell (every Solver call) keeps the plain kernel: the lane kernel's copies cost it
    // 5-7 % per step on KPP's isoprene day (benchmarks/chem_kpp_day.sh); same bits either way.
    return nc == 1 ? lu.factor(ghimj.data()) : lu.factor_cells(ghimj.data(), nc);
  }
  // Solves in place for every cell c the system whose right-hand side is at x(c).
  template <class Vector>
  void solve(Vector&& x) {
    const detail::SparseLU& lu = *lu_ptr;
    if (nc == 1) return lu.solve(ghimj.data(), x(0), work.data());
    const std::size_t n = lu.size();
    for (std::size_t c = 0; c < nc; ++c) {
      const double* xc = x(c);
      for (std::size_t i = 0; i < n; ++i) rhs[i * nc + c] = xc[i];
    }
    lu.solve_cells(ghimj.data(), rhs.data(), work.data(), nc);
    for (std::size_t c = 0; c < nc; ++c) {
      double* xc = x(c);
      for (std::size_t i = 0; i < n; ++i) xc[i] = rhs[i * nc + c];
    }
  }
};

// The work arrays of a solve, kept per thread between calls: a box run calls integrate_cells
// once per output interval (a few steps each), and allocating them every call showed in the
// profile.  Every array is written before it is read within a call, so reuse changes no bit.
struct Workspace {
  std::vector<CellWork> cells;
  Lanes lanes;
  bool busy = false;  // a solve started from inside another's update callback gets its own

  void reset(const detail::SparseLU& lu, std::size_t n, std::size_t nc, int stages) {
    const std::size_t nnz = lu.nonzeros();
    const bool fits = cells.size() == nc && !cells.empty() && cells[0].jac0.size() == nnz &&
                      cells[0].ynew.size() == n &&
                      cells[0].k.size() == n * static_cast<std::size_t>(stages);
    if (!fits) cells.assign(nc, CellWork(n, nnz, stages));
    lanes.reset(lu, n, nc);
  }
};

// Per-species tolerances of a solve.
struct Tolerances {
  std::vector<double> rtol, atol;
};

/// Checks every input of a solve (InvalidArgument naming it) and returns the tolerances.
Tolerances checked_inputs(const KineticSystem& sys, const std::vector<std::vector<double>*>& ys,
                          double t0, double t1, const RosenbrockOptions& opt);

/// KPP's Rosenbrock driver with every cell on the same steps, in the workspace `ws`.
SolveResult solve_cells(KineticSystem& sys, const std::vector<std::vector<double>*>& ys, double t0,
                        double t1, const RosenbrockOptions& opt, const TimeUpdate& update,
                        const CellUpdate& cell_update, Tolerances tol, Workspace& ws);

}  // namespace aqm::chem::detail
