#include "SchemaBuilders.h"

#include "modelcompat/diff/DiffSchemas.h"
#include "modelcompat/diff/ShapeEquivalence.h"

#include <gtest/gtest.h>

#include <cstdio>

using namespace modelcompat;
using namespace modelcompat::test;

namespace {

/// One line per change: "kind Module old -> new (confidence) [breaking] @file:line".
std::string describe(const SchemaDiff &Diff) {
  std::string Out;
  for (const Change &C : Diff.Changes) {
    Out += std::string(changeKindName(C.Kind)) + " " + C.Module;
    if (!C.OldModule.empty())
      Out += " (was " + C.OldModule + ")";
    Out += " " + C.OldKey.value_or("-") + " -> " + C.NewKey.value_or("-");
    if (C.Confidence) {
      char Buffer[16];
      std::snprintf(Buffer, sizeof(Buffer), " %.2f", *C.Confidence);
      Out += Buffer;
    }
    Out += C.Breaking ? " breaking" : " info";
    Out += " @" + C.File + ":" + std::to_string(C.Line) + "\n";
  }
  return Out;
}

SchemaDiff diff(const ScanResult &Base, const ScanResult &Head, const DiffOptions &Options = {}) {
  return diffSchemas(Base, Head, Options);
}

ModuleSchema convBlock(std::vector<StateEntry> Extra = {}) {
  std::vector<StateEntry> Entries = {layer(
      "conv", "torch::nn::Conv2d", {{"weight", {"out", "in", "3", "3"}}, {"bias", {"out"}}}, 8)};
  for (StateEntry &E : Extra)
    Entries.push_back(std::move(E));
  return module("ns::ConvBlockImpl", "models/conv.h", Entries);
}

} // namespace

TEST(DiffSchemas, IdenticalScansHaveNoFindings) {
  ScanResult Scan = scan({convBlock()});
  EXPECT_EQ(describe(diff(Scan, Scan)), "");
}

TEST(DiffSchemas, AddedBufferIsBreakingAtItsHeadLine) {
  SchemaDiff Diff =
      diff(scan({convBlock()}), scan({convBlock({buffer("outpad", {"1", "out", "1", "1"}, 12)})}));
  EXPECT_EQ(describe(Diff), "added ns::ConvBlockImpl - -> outpad breaking @models/conv.h:12\n");
  EXPECT_EQ(Diff.Changes[0].Entry, EntryKind::Buffer);
  EXPECT_EQ(*Diff.Changes[0].NewShape, (SymbolicShape{"1", "out", "1", "1"}));
}

TEST(DiffSchemas, RemovedParameterPointsAtTheBaseLine) {
  SchemaDiff Diff = diff(scan({convBlock({tensor("scale", {"out"}, 14)})}), scan({convBlock()}));
  EXPECT_EQ(describe(Diff), "removed ns::ConvBlockImpl scale -> - breaking @models/conv.h:14\n");
}

TEST(DiffSchemas, ReshapeAfterNormalisation) {
  auto Block = [](SymbolicShape Shape) {
    return module("ns::PatchImpl", "p.h",
                  {layer("proj", "torch::nn::Conv2d", {{"weight", Shape}, {"bias", {"dim"}}})});
  };
  EXPECT_EQ(describe(diff(scan({Block({"dim", "in", "p", "p"})}),
                          scan({Block({"dim", "in", "p", "2*p"})}))),
            "reshaped ns::PatchImpl proj.weight -> proj.weight breaking @p.h:10\n");
  // Whitespace is not a change.
  EXPECT_EQ(describe(diff(scan({Block({"dim", "in", "p", "p * 2"})}),
                          scan({Block({"dim", "in", "p", "p*2"})}))),
            "");
}

