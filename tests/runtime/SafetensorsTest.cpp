//===- SafetensorsTest.cpp - safetensors read, write and validation -------===//
#include "modelcompat/runtime/Checkpoint.h"
#include "runtime/CheckpointTestFiles.h"
#include "support/TempDirectory.h"

#include "modelcompat/support/Error.h"

#include <gtest/gtest.h>

using namespace modelcompat;
using namespace modelcompat::test;

namespace {

std::string loadError(const std::string &Path) {
  try {
    loadCheckpoint(Path);
  } catch (const Error &E) {
    return E.what();
  }
  return "no error";
}

std::string floats(std::initializer_list<float> Values) {
  return std::string(reinterpret_cast<const char *>(std::data(Values)),
                     Values.size() * sizeof(float));
}

} // namespace

TEST(Safetensors, RoundTripsEveryDtypeAndMetadata) {
  TempDirectory Dir;
  StateDict Dict;
  std::vector<c10::ScalarType> Types = {c10::kDouble, c10::kFloat, c10::kHalf,  c10::kBFloat16,
                                        c10::kLong,   c10::kInt,   c10::kShort, c10::kChar,
                                        c10::kByte,   c10::kBool};
  for (c10::ScalarType Type : Types)
    Dict.set("t." + dtypeName(Type), (torch::arange(12) % 7).to(Type).reshape({3, 4}));
  Dict.set("transposed", torch::arange(6, torch::kFloat).reshape({2, 3}).t());
  Dict.set("scalar", torch::tensor(int64_t(42)));
  Dict.set("empty", torch::zeros({0, 3}));
  Dict.Metadata["format"] = "pt";
  std::string Path = Dir.file("model.safetensors");
  saveSafetensors(Dict, Path);

  EXPECT_EQ(detectCheckpointFormat(Path), CheckpointFormat::Safetensors);
  StateDict Loaded = loadCheckpoint(Path);
  EXPECT_EQ(Loaded.keys(), Dict.keys());
  EXPECT_EQ(Loaded.Metadata, Dict.Metadata);
  for (const StateDictItem &Item : Dict.items()) {
    const torch::Tensor &Read = Loaded.find(Item.Key)->Value;
    EXPECT_EQ(Read.scalar_type(), Item.Value.scalar_type()) << Item.Key;
    EXPECT_EQ(Read.sizes(), Item.Value.sizes()) << Item.Key;
    EXPECT_TRUE(torch::equal(Read, Item.Value)) << Item.Key;
  }
  // Loaded tensors are writable without touching the file.
  Loaded.find("t.float32")->Value.fill_(9);
  EXPECT_TRUE(
      torch::equal(loadCheckpoint(Path).find("t.float32")->Value, Dict.find("t.float32")->Value));

  CheckpointInfo Info = inspectCheckpoint(Path);
  ASSERT_EQ(Info.Tensors.size(), Dict.size());
  EXPECT_EQ(Info.Tensors[0].Key, "t.float64");
  EXPECT_EQ(Info.Tensors[0].DType, "float64");
  EXPECT_EQ(Info.Tensors[0].Shape, (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(Info.Tensors[0].Bytes, 96u);
  EXPECT_EQ(Info.Metadata.at("format"), "pt");
}

TEST(Safetensors, KeySelectsAPrefix) {
  TempDirectory Dir;
  StateDict Dict;
  Dict.set("model.w", torch::ones({2}));
  Dict.set("ema.w", torch::zeros({2}));
  std::string Path = Dir.file("m.safetensors");
  saveSafetensors(Dict, Path);
  CheckpointLoadOptions Options;
  Options.Key = "model";
  EXPECT_EQ(loadCheckpoint(Path, Options).keys(), std::vector<std::string>{"w"});
  Options.Key = "opt";
  try {
    loadCheckpoint(Path, Options);
    FAIL();
  } catch (const Error &E) {
    EXPECT_EQ(std::string(E.what()),
              "checkpoint '" + Path + "': no tensor keys start with 'opt.' (from --key)");
  }
}

TEST(Safetensors, WriterRefusesWhatItCannotHold) {
  TempDirectory Dir;
  StateDict Dict;
  Dict.set("c", torch::zeros({2}, torch::kComplexFloat));
  std::string Path = Dir.file("c.safetensors");
  try {
    saveSafetensors(Dict, Path);
    FAIL();
  } catch (const Error &E) {
    EXPECT_EQ(std::string(E.what()), "cannot write '" + Path +
                                         "': tensor 'c' has dtype complex64, which "
                                         "safetensors cannot hold");
  }
  EXPECT_FALSE(std::filesystem::exists(Path));
}

TEST(Safetensors, ReadsMisalignedDataByCopying) {
  TempDirectory Dir;
  // A 5-byte header puts the data at offset 13: no float is aligned.
  std::string Path =
      Dir.write("odd.safetensors",
                safetensorsFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                                floats({1.5f, -2})));
  StateDict Loaded = loadCheckpoint(Path);
  EXPECT_TRUE(torch::equal(Loaded.find("a")->Value, torch::tensor({1.5f, -2.0f})));
}

struct BadSafetensors {
  const char *Name;
  std::string Bytes;
  std::string Error; ///< After "checkpoint 'PATH': ".
};

class SafetensorsValidation : public testing::TestWithParam<BadSafetensors> {};

TEST_P(SafetensorsValidation, RejectsWithExactMessage) {
  TempDirectory Dir;
  std::string Path = Dir.write("bad.safetensors", GetParam().Bytes);
  EXPECT_EQ(loadError(Path), "checkpoint '" + Path + "': " + GetParam().Error);
  if (std::string(GetParam().Name) == "BadBool")
    return; // data, not header: only a load sees it
  try {
    inspectCheckpoint(Path);
    FAIL() << "inspect accepted it";
  } catch (const Error &E) {
    EXPECT_EQ(std::string(E.what()), "checkpoint '" + Path + "': " + GetParam().Error);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Safetensors, SafetensorsValidation,
    testing::Values(
        BadSafetensors{"HeaderLengthBeyondFile",
                       [] {
                         std::string Out;
                         appendLittle(Out, 4096, 8);
                         return Out + "{}";
                       }(),
                       "safetensors header length 4096 exceeds the file size of 10 bytes"},
        BadSafetensors{"HeaderLengthOverLimit",
                       [] {
                         std::string Out;
                         appendLittle(Out, 1ull << 40, 8);
                         return Out + "{}";
                       }(),
                       "safetensors header length 1099511627776 exceeds the limit of "
                       "100000000 bytes"},
        BadSafetensors{"InvalidJson", safetensorsFile("{\"a\": [1, 2", ""),
                       "safetensors header is not valid JSON"},
        BadSafetensors{"OffsetsOutOfRange",
                       safetensorsFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                                       floats({1})),
                       "tensor 'a': data_offsets [0, 8] outside the data section of 4 bytes"},
        BadSafetensors{"Overlapping",
                       safetensorsFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                       R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                                       floats({1, 2, 3})),
                       "tensors 'a' and 'b' overlap in the data section"},
        BadSafetensors{"WrongByteCount",
                       safetensorsFile(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})",
                                       floats({1, 2})),
                       "tensor 'a': data_offsets span 8 bytes, but shape and dtype need 12"},
        BadSafetensors{
            "UnknownDtype",
            safetensorsFile(R"({"a":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}})", "xx"),
            "tensor 'a': unknown dtype 'F8_E4M3'"},
        BadSafetensors{
            "NegativeShape",
            safetensorsFile(R"({"a":{"dtype":"U8","shape":[-2],"data_offsets":[0,2]}})", "xx"),
            "tensor 'a': shape holds something other than a non-negative integer"},
        BadSafetensors{"ShapeOverflow",
                       safetensorsFile(R"({"a":{"dtype":"F32","shape":[4611686018427387904,4],)"
                                       R"("data_offsets":[0,0]}})",
                                       ""),
                       "tensor 'a': shape overflows"},
        BadSafetensors{"BadBool",
                       safetensorsFile(R"({"a":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}})",
                                       "\x01\x07"),
                       "tensor 'a': BOOL data holds a byte other than 0 or 1"},
        BadSafetensors{"MetadataNotStrings", safetensorsFile(R"({"__metadata__":{"epoch":3}})", ""),
                       "'__metadata__' value of 'epoch' is not a string"}),
    [](const testing::TestParamInfo<BadSafetensors> &Info) { return Info.param.Name; });
