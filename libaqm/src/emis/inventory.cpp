// Inventory data model, totals and long-format CSV (see aqm/emis/inventory.hpp).
#include "aqm/emis/inventory.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "aqm/core/detail/utf8.hpp"
#include "aqm/io/atomic_output.hpp"

namespace aqm::emis {

int days_in_year(int year) {
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return leap ? 366 : 365;
}

int days_in_month(int year, int month) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) throw InvalidArgument("month must be 1..12");
  return month == 2 && days_in_year(year) == 366 ? 29 : d[month - 1];
}

namespace {
void check_unique(const std::vector<std::string>& v, const char* what) {
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (v[k].empty())
      throw InvalidArgument(argument(what), "empty label at position " + std::to_string(k + 1));
    auto [it, ok] = seen.emplace(v[k], k);
    if (!ok) throw InvalidArgument(argument(v[k]), std::string("duplicate ") + what);
  }
}

std::size_t find_label(const std::vector<std::string>& v, const std::string& x, const char* what) {
  for (std::size_t k = 0; k < v.size(); ++k)
    if (v[k] == x) return k;
  throw KeyError(argument(x), std::string("no such ") + what);
}
}  // namespace

Inventory::Inventory(std::vector<std::string> sectors, std::vector<std::string> pollutants,
                     std::vector<std::string> places, TimeResolution time,
                     std::vector<std::string> units, int year_)
    : year(year_),
      sectors_(std::move(sectors)),
      pollutants_(std::move(pollutants)),
      places_(std::move(places)),
      units_(std::move(units)),
      time_(time) {
  values_.assign(sectors_.size() * pollutants_.size() * places_.size() * n_times(), 0.0);
  validate();
}

Inventory Inventory::on_grid(std::vector<std::string> sectors, std::vector<std::string> pollutants,
                             LatLonGrid grid, TimeResolution time, std::vector<std::string> units,
                             int year) {
  grid.validate();
  std::vector<std::string> places;
  places.reserve(grid.size());
  for (std::size_t j = 0; j < grid.ny(); ++j)
    for (std::size_t i = 0; i < grid.nx(); ++i)
      places.push_back("r" + std::to_string(j) + "c" + std::to_string(i));
  Inventory inv(std::move(sectors), std::move(pollutants), std::move(places), time,
                std::move(units), year);
  inv.grid_ = std::move(grid);
  return inv;
}

std::vector<std::string> Inventory::time_labels() const {
  if (time_ == TimeResolution::annual) return {"annual"};
  std::vector<std::string> t;
  char buf[16];
  for (int m = 1; m <= 12; ++m) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, m);
    t.emplace_back(buf);
  }
  return t;
}

std::size_t Inventory::sector_index(const std::string& s) const {
  return find_label(sectors_, s, "sector");
}
std::size_t Inventory::pollutant_index(const std::string& p) const {
  return find_label(pollutants_, p, "pollutant");
}
std::size_t Inventory::place_index(const std::string& r) const {
  return find_label(places_, r, "place");
}

std::vector<std::size_t> Inventory::select_sectors(const std::string& selector) const {
  std::vector<std::size_t> out;
  for (std::size_t s = 0; s < sectors_.size(); ++s) {
    const std::string& name = sectors_[s];
    if (selector == "*" || name == selector ||
        (name.size() > selector.size() && name.compare(0, selector.size(), selector) == 0 &&
         name[selector.size()] == '/'))
      out.push_back(s);
  }
  if (out.empty()) throw KeyError(argument(selector), "no such sector");
  return out;
}

