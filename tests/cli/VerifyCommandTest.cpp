//===- VerifyCommandTest.cpp - verify's flags, usage and input errors -----===//
// Errors verify reports before it builds anything: whole messages and exit
// codes. The end-to-end runs are in tests/verify.
#include "support/Process.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>

using namespace modelcompat::test;

namespace {

const std::string GitEnv = "GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t "
                           "GIT_COMMITTER_EMAIL=t@example.com ";

/// A repository with one commit holding Files ({path, content}).
std::string repoWith(const TempDirectory &Temp,
                     const std::vector<std::pair<std::string, std::string>> &Files) {
  for (const auto &[Path, Content] : Files)
    Temp.write("repo/" + Path, Content);
  std::string Repo = Temp.file("repo");
  ProcessResult Init = runShell("cd '" + Repo +
                                "' && git init -q -b main . && "
                                "git add -A && " +
                                GitEnv + "git commit -q --allow-empty -m one");
  EXPECT_EQ(Init.ExitCode, 0) << Init.Error;
  return Repo;
}

ProcessResult verify(std::vector<std::string> Args) {
  Args.insert(Args.begin(), {modelcompatBinary(), "verify"});
  return runProcess(Args);
}

} // namespace

TEST(VerifyCommand, NeedsTwoRevisions) {
  ProcessResult Result = verify({"HEAD"});
  EXPECT_EQ(Result.ExitCode, 2);
  EXPECT_EQ(Result.Error, "modelcompat: error: modelcompat verify: expected two "
                          "revisions, BASE and HEAD (see --help)\n");
}

TEST(VerifyCommand, RejectsAnUnknownDevice) {
  ProcessResult Result = verify({"--device", "tpu", "A", "B"});
  EXPECT_EQ(Result.ExitCode, 2);
  EXPECT_EQ(Result.Error, "modelcompat: error: modelcompat verify: invalid value "
                          "'tpu' for '--device' (expected auto|cpu|cuda)\n");
}

TEST(VerifyCommand, CrossDeviceNeedsCuda) {
  ProcessResult Result = verify({"--cross-device", "--device", "cpu", "A", "B"});
  EXPECT_EQ(Result.ExitCode, 2);
  EXPECT_EQ(Result.Error, "modelcompat: error: modelcompat verify: --cross-device runs the head "
                          "on CUDA; it cannot be combined with --device cpu\n");
}

TEST(VerifyCommand, HelpListsFlagsAndExamples) {
  ProcessResult Result = verify({"--help"});
  EXPECT_EQ(Result.ExitCode, 0);
  EXPECT_EQ(Result.Output.rfind("usage: modelcompat verify [options] BASE HEAD\n", 0), 0u);
  for (const char *Flag : {"--checkpoint FILE", "--checkpoints DIR", "--device DEVICE",
                           "--cross-device", "--train-mode", "--no-seed", "--format FORMAT",
                           "-o, --output FILE", "--html FILE", "--migrations DIR", "--repo DIR",
                           "--cache-dir DIR", "--keep-build", "modelcompat verify HEAD~1 HEAD"})
    EXPECT_NE(Result.Output.find(Flag), std::string::npos) << Flag;
}

TEST(VerifyCommand, UnknownRevisionNamesIt) {
  TempDirectory Temp;
  std::string Repo = repoWith(Temp, {{"README", "x\n"}});
  ProcessResult Result = verify({"--repo", Repo, "HEAD", "nope"});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error,
            "modelcompat: error: unknown revision 'nope' in repository '" + Repo + "'\n");
}

TEST(VerifyCommand, MissingManifestNamesTheHeadCommit) {
  TempDirectory Temp;
  std::string Repo = repoWith(Temp, {{"README", "x\n"}});
  std::string Sha = runShell("git -C '" + Repo + "' rev-parse HEAD").Output.substr(0, 12);
  ProcessResult Result = verify({"--repo", Repo, "HEAD", "HEAD"});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error, "modelcompat: error: no modelcompat.json at the root of head "
                          "commit " +
                              Sha + " ('HEAD'); see docs/runtime-check.md\n");
}

TEST(VerifyCommand, RefusesADraftThatStillHoldsTodoMarkers) {
  TempDirectory Temp;
  std::string Repo =
      repoWith(Temp, {{"modelcompat.json",
                       R"json({"schema_version": 1, "models": [{"name": "Net", "target": "app",
                  "include": "model.h", "construct": "Net(/*TODO: int64_t in*/)",
                  "inputs": "TODO: forward(torch::Tensor x): one input, give its shape"}]})json"}});
  std::string Sha = runShell("git -C '" + Repo + "' rev-parse HEAD").Output.substr(0, 12);
  ProcessResult Result = verify({"--repo", Repo, "HEAD", "HEAD"});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error, "modelcompat: error: modelcompat.json at " + Sha +
                              ": models[0].construct, models[0].inputs: TODO markers left by "
                              "'modelcompat init'; replace each with the real value\n");
}

TEST(VerifyCommand, InvalidManifestNamesTheField) {
  TempDirectory Temp;
  std::string Repo =
      repoWith(Temp, {{"modelcompat.json",
                       R"json({"schema_version": 1, "models": [{"name": "m", "target": "t",
                  "include": "m.h", "construct": "M()", "inputs": [{"shape": "2"}]}]})json"}});
  std::string Sha = runShell("git -C '" + Repo + "' rev-parse HEAD").Output.substr(0, 12);
  ProcessResult Result = verify({"--repo", Repo, "HEAD", "HEAD"});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error, "modelcompat: error: modelcompat.json at " + Sha +
                              ": models[0].inputs[0].shape: expected an array of "
                              "positive integers\n");
}

TEST(VerifyCommand, MissingCheckpointIsNamed) {
  TempDirectory Temp;
  std::string Repo =
      repoWith(Temp, {{"modelcompat.json",
                       R"json({"schema_version": 1, "models": [{"name": "m", "target": "t",
                  "include": "m.h", "construct": "M()", "inputs": [{"shape": [2]}]}]})json"}});
  ProcessResult Result =
      verify({"--repo", Repo, "--checkpoint", Temp.file("missing.pt"), "HEAD", "HEAD"});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error, "modelcompat: error: checkpoint '" + Temp.file("missing.pt") +
                              "' does not exist or is not a file\n");
}
