// `modelcompat migrate` end to end: the CLI, its exit codes, its whole
// output, the files it writes and the ones it refuses to overwrite. Saved
// reports are the diff goldens' expected.json (DiffGoldenTest keeps each
// equal to what `diff --format json` prints for its case), and the files
// migrate writes for them are the case's expected-migrate/ (MigrateGoldenTest).
#include "modelcompat/support/ReadFile.h"
#include "support/DiffGoldenCase.h"
#include "support/InProcessCli.h"
#include "support/StubTorch.h"
#include "support/TempDirectory.h"
#include "support/TempGitRepo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

using namespace modelcompat::test;
using modelcompat::readFile;
namespace fs = std::filesystem;

namespace {

/// Every file under Dir, relative to it, sorted.
std::vector<std::string> listFiles(const fs::path &Dir) {
  std::vector<std::string> Out;
  for (const auto &Entry : fs::recursive_directory_iterator(Dir))
    if (Entry.is_regular_file())
      Out.push_back(fs::relative(Entry.path(), Dir).generic_string());
  std::sort(Out.begin(), Out.end());
  return Out;
}

ProcessResult migrate(std::vector<std::string> Args) {
  Args.insert(Args.begin(), "migrate");
  return runModelcompatInProcess(Args);
}

/// The saved `diff --format json` report of a diff golden case.
std::string savedDiff(const std::string &Case) {
  return (diffGoldenRoot() / Case / "expected.json").string();
}

/// A file of a case's expected migrate outputs.
std::string expectedMigrate(const std::string &Case, const std::string &Name) {
  return (diffGoldenRoot() / Case / "expected-migrate" / Name).string();
}

const std::string MonaiStem = "AttnBlockImpl-fd44e9a7f20d-367fcf5e3b9a";

} // namespace

TEST(MigrateCommand, WritesSpecAndCppFromASavedDiffAndPrintsTheRenames) {
  TempDirectory Dir;
  std::string Out = Dir.file("out");
  ProcessResult Result = migrate({"--diff", savedDiff("monai-attention"), "-o", Out});
  EXPECT_EQ(Result.Error, "");
  EXPECT_EQ(Result.ExitCode, 4);
  std::string Expected = "rename proposals:\n";
  std::istringstream Proposals(readFile(expectedMigrate("monai-attention", "proposals.txt")));
  for (std::string Line; std::getline(Proposals, Line);)
    Expected += "  " + Line + "\n";
  Expected += "wrote " + Out + "/" + MonaiStem + ".json\n" + "wrote " + Out + "/" + MonaiStem +
              ".cpp\n" + "1 migration, 0 with todos\n";
  EXPECT_EQ(Result.Output, Expected);
  EXPECT_EQ(listFiles(Out), (std::vector<std::string>{MonaiStem + ".cpp", MonaiStem + ".json"}));
  for (const char *Extension : {".json", ".cpp"})
    EXPECT_EQ(readFile(Out + "/" + MonaiStem + Extension),
              readFile(expectedMigrate("monai-attention", MonaiStem + Extension)));
}

TEST(MigrateCommand, RefusesToOverwriteUnlessForced) {
  TempDirectory Dir;
  std::string Out = Dir.file("out");
  std::string Diff = savedDiff("monai-attention");
  ASSERT_EQ(migrate({"--diff", Diff, "-o", Out}).ExitCode, 4);
  std::string Edited = "// reviewed by a human\n";
  Dir.write("out/" + MonaiStem + ".cpp", Edited);

  ProcessResult Again = migrate({"--diff", Diff, "-o", Out});
  EXPECT_EQ(Again.ExitCode, 1);
  EXPECT_EQ(Again.Error, "modelcompat: error: refusing to overwrite existing file '" + Out + "/" +
                             MonaiStem + ".json' (use --force to replace it)\n");
  EXPECT_EQ(Again.Output, "");
  EXPECT_EQ(readFile(Out + "/" + MonaiStem + ".cpp"), Edited);

  ProcessResult Forced = migrate({"--diff", Diff, "-o", Out, "--force"});
  EXPECT_EQ(Forced.ExitCode, 4);
  EXPECT_EQ(readFile(Out + "/" + MonaiStem + ".cpp"),
            readFile(expectedMigrate("monai-attention", MonaiStem + ".cpp")));
  EXPECT_EQ(listFiles(Out).size(), 2u); // no temporary files left behind
}