TEST(DiffSchemas, ConstructorParameterRenameIsNotAChange) {
  auto Block = [](const std::string &In, const std::string &Out) {
    return module("ns::MlpImpl", "m.h",
                  {linear("fc1", In, Out), linear("fc2", Out, Out), tensor("gain", {Out})});
  };
  EXPECT_EQ(describe(diff(scan({Block("in_ch", "out_ch")}),
                          scan({Block("in_channels", "out_channels")}))),
            "");
}

TEST(DiffSchemas, SwappingArgumentsIsAReshape) {
  auto Block = [](const std::string &In, const std::string &Out) {
    return module("ns::MlpImpl", "m.h", {linear("fc", In, Out)});
  };
  EXPECT_EQ(describe(diff(scan({Block("in", "out")}), scan({Block("out", "in")}))),
            "reshaped ns::MlpImpl fc.bias -> fc.bias breaking @m.h:10\n"
            "reshaped ns::MlpImpl fc.weight -> fc.weight breaking @m.h:10\n");
}

TEST(DiffSchemas, MonaiAttentionRefactorIsProposedAsRenames) {
  ModuleSchema Old = module("AttnBlockImpl", "models/attn.h",
                            {linear("to_q", "ch", "ch", 20), linear("to_k", "ch", "ch", 21),
                             linear("to_v", "ch", "ch", 22), linear("proj_attn", "ch", "ch", 23)});
  ModuleSchema Attention =
      module("AttentionImpl", "models/attn.h",
             {linear("to_q", "ch", "ch", 12), linear("to_k", "ch", "ch", 13),
              linear("to_v", "ch", "ch", 14), linear("out_proj", "ch", "ch", 15)});
  ModuleSchema New = module("AttnBlockImpl", "models/attn.h",
                            {submodule("attn", "Attention", "AttentionImpl", 42)}, 30);
  SchemaDiff Diff = diff(scan({Old}), scan({Attention, New}));
  EXPECT_EQ(
      describe(Diff),
      "renamed AttnBlockImpl proj_attn -> attn.out_proj 0.95 breaking @models/attn.h:42\n"
      "renamed AttnBlockImpl proj_attn.bias -> attn.out_proj.bias 0.95 breaking @models/attn.h:42\n"
      "renamed AttnBlockImpl proj_attn.weight -> attn.out_proj.weight 0.95 breaking "
      "@models/attn.h:42\n"
      "renamed AttnBlockImpl to_k -> attn.to_k 0.95 breaking @models/attn.h:42\n"
      "renamed AttnBlockImpl to_k.bias -> attn.to_k.bias 0.95 breaking @models/attn.h:42\n"
      "renamed AttnBlockImpl to_k.weight -> attn.to_k.weight 0.95 breaking @models/attn.h:42\n"
      "renamed AttnBlockImpl to_q -> attn.to_q 0.95 breaking @models/attn.h:42\n"
      "renamed AttnBlockImpl to_q.bias -> attn.to_q.bias 0.95 breaking @models/attn.h:42\n"
      "renamed AttnBlockImpl to_q.weight -> attn.to_q.weight 0.95 breaking @models/attn.h:42\n"
      "renamed AttnBlockImpl to_v -> attn.to_v 0.95 breaking @models/attn.h:42\n"
      "renamed AttnBlockImpl to_v.bias -> attn.to_v.bias 0.95 breaking @models/attn.h:42\n"
      "renamed AttnBlockImpl to_v.weight -> attn.to_v.weight 0.95 breaking @models/attn.h:42\n");
  // Each moved Linear is one sub-tree move, then its keys.
  EXPECT_EQ(Diff.Changes[0].Entry, EntryKind::Module);
  EXPECT_EQ(Diff.Changes[0].Reason, "same sub-module layout (2 keys), the only one");
  EXPECT_EQ(Diff.Changes[3].Reason, "same sub-module layout (2 keys), same name");
  EXPECT_EQ(Diff.Changes[1].Reason, "moved with its sub-module 'proj_attn' -> 'attn.out_proj'");
}

