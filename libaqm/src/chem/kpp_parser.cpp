// KPP reader: include expansion and comment stripping into a position-tracked text, then
// section-by-section item parsing.
#include "aqm/chem/kpp_parser.hpp"

#include <filesystem>
#include <map>
#include <set>

#include "parse_util.hpp"

namespace aqm::chem {

namespace fs = std::filesystem;
using parse::SourceText;
using parse::trim;
using parse::upper;

namespace {

struct InlineBlock {
  std::string type;
  std::vector<std::pair<std::string, Location>> lines;
  Location where;
};

struct Section {
  std::string name;  // upper-case command without '#'
  SourceText::Pos start;
  std::string dummy;
};

class KppReader {
 public:
  explicit KppReader(std::string name) : mech_(std::move(name)) {}

  void load(const std::string& text, const std::string& file, const fs::path& dir, int depth) {
    if (depth > 20) throw ParseError(Location{file, 0, 0, ""}, "#INCLUDE nested too deeply");
    const int fid = static_cast<int>(src_.files.size());
    src_.files.push_back(file);
    std::size_t line_start = 0;
    int line_no = 0;
    while (line_start <= text.size()) {
      std::size_t nl = text.find('\n', line_start);
      if (nl == std::string::npos) nl = text.size();
      std::string line = text.substr(line_start, nl - line_start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      ++line_no;
      process_line(line, fid, line_no, dir, depth);
      if (nl == text.size()) break;
      line_start = nl + 1;
    }
    if (in_brace_ && depth == 0) throw ParseError(brace_open_, "comment '{' is never closed");
  }

  /// Accept undeclared species as variable (for a bare .eqn file), with one warning.
  void set_lenient(bool on) { lenient_ = on; }

  Mechanism finish(const std::string& main_file) {
    split_items();
    apply();
    if (!undeclared_.empty()) {
      std::string list;
      for (const auto& n : undeclared_) list += " " + n;
      mech_.warn(src_.files[0] + ": no species declarations; taken as variable:" + list);
    }
    parse::require_reactions(mech_, main_file);
    return std::move(mech_);
  }

 private:
  void process_line(const std::string& line, int fid, int line_no, const fs::path& dir, int depth) {
    const Location loc{src_.files[fid], line_no, 1, ""};
    const std::string t = trim(line);
    if (inline_) {
      if (upper(t).rfind("#ENDINLINE", 0) == 0) {
        inlines_.push_back(std::move(*inline_));
        inline_.reset();
      } else {
        inline_->lines.emplace_back(line, loc);
      }
      return;
    }
    if (!in_brace_) {
      const std::string u = upper(t);
      if (u.rfind("#INLINE", 0) == 0) {
        InlineBlock b;
        b.type = upper(trim(t.substr(7)));
        b.where = loc;
        inline_ = std::move(b);
        return;
      }
      if (u.rfind("#INCLUDE", 0) == 0) {
        std::string arg = strip_comments(t.substr(8), fid, line_no, 9, /*emit=*/false);
        arg = trim(arg);
        include(arg, loc, dir, depth);
        return;
      }
    }
    strip_comments(line, fid, line_no, 1, /*emit=*/true);
    src_.append('\n', fid, line_no, static_cast<int>(line.size()) + 1);
  }

  // Remove { } and // comments; append the rest to src_ when emit, else return it.
  std::string strip_comments(const std::string& line, int fid, int line_no, int col0, bool emit) {
    std::string kept;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char ch = line[i];
      if (in_brace_) {
        if (ch == '}') in_brace_ = false;
        continue;
      }
      if (ch == '{') {
        in_brace_ = true;
        brace_open_ = Location{src_.files[fid], line_no, static_cast<long>(col0 + i), ""};
        continue;
      }
      if (ch == '/' && i + 1 < line.size() && line[i + 1] == '/') break;
      if (emit) src_.append(ch, fid, line_no, col0 + static_cast<int>(i));
      kept += ch;
    }
    return kept;
  }

