#pragma once
// Reader for FACSIMILE mechanisms as exported by the MCM for AtChem2 (.fac).

#include <string>

#include "aqm/chem/mechanism.hpp"

namespace aqm::chem {

/// Read a .fac file: `* comment ;`, `VARIABLE A B C ;`, coefficient definitions `K = expr ;`
/// (evaluated in file order), `RO2 = A + B ;` (may be empty), and reactions
/// `% rate : A + B = C + D ;` with `@` powers, `D` exponents, `J<n>` and empty product lists.
/// Species used in reactions but absent from VARIABLE are added as variable species.
/// Throws FileNotFound, or ParseError naming file, line and column.
Mechanism read_facsimile(const std::string& path);

/// Parse FACSIMILE text held in memory; `name` is used in messages.
Mechanism parse_facsimile(const std::string& text, const std::string& name = "<string>");

}  // namespace aqm::chem
