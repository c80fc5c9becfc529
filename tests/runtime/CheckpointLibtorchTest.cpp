//===- CheckpointLibtorchTest.cpp - libtorch archives, read and written ---===//
#include "modelcompat/runtime/Checkpoint.h"
#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/ReadFile.h"
#include "support/TempDirectory.h"

#include "modelcompat/support/Error.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace modelcompat;
using namespace modelcompat::test;

namespace {

struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(int64_t In) {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(In, 3, 3)));
    norm = register_module("norm", torch::nn::BatchNorm2d(3));
  }
  torch::Tensor forward(torch::Tensor X) { return norm(conv(X)); }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d norm{nullptr};
};
TORCH_MODULE(Block);

struct NetImpl : torch::nn::Module {
  NetImpl() {
    blocks = register_module("blocks", torch::nn::Sequential(Block(2), Block(3)));
    head = register_module("head", torch::nn::Linear(4, 2));
    head->to(torch::kHalf);
    scale = register_parameter("scale", torch::full({3}, 0.5, torch::kBFloat16));
  }
  torch::nn::Sequential blocks{nullptr};
  torch::nn::Linear head{nullptr};
  torch::Tensor scale;
};
TORCH_MODULE(Net);

/// named_parameters() and named_buffers() together, as loadCheckpoint keys them.
std::map<std::string, torch::Tensor> stateOf(const torch::nn::Module &Module) {
  std::map<std::string, torch::Tensor> Out;
  for (const auto &Item : Module.named_parameters())
    Out[Item.key()] = Item.value();
  for (const auto &Item : Module.named_buffers())
    Out[Item.key()] = Item.value();
  return Out;
}

void expectSameTensors(const StateDict &Dict,
                       const std::map<std::string, torch::Tensor> &Expected) {
  ASSERT_EQ(Dict.size(), Expected.size());
  for (const auto &[Key, Value] : Expected) {
    const StateDictItem *Item = Dict.find(Key);
    ASSERT_NE(Item, nullptr) << Key;
    EXPECT_EQ(Item->Value.scalar_type(), Value.scalar_type()) << Key;
    EXPECT_EQ(Item->Value.sizes(), Value.sizes()) << Key;
    EXPECT_TRUE(torch::equal(Item->Value, Value)) << Key;
  }
}

Net trainedNet() {
  torch::manual_seed(3);
  Net Model;
  Model->blocks->forward(torch::randn({2, 2, 5, 5})); // moves the BN buffers
  return Model;
}

} // namespace

TEST(CheckpointLibtorch, ReadsTorchSaveOfAModule) {
  TempDirectory Dir;
  Net Model = trainedNet();
  std::string Path = Dir.file("net.pt");
  torch::save(Model, Path);
  EXPECT_EQ(detectCheckpointFormat(Path), CheckpointFormat::Libtorch);
  StateDict Dict = loadCheckpoint(Path);
  expectSameTensors(Dict, stateOf(*Model));
  EXPECT_EQ(Dict.find("blocks.0.norm.num_batches_tracked")->Value.item<int64_t>(), 1);
  EXPECT_EQ(Dict.find("head.weight")->Value.scalar_type(), torch::kHalf);

  CheckpointInfo Info = inspectCheckpoint(Path);
  EXPECT_EQ(Info.Format, CheckpointFormat::Libtorch);
  EXPECT_EQ(Info.Tensors.size(), Dict.size());
  for (const TensorInfo &Tensor : Info.Tensors) {
    const torch::Tensor &Value = Dict.find(Tensor.Key)->Value;
    EXPECT_EQ(Tensor.DType, dtypeName(Value.scalar_type())) << Tensor.Key;
    EXPECT_EQ(Tensor.Shape, Value.sizes().vec()) << Tensor.Key;
    EXPECT_EQ(Tensor.Bytes, Value.numel() * Value.element_size()) << Tensor.Key;
  }
}

TEST(CheckpointLibtorch, ReadsTorchSaveOfATensorVector) {
  TempDirectory Dir;
  std::vector<torch::Tensor> Tensors = {torch::arange(6).reshape({2, 3}),
                                        torch::ones({4}, torch::kBFloat16)};
  std::string Path = Dir.file("tensors.pt");
  torch::save(Tensors, Path);
  StateDict Dict = loadCheckpoint(Path);
  ASSERT_EQ(Dict.keys(), (std::vector<std::string>{"0", "1"}));
  EXPECT_TRUE(torch::equal(Dict.find("0")->Value, Tensors[0]));
  EXPECT_TRUE(torch::equal(Dict.find("1")->Value, Tensors[1]));
}

