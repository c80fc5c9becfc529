// The C++ that `modelcompat migrate` generated for the structural-alignment
// golden cases of issue 17 (tests/golden/diff/<case>/expected-migrate/*.cpp,
// compiled into this binary): a Sequential whose named children became positional, and
// projections moved under new parents. Checkpoints written by the OLD model
// code with torch::save must load strictly into the NEW model after the
// migration, with every tensor moved (not re-initialised), through the
// generated C++ and the JSON spec alike. The class-swap case needs no
// migration at all: its checkpoint loads strictly as it is.
#include "modelcompat/migrate/MigrationSpec.h"
#include "modelcompat/runtime/Checkpoint.h"
#include "modelcompat/runtime/Ledger.h"
#include "modelcompat/runtime/Migration.h"
#include "modelcompat/runtime/MigrationEngine.h"
#include "support/Golden.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <set>

using namespace modelcompat;
using modelcompat::test::goldenPath;
using modelcompat::test::TempDirectory;
namespace fs = std::filesystem;

namespace {

//===-- sequential-named-to-positional ------------------------------------===//

namespace old_enc {

struct ResBlockImpl : torch::nn::Module {
  explicit ResBlockImpl(int64_t ch) {
    conv =
        register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, 3).padding(1)));
    norm = register_module("norm", torch::nn::BatchNorm2d(ch));
  }
  torch::Tensor forward(const torch::Tensor &x) { return x + norm(conv(x)); }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d norm{nullptr};
};
TORCH_MODULE(ResBlock);

struct EncoderImpl : torch::nn::Module {
  EncoderImpl(int64_t in, int64_t ch) {
    seq = register_module(
        "seq",
        torch::nn::Sequential(
            {{"stem", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, ch, 7).stride(2).padding(3))},
             {"res1", ResBlock(ch)},
             {"res2", ResBlock(ch)},
             {"proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, 2 * ch, 1))}}));
  }
  torch::nn::Sequential seq{nullptr};
};
TORCH_MODULE(Encoder);

} // namespace old_enc

//===-- submodule-moved-under-parent --------------------------------------===//

namespace old_vit {

struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(int64_t dim) {
    norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    qkv = register_module("qkv", torch::nn::Linear(dim, 3 * dim));
    proj = register_module("proj", torch::nn::Linear(dim, dim));
    norm2 = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    fc1 = register_module("fc1", torch::nn::Linear(dim, 4 * dim));
    fc2 = register_module("fc2", torch::nn::Linear(4 * dim, dim));
  }
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
  torch::nn::Linear qkv{nullptr}, proj{nullptr}, fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Block);

} // namespace old_vit

//===-- class-swap-reused-names -------------------------------------------===//

namespace old_net {

struct ConvBlockImpl : torch::nn::Module {
  ConvBlockImpl(int64_t in, int64_t out) {
    conv = register_module(
        "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(false)));
    bn = register_module("bn", torch::nn::BatchNorm2d(out));
  }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(ConvBlock);

struct ResBlockImpl : torch::nn::Module {
  explicit ResBlockImpl(int64_t ch) {
    conv1 =
        register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, 3).padding(1)));
    conv2 =
        register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, 3).padding(1)));
  }
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
};
TORCH_MODULE(ResBlock);

struct NetImpl : torch::nn::Module {
  explicit NetImpl(int64_t ch) {
    stem = register_module("stem", ConvBlock(3, ch));
    res = register_module("res", ResBlock(ch));
  }
  ConvBlock stem{nullptr};
  ResBlock res{nullptr};
};
TORCH_MODULE(Net);

} // namespace old_net

} // namespace

// The new code lives in the namespaces the golden specs name.
namespace enc {

struct ResBlockImpl : torch::nn::Module {
  explicit ResBlockImpl(int64_t ch) {
    conv =
        register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, 3).padding(1)));
    norm = register_module("norm", torch::nn::BatchNorm2d(ch));
  }
  torch::Tensor forward(const torch::Tensor &x) { return x + norm(conv(x)); }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d norm{nullptr};
};
TORCH_MODULE(ResBlock);

