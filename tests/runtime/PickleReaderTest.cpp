//===- PickleReaderTest.cpp - The restricted unpickler --------------------===//
#include "PickleReader.h"
#include "runtime/CheckpointTestFiles.h"

#include "modelcompat/support/Error.h"

#include <gtest/gtest.h>

using namespace modelcompat;
using namespace modelcompat::test;
using namespace std::string_literals;

namespace {

std::string errorOf(const std::string &Bytes, bool Script = false) {
  PicklePolicy Policy;
  Policy.AllowScriptClasses = Script;
  try {
    unpickle(Bytes, "x.pt", "archive/data.pkl", Policy);
  } catch (const Error &E) {
    return E.what();
  }
  return "no error";
}

PickleTree parse(const std::string &Bytes, bool Script = false) {
  PicklePolicy Policy;
  Policy.AllowScriptClasses = Script;
  return unpickle(Bytes, "x.pt", "archive/data.pkl", Policy);
}

} // namespace

TEST(PickleReader, ReadsAStateDictOfTensors) {
  PickleTree Tree = parse(pickle::orderedDict({{"w", pickle::tensor("HalfStorage", "0", 3)},
                                               {"n", pickle::tensor("LongStorage", "1", 1)}}));
  const PickleValue &Root = Tree.at(Tree.Root);
  ASSERT_EQ(Root.Kind, PickleKind::Dict);
  ASSERT_EQ(Root.Items.size(), 4u);
  EXPECT_EQ(Tree.at(Root.Items[0]).Text, "w");
  const PickleValue &Tensor = Tree.at(Root.Items[1]);
  ASSERT_EQ(Tensor.Kind, PickleKind::Tensor);
  EXPECT_EQ(Tensor.DType, c10::kHalf);
  EXPECT_EQ(Tensor.Sizes, (std::vector<int64_t>{3}));
  EXPECT_EQ(Tensor.Strides, (std::vector<int64_t>{1}));
  const PickleValue &Storage = Tree.at(Tensor.Items[0]);
  EXPECT_EQ(Storage.Text, "0");
  EXPECT_EQ(Storage.Int, 3);
  EXPECT_EQ(Tree.at(Root.Items[3]).DType, c10::kLong);
}

TEST(PickleReader, ReadsPlainValues) {
  // {"a": (1, -2, 300, 2**40, 1.5, True, None, "s")}
  std::string Bytes = std::string("\x80\x02}(") + pickle::unicode("a") + "(" + pickle::int1(1) +
                      "J\xfe\xff\xff\xff" + "M\x2c\x01" + "\x8a\x06\x00\x00\x00\x00\x00\x01"s +
                      std::string("G\x3f\xf8\x00\x00\x00\x00\x00\x00", 9) + "\x88N" +
                      pickle::unicode("s") + "tu.";
  PickleTree Tree = parse(Bytes);
  const PickleValue &Tuple = Tree.at(Tree.at(Tree.Root).Items[1]);
  ASSERT_EQ(Tuple.Items.size(), 8u);
  EXPECT_EQ(Tree.at(Tuple.Items[0]).Int, 1);
  EXPECT_EQ(Tree.at(Tuple.Items[1]).Int, -2);
  EXPECT_EQ(Tree.at(Tuple.Items[2]).Int, 300);
  EXPECT_EQ(Tree.at(Tuple.Items[3]).Int, int64_t(1) << 40);
  EXPECT_EQ(Tree.at(Tuple.Items[4]).Float, 1.5);
  EXPECT_EQ(Tree.at(Tuple.Items[5]).Kind, PickleKind::Bool);
  EXPECT_EQ(Tree.at(Tuple.Items[6]).Kind, PickleKind::None);
  EXPECT_EQ(Tree.at(Tuple.Items[7]).Text, "s");
}