TEST(DiffSchemas, MovesIntoASubmoduleWithOtherParameterNamesAreStillProposed) {
  ModuleSchema Old = module("ns::BlockImpl", "b.h", {linear("proj", "ch", "ch", 20)});
  ModuleSchema Inner = module("ns::AttentionImpl", "b.h", {linear("out_proj", "dim", "dim", 12)});
  ModuleSchema New =
      module("ns::BlockImpl", "b.h", {submodule("attn", "ns::Attention", "ns::AttentionImpl", 30)});
  SchemaDiff Diff = diff(scan({Old}), scan({Inner, New}));
  EXPECT_EQ(describe(Diff),
            "renamed ns::BlockImpl proj.bias -> attn.out_proj.bias 0.76 breaking @b.h:30\n"
            "renamed ns::BlockImpl proj.weight -> attn.out_proj.weight 0.76 breaking @b.h:30\n");
  EXPECT_EQ(Diff.Changes[1].Reason, "same type, shape up to parameter names, same position");
}

TEST(DiffSchemas, DissimilarKeysStayRemovedAndAdded) {
  SchemaDiff Diff = diff(scan({module("ns::XImpl", "x.h", {tensor("alpha", {"4"})})}),
                         scan({module("ns::XImpl", "x.h", {tensor("beta", {"8", "8"})})}));
  EXPECT_EQ(describe(Diff), "removed ns::XImpl alpha -> - breaking @x.h:10\n"
                            "added ns::XImpl - -> beta breaking @x.h:10\n");
}

TEST(DiffSchemas, WeightIsNeverRenamedToBias) {
  ModuleSchema Old =
      module("ns::XImpl", "x.h", {layer("a", "torch::nn::LayerNorm", {{"weight", {"d"}}})});
  ModuleSchema New =
      module("ns::XImpl", "x.h", {layer("a", "torch::nn::LayerNorm", {{"bias", {"d"}}})});
  EXPECT_EQ(describe(diff(scan({Old}), scan({New}))),
            "added ns::XImpl - -> a.bias breaking @x.h:10\n"
            "removed ns::XImpl a.weight -> - breaking @x.h:10\n");
}

TEST(DiffSchemas, ALayerKeyIsRenamedOnlyWithItsWholeLayer) {
  // Norms renumbered with new widths: bn0 gone, bn1 now 16 wide, bn2 new.
  // Only the shapeless counters of bn0 and bn2 look alike; pairing them
  // alone would claim bn0 became bn2.
  auto Norm = [](const std::string &Name, const std::string &Width) {
    return layer(Name, "torch::nn::BatchNorm2d",
                 {{"weight", {Width}}, {"num_batches_tracked", {}, EntryKind::Buffer}});
  };
  ModuleSchema Old = module("ns::GenImpl", "g.h", {Norm("bn0", "8"), Norm("bn1", "4")});
  ModuleSchema New = module("ns::GenImpl", "g.h", {Norm("bn1", "16"), Norm("bn2", "4")});
  EXPECT_EQ(describe(diff(scan({Old}), scan({New}))),
            "removed ns::GenImpl bn0.num_batches_tracked -> - breaking @g.h:10\n"
            "removed ns::GenImpl bn0.weight -> - breaking @g.h:10\n"
            "reshaped ns::GenImpl bn1.weight -> bn1.weight breaking @g.h:10\n"
            "added ns::GenImpl - -> bn2.num_batches_tracked breaking @g.h:10\n"
            "added ns::GenImpl - -> bn2.weight breaking @g.h:10\n");
}

