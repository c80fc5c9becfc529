//===- KeyPattern.cpp - State-dict key patterns with placeholders --------===//
#include "modelcompat/schema/KeyPattern.h"

#include <cstdint>
#include <unordered_set>

namespace modelcompat {
namespace {

/// A backtracking match that remembers the (pattern, key) positions that
/// failed, so no placeholder split is tried twice.
class KeyMatcher {
public:
  KeyMatcher(const std::string &Pattern, const std::string &Key) : Pattern(Pattern), Key(Key) {}

  bool match(size_t P, size_t K) {
    for (; P < Pattern.size() && Pattern[P] != '{'; ++P, ++K)
      if (K >= Key.size() || Key[K] != Pattern[P])
        return false;
    if (P == Pattern.size())
      return K == Key.size();
    size_t Close = Pattern.find('}', P);
    if (Close == std::string::npos)
      return false;
    uint64_t State = static_cast<uint64_t>(P) * (Key.size() + 1) + K;
    if (Failed.count(State))
      return false;
    for (size_t End = K + 1; End <= Key.size() && Key[End - 1] != '.'; ++End) {
      Spans.push_back({P, K, End});
      if (match(Close + 1, End))
        return true;
      Spans.pop_back();
    }
    Failed.insert(State);
    return false;
  }

  KeyBindings bindings() const {
    KeyBindings Out;
    for (const Span &S : Spans) {
      size_t Close = Pattern.find('}', S.Pattern);
      Out.emplace_back(Pattern.substr(S.Pattern + 1, Close - S.Pattern - 1),
                       Key.substr(S.Begin, S.End - S.Begin));
    }
    return Out;
  }

private:
  struct Span {
    size_t Pattern, Begin, End;
  };
  const std::string &Pattern;
  const std::string &Key;
  std::vector<Span> Spans;
  std::unordered_set<uint64_t> Failed;
};

} // namespace

std::optional<KeyBindings> matchKeyPattern(const std::string &Pattern, const std::string &Key) {
  KeyMatcher Matcher(Pattern, Key);
  if (!Matcher.match(0, 0))
    return std::nullopt;
  return Matcher.bindings();
}

bool matchesKeyPattern(const std::string &Pattern, const std::string &Key) {
  return KeyMatcher(Pattern, Key).match(0, 0);
}

std::string expandKeyPattern(const std::string &Pattern, const KeyBindings &Bindings) {
  std::string Out;
  for (size_t P = 0; P < Pattern.size();) {
    size_t Close = Pattern[P] == '{' ? Pattern.find('}', P) : std::string::npos;
    if (Close == std::string::npos) {
      Out += Pattern[P++];
      continue;
    }
    std::string Name = Pattern.substr(P + 1, Close - P - 1);
    std::string Value = "{" + Name + "}";
    for (const auto &[Bound, Text] : Bindings)
      if (Bound == Name) {
        Value = Text;
        break;
      }
    Out += Value;
    P = Close + 1;
  }
  return Out;
}

} // namespace modelcompat
