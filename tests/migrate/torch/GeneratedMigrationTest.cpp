// The C++ that `modelcompat migrate` generated for the MONAI and Flux golden
// cases (tests/golden/diff/<case>/expected-migrate/*.cpp, compiled into this
// binary and registered at static-initialisation time), applied to
// checkpoints that the OLD model code wrote with torch::save. The models
// below carry the state layout of each case's old/ and new/ trees, under the
// same class names. The result must load strictly into
// the NEW model with every old tensor consumed, compute what the old model
// computed, and match the JSON spec applied by the engine bit for bit.
#include "modelcompat/migrate/MigrationSpec.h"
#include "modelcompat/runtime/Checkpoint.h"
#include "modelcompat/runtime/Ledger.h"
#include "modelcompat/runtime/Migration.h"
#include "modelcompat/runtime/MigrationEngine.h"
#include "support/Golden.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <set>

using namespace modelcompat;
using modelcompat::test::goldenPath;
namespace fs = std::filesystem;
using modelcompat::test::TempDirectory;

namespace {

/// Forward passes of the old and the migrated new model may differ only by
/// float reassociation inside libtorch's kernels.
constexpr double ForwardTolerance = 1e-6;

//===-- The MONAI case: attention projections moved into a sub-module -------===//

/// Single-head self-attention over the channels of a [batch, tokens, ch] input.
torch::Tensor attend(const torch::Tensor &Q, const torch::Tensor &K, const torch::Tensor &V) {
  auto Scores = torch::matmul(Q, K.transpose(-2, -1)) / std::sqrt(double(Q.size(-1)));
  return torch::matmul(Scores.softmax(-1), V);
}

namespace old_ns {

/// The old block: projections registered at top level (MONAI before 1.3).
class AttnBlockImpl : public torch::nn::Module {
public:
  explicit AttnBlockImpl(int64_t channels) : channels_(channels) { reset(); }
  void reset() {
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({channels_})));
    to_q = register_module("to_q", torch::nn::Linear(channels_, channels_));
    to_k = register_module("to_k", torch::nn::Linear(channels_, channels_));
    to_v = register_module("to_v", torch::nn::Linear(channels_, channels_));
    proj_attn = register_module("proj_attn", torch::nn::Linear(channels_, channels_));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    auto h = norm(x);
    return x + proj_attn(attend(to_q(h), to_k(h), to_v(h)));
  }
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr}, proj_attn{nullptr};

private:
  int64_t channels_;
};
TORCH_MODULE(AttnBlock);

/// A stack of blocks, so that one class migration applies at two places.
class MidBlockImpl : public torch::nn::Module {
public:
  explicit MidBlockImpl(int64_t channels) {
    blocks =
        register_module("blocks", torch::nn::ModuleList(AttnBlock(channels), AttnBlock(channels)));
  }
  torch::Tensor forward(torch::Tensor x) {
    for (const auto &block : *blocks)
      x = block->as<AttnBlockImpl>()->forward(x);
    return x;
  }
  torch::nn::ModuleList blocks{nullptr};
};
TORCH_MODULE(MidBlock);

} // namespace old_ns

//===-- The Flux case: an upsampling block gains an outpad buffer -----------===//

namespace old_flux {

class UpsampleBlockImpl : public torch::nn::Module {
public:
  UpsampleBlockImpl(int64_t in_ch, int64_t out_ch) {
    conv = register_module(
        "conv", torch::nn::ConvTranspose2d(
                    torch::nn::ConvTranspose2dOptions(in_ch, out_ch, 4).stride(2).padding(1)));
  }
  torch::Tensor forward(const torch::Tensor &x) { return conv(x); }
  torch::nn::ConvTranspose2d conv{nullptr};
};
TORCH_MODULE(UpsampleBlock);

class DecoderImpl : public torch::nn::Module {
public:
  DecoderImpl() {
    up = register_module("up", torch::nn::Sequential(UpsampleBlock(8, 4), UpsampleBlock(4, 2)));
  }
  torch::nn::Sequential up{nullptr};
};
TORCH_MODULE(Decoder);

} // namespace old_flux

} // namespace