  void include(const std::string& arg, const Location& loc, const fs::path& dir, int depth) {
    if (arg.empty()) throw ParseError(loc, "#INCLUDE needs a file name");
    std::vector<fs::path> candidates = {dir / arg, dir / (arg + ".kpp")};
    for (const auto& c : candidates) {
      std::error_code ec;
      if (fs::is_regular_file(c, ec)) {
        const std::string text = parse::read_text_file(c.string(), loc);
        load(text, c.string(), c.parent_path(), depth + 1);
        return;
      }
    }
    const std::string stem = fs::path(arg).stem().string();
    if (stem == "atoms") return;  // the KPP distribution's element list: built in
    throw FileNotFound(Location{(dir / arg).string(), 0, 0, ""},
                       "cannot open included file (from " + loc.prefix() + "#INCLUDE " + arg + ")");
  }

  // --- items ----------------------------------------------------------------------------
  struct Item {
    std::string section;
    std::size_t begin, end;  // offsets into src_.text
  };

  void split_items() {
    const std::string& s = src_.text;
    std::string section;
    std::size_t i = 0;
    std::size_t item_begin = 0;
    bool at_line_start = true;
    while (i < s.size()) {
      if (at_line_start) {
        std::size_t j = i;
        while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
        if (j < s.size() && s[j] == '#') {
          flush(section, item_begin, i);
          std::size_t k = j + 1;
          while (k < s.size() && (std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '_'))
            ++k;
          section = upper(s.substr(j + 1, k - j - 1));
          command(section, j);
          item_begin = k;
          i = k;
          at_line_start = false;
          continue;
        }
      }
      if (s[i] == ';') {
        flush(section, item_begin, i);
        item_begin = i + 1;
      }
      at_line_start = s[i] == '\n';
      ++i;
    }
    flush(section, item_begin, s.size());
  }

  void command(const std::string& name, std::size_t at) {
    static const std::set<std::string> known = {
        "DEFVAR",     "DEFFIX",       "SETVAR",     "SETFIX",     "EQUATIONS",  "INITVALUES",
        "ATOMS",      "CHECK",        "CHECKALL",   "LOOKAT",     "LOOKATALL",  "MONITOR",
        "TRANSPORT",  "TRANSPORTALL", "FAMILIES",   "INTEGRATOR", "LANGUAGE",   "DRIVER",
        "JACOBIAN",   "HESSIAN",      "STOICMAT",   "REORDER",    "DOUBLE",     "MEX",
        "MINVERSION", "UPPERCASEF90", "DUMMYINDEX", "EQNTAGS",    "FUNCTION",   "USE",
        "USES",       "INTFILE",      "MODEL",      "WRITE_ATM",  "WRITE_SPC",  "WRITE_MAT",
        "WRITE_OPT",  "AUTOREDUCE",   "DECLARE",    "FLUX",       "INTEGRATOR", "RUN",
        "TSTART",     "TEND",         "TEMP",       "DT",         "NOSTOICMAT"};
    if (!known.count(name))
      mech_.warn(src_.at(at).prefix() + "unknown KPP command #" + name + " ignored");
    if (name == "CHECKALL") check_all_ = true;
    if (name == "FAMILIES")
      mech_.warn(src_.at(at).prefix() + "#FAMILIES is not supported; families ignored");
    if (name == "MODEL")
      mech_.warn(src_.at(at).prefix() + "#MODEL is not supported; include the model files instead");
  }

  void flush(const std::string& section, std::size_t b, std::size_t e) {
    std::string body = trim(src_.text.substr(b, e - b));
    if (body.empty()) return;
    while (b < e && std::isspace(static_cast<unsigned char>(src_.text[b]))) ++b;
    if (section.empty())
      throw ParseError(src_.at(b), "text outside any KPP section: '" + body.substr(0, 40) + "'");
    items_.push_back(Item{section, b, e});
  }

