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
  EXPECT_EQ(normaliseCondition("!(!small)"), "small");
  EXPECT_EQ(normaliseCondition("!( ! small )"), normaliseCondition("small"));
  EXPECT_EQ(normaliseCondition("((a))"), "a");
  EXPECT_EQ(normaliseCondition(""), "");
  EXPECT_EQ(normaliseCondition("true"), "");
}

TEST(ConditionLogic, NormalFormAppliesDeMorganAndSortsOperands) {
  EXPECT_EQ(normaliseCondition("!(fused && deep)"), normaliseCondition("!deep || !fused"));
  EXPECT_EQ(normaliseCondition("!(a || b)"), normaliseCondition("!b && !a"));
  EXPECT_EQ(normaliseCondition("(b) && (a) && (b)"), "a && b");
  EXPECT_EQ(normaliseCondition("!(in < out)"), "in >= out");
  EXPECT_EQ(normaliseCondition("!(in == out)"), "in != out");
  EXPECT_NE(normaliseCondition("!(a && b)"), normaliseCondition("!a && !b"));
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
