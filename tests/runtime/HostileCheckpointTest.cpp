//===- HostileCheckpointTest.cpp - Crafted inputs cost what they weigh ----===//
//
// Small checkpoints built to cost gigabytes or minutes in a naive reader
// (issue 20): each is generated here, byte by byte, and must fail with its
// whole message or load with work, counted by the reader, proportional to
// its size. No wall-clock times. These run under ASan/UBSan too
// (sanitizer_tests).
//
//===----------------------------------------------------------------------===//
#include "PickleReader.h"
#include "PickleStateDict.h"
#include "modelcompat/runtime/Checkpoint.h"
#include "runtime/CheckpointTestFiles.h"
#include "support/ErrorText.h"
#include "support/TempDirectory.h"

#include "modelcompat/support/Error.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace modelcompat;
using namespace modelcompat::test;

namespace {

/// LONG1: any int64, little-endian two's complement in 8 bytes.
std::string long8(int64_t Value) {
  std::string Out = "\x8a\x08";
  appendLittle(Out, static_cast<uint64_t>(Value), 8);
  return Out;
}

std::string intTuple(const std::vector<int64_t> &Values) {
  std::string Out = "(";
  for (int64_t Value : Values)
    Out += long8(Value);
  return Out + "t";
}

/// _rebuild_tensor_v2 over storage "0" of Numel elements of Class, with the
/// given size and stride pickles (a tuple, or a memo reference to one).
std::string view(const std::string &Class, int64_t Numel, const std::string &Sizes,
                 const std::string &Strides) {
  return pickle::global("torch._utils", "_rebuild_tensor_v2") + "((" + pickle::unicode("storage") +
         pickle::global("torch", Class) + pickle::unicode("0") + pickle::unicode("cpu") +
         long8(Numel) + "tQ" + pickle::int1(0) + Sizes + Strides + "\x89" +
         pickle::global("collections", "OrderedDict") + ")Rt" + "R";
}

using pickle::get;
using pickle::put;

/// A TorchScript-style archive (constants.pkl makes it one) around DataPickle.
std::string libtorchZip(const std::string &DataPickle) {
  return storedZip({{"archive/data.pkl", DataPickle},
                    {"archive/constants.pkl", "\x80\x02)."},
                    {"archive/version", "3\n"}});
}

PickleTree parse(const std::string &Bytes, bool Script = false) {
  PicklePolicy Policy;
  Policy.AllowScriptClasses = Script;
  return unpickle(Bytes, "x.pt", "archive/data.pkl", Policy);
}

} // namespace

TEST(HostileCheckpoint, SharedHugeSizeTupleIsRefusedAtTheFirstTensor) {
  // 2,000 entries share one memoised size tuple of 100,000 dimensions: a
  // reader copying it per tensor grows past 2.7 GB.
  std::string Dims = "(" + std::string(100000 * 2, '\0');
  for (size_t I = 0; I < 100000; ++I)
    Dims[1 + 2 * I] = 'K', Dims[2 + 2 * I] = '\x01';
  Dims += "t" + put(1);
  std::string Head = std::string("\x80\x02") + pickle::global("collections", "OrderedDict") +
                     ")R(" + pickle::unicode("w0");
  std::string First = view("FloatStorage", 1, Dims, get(1));
  std::string Pickle = Head + First;
  for (int I = 1; I < 2000; ++I)
    Pickle += pickle::unicode("w" + std::to_string(I)) + view("FloatStorage", 1, get(1), get(1));
  Pickle += "u.";
  TempDirectory Dir;
  std::string Path = Dir.write("dims.pt", pythonZip(Pickle));
  // The error comes at the first REDUCE of _rebuild_tensor_v2.
  size_t Offset = Head.size() + First.size() - 1;
  EXPECT_EQ(errorOf([&] { inspectCheckpoint(Path); }),
            "checkpoint '" + Path + "': invalid pickle in archive/data.pkl at offset " +
                std::to_string(Offset) + ": tensor size has 100000 dimensions (limit 64)");
}