TEST(MigrateCommand, TodoMigrationExitsTwelve) {
  TempDirectory Dir;
  ProcessResult Result = migrate({"--diff", savedDiff("options-reshape"), "-o", Dir.file("out")});
  EXPECT_EQ(Result.ExitCode, 12);
  std::string Stem = "vision_StemImpl-323917550fff-1fbef0484999";
  EXPECT_EQ(Result.Output, "wrote " + Dir.file("out") + "/" + Stem + ".json\nwrote " +
                               Dir.file("out") + "/" + Stem +
                               ".cpp (1 todo to resolve)\n1 migration, 1 with todos\n");
}

TEST(MigrateCommand, NoChangeWritesNothing) {
  TempDirectory Dir;
  ProcessResult Result =
      migrate({"--diff", savedDiff("negative-forward-only"), "-o", Dir.file("out")});
  EXPECT_EQ(Result.ExitCode, 0);
  EXPECT_EQ(Result.Output, "no migration needed between 1d94aeb737de and 86a29f729b6f\n");
  EXPECT_FALSE(fs::exists(Dir.file("out")));
}

// Through the binary: the current directory is the process's.
TEST(MigrateCommand, DefaultOutputIsModelcompatMigrationsInTheCurrentDirectory) {
  TempDirectory Dir;
  ProcessOptions InDir;
  InDir.WorkingDirectory = Dir.path().string();
  ProcessResult Result =
      runModelcompatBinary({"migrate", "--diff", savedDiff("flux-outpad")}, InDir);
  EXPECT_EQ(Result.ExitCode, 4);
  EXPECT_EQ(listFiles(Dir.path()),
            (std::vector<std::string>{
                "modelcompat/migrations/flux_UpsampleBlockImpl-68f344858801-bc51f8dfe015.cpp",
                "modelcompat/migrations/flux_UpsampleBlockImpl-68f344858801-bc51f8dfe015.json"}));
}

TEST(MigrateCommand, HostileModuleNameCannotEscapeTheOutputDirectory) {
  TempDirectory Dir;
  Dir.write("diff.json", R"({"schema_version": 1,
    "base": {"commit": "../../a1b2c3d4e5f6"}, "head": {"commit": "/etc/0f1e2d3c4b5a"},
    "changes": [{"module": "../../../../tmp/evil/..\\x\"; system(\"id\"); //",
                 "kind": "added", "entry_kind": "buffer", "new_key": "outpad",
                 "new_shape": ["2"], "breaking": true}]})");
  ProcessResult Result = migrate({"--diff", Dir.file("diff.json"), "-o", Dir.file("out")});
  EXPECT_EQ(Result.ExitCode, 4) << Result.Error;
  EXPECT_EQ(
      listFiles(Dir.path()),
      (std::vector<std::string>{"diff.json", "out/tmp_evil_._x_system_id-a1b2c3-etc_0f1e2d3.cpp",
                                "out/tmp_evil_._x_system_id-a1b2c3-etc_0f1e2d3.json"}));
}

// Through the binary: -o out is relative to the process's current directory.
TEST(MigrateCommand, JsonFormatListsTheFiles) {
  TempDirectory Dir;
  ProcessOptions InDir;
  InDir.WorkingDirectory = Dir.path().string();
  ProcessResult Result = runModelcompatBinary(
      {"migrate", "--diff", savedDiff("flux-outpad"), "-o", "out", "--format", "json", "--dry-run"},
      InDir);
  EXPECT_EQ(Result.ExitCode, 4);
  EXPECT_EQ(Result.Output, R"({
  "base": {
    "commit": "68f3448588013f4200c1341c2380d6fa8a617951",
    "rev": "v1"
  },
  "head": {
    "commit": "bc51f8dfe0154a24b245a6059ddca91042cafd86",
    "rev": "HEAD"
  },
  "migrations": [
    {
      "cpp": "out/flux_UpsampleBlockImpl-68f344858801-bc51f8dfe015.cpp",
      "id": "flux::UpsampleBlockImpl@68f344858801..bc51f8dfe015",
      "module": "flux::UpsampleBlockImpl",
      "spec": "out/flux_UpsampleBlockImpl-68f344858801-bc51f8dfe015.json",
      "todos": 0
    }
  ],
  "renames": [],
  "schema_version": 1,
  "warnings": []
}
)");
  EXPECT_FALSE(fs::exists(Dir.file("out"))); // --dry-run
}