TEST(DiffSchemas, SequentialItemRemovedFromTheMiddleShiftsLaterItems) {
  auto Head = [](std::vector<std::pair<std::string, std::string>> Layers) {
    std::vector<StateEntry> Entries;
    for (size_t I = 0; I < Layers.size(); ++I)
      Entries.push_back(
          linear("head." + std::to_string(I), Layers[I].first, Layers[I].second, 10 + I));
    return module("ns::HeadImpl", "h.h", Entries);
  };
  SchemaDiff Diff = diff(scan({Head({{"d", "h"}, {"h", "h"}, {"h", "c"}})}),
                         scan({Head({{"d", "h"}, {"h", "c"}})}));
  EXPECT_EQ(describe(Diff),
            "removed ns::HeadImpl head.1.bias -> - breaking @h.h:11\n"
            "removed ns::HeadImpl head.1.weight -> - breaking @h.h:11\n"
            "renamed ns::HeadImpl head.2 -> head.1 0.95 breaking @h.h:11\n"
            "renamed ns::HeadImpl head.2.bias -> head.1.bias 0.95 breaking @h.h:11\n"
            "renamed ns::HeadImpl head.2.weight -> head.1.weight 0.95 breaking @h.h:11\n");
}

TEST(DiffSchemas, SequentialItemReshapedInPlaceIsAReshape) {
  auto Head = [](const std::string &Hidden) {
    return module("ns::HeadImpl", "h.h",
                  {linear("head.0", "d", Hidden), linear("head.1", Hidden, "c")});
  };
  EXPECT_EQ(describe(diff(scan({Head("h")}), scan({Head("2*h")}))),
            "reshaped ns::HeadImpl head.0.bias -> head.0.bias breaking @h.h:10\n"
            "reshaped ns::HeadImpl head.0.weight -> head.0.weight breaking @h.h:10\n"
            "reshaped ns::HeadImpl head.1.weight -> head.1.weight breaking @h.h:10\n");
}

TEST(DiffSchemas, LoopBuiltNamesThatChangePrefixAreRenames) {
  auto Encoder = [](const std::string &Prefix) {
    return module("ns::EncoderImpl", "e.h",
                  {layer(Prefix + "0", "torch::nn::Conv2d", {{"weight", {"c1", "c0", "3", "3"}}}),
                   layer(Prefix + "1", "torch::nn::Conv2d", {{"weight", {"c2", "c1", "3", "3"}}}),
                   layer(Prefix + "2", "torch::nn::Conv2d", {{"weight", {"c2", "c2", "3", "3"}}})});
  };
  EXPECT_EQ(describe(diff(scan({Encoder("down")}), scan({Encoder("enc")}))),
            "renamed ns::EncoderImpl down0 -> enc0 0.95 breaking @e.h:10\n"
            "renamed ns::EncoderImpl down0.weight -> enc0.weight 0.95 breaking @e.h:10\n"
            "renamed ns::EncoderImpl down1 -> enc1 0.95 breaking @e.h:10\n"
            "renamed ns::EncoderImpl down1.weight -> enc1.weight 0.95 breaking @e.h:10\n"
            "renamed ns::EncoderImpl down2 -> enc2 0.95 breaking @e.h:10\n"
            "renamed ns::EncoderImpl down2.weight -> enc2.weight 0.95 breaking @e.h:10\n");
}

TEST(DiffSchemas, BatchNormRetypeIsOneInformationalFinding) {
  auto Block = [](const std::string &Type) {
    return module("ns::ConvBlockImpl", "c.h",
                  {layer("norm", Type,
                         {{"weight", {"c"}},
                          {"bias", {"c"}},
                          {"running_mean", {"c"}, EntryKind::Buffer},
                          {"running_var", {"c"}, EntryKind::Buffer},
                          {"num_batches_tracked", {}, EntryKind::Buffer}},
                         19)});
  };
  SchemaDiff Diff =
      diff(scan({Block("torch::nn::BatchNorm1d")}), scan({Block("torch::nn::BatchNorm2d")}));
  EXPECT_EQ(describe(Diff), "retyped ns::ConvBlockImpl norm -> norm info @c.h:19\n");
  EXPECT_EQ(Diff.Changes[0].OldLayer, "torch::nn::BatchNorm1d");
  EXPECT_EQ(Diff.Changes[0].NewLayer, "torch::nn::BatchNorm2d");
  EXPECT_EQ(Diff.Changes[0].Entry, EntryKind::Module);
}

