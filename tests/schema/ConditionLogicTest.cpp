// Guards compared as logic: normal forms and the merge of alternatives.
#include "modelcompat/schema/ConditionLogic.h"

#include <gtest/gtest.h>

using namespace modelcompat;

namespace {

std::string merged(const std::optional<std::string> &A, const std::optional<std::string> &B) {
  auto M = mergeAlternativeConditions(A, B);
  if (!M)
    return "<not one conjunction>";
  return M->value_or("<always>");
}

} // namespace

TEST(ConditionLogic, NormalFormDropsDoubleNegationAndSpelling) {
  EXPECT_EQ(normalizeCondition("!(!small)"), "small");
  EXPECT_EQ(normalizeCondition("!( ! small )"), normalizeCondition("small"));
  EXPECT_EQ(normalizeCondition("((a))"), "a");
  EXPECT_EQ(normalizeCondition(""), "");
  EXPECT_EQ(normalizeCondition("true"), "");
}

TEST(ConditionLogic, NormalFormAppliesDeMorganAndSortsOperands) {
  EXPECT_EQ(normalizeCondition("!(fused && deep)"), normalizeCondition("!deep || !fused"));
  EXPECT_EQ(normalizeCondition("!(a || b)"), normalizeCondition("!b && !a"));
  EXPECT_EQ(normalizeCondition("(b) && (a) && (b)"), "a && b");
  EXPECT_EQ(normalizeCondition("!(in < out)"), "in >= out");
  EXPECT_EQ(normalizeCondition("!(in == out)"), "in != out");
  EXPECT_NE(normalizeCondition("!(a && b)"), normalizeCondition("!a && !b"));
}

TEST(ConditionLogic, ComplementaryAlternativesAreUnconditional) {
  EXPECT_EQ(merged("small", "!(small)"), "<always>");
  EXPECT_EQ(merged("!small", "!(!small)"), "<always>");
  EXPECT_EQ(merged("(use_bn) && (small)", "(use_bn) && (!(small))"), "use_bn");
  EXPECT_EQ(merged("a", "(a) && (b)"), "a");
  EXPECT_EQ(merged(std::nullopt, "a"), "<always>");
  EXPECT_EQ(merged("a", "b"), "<not one conjunction>");
  EXPECT_EQ(merged("(a) && (b)", "(!a) && (!b)"), "<not one conjunction>");
}
