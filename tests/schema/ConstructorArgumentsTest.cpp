//===- ConstructorArgumentsTest.cpp - A child's symbols at its call site --===//
#include "modelcompat/schema/ConstructorArguments.h"

#include <gtest/gtest.h>

using namespace modelcompat;

TEST(ConstructorArguments, AccessorsOfBoundOptionsAreReplaced) {
  ConstructorArguments Arguments{{"dim", "options.channels()"}};
  EXPECT_EQ(bindConstructorArguments("options.dim()", Arguments), "options.channels()");
  EXPECT_EQ(bindConstructorArguments("options_.dim()", Arguments), "options.channels()");
  EXPECT_EQ(bindConstructorArguments("this->options.dim()", Arguments), "options.channels()");
  EXPECT_EQ(bindConstructorArguments("dim", Arguments), "options.channels()");
}

TEST(ConstructorArguments, CompoundArgumentsKeepTheirPrecedence) {
  ConstructorArguments Arguments{{"dim", "a + b"}};
  EXPECT_EQ(bindConstructorArguments("2 * options.dim()", Arguments), "2 * (a + b)");
  EXPECT_EQ(bindConstructorArguments("dim / 2", Arguments), "(a + b) / 2");
}

TEST(ConstructorArguments, ConstantsFold) {
  ConstructorArguments Arguments{{"in", "4"}, {"out", "4"}, {"fc", "false"}};
  EXPECT_EQ(bindConstructorArguments("options.in() != options.out()", Arguments), "false");
  EXPECT_EQ(bindConstructorArguments("in * 2", Arguments), "8");
  EXPECT_EQ(bindConstructorArguments("options.fc()", Arguments), "false");
}

TEST(ConstructorArguments, UnboundNamesAndOtherObjectsStay) {
  ConstructorArguments Arguments{{"dim", "c"}};
  EXPECT_EQ(bindConstructorArguments("options.heads()", Arguments), "options.heads()");
  EXPECT_EQ(bindConstructorArguments("other.dim()", Arguments), "other.dim()");
  EXPECT_EQ(bindConstructorArguments("x.dim", Arguments), "x.dim");
  EXPECT_EQ(bindConstructorArguments("heads", {}), "heads");
}

TEST(ConstructorArguments, TextThatDoesNotParseIsKept) {
  EXPECT_EQ(bindConstructorArguments("{unknown", {{"unknown", "1"}}), "{unknown");
}

TEST(ConstructorArguments, AnElementOfABoundListIsThatElement) {
  ConstructorArguments Arguments{{"kernel_size", "{3, 5}"}};
  EXPECT_EQ(bindConstructorArguments("kernel_size[1]", Arguments), "5");
  EXPECT_EQ(bindConstructorArguments("2 * kernel_size[0]", Arguments), "6");
  EXPECT_EQ(bindConstructorArguments("kernel_size", Arguments), "{3, 5}");
  // A list of a named type is a value of that type, not bare elements.
  EXPECT_EQ(bindConstructorArguments("sizes", {{"sizes", "std::vector<int64_t>{1, 2}"}}),
            "std::vector<int64_t>{1, 2}");
}

TEST(ConstructorArguments, AccessorsOfAParameterTakingTheOptionsWholeAreReplaced) {
  ConstructorArguments Arguments{{"out_channels", "2 * w"}};
  EXPECT_EQ(bindConstructorArguments("opts.out_channels()", Arguments, {"opts"}), "2 * w");
  // Without the parameter named, `opts` is any object.
  EXPECT_EQ(bindConstructorArguments("opts.out_channels()", Arguments), "opts.out_channels()");
  EXPECT_EQ(bindConstructorArguments("other.out_channels()", Arguments, {"opts"}),
            "other.out_channels()");
}
