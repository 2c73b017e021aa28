#pragma once
// Umbrella header of aqm core: errors, labelled matrices, random streams, threads, logging,
// the bundled-data locator and the species registry.
#include "aqm/core/data_path.hpp"
#include "aqm/core/error.hpp"
#include "aqm/core/labelled_matrix.hpp"
#include "aqm/core/log.hpp"
#include "aqm/core/parallel.hpp"
#include "aqm/core/random.hpp"
#include "aqm/core/species.hpp"
#include "aqm/version.hpp"
