#pragma once
// Everything in libaqm that needs only aqm::aqm.
#include "aqm/core.hpp"
#include "aqm/io.hpp"
#include "aqm/emis.hpp"
