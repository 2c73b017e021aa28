#pragma once
// Shared pieces of the mechanism parsers (private to libaqm/src/chem).

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "aqm/chem/mechanism.hpp"
#include "aqm/core/detail/utf8.hpp"
#include "aqm/core/error.hpp"

namespace aqm::chem::parse {

/// Text whose characters remember where they came from (file, line, column).
struct SourceText {
  struct Pos {
    int file;
    int line;
    int column;
  };
  std::string text;
  std::vector<Pos> pos;
  std::vector<std::string> files;

  void append(char ch, int file, int line, int column) {
    text += ch;
    pos.push_back(Pos{file, line, column});
  }
  Location at(std::size_t offset) const {
    if (pos.empty()) return Location{};
    const Pos& p = pos[offset < pos.size() ? offset : pos.size() - 1];
    return Location{files[p.file], p.line, p.column, ""};
  }
};

inline std::string trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

inline std::string upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

inline std::string read_text_file(const std::string& path, const Location& from = {}) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw FileError(Location{path, 0, 0, ""}, "is a directory, not a mechanism file");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw FileNotFound(
        Location{path, 0, 0, ""},
        "cannot open mechanism file" +
            (from.file.empty() ? std::string() : " (included from " + from.prefix() + ")"));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw FileError(Location{path, 0, 0, ""}, "read error");
  std::string text = ss.str();
  // A UTF-16 file (Windows editors) reads as NUL-riddled garbage: say what it is.
  if (const std::string problem = aqm::detail::utf16_problem(text); !problem.empty())
    throw ParseError(Location{path, 1, 1, ""}, problem);
  return text;
}

/// A mechanism file must define at least one reaction: an empty file, a declarations-only
/// file or the wrong file would otherwise load as a 0-reaction mechanism that "integrates".
inline void require_reactions(const Mechanism& m, const std::string& file) {
  if (m.reactions().empty())
    throw ParseError(Location{file, 0, 0, ""},
                     "no reactions found (an empty file, declarations only, or not a mechanism)");
}

/// One side of a reaction: "2 A + 0.5B - C".  Offsets are relative to `side_start`.
struct Term {
  std::string name;
  double coefficient;
  std::size_t offset;
};

inline std::vector<Term> parse_side(const SourceText& src, std::size_t begin, std::size_t end,
                                    bool allow_negative) {
  std::vector<Term> out;
  const std::string& s = src.text;
  std::size_t i = begin;
  auto ws = [&]() {
    while (i < end && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  };
  ws();
  if (i >= end) return out;
  bool first = true;
  while (i < end) {
    ws();
    double sign = 1.0;
    if (i < end && (s[i] == '+' || s[i] == '-')) {
      sign = s[i] == '-' ? -1.0 : 1.0;
      ++i;
      ws();
    } else if (!first) {
      throw ParseError(src.at(i), "expected '+' between species");
    }
    if (sign < 0 && !allow_negative)
      throw ParseError(src.at(i), "negative stoichiometry is only allowed for products");
    const std::size_t term_start = i;
    std::string num;
    while (i < end && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'))
      num += s[i++];
    ws();
    std::string name;
    while (i < end && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_'))
      name += s[i++];
    if (name.empty()) throw ParseError(src.at(term_start), "expected a species name");
    double coef = 1.0;
    if (!num.empty()) {
      char* stop = nullptr;
      coef = std::strtod(num.c_str(), &stop);
      if (*stop != '\0' || !(coef > 0))
        throw ParseError(src.at(term_start), "bad stoichiometric coefficient '" + num + "'");
    }
    out.push_back(Term{name, sign * coef, term_start});
    first = false;
    ws();
  }
  return out;
}

}  // namespace aqm::chem::parse
