//===- MigrateCheckpointTest.cpp - modelcompat migrate-checkpoint, end to end ===//
//
// Runs the real binary on safetensors files written byte by byte, and reads
// the output back with an independent parser: refusal to overwrite (the
// input by any path, an existing output without --force), whole messages and
// exit codes, specs applied at every instance of a scanned schema, chains
// recorded in the metadata.
//
//===----------------------------------------------------------------------===//
#include "support/Process.h"
#include "support/TempDirectory.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

using namespace modelcompat::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string Base = "1111111111111111111111111111111111111111";
const std::string Head = "2222222222222222222222222222222222222222";
const std::string Later = "3333333333333333333333333333333333333333";

/// A safetensors file of float32 tensors, each filled with its index + 1.
std::string safetensors(const std::vector<std::pair<std::string, std::vector<int64_t>>> &Tensors,
                        const json &Metadata = nullptr) {
  json Header = json::object();
  std::string Data;
  float Fill = 1;
  for (const auto &[Key, Shape] : Tensors) {
    int64_t Count = 1;
    for (int64_t Dim : Shape)
      Count *= Dim;
    size_t Begin = Data.size();
    for (int64_t I = 0; I < Count; ++I)
      Data.append(reinterpret_cast<const char *>(&Fill), sizeof Fill);
    Header[Key] = {{"dtype", "F32"}, {"shape", Shape}, {"data_offsets", {Begin, Data.size()}}};
    ++Fill;
  }
  if (!Metadata.is_null())
    Header["__metadata__"] = Metadata;
  std::string Text = Header.dump();
  uint64_t Length = Text.size();
  std::string Bytes(reinterpret_cast<const char *>(&Length), 8);
  return Bytes + Text + Data;
}

/// The JSON header of a safetensors file, parsed independently of modelcompat.
json headerOf(const std::string &Path) {
  std::string Bytes;
  {
    std::FILE *File = std::fopen(Path.c_str(), "rb");
    if (!File)
      return nullptr;
    char Buffer[4096];
    size_t Read;
    while ((Read = std::fread(Buffer, 1, sizeof Buffer, File)) > 0)
      Bytes.append(Buffer, Read);
    std::fclose(File);
  }
  uint64_t Length = 0;
  std::memcpy(&Length, Bytes.data(), 8);
  return json::parse(Bytes.substr(8, Length));
}

std::vector<std::string> tensorKeys(const json &Header) {
  std::vector<std::string> Keys;
  for (const auto &Item : Header.items())
    if (Item.key() != "__metadata__")
      Keys.push_back(Item.key());
  std::sort(Keys.begin(), Keys.end());
  return Keys;
}

std::string spec(const std::string &Module, const std::string &From, const std::string &To,
                 const json &Rules) {
  return json{{"schema_version", 1},
              {"module", Module},
              {"from", {{"commit", From}}},
              {"to", {{"commit", To}}},
              {"rules", Rules}}
      .dump(2);
}

/// The MONAI block's old layout and the correct migration of it.
struct MonaiFiles {
  TempDirectory Dir;
  std::string Input, Spec;
  MonaiFiles() {
    Input = Dir.write("old.safetensors", safetensors({{"to_q.weight", {2, 2}},
                                                      {"to_q.bias", {2}},
                                                      {"proj_attn.weight", {2, 2}},
                                                      {"proj_attn.bias", {2}}}));
    Spec = Dir.write(
        "attn.json",
        spec("fx::AttnBlockImpl", Base, Head,
             {{{"op", "rename"}, {"from", "to_q.{t}"}, {"to", "attn.to_q.{t}"}},
              {{"op", "rename"}, {"from", "proj_attn.{t}"}, {"to", "attn.out_proj.{t}"}}}));
  }
};

ProcessResult migrateCheckpoint(const std::vector<std::string> &Args) {
  std::vector<std::string> Argv = {modelcompatBinary(), "migrate-checkpoint"};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  return runProcess(Argv);
}

std::string contents(const std::string &Path) {
  std::FILE *File = std::fopen(Path.c_str(), "rb");
  std::string Out;
  char Buffer[4096];
  size_t Read;
  while (File && (Read = std::fread(Buffer, 1, sizeof Buffer, File)) > 0)
    Out.append(Buffer, Read);
  if (File)
    std::fclose(File);
  return Out;
}

} // namespace

