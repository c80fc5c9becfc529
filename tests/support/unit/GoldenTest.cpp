// The golden-update switch and the folder comparison every golden test uses.
#include "support/Golden.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>

using namespace modelcompat::test;

namespace {

/// Sets MODELCOMPAT_UPDATE_GOLDENS (or unsets it, for std::nullopt) for one
/// scope, restoring what the test was started with.
class UpdateSwitch {
public:
  explicit UpdateSwitch(std::optional<std::string> Value) {
    if (const char *Old = std::getenv(UpdateGoldensVariable))
      Saved = Old;
    set(Value);
  }
  ~UpdateSwitch() { set(Saved); }

private:
  static void set(const std::optional<std::string> &Value) {
    if (Value)
      setenv(UpdateGoldensVariable, Value->c_str(), 1);
    else
      unsetenv(UpdateGoldensVariable);
  }
  std::optional<std::string> Saved;
};

} // namespace

TEST(GoldenSwitch, OnlyOneRewrites) {
  {
    UpdateSwitch Unset(std::nullopt);
    EXPECT_FALSE(updatingGoldens());
  }
  {
    UpdateSwitch Empty("");
    EXPECT_FALSE(updatingGoldens());
  }
  {
    UpdateSwitch One("1");
    EXPECT_TRUE(updatingGoldens());
  }
}

TEST(GoldenSwitch, AnyOtherValueIsAnError) {
  UpdateSwitch Zero("0");
  try {
    updatingGoldens();
    FAIL() << "'0' was taken as a switch setting";
  } catch (const std::runtime_error &Error) {
    EXPECT_STREQ(Error.what(), "MODELCOMPAT_UPDATE_GOLDENS is '0': set it to 1 to rewrite "
                               "golden files, or unset it");
  }
}

TEST(GoldenFolder, FailsOnADifferentAndAStaleFile) {
  UpdateSwitch Unset(std::nullopt);
  TempDirectory Dir;
  Dir.write("same.txt", "a\n");
  Dir.write("changed.txt", "old\n");
  std::string Stale = Dir.write("stale.txt", "x\n");
  ::testing::AssertionResult Result =
      matchesGoldenFolder({{"same.txt", "a\n"}, {"changed.txt", "new\n"}}, Dir.path().string());
  EXPECT_FALSE(Result);
  EXPECT_NE(std::string(Result.message()).find("output differs from " + Dir.file("changed.txt")),
            std::string::npos)
      << Result.message();
  EXPECT_NE(std::string(Result.message())
                .find("stale golden file " + Stale + " (MODELCOMPAT_UPDATE_GOLDENS=1 removes it)"),
            std::string::npos)
      << Result.message();
  EXPECT_TRUE(matchesGoldenFolder(
      {{"same.txt", "a\n"}, {"changed.txt", "old\n"}, {"stale.txt", "x\n"}}, Dir.path().string()));
}

TEST(GoldenFolder, UpdatingWritesTheFilesAndRemovesStaleOnes) {
  UpdateSwitch One("1");
  TempDirectory Dir;
  Dir.write("stale.txt", "x\n");
  EXPECT_TRUE(matchesGoldenFolder({{"new.txt", "n\n"}}, Dir.path().string()));
  EXPECT_FALSE(std::filesystem::exists(Dir.file("stale.txt")));
  UpdateSwitch Unset(std::nullopt);
  EXPECT_TRUE(matchesGoldenFolder({{"new.txt", "n\n"}}, Dir.path().string()));
}
