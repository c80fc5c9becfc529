// For the same model and checkpoint, the ledger's missing and unexpected key
// lists equal what Python's own model.load_state_dict(sd, strict=False)
// reports (tests/support/python/engine_load_reference.py, run with Debian's
// python3-torch).
#include "EngineTestModels.h"

#include "modelcompat/runtime/Ledger.h"
#include "modelcompat/runtime/MigrationEngine.h"
#include "support/Process.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

using namespace modelcompat;
using namespace enginetest;
using nlohmann::json;

namespace {

constexpr int64_t Channels = 4; // as engine_load_reference.py builds them
constexpr int64_t Blocks = 3;

/// Writes Dict as a {str: Tensor} pickle that Python's torch.load reads.
void writeForPython(const StateDict &Dict, const std::string &Path) {
  c10::Dict<std::string, at::Tensor> Plain;
  for (const StateDictItem &Item : Dict.items())
    Plain.insert(Item.Key, Item.Value);
  std::vector<char> Bytes = torch::pickle_save(Plain);
  std::ofstream(Path, std::ios::binary)
      .write(Bytes.data(), static_cast<std::streamsize>(Bytes.size()));
}

/// Python's verdict on loading Dict into Model.
json pythonReference(const std::string &Model, const StateDict &Dict,
                     const test::TempDirectory &Dir) {
  const std::string Path = Dir.file("sd.pt");
  writeForPython(Dict, Path);
  test::ProcessResult Result = test::runProcess(
      {MODELCOMPAT_PYTHON,
       std::string(MODELCOMPAT_TEST_SOURCE_DIR) + "/tests/support/python/engine_load_reference.py",
       Model, Path});
  EXPECT_EQ(Result.ExitCode, 0) << Result.Error;
  return json::parse(Result.Output);
}

std::vector<std::string> sorted(std::vector<std::string> Keys) {
  std::sort(Keys.begin(), Keys.end());
  return Keys;
}

void expectSameAsPython(torch::nn::Module &Model, const std::string &PythonModel,
                        const StateDict &Dict, const test::TempDirectory &Dir) {
  json Python = pythonReference(PythonModel, Dict, Dir);
  std::vector<std::string> StateKeys;
  for (const auto &Item : modelStateTensors(Model))
    StateKeys.push_back(Item.first);
  // The Python mirror has the same state_dict() as the C++ model, in order.
  ASSERT_EQ(Python["state_keys"].get<std::vector<std::string>>(), StateKeys);
  LoadIntoOptions Options;
  Options.Strict = false;
  LoadReport Report = loadInto(Model, Dict, Options);
  EXPECT_EQ(Report.MissingKeys, Python["missing_keys"].get<std::vector<std::string>>());
  // Python lists unexpected keys grouped by the module where it notices them.
  EXPECT_EQ(sorted(Report.UnexpectedKeys),
            sorted(Python["unexpected_keys"].get<std::vector<std::string>>()));
}

StateDict oldEncoderCheckpoint(const test::TempDirectory &Dir) {
  v1::Encoder Old(Channels, Blocks);
  return savedCheckpoint(Old, Dir.file("old.pt"), [] { return v1::Encoder(Channels, Blocks); });
}

} // namespace

TEST(LedgerPython, AnUnmigratedCheckpointGivesPythonsKeyLists) {
  test::TempDirectory Dir;
  StateDict Dict = oldEncoderCheckpoint(Dir);
  v2::Encoder New(Channels, Blocks);
  expectSameAsPython(*New, "v2.Encoder", Dict, Dir);
}

TEST(LedgerPython, APartlyMigratedCheckpointGivesPythonsKeyLists) {
  test::TempDirectory Dir;
  StateDict Dict = oldEncoderCheckpoint(Dir);
  v2::Encoder New(Channels, Blocks);
  // Moves to_q/to_k/to_v but forgets proj_attn.
  MigrationSpec Partial = migrationSpecFromJson(
      json::parse(R"({"schema_version": 1, "module": "enginetest::v2::AttnBlockImpl",
        "from": {"commit": "1111111"}, "to": {"commit": "2222222"},
        "rules": [{"op": "rename", "from": "to_{p}.{t}", "to": "attn.to_{p}.{t}"}]})"),
      "partial");
  applyMigrations(Dict, {Partial}, {"old.pt", New.get()});
  // Not norm.num_batches_tracked: Python's BatchNorm fills it with 0 when a
  // state dict without version metadata lacks it, where the ledger reports
  // it missing (on purpose: nothing sourced it).
  Dict.erase("embed.bias");
  Dict.set("stray.weight", torch::zeros({2}));
  expectSameAsPython(*New, "v2.Encoder", Dict, Dir);
}

TEST(LedgerPython, TheOldModelLoadsItsOwnCheckpointLikePython) {
  test::TempDirectory Dir;
  StateDict Dict = oldEncoderCheckpoint(Dir);
  v1::Encoder Old(Channels, Blocks);
  expectSameAsPython(*Old, "v1.Encoder", Dict, Dir);
  v1::AttnBlock Block(Channels);
  expectSameAsPython(*Block, "v1.AttnBlock", Dict, Dir);
}