void Inventory::validate() const {
  check_unique(sectors_, "sector");
  check_unique(pollutants_, "pollutant");
  check_unique(places_, "place");
  if (units_.size() != pollutants_.size())
    throw InvalidArgument(argument("units"), std::to_string(units_.size()) + " units for " +
                                                 std::to_string(pollutants_.size()) +
                                                 " pollutants");
  for (std::size_t p = 0; p < units_.size(); ++p) parse_unit(units_[p], argument(pollutants_[p]));
  if (values_.size() != sectors_.size() * pollutants_.size() * places_.size() * n_times())
    throw InvalidArgument(argument("values"), "size does not match the dimensions");
  if (grid_ && grid_->size() != places_.size())
    throw InvalidArgument(argument("grid"), "grid size does not match the places");
  for (std::size_t k = 0; k < values_.size(); ++k)
    if (!std::isfinite(values_[k])) {
      std::size_t t = k % n_times(), r = (k / n_times()) % places_.size();
      std::size_t p = (k / n_times() / places_.size()) % pollutants_.size();
      std::size_t s = k / n_times() / places_.size() / pollutants_.size();
      throw InvalidArgument(argument(sectors_[s] + "/" + pollutants_[p] + "@" + places_[r]),
                            "non-finite value in time slice " + std::to_string(t + 1));
    } else if (values_[k] < 0.0) {
      std::size_t t = k % n_times(), r = (k / n_times()) % places_.size();
      std::size_t p = (k / n_times() / places_.size()) % pollutants_.size();
      std::size_t s = k / n_times() / places_.size() / pollutants_.size();
      throw InvalidArgument(argument(sectors_[s] + "/" + pollutants_[p] + "@" + places_[r]),
                            "negative emission " + std::to_string(values_[k]) + " in time slice " +
                                std::to_string(t + 1));
    }
}

void Inventory::convert_units(const std::string& pollutant, const std::string& unit,
                              const SpeciesData& species) {
  std::size_t p = pollutant_index(pollutant);
  SpeciesData sp = species;
  if (sp.name.empty()) sp.name = pollutant;
  double f = conversion_factor(parse_unit(units_[p]), parse_unit(unit), sp);
  for (std::size_t s = 0; s < sectors_.size(); ++s)
    for (std::size_t r = 0; r < places_.size(); ++r)
      for (std::size_t t = 0; t < n_times(); ++t) at(s, p, r, t) *= f;
  record({"convert_units",
          "",
          {{"pollutant", pollutant},
           {"from", units_[p]},
           {"to", unit},
           {"factor", std::to_string(f)}}});
  units_[p] = unit;
}

std::vector<double> Inventory::element_totals() const {
  const std::size_t S = sectors_.size(), P = pollutants_.size(), R = places_.size(), T = n_times();
  std::vector<double> out(S * P * R, 0.0);
  std::vector<double> slice_weight(T, 1.0);
  std::vector<double> areas;
  if (grid_) areas = grid_->cell_areas();
  for (std::size_t p = 0; p < P; ++p) {
    Unit u = parse_unit(units_[p], argument(pollutants_[p]));
    bool rate = u.dim.time < 0;
    bool per_area = u.dim.length == -2;
    if (per_area && !grid_)
      throw UnitError(argument(pollutants_[p]),
                      "unit '" + units_[p] + "' is per area but the inventory has no grid");
    for (std::size_t t = 0; t < T; ++t)
      slice_weight[t] =
          (T == 1 || !rate) ? 1.0 : double(days_in_month(year, int(t) + 1)) / days_in_year(year);
    for (std::size_t s = 0; s < S; ++s)
      for (std::size_t r = 0; r < R; ++r) {
        double a = per_area ? areas[r] : 1.0, sum = 0.0;
        for (std::size_t t = 0; t < T; ++t) sum += at(s, p, r, t) * slice_weight[t];
        out[(s * P + p) * R + r] = sum * a;
      }
  }
  return out;
}

LabelledMatrix Inventory::totals() const {
  const std::size_t S = sectors_.size(), P = pollutants_.size(), R = places_.size();
  std::vector<double> e = element_totals();
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(Eigen::Index(S), Eigen::Index(P));
  std::vector<std::string> units(P);
  for (std::size_t p = 0; p < P; ++p) {
    Unit u = parse_unit(units_[p]);
    units[p] = u.dim.length == -2 ? units_[p] + " m2" : units_[p];
    for (std::size_t s = 0; s < S; ++s)
      for (std::size_t r = 0; r < R; ++r)
        m(Eigen::Index(s), Eigen::Index(p)) += e[(s * P + p) * R + r];
  }
  LabelledMatrix out(m, sectors_, pollutants_, units);
  out.row_dim = "sector";
  out.col_dim = "pollutant";
  return out;
}

