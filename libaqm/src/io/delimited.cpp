#include "aqm/io/delimited.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <unordered_map>

#include "aqm/core/detail/utf8.hpp"
#include "aqm/core/error.hpp"
#include "aqm/io/atomic_output.hpp"

namespace aqm::io {
namespace {

struct Line {
  long number;  // 1-based line number in the file
  std::string text;
};

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

using detail::invalid_utf8_at;

// Split one line into fields, honouring double quotes ("" is an escaped quote).
std::vector<std::string> split_fields(const std::string& text, char sep, const std::string& file,
                                      long line_number) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"' && trim(field).empty()) {
      quoted = true;
      was_quoted = true;
      field.clear();
    } else if (c == sep) {
      fields.push_back(was_quoted ? field : trim(field));
      field.clear();
      was_quoted = false;
    } else {
      field += c;
    }
  }
  if (quoted)
    throw ParseError(Location{file, line_number, static_cast<long>(fields.size() + 1)},
                     "unterminated quoted field");
  fields.push_back(was_quoted ? field : trim(field));
  return fields;
}

char detect_separator(const std::string& header) {
  std::size_t tabs = 0, commas = 0, semis = 0;
  bool quoted = false;
  for (char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    tabs += c == '\t';
    commas += c == ',';
    semis += c == ';';
  }
  if (tabs >= commas && tabs >= semis && tabs > 0) return '\t';
  if (commas >= semis && commas > 0) return ',';
  if (semis > 0) return ';';
  return ',';  // a single column
}

bool only_separators(const std::string& text, char sep) {
  return std::all_of(text.begin(), text.end(), [sep](char c) {
    return c == sep || std::isspace(static_cast<unsigned char>(c));
  });
}

// Parse a number; false when the whole cell is not one finite number.
bool parse_number(const std::string& cell, double& value) {
  const char* begin = cell.data();
  const char* end = cell.data() + cell.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  return ec == std::errc() && ptr == end && std::isfinite(value);
}

std::vector<Line> split_lines(const std::string& text) {
  std::vector<Line> lines;
  std::size_t start = 0;
  long number = 1;
  // Classic Mac OS line ends (CR only, Excel's "CSV (Macintosh)"): CR ends the line.
  const char eol =
      text.find('\n') == std::string::npos && text.find('\r') != std::string::npos ? '\r' : '\n';
  while (start <= text.size()) {
    std::size_t end = text.find(eol, start);
    const bool last = end == std::string::npos;
    if (last) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!(last && line.empty())) lines.push_back({number, std::move(line)});
    if (last) break;
    start = end + 1;
    ++number;
  }
  return lines;
}

}  // namespace

