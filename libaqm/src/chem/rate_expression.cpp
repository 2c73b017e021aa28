// Compiler for rate expressions: tokens -> AST (with constant folding and library-function
// expansion) -> postfix bytecode.
#include "aqm/chem/rate_expression.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

namespace aqm::chem {

using detail::arity;
using detail::Instr;
using detail::Op;

namespace {

struct Node {
  Op op = Op::constant;
  double value = 0.0;
  int index = 0;
  int a = -1, b = -1, c = -1;
  std::uint8_t deps = 0;
};

std::string upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

double apply(Op op, double x, double y, double z) {
  switch (op) {
    case Op::add: return x + y;
    case Op::sub: return x - y;
    case Op::mul: return x * y;
    case Op::div: return detail::quotient(x, y);
    case Op::pow: return std::pow(x, y);
    case Op::neg: return -x;
    case Op::exp: return std::exp(x);
    case Op::log: return std::log(x);
    case Op::log10: return std::log10(x);
    case Op::sqrt: return std::sqrt(x);
    case Op::abs: return std::fabs(x);
    case Op::min: return std::fmin(x, y);
    case Op::max: return std::fmax(x, y);
    case Op::mcm_troe: return RateExpression::mcm_troe(x, y, z);
    default: return 0.0;
  }
}

class Compiler {
 public:
  Compiler(std::string_view text, const NameResolver& resolve, const Location& where)
      : s_(text), resolve_(resolve), where_(where) {}

  std::vector<Node> nodes;

  int parse_all() {
    const int root = parse_expr();
    skip_ws();
    if (pos_ < s_.size()) fail("unexpected '" + std::string(1, s_[pos_]) + "' in rate expression");
    return root;
  }

  [[noreturn]] void fail(const std::string& msg) const {
    Location w = where_;
    if (w.line > 0) w.column = (w.column > 0 ? w.column : 1) + static_cast<long>(pos_);
    throw ParseError(w, msg + " (in '" + std::string(s_) + "')");
  }

  // --- node builders -------------------------------------------------------------------
  int add(Node n) {
    // emit() recurses along the tree: a bounded node count keeps long sums off the stack.
    if (nodes.size() >= kMaxNodes)
      fail("rate expression has more than " + std::to_string(kMaxNodes) + " terms");
    nodes.push_back(n);
    return static_cast<int>(nodes.size()) - 1;
  }
  int constant(double v) {
    Node n;
    n.op = Op::constant;
    n.value = v;
    return add(n);
  }
  int env(EnvVar v) {
    Node n;
    n.op = Op::env;
    n.index = static_cast<int>(v);
    n.deps = v == EnvVar::ro2   ? RateExpression::kUsesRo2
             : v == EnvVar::sun ? RateExpression::kUsesPhotolysis
                                : RateExpression::kUsesEnvironment;
    return add(n);
  }
  int make(Op op, int a, int b = -1, int c = -1) {
    const int k = arity(op);
    bool all_const = nodes[a].op == Op::constant && (k < 2 || nodes[b].op == Op::constant) &&
                     (k < 3 || nodes[c].op == Op::constant);
    if (all_const) {
      return constant(
          apply(op, nodes[a].value, k >= 2 ? nodes[b].value : 0.0, k >= 3 ? nodes[c].value : 0.0));
    }
    Node n;
    n.op = op;
    n.a = a;
    n.b = b;
    n.c = c;
    n.deps = nodes[a].deps | (b >= 0 ? nodes[b].deps : 0) | (c >= 0 ? nodes[c].deps : 0);
    return add(n);
  }
  int mul(int a, int b) { return make(Op::mul, a, b); }
  int div(int a, int b) { return make(Op::div, a, b); }
  int plus(int a, int b) { return make(Op::add, a, b); }
  int powr(int a, int b) { return make(Op::pow, a, b); }
  int expo(int a) { return make(Op::exp, a); }
  int neg(int a) { return make(Op::neg, a); }
  int temp() { return env(EnvVar::temp); }
  int arr_exp(int a, int b) { return mul(a, expo(neg(div(b, temp())))); }  // a exp(-b/T)
  int t300(int c) { return powr(div(temp(), constant(300.0)), c); }        // (T/300)^c
  int cf_1e6() { return mul(env(EnvVar::cfactor), constant(1e6)); }