TEST(MigrateCheckpoint, AppliesASpecAndRecordsIt) {
  MonaiFiles Files;
  const std::string Out = Files.Dir.file("new.safetensors");
  ProcessResult Result = migrateCheckpoint({Files.Input, "--spec", Files.Spec, "-o", Out});
  ASSERT_EQ(Result.ExitCode, 0) << Result.Error;
  EXPECT_EQ(Result.Output, "wrote '" + Out +
                               "' (safetensors, 4 tensors): applied 1 migration, "
                               "skipped 0 already applied\n");
  EXPECT_EQ(Result.Error, "");
  json Header = headerOf(Out);
  EXPECT_EQ(tensorKeys(Header),
            (std::vector<std::string>{"attn.out_proj.bias", "attn.out_proj.weight",
                                      "attn.to_q.bias", "attn.to_q.weight"}));
  EXPECT_EQ(Header["__metadata__"]["modelcompat.migrations"],
            "[\"fx::AttnBlockImpl@111111111111..222222222222\"]");

  // Again on the output: skipped with a notice, nothing changes.
  const std::string Again = Files.Dir.file("again.safetensors");
  Result = migrateCheckpoint({Out, "--spec", Files.Spec, "-o", Again});
  ASSERT_EQ(Result.ExitCode, 0) << Result.Error;
  EXPECT_EQ(Result.Error, Out + ": note: migration "
                                "'fx::AttnBlockImpl@111111111111..222222222222' is "
                                "already recorded as applied; skipped\n");
  EXPECT_EQ(Result.Output, "wrote '" + Again +
                               "' (safetensors, 4 tensors): applied 0 migrations, "
                               "skipped 1 already applied\n");
  EXPECT_EQ(headerOf(Again), Header);
}

TEST(MigrateCheckpoint, RefusesToWriteOverTheInputByAnyPath) {
  MonaiFiles Files;
  const std::string Before = contents(Files.Input);
  fs::create_directories(Files.Dir.path() / "sub");
  fs::create_symlink(Files.Input, Files.Dir.file("link.safetensors"));
  fs::create_hard_link(Files.Input, Files.Dir.file("hard.safetensors"));
  for (const std::string &Out :
       {Files.Input, Files.Dir.file("sub/../old.safetensors"), Files.Dir.file("link.safetensors"),
        Files.Dir.file("hard.safetensors")}) {
    ProcessResult Result =
        migrateCheckpoint({Files.Input, "--spec", Files.Spec, "-o", Out, "--force"});
    EXPECT_EQ(Result.ExitCode, 1) << Out;
    EXPECT_EQ(Result.Error, "modelcompat: error: refusing to write over the input "
                            "checkpoint '" +
                                Files.Input + "' (-o '" + Out + "' is the same file)\n");
    EXPECT_EQ(Result.Output, "");
  }
  EXPECT_EQ(contents(Files.Input), Before);
}

TEST(MigrateCheckpoint, RefusesAnExistingOutputWithoutForce) {
  MonaiFiles Files;
  const std::string Out = Files.Dir.write("taken.safetensors", "precious");
  ProcessResult Result = migrateCheckpoint({Files.Input, "--spec", Files.Spec, "-o", Out});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error, "modelcompat: error: refusing to overwrite existing file '" + Out +
                              "' (use --force to replace it)\n");
  EXPECT_EQ(contents(Out), "precious");

  Result = migrateCheckpoint({Files.Input, "--spec", Files.Spec, "-o", Out, "--force"});
  EXPECT_EQ(Result.ExitCode, 0) << Result.Error;
  EXPECT_EQ(tensorKeys(headerOf(Out)).size(), 4u);
  // No temporary file is left beside the output.
  size_t Entries = 0;
  for (const auto &Entry : fs::directory_iterator(Files.Dir.path()))
    Entries += Entry.path().filename().string().find(".tmp") != std::string::npos;
  EXPECT_EQ(Entries, 0u);
}

