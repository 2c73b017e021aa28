#pragma once
// aqm::voc — the VOC source-profile layer on top of the pillars: factor identification against
// reference profiles and the localized profile library (readable by aqm::emis speciation).
#include "aqm/voc/identify.hpp"
#include "aqm/voc/profile_library.hpp"
#include "aqm/voc/reference.hpp"
