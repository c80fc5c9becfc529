//===- CheckpointPythonTest.cpp - Files written by real Python PyTorch ----===//
//
// tests/support/python/write_checkpoint.py saves a real nested module's
// state_dict() (BatchNorm's int64 num_batches_tracked, fp16, bf16, float64,
// bool, tied weights, non-contiguous views with offsets) with Debian's
// python3-torch, plus a JSON list of what every tensor must read back as.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/runtime/Checkpoint.h"
#include "runtime/CheckpointTestFiles.h"
#include "support/TempDirectory.h"

#include "modelcompat/support/Error.h"
#include "modelcompat/support/ReadFile.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using namespace modelcompat;
using namespace modelcompat::test;

namespace {

void writePythonCheckpoints(const TempDirectory &Dir, const std::vector<std::string> &Scenarios) {
  std::vector<std::string> Args = {Dir.path().string()};
  Args.insert(Args.end(), Scenarios.begin(), Scenarios.end());
  ProcessResult Result = runPythonHelper("write_checkpoint.py", Args);
  ASSERT_EQ(Result.ExitCode, 0) << Result.Error;
}

/// Every tensor equals what Python described: order, dtype, shape, values
/// (exactly), contiguity and storage sharing.
void expectAsPythonWrote(const StateDict &Dict, const std::string &ExpectedJson) {
  nlohmann::json Expected = nlohmann::json::parse(readFile(ExpectedJson));
  std::vector<std::string> Keys;
  for (const nlohmann::json &Tensor : Expected)
    Keys.push_back(Tensor["key"].get<std::string>());
  ASSERT_EQ(Dict.keys(), Keys);
  for (const nlohmann::json &Tensor : Expected) {
    std::string Key = Tensor["key"];
    const torch::Tensor &Value = Dict.find(Key)->Value;
    EXPECT_EQ(dtypeName(Value.scalar_type()), Tensor["dtype"].get<std::string>()) << Key;
    EXPECT_EQ(Value.sizes().vec(), Tensor["shape"].get<std::vector<int64_t>>()) << Key;
    EXPECT_EQ(Value.is_contiguous(), Tensor["contiguous"].get<bool>()) << Key;
    torch::Tensor Want = torch::tensor(Tensor["values"].get<std::vector<double>>(), torch::kDouble);
    EXPECT_TRUE(torch::equal(Value.to(torch::kDouble).flatten(), Want)) << Key;
    std::string Owner = Tensor["shares_with"];
    EXPECT_EQ(Value.storage().unsafeGetStorageImpl(),
              Dict.find(Owner)->Value.storage().unsafeGetStorageImpl())
        << Key << " should share storage with " << Owner;
  }
}

} // namespace

TEST(CheckpointPython, ReadsARealStateDictExactly) {
  TempDirectory Dir;
  writePythonCheckpoints(Dir, {"state_dict", "plain_dict"});
  std::string Path = Dir.file("state_dict.pt");
  EXPECT_EQ(detectCheckpointFormat(Path), CheckpointFormat::PythonZip);
  StateDict Dict = loadCheckpoint(Path);
  expectAsPythonWrote(Dict, Dir.file("state_dict.json"));
  EXPECT_EQ(Dict.find("encoder.0.norm.num_batches_tracked")->Value.dim(), 0);
  EXPECT_EQ(Dict.find("encoder.0.norm.num_batches_tracked")->Value.item<int64_t>(), 1);

  // inspect agrees with the full load, without reading storages.
  CheckpointInfo Info = inspectCheckpoint(Path);
  ASSERT_EQ(Info.Tensors.size(), Dict.size());
  for (const TensorInfo &Tensor : Info.Tensors) {
    const torch::Tensor &Value = Dict.find(Tensor.Key)->Value;
    EXPECT_EQ(Tensor.DType, dtypeName(Value.scalar_type())) << Tensor.Key;
    EXPECT_EQ(Tensor.Shape, Value.sizes().vec()) << Tensor.Key;
    EXPECT_EQ(Tensor.Bytes, Value.numel() * Value.element_size()) << Tensor.Key;
  }

  // The same tensors in a plain dict: libtorch's own pickle_load is the
  // reference there (it rejects the real OrderedDict state_dict()).
  std::string Plain = readFile(Dir.file("plain_dict.pt"));
  c10::IValue Reference = torch::pickle_load(std::vector<char>(Plain.begin(), Plain.end()));
  ASSERT_TRUE(Reference.isGenericDict());
  StateDict FromPlain = loadCheckpoint(Dir.file("plain_dict.pt"));
  EXPECT_EQ(FromPlain.keys(), Dict.keys());
  for (const auto &Entry : Reference.toGenericDict()) {
    std::string Key = Entry.key().toStringRef();
    ASSERT_TRUE(FromPlain.contains(Key)) << Key;
    EXPECT_TRUE(torch::equal(FromPlain.find(Key)->Value, Entry.value().toTensor())) << Key;
  }
  std::string Real = readFile(Path);
  EXPECT_ANY_THROW(torch::pickle_load(std::vector<char>(Real.begin(), Real.end())));
}

TEST(CheckpointPython, ReadsWrappedDictsAndTensorLists) {
  TempDirectory Dir;
  writePythonCheckpoints(Dir, {"wrapped", "tensor_list"});
  std::string Path = Dir.file("wrapped.pt");
  try {
    loadCheckpoint(Path);
    FAIL() << "a wrapped dict needs --key";
  } catch (const Error &E) {
    EXPECT_EQ(std::string(E.what()), "checkpoint '" + Path +
                                         "': the top-level dict holds no tensors; select a "
                                         "nested state dict with --key (candidates: model)");
  }
  CheckpointLoadOptions Options;
  Options.Key = "model";
  expectAsPythonWrote(loadCheckpoint(Path, Options), Dir.file("wrapped.json"));
  expectAsPythonWrote(loadCheckpoint(Dir.file("tensor_list.pt")), Dir.file("tensor_list.json"));
}