TEST(MigrateCheckpoint, UsageErrorsExitTwo) {
  MonaiFiles Files;
  const std::string Out = Files.Dir.file("o.safetensors");
  struct Case {
    std::vector<std::string> Args;
    std::string Error;
  } Cases[] = {
      {{Files.Input, "--spec", Files.Spec},
       "modelcompat migrate-checkpoint: missing -o OUT (see --help)"},
      {{Files.Input, "-o", Out},
       "modelcompat migrate-checkpoint: missing --spec SPEC (see --help)"},
      {{"--spec", Files.Spec, "-o", Out},
       "modelcompat migrate-checkpoint: expected one input checkpoint, got 0 (see --help)"},
      {{Files.Input, Files.Input, "--spec", Files.Spec, "-o", Out},
       "modelcompat migrate-checkpoint: expected one input checkpoint, got 2 (see --help)"},
      {{Files.Input, "--spec", Files.Spec, "-o", Out, "--format", "pickle"},
       "modelcompat migrate-checkpoint: invalid value 'pickle' for '--format' "
       "(expected safetensors|libtorch)"},
      {{Files.Input, "--spec", Files.Spec, "-o", Out, "--root-class", "fx::Model"},
       "modelcompat migrate-checkpoint: --root-class needs --model-schema"},
  };
  for (const Case &C : Cases) {
    ProcessResult Result = migrateCheckpoint(C.Args);
    EXPECT_EQ(Result.ExitCode, 2) << C.Error;
    EXPECT_EQ(Result.Error, "modelcompat: error: " + C.Error + "\n");
  }
  EXPECT_FALSE(fs::exists(Out));
  ProcessResult Help = migrateCheckpoint({"--help"});
  EXPECT_EQ(Help.ExitCode, 0);
  EXPECT_EQ(Help.Output.rfind("usage: modelcompat migrate-checkpoint IN --spec SPEC... -o OUT", 0),
            0u);
  EXPECT_NE(Help.Output.find("\nexamples:\n  modelcompat migrate-checkpoint old.pt --spec "),
            std::string::npos)
      << Help.Output;
}

TEST(MigrateCheckpoint, ATodoFailsWithItsMessageAndWritesNothing) {
  MonaiFiles Files;
  const std::string Todo =
      Files.Dir.write("todo.json", spec("fx::AttnBlockImpl", Base, Head,
                                        {{{"op", "todo"},
                                          {"keys", {"proj_attn.weight"}},
                                          {"reason", "decide where proj_attn goes"}}}));
  const std::string Out = Files.Dir.file("o.safetensors");
  ProcessResult Result = migrateCheckpoint({Files.Input, "--spec", Todo, "-o", Out});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error, "modelcompat: error: " + Files.Input +
                              ": migration 'fx::AttnBlockImpl@111111111111..222222222222' at the "
                              "root: unresolved migration TODO: proj_attn.weight: decide where "
                              "proj_attn goes\n");
  EXPECT_FALSE(fs::exists(Out));
}

TEST(MigrateCheckpoint, BadSpecsAndCheckpointsAreErrorsNamingTheFile) {
  MonaiFiles Files;
  const std::string Out = Files.Dir.file("o.safetensors");
  const std::string Bad = Files.Dir.write("bad.json", R"({"schema_version": 1, "module": "m",
      "from": {"commit": "a"}, "to": {"commit": "b"}, "rules": [{"op": "explode"}]})");
  ProcessResult Result = migrateCheckpoint({Files.Input, "--spec", Bad, "-o", Out});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error, "modelcompat: error: invalid migration spec '" + Bad +
                              "': rule 0: unknown op 'explode'\n");

  const std::string Missing = Files.Dir.file("nope.json");
  Result = migrateCheckpoint({Files.Input, "--spec", Files.Spec, "--spec", Missing, "-o", Out});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error.rfind("modelcompat: error: cannot read '" + Missing + "'", 0), 0u)
      << Result.Error;

  const std::string Rename = Files.Dir.write(
      "rename.json", spec("fx::AttnBlockImpl", Base, Head,
                          {{{"op", "rename"}, {"from", "to_q.weight"}, {"to", "to_q.bias"}}}));
  Result = migrateCheckpoint({Files.Input, "--spec", Rename, "-o", Out});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error, "modelcompat: error: " + Files.Input +
                              ": migration 'fx::AttnBlockImpl@111111111111..222222222222' "
                              "at the root: cannot rename 'to_q.weight' to 'to_q.bias': "
                              "'to_q.bias' is already taken\n");
  EXPECT_FALSE(fs::exists(Out));
}

