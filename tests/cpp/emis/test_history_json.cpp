// The history JSON codec.  The expected texts are Python's json.dumps() output for the same
// lists (Python 3.11, default arguments), and the UTF-8 bytes are the Unicode encodings of
// U+676D U+5DDE (杭州), U+2082, U+2085 and U+1F600 (surrogates D83D DE00 in JSON).
#include <doctest/doctest.h>

#include <aqm/emis/detail/history_json.hpp>

#include <string>

using namespace aqm::emis;
using aqm::emis::detail::history_from_json;
using aqm::emis::detail::history_to_json;
using aqm::emis::detail::history_to_text;

namespace {
std::vector<Operation> sample() {
  return {{"scale",
           "dir/\"q\"\\x.csv",
           {{"factor", "0.5"}, {"note", "line1\nline2\ttab\r\b\f\x01\x7f"}}},
          {"rename",
           "",
           {{"from", "Hangzhou \xe6\x9d\xad\xe5\xb7\x9e"},
            {"to", "PM\xe2\x82\x82.\xe2\x82\x85 \xf0\x9f\x98\x80"}}}};
}
// json.dumps(history) in Python for the history above.
const char* kPython =
    R"([{"name": "scale", "source": "dir/\"q\"\\x.csv", "parameters": {"factor": "0.5", )"
    R"("note": "line1\nline2\ttab\r\b\f\u0001\u007f"}}, {"name": "rename", "source": "", )"
    R"("parameters": {"from": "Hangzhou \u676d\u5dde", "to": "PM\u2082.\u2085 \ud83d\ude00"}}])";

template <class F>
std::string parse_error(F&& f) {
  try {
    f();
  } catch (const aqm::ParseError& e) {
    return e.what();
  }
  return "(no ParseError)";
}
}  // namespace

TEST_CASE("emis history JSON: writer matches Python json.dumps byte for byte") {
  CHECK(history_to_json(sample()) == kPython);
  CHECK(history_to_json({}) == "[]");
  CHECK(history_to_json({{"a", "b", {}}}) == R"([{"name": "a", "source": "b", "parameters": {}}])");
}

TEST_CASE("emis history JSON: reader decodes Python's text, escapes and surrogate pairs") {
  CHECK(history_from_json(kPython) == sample());
  CHECK(history_from_json(history_to_json(sample())) == sample());
  // Whitespace, key order, '\/' and upper-case hex; raw UTF-8 inside strings.
  const auto ops = history_from_json(
      " [ {\"parameters\" : { \"k\" : \"\\u00E9\\/\xc3\xa9\" } ,\n"
      " \"source\":\"\", \"name\":\"n\"} ] ");
  REQUIRE(ops.size() == 1);
  CHECK(ops[0].name == "n");
  CHECK(ops[0].parameters[0].second == "\xc3\xa9/\xc3\xa9");
  CHECK(history_from_json("[]").empty());
}

TEST_CASE("emis history JSON: numbers and booleans from Python are kept as their text") {
  const auto ops = history_from_json(
      R"([{"name": "x", "source": "s", "parameters": {"n": 1.5e3, "m": -0.25, "z": 0, )"
      R"("b": true, "f": false, "u": null}}])");
  REQUIRE(ops.size() == 1);
  const std::vector<std::pair<std::string, std::string>> want{
      {"n", "1.5e3"}, {"m", "-0.25"}, {"z", "0"}, {"b", "true"}, {"f", "false"}, {"u", "null"}};
  CHECK(ops[0].parameters == want);
}

