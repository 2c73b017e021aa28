// JSON codec for the operation history (see aqm/emis/detail/history_json.hpp).
#include "aqm/emis/detail/history_json.hpp"

#include <cstdint>
#include <cstdio>

namespace aqm::emis::detail {
namespace {

// Decodes one UTF-8 code point at s[i]; advances i.  Returns -1 on invalid or overlong input.
long decode_utf8(const std::string& s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int n;
  long cp;
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  if ((b0 & 0xE0) == 0xC0) {
    n = 1;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 2;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 3;
    cp = b0 & 0x07;
  } else return -1;
  if (i + n >= s.size()) return -1;
  for (int k = 1; k <= n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (b & 0x3F);
  }
  static const long min_cp[] = {0, 0x80, 0x800, 0x10000};
  if (cp < min_cp[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  i += n + 1;
  return cp;
}

void append_utf8(std::string& out, long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

void append_u(std::string& out, long unit) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\u%04lx", unit);
  out += buf;
}

void write_string(std::string& out, const std::string& s, const Location& where) {
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    const long cp = decode_utf8(s, i);
    if (cp < 0) throw InvalidArgument(where, "text is not valid UTF-8: '" + s + "'");
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (cp >= 0x20 && cp < 0x7F) {
          out += static_cast<char>(cp);
        } else if (cp < 0x10000) {
          append_u(out, cp);
        } else {
          const long v = cp - 0x10000;
          append_u(out, 0xD800 | (v >> 10));
          append_u(out, 0xDC00 | (v & 0x3FF));
        }
    }
  }
  out += '"';
}

// Python repr() of a str, close enough for the human-readable history line.
std::string py_repr(const std::string& s) {
  const bool has_single = s.find('\'') != std::string::npos;
  const bool has_double = s.find('"') != std::string::npos;
  const char q = has_single && !has_double ? '"' : '\'';
  std::string out(1, q);
  for (char c : s) {
    if (c == q || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out + q;
}

class Parser {
 public:
  Parser(const std::string& text, const Location& where) : s_(text), where_(where) {}

  std::vector<Operation> parse() {
    std::vector<Operation> ops;
    ws();
    expect('[');
    ws();
    if (peek() == ']') {
      ++i_;
    } else {
      for (;;) {
        ops.push_back(operation());
        ws();
        if (peek() == ',') {
          ++i_;
          ws();
          continue;
        }
        expect(']');
        break;
      }
    }
    ws();
    if (i_ != s_.size()) fail("unexpected text after the history list");
    return ops;
  }

 private:
  [[noreturn]] void fail(const std::string& msg) const { fail_at(i_, msg); }
  [[noreturn]] void fail_at(std::size_t pos, const std::string& msg) const {
    long line = 1, col = 1;
    for (std::size_t k = 0; k < pos && k < s_.size(); ++k) {
      if (s_[k] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    Location at = where_;
    at.line = line;
    at.column = col;
    throw ParseError(at, "history JSON: " + msg);
  }
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  bool at_end() const { return i_ >= s_.size(); }
  void ws() {
    while (!at_end() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  void expect(char c) {
    if (at_end()) fail(std::string("expected '") + c + "', found the end of the text");
    if (s_[i_] != c) fail(std::string("expected '") + c + "', found '" + s_[i_] + "'");
    ++i_;
  }

  Operation operation() {
    const std::size_t start = i_;
    expect('{');
    Operation op;
    bool seen[3] = {false, false, false};
    ws();
    if (peek() != '}') {
      for (;;) {
        ws();
        const std::size_t key_pos = i_;
        const std::string key = string();
        ws();
        expect(':');
        ws();
        int k = key == "name" ? 0 : key == "source" ? 1 : key == "parameters" ? 2 : -1;
        if (k < 0)
          fail_at(key_pos, "unknown key '" + key + "' (expected name, source, parameters)");
        if (seen[k]) fail_at(key_pos, "duplicate key '" + key + "'");
        seen[k] = true;
        if (k == 0) op.name = string();
        else if (k == 1) op.source = string();
        else op.parameters = parameters();
        ws();
        if (peek() == ',') {
          ++i_;
          continue;
        }
        expect('}');
        break;
      }
    } else {
      ++i_;
    }
    static const char* names[3] = {"name", "source", "parameters"};
    for (int k = 0; k < 3; ++k)
      if (!seen[k]) fail_at(start, std::string("operation has no '") + names[k] + "'");
    return op;
  }

  std::vector<std::pair<std::string, std::string>> parameters() {
    std::vector<std::pair<std::string, std::string>> out;
    expect('{');
    ws();
    if (peek() == '}') {
      ++i_;
      return out;
    }
    for (;;) {
      ws();
      // A repeated key is kept (C++ histories may repeat one; Python keeps the last).
      std::string key = string();
      ws();
      expect(':');
      ws();
      out.emplace_back(std::move(key), scalar());
      ws();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      expect('}');
      return out;
    }
  }

  // A parameter value: a string, or a number / true / false / null kept as its text.
  std::string scalar() {
    const char c = peek();
    if (c == '"') return string();
    for (const char* lit : {"true", "false", "null"}) {
      std::string l(lit);
      if (s_.compare(i_, l.size(), l) == 0) {
        i_ += l.size();
        return l;
      }
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    if (c == '{' || c == '[') fail("parameter values must be strings, numbers or booleans");
    if (at_end()) fail("expected a value, found the end of the text");
    fail(std::string("expected a value, found '") + c + "'");
  }

  static bool digit(char c) { return c >= '0' && c <= '9'; }

  std::string number() {
    const std::size_t start = i_;
    if (peek() == '-') ++i_;
    if (peek() == '0') {
      ++i_;
    } else if (digit(peek())) {
      while (digit(peek())) ++i_;
    } else {
      fail("malformed number");
    }
    if (peek() == '.') {
      ++i_;
      if (!digit(peek())) fail("malformed number: digits must follow '.'");
      while (digit(peek())) ++i_;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      if (peek() == '+' || peek() == '-') ++i_;
      if (!digit(peek())) fail("malformed number: digits must follow the exponent");
      while (digit(peek())) ++i_;
    }
    return s_.substr(start, i_ - start);
  }

  long hex4() {
    if (i_ + 4 > s_.size()) fail("\\u needs four hex digits");
    long v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_];
      int d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else fail("\\u needs four hex digits");
      v = v * 16 + d;
      ++i_;
    }
    return v;
  }

  std::string string() {
    if (peek() != '"') {
      if (at_end()) fail("expected a string, found the end of the text");
      fail(std::string("expected a string, found '") + peek() + "'");
    }
    ++i_;
    std::string out;
    for (;;) {
      if (at_end()) fail("unterminated string");
      const char c = s_[i_];
      if (c == '"') {
        ++i_;
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20)
        fail("control character in a string (must be escaped)");
      if (c != '\\') {
        const std::size_t pos = i_;
        const long cp = decode_utf8(s_, i_);
        if (cp < 0) fail_at(pos, "string is not valid UTF-8");
        append_utf8(out, cp);
        continue;
      }
      const std::size_t esc = i_;
      ++i_;
      if (at_end()) fail("unterminated escape");
      const char e = s_[i_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          long cp = hex4();
          if (cp >= 0xDC00 && cp <= 0xDFFF) fail_at(esc, "unpaired low surrogate");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (s_.compare(i_, 2, "\\u") != 0) fail_at(esc, "unpaired high surrogate");
            i_ += 2;
            const long lo = hex4();
            if (lo < 0xDC00 || lo > 0xDFFF) fail_at(esc, "unpaired high surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default: fail_at(esc, std::string("unknown escape '\\") + e + "'");
      }
    }
  }

  const std::string& s_;
  Location where_;
  std::size_t i_ = 0;
};

}  // namespace

std::string history_to_json(const std::vector<Operation>& history, const Location& where) {
  std::string out = "[";
  for (std::size_t k = 0; k < history.size(); ++k) {
    const Operation& op = history[k];
    if (k) out += ", ";
    out += "{\"name\": ";
    write_string(out, op.name, where);
    out += ", \"source\": ";
    write_string(out, op.source, where);
    out += ", \"parameters\": {";
    for (std::size_t p = 0; p < op.parameters.size(); ++p) {
      if (p) out += ", ";
      write_string(out, op.parameters[p].first, where);
      out += ": ";
      write_string(out, op.parameters[p].second, where);
    }
    out += "}}";
  }
  return out + "]";
}

std::vector<Operation> history_from_json(const std::string& text, const Location& where) {
  return Parser(text, where).parse();
}

std::string history_to_text(const std::vector<Operation>& history) {
  std::string out;
  for (std::size_t k = 0; k < history.size(); ++k) {
    const Operation& op = history[k];
    if (k) out += '\n';
    out += op.name + ' ' + op.source + " {";
    for (std::size_t p = 0; p < op.parameters.size(); ++p) {
      if (p) out += ", ";
      out += py_repr(op.parameters[p].first) + ": " + py_repr(op.parameters[p].second);
    }
    out += '}';
  }
  return out;
}

}  // namespace aqm::emis::detail
