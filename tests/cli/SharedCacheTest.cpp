//===- SharedCacheTest.cpp - A scan cache moved to another checkout -------===//
//
// CI restores the scan cache on another runner: another checkout path,
// another cache path, and the same packages installed with other file
// times. Through the CLI with the real scanner: a cache directory moved
// to another place and read from a clone of the repository parses nothing
// and answers byte for byte the same; touching the headers outside the
// repository (libtorch's, a library's) changes nothing, changing their
// content rescans what includes them. The "installed" headers are copies
// in a temporary directory (the stub torch.h and a library header reached
// through -I), never the system's.
//
//===----------------------------------------------------------------------===//
#include "support/InProcessCli.h"
#include "support/StubTorch.h"
#include "support/TempGitRepo.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;
using namespace modelcompat::test;

namespace {

const char *const NormHeader = "#pragma once\n"
                               "#include <torch/torch.h>\n"
                               "#include <ext_names.h>\n"
                               "#include \"names.h\"\n"
                               "\n"
                               "struct NormImpl : torch::nn::Module {\n"
                               "  explicit NormImpl(int64_t ch) {\n"
                               "    scale = register_parameter(kScaleName, torch::ones({ch}));\n"
                               "    shift = register_parameter(kShiftName, torch::zeros({ch}));\n"
                               "  }\n"
                               "  torch::Tensor scale, shift;\n"
                               "};\n"
                               "TORCH_MODULE(Norm);\n";

std::string constant(const std::string &Name, const std::string &Value) {
  return "#pragma once\nconstexpr const char *" + Name + " = \"" + Value + "\";\n";
}

/// Every file under Dir, one hour later than it was.
void touchAll(const fs::path &Dir) {
  for (const fs::directory_entry &Entry : fs::recursive_directory_iterator(Dir))
    if (Entry.is_regular_file())
      fs::last_write_time(Entry.path(), fs::last_write_time(Entry.path()) + std::chrono::hours(1));
}

/// How many times Text occurs in Error.
std::size_t count(const std::string &Error, const std::string &Text) {
  std::size_t N = 0;
  for (std::size_t At = Error.find(Text); At != std::string::npos; At = Error.find(Text, At + 1))
    ++N;
  return N;
}

std::string contentsOf(const fs::path &Path) {
  std::ifstream In(Path, std::ios::binary);
  return {std::istreambuf_iterator<char>(In), std::istreambuf_iterator<char>()};
}

struct SharedCache : ::testing::Test {
  void SetUp() override {
    fs::copy(modelcompat::test::stubTorchDir(), Installed.file("torch"),
             fs::copy_options::recursive);
    Installed.write("lib/ext_names.h", constant("kShiftName", "shift"));
    First = Repo.commitFiles(
        {{"models/names.h", constant("kScaleName", "scale")}, {"models/norm.h", NormHeader}},
        "first");
    Second = Repo.commitFiles({{"models/names.h", constant("kScaleName", "gamma")}}, "rename");
  }

  ProcessResult diff(const fs::path &Checkout, const std::string &CacheDir, const std::string &Base,
                     const std::string &Head) {
    return runModelcompatInProcess({"diff", Base, Head, "--repo", Checkout.string(), "--cache-dir",
                                    CacheDir, "--verbose", "--extra-arg",
                                    "-I" + Installed.file("torch"), "--extra-arg",
                                    "-I" + Installed.file("lib")});
  }

  TempDirectory Installed, Machines;
  TempGitRepo Repo;
  std::string First, Second;
};

} // namespace