TEST(MigrateCommand, UsageErrors) {
  ProcessResult NoRevisions = migrate({});
  EXPECT_EQ(NoRevisions.ExitCode, 2);
  EXPECT_EQ(NoRevisions.Error, "modelcompat: error: modelcompat migrate: expected BASE and "
                               "HEAD revisions (see --help)\n");
  ProcessResult Both = migrate({"v1", "HEAD", "--diff", "d.json"});
  EXPECT_EQ(Both.ExitCode, 2);
  EXPECT_EQ(Both.Error, "modelcompat: error: modelcompat migrate: --diff takes the revisions "
                        "from the report; do not also name BASE and HEAD\n");
  ProcessResult Confidence = migrate({"--diff", "d.json", "--min-confidence", "2"});
  EXPECT_EQ(Confidence.ExitCode, 2);
  EXPECT_EQ(Confidence.Error, "modelcompat: error: modelcompat migrate: invalid value '2' for "
                              "'--min-confidence' (expected a number from 0 to 1)\n");
  ProcessResult Missing = migrate({"--diff", "/nonexistent/d.json"});
  EXPECT_EQ(Missing.ExitCode, 1);
  EXPECT_EQ(Missing.Error.rfind("modelcompat: error: cannot read '/nonexistent/d.json': ", 0), 0u)
      << Missing.Error;
}

TEST(MigrateCommand, HelpNamesTheExitCodes) {
  ProcessResult Help = migrate({"--help"});
  EXPECT_EQ(Help.ExitCode, 0);
  EXPECT_NE(Help.Output.find("usage: modelcompat migrate BASE HEAD"), std::string::npos);
  EXPECT_NE(Help.Output.find("Exit codes: 0 nothing to migrate, 4 complete migrations "
                             "written, 12 some\nmigration holds a todo"),
            std::string::npos);
  EXPECT_NE(Help.Output.find("\nexamples:\n  modelcompat migrate v1 HEAD\n"), std::string::npos)
      << Help.Output;
}

// The whole pipeline on a real repository: two commits of the MONAI block,
// read from git objects, scanned with Clang, diffed, planned. With the stub
// <torch/torch.h>: DiffRealTorchTest is the one run on the real headers.
TEST(MigrateCommand, MigratesBetweenTwoCommitsOfARealRepository) {
  TempGitRepo Repo;
  std::string Base = Repo.commitFiles({{"models/attn.h", R"(#pragma once
#include <torch/torch.h>
namespace ns {
class AttnBlockImpl : public torch::nn::Module {
public:
  explicit AttnBlockImpl(int64_t ch) {
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({ch})));
    proj_attn = register_module("proj_attn", torch::nn::Linear(ch, ch));
    register_buffer("background", torch::zeros({1, ch}));
  }
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::Linear proj_attn{nullptr};
};
TORCH_MODULE(AttnBlock);
} // namespace ns
)"}},
                                      "base");
  std::string Head = Repo.commitFiles({{"models/attn.h", R"(#pragma once
#include <torch/torch.h>
namespace ns {
class AttentionImpl : public torch::nn::Module {
public:
  explicit AttentionImpl(int64_t ch) {
    out_proj = register_module("out_proj", torch::nn::Linear(ch, ch));
  }
  torch::nn::Linear out_proj{nullptr};
};
TORCH_MODULE(Attention);
class AttnBlockImpl : public torch::nn::Module {
public:
  explicit AttnBlockImpl(int64_t ch) {
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({ch})));
    attn = register_module("attn", Attention(ch));
  }
  torch::nn::LayerNorm norm{nullptr};
  Attention attn{nullptr};
};
TORCH_MODULE(AttnBlock);
} // namespace ns
)"}},
                                      "head");
  TempDirectory Out;
  ProcessResult Result =
      migrate({Base, Head, "--repo", Repo.root(), "-o", Out.file("m"), "--cache-dir",
               Out.file("cache"), "--extra-arg", modelcompat::test::stubTorchFlag()});
  EXPECT_EQ(Result.ExitCode, 4) << Result.Error;
  std::string Stem = "ns_AttnBlockImpl-" + Base.substr(0, 12) + "-" + Head.substr(0, 12);
  EXPECT_EQ(listFiles(Out.file("m")), (std::vector<std::string>{Stem + ".cpp", Stem + ".json"}));
  std::string Spec = readFile(Out.file("m/" + Stem + ".json"));
  EXPECT_NE(Spec.find("\"from\": \"proj_attn.weight\""), std::string::npos) << Spec;
  EXPECT_NE(Spec.find("\"to\": \"attn.out_proj.weight\""), std::string::npos) << Spec;
  EXPECT_NE(Spec.find("\"key\": \"background\""), std::string::npos) << Spec;
  EXPECT_NE(Result.Output.find("rename proposals:\n  ns::AttnBlockImpl: 'proj_attn.bias' -> "
                               "'attn.out_proj.bias' (confidence "),
            std::string::npos)
      << Result.Output;
  EXPECT_EQ(Repo.git({"status", "--porcelain"}), "");
}
