//===- VerifyEndToEndTest.cpp - modelcompat verify on real git repositories ===//
//
// Each test builds a temporary git repository from the example model
// (ExampleRepo.h: the MONAI-style attention refactor and the upsampling block
// gaining `outpad`). The first test to need a revision builds it (a few
// minutes cold); the others wait on the cache lock and reuse it.
//
//===----------------------------------------------------------------------===//
#include "ExampleRepo.h"
#include "modelcompat/support/ReadFile.h"
#include "support/Process.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace modelcompat::test;
using modelcompat::readFile;
using nlohmann::json;

namespace {

/// The MONAI bug as a migration: the projections move into `attn`, but the
/// output projection is initialised (identity weight, zero bias, exactly as
/// MONAI's load_old_state_dict did) instead of taken from proj_attn.
std::string outProjIdentityMigration(const TempDirectory &Temp, const std::string &Repo) {
  std::string Base = shellOutput("git -C " + shellQuoted(Repo) + " rev-parse HEAD~1");
  std::string Head = shellOutput("git -C " + shellQuoted(Repo) + " rev-parse HEAD");
  json Rules = json::array();
  for (const char *Proj : {"to_q", "to_k", "to_v"})
    for (const char *Param : {"weight", "bias"})
      Rules.push_back({{"op", "rename"},
                       {"from", std::string(Proj) + "." + Param},
                       {"to", std::string("attn.") + Proj + "." + Param}});
  Rules.push_back({{"op", "init"}, {"key", "attn.out_proj.weight"}, {"source", "identity"}});
  Rules.push_back({{"op", "init"}, {"key", "attn.out_proj.bias"}, {"source", "zeros"}});
  json Attn = {{"schema_version", 1},
               {"module", "fx::AttnBlockImpl"},
               {"from", {{"commit", Base}}},
               {"to", {{"commit", Head}}},
               {"rules", Rules}};
  json Outpad = {
      {"schema_version", 1},
      {"module", "fx::UpsampleImpl"},
      {"from", {{"commit", Base}}},
      {"to", {{"commit", Head}}},
      {"rules", json::array({{{"op", "init"}, {"key", "outpad"}, {"source", "new_model"}}})}};
  Temp.write("wrong/attn.json", Attn.dump(2));
  Temp.write("wrong/upsample.json", Outpad.dump(2));
  return Temp.file("wrong");
}

std::string firstLine(const std::string &Text) { return Text.substr(0, Text.find('\n')); }

std::string shortSha(const std::string &Repo, const std::string &Rev) {
  return shellOutput("git -C " + shellQuoted(Repo) + " rev-parse " + Rev).substr(0, 12);
}

/// Everything verify must not touch: files, index, refs, HEAD, status.
std::string snapshot(const std::string &Repo) {
  return shellOutput("cd " + shellQuoted(Repo) +
                     " && find . -path ./.git/objects -prune -o -type f -print0 | "
                     "sort -z | xargs -0 sha256sum && git status --porcelain=v1 "
                     "--untracked-files=all && git for-each-ref && cat .git/HEAD");
}

} // namespace

TEST(VerifyEndToEnd, GeneratedMigrationPasses) {
  TempDirectory Temp;
  std::string Repo = makeExampleRepo(Temp);
  ProcessResult Result =
      verify(Repo, {"--migrations", generatedMigrations(Repo), "HEAD~1", "HEAD"});
  EXPECT_EQ(Result.ExitCode, 0) << Result.Output << Result.Error;
  EXPECT_EQ(firstLine(Result.Output), "verify " + shortSha(Repo, "HEAD~1") + " (HEAD~1) -> " +
                                          shortSha(Repo, "HEAD") + " (HEAD): PASS");
  EXPECT_NE(Result.Output.find("model 'autoencoder', seeded checkpoint (created by "
                               "the base harness): PASS\n"),
            std::string::npos)
      << Result.Output;
  EXPECT_NE(Result.Output.find("  output 0 float32 [2, 4, 8, 8]: max abs error "),
            std::string::npos)
      << Result.Output;
}

