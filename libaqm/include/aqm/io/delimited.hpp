#pragma once
// Delimited text (CSV, TSV, semicolon) as air-quality data actually comes: a header row of
// species, a first column of sample IDs or dates, missing markers, a UTF-8 BOM, CRLF line ends,
// quoted fields, and blank or separator-only lines at the end (EPA PMF 5.0 exports carry them).

#include <string>
#include <vector>

#include "aqm/core/labelled_matrix.hpp"

namespace aqm::io {

struct DelimitedReadOptions {
  /// Field separator; '\0' detects it from the header (tab, comma or semicolon).
  char separator = '\0';
  /// The first column holds row labels (sample IDs, dates) rather than data.
  bool first_column_labels = true;
  /// Cell texts read as missing (NaN), compared after trimming, case-insensitively.  An empty
  /// cell is always missing.
  std::vector<std::string> missing_markers = {"NA", "NaN", "N/A", "NULL", "-"};
  /// Numeric values read as missing, e.g. -999 (compared exactly).
  std::vector<double> missing_values = {};
  /// Lines starting with this text are skipped anywhere ("" disables).
  std::string comment_prefix = "#";
};

/// Read a delimited file into a LabelledMatrix.  A second header row whose first cell is
/// "units" (any case) gives the column units.  Throws aqm::FileNotFound, aqm::FileError or
/// aqm::ParseError; parse errors name file, line and column (and the column's label).
LabelledMatrix read_delimited(const std::string& path, const DelimitedReadOptions& options = {});

/// The same, from text in memory; `source_name` is used in error messages.
LabelledMatrix parse_delimited(const std::string& text, const std::string& source_name,
                               const DelimitedReadOptions& options = {});

struct DelimitedWriteOptions {
  char separator = ',';
  std::string missing = "";      ///< text written for NaN
  bool write_units_row = false;  ///< add a "units" row after the header
};

/// Write atomically (temporary file + rename).  Numbers use the shortest text that reads back
/// to the same double.
void write_delimited(const std::string& path, const LabelledMatrix& m,
                     const DelimitedWriteOptions& options = {});

}  // namespace aqm::io