// The new code, under the names the golden specs give: the MONAI case's
// classes are in the global namespace, the Flux case's in `flux`.

struct AttentionOptions {
  AttentionOptions(int64_t channels) : channels_(channels) {}
  TORCH_ARG(int64_t, channels);
};

/// The refactored attention (MONAI's SABlock): out_proj replaces proj_attn.
class AttentionImpl : public torch::nn::Module {
public:
  explicit AttentionImpl(const AttentionOptions &options_) : options(options_) { reset(); }
  void reset() {
    const int64_t ch = options.channels();
    to_q = register_module("to_q", torch::nn::Linear(ch, ch));
    to_k = register_module("to_k", torch::nn::Linear(ch, ch));
    to_v = register_module("to_v", torch::nn::Linear(ch, ch));
    out_proj = register_module("out_proj", torch::nn::Linear(ch, ch));
  }
  torch::Tensor forward(const torch::Tensor &h) {
    return out_proj(attend(to_q(h), to_k(h), to_v(h)));
  }
  AttentionOptions options;
  torch::nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr}, out_proj{nullptr};
};
TORCH_MODULE(Attention);

class AttnBlockImpl : public torch::nn::Module {
public:
  explicit AttnBlockImpl(int64_t channels) : channels_(channels) { reset(); }
  void reset() {
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({channels_})));
    attn = register_module("attn", Attention(AttentionOptions(channels_)));
  }
  torch::Tensor forward(const torch::Tensor &x) { return x + attn(norm(x)); }
  torch::nn::LayerNorm norm{nullptr};
  Attention attn{nullptr};

private:
  int64_t channels_;
};
TORCH_MODULE(AttnBlock);

class MidBlockImpl : public torch::nn::Module {
public:
  explicit MidBlockImpl(int64_t channels) {
    blocks =
        register_module("blocks", torch::nn::ModuleList(AttnBlock(channels), AttnBlock(channels)));
  }
  torch::Tensor forward(torch::Tensor x) {
    for (const auto &block : *blocks)
      x = block->as<AttnBlockImpl>()->forward(x);
    return x;
  }
  torch::nn::ModuleList blocks{nullptr};
};
TORCH_MODULE(MidBlock);

namespace flux {

/// Flux's fix: the new buffer takes the new code's default, here not zero
/// (the case's code writes zeros) so that a zero fill would be caught.
constexpr double OutpadDefault = 0.25;

class UpsampleBlockImpl : public torch::nn::Module {
public:
  UpsampleBlockImpl(int64_t in_ch, int64_t out_ch) {
    conv = register_module(
        "conv", torch::nn::ConvTranspose2d(
                    torch::nn::ConvTranspose2dOptions(in_ch, out_ch, 4).stride(2).padding(1)));
    outpad = register_buffer("outpad", torch::full({1, out_ch, 1, 1}, OutpadDefault));
  }
  torch::Tensor forward(const torch::Tensor &x) { return conv(x) + outpad; }
  torch::nn::ConvTranspose2d conv{nullptr};
  torch::Tensor outpad;
};
TORCH_MODULE(UpsampleBlock);

class DecoderImpl : public torch::nn::Module {
public:
  DecoderImpl() {
    up = register_module("up", torch::nn::Sequential(UpsampleBlock(8, 4), UpsampleBlock(4, 2)));
  }
  torch::nn::Sequential up{nullptr};
};
TORCH_MODULE(Decoder);

} // namespace flux