TEST(HostileCheckpoint, SharedTupleOfSixtyFourDimensionsLoadsInLinearWork) {
  std::string Ones = "(" + std::string(64 * 2, '\0');
  for (size_t I = 0; I < 64; ++I)
    Ones[1 + 2 * I] = 'K', Ones[2 + 2 * I] = '\x01';
  Ones += "t" + put(1);
  std::string Pickle = std::string("\x80\x02") + pickle::global("collections", "OrderedDict") +
                       ")R(" + pickle::unicode("w0") + view("FloatStorage", 1, Ones, get(1));
  for (int I = 1; I < 2000; ++I)
    Pickle += pickle::unicode("w" + std::to_string(I)) + view("FloatStorage", 1, get(1), get(1));
  Pickle += "u.";
  PickleTree Tree = parse(Pickle);
  EXPECT_LE(Tree.Work, Tree.InputBytes);
  PickleWalkStats Stats;
  std::vector<PickledTensor> Tensors =
      collectPickledTensors(Tree, CheckpointFormat::PythonZip, {}, "x.pt", &Stats);
  ASSERT_EQ(Tensors.size(), 2000u);
  EXPECT_EQ(Tensors[0].Sizes.size(), 64u);
  EXPECT_EQ(Stats.Visits, 2000u);
}

TEST(HostileCheckpoint, NoneFloodHitsTheStackBudget) {
  // 8 MiB of NONE before an empty dict: 2.3 GB in a reader that makes a
  // value per opcode. None is shared; the stack stops at half the size.
  std::string Pickle = "\x80\x02" + std::string(8 << 20, 'N') + "}.";
  ASSERT_EQ(Pickle.size(), 8388612u);
  ASSERT_EQ(pickleValueBudget(Pickle.size()), 4195330u); // 8388612 / 2 + 1024
  TempDirectory Dir;
  std::string Path = Dir.write("none.pt", pythonZip(Pickle));
  // The (budget + 1)th NONE, after the 2-byte PROTO, overflows.
  EXPECT_EQ(errorOf([&] { inspectCheckpoint(Path); }),
            "checkpoint '" + Path +
                "': invalid pickle in archive/data.pkl at offset 4195332: more than 4195330 "
                "values on the stack for a pickle of 8388612 bytes");
}

TEST(HostileCheckpoint, SharedValuesCostNothing) {
  // A list of 100,000 Nones and bools, appended in batches of 1,000 as
  // pickle writes them: three shared values, one list.
  std::string Pickle = "\x80\x02]";
  for (int Batch = 0; Batch < 100; ++Batch) {
    Pickle += "(";
    for (int I = 0; I < 1000; ++I)
      Pickle += I % 3 == 0 ? "N" : I % 3 == 1 ? "\x88" : "\x89";
    Pickle += "e";
  }
  Pickle += ".";
  PickleTree Tree = parse(Pickle);
  EXPECT_EQ(Tree.Values.size(), 4u);
  EXPECT_EQ(Tree.at(Tree.Root).Items.size(), 100000u);
  EXPECT_LE(Tree.Work, 2 * Tree.InputBytes);
}

TEST(HostileCheckpoint, EmptyListFloodHitsTheValueBudget) {
  std::string Pickle = "\x80\x02" + std::string(1 << 20, ']') + ".";
  // 3 shared values, then 1048577 / 2 + 1024 - 3 lists fit: offset 2 + that.
  EXPECT_EQ(errorOf([&] { parse(Pickle); }),
            "checkpoint 'x.pt': invalid pickle in archive/data.pkl at offset 525312: more "
            "than 525313 values for a pickle of 1048579 bytes");
}

TEST(HostileCheckpoint, MemoFloodHitsTheMemoBudget) {
  std::string Pickle = "\x80\x02N" + std::string(1 << 20, '\x94') + ".";
  EXPECT_EQ(errorOf([&] { parse(Pickle); }),
            "checkpoint 'x.pt': invalid pickle in archive/data.pkl at offset 525317: more "
            "than 525314 memo entries for a pickle of 1048580 bytes");
}

