#include "modelcompat/runtime/StateDict.h"

#include <gtest/gtest.h>

using namespace modelcompat;

TEST(StateDict, KeepsInsertionOrderAndPositionOnReplace) {
  StateDict Dict;
  Dict.set("b", torch::zeros({1}));
  Dict.set("a", torch::ones({2}));
  Dict.set("b", torch::ones({3}), {Provenance::Kind::Copied, {"old_b"}, "rename"});
  EXPECT_EQ(Dict.keys(), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(Dict.find("b")->Value.numel(), 3);
  EXPECT_EQ(Dict.find("b")->Origin.describe(), "copied(old_b)");
  EXPECT_TRUE(Dict.erase("b"));
  EXPECT_FALSE(Dict.erase("b"));
  EXPECT_EQ(Dict.keys(), (std::vector<std::string>{"a"}));
  EXPECT_NE(Dict.find("a"), nullptr);
}