  // --- library functions -----------------------------------------------------------------
  int call(const std::string& fname, const std::vector<int>& args) {
    const std::string f = upper(fname);
    auto need = [&](std::size_t n) {
      if (args.size() != n)
        fail(fname + " takes " + std::to_string(n) + " arguments, got " +
             std::to_string(args.size()));
    };
    if (f == "EXP" || f == "DEXP") {
      need(1);
      return make(Op::exp, args[0]);
    }
    if (f == "LOG" || f == "ALOG" || f == "DLOG") {
      need(1);
      return make(Op::log, args[0]);
    }
    if (f == "LOG10" || f == "ALOG10" || f == "DLOG10") {
      need(1);
      return make(Op::log10, args[0]);
    }
    if (f == "SQRT" || f == "DSQRT") {
      need(1);
      return make(Op::sqrt, args[0]);
    }
    if (f == "ABS" || f == "DABS") {
      need(1);
      return make(Op::abs, args[0]);
    }
    if (f == "POW") {
      need(2);
      return powr(args[0], args[1]);
    }
    if (f == "MIN" || f == "DMIN1") {
      need(2);
      return make(Op::min, args[0], args[1]);
    }
    if (f == "MAX" || f == "DMAX1") {
      need(2);
      return make(Op::max, args[0], args[1]);
    }
    if (f == "MCM_TROE") {
      need(3);
      return make(Op::mcm_troe, args[0], args[1], args[2]);
    }
    if (f == "ARR_ABC" || f == "ARR") {  // KPP: A0 exp(-B0/T) (T/300)^C0
      need(3);
      return mul(arr_exp(args[0], args[1]), t300(args[2]));
    }
    if (f == "ARR_AB") {
      need(2);
      return arr_exp(args[0], args[1]);
    }
    if (f == "ARR_AC") {
      need(2);
      return mul(args[0], t300(args[1]));
    }
    if (f == "EP2") {  // KPP: K0 + K3/(1 + K3/K2), K3 includes [M] = 1e6 CFACTOR
      need(6);
      const int k0 = arr_exp(args[0], args[1]);
      const int k2 = arr_exp(args[2], args[3]);
      const int k3 = mul(arr_exp(args[4], args[5]), cf_1e6());
      return plus(k0, div(k3, plus(constant(1.0), div(k3, k2))));
    }
    if (f == "EP3") {  // KPP: K1 + K2 [M], [M] = 1e6 CFACTOR
      need(4);
      return plus(arr_exp(args[0], args[1]), mul(arr_exp(args[2], args[3]), cf_1e6()));
    }
    if (f == "FALL") {  // KPP Troe with N = 1: K0/(1+K0/K1) CF^(1/(1+log10(K0/K1)^2))
      need(7);
      const int k0 = mul(mul(arr_exp(args[0], args[1]), t300(args[2])), cf_1e6());
      const int k1 = mul(arr_exp(args[3], args[4]), t300(args[5]));
      return troe_tail(k0, k1, args[6]);
    }
    if (f == "TROE") {  // WRF-KPP: TROE(k0_300, n, kinf_300, m, T, M), Fc = 0.6
      need(6);
      const int x = div(constant(300.0), args[4]);
      const int k0 = mul(mul(args[0], powr(x, args[1])), args[5]);
      const int ki = mul(args[2], powr(x, args[3]));
      return troe_tail(k0, ki, constant(0.6));
    }
    fail("unknown function '" + fname + "'");
  }
  int troe_tail(int k0, int k1, int fc) {
    const int r = div(k0, k1);
    const int lr = make(Op::log10, r);
    const int e = div(constant(1.0), plus(constant(1.0), mul(lr, lr)));
    return mul(div(k0, plus(constant(1.0), r)), powr(fc, e));
  }