TEST(HostileCheckpoint, ReduceReadsItsArgumentsInPlace) {
  // restore_type_tag called 50,000 times on one memoised 50,000-item tuple:
  // quadratic if each REDUCE copied its arguments.
  std::string Pickle = "\x80\x02" + pickle::global("torch.jit._pickle", "restore_type_tag") +
                       put(0) + "0(" + std::string(50000, 'N') + "t" + put(1) + "0";
  for (int I = 0; I < 50000; ++I)
    Pickle += get(0) + get(1) + "R0";
  Pickle += "}.";
  PickleTree Tree = parse(Pickle);
  EXPECT_EQ(Tree.at(Tree.Root).Kind, PickleKind::Dict);
  EXPECT_LE(Tree.Work, Tree.InputBytes / 4);
}

TEST(HostileCheckpoint, NumelOverflowIsAnErrorNamingTheKey) {
  // sizes [2^62, 4], strides [0, 0] over one element: the byte count used
  // to wrap to 0. PyTorch says "numel: integer multiplication overflow".
  std::string Pickle = pickle::orderedDict(
      {{"w", view("FloatStorage", 1, intTuple({int64_t(1) << 62, 4}), intTuple({0, 0}))}});
  TempDirectory Dir;
  std::string Path = Dir.write("numel.pt", pythonZip(Pickle, {{"0", std::string(4, '\0')}}));
  std::string Expected =
      "checkpoint '" + Path + "': tensor 'w': numel: integer multiplication overflow";
  EXPECT_EQ(errorOf([&] { inspectCheckpoint(Path); }), Expected);
  EXPECT_EQ(errorOf([&] { loadCheckpoint(Path); }), Expected);
}

TEST(HostileCheckpoint, ByteCountOverflowIsAnError) {
  std::string Pickle = pickle::orderedDict(
      {{"w", view("DoubleStorage", 1, intTuple({int64_t(1) << 61}), intTuple({0}))}});
  TempDirectory Dir;
  std::string Path = Dir.write("bytes.pt", pythonZip(Pickle));
  EXPECT_EQ(errorOf([&] { inspectCheckpoint(Path); }),
            "checkpoint '" + Path + "': tensor 'w': byte count overflows");
}

TEST(HostileCheckpoint, HugeZeroStrideViewsAreRefused) {
  std::string Pickle = pickle::orderedDict(
      {{"w", view("FloatStorage", 1, intTuple({1 << 20, 1 << 10}), intTuple({0, 0}))}});
  TempDirectory Dir;
  std::string Path = Dir.write("expand.pt", pythonZip(Pickle, {{"0", std::string(4, '\0')}}));
  EXPECT_EQ(errorOf([&] { inspectCheckpoint(Path); }),
            "checkpoint '" + Path +
                "': tensor 'w': a view of 1073741824 elements over a storage of 1 exceeds "
                "the limit of 16777216 elements for overlapping views");
}

TEST(HostileCheckpoint, SmallZeroStrideViewsLoad) {
  // An expanded buffer, as torch.save keeps it.
  std::string One = std::string(4, '\0');
  float Value = 2.5f;
  std::memcpy(One.data(), &Value, 4);
  std::string Pickle =
      pickle::orderedDict({{"w", view("FloatStorage", 1, intTuple({3, 2}), intTuple({0, 0}))}});
  TempDirectory Dir;
  std::string Path = Dir.write("small.pt", pythonZip(Pickle, {{"0", One}}));
  EXPECT_EQ(inspectCheckpoint(Path).Tensors.at(0).Bytes, 24u);
  EXPECT_TRUE(torch::equal(loadCheckpoint(Path).find("w")->Value, torch::full({3, 2}, 2.5f)));
}

TEST(HostileCheckpoint, BoolBytesAreValidatedInZipCheckpoints) {
  std::string Pickle = pickle::orderedDict({{"mask", pickle::tensor("BoolStorage", "0", 2)}});
  TempDirectory Dir;
  std::string Bad = Dir.write("bad.pt", pythonZip(Pickle, {{"0", std::string("\x01\x02", 2)}}));
  EXPECT_EQ(errorOf([&] { loadCheckpoint(Bad); }),
            "checkpoint '" + Bad + "': tensor 'mask': BOOL data holds a byte other than 0 or 1");
  std::string Good = Dir.write("good.pt", pythonZip(Pickle, {{"0", std::string("\x01\x00", 2)}}));
  EXPECT_TRUE(torch::equal(loadCheckpoint(Good).find("mask")->Value, torch::tensor({true, false})));
}

