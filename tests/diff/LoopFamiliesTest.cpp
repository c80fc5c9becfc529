// Unrolled loop items against symbolic families, on hand-built keys.
#include "modelcompat/diff/LoopFamilies.h"

#include <gtest/gtest.h>

#include <deque>

using namespace modelcompat;

namespace {

/// Keys that outlive the KeyRefs pointing at them.
class Keys {
public:
  Keys &add(const std::string &Key, SymbolicShape Shape,
            const std::string &Layer = "torch::nn::Linear") {
    StateKey K;
    K.Key = Key;
    K.Shape = std::move(Shape);
    K.Layer = Layer;
    Storage.push_back(K);
    Refs.push_back({&Storage.back(), nullptr, 0});
    return *this;
  }
  /// An entry whose contents a function of another file makes: one
  /// unresolved key naming the call.
  Keys &unknownContents(const std::string &Name, const std::string &Producer) {
    return unresolved(Name + ".{" + Producer + "}");
  }
  Keys &unresolved(const std::string &Key) {
    StateKey K;
    K.Key = Key;
    K.Kind = EntryKind::Unresolved;
    Storage.push_back(K);
    Refs.push_back({&Storage.back(), nullptr, 0});
    return *this;
  }
  std::vector<KeyRef> Refs;

private:
  std::deque<StateKey> Storage;
};

} // namespace

TEST(LoopFamilies, PatternsMatchDigitsAndOtherPlaceholders) {
  std::map<std::string, std::string> Values;
  EXPECT_TRUE(matchesLoopPattern("blocks.{i}.weight", "blocks.12.weight", &Values));
  EXPECT_EQ(Values["i"], "12");
  EXPECT_TRUE(matchesLoopPattern("down{i}", "down3"));
  EXPECT_TRUE(matchesLoopPattern("s.{i}.b.{j}", "s.0.b.{b}", &Values));
  EXPECT_EQ(Values["j"], "b");
  EXPECT_FALSE(matchesLoopPattern("blocks.{i}.weight", "blocks.x.weight"));
  EXPECT_FALSE(matchesLoopPattern("down{i}", "down3.weight"));
  EXPECT_EQ(loopPlaceholders("s.{i}.b.{j}.w"), (std::vector<std::string>{"i", "j"}));
}

TEST(LoopFamilies, AFamilyCoversItemsWithItsLayout) {
  Keys Base, Head;
  for (const char *I : {"0", "1", "2"})
    Base.add(std::string("mlp.") + I + ".weight", {"dim", "dim"})
        .add(std::string("mlp.") + I + ".bias", {"dim"});
  Head.add("mlp.{i}.weight", {"dim", "dim"}).add("mlp.{i}.bias", {"dim"});
  std::vector<FamilyCoverage> Found = matchLoopFamilies(Base.Refs, Head.Refs, {}, nullptr);
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_TRUE(Found[0].Covered);
  EXPECT_FALSE(Found[0].SameFamily);
  EXPECT_EQ(Found[0].OldFamily, "mlp.{0..2}");
  EXPECT_EQ(Found[0].NewFamily, "mlp.{i}");
  EXPECT_EQ(Found[0].OldKeys.size(), 6u);
  EXPECT_EQ(Found[0].Reason, "3 items of 2 keys; the item count now comes from the loop bound");
}

TEST(LoopFamilies, ShapesThatUseTheIndexAreBoundPerItem) {
  Keys Base, Head;
  Base.add("lat.0.weight", {"ch", "ch"}).add("lat.1.weight", {"ch * 2", "ch"});
  Head.add("lat.{i}.weight", {"ch * (i + 1)", "ch"});
  std::vector<FamilyCoverage> Found = matchLoopFamilies(Base.Refs, Head.Refs, {}, nullptr);
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_TRUE(Found[0].Covered) << Found[0].Reason;
}

TEST(LoopFamilies, ShapesThatCannotBeShownEqualLeaveTheFamilyUnresolved) {
  Keys Base, Head;
  Base.add("lat.0.weight", {"ch", "ch"}).add("lat.1.weight", {"ch * 2", "ch"});
  Head.add("lat.{i}.weight", {"widths[i]", "ch"});
  std::vector<FamilyCoverage> Found = matchLoopFamilies(Base.Refs, Head.Refs, {}, nullptr);
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_FALSE(Found[0].Covered);
  EXPECT_EQ(Found[0].Reason, "'lat.{0..1}' and the loop family 'lat.{i}' have the same keys, but "
                             "'lat.0.weight' has shape [ch, ch] where 'lat.{i}.weight' gives "
                             "[widths[0], ch] with i = 0");
}

TEST(LoopFamilies, ItemsWithOtherKeysAreNotCovered) {
  Keys Base, Head;
  Base.add("mlp.0.weight", {"d", "d"}).add("mlp.1.weight", {"d", "d"});
  Head.add("mlp.{i}.weight", {"d", "d"}).add("mlp.{i}.bias", {"d"});
  EXPECT_TRUE(matchLoopFamilies(Base.Refs, Head.Refs, {}, nullptr).empty());
}