TEST(PickleReader, RejectsOsSystem) {
  std::string Bytes =
      "\x80\x02" + pickle::global("os", "system") + pickle::unicode("echo pwned") + "\x85R.";
  EXPECT_EQ(errorOf(Bytes), "checkpoint 'x.pt': forbidden global 'os.system' in archive/data.pkl");
}

TEST(PickleReader, RejectsBuiltinsEvalThroughStackGlobal) {
  std::string Bytes = "\x80\x04" + pickle::unicode("builtins") + pickle::unicode("eval") + "\x93" +
                      pickle::unicode("1+1") + "\x85R.";
  EXPECT_EQ(errorOf(Bytes),
            "checkpoint 'x.pt': forbidden global 'builtins.eval' in archive/data.pkl");
}

TEST(PickleReader, RejectsTorchScriptClassesInPythonFiles) {
  std::string Bytes = "\x80\x02" + pickle::global("__torch__.Net", "Net") + ")\x81.";
  EXPECT_EQ(errorOf(Bytes),
            "checkpoint 'x.pt': forbidden global '__torch__.Net.Net' in archive/data.pkl");
  PickleTree Tree = parse(Bytes, /*Script=*/true);
  EXPECT_EQ(Tree.at(Tree.Root).Kind, PickleKind::Object);
  EXPECT_EQ(Tree.at(Tree.Root).Text, "__torch__.Net.Net");
}

TEST(PickleReader, RejectsMemoIndexOutOfRange) {
  EXPECT_EQ(errorOf("\x80\x02}q\x00h\x07."s),
            "checkpoint 'x.pt': invalid pickle in archive/data.pkl at offset 5: "
            "memo index 7 out of range");
}

TEST(PickleReader, RejectsUnknownOpcode) {
  EXPECT_EQ(errorOf("\x80\x02\xff."),
            "checkpoint 'x.pt': invalid pickle in archive/data.pkl at offset 2: "
            "unsupported opcode 0xff");
  // INST would construct arbitrary classes by name; it is not in the table.
  EXPECT_EQ(errorOf("\x80\x02(ios\nsystem\n."),
            "checkpoint 'x.pt': invalid pickle in archive/data.pkl at offset 3: "
            "unsupported opcode 0x69");
}

TEST(PickleReader, RejectsTruncationAndUnderflow) {
  EXPECT_EQ(errorOf("\x80\x02X\x10\x00\x00\x00"s + "abc"),
            "checkpoint 'x.pt': invalid pickle in archive/data.pkl at offset 2: "
            "truncated (needs 16 more bytes, 3 left)");
  EXPECT_EQ(errorOf("\x80\x02}"),
            "checkpoint 'x.pt': invalid pickle in archive/data.pkl at offset 3: "
            "truncated (no STOP opcode)");
  EXPECT_EQ(errorOf("\x80\x02s."),
            "checkpoint 'x.pt': invalid pickle in archive/data.pkl at offset 2: "
            "stack underflow");
  EXPECT_EQ(errorOf("\x80\x02\x8a\x09."),
            "checkpoint 'x.pt': invalid pickle in archive/data.pkl at offset 2: "
            "integer of 9 bytes is too large");
}

TEST(PickleReader, RejectsCallingAStorageClass) {
  std::string Bytes = "\x80\x02" + pickle::global("torch", "FloatStorage") + ")R.";
  EXPECT_EQ(errorOf(Bytes), "checkpoint 'x.pt': invalid pickle in archive/data.pkl at offset 23: "
                            "'torch.FloatStorage' cannot be called");
}

TEST(PickleReader, SurvivesSelfReferencingLists) {
  // l = []; l.append(l): the arena holds indices, so nothing leaks or loops.
  PickleTree Tree = parse("\x80\x02]q\x00h\x00\x61."s);
  const PickleValue &List = Tree.at(Tree.Root);
  ASSERT_EQ(List.Items.size(), 1u);
  EXPECT_EQ(List.Items[0], Tree.Root);
}