LabelledMatrix parse_delimited(const std::string& raw, const std::string& file,
                               const DelimitedReadOptions& options) {
  const std::string encoding = detail::utf16_problem(raw);
  if (!encoding.empty()) throw ParseError(Location{file, 1, 1}, encoding);
  std::string text = raw;
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  if (text.find('\0') != std::string::npos)
    throw ParseError(Location{file}, "the file contains NUL bytes: not a text file");

  std::vector<Line> lines = split_lines(text);
  // Blank and comment lines carry nothing; separator-only lines are judged once the separator
  // is known.
  auto is_skipped = [&](const Line& l) {
    const std::string t = trim(l.text);
    return t.empty() || (!options.comment_prefix.empty() &&
                         t.compare(0, options.comment_prefix.size(), options.comment_prefix) == 0);
  };
  auto it = std::find_if(lines.begin(), lines.end(), [&](const Line& l) { return !is_skipped(l); });
  if (it == lines.end()) throw ParseError(Location{file}, "the file is empty: no header row");
  const Line header_line = *it;
  ++it;

  const std::size_t bad = invalid_utf8_at(header_line.text);
  if (bad != std::string::npos)
    throw ParseError(Location{file, header_line.number},
                     "header is not valid UTF-8 at byte " + std::to_string(bad + 1) +
                         " (Latin-1 or GBK?); save the file as UTF-8");

  const char sep = options.separator ? options.separator : detect_separator(header_line.text);
  std::vector<std::string> header = split_fields(header_line.text, sep, file, header_line.number);
  // Trailing empty header cells come from trailing separators; drop them.
  while (header.size() > 1 && header.back().empty()) header.pop_back();

  const std::size_t first_data = options.first_column_labels ? 1 : 0;
  if (header.size() <= first_data)
    throw ParseError(Location{file, header_line.number}, "header has no data columns");
  std::string row_dim = options.first_column_labels ? header.front() : "";
  std::vector<std::string> columns(header.begin() + static_cast<long>(first_data), header.end());
  std::unordered_map<std::string, std::size_t> first_seen;  // linear: files can be 1e6 wide
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const long col = static_cast<long>(j + first_data + 1);
    if (columns[j].empty())
      throw ParseError(Location{file, header_line.number, col}, "empty column name");
    const auto [seen, is_new] = first_seen.emplace(columns[j], j);
    if (!is_new)
      throw ParseError(Location{file, header_line.number, col, columns[j]},
                       "duplicate column name (also column " +
                           std::to_string(seen->second + first_data + 1) + ")");
  }
  const std::size_t ncols = header.size();

  std::vector<std::string> units(columns.size(), "");
  std::vector<std::string> row_labels;
  std::vector<double> values;
  std::vector<std::string> markers;
  for (const auto& m : options.missing_markers) markers.push_back(lower(m));

  bool first_row = true;
  for (; it != lines.end(); ++it) {
    const Line& line = *it;
    if (is_skipped(line) || only_separators(line.text, sep)) continue;
    const std::size_t bad_byte = invalid_utf8_at(line.text);
    if (bad_byte != std::string::npos)
      throw ParseError(Location{file, line.number},
                       "not valid UTF-8 at byte " + std::to_string(bad_byte + 1) +
                           " (Latin-1 or GBK?); save the file as UTF-8");
    std::vector<std::string> fields = split_fields(line.text, sep, file, line.number);
    while (fields.size() > ncols && fields.back().empty()) fields.pop_back();
    if (fields.size() != ncols)
      throw ParseError(Location{file, line.number}, "expected " + std::to_string(ncols) +
                                                        " fields as in the header, found " +
                                                        std::to_string(fields.size()));
    if (first_row && lower(fields.front()) == "units") {
      first_row = false;
      for (std::size_t j = 0; j < columns.size(); ++j) units[j] = fields[j + first_data];
      continue;
    }
    first_row = false;
    if (options.first_column_labels) {
      if (fields.front().empty())
        throw ParseError(Location{file, line.number, 1}, "empty row label");
      row_labels.push_back(fields.front());
    }
    for (std::size_t j = first_data; j < ncols; ++j) {
      const std::string& cell = fields[j];
      double v;
      if (cell.empty() || std::find(markers.begin(), markers.end(), lower(cell)) != markers.end()) {
        v = std::numeric_limits<double>::quiet_NaN();
      } else if (!parse_number(cell, v)) {
        throw ParseError(
            Location{file, line.number, static_cast<long>(j + 1), columns[j - first_data]},
            "'" + cell + "' is not a finite number");
      } else if (std::find(options.missing_values.begin(), options.missing_values.end(), v) !=
                 options.missing_values.end()) {
        v = std::numeric_limits<double>::quiet_NaN();
      }
      values.push_back(v);
    }
  }
  const std::size_t nrows = values.size() / columns.size();
  if (nrows == 0)
    throw ParseError(Location{file, header_line.number}, "no data rows after the header");
  if (!options.first_column_labels)
    for (std::size_t i = 0; i < nrows; ++i) row_labels.push_back(std::to_string(i));

  Eigen::MatrixXd m(static_cast<Eigen::Index>(nrows), static_cast<Eigen::Index>(columns.size()));
  for (std::size_t i = 0; i < nrows; ++i)
    for (std::size_t j = 0; j < columns.size(); ++j)
      m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          values[i * columns.size() + j];

  // Repeated row labels are legal (PMF files may repeat dates) but worth a note.
  LabelledMatrix result(std::move(m), std::move(row_labels), std::move(columns), std::move(units));
  if (!row_dim.empty()) result.row_dim = row_dim;
  return result;
}

LabelledMatrix read_delimited(const std::string& path, const DelimitedReadOptions& options) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw FileNotFound(Location{path}, "no such file");
  if (std::filesystem::is_directory(path, ec))
    throw FileError(Location{path}, "is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError(Location{path}, "cannot open for reading");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw FileError(Location{path}, "read failed");
  return parse_delimited(buffer.str(), path, options);
}

namespace {
std::string quote_if_needed(const std::string& s, char sep) {
  if (s.find(sep) == std::string::npos && s.find('"') == std::string::npos &&
      s.find('\n') == std::string::npos &&
      (s.empty() || (!std::isspace(static_cast<unsigned char>(s.front())) &&
                     !std::isspace(static_cast<unsigned char>(s.back())))))
    return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string format_number(double v) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, ptr);
}
}  // namespace

void write_delimited(const std::string& path, const LabelledMatrix& m,
                     const DelimitedWriteOptions& options) {
  const char sep = options.separator;
  AtomicOutput out(path);
  {
    std::ofstream f(out.temp_path(), std::ios::binary);
    if (!f) throw FileError(Location{path}, "cannot open for writing");
    f << quote_if_needed(m.row_dim, sep);
    for (const auto& c : m.column_labels()) f << sep << quote_if_needed(c, sep);
    f << '\n';
    if (options.write_units_row) {
      f << "units";
      for (const auto& u : m.column_units()) f << sep << quote_if_needed(u, sep);
      f << '\n';
    }
    const auto& v = m.values();
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      f << quote_if_needed(m.row_labels()[static_cast<std::size_t>(i)], sep);
      for (Eigen::Index j = 0; j < m.cols(); ++j) {
        f << sep;
        const double x = v(i, j);
        f << (std::isnan(x) ? options.missing : format_number(x));
      }
      f << '\n';
    }
    f.flush();
    if (!f) throw FileError(Location{path}, "write failed (disk full?)");
  }
  out.commit();
}

}  // namespace aqm::io
