// The scan cache through the CLI (in-process) with the real scanner: a change to an
// included project header invalidates its includers; a corrupt or
// unwritable cache costs a warning, never a wrong answer.
#include "support/InProcessCli.h"
#include "support/StubTorch.h"
#include "support/TempGitRepo.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace modelcompat::test;

namespace {

std::string namesHeader(const std::string &Name) {
  return "#pragma once\nconstexpr const char *kScaleName = \"" + Name + "\";\n";
}

const char *const ModelHeader = "#pragma once\n"
                                "#include <torch/torch.h>\n"
                                "#include \"names.h\"\n"
                                "\n"
                                "struct NormImpl : torch::nn::Module {\n"
                                "  explicit NormImpl(int64_t ch) {\n"
                                "    scale = register_parameter(kScaleName, torch::ones({ch}));\n"
                                "  }\n"
                                "  torch::Tensor scale;\n"
                                "};\n"
                                "TORCH_MODULE(Norm);\n";

struct DiffCache : ::testing::Test {
  void SetUp() override {
    First = Repo.commitFiles(
        {{"models/names.h", namesHeader("scale")}, {"models/norm.h", ModelHeader}}, "first");
    Second = Repo.commitFiles({{"models/names.h", namesHeader("gamma")}}, "rename");
  }

  ProcessResult diff(const std::string &Base, const std::string &Head, const std::string &Dir) {
    return runModelcompatInProcess({"diff", Base, Head, "--repo", Repo.root(), "--cache-dir", Dir,
                                    "--extra-arg", stubTorchFlag()});
  }

  TempGitRepo Repo;
  TempDirectory Cache;
  std::string First, Second;
};

} // namespace

TEST_F(DiffCache, ChangeInAnIncludedHeaderInvalidatesTheIncluder) {
  // Warm the cache with the first commit on both sides.
  ProcessResult Same = diff(First, First, Cache.path().string());
  EXPECT_EQ(Same.ExitCode, 0) << Same.Error;
  // norm.h did not change, names.h did: the stale entry must not be used.
  ProcessResult Changed = diff(First, Second, Cache.path().string());
  EXPECT_EQ(Changed.ExitCode, 12) << Changed.Error;
  EXPECT_EQ(Changed.Output.substr(0, Changed.Output.find('\n') + 1),
            "models/norm.h:7:13: warning: parameter 'scale' of 'NormImpl' renamed to 'gamma' "
            "(confidence 0.75: same type and shape, same position) [state-dict-renamed]\n");
  // Warm and cold agree.
  TempDirectory Cold;
  EXPECT_EQ(diff(First, Second, Cold.path().string()).Output, Changed.Output);
  EXPECT_EQ(diff(First, Second, Cache.path().string()).Output, Changed.Output);
}

TEST_F(DiffCache, CorruptEntriesAreIgnoredWithAWarning) {
  ProcessResult Good = diff(First, Second, Cache.path().string());
  for (const fs::directory_entry &Entry :
       fs::recursive_directory_iterator(Cache.path() / "results"))
    if (Entry.is_regular_file())
      std::ofstream(Entry.path(), std::ios::trunc) << "{\"schema_version\": 1, \"modu";
  ProcessResult Again = diff(First, Second, Cache.path().string());
  EXPECT_EQ(Again.Output, Good.Output);
  EXPECT_EQ(Again.ExitCode, Good.ExitCode);
  EXPECT_EQ(Again.Error.rfind("modelcompat: warning: ignoring corrupt scan cache entry '" +
                                  (Cache.path() / "results").string() + "/",
                              0),
            0u)
      << Again.Error;
  EXPECT_NE(Again.Error.find("' (not valid JSON); rescanning\n"), std::string::npos);
}

TEST_F(DiffCache, UnwritableCacheDirectoryIsAWarning) {
  std::string NotADirectory = Cache.write("file", "x");
  ProcessResult Result = diff(First, Second, NotADirectory);
  EXPECT_EQ(Result.ExitCode, 12);
  EXPECT_EQ(Result.Output, diff(First, Second, Cache.file("fresh")).Output);
  EXPECT_EQ(Result.Error.rfind("modelcompat: warning: cannot write the scan cache in '" +
                                   NotADirectory + "', continuing without it: ",
                               0),
            0u)
      << Result.Error;
}

