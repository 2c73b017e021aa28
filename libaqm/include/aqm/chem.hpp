#pragma once
// The chemistry pillar: mechanisms (KPP, FACSIMILE), rate expressions and the MCM library,
// kinetic systems with sparse Jacobian/LU, Rosenbrock integrators, photolysis and batches;
// the observation-constrained box model with its diagnostics, isopleths, RIR and regimes.
#include "aqm/chem/attribution.hpp"
#include "aqm/chem/batch.hpp"
#include "aqm/chem/box_diagnostics.hpp"
#include "aqm/chem/box_model.hpp"
#include "aqm/chem/environment.hpp"
#include "aqm/chem/facsimile_parser.hpp"
#include "aqm/chem/isopleth.hpp"
#include "aqm/chem/kinetic_system.hpp"
#include "aqm/chem/kpp_parser.hpp"
#include "aqm/chem/mechanism.hpp"
#include "aqm/chem/photolysis.hpp"
#include "aqm/chem/rate_expression.hpp"
#include "aqm/chem/regime.hpp"
#include "aqm/chem/rir.hpp"
#include "aqm/chem/rosenbrock.hpp"
#include "aqm/chem/solver.hpp"
#include "aqm/chem/units.hpp"
