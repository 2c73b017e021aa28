#pragma once
// aqm::pmf — positive matrix factorisation with EPA PMF 5.0's base-run method.
#include "aqm/pmf/base_runs.hpp"
#include "aqm/pmf/bootstrap.hpp"
#include "aqm/pmf/bs_displacement.hpp"
#include "aqm/pmf/constraints.hpp"
#include "aqm/pmf/dataset.hpp"
#include "aqm/pmf/diagnostics.hpp"
#include "aqm/pmf/displacement.hpp"
#include "aqm/pmf/factor_sweep.hpp"
#include "aqm/pmf/fpeak.hpp"
#include "aqm/pmf/solver.hpp"
