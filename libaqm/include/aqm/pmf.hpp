#pragma once
// aqm::pmf — positive matrix factorisation with EPA PMF 5.0's base-run method.
#include "aqm/pmf/base_runs.hpp"
#include "aqm/pmf/bootstrap.hpp"
#include "aqm/pmf/dataset.hpp"
#include "aqm/pmf/diagnostics.hpp"
#include "aqm/pmf/displacement.hpp"
#include "aqm/pmf/solver.hpp"