TEST(VerifyEndToEnd, OutProjInitialisedInsteadOfMigratedFails) {
  TempDirectory Temp;
  std::string Repo = makeExampleRepo(Temp);
  ProcessResult Result = verify(Repo, {"--migrations", outProjIdentityMigration(Temp, Repo),
                                       "--html", Temp.file("report.html"), "HEAD~1", "HEAD"});
  EXPECT_EQ(Result.ExitCode, 12) << Result.Output << Result.Error;
  for (const char *Block : {"encoder.attn0", "encoder.attn1", "decoder.attn0"})
    for (const auto &[Param, Source] :
         {std::pair{"weight", "identity"}, std::pair{"bias", "zeros"}}) {
      std::string Line = std::string("    seeded checkpoint (created by the base "
                                     "harness): error: old tensor '") +
                         Block + ".proj_attn." + Param + "' left unconsumed while '" + Block +
                         ".attn.out_proj." + Param + "' was initialised(" + Source +
                         "); copy it with a rule or drop it "
                         "explicitly [unconsumed-old-tensor]\n";
      EXPECT_NE(Result.Output.find(Line), std::string::npos) << Line << Result.Output;
    }
  // encoder.block0 still matches; the attention block is where it breaks.
  EXPECT_NE(Result.Output.find("  first divergent probe 'encoder.attn0' float32 "),
            std::string::npos)
      << Result.Output;
  EXPECT_NE(Result.Output.find("    ledger: encoder.attn0.attn.out_proj.weight <- "
                               "initialised(identity)\n"),
            std::string::npos)
      << Result.Output;
  EXPECT_TRUE(fs::exists(Temp.file("report.html")));
}

TEST(VerifyEndToEnd, OutpadInitialisedFromTheNewModelPasses) {
  TempDirectory Temp;
  std::string Repo = makeExampleRepo(Temp);
  ProcessResult Result = verify(
      Repo, {"--migrations", generatedMigrations(Repo), "--format", "json", "HEAD~1", "HEAD"});
  ASSERT_EQ(Result.ExitCode, 0) << Result.Output << Result.Error;
  json Report = json::parse(Result.Output);
  EXPECT_EQ(Report["status"], "pass");
  const json &Ckpt = Report["models"][0]["checkpoints"][0];
  std::vector<std::string> Outpads;
  for (const json &Entry : Ckpt["ledger"]["entries"])
    if (Entry["key"].get<std::string>().find("outpad") != std::string::npos)
      Outpads.push_back(Entry["key"].get<std::string>() + " <- " +
                        Entry["provenance"].get<std::string>());
  ASSERT_EQ(Outpads.size(), 1u) << Ckpt["ledger"].dump(2);
  EXPECT_EQ(Outpads[0].rfind("decoder.up.outpad <- initialised(new_model", 0), 0u) << Outpads[0];
  EXPECT_TRUE(Ckpt["ledger"]["unconsumed"].empty());
  EXPECT_TRUE(Ckpt["ledger"]["unsourced"].empty());
}

TEST(VerifyEndToEnd, SamplingComparesEqualOnlyWhenSeeded) {
  TempDirectory Temp;
  std::string Repo = makeExampleRepo(Temp);
  std::string Migrations = generatedMigrations(Repo);
  ProcessResult Unseeded =
      verify(Repo, {"--migrations", Migrations, "--no-seed", "HEAD~1", "HEAD"});
  EXPECT_EQ(Unseeded.ExitCode, 12) << Unseeded.Output << Unseeded.Error;
  EXPECT_NE(
      Unseeded.Output.find("  why: the forward pass is not repeatable: two runs of the head model "
                           "on the same inputs differ (max abs error "),
      std::string::npos)
      << Unseeded.Output;
  EXPECT_NE(
      Unseeded.Output.find("forward() draws random numbers (e.g. randn_like) and seeding is "
                           "disabled (--no-seed); without it verify seeds the global generators "
                           "before every forward\n"),
      std::string::npos)
      << Unseeded.Output;
  // The latent sample is the first thing to differ.
  EXPECT_NE(Unseeded.Output.find("  first divergent probe 'latent' "), std::string::npos)
      << Unseeded.Output;
}