TEST(HostileCheckpoint, RepeatedDictKeysKeepTheLastValue) {
  // One key set 2,000 times is one tensor, as in Python.
  std::string Pickle = std::string("\x80\x02") + pickle::global("collections", "OrderedDict") +
                       ")R(" + pickle::unicode("w") + pickle::tensor("FloatStorage", "0", 3) +
                       put(1);
  for (int I = 0; I < 2000; ++I)
    Pickle += pickle::unicode("w") + get(1);
  Pickle += "u.";
  PickleTree Tree = parse(Pickle);
  PickleWalkStats Stats;
  auto Tensors = collectPickledTensors(Tree, CheckpointFormat::PythonZip, {}, "x.pt", &Stats);
  ASSERT_EQ(Tensors.size(), 1u);
  EXPECT_EQ(Tensors[0].Key, "w");
  EXPECT_EQ(Stats.Visits, 2001u);
}

namespace {

/// Depth module objects, each holding its child twice ("a" and "b"), the
/// innermost a tensor: 2^Depth tensors if every path were walked.
std::string sharedModuleChain(int Depth) {
  std::string Out = "\x80\x02" + pickle::global("__torch__.M", "M") + put(0) + "0";
  // The leaf: M() with {"w": tensor}.
  Out += get(0) + ")\x81}(" + pickle::unicode("w") + pickle::tensor("FloatStorage", "0", 1) + "ub" +
         put(1) + "0";
  for (int Level = 1; Level <= Depth; ++Level)
    Out += get(0) + ")\x81}(" + pickle::unicode("a") + get(Level) + pickle::unicode("b") +
           get(Level) + "ub" + put(Level + 1) + (Level == Depth ? "" : "0");
  return Out + ".";
}

} // namespace

TEST(HostileCheckpoint, SharedSubModulesAreWalkedOnce) {
  // 845 bytes gave millions of tensors when a shared module was walked once
  // per path.
  std::string Pickle = sharedModuleChain(40);
  PickleTree Tree = parse(Pickle, /*Script=*/true);
  PickleWalkStats Stats;
  std::string Prefix;
  for (int I = 0; I < 39; ++I)
    Prefix += "a.";
  // Down the "a"s to the leaf, then the deepest "b" meets it again.
  EXPECT_EQ(
      errorOf([&] { collectPickledTensors(Tree, CheckpointFormat::Libtorch, {}, "x.pt", &Stats); }),
      "checkpoint 'x.pt': module '" + Prefix + "b' is the module already read as '" + Prefix +
          "a' (shared sub-modules are not supported)");
  EXPECT_LE(Stats.Visits, 4u * 41);
  TempDirectory Dir;
  std::string Path = Dir.write("shared.pt", libtorchZip(Pickle));
  EXPECT_EQ(errorOf([&] { inspectCheckpoint(Path); }),
            "checkpoint '" + Path + "': module '" + Prefix + "b' is the module already read as '" +
                Prefix + "a' (shared sub-modules are not supported)");
}

TEST(HostileCheckpoint, DistinctSubModulesWalkInLinearVisits) {
  // A chain of 200 distinct modules, each with one tensor.
  std::string Out = "\x80\x02" + pickle::global("__torch__.M", "M") + put(0) + "0";
  Out += get(0) + ")\x81}(" + pickle::unicode("w") + pickle::tensor("FloatStorage", "0", 1) + "ub" +
         put(1) + "0";
  for (int Level = 1; Level <= 200; ++Level)
    Out += get(0) + ")\x81}(" + pickle::unicode("w") + pickle::tensor("FloatStorage", "0", 1) +
           pickle::unicode("child") + get(Level) + "ub" + put(Level + 1) +
           (Level == 200 ? "" : "0");
  Out += ".";
  PickleTree Tree = parse(Out, /*Script=*/true);
  PickleWalkStats Stats;
  auto Tensors = collectPickledTensors(Tree, CheckpointFormat::Libtorch, {}, "x.pt", &Stats);
  ASSERT_EQ(Tensors.size(), 201u);
  EXPECT_EQ(Tensors.back().Key.size(), 200 * 6 + 1u); // "child." x 200 + "w"
  EXPECT_EQ(Stats.Visits, 201u + 401u);               // objects + attributes
}
