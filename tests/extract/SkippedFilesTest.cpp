//===- SkippedFilesTest.cpp - Files that cannot define a module class -----===//
//
// scanTree does not parse a target whose text, and that of every project
// file it may include, names nothing a module class needs (torch,
// nn::Module, register_, TORCH_MODULE, Cloneable). Everything that could
// define a module class through an include is still parsed.
#include "ScanTestSupport.h"

#include <gtest/gtest.h>

using namespace modelcompat;
using namespace modelcompat::test;

namespace {

const char *const NetMacroHeader =
    "#pragma once\n"
    "#include <torch/torch.h>\n"
    "#define DECLARE_NET(Name, Width)                                  \\\n"
    "  struct Name##Impl : torch::nn::Module {                         \\\n"
    "    Name##Impl() { fc = register_module(\"fc\", torch::nn::Linear(Width, Width)); } \\\n"
    "    torch::nn::Linear fc{nullptr};                                \\\n"
    "  };                                                              \\\n"
    "  TORCH_MODULE(Name)\n";


} // namespace

TEST(SkippedFiles, PlainCodeIsNotParsed) {
  ScanResult Result = scanFiles({{"src/args.cpp", "#include \"args.h\"\n"
                                                  "int parse(int argc) { return argc; }\n"},
                                 {"src/args.h", "#pragma once\nint parse(int argc);\n"}});
  EXPECT_EQ(Result.Counts.Skipped, 2u);
  EXPECT_EQ(Result.Counts.Parses, 0u);
  // The skipped file's includes still key its cache entry.
  const ScannedFile *Args = findScannedFile(Result, "src/args.cpp");
  ASSERT_NE(Args, nullptr);
  EXPECT_EQ(Args->Includes, std::vector<std::string>{"src/args.h"});
  EXPECT_TRUE(Result.Modules.empty());
}

TEST(SkippedFiles, PlainCodeScannedWithAModuleIsReadWithIt) {
  // Its declarations may serve the module's file (see Recovery tests).
  ScanResult Result = scanFiles({{"src/args.h", "#pragma once\nint parse(int argc);\n"},
                                 {"models/net.h", "#include <torch/torch.h>\n"
                                                  "struct NetImpl : torch::nn::Module {};\n"}});
  EXPECT_EQ(Result.Counts.Skipped, 0u);
  EXPECT_EQ(Result.Counts.Parses, 1u);
  EXPECT_NE(findModule(Result, "NetImpl"), nullptr);
}

TEST(SkippedFiles, AModuleThatAnIncludedMacroDefinesIsFound) {
  // net.cpp names no module word itself: the header it includes does.
  ScanResult Result = scanFiles({{"include/defs/net_macros.h", NetMacroHeader},
                                 {"src/net.cpp", "#include \"defs/net_macros.h\"\n"
                                                 "DECLARE_NET(Tiny, 4);\n"}});
  EXPECT_EQ(Result.Counts.Skipped, 0u);
  const ModuleSchema *Tiny = findModule(Result, "TinyImpl");
  ASSERT_NE(Tiny, nullptr);
  EXPECT_EQ(Tiny->File, "src/net.cpp");
  EXPECT_EQ(Tiny->StateDict.size(), 2u); // fc.weight, fc.bias
}

TEST(SkippedFiles, ADerivedClassReachesItsBaseThroughIncludes) {
  // head.h -> ../common/base.h -> <torch/torch.h>, two levels down.
  ScanResult Result = scanFiles(
      {{"common/base.h", "#pragma once\n#include \"layers.h\"\n"},
       {"common/layers.h", "#pragma once\n#include <torch/torch.h>\n"
                           "struct BaseImpl : torch::nn::Module {};\n"},
       {"heads/head.h", "#pragma once\n#include \"../common/base.h\"\n"
                        "struct HeadImpl : BaseImpl {};\n"}});
  EXPECT_EQ(Result.Counts.Skipped, 0u);
  EXPECT_NE(findModule(Result, "HeadImpl"), nullptr);
}

TEST(SkippedFiles, AComputedIncludeIsNeverSkipped) {
  ScanResult Result = scanFiles({{"src/pick.cpp", "#define MODEL_HEADER \"model.h\"\n"
                                                  "#include MODEL_HEADER\n"}});
  EXPECT_EQ(Result.Counts.Skipped, 0u);
  EXPECT_EQ(Result.Counts.Parses, 1u);
}