  // --- lexer helpers ---------------------------------------------------------------------
  void skip_ws() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool peek(char ch) {
    skip_ws();
    return pos_ < s_.size() && s_[pos_] == ch;
  }
  bool accept(std::string_view tok) {
    skip_ws();
    if (s_.substr(pos_, tok.size()) == tok) {
      pos_ += tok.size();
      return true;
    }
    return false;
  }
  void expect(char ch) {
    if (!peek(ch)) fail(std::string("expected '") + ch + "'");
    ++pos_;
  }
  std::string identifier() {
    skip_ws();
    const std::size_t start = pos_;
    while (pos_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
      ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }
  double number() {
    skip_ws();
    std::string buf;
    auto digit = [&](std::size_t p) {
      return p < s_.size() && std::isdigit(static_cast<unsigned char>(s_[p]));
    };
    while (digit(pos_)) buf += s_[pos_++];
    if (pos_ < s_.size() && s_[pos_] == '.') {
      buf += s_[pos_++];
      while (digit(pos_)) buf += s_[pos_++];
    }
    if (buf.empty() || buf == ".") fail("expected a number");
    if (pos_ < s_.size() && std::strchr("eEdD", s_[pos_])) {
      std::size_t p = pos_ + 1;
      if (p < s_.size() && (s_[p] == '+' || s_[p] == '-')) ++p;
      if (digit(p)) {
        buf += 'e';
        buf += s_.substr(pos_ + 1, p - pos_ - 1);
        pos_ = p;
        while (digit(pos_)) buf += s_[pos_++];
      }
    }
    if (s_.substr(pos_, 3) == "_dp") pos_ += 3;
    return std::strtod(buf.c_str(), nullptr);
  }

  // --- grammar ----------------------------------------------------------------------------
  int parse_expr() {
    int left = parse_term();
    for (;;) {
      if (accept("+")) left = plus(left, parse_term());
      else if (accept("-")) left = make(Op::sub, left, parse_term());
      else return left;
    }
  }
  int parse_term() {
    int left = parse_unary();
    for (;;) {
      skip_ws();
      if (s_.substr(pos_, 2) == "**") return left;  // handled in parse_power
      if (accept("*")) left = mul(left, parse_unary());
      else if (accept("/")) left = div(left, parse_unary());
      else return left;
    }
  }
  // Every recursive path of the grammar passes through parse_unary, so counting its depth
  // bounds the C++ stack: 10 000 nested '(' must be a ParseError, not a stack overflow.
  int parse_unary() {
    if (++depth_ > kMaxNesting)
      fail("rate expression is nested more than " + std::to_string(kMaxNesting) + " levels deep");
    int r;
    if (accept("-")) r = neg(parse_unary());
    else if (accept("+")) r = parse_unary();
    else r = parse_power();
    --depth_;
    return r;
  }
  int parse_power() {
    const int base = parse_primary();
    if (accept("**") || accept("^") || accept("@")) return powr(base, parse_unary());
    return base;
  }
  static constexpr int kMaxPhotolysisIndex = 10000;
  int photolysis(int n) {
    if (n < 0 || n > kMaxPhotolysisIndex) fail("photolysis index out of range");
    Node node;
    node.op = Op::jval;
    node.index = n;
    node.deps = RateExpression::kUsesPhotolysis;
    return add(node);
  }
  int parse_primary() {
    skip_ws();
    if (pos_ >= s_.size()) fail("rate expression ends early");
    const char ch = s_[pos_];
    if (ch == '(') {
      ++pos_;
      const int e = parse_expr();
      expect(')');
      return e;
    }
    if (std::isdigit(static_cast<unsigned char>(ch)) || ch == '.') return constant(number());
    if (std::isalpha(static_cast<unsigned char>(ch)) || ch == '_') {
      const std::size_t at = pos_;
      const std::string name = identifier();
      if (name == "J" && (peek('<') || peek('('))) {
        const char close = s_[pos_] == '<' ? '>' : ')';
        ++pos_;
        skip_ws();
        int n = -1;
        if (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
          // Range-check the double before the cast: J(31e23) made the conversion undefined.
          const double index = number();
          if (!(index >= 0.0 && index <= kMaxPhotolysisIndex) || std::floor(index) != index)
            fail("photolysis index must be a whole number in 0.." +
                 std::to_string(kMaxPhotolysisIndex));
          n = static_cast<int>(index);
        } else {
          const std::string jn = identifier();
          n = mcm_photolysis_index(jn);
          if (n < 0) {
            pos_ = at;
            fail("unknown photolysis name '" + jn + "'");
          }
        }
        expect(close);
        return photolysis(n);
      }
      if (peek('(')) {
        ++pos_;
        std::vector<int> args;
        if (!peek(')')) {
          args.push_back(parse_expr());
          while (accept(",")) args.push_back(parse_expr());
        }
        expect(')');
        const std::size_t end = pos_;
        pos_ = at;
        const int r = call(name, args);
        pos_ = end;
        return r;
      }
      std::optional<NameRef> ref = resolve_ ? resolve_(name) : std::nullopt;
      if (!ref) {
        pos_ = at;
        fail("unknown name '" + name + "'");
      }
      if (ref->kind == NameRef::env) return env(static_cast<EnvVar>(ref->index));
      if (ref->kind == NameRef::photolysis) return photolysis(ref->index);
      Node node;
      node.op = Op::coef;
      node.index = ref->index;
      node.deps = ref->deps;
      return add(node);
    }
    fail(std::string("unexpected '") + ch + "'");
  }

  // --- RO2 factorisation and emission -----------------------------------------------------
  /// k = RO2 * rest with rest free of RO2?  Returns rest, or -1.
  int split_ro2(int i) {
    const Node n = nodes[i];
    if (n.op == Op::env && n.index == static_cast<int>(EnvVar::ro2)) return constant(1.0);
    const auto has = [&](int k) { return k >= 0 && (nodes[k].deps & RateExpression::kUsesRo2); };
    if (n.op == Op::mul) {
      if (has(n.a) && !has(n.b)) {
        const int r = split_ro2(n.a);
        return r < 0 ? -1 : mul(r, n.b);
      }
      if (has(n.b) && !has(n.a)) {
        const int r = split_ro2(n.b);
        return r < 0 ? -1 : mul(n.a, r);
      }
    }
    if (n.op == Op::div && has(n.a) && !has(n.b)) {
      const int r = split_ro2(n.a);
      return r < 0 ? -1 : div(r, n.b);
    }
    if (n.op == Op::neg) {
      const int r = split_ro2(n.a);
      return r < 0 ? -1 : neg(r);
    }
    return -1;
  }

  int emit(int i, std::vector<Instr>& code, int depth) {
    const Node& n = nodes[i];
    const int k = arity(n.op);
    if (k == 0) {
      code.push_back(Instr{n.op, n.index, n.value});
      return depth + 1;
    }
    int max_depth = emit(n.a, code, depth);
    if (k >= 2) max_depth = std::max(max_depth, emit(n.b, code, depth + 1));
    if (k >= 3) max_depth = std::max(max_depth, emit(n.c, code, depth + 2));
    code.push_back(Instr{n.op, 0, 0.0});
    return max_depth;
  }

 private:
  static constexpr int kMaxNesting = 200;
  static constexpr std::size_t kMaxNodes = 20000;
  std::string_view s_;
  const NameResolver& resolve_;
  Location where_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

int detail::arity(Op op) {
  switch (op) {
    case Op::constant:
    case Op::env:
    case Op::coef:
    case Op::jval:
    case Op::shared: return 0;
    case Op::neg:
    case Op::exp:
    case Op::log:
    case Op::log10:
    case Op::sqrt:
    case Op::abs: return 1;
    case Op::mcm_troe: return 3;
    default: return 2;
  }
}

RateExpression compile_rate_expression(std::string_view text, const NameResolver& resolve,
                                       const Location& where) {
  Compiler c(text, resolve, where);
  const int root = c.parse_all();
  RateExpression e;
  e.text_ = std::string(text);
  e.deps_ = c.nodes[root].deps;
  if (c.emit(root, e.code_, 0) > RateExpression::kMaxStack)
    c.fail("rate expression is nested too deeply");
  if (e.deps_ & RateExpression::kUsesRo2) {
    const int rest = c.split_ro2(root);
    if (rest >= 0) {
      std::vector<Instr> code;
      c.emit(rest, code, 0);
      e.ro2_factor_ = std::move(code);
    }
  }
  return e;
}

RateExpression RateExpression::ro2_factor() const {
  RateExpression e;
  if (!ro2_factor_) return e;
  e.code_ = *ro2_factor_;
  e.text_ = text_ + " / RO2";
  e.deps_ = deps_ & static_cast<std::uint8_t>(~kUsesRo2);
  return e;
}

std::vector<int> RateExpression::photolysis_indices() const {
  std::vector<int> out;
  for (const Instr& i : code_)
    if (i.op == Op::jval) out.push_back(i.index);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

int RateExpression::max_coefficient_index() const {
  int top = -1;
  for (const Instr& i : code_)
    if (i.op == Op::coef) top = std::max(top, i.index);
  return top;
}

int mcm_photolysis_index(std::string_view name) {
  // Names of the KPP MCM export (examples/mcm/constants_mcm.f90) -> MCM J numbers.
  static const std::pair<const char*, int> table[] = {
      {"J_O3_O1D", 1},       {"J_O3_O3P", 2},        {"J_H2O2", 3},      {"J_NO2", 4},
      {"J_NO3_NO", 5},       {"J_NO3_NO2", 6},       {"J_HONO", 7},      {"J_HNO3", 8},
      {"J_HCHO_H", 11},      {"J_HCHO_H2", 12},      {"J_CH3CHO", 13},   {"J_C2H5CHO", 14},
      {"J_C3H7CHO_HCO", 15}, {"J_C3H7CHO_C2H4", 16}, {"J_IPRCHO", 17},   {"J_MACR_HCO", 18},
      {"J_MACR_H", 19},      {"J_C5HPALD1", 20},     {"J_CH3COCH3", 21}, {"J_MEK", 22},
      {"J_MVK_CO", 23},      {"J_MVK_C2H3", 24},     {"J_GLYOX_H2", 31}, {"J_GLYOX_HCHO", 32},
      {"J_GLYOX_HCO", 33},   {"J_MGLYOX", 34},       {"J_BIACET", 35},   {"J_CH3OOH", 41},
      {"J_CH3NO3", 51},      {"J_C2H5NO3", 52},      {"J_NC3H7NO3", 53}, {"J_IC3H7NO3", 54},
      {"J_TC4H9NO3", 55},    {"J_NOA", 56}};
  const std::string u = upper(std::string(name));
  for (const auto& [n, i] : table)
    if (u == n) return i;
  return -1;
}

}  // namespace aqm::chem
