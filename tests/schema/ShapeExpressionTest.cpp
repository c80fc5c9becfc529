// The expression module: source text of shapes and conditions parsed,
// folded and printed in one spelling.
#include "modelcompat/schema/ShapeExpression.h"

#include <gtest/gtest.h>

using namespace modelcompat;

TEST(FoldExpressionText, FoldsIntegerArithmetic) {
  EXPECT_EQ(foldExpressionText("2*  4"), "8");
  EXPECT_EQ(foldExpressionText("in / 1"), "in");
  EXPECT_EQ(foldExpressionText("(2 + 3) * ch"), "5 * ch");
  EXPECT_EQ(foldExpressionText("7 / 2"), "3");
  EXPECT_EQ(foldExpressionText("-7 % 3"), "-1");
  EXPECT_EQ(foldExpressionText("1 * x + 0"), "x");
  EXPECT_EQ(foldExpressionText("64LL"), "64");
  EXPECT_EQ(foldExpressionText("0x10"), "16");
}

TEST(FoldExpressionText, SpacesAroundBinaryOperatorsNoneInsideParentheses) {
  EXPECT_EQ(foldExpressionText("a+b*c"), "a + b * c");
  EXPECT_EQ(foldExpressionText("( a+b )*c"), "(a + b) * c");
  EXPECT_EQ(foldExpressionText("((ch))"), "ch");
  EXPECT_EQ(foldExpressionText("a - (b - c)"), "a - (b - c)");
  EXPECT_EQ(foldExpressionText("(a - b) - c"), "a - b - c");
  EXPECT_EQ(foldExpressionText("(a * b) + c"), "a * b + c");
  EXPECT_EQ(foldExpressionText("options.in_channels( )/ groups"), "options.in_channels() / groups");
  EXPECT_EQ(foldExpressionText("x.size( 0 )"), "x.size(0)");
  EXPECT_EQ(foldExpressionText("opts->dim [1]"), "opts->dim[1]");
  EXPECT_EQ(foldExpressionText("std::max( a,b )"), "std::max(a, b)");
  EXPECT_EQ(foldExpressionText("static_cast< int64_t >(n)*2"), "static_cast<int64_t>(n) * 2");
  EXPECT_EQ(foldExpressionText("{3,5}"), "{3, 5}");
  EXPECT_EQ(foldExpressionText("std::vector<int64_t>{ c }"), "std::vector<int64_t>{c}");
  EXPECT_EQ(foldExpressionText("-x"), "-x");
  EXPECT_EQ(foldExpressionText("- -x"), "-(-x)");
}

TEST(FoldExpressionText, FoldsConditionsAndComparisons) {
  EXPECT_EQ(foldExpressionText("true ? 2 : 1"), "2");
  EXPECT_EQ(foldExpressionText("flag ? 2 : 1"), "flag ? 2 : 1");
  EXPECT_EQ(foldExpressionText("3 > 0"), "true");
  EXPECT_EQ(foldExpressionText("d == d && k == d"), "k == d");
  EXPECT_EQ(foldExpressionText("!(a == b)"), "a != b");
  EXPECT_EQ(foldExpressionText("false || use_bias"), "use_bias");
  EXPECT_EQ(foldExpressionText("a ? b : c ? d : e"), "a ? b : c ? d : e");
  EXPECT_EQ(foldExpressionText("(a ? b : c) ? d : e"), "(a ? b : c) ? d : e");
}

TEST(FoldExpressionText, KeepsWhatItCannotParseWithSpacesCollapsed) {
  EXPECT_EQ(foldExpressionText("  a   =  b "), "a = b");
  EXPECT_EQ(foldExpressionText("f( [&]{ return 1; } )"), "f([&]{ return 1; })");
  EXPECT_EQ(foldExpressionText("\"a  b\""), "\"a  b\"");
  std::string Long = "x";
  for (int I = 0; I < 5000; ++I)
    Long = "(" + Long + " + 1)";
  EXPECT_EQ(foldExpressionText(Long), Long); // Too long to parse: kept.
}