// A header's class takes its registrations from the .cpp scanned with it.
// Scans of other scopes (-- PATH) must not hand each other their entries:
// `-- include` alone sees no constructor, the whole tree does.
TEST(DiffCacheScopes, PathFiltersDoNotShareEntries) {
  TempGitRepo Repo;
  const std::string Header = "#pragma once\n#include <torch/torch.h>\n"
                             "struct NetImpl : torch::nn::Module {\n  NetImpl();\n};\n";
  auto Source = [](const char *Name) {
    return std::string("#include \"net.h\"\nNetImpl::NetImpl() {\n"
                       "  register_parameter(\"") +
           Name + "\", torch::ones({2}));\n}\n";
  };
  std::string Base =
      Repo.commitFiles({{"include/net.h", Header},
                        {"src/net.cpp", Source("w")},
                        {"tools/smoke.cpp", "#include \"net.h\"\nint main() { NetImpl n; }\n"}},
                       "base");
  std::string Head = Repo.commitFiles({{"src/net.cpp", Source("gain")}}, "head");
  TempDirectory Cache;
  auto Diff = [&](std::vector<std::string> Paths, const std::string &CacheDir) {
    std::vector<std::string> Args = {"diff",          Base,          Head,
                                     "--repo",        Repo.root(),   "--extra-arg",
                                     stubTorchFlag(), "--extra-arg", "-Iinclude"};
    if (CacheDir.empty())
      Args.push_back("--no-cache");
    else
      Args.insert(Args.end(), {"--cache-dir", CacheDir});
    if (!Paths.empty()) {
      Args.push_back("--");
      Args.insert(Args.end(), Paths.begin(), Paths.end());
    }
    return runModelcompatInProcess(Args);
  };
  for (std::vector<std::string> Paths :
       {std::vector<std::string>{}, {"include", "src"}, {"include"}, {}, {"include", "src"}}) {
    ProcessResult Cached = Diff(Paths, Cache.path().string());
    ProcessResult Fresh = Diff(Paths, "");
    EXPECT_EQ(Cached.Output, Fresh.Output) << "-- " << ::testing::PrintToString(Paths);
    EXPECT_EQ(Cached.ExitCode, Fresh.ExitCode);
    EXPECT_EQ(Cached.ExitCode, Paths.size() == 1 ? 0 : 12) << Cached.Output << Cached.Error;
  }
}

// A header's class takes its registrations from the .cpp that defines its
// constructor, and another .cpp includes the header too. A comment in that
// other .cpp changes the header's key (its includers' blobs are part of
// it) but not the constructor's file's: the header must be scanned again
// together with every file that includes it, never alone, or its class is
// remembered with nothing registered. Within one run (the head reusing the
// base's results) and across runs with one cache directory, every answer
// is the one a scan from nothing gives.
TEST(DiffCacheIncremental, HeaderRescannedWithTheFilesThatIncludeIt) {
  TempGitRepo Repo;
  auto Header = [](const std::string &Member) {
    return "#pragma once\n#include <torch/torch.h>\n\n"
           "struct AttnBlockImpl : torch::nn::Module {\n"
           "  explicit AttnBlockImpl(int64_t channels);\n"
           "  torch::nn::Linear " +
           Member + "{nullptr};\n};\nTORCH_MODULE(AttnBlock);\n";
  };
  auto Constructor = [](const std::string &Member) {
    return "#include \"attn.h\"\n\nAttnBlockImpl::AttnBlockImpl(int64_t channels) {\n  " + Member +
           " = register_module(\"" + Member + "\", torch::nn::Linear(channels, channels));\n}\n";
  };
  const std::string Model = "#include <torch/torch.h>\n#include \"attn.h\"\n\n"
                            "struct ModelImpl : torch::nn::Module {\n"
                            "  ModelImpl() { attn = register_module(\"attn\", AttnBlock(8)); }\n"
                            "  AttnBlock attn{nullptr};\n};\nTORCH_MODULE(Model);\n";
  std::string V1 = Repo.commitFiles({{"include/attn.h", Header("proj_attn")},
                                     {"src/attn.cpp", Constructor("proj_attn")},
                                     {"src/model.cpp", Model}},
                                    "v1");
  std::string V2 = Repo.commitFiles(
      {{"include/attn.h", Header("out_proj")}, {"src/attn.cpp", Constructor("out_proj")}}, "v2");
  std::string C3 = Repo.commitFiles({{"src/model.cpp", Model + "// The whole model.\n"}}, "c3");
  auto Diff = [&](const std::string &Base, const std::string &Head, const std::string &CacheDir) {
    std::vector<std::string> Args = {"diff",          Base,          Head,
                                     "--repo",        Repo.root(),   "--extra-arg",
                                     stubTorchFlag(), "--extra-arg", "-Iinclude"};
    if (CacheDir.empty())
      Args.push_back("--no-cache");
    else
      Args.insert(Args.end(), {"--cache-dir", CacheDir});
    return runModelcompatInProcess(Args);
  };
  // A comment changes nothing, with or without a cache.
  ProcessResult CommentOnly = Diff(V2, C3, "");
  EXPECT_EQ(CommentOnly.ExitCode, 0) << CommentOnly.Output << CommentOnly.Error;
  EXPECT_EQ(CommentOnly.Output.find("warning:"), std::string::npos) << CommentOnly.Output;
  TempDirectory Cache;
  for (auto [Base, Head] : {std::pair{V1, V2}, {V2, C3}, {V1, C3}}) {
    ProcessResult Cached = Diff(Base, Head, Cache.path().string());
    ProcessResult Fresh = Diff(Base, Head, "");
    TempDirectory Cold;
    EXPECT_EQ(Cached.Output, Fresh.Output) << Base << ".." << Head;
    EXPECT_EQ(Cached.Output, Diff(Base, Head, Cold.path().string()).Output);
    EXPECT_EQ(Cached.ExitCode, Base == V2 ? 0 : 12) << Cached.Output << Cached.Error;
  }
  // v1 to c3 finds the rename of v1 to v2, once (the summaries name other
  // commits).
  auto Findings = [](const std::string &Output) {
    return Output.substr(0, Output.find("summary:"));
  };
  std::string Renamed = Findings(Diff(V1, V2, "").Output);
  EXPECT_NE(Renamed.find("module 'proj_attn' of 'AttnBlockImpl' renamed to 'out_proj'"),
            std::string::npos)
      << Renamed;
  EXPECT_EQ(Findings(Diff(V1, C3, Cache.path().string()).Output), Renamed);
}