TEST(DiffSchemas, ClassRenamedWithIdenticalLayoutIsInformational) {
  ScanResult Base =
      scan({module("ns::GatedPixelCNNImpl", "models/pixelcnn.h", {tensor("w", {"c", "c"})}, 8)});
  ScanResult Head =
      scan({module("ns::PixelCNNImpl", "models/pixelcnn.h", {tensor("w", {"c", "c"})}, 8)});
  SchemaDiff Diff = diff(Base, Head);
  EXPECT_EQ(describe(Diff), "class-renamed ns::PixelCNNImpl (was ns::GatedPixelCNNImpl) - -> "
                            "- 1.00 info @models/pixelcnn.h:8\n");
  EXPECT_EQ(Diff.Changes[0].OldLayer, "ns::GatedPixelCNN");
  EXPECT_EQ(Diff.Changes[0].NewLayer, "ns::PixelCNN");
}

TEST(DiffSchemas, ClassesThatSwapNamesAreNotLayoutChanges) {
  ModuleSchema A = module("ns::AImpl", "a.h", {tensor("x", {"1"})});
  ModuleSchema B = module("ns::BImpl", "b.h", {tensor("y", {"2"})});
  ModuleSchema NewA = module("ns::AImpl", "b.h", {tensor("y", {"2"})});
  ModuleSchema NewB = module("ns::BImpl", "a.h", {tensor("x", {"1"})});
  EXPECT_EQ(describe(diff(scan({A, B}), scan({NewA, NewB}))),
            "class-renamed ns::AImpl (was ns::BImpl) - -> - 1.00 info @b.h:3\n"
            "class-renamed ns::BImpl (was ns::AImpl) - -> - 1.00 info @a.h:3\n");
}

TEST(DiffSchemas, ACopiedClassDoesNotStealTheOriginal) {
  ModuleSchema A = module("ns::AImpl", "a.h", {tensor("x", {"1"})});
  ModuleSchema NewA = module("ns::AImpl", "a.h", {tensor("x", {"1"}), tensor("z", {"3"})});
  ModuleSchema Copy = module("ns::CopyImpl", "a.h", {tensor("x", {"1"})});
  EXPECT_EQ(describe(diff(scan({A}), scan({NewA, Copy}))),
            "added ns::AImpl - -> z breaking @a.h:10\n");
}

TEST(DiffSchemas, ConditionChanges) {
  auto Block = [](std::optional<std::string> Condition) {
    StateEntry Bias = tensor("bias", {"c"});
    Bias.Condition = Bias.Keys[0].Condition = std::move(Condition);
    return module("ns::XImpl", "x.h", {tensor("weight", {"c"}), Bias});
  };
  EXPECT_EQ(describe(diff(scan({Block(std::nullopt)}), scan({Block("use_bias")}))),
            "condition-changed ns::XImpl bias -> bias breaking @x.h:10\n");
  EXPECT_EQ(describe(diff(scan({Block("use_bias")}), scan({Block("use_bias ")}))), "");
}

TEST(DiffSchemas, ChangesInsideAUserSubmoduleAreReportedOnceAtThatClass) {
  ModuleSchema Inner = module("ns::InnerImpl", "i.h", {tensor("w", {"c"})});
  ModuleSchema NewInner = module("ns::InnerImpl", "i.h", {tensor("w", {"c"}), tensor("v", {"c"})});
  ModuleSchema Outer =
      module("ns::OuterImpl", "o.h", {submodule("inner", "ns::Inner", "ns::InnerImpl")});
  EXPECT_EQ(describe(diff(scan({Inner, Outer}), scan({NewInner, Outer}))),
            "added ns::InnerImpl - -> v breaking @i.h:10\n");
}

