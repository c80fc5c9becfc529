//===- InspectTest.cpp - modelcompat inspect, end to end ------------------===//
//
// Runs the real binary on checkpoints written byte by byte, asserting the
// whole output and, for bad input, the whole error and exit code 1.
//
//===----------------------------------------------------------------------===//
#include "runtime/CheckpointTestFiles.h"
#include "support/Process.h"
#include "support/TempDirectory.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using namespace modelcompat::test;
using namespace std::string_literals;

namespace {

std::string floatBytes(std::vector<float> Values) {
  return std::string(reinterpret_cast<const char *>(Values.data()), Values.size() * 4);
}

std::string smallSafetensors() {
  return safetensorsFile(
      R"({"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
      R"("b":{"dtype":"I64","shape":[],"data_offsets":[8,16]}})",
      floatBytes({1, 2}) + std::string(8, '\0'));
}

ProcessResult inspect(const std::vector<std::string> &Args) {
  std::vector<std::string> Argv = {modelcompatBinary(), "inspect"};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  return runProcess(Argv);
}

} // namespace

TEST(Inspect, PrintsATableOfTensors) {
  TempDirectory Dir;
  std::string Path = Dir.write("m.safetensors", smallSafetensors());
  ProcessResult Result = inspect({Path});
  EXPECT_EQ(Result.ExitCode, 0) << Result.Error;
  EXPECT_EQ(Result.Output, "file: " + Path +
                               "\n"
                               "format: safetensors\n"
                               "tensors: 2\n"
                               "bytes: 16\n"
                               "metadata: format = pt\n"
                               "\n"
                               "KEY  DTYPE    SHAPE  BYTES\n"
                               "a    float32  [2]        8\n"
                               "b    int64    []         8\n");
}

TEST(Inspect, PrintsJson) {
  TempDirectory Dir;
  std::string Path = Dir.write("m.safetensors", smallSafetensors());
  ProcessResult Result = inspect({Path, "--format", "json"});
  EXPECT_EQ(Result.ExitCode, 0) << Result.Error;
  nlohmann::json Expected = {
      {"file", Path},
      {"format", "safetensors"},
      {"total_bytes", 16},
      {"metadata", {{"format", "pt"}}},
      {"tensors",
       {{{"key", "a"}, {"dtype", "float32"}, {"shape", {2}}, {"bytes", 8}},
        {{"key", "b"}, {"dtype", "int64"}, {"shape", nlohmann::json::array()}, {"bytes", 8}}}}};
  EXPECT_EQ(nlohmann::json::parse(Result.Output), Expected);
}

TEST(Inspect, SelectsANestedStateDictWithKey) {
  TempDirectory Dir;
  std::string Pickle = "\x80\x02}("s + pickle::unicode("model") +
                       pickle::global("collections", "OrderedDict") + ")R(" + pickle::unicode("w") +
                       pickle::tensor("HalfStorage", "0", 3) + "u" + pickle::unicode("epoch") +
                       pickle::int1(3) + "u.";
  std::string Path = Dir.write("wrapped.pt", pythonZip(Pickle, {{"0", std::string(6, '\0')}}));
  ProcessResult Result = inspect({Path, "--key", "model"});
  EXPECT_EQ(Result.ExitCode, 0) << Result.Error;
  EXPECT_EQ(Result.Output, "file: " + Path +
                               "\n"
                               "format: python-zip\n"
                               "tensors: 1\n"
                               "bytes: 6\n"
                               "\n"
                               "KEY  DTYPE    SHAPE  BYTES\n"
                               "w    float16  [3]        6\n");
  Result = inspect({Path});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error, "modelcompat: error: checkpoint '" + Path +
                              "': the top-level dict holds no tensors; select a nested state "
                              "dict with --key (candidates: model)\n");
}

TEST(Inspect, UsageErrorsExitWithTwo) {
  ProcessResult Result = inspect({});
  EXPECT_EQ(Result.ExitCode, 2);
  EXPECT_EQ(Result.Error,
            "modelcompat: error: inspect: expected one checkpoint file (see --help)\n");
  Result = inspect({"x.pt", "--format", "yaml"});
  EXPECT_EQ(Result.ExitCode, 2);
  EXPECT_EQ(Result.Error, "modelcompat: error: inspect: invalid value 'yaml' for '--format' "
                          "(expected text|json)\n");
}

struct BadCheckpoint {
  const char *Name;
  std::string Bytes; ///< Written to bad.pt; "<dir>" means: pass a directory.
  std::string Error; ///< After "modelcompat: error: checkpoint 'PATH': ".
};