struct EncoderImpl : torch::nn::Module {
  EncoderImpl(int64_t in, int64_t ch) {
    seq = register_module(
        "seq", torch::nn::Sequential(
                   torch::nn::Conv2d(torch::nn::Conv2dOptions(in, ch, 7).stride(2).padding(3)),
                   ResBlock(ch), ResBlock(ch),
                   torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, 2 * ch, 1))));
  }
  torch::nn::Sequential seq{nullptr};
};
TORCH_MODULE(Encoder);

} // namespace enc

namespace vit {

struct AttentionImpl : torch::nn::Module {
  explicit AttentionImpl(int64_t dim) {
    qkv = register_module("qkv", torch::nn::Linear(dim, 3 * dim));
    proj = register_module("proj", torch::nn::Linear(dim, dim));
  }
  torch::nn::Linear qkv{nullptr}, proj{nullptr};
};
TORCH_MODULE(Attention);

struct MlpImpl : torch::nn::Module {
  MlpImpl(int64_t in_features, int64_t hidden_features) {
    fc1 = register_module("fc1", torch::nn::Linear(in_features, hidden_features));
    fc2 = register_module("fc2", torch::nn::Linear(hidden_features, in_features));
  }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Mlp);

struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(int64_t dim) {
    norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    attn = register_module("attn", Attention(dim));
    norm2 = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    mlp = register_module("mlp", Mlp(dim, 4 * dim));
  }
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
  Attention attn{nullptr};
  Mlp mlp{nullptr};
};
TORCH_MODULE(Block);

} // namespace vit

namespace net {

struct ConvBnBlockImpl : torch::nn::Module {
  ConvBnBlockImpl(int64_t in, int64_t out) {
    conv = register_module(
        "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(false)));
    bn = register_module("bn", torch::nn::BatchNorm2d(out));
  }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(ConvBnBlock);

struct ConvBlockImpl : torch::nn::Module {
  explicit ConvBlockImpl(int64_t ch) {
    conv1 =
        register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, 3).padding(1)));
    conv2 =
        register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, 3).padding(1)));
  }
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
};
TORCH_MODULE(ConvBlock);

struct NetImpl : torch::nn::Module {
  explicit NetImpl(int64_t ch) {
    stem = register_module("stem", ConvBnBlock(3, ch));
    res = register_module("res", ConvBlock(ch));
  }
  ConvBnBlock stem{nullptr};
  ConvBlock res{nullptr};
};
TORCH_MODULE(Net);

} // namespace net

namespace {

EngineMigration generated(const std::string &Module) {
  for (const RegisteredMigration &Migration : MigrationRegistry::global().migrations())
    if (Migration.Module == Module)
      return engineMigration(Migration);
  ADD_FAILURE() << "no generated migration registered for " << Module;
  return {};
}

/// The folder of Case's expected migrate outputs.
fs::path expectedMigrate(const std::string &Case) {
  return goldenPath("diff/" + Case + "/expected-migrate");
}

/// Case's golden JSON spec for the class whose file names start with Stem
/// ("enc_EncoderImpl"); the commit ids that follow come from the case's git
/// repository, so they are not spelled here.
EngineMigration spec(const std::string &Case, const std::string &Stem) {
  for (const auto &Entry : fs::directory_iterator(expectedMigrate(Case)))
    if (Entry.path().extension() == ".json" &&
        Entry.path().filename().string().rfind(Stem + "-", 0) == 0)
      return engineMigration(readMigrationSpec(Entry.path().string()), Entry.path().string());
  ADD_FAILURE() << "no golden spec " << Stem << "-*.json for " << Case;
  return {};
}

template <typename Holder>
StateDict saveAndLoad(const Holder &Model, const TempDirectory &Dir, const std::string &Name) {
  std::string Path = Dir.file(Name);
  torch::save(Model, Path);
  return loadCheckpoint(Path);
}

/// Loads Dict strictly into Model (every key, shape and dtype; nothing
/// left over) and checks each tensor arrived unchanged.
void loadStrictly(torch::nn::Module &Model, const StateDict &Dict,
                  const MigrationOutcome *Outcome) {
  LoadIntoOptions Options;
  Options.Source = "old.pt";
  Options.Strict = true;
  if (Outcome)
    Options.Record = &Outcome->Record;
  LoadReport Report = loadInto(Model, Dict, Options);
  ASSERT_TRUE(Report.ok()) << Report.toText(/*Verbose=*/true);
  for (const auto &Item : Model.named_parameters(/*recurse=*/true))
    EXPECT_TRUE(torch::equal(Item.value(), Dict.find(Item.key())->Value)) << Item.key();
  for (const auto &Item : Model.named_buffers(/*recurse=*/true))
    EXPECT_TRUE(torch::equal(Item.value(), Dict.find(Item.key())->Value)) << Item.key();
}

/// Each (old key, new key) pair: the trained tensor moved, bit for bit.
void expectMoved(const StateDict &Original, const StateDict &Migrated,
                 const std::vector<std::pair<std::string, std::string>> &Moves) {
  for (const auto &[From, To] : Moves) {
    ASSERT_NE(Migrated.find(To), nullptr) << To;
    EXPECT_TRUE(torch::equal(Migrated.find(To)->Value, Original.find(From)->Value))
        << From << " -> " << To;
    EXPECT_EQ(Migrated.find(From), nullptr) << From << " left behind";
  }
}

const char *const EncoderStem = "enc_EncoderImpl";
const char *const BlockStem = "vit_BlockImpl";

} // namespace