/// A scan in which File had compile errors; MayDefine: whether its text
/// could define a module class (ScannedFile::MayDefineModules).
static ScanResult withErrorsIn(ScanResult Result, const std::string &File, bool MayDefine = true) {
  Result.FilesWithErrors.push_back(File);
  ScannedFile Scanned;
  Scanned.Path = File;
  Scanned.HadErrors = true;
  Scanned.MayDefineModules = MayDefine;
  Result.Files.push_back(Scanned);
  return Result;
}

static ModuleSchema unreadable(ModuleSchema Module, const std::string &Error) {
  Module.Unreadable = Error;
  return Module;
}

TEST(DiffSchemas, ClassThatVanishesWithItsFileNotParsingIsUnresolved) {
  ScanResult Base = scan({convBlock()});
  ScanResult Head = withErrorsIn(scan({}), "models/conv.h");
  SchemaDiff Diff = diff(Base, Head);
  EXPECT_EQ(describe(Diff), "unresolved ns::ConvBlockImpl - -> - breaking @models/conv.h:3\n");
  EXPECT_EQ(Diff.Changes[0].Reason, "models/conv.h failed to parse at head");
  EXPECT_EQ(Diff.UnresolvedFiles, std::vector<std::string>{"models/conv.h"});
}

TEST(DiffSchemas, AnAbstractClassIsComparedOnlyThroughItsDerivedClasses) {
  // The registration moved from the derived class's constructor into the
  // abstract base's: the derived layout (base entries composed in) is the
  // same, and no checkpoint of the base itself exists.
  ModuleSchema Base = module("ns::LayerBase", "b.h", {});
  ModuleSchema NewBase = module("ns::LayerBase", "b.h", {tensor("out", {"c"})});
  Base.Abstract = NewBase.Abstract = true;
  ModuleSchema Derived = module("ns::MlpImpl", "m.h", {tensor("out", {"c"})});
  EXPECT_EQ(describe(diff(scan({Base, Derived}), scan({NewBase, Derived}))), "");
  NewBase.Abstract = false;
  EXPECT_EQ(describe(diff(scan({Base, Derived}), scan({NewBase, Derived}))), "");
  Base.Abstract = false;
  EXPECT_EQ(describe(diff(scan({Base, Derived}), scan({NewBase, Derived}))),
            "added ns::LayerBase - -> out breaking @b.h:10\n");
}

TEST(DiffSchemas, ClassWhoseNameItsBrokenFileNoLongerDefinesIsNotHiddenByTheErrors) {
  // ConvBlockImpl became ConvLayerImpl in a file that fails to parse at
  // head (for reasons elsewhere): the errors hid nothing of ConvBlockImpl.
  ScanResult Base = scan({convBlock()});
  ScanResult Head = withErrorsIn(scan({}), "models/conv.h");
  Head.Files.back().DefinedClassNames = {"ConvLayerImpl", "Options"};
  EXPECT_EQ(describe(diff(Base, Head)), "");
  Head.Files.back().DefinedClassNames = {"ConvBlockImpl", "ConvLayerImpl"};
  EXPECT_EQ(describe(diff(Base, Head)),
            "unresolved ns::ConvBlockImpl - -> - breaking @models/conv.h:3\n");
}

TEST(DiffSchemas, PartlyParsedClassIsUnresolvedNotUnchanged) {
  ScanResult Base = scan({convBlock({tensor("scale", {"out"})})});
  ScanResult Head = withErrorsIn(
      scan({unreadable(convBlock(), "models/conv.h:12: expected ';' after expression")}),
      "models/conv.h");
  SchemaDiff Diff = diff(Base, Head);
  EXPECT_EQ(describe(Diff), "unresolved ns::ConvBlockImpl - -> - breaking @models/conv.h:3\n");
  EXPECT_EQ(Diff.Changes[0].Reason, "its registrations cannot be read at head: "
                                    "models/conv.h:12: expected ';' after expression");
}

