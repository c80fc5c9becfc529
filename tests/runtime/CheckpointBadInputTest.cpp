//===- CheckpointBadInputTest.cpp - Malformed files fail cleanly ----------===//
//
// Each case writes a broken checkpoint byte by byte and asserts the whole
// error. These run under ASan/UBSan too (sanitizer_tests).
//
//===----------------------------------------------------------------------===//
#include "modelcompat/runtime/Checkpoint.h"
#include "runtime/CheckpointTestFiles.h"
#include "support/TempDirectory.h"

#include "modelcompat/support/Error.h"

#include <gtest/gtest.h>

using namespace modelcompat;
using namespace modelcompat::test;

namespace {

std::string loadError(const std::string &Path, const std::string &Key = "") {
  CheckpointLoadOptions Options;
  Options.Key = Key;
  try {
    loadCheckpoint(Path, Options);
  } catch (const Error &E) {
    return E.what();
  }
  return "no error";
}

std::string floatBytes(std::vector<float> Values) {
  return std::string(reinterpret_cast<const char *>(Values.data()), Values.size() * sizeof(float));
}

std::string oneTensorZip() {
  return pythonZip(pickle::orderedDict({{"w", pickle::tensor("FloatStorage", "0", 3)}}),
                   {{"0", floatBytes({1, 2, 3})}});
}

} // namespace

TEST(CheckpointBadInput, HandWrittenPythonZipLoads) {
  TempDirectory Dir;
  std::string Path = Dir.write("ok.pt", oneTensorZip());
  EXPECT_EQ(detectCheckpointFormat(Path), CheckpointFormat::PythonZip);
  StateDict Dict = loadCheckpoint(Path);
  ASSERT_EQ(Dict.keys(), std::vector<std::string>{"w"});
  EXPECT_TRUE(torch::equal(Dict.find("w")->Value, torch::tensor({1.0f, 2.0f, 3.0f})));
}

TEST(CheckpointBadInput, TruncatedZip) {
  TempDirectory Dir;
  std::string Whole = oneTensorZip();
  std::string Path = Dir.write("cut.pt", Whole.substr(0, Whole.size() / 2));
  EXPECT_EQ(loadError(Path), "checkpoint '" + Path +
                                 "': truncated zip archive (no end of central directory record)");
}

TEST(CheckpointBadInput, ZipWithoutDataPickle) {
  TempDirectory Dir;
  std::string Path = Dir.write("nodata.pt", storedZip({{"archive/version", "3\n"}}));
  EXPECT_EQ(loadError(Path),
            "checkpoint '" + Path + "': zip archive has no data.pkl (not a PyTorch checkpoint)");
}

TEST(CheckpointBadInput, ForbiddenGlobalInsideAZip) {
  TempDirectory Dir;
  std::string Pickle =
      "\x80\x02" + pickle::global("os", "system") + pickle::unicode("touch pwned") + "\x85R.";
  std::string Path = Dir.write("evil.pt", pythonZip(Pickle));
  EXPECT_EQ(loadError(Path),
            "checkpoint '" + Path + "': forbidden global 'os.system' in archive/data.pkl");
  EXPECT_FALSE(std::filesystem::exists("pwned"));
}

TEST(CheckpointBadInput, MissingAndShortStorages) {
  TempDirectory Dir;
  std::string Pickle = pickle::orderedDict({{"w", pickle::tensor("FloatStorage", "0", 3)}});
  std::string Missing = Dir.write("missing.pt", pythonZip(Pickle));
  EXPECT_EQ(loadError(Missing),
            "checkpoint '" + Missing + "': tensor 'w': storage record 'archive/data/0' is missing");
  std::string Short = Dir.write("short.pt", pythonZip(Pickle, {{"0", floatBytes({1})}}));
  EXPECT_EQ(loadError(Short), "checkpoint '" + Short +
                                  "': tensor 'w': storage record 'archive/data/0' holds 4 "
                                  "bytes, expected 12");
}

TEST(CheckpointBadInput, ViewOutsideItsStorage) {
  TempDirectory Dir;
  std::string Pickle =
      pickle::orderedDict({{"w", pickle::tensor("FloatStorage", "0", 2, /*Size=*/5)}});
  std::string Path = Dir.write("view.pt", pythonZip(Pickle, {{"0", floatBytes({1, 2})}}));
  EXPECT_EQ(loadError(Path), "checkpoint '" + Path +
                                 "': tensor 'w': view reaches element 4 of a storage of 2 "
                                 "elements");
}

TEST(CheckpointBadInput, WrappedDictNeedsAKey) {
  TempDirectory Dir;
  std::string Model = std::string("\x80\x02}(") + pickle::unicode("model") +
                      pickle::global("collections", "OrderedDict") + ")R(" + pickle::unicode("w") +
                      pickle::tensor("FloatStorage", "0", 3) + "u" + pickle::unicode("epoch") +
                      pickle::int1(3) + "u.";
  std::string Path = Dir.write("wrapped.pt", pythonZip(Model, {{"0", floatBytes({1, 2, 3})}}));
  EXPECT_EQ(loadError(Path), "checkpoint '" + Path +
                                 "': the top-level dict holds no tensors; select a nested "
                                 "state dict with --key (candidates: model)");
  EXPECT_EQ(loadError(Path, "nope"), "checkpoint '" + Path + "': key 'nope' not found");
  EXPECT_EQ(loadError(Path, "epoch"),
            "checkpoint '" + Path + "': key 'epoch' holds a plain value, not a dict of tensors");
  CheckpointLoadOptions Options;
  Options.Key = "model";
  EXPECT_EQ(loadCheckpoint(Path, Options).keys(), std::vector<std::string>{"w"});
  EXPECT_EQ(inspectCheckpoint(Path, Options).Tensors.at(0).Bytes, 12u);
}

TEST(CheckpointBadInput, EmptyMissingDirectoryAndUnknownFiles) {
  TempDirectory Dir;
  std::string Empty = Dir.write("empty.pt", "");
  EXPECT_EQ(loadError(Empty), "checkpoint '" + Empty + "': empty file");
  std::string Missing = Dir.file("absent.pt");
  EXPECT_EQ(loadError(Missing),
            "checkpoint '" + Missing + "': cannot open: No such file or directory");
  EXPECT_EQ(loadError(Dir.path().string()),
            "checkpoint '" + Dir.path().string() + "': is a directory, expected a file");
  std::string Text = Dir.write("notes.txt", "hello world, not a checkpoint");
  EXPECT_EQ(loadError(Text), "checkpoint '" + Text +
                                 "': unrecognised format (expected a zip archive from "
                                 "torch.save / torch::save, or safetensors)");
}

TEST(CheckpointBadInput, PythonZipIsReadOnly) {
  TempDirectory Dir;
  std::string Path = Dir.file("out.pt");
  try {
    saveCheckpoint(StateDict(), Path, CheckpointFormat::PythonZip);
    FAIL();
  } catch (const Error &E) {
    EXPECT_EQ(std::string(E.what()), "cannot write '" + Path +
                                         "': the python-zip format is read-only; write "
                                         "safetensors or libtorch");
  }
}
