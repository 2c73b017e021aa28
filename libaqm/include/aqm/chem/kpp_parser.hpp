#pragma once
// Reader for KPP mechanism files (.kpp, .def, .spc, .eqn).

#include <string>

#include "aqm/chem/mechanism.hpp"

namespace aqm::chem {

/// Read a KPP mechanism starting at `path` (#INCLUDE is followed relative to the including
/// file; the KPP distribution's `atoms` file is built in).  Sections: #DEFVAR #DEFFIX #SETVAR
/// #SETFIX #EQUATIONS (with <tags>) #INITVALUES (with CFACTOR, ALL_SPEC, VAR_SPEC, FIX_SPEC)
/// #CHECK and #INLINE F90_RCONST (its `RO2 = C(ind_X) + ...` sum is read; any other inline
/// code gives a warning naming the line).  Output/driver commands are ignored.
/// Throws FileNotFound, or ParseError naming file, line and column.
Mechanism read_kpp(const std::string& path);

/// Parse KPP text held in memory; `name` is used in messages, `base_dir` for #INCLUDE.
Mechanism parse_kpp(const std::string& text, const std::string& name = "<string>",
                    const std::string& base_dir = ".");

}  // namespace aqm::chem