TEST(LoopFamilies, NestedFamiliesAndBackToUnrolled) {
  Keys Base, Head;
  Base.add("s.{i}.b.{j}.weight", {"w", "w"});
  for (const char *S : {"0", "1"})
    for (const char *B : {"0", "1"})
      Head.add(std::string("s.") + S + ".b." + B + ".weight", {"w", "w"});
  std::vector<FamilyCoverage> Found = matchLoopFamilies(Base.Refs, Head.Refs, {}, nullptr);
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_TRUE(Found[0].Covered);
  EXPECT_EQ(Found[0].OldFamily, "s.{i}");
  EXPECT_EQ(Found[0].NewFamily, "s.{0..1}");
  EXPECT_EQ(Found[0].NewKeys.size(), 4u);
}

TEST(LoopFamilies, UnknownContentsMadeByTheSameCallPerIndexAreCovered) {
  // Four registrations written out become a loop; a factory of another
  // file makes each block, so its keys are unknown on both sides. The same
  // call per index makes the same contents: one finding, not five.
  Keys Base, Head;
  for (int I = 0; I < 4; ++I)
    Base.unknownContents("inner" + std::to_string(I + 1),
                         "layers::make(relu, in_list[" + std::to_string(I) + "], out, 1)");
  Head.unknownContents("inner{i + 1}", "layers::make(relu, in_list[i], out, 1)");
  std::vector<FamilyCoverage> Found = matchLoopFamilies(Base.Refs, Head.Refs, {}, nullptr);
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_TRUE(Found[0].Covered) << Found[0].Reason;
  EXPECT_EQ(Found[0].OldFamily, "inner{1..4}");
  EXPECT_EQ(Found[0].NewFamily, "inner{i + 1}");
  EXPECT_EQ(Found[0].OldKeys.size(), 4u);
}

TEST(LoopFamilies, UnknownContentsMadeByAnotherCallAreNotCovered) {
  Keys Base, Head;
  Base.unknownContents("inner1", "make(in_list[0], out)")
      .unknownContents("inner2", "make(in_list[0], out)");
  Head.unknownContents("inner{i + 1}", "make(in_list[i], out)");
  std::vector<FamilyCoverage> Found = matchLoopFamilies(Base.Refs, Head.Refs, {}, nullptr);
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_FALSE(Found[0].Covered);
  EXPECT_EQ(Found[0].Reason, "'inner{1..2}' and the loop family 'inner{i + 1}' have the same keys, "
                             "but 'inner2.{make(in_list[0], out)}' is made by 'make(in_list[0], "
                             "out)' where 'inner{i + 1}.{make(in_list[i], out)}' makes it by "
                             "'make(in_list[1], out)' with i = 1");
}

TEST(LoopFamilies, UnknownContentsRenamedWithTheLoopArePairedByIndex) {
  Keys Base, Head;
  for (int I = 1; I <= 3; ++I)
    Base.unknownContents("layer" + std::to_string(I), "make(out, out, 3)");
  Head.unknownContents("layers{i + 1}", "make(out, out, 3)");
  std::vector<FamilyCoverage> Found = matchLoopFamilies(Base.Refs, Head.Refs, {}, nullptr);
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_TRUE(Found[0].Covered) << Found[0].Reason;
  EXPECT_EQ(Found[0].RenamedItems,
            (std::vector<std::pair<std::string, std::string>>{
                {"layer1", "layers1"}, {"layer2", "layers2"}, {"layer3", "layers3"}}));
}

TEST(LoopFamilies, AnUnresolvedRegistrationInALoopIsNoItem) {
  // "blocks.{j}" is a registration of unknown type in a loop, not contents
  // a call makes: it neither joins nor breaks the family's items.
  Keys Base, Head;
  Base.add("blocks.0.weight", {"d", "d"})
      .add("blocks.1.weight", {"d", "d"})
      .unresolved("blocks.{j}");
  Head.add("blocks.{i}.weight", {"d", "d"});
  std::vector<FamilyCoverage> Found = matchLoopFamilies(Base.Refs, Head.Refs, {}, nullptr);
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_TRUE(Found[0].Covered) << Found[0].Reason;
  EXPECT_EQ(Found[0].OldKeys.size(), 2u);
}

TEST(LoopFamilies, AnUnresolvedNameIsNoFamily) {
  // "{prefix + name}" is a name the scan could not read, not a loop index:
  // it covers nothing, though its braces would match any number.
  Keys Base, Head;
  Base.add("0.weight", {"d", "d"}).add("1.weight", {"d", "d"});
  Head.unresolved("{prefix + name}");
  EXPECT_TRUE(matchLoopFamilies(Base.Refs, Head.Refs, {}, nullptr).empty());
}
