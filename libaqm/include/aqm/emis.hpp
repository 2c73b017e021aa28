#pragma once
// Umbrella header of aqm::emis: emission inventories, units, control scenarios, speciation,
// temporal profiles, HEMCO-style scale-factor algebra, conservative regridding, box-model rates.
#include "aqm/emis/box_rates.hpp"
#include "aqm/emis/grid.hpp"
#include "aqm/emis/inventory.hpp"
#include "aqm/emis/lumping.hpp"
#include "aqm/emis/pipeline.hpp"
#include "aqm/emis/regrid.hpp"
#include "aqm/emis/scale_algebra.hpp"
#include "aqm/emis/scenario.hpp"
#include "aqm/emis/speciation.hpp"
#include "aqm/emis/temporal.hpp"
#include "aqm/emis/units.hpp"
