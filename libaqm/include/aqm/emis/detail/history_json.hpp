#pragma once
// The operation history as JSON, in the shape Python's aqm.emis writes to the `history_json`
// attribute of an inventory NetCDF file:
//   [{"name": "...", "source": "...", "parameters": {"key": "value", ...}}, ...]
//
// The writer matches Python's json.dumps() with its defaults byte for byte (", " and ": "
// separators, ASCII output with \uXXXX escapes and surrogate pairs, \" \\ \n \r \t \b \f).
// The reader is strict: exactly that structure (keys in any order, each once), standard JSON
// strings (escapes incl. \uXXXX and surrogate pairs, decoded to UTF-8), and parameter values
// that are strings, numbers, true, false or null (the last four kept as their JSON text).
// Parameter keys may repeat (kept in order); nested objects or arrays as values are rejected.

#include <string>
#include <vector>

#include "aqm/core/error.hpp"
#include "aqm/emis/inventory.hpp"

namespace aqm::emis::detail {

/// JSON text of the history; InvalidArgument naming `where` when a string is not valid UTF-8.
std::string history_to_json(const std::vector<Operation>& history, const Location& where = {});

/// Parse history JSON; ParseError naming `where.file`, `where.item` and the line:column of the
/// offending character for anything outside the structure above.
std::vector<Operation> history_from_json(const std::string& text, const Location& where = {});

/// One line per operation, "name source {'key': 'value'}", as Python's to_xarray() writes the
/// human-readable `history` attribute (Python repr quoting of the parameter texts).
std::string history_to_text(const std::vector<Operation>& history);

}  // namespace aqm::emis::detail