TEST(MigrateCheckpoint, AModelSchemaAppliesTheSpecAtEveryInstanceAndChainsInOrder) {
  TempDirectory Dir;
  std::vector<std::pair<std::string, std::vector<int64_t>>> Tensors = {{"embed.weight", {2, 2}}};
  for (const char *Block : {"blocks.0.", "blocks.1.", "blocks.2."}) {
    Tensors.push_back({std::string(Block) + "proj_attn.weight", {2, 2}});
    Tensors.push_back({std::string(Block) + "up.conv.weight", {2, 2}});
  }
  const std::string Input = Dir.write("enc.safetensors", safetensors(Tensors));
  const std::string Schema = Dir.write("scan.json", R"({"schema_version": 1, "modules": [
    {"class": "fx::EncoderImpl", "holder": "fx::Encoder", "file": "fx/model.h", "line": 30,
     "entries": [{"name": "embed", "kind": "module", "type": "torch::nn::Linear",
                  "shape": null, "condition": null, "line": 32},
                 {"name": "blocks.{i}", "kind": "module", "type": "fx::AttnBlock",
                  "module_class": "fx::AttnBlockImpl", "shape": null, "condition": null,
                  "line": 34}], "state_dict": []},
    {"class": "fx::AttnBlockImpl", "holder": "fx::AttnBlock", "file": "fx/model.h", "line": 10,
     "entries": [{"name": "attn", "kind": "module", "type": "torch::nn::Linear",
                  "shape": null, "condition": null, "line": 12},
                 {"name": "up", "kind": "module", "type": "fx::UpBlock",
                  "shape": null, "condition": null, "line": 13}], "state_dict": []},
    {"class": "fx::UpBlockImpl", "holder": "fx::UpBlock", "file": "fx/model.h", "line": 1,
     "entries": [], "state_dict": []}],
    "files_with_errors": [], "diagnostics": [], "files": []})");
  // Given in the wrong order: Later..Head first.
  const std::string Second =
      Dir.write("second.json",
                spec("fx::AttnBlockImpl", Head, Later,
                     {{{"op", "rename"}, {"from", "proj_out.weight"}, {"to", "attn.weight"}}}));
  const std::string First = Dir.write(
      "first.json",
      spec("fx::AttnBlockImpl", Base, Head,
           {{{"op", "rename"}, {"from", "proj_attn.weight"}, {"to", "proj_out.weight"}}}));
  const std::string Up = Dir.write(
      "up.json", spec("fx::UpBlock", Base, Head,
                      {{{"op", "rename"}, {"from", "conv.weight"}, {"to", "conv_t.weight"}},
                       {{"op", "init"}, {"key", "outpad"}, {"source", "new_model"}}}));
  const std::string Out = Dir.file("out.safetensors");
  ProcessResult Result = migrateCheckpoint({Input, "--spec", Second, "--spec", First, "--spec", Up,
                                            "--model-schema", Schema, "-o", Out});
  ASSERT_EQ(Result.ExitCode, 0) << Result.Error;
  EXPECT_EQ(Result.Output, "wrote '" + Out +
                               "' (safetensors, 7 tensors): applied 2 migrations, "
                               "skipped 0 already applied, deferred 3 steps to load time\n");
  json Header = headerOf(Out);
  EXPECT_EQ(tensorKeys(Header),
            (std::vector<std::string>{"blocks.0.attn.weight", "blocks.0.up.conv_t.weight",
                                      "blocks.1.attn.weight", "blocks.1.up.conv_t.weight",
                                      "blocks.2.attn.weight", "blocks.2.up.conv_t.weight",
                                      "embed.weight"}));
  EXPECT_EQ(Header["__metadata__"]["modelcompat.migrations"],
            "[\"fx::AttnBlockImpl@111111111111..222222222222\","
            "\"fx::AttnBlockImpl@222222222222..333333333333\"]");
  EXPECT_NE(Result.Error.find(Input + ": note: migration "
                                      "'fx::UpBlock@111111111111..222222222222' at "
                                      "'blocks.1.up': 'blocks.1.up.outpad': init from "
                                      "new_model deferred until the checkpoint is loaded "
                                      "into the new model\n"),
            std::string::npos)
      << Result.Error;
}