LabelledMatrix Inventory::totals_by_top_sector() const {
  LabelledMatrix full = totals();
  std::vector<std::string> tops;
  std::vector<std::size_t> map(sectors_.size());
  for (std::size_t s = 0; s < sectors_.size(); ++s) {
    std::string top = sectors_[s].substr(0, sectors_[s].find('/'));
    std::size_t k = 0;
    while (k < tops.size() && tops[k] != top) ++k;
    if (k == tops.size()) tops.push_back(top);
    map[s] = k;
  }
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(Eigen::Index(tops.size()), full.cols());
  for (std::size_t s = 0; s < sectors_.size(); ++s)
    m.row(Eigen::Index(map[s])) += full.values().row(Eigen::Index(s));
  LabelledMatrix out(m, tops, full.column_labels(), full.column_units());
  out.row_dim = "sector";
  out.col_dim = "pollutant";
  return out;
}

// ---------------------------------------------------------------------------------------------
// CSV

namespace {

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  for (auto& f : out) {
    std::size_t a = 0, b = f.size();
    while (a < b && (f[a] == ' ' || f[a] == '\t')) ++a;
    while (b > a && (f[b - 1] == ' ' || f[b - 1] == '\t' || f[b - 1] == '\r')) --b;
    f = f.substr(a, b - a);
  }
  return out;
}