// A file that cannot define a module class is not parsed, and its entry is
// keyed by every project file its text may include. heads.cpp names no
// module word; at head the macro header it includes starts defining modules:
// heads.cpp must be parsed there (its HeadImpl found), at head and when the
// head's result is reused from the cache, never the base's "no modules".
TEST(DiffCacheIncremental, ASkippedFileIsParsedOnceAnIncludedHeaderNamesTorch) {
  TempGitRepo Repo;
  auto Blocks = [](const std::string &Registrations) {
    return "#pragma once\n#include <torch/torch.h>\n"
           "#define DECLARE_BLOCK(Name, Width)                                  \\\n"
           "  struct Name##Impl : torch::nn::Module {                           \\\n"
           "    Name##Impl() { " +
           Registrations +
           " }                           \\\n"
           "  };                                                                \\\n"
           "  TORCH_MODULE(Name)\n";
  };
  const std::string Net = "#include <torch/torch.h>\n"
                          "struct NetImpl : torch::nn::Module {\n"
                          "  NetImpl() { fc = register_module(\"fc\", torch::nn::Linear(8, 4)); }\n"
                          "  torch::nn::Linear fc{nullptr};\n"
                          "};\nTORCH_MODULE(Net);\n";
  std::string Base = Repo.commitFiles(
      {{"include/blocks.h",
        "#pragma once\n"
        "#define DECLARE_BLOCK(Name, Width) struct Name##Impl { long width = Width; }\n"},
       {"src/heads.cpp", "#include \"blocks.h\"\nDECLARE_BLOCK(Head, 4);\n"},
       {"src/net.cpp", Net}},
      "base");
  std::string Head = Repo.commitFiles(
      {{"include/blocks.h", Blocks("register_parameter(\"w\", torch::zeros({Width}));")}}, "head");
  std::string Head2 = Repo.commitFiles(
      {{"include/blocks.h", Blocks("register_parameter(\"w\", torch::zeros({Width})); "
                                   "register_parameter(\"b\", torch::zeros({Width}));")}},
      "head2");
  TempDirectory Cache;
  auto Diff = [&](const std::string &From, const std::string &To, bool Cached) {
    std::vector<std::string> Args = {
        "diff",          From,          To,          "--repo",   Repo.root(), "--extra-arg",
        stubTorchFlag(), "--extra-arg", "-Iinclude", "--verbose"};
    if (Cached)
      Args.insert(Args.end(), {"--cache-dir", Cache.path().string()});
    else
      Args.push_back("--no-cache");
    return runModelcompatInProcess(Args);
  };
  ProcessResult First = Diff(Base, Head, true);
  EXPECT_NE(First.Error.find("modelcompat: note: 3 files: 2 parsed (1 parse), 1 skipped "
                             "(cannot define a module class), 0 reused (at " +
                             Base + ")\n"),
            std::string::npos)
      << First.Error;
  // net.cpp includes neither changed file: reused. heads.cpp is parsed.
  EXPECT_NE(First.Error.find("modelcompat: note: 3 files: 2 parsed (1 parse), 0 skipped "
                             "(cannot define a module class), 1 reused (at " +
                             Head + ")\n"),
            std::string::npos)
      << First.Error;
  EXPECT_EQ(First.Output, Diff(Base, Head, false).Output);
  // The head's result, now from the cache, holds HeadImpl: its new
  // parameter is a change, not a class that appeared.
  ProcessResult Second = Diff(Head, Head2, true);
  EXPECT_EQ(Second.ExitCode, 12) << Second.Output << Second.Error;
  EXPECT_NE(Second.Output.find("parameter 'b' added to 'HeadImpl'"), std::string::npos)
      << Second.Output;
  EXPECT_EQ(Second.Output, Diff(Head, Head2, false).Output);
}