namespace {

/// The registered C++ migration for Module, as generated.
EngineMigration generated(const std::string &Module) {
  for (const RegisteredMigration &Migration : MigrationRegistry::global().migrations())
    if (Migration.Module == Module)
      return engineMigration(Migration);
  ADD_FAILURE() << "no generated migration registered for " << Module;
  return {};
}

/// The path of Case's golden JSON spec for the class whose file names start
/// with Stem ("flux_UpsampleBlockImpl"): the commit ids that follow come from
/// the case's git repository, so they are not spelled here.
std::string specPath(const std::string &Case, const std::string &Stem) {
  for (const auto &Entry : fs::directory_iterator(goldenPath("diff/" + Case + "/expected-migrate")))
    if (Entry.path().extension() == ".json" &&
        Entry.path().filename().string().rfind(Stem + "-", 0) == 0)
      return Entry.path().string();
  ADD_FAILURE() << "no golden spec " << Stem << "-*.json for " << Case;
  return "";
}

/// The golden JSON spec of Case for the class Stem names.
EngineMigration spec(const std::string &Case, const std::string &Stem) {
  std::string Path = specPath(Case, Stem);
  return engineMigration(readMigrationSpec(Path), Path);
}

/// Writes Model with torch::save and reads it back as a StateDict.
template <typename Holder>
StateDict saveAndLoad(const Holder &Model, const TempDirectory &Dir, const std::string &Name) {
  std::string Path = Dir.file(Name);
  torch::save(Model, Path);
  return loadCheckpoint(Path);
}

std::map<std::string, torch::Tensor> stateOf(const torch::nn::Module &Model) {
  std::map<std::string, torch::Tensor> Out;
  for (const auto &Item : Model.named_parameters(/*recurse=*/true))
    Out[Item.key()] = Item.value();
  for (const auto &Item : Model.named_buffers(/*recurse=*/true))
    Out[Item.key()] = Item.value();
  return Out;
}

/// Loads Dict into Model through the engine's ledger (loadInto, strict: as
/// load_state_dict(strict=True), plus shapes, dtypes and unconsumed old
/// tensors), after checking the key sets ourselves.
void loadStrictly(torch::nn::Module &Model, const StateDict &Dict,
                  const MigrationOutcome &Outcome) {
  std::set<std::string> Expected, Actual;
  for (const auto &[Key, Tensor] : stateOf(Model))
    Expected.insert(Key);
  for (const std::string &Key : Dict.keys())
    Actual.insert(Key);
  ASSERT_EQ(Actual, Expected);
  LoadIntoOptions Options;
  Options.Source = "old.pt";
  Options.Strict = true;
  Options.Record = &Outcome.Record;
  LoadReport Report = loadInto(Model, Dict, Options);
  ASSERT_TRUE(Report.ok()) << Report.toText(/*Verbose=*/true);
  ASSERT_TRUE(Report.Written);
  for (const auto &[Key, Tensor] : stateOf(Model))
    EXPECT_TRUE(torch::equal(Tensor, Dict.find(Key)->Value)) << Key;
}

/// Every tensor of Old is accounted for: loaded under its own key, consumed
/// by a rule, or dropped on purpose.
void expectAllConsumed(const StateDict &Old, const StateDict &Migrated,
                       const MigrationOutcome &Outcome) {
  for (const std::string &Key : Old.keys()) {
    bool Untouched = Migrated.contains(Key) && !Outcome.Record.ProducedBy.count(Key);
    EXPECT_TRUE(Untouched || Outcome.Record.Consumed.count(Key) ||
                Outcome.Record.Dropped.count(Key))
        << Key << " was neither loaded, consumed nor dropped";
  }
}

void expectBitIdentical(const StateDict &A, const StateDict &B) {
  ASSERT_EQ(A.keys().size(), B.keys().size());
  for (const StateDictItem &Item : A.items()) {
    const StateDictItem *Other = B.find(Item.Key);
    ASSERT_NE(Other, nullptr) << Item.Key;
    EXPECT_EQ(Item.Value.scalar_type(), Other->Value.scalar_type()) << Item.Key;
    EXPECT_TRUE(torch::equal(Item.Value, Other->Value)) << Item.Key;
  }
}

const char *const MonaiStem = "AttnBlockImpl";
const char *const FluxStem = "flux_UpsampleBlockImpl";

} // namespace