  // --- applying the items ------------------------------------------------------------------
  void apply() {
    // Species first (declarations may follow equations in file order), then the rest.
    for (const Item& it : items_)
      if (it.section == "DEFVAR" || it.section == "DEFFIX") declare(it);
    for (const Item& it : items_)
      if (it.section == "SETVAR" || it.section == "SETFIX") set_kind(it);
    for (const Item& it : items_)
      if (it.section == "CHECK")
        check_.push_back(trim(src_.text.substr(it.begin, it.end - it.begin)));
    read_inlines();
    for (const Item& it : items_)
      if (it.section == "EQUATIONS") equation(it);
    for (const Item& it : items_)
      if (it.section == "INITVALUES") init_value(it);
    finish_initial_values();
    if (!check_.empty() || check_all_) {
      for (const auto& w : mech_.check_mass_balance(check_)) mech_.warn(w);
    }
  }

  void declare(const Item& it) {
    const std::string& s = src_.text;
    const std::size_t eq = s.find('=', it.begin);
    std::size_t name_end = (eq != std::string::npos && eq < it.end) ? eq : it.end;
    const std::string name = trim(s.substr(it.begin, name_end - it.begin));
    const SpeciesKind kind = it.section == "DEFVAR" ? SpeciesKind::variable : SpeciesKind::fixed;
    Location w = src_.at(it.begin);
    const std::size_t idx = mech_.add_species(name, kind, w);
    Species& sp = mech_.species(idx);
    if (eq == std::string::npos || eq >= it.end) return;
    const std::string comp = trim(s.substr(eq + 1, it.end - eq - 1));
    if (comp.empty() || upper(comp).find("IGNORE") != std::string::npos) return;
    // "N + 2O", "2H + C + O", "H+ 2O"
    std::size_t p = 0;
    std::map<std::string, double> atoms;
    while (p < comp.size()) {
      while (p < comp.size() &&
             (std::isspace(static_cast<unsigned char>(comp[p])) || comp[p] == '+'))
        ++p;
      if (p >= comp.size()) break;
      std::string num;
      while (p < comp.size() &&
             (std::isdigit(static_cast<unsigned char>(comp[p])) || comp[p] == '.'))
        num += comp[p++];
      while (p < comp.size() && std::isspace(static_cast<unsigned char>(comp[p]))) ++p;
      std::string el;
      while (p < comp.size() && std::isalnum(static_cast<unsigned char>(comp[p]))) el += comp[p++];
      if (el.empty())
        throw ParseError(Location{w.file, w.line, w.column, name},
                         "bad atomic composition '" + comp + "'");
      atoms[el] += num.empty() ? 1.0 : std::strtod(num.c_str(), nullptr);
    }
    sp.atoms = atoms;
    sp.atoms_known = true;
  }

  void set_kind(const Item& it) {
    const std::string body = trim(src_.text.substr(it.begin, it.end - it.begin));
    std::stringstream ss(body);
    std::string name;
    while (std::getline(ss, name, ',')) {
      name = trim(name);
      if (name.empty()) continue;
      auto idx = mech_.find_species(name);
      if (!idx)
        throw ParseError(Location{src_.at(it.begin).file, src_.at(it.begin).line,
                                  src_.at(it.begin).column, name},
                         "#" + it.section + " names an undeclared species");
      mech_.species(*idx).kind =
          it.section == "SETVAR" ? SpeciesKind::variable : SpeciesKind::fixed;
    }
  }

