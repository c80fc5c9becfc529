//===- ScanCacheKeyTest.cpp - The scan cache's key, with the real scanner -===//
//
// Every input that can change a file's scan is in its cache key: headers
// outside the repository, includes that resolved to nothing, and new
// headers that would shadow a recorded include. Real Clang on the stub
// torch.h; the cache in a temporary directory.
//
//===----------------------------------------------------------------------===//
#include "extract/ScanTestSupport.h"
#include "support/TempDirectory.h"

#include "modelcompat/diff/ScanCache.h"
#include "modelcompat/support/BuildIdentity.h"
#include "support/Process.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

using namespace modelcompat;
using namespace modelcompat::test;
namespace fs = std::filesystem;

namespace {

const char *const NormHeader = "#pragma once\n"
                               "#include <torch/torch.h>\n"
                               "#include <ext_names.h>\n"
                               "struct NormImpl : torch::nn::Module {\n"
                               "  explicit NormImpl(int64_t ch) {\n"
                               "    scale = register_parameter(kScaleName, torch::ones({ch}));\n"
                               "  }\n"
                               "  torch::Tensor scale;\n"
                               "};\n"
                               "TORCH_MODULE(Norm);\n";

std::string namesHeader(const std::string &Name) {
  return "#pragma once\nconstexpr const char *kScaleName = \"" + Name + "\";\n";
}

struct ScanCacheKey : ::testing::Test {
  /// Scans Tree's models/norm.h through the cache; Stats of that run.
  ScanResult scan(const SourceTree &Tree) {
    ScanOptions Options;
    Options.ExtraArgs = {stubTorchFlag(), "-I" + External.path().string()};
    ScanCacheOptions Cache;
    Cache.Directory = CacheDir.path().string();
    Cache.ToolVersion = "test";
    Stats = ScanCacheStats();
    return scanWithCache(Tree, {"models/norm.h"}, Options, Cache, scanTree, Stats);
  }

  std::vector<std::string> keys(const ScanResult &Result) {
    std::vector<std::string> Keys;
    for (const ModuleSchema &Module : Result.Modules)
      for (const StateEntry &Entry : Module.Entries)
        Keys.push_back(Module.ClassName + "." + Entry.Name);
    return Keys;
  }

  SourceTree tree(std::vector<std::pair<std::string, std::string>> Files) {
    SourceTree Tree;
    for (auto &[Path, Content] : Files)
      Tree.Files.push_back({Path, Content, ""});
    return Tree;
  }

  TempDirectory External, CacheDir;
  ScanCacheStats Stats;
};

} // namespace

TEST_F(ScanCacheKey, AChangedHeaderOutsideTheTreeInvalidatesTheEntry) {
  std::string Names = External.write("ext_names.h", namesHeader("scale"));
  SourceTree Tree = tree({{"models/norm.h", NormHeader}});
  EXPECT_EQ(keys(scan(Tree)), std::vector<std::string>{"NormImpl.scale"});
  EXPECT_EQ(Stats.Misses, 1u);
  EXPECT_EQ(keys(scan(Tree)), std::vector<std::string>{"NormImpl.scale"});
  EXPECT_EQ(Stats.Hits, 1u);
  // An upgrade of the library: new contents and time, same path.
  External.write("ext_names.h", namesHeader("gamma"));
  fs::last_write_time(Names, fs::last_write_time(Names) + std::chrono::seconds(5));
  EXPECT_EQ(keys(scan(Tree)), std::vector<std::string>{"NormImpl.gamma"});
  EXPECT_EQ(Stats.Misses, 1u);
  EXPECT_EQ(Stats.Scanned, std::vector<std::string>{"models/norm.h"});
}

// A CI cache restored on another runner, or a package reinstalled, gives
// the same headers other times: keyed by content, the entry still hits.
TEST_F(ScanCacheKey, AHeaderOutsideTheTreeIsKeyedByContentNotTime) {
  std::string Names = External.write("ext_names.h", namesHeader("scale"));
  SourceTree Tree = tree({{"models/norm.h", NormHeader}});
  scan(Tree);
  fs::last_write_time(Names, fs::last_write_time(Names) + std::chrono::hours(1));
  EXPECT_EQ(keys(scan(Tree)), std::vector<std::string>{"NormImpl.scale"});
  EXPECT_EQ(Stats.Hits, 1u);
  // Same length, same time: only the bytes differ.
  auto Time = fs::last_write_time(Names);
  External.write("ext_names.h", namesHeader("scalf"));
  fs::last_write_time(Names, Time);
  EXPECT_EQ(keys(scan(Tree)), std::vector<std::string>{"NormImpl.scalf"});
  EXPECT_EQ(Stats.Misses, 1u);
}

// A repository scanned without its third-party libraries is the common case:
// its entries are cached (a warm diff must not re-parse every such file),
// keyed by whether each include served empty resolves now.
TEST_F(ScanCacheKey, AnIncludeServedEmptyIsKeyedByWhetherItResolvesNow) {
  SourceTree Tree = tree({{"models/norm.h", NormHeader}});
  ScanResult Missing = scan(Tree);
  ASSERT_EQ(Missing.Files.size(), 1u);
  EXPECT_EQ(Missing.Files[0].MissingIncludes, std::vector<std::string>{"ext_names.h"});
  scan(Tree);
  EXPECT_EQ(Stats.Hits, 1u);
  // Installed: the next scan misses and sees it.
  External.write("ext_names.h", namesHeader("scale"));
  EXPECT_EQ(keys(scan(Tree)), std::vector<std::string>{"NormImpl.scale"});
  EXPECT_EQ(Stats.Misses, 1u);
  scan(Tree);
  EXPECT_EQ(Stats.Hits, 1u);
}

TEST_F(ScanCacheKey, ANewHeaderThatWouldShadowAnIncludeInvalidatesTheEntry) {
  External.write("ext_names.h", namesHeader("scale"));
  SourceTree Tree = tree({{"models/norm.h", NormHeader}});
  EXPECT_EQ(keys(scan(Tree)), std::vector<std::string>{"NormImpl.scale"});
  // The project adds its own ext_names.h in an include directory searched
  // before the external one: norm.h's own blob did not change.
  SourceTree Shadowed =
      tree({{"models/norm.h", NormHeader}, {"include/ext_names.h", namesHeader("weight")}});
  EXPECT_EQ(keys(scan(Shadowed)), std::vector<std::string>{"NormImpl.weight"});
  EXPECT_EQ(Stats.Misses, 1u);
}

TEST(BuildIdentity, IsTheExecutablesGnuBuildId) {
  std::string Id = buildIdentity();
  EXPECT_EQ(Id, buildIdentity());
  ProcessResult Notes = runProcess({"readelf", "-n", fs::read_symlink("/proc/self/exe")});
  ASSERT_EQ(Notes.ExitCode, 0) << Notes.Error;
  EXPECT_NE(Notes.Output.find("Build ID: " + Id + "\n"), std::string::npos) << Id << "\n"
                                                                            << Notes.Output;
}
