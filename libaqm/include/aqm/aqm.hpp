#pragma once
// Everything in libaqm that needs only aqm::aqm.
#include "aqm/chem.hpp"
#include "aqm/core.hpp"
#include "aqm/io.hpp"
#include "aqm/pmf.hpp"
#include "aqm/emis.hpp"
#include "aqm/voc.hpp"