  void read_inlines() {
    for (const InlineBlock& b : inlines_) {
      const bool rconst = b.type.find("RCONST") != std::string::npos &&
                          b.type.find("RCONST_USE") == std::string::npos;
      if (!rconst) {
        mech_.warn(b.where.prefix() + "#INLINE " + b.type + " block ignored");
        continue;
      }
      bool in_ro2 = false;
      for (const auto& [line, loc] : b.lines) {
        std::string t = trim(line);
        const std::size_t bang = t.find('!');
        if (bang != std::string::npos) t = trim(t.substr(0, bang));
        if (t.empty()) continue;
        const std::string u = upper(t);
        bool starts_ro2 = false;
        if (!in_ro2 && u.rfind("RO2", 0) == 0) {
          const std::string rest = trim(u.substr(3));
          starts_ro2 = !rest.empty() && rest[0] == '=';
        }
        if (in_ro2 || starts_ro2) {
          ro2_declared_ = true;
          std::size_t p = 0;
          while ((p = u.find("C(IND_", p)) != std::string::npos) {
            const std::size_t close = t.find(')', p);
            if (close == std::string::npos) break;
            ro2_names_.emplace_back(trim(t.substr(p + 6, close - p - 6)), loc);
            p = close;
          }
          in_ro2 = !t.empty() && t.back() == '&';
          continue;
        }
        mech_.warn(loc.prefix() + "inline code ignored: " + t);
      }
    }
    std::vector<std::size_t> ro2;
    for (const auto& [n, loc] : ro2_names_) {
      auto idx = mech_.find_species(n);
      if (!idx) {
        mech_.warn(loc.prefix() + "RO2 sum names undeclared species " + n + "; ignored");
        continue;
      }
      ro2.push_back(*idx);
    }
    mech_.set_ro2(ro2);
    mech_.set_ro2_declared(ro2_declared_);
  }

  void equation(const Item& it) {
    const std::string& s = src_.text;
    std::size_t b = it.begin;
    std::string tag;
    if (s[b] == '<') {
      const std::size_t close = s.find('>', b);
      if (close == std::string::npos || close >= it.end)
        throw ParseError(src_.at(b), "equation tag '<' is not closed");
      tag = trim(s.substr(b + 1, close - b - 1));
      b = close + 1;
    }
    const std::size_t colon = s.find(':', b);
    if (colon == std::string::npos || colon >= it.end)
      throw ParseError(src_.at(b), "equation has no ':' before its rate");
    const std::size_t eq = s.find('=', b);
    if (eq == std::string::npos || eq > colon) throw ParseError(src_.at(b), "equation has no '='");
    if (s.find('=', eq + 1) < colon) throw ParseError(src_.at(eq + 1), "equation has two '='");
    Reaction r;
    r.tag = tag;
    r.where = src_.at(b);
    if (!tag.empty()) r.where.item = "<" + tag + ">";
    auto lhs = parse::parse_side(src_, b, eq, false);
    auto rhs = parse::parse_side(src_, eq + 1, colon, true);
    for (const auto& t : lhs) {
      if (upper(t.name) == "HV") continue;
      r.reactants.push_back(StoichTerm{lookup(t), t.coefficient});
    }
    for (const auto& t : rhs) {
      if (upper(t.name) == "HV") continue;
      if (upper(t.name) == "PROD" && !mech_.find_species(t.name)) continue;
      r.products.push_back(StoichTerm{lookup(t), t.coefficient});
    }
    std::size_t rb = colon + 1;
    while (rb < it.end && std::isspace(static_cast<unsigned char>(s[rb]))) ++rb;
    const std::string rate = trim(s.substr(rb, it.end - rb));
    if (rate.empty()) throw ParseError(src_.at(rb), "equation has an empty rate");
    // Multi-line rates: compile the text with newlines turned into blanks.
    std::string flat = rate;
    for (char& ch : flat)
      if (ch == '\n') ch = ' ';
    r.rate = mech_.compile(flat, src_.at(rb));
    mech_.add_reaction(std::move(r));
  }

  std::size_t lookup(const parse::Term& t) {
    auto idx = mech_.find_species(t.name);
    if (!idx && lenient_) {
      undeclared_.push_back(t.name);
      return mech_.add_species(t.name, SpeciesKind::variable, src_.at(t.offset));
    }
    if (!idx) {
      Location w = src_.at(t.offset);
      w.item = t.name;
      throw ParseError(w, "species is not declared in #DEFVAR or #DEFFIX");
    }
    return *idx;
  }