class InspectBadInput : public testing::TestWithParam<BadCheckpoint> {};

TEST_P(InspectBadInput, ExitsWithOneAndTheExactError) {
  TempDirectory Dir;
  std::string Path =
      GetParam().Bytes == "<dir>" ? Dir.path().string() : Dir.write("bad.pt", GetParam().Bytes);
  ProcessResult Result = inspect({Path});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Output, "");
  EXPECT_EQ(Result.Error,
            "modelcompat: error: checkpoint '" + Path + "': " + GetParam().Error + "\n");
}

namespace {

std::string validZip() {
  return pythonZip(pickle::orderedDict({{"w", pickle::tensor("FloatStorage", "0", 2)}}),
                   {{"0", floatBytes({1, 2})}});
}

std::string headerLength(uint64_t Length) {
  std::string Out;
  appendLittle(Out, Length, 8);
  return Out;
}

} // namespace

INSTANTIATE_TEST_SUITE_P(
    Inspect, InspectBadInput,
    testing::Values(
        BadCheckpoint{"TruncatedZip", validZip().substr(0, validZip().size() - 30),
                      "truncated zip archive (no end of central directory record)"},
        BadCheckpoint{"ZipWithoutDataPickle", storedZip({{"archive/version", "3\n"}}),
                      "zip archive has no data.pkl (not a PyTorch checkpoint)"},
        BadCheckpoint{"ForbiddenOsSystem",
                      pythonZip("\x80\x02"s + pickle::global("os", "system") +
                                pickle::unicode("touch pwned") + "\x85R."),
                      "forbidden global 'os.system' in archive/data.pkl"},
        BadCheckpoint{"ForbiddenBuiltinsEval",
                      pythonZip("\x80\x02"s + pickle::global("builtins", "eval") +
                                pickle::unicode("1+1") + "\x85R."),
                      "forbidden global 'builtins.eval' in archive/data.pkl"},
        BadCheckpoint{"MemoIndexOutOfRange", pythonZip("\x80\x02}q\x00h\x09."s),
                      "invalid pickle in archive/data.pkl at offset 5: memo index 9 out of range"},
        BadCheckpoint{"OpcodeOutOfRange", pythonZip("\x80\x02\xf0."s),
                      "invalid pickle in archive/data.pkl at offset 2: unsupported opcode 0xf0"},
        BadCheckpoint{"SafetensorsHeaderBeyondFile", headerLength(1000) + "{}",
                      "safetensors header length 1000 exceeds the file size of 10 bytes"},
        BadCheckpoint{"SafetensorsInvalidJson", safetensorsFile("{\"a\":", ""),
                      "safetensors header is not valid JSON"},
        BadCheckpoint{"SafetensorsOffsetsOutOfRange",
                      safetensorsFile(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})",
                                      floatBytes({1, 2})),
                      "tensor 'a': data_offsets [0, 16] outside the data section of 8 bytes"},
        BadCheckpoint{"SafetensorsOverlap",
                      safetensorsFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                      R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                                      floatBytes({1, 2})),
                      "tensors 'a' and 'b' overlap in the data section"},
        BadCheckpoint{"SafetensorsWrongByteCount",
                      safetensorsFile(R"({"a":{"dtype":"F16","shape":[2],"data_offsets":[0,8]}})",
                                      floatBytes({1, 2})),
                      "tensor 'a': data_offsets span 8 bytes, but shape and dtype need 4"},
        BadCheckpoint{"SafetensorsUnknownDtype",
                      safetensorsFile(R"({"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}})",
                                      floatBytes({1, 2})),
                      "tensor 'a': unknown dtype 'Q4'"},
        BadCheckpoint{"EmptyFile", "", "empty file"},
        BadCheckpoint{"Directory", "<dir>", "is a directory, expected a file"}),
    [](const testing::TestParamInfo<BadCheckpoint> &Info) { return Info.param.Name; });

TEST(Inspect, HelpHasExamplesAndExitCodes) {
  ProcessResult Help = inspect({"--help"});
  EXPECT_EQ(Help.ExitCode, 0);
  EXPECT_EQ(Help.Output.rfind("usage: modelcompat inspect CKPT", 0), 0u);
  EXPECT_NE(Help.Output.find("\nexamples:\n  modelcompat inspect model.safetensors\n"),
            std::string::npos)
      << Help.Output;
  EXPECT_NE(Help.Output.find("exit codes: 0 listed, 1 unreadable or malformed checkpoint"),
            std::string::npos);
}
