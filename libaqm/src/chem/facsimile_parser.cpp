#include "aqm/chem/facsimile_parser.hpp"

#include <filesystem>

#include "parse_util.hpp"

namespace aqm::chem {

using parse::SourceText;
using parse::trim;
using parse::upper;

namespace {

Mechanism parse_fac(const std::string& text, const std::string& file, const std::string& name) {
  SourceText src;
  src.files.push_back(file);
  int line = 1, col = 1;
  for (char ch : text) {
    if (ch == '\r') continue;
    src.append(ch, 0, line, col);
    if (ch == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  Mechanism mech(name);
  std::vector<std::pair<std::string, Location>> ro2_names;
  bool ro2_seen = false;
  const std::string& s = src.text;
  std::size_t b = 0;
  while (b < s.size()) {
    std::size_t p = b;
    while (p < s.size() && std::isspace(static_cast<unsigned char>(s[p]))) ++p;
    if (p < s.size() && s[p] == '*') {
      // A comment runs from '*' to the end of its line (AtChem2 exports end it with ';', but
      // citation text may hold ';' too).
      const std::size_t nl = s.find('\n', p);
      b = nl == std::string::npos ? s.size() : nl + 1;
      continue;
    }
    std::size_t e = s.find(';', p);
    const bool terminated = e != std::string::npos;
    if (!terminated) e = s.size();
    const std::string body = trim(s.substr(p, e - p));
    const std::size_t next = terminated ? e + 1 : e;
    if (body.empty()) {
      b = next;
      continue;
    }
    if (!terminated) throw ParseError(src.at(p), "statement is not terminated by ';'");
    const Location where = src.at(p);
    if (body[0] == '%') {
      // % rate : lhs = rhs
      const std::size_t colon = s.find(':', p);
      if (colon == std::string::npos || colon > e)
        throw ParseError(where, "reaction has no ':' between rate and equation");
      const std::size_t eq = s.find('=', colon);
      if (eq == std::string::npos || eq > e) throw ParseError(src.at(colon), "reaction has no '='");
      std::size_t rb = p + 1;
      while (rb < colon && std::isspace(static_cast<unsigned char>(s[rb]))) ++rb;
      std::string rate = trim(s.substr(rb, colon - rb));
      for (char& ch : rate)
        if (ch == '\n') ch = ' ';
      if (rate.empty()) throw ParseError(src.at(rb), "reaction has an empty rate");
      Reaction r;
      r.where = where;
      r.rate = mech.compile(rate, src.at(rb));
      for (const auto& t : parse::parse_side(src, colon + 1, eq, false)) {
        const std::size_t i =
            mech.add_species(t.name, SpeciesKind::variable, src.at(t.offset), true);
        r.reactants.push_back(StoichTerm{i, t.coefficient});
      }
      for (const auto& t : parse::parse_side(src, eq + 1, e, true)) {
        const std::size_t i =
            mech.add_species(t.name, SpeciesKind::variable, src.at(t.offset), true);
        r.products.push_back(StoichTerm{i, t.coefficient});
      }
      mech.add_reaction(std::move(r));
    } else if (upper(body.substr(0, 8)) == "VARIABLE" &&
               (body.size() == 8 || std::isspace(static_cast<unsigned char>(body[8])))) {
      std::size_t q = p + 8;
      while (q < e) {
        while (q < e && std::isspace(static_cast<unsigned char>(s[q]))) ++q;
        const std::size_t start = q;
        while (q < e && !std::isspace(static_cast<unsigned char>(s[q]))) ++q;
        if (q > start)
          mech.add_species(s.substr(start, q - start), SpeciesKind::variable, src.at(start), true);
      }
    } else {
      const std::size_t eq = body.find('=');
      if (eq == std::string::npos)
        throw ParseError(where, "expected a reaction ('%'), a definition 'NAME = ...' or VARIABLE");
      const std::string lhs = trim(body.substr(0, eq));
      const std::size_t rhs_off = p + eq + 1;
      std::string rhs = trim(body.substr(eq + 1));
      for (char& ch : rhs)
        if (ch == '\n') ch = ' ';
      if (upper(lhs) == "RO2") {
        ro2_seen = true;
        std::size_t q = rhs_off;
        while (q < e) {
          while (q < e && (std::isspace(static_cast<unsigned char>(s[q])) || s[q] == '+')) ++q;
          const std::size_t start = q;
          while (q < e && !std::isspace(static_cast<unsigned char>(s[q])) && s[q] != '+') ++q;
          if (q > start) ro2_names.emplace_back(s.substr(start, q - start), src.at(start));
        }
      } else {
        bool ok =
            !lhs.empty() && (std::isalpha(static_cast<unsigned char>(lhs[0])) || lhs[0] == '_');
        for (char ch : lhs) ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_');
        if (!ok) throw ParseError(where, "bad coefficient name '" + lhs + "'");
        if (rhs.empty()) throw ParseError(where, "definition of " + lhs + " is empty");
        std::size_t rb = rhs_off;
        while (rb < e && std::isspace(static_cast<unsigned char>(s[rb]))) ++rb;
        mech.define_coefficient(lhs, rhs, src.at(rb));
      }
    }
    b = next;
  }
  std::vector<std::size_t> ro2;
  for (const auto& [n, loc] : ro2_names) {
    auto i = mech.find_species(n);
    if (!i) {
      mech.warn(loc.prefix() + "RO2 list names " + n +
                ", which no reaction or VARIABLE uses; ignored");
      continue;
    }
    ro2.push_back(*i);
  }
  mech.set_ro2(ro2);
  mech.set_ro2_declared(ro2_seen);
  if (!ro2_seen) mech.warn(file + ": no 'RO2 = ... ;' line; RO2 is taken as 0");
  parse::require_reactions(mech, file);
  return mech;
}

}  // namespace

Mechanism parse_facsimile(const std::string& text, const std::string& name) {
  return parse_fac(text, name, name);
}

Mechanism read_facsimile(const std::string& path) {
  const std::string text = parse::read_text_file(path);
  return parse_fac(text, path, std::filesystem::path(path).stem().string());
}

}  // namespace aqm::chem