TEST(GeneratedMigration, MonaiCheckpointLoadsStrictlyAndComputesTheSame) {
  TempDirectory Dir;
  torch::manual_seed(7);
  old_ns::MidBlock Old(8);
  StateDict Dict = saveAndLoad(Old, Dir, "old.pt");
  const StateDict Original = Dict;
  MidBlock New(8);
  MigrationTarget Target;
  Target.Source = "old.pt";
  Target.NewModel = New.get();

  EngineMigration Migration = generated("AttnBlockImpl");
  MigrationOutcome Outcome = applyMigrations(Dict, {Migration}, Target);
  EXPECT_EQ(Outcome.Applied, std::vector<std::string>{Migration.Id});
  expectAllConsumed(Original, Dict, Outcome);
  // The trained proj_attn weights are used, not replaced by identity/zeros.
  for (const char *Block : {"blocks.0.", "blocks.1."})
    EXPECT_TRUE(torch::equal(Dict.find(std::string(Block) + "attn.out_proj.weight")->Value,
                             Original.find(std::string(Block) + "proj_attn.weight")->Value));
  ASSERT_NO_FATAL_FAILURE(loadStrictly(*New, Dict, Outcome));
  EXPECT_EQ(Dict.Metadata.at(AppliedMigrationsKey), "[\"" + Migration.Id + "\"]");

  torch::Tensor Input = torch::randn({2, 5, 8});
  torch::NoGradGuard NoGrad;
  EXPECT_TRUE(torch::allclose(Old->forward(Input), New->forward(Input), 0, ForwardTolerance));
}

TEST(GeneratedMigration, FluxCheckpointTakesTheNewDefaultForTheAddedBuffer) {
  TempDirectory Dir;
  torch::manual_seed(7);
  old_flux::Decoder Old;
  StateDict Dict = saveAndLoad(Old, Dir, "old.pt");
  const StateDict Original = Dict;
  flux::Decoder New;
  MigrationTarget Target;
  Target.NewModel = New.get();

  MigrationOutcome Outcome = applyMigrations(Dict, {generated("flux::UpsampleBlockImpl")}, Target);
  expectAllConsumed(Original, Dict, Outcome);
  for (const auto &[Block, Channels] :
       {std::pair<std::string, int64_t>{"up.0.", 4}, {"up.1.", 2}}) {
    EXPECT_TRUE(torch::equal(Dict.find(Block + "outpad")->Value,
                             torch::full({1, Channels, 1, 1}, flux::OutpadDefault)));
    EXPECT_TRUE(torch::equal(Dict.find(Block + "conv.weight")->Value,
                             Original.find(Block + "conv.weight")->Value));
  }
  ASSERT_NO_FATAL_FAILURE(loadStrictly(*New, Dict, Outcome));
}

TEST(GeneratedMigration, JsonSpecGivesBitIdenticalTensors) {
  TempDirectory Dir;
  torch::manual_seed(11);
  old_ns::MidBlock OldMid(8);
  old_flux::Decoder OldDecoder;
  MidBlock NewMid(8);
  flux::Decoder NewDecoder;
  struct Case {
    StateDict Dict;
    const torch::nn::Module *NewModel;
    EngineMigration Cpp, Json;
  };
  std::vector<Case> Cases = {{saveAndLoad(OldMid, Dir, "mid.pt"), NewMid.get(),
                              generated("AttnBlockImpl"), spec("monai-attention", MonaiStem)},
                             {saveAndLoad(OldDecoder, Dir, "dec.pt"), NewDecoder.get(),
                              generated("flux::UpsampleBlockImpl"), spec("flux-outpad", FluxStem)}};
  for (Case &C : Cases) {
    MigrationTarget Target;
    Target.NewModel = C.NewModel;
    StateDict ByCpp = C.Dict, ByJson = C.Dict;
    applyMigrations(ByCpp, {C.Cpp}, Target);
    applyMigrations(ByJson, {C.Json}, Target);
    EXPECT_EQ(C.Cpp.Id, C.Json.Id);
    expectBitIdentical(ByCpp, ByJson);
    EXPECT_EQ(ByCpp.keys(), ByJson.keys());
    EXPECT_EQ(ByCpp.Metadata, ByJson.Metadata);
  }
}