TEST(VerifyEndToEnd, RevisionThatDoesNotBuildIsAToolErrorWithTheLog) {
  TempDirectory Temp;
  std::string Repo = makeExampleRepo(Temp);
  shell("cd " + shellQuoted(Repo) +
        " && echo '#error deliberately broken' >> src/model.cpp "
        "&& git add -A && " +
        DeterministicGitEnv + "git commit -q -m broken");
  ProcessResult Result = verify(Repo, {"HEAD~1", "HEAD"});
  EXPECT_EQ(Result.ExitCode, 1) << Result.Output << Result.Error;
  // The first compiler error, with its place in the revision's tree.
  std::string Prefix = "modelcompat: error: revision " + shortSha(Repo, "HEAD") +
                       " (head, 'HEAD') does not build: src/model.cpp:";
  size_t At = Result.Error.find(Prefix);
  ASSERT_NE(At, std::string::npos) << Result.Error;
  std::string Cause = ": error: #error deliberately broken; build log: ";
  At = Result.Error.find(Cause, At);
  ASSERT_NE(At, std::string::npos) << Result.Error;
  std::string Log = Result.Error.substr(At + Cause.size());
  Log = Log.substr(0, Log.find('\n'));
  ASSERT_TRUE(fs::exists(Log)) << Log;
  EXPECT_NE(readFile(Log).find("deliberately broken"), std::string::npos);
  EXPECT_EQ(Result.Output, "");
  fs::remove(Log);
}

TEST(VerifyEndToEnd, LeavesTheWorkingTreeIndexAndBranchesAlone) {
  TempDirectory Temp;
  std::string Repo = makeExampleRepo(Temp);
  // Uncommitted work of every kind: modified, staged, untracked.
  shell("cd " + shellQuoted(Repo) +
        " && echo '// local edit' >> src/model.cpp && "
        "echo scratch > notes.txt && echo '// staged' >> src/encoder.cpp && "
        "git add src/encoder.cpp");
  std::string Migrations = generatedMigrations(Repo);
  std::string Before = snapshot(Repo);
  ProcessResult Result = verify(Repo, {"--migrations", Migrations, "HEAD~1", "HEAD"});
  EXPECT_EQ(Result.ExitCode, 0) << Result.Output << Result.Error;
  EXPECT_EQ(snapshot(Repo), Before);
  EXPECT_EQ(shellOutput("git -C " + shellQuoted(Repo) + " worktree list | wc -l"), "1");
}

TEST(VerifyEndToEnd, HtmlReportRendersInChromium) {
  if (runShell("command -v chromium").ExitCode != 0)
    GTEST_SKIP() << "chromium is not installed";
  TempDirectory Temp;
  std::string Repo = makeExampleRepo(Temp);
  ProcessResult Result = verify(Repo, {"--migrations", outProjIdentityMigration(Temp, Repo),
                                       "--html", Temp.file("report.html"), "HEAD~1", "HEAD"});
  ASSERT_EQ(Result.ExitCode, 12) << Result.Output << Result.Error;
  std::string Png = Temp.file("report.png");
  ProcessResult Shot = runProcess(
      {"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
       "--disable-component-update", "--disable-sync", "--no-first-run",
       "--user-data-dir=" + Temp.file("chromium"), "--window-size=1200,1500", "--screenshot=" + Png,
       "file://" + Temp.file("report.html")});
  ASSERT_EQ(Shot.ExitCode, 0) << Shot.Error;
  std::ifstream In(Png, std::ios::binary);
  std::string Bytes((std::istreambuf_iterator<char>(In)), {});
  ASSERT_GT(Bytes.size(), 8u);
  EXPECT_EQ(Bytes.substr(1, 3), "PNG");
  // A blank page compresses to almost nothing; a rendered report does not.
  EXPECT_GT(Bytes.size(), 20000u);
  if (const char *Keep = std::getenv("MODELCOMPAT_KEEP_SCREENSHOT"))
    fs::copy_file(Png, Keep, fs::copy_options::overwrite_existing);
}

TEST(VerifyEndToEnd, CudaHeadMatchesCpuBase) {
  // libtorch decides, not /dev/nvidia0: a GPU with a CPU-only libtorch skips.
  ProcessResult Probe = runProcess({MODELCOMPAT_EXAMPLE_V1_CHECKPOINT_WRITER, "--cuda-available"});
  ASSERT_EQ(Probe.ExitCode, 0) << Probe.Error;
  if (Probe.Output != "yes\n")
    GTEST_SKIP() << "libtorch sees no CUDA device: CUDA verification not run";
  TempDirectory Temp;
  std::string Repo = makeExampleRepo(Temp);
  ProcessResult Result =
      verify(Repo, {"--migrations", generatedMigrations(Repo), "--cross-device", "HEAD~1", "HEAD"});
  EXPECT_EQ(Result.ExitCode, 0) << Result.Output << Result.Error;
  EXPECT_NE(Result.Output.find("device base cpu, head cuda:0"), std::string::npos) << Result.Output;
}
