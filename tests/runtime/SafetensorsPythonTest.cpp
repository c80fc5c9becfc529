//===- SafetensorsPythonTest.cpp - Against an independent reader/writer ---===//
//
// tests/support/python/safetensors_io.py reads and writes safetensors with
// nothing but json and struct; each side must read what the other wrote.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/runtime/Checkpoint.h"
#include "runtime/CheckpointTestFiles.h"
#include "support/TempDirectory.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using namespace modelcompat;
using namespace modelcompat::test;

namespace {

StateDict everyDtype() {
  StateDict Dict;
  for (c10::ScalarType Type : {c10::kDouble, c10::kFloat, c10::kHalf, c10::kBFloat16, c10::kLong,
                               c10::kInt, c10::kShort, c10::kChar, c10::kByte, c10::kBool}) {
    torch::Tensor Base = (torch::arange(6, torch::kDouble) - 2) * 3; // -6 .. 9
    if (Type == c10::kByte || Type == c10::kBool)
      Base = Base.abs();
    if (c10::isFloatingType(Type))
      Base = Base / 4; // exact in every float format
    Dict.set("layer." + dtypeName(Type), Base.to(Type).reshape({2, 3}));
  }
  Dict.set("scalar", torch::tensor(-1.25, torch::kDouble));
  Dict.Metadata = {{"format", "pt"}, {"written_by", "modelcompat"}};
  return Dict;
}

} // namespace

TEST(SafetensorsPython, IndependentReaderReadsOurFiles) {
  TempDirectory Dir;
  StateDict Dict = everyDtype();
  std::string Path = Dir.file("ours.safetensors");
  saveSafetensors(Dict, Path);
  ProcessResult Result = runPythonHelper("safetensors_io.py", {"read", Path});
  ASSERT_EQ(Result.ExitCode, 0) << Result.Error;
  nlohmann::json Read = nlohmann::json::parse(Result.Output);
  using Metadata = std::map<std::string, std::string>;
  EXPECT_EQ(Read["metadata"].get<Metadata>(), Dict.Metadata);
  ASSERT_EQ(Read["tensors"].size(), Dict.size());
  size_t I = 0;
  for (const StateDictItem &Item : Dict.items()) {
    const nlohmann::json &Tensor = Read["tensors"][I++];
    EXPECT_EQ(Tensor["key"], Item.Key);
    EXPECT_EQ(Tensor["shape"].get<std::vector<int64_t>>(), Item.Value.sizes().vec());
    torch::Tensor Values =
        torch::tensor(Tensor["values"].get<std::vector<double>>(), torch::kDouble);
    EXPECT_TRUE(torch::equal(Values, Item.Value.to(torch::kDouble).flatten())) << Item.Key;
  }
}

TEST(SafetensorsPython, WeReadTheIndependentWritersFiles) {
  TempDirectory Dir;
  StateDict Dict = everyDtype();
  nlohmann::json Spec;
  Spec["metadata"] = Dict.Metadata;
  Spec["tensors"] = nlohmann::json::array();
  const char *Names[] = {"F64", "F32", "F16", "BF16", "I64", "I32",
                         "I16", "I8",  "U8",  "BOOL", "F64"};
  size_t I = 0;
  for (const StateDictItem &Item : Dict.items()) {
    torch::Tensor Flat = Item.Value.to(torch::kDouble).flatten().contiguous();
    Spec["tensors"].push_back(
        {{"key", Item.Key},
         {"dtype", Names[I++]},
         {"shape", Item.Value.sizes().vec()},
         {"values",
          std::vector<double>(Flat.data_ptr<double>(), Flat.data_ptr<double>() + Flat.numel())}});
  }
  std::string SpecPath = Dir.write("spec.json", Spec.dump());
  std::string Path = Dir.file("theirs.safetensors");
  ProcessResult Result = runPythonHelper("safetensors_io.py", {"write", SpecPath, Path});
  ASSERT_EQ(Result.ExitCode, 0) << Result.Error;
  StateDict Loaded = loadCheckpoint(Path);
  EXPECT_EQ(Loaded.keys(), Dict.keys());
  EXPECT_EQ(Loaded.Metadata, Dict.Metadata);
  for (const StateDictItem &Item : Dict.items()) {
    EXPECT_EQ(Loaded.find(Item.Key)->Value.scalar_type(), Item.Value.scalar_type()) << Item.Key;
    EXPECT_TRUE(torch::equal(Loaded.find(Item.Key)->Value, Item.Value)) << Item.Key;
  }
}