std::string quote(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::vector<double> parse_numbers(const std::string& text, const Location& where) {
  std::vector<double> v;
  std::istringstream in(text);
  std::string tok;
  while (in >> tok) {
    char* end = nullptr;
    double x = std::strtod(tok.c_str(), &end);
    if (end == tok.c_str() || *end != '\0')
      throw ParseError(where, "'" + tok + "' is not a number");
    v.push_back(x);
  }
  return v;
}

std::string fmt(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

}  // namespace

namespace {

// Sector, pollutant and place names reach Python as str: refuse bytes that are not UTF-8.
void require_utf8(const std::string& line, const std::string& source, long lineno) {
  const std::size_t bad = aqm::detail::invalid_utf8_at(line);
  if (bad != std::string::npos)
    throw ParseError(Location{source, lineno}, "not valid UTF-8 at byte " +
                                                   std::to_string(bad + 1) +
                                                   " (Latin-1 or GBK?); save the file as UTF-8");
}

}  // namespace

Inventory parse_inventory_csv(const std::string& text, const std::string& source) {
  if (const std::string problem = aqm::detail::utf16_problem(text); !problem.empty())
    throw ParseError(Location{source, 1, 1}, problem);
  std::istringstream in(text);
  std::string line;
  long lineno = 0;
  std::string name = "inventory";
  int year = 2020;
  bool year_set = false;
  LatLonGrid grid;
  std::vector<Operation> history;
  std::vector<std::string> header;
  long header_line = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    require_utf8(line, source, lineno);
    if (line.empty()) continue;
    if (line[0] == '#') {
      std::string body = line.substr(1);
      auto colon = body.find(':');
      if (colon == std::string::npos) continue;
      std::string key = split_csv(body.substr(0, colon))[0];
      std::string val = body.substr(colon + 1);
      while (!val.empty() && val.front() == ' ') val.erase(0, 1);
      Location where{source, lineno, 0, key};
      if (key == "name") name = val;
      else if (key == "year") {
        auto v = parse_numbers(val, where);
        if (v.size() != 1) throw ParseError(where, "expected one year");
        year = int(v[0]);
        year_set = true;
      } else if (key == "grid_lon_edges") grid.lon_edges = parse_numbers(val, where);
      else if (key == "grid_lat_edges") grid.lat_edges = parse_numbers(val, where);
      else if (key == "history") {
        Operation op;
        std::vector<std::string> parts;
        std::size_t a = 0;
        for (;;) {
          auto b = val.find('\t', a);
          parts.push_back(val.substr(a, b == std::string::npos ? std::string::npos : b - a));
          if (b == std::string::npos) break;
          a = b + 1;
        }
        op.name = parts[0];
        if (parts.size() > 1) op.source = parts[1];
        for (std::size_t k = 2; k < parts.size(); ++k) {
          auto eq = parts[k].find('=');
          if (eq == std::string::npos) throw ParseError(where, "history parameter without '='");
          op.parameters.emplace_back(parts[k].substr(0, eq), parts[k].substr(eq + 1));
        }
        history.push_back(std::move(op));
      }
      continue;
    }
    header = split_csv(line);
    header_line = lineno;
    break;
  }
  if (header.empty()) throw ParseError(Location{source}, "no header line");
  int col[6] = {-1, -1, -1, -1, -1, -1};
  const char* names[6] = {"sector", "pollutant", "place", "time", "value", "unit"};
  for (std::size_t c = 0; c < header.size(); ++c)
    for (int k = 0; k < 6; ++k)
      if (header[c] == names[k]) {
        if (col[k] >= 0)
          throw ParseError(Location{source, header_line, long(c + 1), names[k]},
                           "duplicate column");
        col[k] = int(c);
      }
  for (int k = 0; k < 6; ++k)
    if (col[k] < 0 && k != 3)
      throw ParseError(Location{source, header_line, 0, names[k]}, "missing column");

  struct Row {
    std::string s, p, r, t;
    double v;
    long line;
  };
  std::vector<Row> rows;
  std::vector<std::string> sectors, pollutants, places, units;
  std::unordered_map<std::string, std::size_t> si, pi, ri;
  bool monthly = false;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    require_utf8(line, source, lineno);
    auto f = split_csv(line);
    if (f.size() != header.size())
      throw ParseError(
          Location{source, lineno, 0},
          std::to_string(f.size()) + " fields, header has " + std::to_string(header.size()));
    Row row{f[col[0]], f[col[1]], f[col[2]], col[3] >= 0 ? f[col[3]] : "annual", 0.0, lineno};
    for (int k : {0, 1, 2})
      if (f[col[k]].empty())
        throw ParseError(Location{source, lineno, col[k] + 1, names[k]}, "empty field");
    const std::string& vs = f[col[4]];
    char* end = nullptr;
    row.v = std::strtod(vs.c_str(), &end);
    if (vs.empty() || *end != '\0' || !std::isfinite(row.v))
      throw ParseError(Location{source, lineno, col[4] + 1, row.s + "/" + row.p},
                       "'" + vs + "' is not a finite number");
    if (row.v < 0.0)
      throw ParseError(Location{source, lineno, col[4] + 1, row.s + "/" + row.p + "@" + f[col[2]]},
                       "negative emission '" + vs + "'");
    const std::string& us = f[col[5]];
    Location uloc{source, lineno, col[5] + 1, row.p};
    parse_unit(us, uloc);
    if (pi.find(row.p) == pi.end()) {
      pi[row.p] = pollutants.size();
      pollutants.push_back(row.p);
      units.push_back(us);
    } else if (units[pi[row.p]] != us) {
      double same = 0.0;
      try {
        same = conversion_factor(parse_unit(units[pi[row.p]]), parse_unit(us));
      } catch (const UnitError& e) {
        throw UnitError(uloc, "unit '" + us + "' is incompatible with '" + units[pi[row.p]] +
                                  "' used earlier for this pollutant (" + e.what() + ")");
      }
      if (same != 1.0)
        throw UnitError(uloc, "unit '" + us + "' differs from '" + units[pi[row.p]] +
                                  "' used earlier for this pollutant");
    }
    if (si.find(row.s) == si.end()) {
      si[row.s] = sectors.size();
      sectors.push_back(row.s);
    }
    if (ri.find(row.r) == ri.end()) {
      ri[row.r] = places.size();
      places.push_back(row.r);
    }
    if (row.t != "annual") monthly = true;
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw ParseError(Location{source, header_line}, "no records after the header");
  TimeResolution tr = monthly ? TimeResolution::monthly : TimeResolution::annual;
  Inventory inv;
  if (!grid.lon_edges.empty() || !grid.lat_edges.empty()) {
    inv = Inventory::on_grid(sectors, pollutants, grid, tr, units, year);
  } else {
    inv = Inventory(sectors, pollutants, places, tr, units, year);
  }
  inv.name = name;
  std::unordered_map<std::string, std::size_t> place_pos;
  for (std::size_t r = 0; r < inv.places().size(); ++r) place_pos[inv.places()[r]] = r;
  std::vector<char> seen(inv.values().size(), 0);
  for (const auto& row : rows) {
    std::size_t t = 0;
    int tcol = col[3] + 1;
    if (monthly) {
      int y = year, m = 0;
      if (std::sscanf(row.t.c_str(), "%d-%d", &y, &m) == 2) {
        if (year_set && y != year)
          throw ParseError(Location{source, row.line, tcol, row.t}, "year differs from '# year'");
        if (!year_set) {
          year = y;
          year_set = true;
          inv.year = y;
        }
      } else if (std::sscanf(row.t.c_str(), "%d", &m) != 1) {
        throw ParseError(Location{source, row.line, tcol, row.t},
                         "time must be 'annual', 'YYYY-MM' or a month 1-12 (not mixed)");
      }
      if (m < 1 || m > 12)
        throw ParseError(Location{source, row.line, tcol, row.t}, "month out of range");
      t = std::size_t(m - 1);
    }
    auto pr = place_pos.find(row.r);
    if (pr == place_pos.end())
      throw ParseError(Location{source, row.line, col[2] + 1, row.r},
                       "place is not a cell of the grid");
    std::size_t k = inv.flat(si[row.s], pi[row.p], pr->second, t);
    if (seen[k])
      throw ParseError(Location{source, row.line, 0, row.s + "/" + row.p + "@" + row.r},
                       "duplicate entry for time '" + row.t + "'");
    seen[k] = 1;
    inv.values()[k] = row.v;
  }
  inv.history() = history;
  inv.record({"read_csv", source, {}});
  return inv;
}