TEST(DiffSchemas, ErrorsOutsideAClassRegistrationsAreNotFindings) {
  // An error in forward() or main(): the class was read whole.
  ScanResult Base = scan({convBlock()});
  ScanResult Head = withErrorsIn(scan({convBlock()}), "models/conv.h");
  EXPECT_EQ(describe(diff(Base, Head)), "");
}

TEST(DiffSchemas, ErrorsAtBothSidesOfAnUnchangedFileAreNotFindings) {
  ScanResult Side = withErrorsIn(
      scan({unreadable(convBlock(), "models/conv.h:12: expected ';' after expression")}),
      "models/conv.h");
  DiffOptions Options;
  Options.UnchangedFiles = {"models/conv.h"};
  EXPECT_EQ(describe(diff(Side, Side, Options)), "");
  EXPECT_EQ(describe(diff(Side, Side)),
            "unresolved ns::ConvBlockImpl - -> - breaking @models/conv.h:3\n");
}

TEST(DiffSchemas, BrokenFileWithoutClassesIsStillReported) {
  SchemaDiff Diff = diff(scan({}), withErrorsIn(scan({}), "src/net.cpp"));
  EXPECT_EQ(describe(Diff), "unresolved  - -> - breaking @src/net.cpp:0\n");
  EXPECT_EQ(Diff.Changes[0].Reason,
            "src/net.cpp failed to parse at head and no module class could be read from it");
}

TEST(DiffSchemas, BrokenFileThatCannotDefineAModuleIsNoFinding) {
  // main.cpp against a missing option parser: no module class to hide.
  EXPECT_EQ(describe(diff(scan({}), withErrorsIn(scan({}), "src/main.cpp", false))), "");
}

TEST(DiffSchemas, UnresolvedNamesAreNeverSilentlyDropped) {
  StateEntry Unknown = tensor("{make_name()}", {"c"});
  Unknown.Kind = Unknown.Keys[0].Kind = EntryKind::Unresolved;
  SchemaDiff Diff = diff(scan({convBlock()}), scan({convBlock({Unknown})}));
  EXPECT_EQ(describe(Diff),
            "unresolved ns::ConvBlockImpl - -> {make_name()} breaking @models/conv.h:10\n");
}

TEST(DiffSchemas, ParameterBecomingBufferIsARetype) {
  SchemaDiff Diff = diff(scan({module("ns::XImpl", "x.h", {tensor("s", {"c"})})}),
                         scan({module("ns::XImpl", "x.h", {buffer("s", {"c"})})}));
  EXPECT_EQ(describe(Diff), "retyped ns::XImpl s -> s info @x.h:10\n");
  EXPECT_EQ(Diff.Changes[0].Reason, "parameter became buffer");
}

TEST(IdentifierRenaming, LearnsConsistentRenamesOnly) {
  IdentifierRenaming R = learnIdentifierRenaming({{"out_ch", "out_channels"},
                                                  {"in_ch", "in_channels"},
                                                  {"out_ch", "out_channels"},
                                                  {"k * 2", "k * 2"}});
  EXPECT_EQ(R, (IdentifierRenaming{{"in_ch", "in_channels"}, {"out_ch", "out_channels"}}));
  EXPECT_EQ(learnIdentifierRenaming({{"in", "out"}, {"out", "in"}}), IdentifierRenaming{});
  EXPECT_EQ(comparableExpression("in_ch / groups", R), "in_channels/groups");
  EXPECT_EQ(comparableExpression("sizeof x"), "sizeof x");
}