TEST_F(SharedCache, AMovedCacheHitsInAnotherCheckoutWithOtherHeaderTimes) {
  std::string Written = Machines.file("first/cache");
  ProcessResult Cold = diff(Repo.path(), Written, First, Second);
  ASSERT_EQ(Cold.ExitCode, 12) << Cold.Output << Cold.Error;
  EXPECT_EQ(count(Cold.Error, "0 parsed (0 parses)"), 0u) << Cold.Error;

  // Nothing the next machine cannot use: no path of this checkout or cache.
  for (const char *Part : {"manifests", "results"})
    for (const fs::directory_entry &Entry : fs::directory_iterator(fs::path(Written) / Part)) {
      std::string Text = contentsOf(Entry.path());
      EXPECT_EQ(Text.find(Repo.root()), std::string::npos) << Entry.path() << "\n" << Text;
      EXPECT_EQ(Text.find(Machines.path().string()), std::string::npos) << Entry.path();
    }

  // The next CI run: the cache restored elsewhere, another checkout, the
  // same packages installed at another time.
  std::string Restored = Machines.file("second/restored-cache");
  fs::create_directories(Machines.file("second"));
  fs::rename(Written, Restored);
  fs::path Clone = Machines.path() / "second" / "checkout";
  ProcessResult Cloned = runProcess({"git", "clone", "-q", Repo.root(), Clone.string()});
  ASSERT_EQ(Cloned.ExitCode, 0) << Cloned.Error;
  touchAll(Installed.path());

  ProcessResult Warm = diff(Clone, Restored, First, Second);
  EXPECT_EQ(Warm.Output, Cold.Output);
  EXPECT_EQ(Warm.ExitCode, Cold.ExitCode);
  EXPECT_EQ(count(Warm.Error, "0 parsed (0 parses)"), 2u) << Warm.Error;

  // A pull request's change parses that file once, with the restored
  // precompiled torch.h (its inputs have other times, the same sizes).
  std::ofstream(Clone / "models" / "names.h") << constant("kScaleName", "weight");
  ProcessResult Committed =
      runProcess({"git", "-C", Clone.string(), "-c", "user.name=t", "-c",
                  "user.email=t@example.com", "commit", "-q", "-am", "weight"});
  ASSERT_EQ(Committed.ExitCode, 0) << Committed.Error;
  ProcessResult Changed = diff(Clone, Restored, Second, "HEAD");
  EXPECT_EQ(Changed.ExitCode, 12) << Changed.Error;
  EXPECT_EQ(count(Changed.Error, "0 parsed (0 parses)"), 1u) << Changed.Error;
  EXPECT_EQ(count(Changed.Error, "(1 parse),"), 1u) << Changed.Error;
}

TEST_F(SharedCache, HeadersOutsideTheRepositoryAreKeyedByContentNotTime) {
  std::string Cache = Machines.file("cache");
  ProcessResult Cold = diff(Repo.path(), Cache, First, Second);
  ASSERT_EQ(Cold.ExitCode, 12) << Cold.Error;

  touchAll(Installed.path());
  ProcessResult Touched = diff(Repo.path(), Cache, First, Second);
  EXPECT_EQ(Touched.Output, Cold.Output);
  EXPECT_EQ(count(Touched.Error, "0 parsed (0 parses)"), 2u) << Touched.Error;

  // An upgraded library: same path, other content (and the same length,
  // so only the bytes tell). Both commits' norm.h are parsed again.
  Installed.write("lib/ext_names.h", constant("kShiftName", "shiff"));
  ProcessResult Upgraded = diff(Repo.path(), Cache, First, Second);
  EXPECT_EQ(count(Upgraded.Error, "0 parsed (0 parses)"), 0u) << Upgraded.Error;
  EXPECT_EQ(Upgraded.Output, diff(Repo.path(), Machines.file("fresh"), First, Second).Output);
}

// A compilation database names the checkout's absolute paths; another
// runner's checkout is elsewhere, its database (generated there) names that.
TEST_F(SharedCache, ACompilationDatabaseOfAnotherCheckoutStillHits) {
  auto WriteDatabase = [&](const fs::path &Checkout) {
    std::string File = (Checkout / "models" / "norm.h").string();
    fs::create_directories(Checkout / "build");
    std::ofstream(Checkout / "build" / "compile_commands.json")
        << "[{\"directory\": \"" << (Checkout / "build").string() << "\", \"file\": \"" << File
        << "\", \"arguments\": [\"c++\", \"-std=c++17\", \"-I" << Installed.file("torch")
        << "\", \"-I" << Installed.file("lib") << "\", \"-I" << (Checkout / "models").string()
        << "\", \"-c\", \"" << File << "\"]}]\n";
  };
  auto Diff = [&](const fs::path &Checkout, const std::string &CacheDir) {
    return runModelcompatInProcess({"diff", First, Second, "--repo", Checkout.string(),
                                    "--cache-dir", CacheDir, "--verbose", "-p",
                                    (Checkout / "build").string()});
  };
  WriteDatabase(Repo.path());
  std::string Written = Machines.file("first/cache");
  ProcessResult Cold = Diff(Repo.path(), Written);
  ASSERT_EQ(Cold.ExitCode, 12) << Cold.Output << Cold.Error;

  fs::path Clone = Machines.path() / "second" / "checkout";
  ProcessResult Cloned = runProcess({"git", "clone", "-q", Repo.root(), Clone.string()});
  ASSERT_EQ(Cloned.ExitCode, 0) << Cloned.Error;
  WriteDatabase(Clone);
  std::string Restored = Machines.file("second/restored-cache");
  fs::rename(Written, Restored);
  ProcessResult Warm = Diff(Clone, Restored);
  EXPECT_EQ(Warm.Output, Cold.Output);
  EXPECT_EQ(count(Warm.Error, "0 parsed (0 parses)"), 2u) << Warm.Error;
}