TEST_CASE("emis history JSON: malformed text is a ParseError naming file, item, line and column") {
  const aqm::Location where{"inv.nc", 0, 0, "history_json"};
  auto msg = [&](const std::string& text) {
    return parse_error([&] { history_from_json(text, where); });
  };
  auto fails_with = [&](const std::string& text, const std::string& part) {
    const std::string m = msg(text);
    INFO(m);
    return m.find(part) != std::string::npos;
  };
  CHECK(msg(R"({"name": "a"})").find("inv.nc:1:1: history_json: ") == 0);
  // The 'x' is character 51 of the line (counted with Python's str.index).
  const std::string bad_value = R"([{"name": "a", "source": "b", "parameters": {"k": x}}])";
  CHECK(msg(bad_value).find("inv.nc:1:51:") == 0);
  CHECK(msg("[\n{\"name\": \"a\", \"source\": \"b\"}]").find("inv.nc:2:1:") == 0);
  CHECK(fails_with("[\n{\"name\": \"a\", \"source\": \"b\"}]", "no 'parameters'"));
  CHECK(fails_with(R"([{"name": "a", "source": "b", "parameters": {}, "extra": ""}])",
                   "unknown key"));
  CHECK(fails_with(R"([{"name": "a", "name": "b", "source": "b", "parameters": {}}])",
                   "duplicate key"));
  CHECK(fails_with(R"([{"name": "a", "source": "b", "parameters": {"k": [1]}}])",
                   "strings, numbers"));
  CHECK(fails_with(R"([{"name": "\ud83d", "source": "b", "parameters": {}}])",
                   "unpaired high surrogate"));
  CHECK(fails_with(R"([{"name": "\ude00", "source": "b", "parameters": {}}])",
                   "unpaired low surrogate"));
  CHECK(fails_with(R"([{"name": "\u12G4", "source": "b", "parameters": {}}])", "four hex digits"));
  CHECK(fails_with(R"([{"name": "\x", "source": "b", "parameters": {}}])", "unknown escape"));
  CHECK(fails_with("[{\"name\": \"a\tb\", \"source\": \"b\", \"parameters\": {}}]",
                   "control character"));
  CHECK(fails_with("[{\"name\": \"\xff\", \"source\": \"b\", \"parameters\": {}}]",
                   "not valid UTF-8"));
  CHECK(fails_with("[{\"name\": \"\xc0\xaf\", \"source\": \"b\", \"parameters\": {}}]",
                   "not valid UTF-8"));
  CHECK(fails_with(R"([{"name": "a", "source": "b", "parameters": {"n": 01}}])", "expected"));
  CHECK(
      fails_with(R"([{"name": "a", "source": "b", "parameters": {"n": 1.}}])", "malformed number"));
  CHECK(fails_with(R"([{"name": "a", "source": "b", "parameters": {"n": NaN}}])",
                   "expected a value"));
  CHECK(fails_with(R"([{"name": "a", "source": "b", "parameters": {}}] x)",
                   "after the history list"));
  CHECK(fails_with(R"([{"name": "a", "source": "b", "parameters": {}})", "end of the text"));
  CHECK(fails_with(R"([{"name": "abc)", "unterminated string"));
  CHECK(fails_with("", "expected '['"));
  CHECK(fails_with("[1]", "expected '{'"));
  CHECK(fails_with(R"([{"name": 3, "source": "b", "parameters": {}}])", "expected a string"));
}

TEST_CASE("emis history JSON: writing text that is not UTF-8 is an InvalidArgument") {
  CHECK_THROWS_AS(history_to_json({{"a", "latin1 \xe9", {}}}), aqm::InvalidArgument);
  CHECK_THROWS_AS(history_to_json({{"a", "cut \xe6\x9d", {}}}), aqm::InvalidArgument);
}

TEST_CASE("emis history text: one line per operation with Python repr quoting") {
  // Python: "\n".join(f"{h['name']} {h['source']} {h['parameters']}" for h in history)
  const std::vector<Operation> h{{"scale", "f.toml", {{"factor", "0.5"}, {"it's", "x"}}},
                                 {"read_csv", "a.csv", {}}};
  CHECK(history_to_text(h) == "scale f.toml {'factor': '0.5', \"it's\": 'x'}\nread_csv a.csv {}");
}
