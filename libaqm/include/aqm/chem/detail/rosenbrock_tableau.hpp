#pragma once
// Coefficients of the Rosenbrock methods, as in KPP int/rosenbrock.f90 (internal to the
// multi-cell driver, src/chem/cells_solve.cpp).

#include "aqm/chem/rosenbrock.hpp"

namespace aqm::chem::detail {

struct Tableau {
  int s = 0;
  double a[15] = {}, c[15] = {}, m[6] = {}, e[6] = {}, alpha[6] = {}, gamma[6] = {};
  bool newf[6] = {};
  double elo = 0;
};

Tableau tableau(RosenbrockMethod method);

}  // namespace aqm::chem::detail
