// ClassResolver and flattenStateDicts on same-named classes of different
// files: each registration gets the class it names, never a namesake.
#include "modelcompat/schema/ModuleSchema.h"

#include <gtest/gtest.h>

using namespace modelcompat;

namespace {

ModuleSchema downsample(const std::string &File, const std::string &Layer) {
  ModuleSchema Module;
  Module.ClassName = "samples::DownsampleImpl";
  Module.Holder = "samples::Downsample";
  Module.File = File;
  StateEntry Conv;
  Conv.Name = "conv";
  Conv.Kind = EntryKind::Module;
  Conv.Type = Layer;
  StateKey Weight;
  Weight.Key = "conv.weight";
  Weight.Layer = Layer;
  Conv.Keys.push_back(Weight);
  Module.Entries.push_back(Conv);
  return Module;
}

ModuleSchema user(const std::string &Name, const std::string &File, const std::string &ChildFile) {
  ModuleSchema Module;
  Module.ClassName = Name;
  Module.File = File;
  StateEntry Down;
  Down.Name = "down";
  Down.Kind = EntryKind::Module;
  Down.Type = "samples::Downsample";
  Down.ModuleClass = "samples::DownsampleImpl";
  Down.ModuleClassFile = ChildFile;
  Module.Entries.push_back(Down);
  return Module;
}

const StateKey *keyOf(const std::vector<ModuleSchema> &Modules, const std::string &Class) {
  for (const ModuleSchema &Module : Modules)
    if (Module.ClassName == Class && !Module.StateDict.empty())
      return &Module.StateDict.front();
  return nullptr;
}

} // namespace

TEST(ClassResolver, FlattensEachRegistrationWithTheClassOfItsOwnFile) {
  std::vector<ModuleSchema> Modules = {
      downsample("samples/unet/model.h", "torch::nn::Conv2d"),
      downsample("samples/vae/model.h", "torch::nn::Conv3d"),
      user("samples::UNetImpl", "samples/unet/model.h", "samples/unet/model.h"),
      user("samples::VaeImpl", "samples/vae/model.h", "samples/vae/model.h")};
  flattenStateDicts(Modules);
  ASSERT_NE(keyOf(Modules, "samples::UNetImpl"), nullptr);
  EXPECT_EQ(keyOf(Modules, "samples::UNetImpl")->Layer, "torch::nn::Conv2d");
  ASSERT_NE(keyOf(Modules, "samples::VaeImpl"), nullptr);
  EXPECT_EQ(keyOf(Modules, "samples::VaeImpl")->Layer, "torch::nn::Conv3d");
}

TEST(ClassResolver, WithoutARecordedFileTakesTheNamesakeOfTheSameFileOrNone) {
  std::vector<ModuleSchema> Modules = {downsample("samples/unet/model.h", "torch::nn::Conv2d"),
                                       downsample("samples/vae/model.h", "torch::nn::Conv3d"),
                                       user("samples::UNetImpl", "samples/unet/model.h", ""),
                                       user("samples::ToolImpl", "tools/tool.h", "")};
  ClassResolver Classes(Modules);
  const ModuleSchema *Found = Classes.resolve(Modules[2].Entries[0], Modules[2]);
  ASSERT_NE(Found, nullptr);
  EXPECT_EQ(Found->File, "samples/unet/model.h");
  // Equally far from both namesakes: no guess.
  EXPECT_EQ(Classes.resolve(Modules[3].Entries[0], Modules[3]), nullptr);
}

TEST(ClassResolver, ARecordedFileWithoutThatClassResolvesToNothing) {
  std::vector<ModuleSchema> Modules = {
      downsample("samples/unet/model.h", "torch::nn::Conv2d"),
      user("samples::GanImpl", "samples/gan/model.h", "samples/gan/model.h")};
  ClassResolver Classes(Modules);
  EXPECT_EQ(Classes.resolve(Modules[1].Entries[0], Modules[1]), nullptr);
}