TEST(GeneratedMigration, ApplyingTwiceEqualsApplyingOnce) {
  TempDirectory Dir;
  old_ns::MidBlock Old(8);
  MidBlock New(8);
  MigrationTarget Target;
  Target.NewModel = New.get();
  StateDict Once = saveAndLoad(Old, Dir, "old.pt");
  EngineMigration Migration = generated("AttnBlockImpl");
  applyMigrations(Once, {Migration}, Target);
  StateDict Twice = Once;
  MigrationOutcome Again = applyMigrations(Twice, {Migration}, Target);
  EXPECT_TRUE(Again.Applied.empty());
  EXPECT_EQ(Again.Skipped, std::vector<std::string>{Migration.Id});
  expectBitIdentical(Once, Twice);
  EXPECT_EQ(Once.Metadata, Twice.Metadata);

  // Even without the record, the generated function finds its work done.
  StateDict Unrecorded = Once;
  Unrecorded.Metadata.clear();
  MigrationOutcome Blind = applyMigrations(Unrecorded, {generated("AttnBlockImpl")}, Target);
  EXPECT_TRUE(Blind.Applied.empty());
  expectBitIdentical(Once, Unrecorded);
}

TEST(GeneratedMigration, CheckpointInTheNewLayoutIsANoOpWithANotice) {
  TempDirectory Dir;
  flux::Decoder New;
  StateDict Dict = saveAndLoad(New, Dir, "new.pt");
  const StateDict Original = Dict;
  MigrationTarget Target;
  Target.Source = "new.pt";
  Target.NewModel = New.get();
  MigrationOutcome Outcome = applyMigrations(Dict, {generated("flux::UpsampleBlockImpl")}, Target);
  EXPECT_TRUE(Outcome.Applied.empty());
  EXPECT_FALSE(Outcome.Record.Notices.empty());
  expectBitIdentical(Original, Dict);
}

TEST(GeneratedMigration, TodoMigrationFailsWithItsMessage) {
  // options-reshape: the stem's kernel grew from 3x3 to 7x7; no rule can
  // invent the missing weights.
  const char *const Message =
      "unresolved migration TODO: conv.weight: decide how to resize [ch,3,3,3] -> [ch,3,7,7]";
  StateDict Dict;
  Dict.set("conv.weight", torch::zeros({8, 3, 3, 3}));
  Dict.set("conv.bias", torch::zeros({8}));
  StateDict Again = Dict;
  MigrationRecord Record;
  MigrationScope Scope(Dict, Record, "", nullptr, "vision::StemImpl@a..b");
  EngineMigration Cpp = generated("vision::StemImpl");
  try {
    Cpp.Apply(Scope);
    FAIL() << "a TODO migration ran to the end";
  } catch (const MigrationTodo &Todo) {
    EXPECT_STREQ(Todo.what(), Message);
  }
  // The JSON engine stops at the same rule with the same message.
  MigrationRecord AgainRecord;
  MigrationScope AgainScope(Again, AgainRecord, "", nullptr, "vision::StemImpl@a..b");
  MigrationSpec Spec = readMigrationSpec(specPath("options-reshape", "vision_StemImpl"));
  try {
    applySpecRules(AgainScope, Spec);
    FAIL() << "a TODO spec ran to the end";
  } catch (const MigrationTodo &Todo) {
    EXPECT_STREQ(Todo.what(), Message);
  }
}