TEST(SubtreeMigration, NamedSequentialCheckpointLoadsIntoPositionalOne) {
  for (bool FromSpec : {false, true}) {
    SCOPED_TRACE(FromSpec ? "JSON spec" : "generated C++");
    TempDirectory Dir;
    torch::manual_seed(11);
    old_enc::Encoder Old(3, 8);
    StateDict Dict = saveAndLoad(Old, Dir, "old.pt");
    const StateDict Original = Dict;
    enc::Encoder New(3, 8);
    MigrationTarget Target;
    Target.Source = "old.pt";
    Target.NewModel = New.get();
    MigrationOutcome Outcome =
        applyMigrations(Dict,
                        {FromSpec ? spec("sequential-named-to-positional", EncoderStem)
                                  : generated("enc::EncoderImpl")},
                        Target);
    expectMoved(Original, Dict,
                {{"seq.stem.weight", "seq.0.weight"},
                 {"seq.res1.conv.weight", "seq.1.conv.weight"},
                 {"seq.res1.norm.running_mean", "seq.1.norm.running_mean"},
                 {"seq.res2.norm.num_batches_tracked", "seq.2.norm.num_batches_tracked"},
                 {"seq.proj.bias", "seq.3.bias"}});
    ASSERT_NO_FATAL_FAILURE(loadStrictly(*New, Dict, &Outcome));
  }
}

TEST(SubtreeMigration, ProjectionsMovedUnderNewParentsLoadStrictly) {
  for (bool FromSpec : {false, true}) {
    SCOPED_TRACE(FromSpec ? "JSON spec" : "generated C++");
    TempDirectory Dir;
    torch::manual_seed(13);
    old_vit::Block Old(16);
    StateDict Dict = saveAndLoad(Old, Dir, "old.pt");
    const StateDict Original = Dict;
    vit::Block New(16);
    MigrationTarget Target;
    Target.Source = "old.pt";
    Target.NewModel = New.get();
    MigrationOutcome Outcome = applyMigrations(
        Dict,
        {FromSpec ? spec("submodule-moved-under-parent", BlockStem) : generated("vit::BlockImpl")},
        Target);
    expectMoved(Original, Dict,
                {{"qkv.weight", "attn.qkv.weight"},
                 {"proj.bias", "attn.proj.bias"},
                 {"fc1.weight", "mlp.fc1.weight"},
                 {"fc2.bias", "mlp.fc2.bias"}});
    ASSERT_NO_FATAL_FAILURE(loadStrictly(*New, Dict, &Outcome));
  }
}

TEST(SubtreeMigration, SwappedClassNamesNeedNoMigration) {
  // migrate writes no spec for this case (its expected-migrate folder holds
  // only proposals.txt).
  fs::directory_iterator Files(expectedMigrate("class-swap-reused-names"));
  EXPECT_TRUE(std::none_of(begin(Files), end(Files), [](const fs::directory_entry &Entry) {
    return Entry.path().extension() == ".json";
  }));
  TempDirectory Dir;
  torch::manual_seed(17);
  old_net::Net Old(8);
  StateDict Dict = saveAndLoad(Old, Dir, "old.pt");
  net::Net New(8);
  ASSERT_NO_FATAL_FAILURE(loadStrictly(*New, Dict, nullptr));
}