TEST(CheckpointLibtorch, ReadsNestedOutputArchives) {
  TempDirectory Dir;
  auto Unit = std::make_shared<torch::jit::CompilationUnit>();
  torch::serialize::OutputArchive Root(Unit), Encoder(Unit);
  Encoder.write("weight", torch::eye(3));
  Root.write("encoder", Encoder);
  Root.write("step", torch::tensor(int64_t(7)), /*is_buffer=*/true);
  std::string Path = Dir.file("archive.pt");
  Root.save_to(Path);
  StateDict Dict = loadCheckpoint(Path);
  ASSERT_EQ(Dict.size(), 2u);
  EXPECT_TRUE(torch::equal(Dict.find("encoder.weight")->Value, torch::eye(3)));
  EXPECT_EQ(Dict.find("step")->Value.item<int64_t>(), 7);
  CheckpointLoadOptions Options;
  Options.Key = "encoder";
  EXPECT_EQ(loadCheckpoint(Path, Options).keys(), std::vector<std::string>{"weight"});
}

TEST(CheckpointLibtorch, WrittenArchivesLoadBackAndIntoAModule) {
  TempDirectory Dir;
  Net Model = trainedNet();
  StateDict Dict;
  for (const auto &[Key, Value] : stateOf(*Model))
    Dict.set(Key, Value);
  std::string Path = Dir.file("written.pt");
  saveLibtorchArchive(Dict, Path);
  expectSameTensors(loadCheckpoint(Path), stateOf(*Model));

  // libtorch itself reads it into a fresh module.
  torch::manual_seed(99);
  Net Fresh;
  torch::load(Fresh, Path);
  std::map<std::string, torch::Tensor> Loaded = stateOf(*Fresh);
  for (const auto &[Key, Value] : stateOf(*Model))
    EXPECT_TRUE(torch::equal(Loaded.at(Key), Value)) << Key;
}

TEST(CheckpointLibtorch, WriterRefusesConflictingKeys) {
  TempDirectory Dir;
  StateDict Dict;
  Dict.set("a", torch::ones({1}));
  Dict.set("a.b", torch::ones({1}));
  std::string Path = Dir.file("bad.pt");
  try {
    saveLibtorchArchive(Dict, Path);
    FAIL();
  } catch (const Error &E) {
    EXPECT_EQ(std::string(E.what()), "cannot write '" + Path + "': key 'a.b' nests under a tensor");
  }
  EXPECT_FALSE(std::filesystem::exists(Path));
}

TEST(CheckpointLibtorch, WritersNeverReplaceWhenRefused) {
  TempDirectory Dir;
  std::string Path = Dir.write("keep.pt", "precious");
  StateDict Dict;
  Dict.set("w", torch::ones({1}));
  EXPECT_THROW(saveCheckpoint(Dict, Path, CheckpointFormat::Libtorch, OverwritePolicy::Refuse),
               Error);
  EXPECT_THROW(saveCheckpoint(Dict, Path, CheckpointFormat::Safetensors, OverwritePolicy::Refuse),
               Error);
  EXPECT_EQ(readFile(Path), "precious");
}

TEST(CheckpointLibtorch, ReadsTorchPickleSaveOfADict) {
  // torch::pickle_save writes the Python zip layout, tagging the typed dict
  // with torch.jit._pickle.restore_type_tag (found by bench/checkpoint_io).
  TempDirectory Dir;
  c10::Dict<std::string, torch::Tensor> Plain;
  Plain.insert("a.weight", torch::arange(6, torch::kFloat).reshape({2, 3}));
  Plain.insert("a.steps", torch::tensor(int64_t(5)));
  std::vector<char> Bytes = torch::pickle_save(Plain);
  std::string Path = Dir.write("plain.pt", std::string(Bytes.begin(), Bytes.end()));
  EXPECT_EQ(detectCheckpointFormat(Path), CheckpointFormat::PythonZip);
  StateDict Dict = loadCheckpoint(Path);
  ASSERT_EQ(Dict.keys(), (std::vector<std::string>{"a.weight", "a.steps"}));
  EXPECT_TRUE(torch::equal(Dict.find("a.weight")->Value, Plain.at("a.weight")));
  EXPECT_EQ(Dict.find("a.steps")->Value.item<int64_t>(), 5);
}