  void init_value(const Item& it) {
    const std::string& s = src_.text;
    const std::size_t eq = s.find('=', it.begin);
    if (eq == std::string::npos || eq >= it.end)
      throw ParseError(src_.at(it.begin), "#INITVALUES item needs 'NAME = value'");
    const std::string name = trim(s.substr(it.begin, eq - it.begin));
    const std::string text = trim(s.substr(eq + 1, it.end - eq - 1));
    Location w = src_.at(it.begin);
    w.item = name;
    RateExpression e = compile_rate_expression(text, {}, w);
    if (!e.is_constant()) throw ParseError(w, "initial value must be a number");
    const double v = e.evaluate(RateInputs{});
    const std::string u = upper(name);
    if (u == "CFACTOR") {
      if (!(v > 0)) throw ParseError(w, "CFACTOR must be positive");
      mech_.set_cfactor(v);
      return;
    }
    initial_.emplace_back(name, v, w);
  }

  void finish_initial_values() {
    const double cf = mech_.cfactor();
    for (const auto& [name, v, w] : initial_) {
      const std::string u = upper(name);
      const double value = v * cf;  // lambdas may not capture structured bindings (clang 14)
      auto set_all = [&](bool var, bool fix) {
        for (std::size_t i = 0; i < mech_.species().size(); ++i) {
          Species& sp = mech_.species(i);
          if ((sp.kind == SpeciesKind::variable && var) || (sp.kind == SpeciesKind::fixed && fix))
            sp.initial = value;
        }
      };
      if (u == "ALL_SPEC") set_all(true, true);
      else if (u == "VAR_SPEC") set_all(true, false);
      else if (u == "FIX_SPEC") set_all(false, true);
      else {
        auto idx = mech_.find_species(name);
        if (!idx) throw ParseError(w, "#INITVALUES names an undeclared species");
        mech_.species(*idx).initial = v * cf;
      }
    }
  }

  Mechanism mech_;
  SourceText src_;
  bool lenient_ = false;
  std::vector<std::string> undeclared_;
  bool in_brace_ = false;
  Location brace_open_;
  std::optional<InlineBlock> inline_;
  std::vector<InlineBlock> inlines_;
  std::vector<Item> items_;
  std::vector<std::string> check_;
  bool check_all_ = false;
  std::vector<std::pair<std::string, Location>> ro2_names_;
  bool ro2_declared_ = false;
  std::vector<std::tuple<std::string, double, Location>> initial_;
};

}  // namespace

Mechanism parse_kpp(const std::string& text, const std::string& name, const std::string& base_dir) {
  KppReader r(name);
  r.load(text, name, fs::path(base_dir), 0);
  return r.finish(name);
}

Mechanism read_kpp(const std::string& path) {
  const std::string text = parse::read_text_file(path);
  const fs::path p(path);
  KppReader r(p.stem().string());
  // A bare .eqn holds no species declarations: read the sibling .spc first when there is one
  // (as the .def of a KPP model would), else accept the species as variable with a warning.
  const std::string u = upper(text);
  if (upper(p.extension().string()) == ".EQN" && u.find("#DEFVAR") == std::string::npos &&
      u.find("#DEFFIX") == std::string::npos && u.find("#INCLUDE") == std::string::npos) {
    fs::path spc = p;
    spc.replace_extension(".spc");
    std::error_code ec;
    if (fs::is_regular_file(spc, ec)) {
      r.load(parse::read_text_file(spc.string()), spc.string(), spc.parent_path(), 0);
    } else {
      r.set_lenient(true);
    }
  }
  r.load(text, path, p.parent_path(), 0);
  return r.finish(path);
}

}  // namespace aqm::chem