Inventory read_inventory_csv(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw FileNotFound(Location{path}, "cannot open inventory file");
  std::stringstream ss;
  ss << f.rdbuf();
  return parse_inventory_csv(ss.str(), path);
}

std::string format_inventory_csv(const Inventory& inv) {
  std::ostringstream out;
  out << "# name: " << inv.name << "\n# year: " << inv.year << "\n";
  if (inv.grid()) {
    out << "# grid_lon_edges:";
    for (double e : inv.grid()->lon_edges) out << ' ' << fmt(e);
    out << "\n# grid_lat_edges:";
    for (double e : inv.grid()->lat_edges) out << ' ' << fmt(e);
    out << "\n";
  }
  for (const auto& op : inv.history()) {
    out << "# history: " << op.name << '\t' << op.source;
    for (const auto& [k, v] : op.parameters) out << '\t' << k << '=' << v;
    out << "\n";
  }
  out << "sector,pollutant,place,time,value,unit\n";
  auto tl = inv.time_labels();
  for (std::size_t s = 0; s < inv.n_sectors(); ++s)
    for (std::size_t p = 0; p < inv.n_pollutants(); ++p)
      for (std::size_t r = 0; r < inv.n_places(); ++r)
        for (std::size_t t = 0; t < inv.n_times(); ++t)
          out << quote(inv.sectors()[s]) << ',' << quote(inv.pollutants()[p]) << ','
              << quote(inv.places()[r]) << ',' << tl[t] << ',' << fmt(inv.at(s, p, r, t)) << ','
              << quote(inv.units()[p]) << '\n';
  return out.str();
}

void write_inventory_csv(const std::string& path, const Inventory& inv) {
  io::AtomicOutput out(path);
  {
    std::ofstream f(out.temp_path(), std::ios::binary);
    if (!f) throw FileError(Location{path}, "cannot write inventory file");
    f << format_inventory_csv(inv);
    if (!f.flush()) throw FileError(Location{path}, "write failed");
  }
  out.commit();
}

}  // namespace aqm::emis
