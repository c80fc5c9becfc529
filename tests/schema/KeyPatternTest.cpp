//===- KeyPatternTest.cpp - The one key-pattern matcher -------------------===//
//
// `diff` (coverage) and the runtime engine (application) share this matcher;
// the table pins its edge cases, including the one where they used to
// disagree ("layer{i}1.w" against "layer11.w").
//
//===----------------------------------------------------------------------===//
#include "modelcompat/schema/KeyPattern.h"

#include <gtest/gtest.h>

using namespace modelcompat;

namespace {

struct Case {
  const char *Pattern;
  const char *Key;
  /// "i=1,j=2" for a match, nullptr for none.
  const char *Bindings;
};

const Case Cases[] = {
    // Literal text.
    {"a.weight", "a.weight", ""},
    {"a.weight", "a.bias", nullptr},
    {"a.weight", "a.weight.x", nullptr},
    {"", "", ""},
    {"", "a", nullptr},
    // One placeholder takes one dot-free run, never empty, never a dot.
    {"blocks.{i}.conv.weight", "blocks.12.conv.weight", "i=12"},
    {"blocks.{i}.weight", "blocks.1.conv.weight", nullptr},
    {"heads.{i}.proj.bias", "heads..proj.bias", nullptr},
    {"{i}", "", nullptr},
    {"{i}", "abc", "i=abc"},
    {"{i}", "a.b", nullptr},
    {"to_{x}.weight", "to_q.weight", "x=q"},
    // Adjacent to digits: the shortest run that lets the rest match.
    {"layer{i}1.w", "layer11.w", "i=1"},
    {"layer{i}1.w", "layer121.w", "i=12"},
    {"layer{i}1.w", "layer1.w", nullptr},
    {"layer{i}.weight", "layer3.weight", "i=3"},
    {"{i}0", "100", "i=10"},
    {"x{i}x", "xxx", "i=x"},
    {"x{i}x", "xxxx", "i=xx"},
    // Several placeholders, adjacent or apart.
    {"blocks.{i}.heads.{j}.w", "blocks.3.heads.17.w", "i=3,j=17"},
    {"{a}{b}", "xyz", "a=x,b=yz"},
    {"{a}{b}", "x", nullptr},
    {"{a}_{b}.w", "to_q_k.w", "a=to,b=q_k"},
    {"{a}.{b}", "x.y", "a=x,b=y"},
    {"{a}.{b}", "x.y.z", nullptr},
    // A '{' without its '}' matches nothing.
    {"a.{i", "a.{i", nullptr},
    {"a.{i", "a.1", nullptr},
};

std::string describe(const std::optional<KeyBindings> &Bindings) {
  if (!Bindings)
    return "(no match)";
  std::string Out;
  for (const auto &[Name, Text] : *Bindings)
    Out += (Out.empty() ? "" : ",") + Name + "=" + Text;
  return Out;
}

} // namespace

TEST(KeyPattern, Table) {
  for (const Case &C : Cases) {
    SCOPED_TRACE(std::string(C.Pattern) + " ~ " + C.Key);
    std::optional<KeyBindings> Bindings = matchKeyPattern(C.Pattern, C.Key);
    EXPECT_EQ(describe(Bindings), C.Bindings ? C.Bindings : "(no match)");
    EXPECT_EQ(matchesKeyPattern(C.Pattern, C.Key), C.Bindings != nullptr);
    if (Bindings)
      EXPECT_EQ(expandKeyPattern(C.Pattern, *Bindings), C.Key);
  }
}

TEST(KeyPattern, LongHostileKeysStayCheap) {
  // Four adjacent placeholders against a 2,000-character segment that cannot
  // match: n^4 splits without remembering the failed ones, 3n^2 steps with.
  std::string Key(2000, 'a');
  EXPECT_FALSE(matchesKeyPattern("{a}{b}{c}{d}b", Key));
  EXPECT_TRUE(matchesKeyPattern("{a}{b}{c}{d}a", Key));
}

TEST(KeyPattern, ExpandLeavesUnboundPlaceholders) {
  EXPECT_EQ(expandKeyPattern("heads.{i}.out.{j}", {{"i", "12"}}), "heads.12.out.{j}");
}