TEST(DiffSchemas, ReusedClassNamesAreClassRenamesOnly) {
  // ConvBlock renamed ConvBnBlock while ResBlock is renamed ConvBlock.
  ModuleSchema Conv = module("ns::ConvBlockImpl", "b.h", {linear("fc", "i", "o")});
  ModuleSchema Res =
      module("ns::ResBlockImpl", "b.h", {linear("a", "c", "c"), linear("b", "c", "c")});
  ModuleSchema OldNet = module("ns::NetImpl", "b.h",
                               {submodule("stem", "ns::ConvBlock", "ns::ConvBlockImpl"),
                                submodule("res", "ns::ResBlock", "ns::ResBlockImpl")});
  ModuleSchema ConvBn = Conv, NewConv = Res;
  ConvBn.ClassName = "ns::ConvBnBlockImpl";
  ConvBn.Holder = "ns::ConvBnBlock";
  NewConv.ClassName = "ns::ConvBlockImpl";
  NewConv.Holder = "ns::ConvBlock";
  ModuleSchema NewNet = module("ns::NetImpl", "b.h",
                               {submodule("stem", "ns::ConvBnBlock", "ns::ConvBnBlockImpl"),
                                submodule("res", "ns::ConvBlock", "ns::ConvBlockImpl")});
  SchemaDiff Diff = diff(scan({Conv, Res, OldNet}), scan({ConvBn, NewConv, NewNet}));
  ASSERT_EQ(Diff.Changes.size(), 2u) << describe(Diff);
  for (const Change &C : Diff.Changes)
    EXPECT_EQ(C.Kind, ChangeKind::ClassRenamed) << describe(Diff);
  EXPECT_EQ(Diff.Changes[0].OldModule, "ns::ResBlockImpl");
  EXPECT_EQ(Diff.Changes[0].Module, "ns::ConvBlockImpl");
  EXPECT_EQ(Diff.Changes[1].OldModule, "ns::ConvBlockImpl");
  EXPECT_EQ(Diff.Changes[1].Module, "ns::ConvBnBlockImpl");
}

TEST(DiffSchemas, SameNamedClassesOfOtherFoldersNeverMix) {
  auto Down = [](const std::string &File, const std::string &Out) {
    return module("s::DownImpl", File, {linear("proj", "c", Out)});
  };
  auto User = [](const std::string &Class, const std::string &File) {
    StateEntry Entry = submodule("down", "s::Down", "s::DownImpl");
    Entry.ModuleClassFile = File;
    return module(Class, File, {Entry});
  };
  std::vector<ModuleSchema> Base = {Down("a/m.h", "c"), Down("b/m.h", "2*c"),
                                    User("s::AImpl", "a/m.h"), User("s::BImpl", "b/m.h")};
  std::vector<ModuleSchema> Head = Base;
  Head.push_back(Down("c/m.h", "3*c")); // a new sample folder
  Head.push_back(User("s::CImpl", "c/m.h"));
  EXPECT_EQ(describe(diff(scan(Base), scan(Head))), "");
}

TEST(DiffSchemas, ArgumentsAChangedCallerPassesAreComparedAtTheCaller) {
  StateEntry Conv = layer("conv", "torch::nn::Conv2d", {{"weight", {"c", "c", "3", "3"}}});
  StateEntry Bias = layer("conv", "torch::nn::Conv2d", {{"bias", {"c"}}});
  Conv.Keys.push_back(Bias.Keys.front());
  Conv.Keys.back().Condition = "options.bias()";
  ModuleSchema Block = module("ns::DownImpl", "d.h", {Conv});
  auto Encoder = [](const std::string &BiasArgument) {
    StateEntry Entry = submodule("down", "ns::Down", "ns::DownImpl", 20);
    Entry.Arguments["bias"] = BiasArgument;
    return module("ns::EncoderImpl", "d.h", {Entry});
  };
  EXPECT_EQ(describe(diff(scan({Block, Encoder("true")}), scan({Block, Encoder("false")}))),
            "removed ns::EncoderImpl down.conv.bias -> - breaking @d.h:20\n");
}
