//===- SkippedFilesTest.cpp - Files that cannot define a module class -----===//
//
// scanTree does not parse a target whose text, and that of every project
// file it may include, names nothing a module class needs (torch,
// nn::Module, register_, TORCH_MODULE, Cloneable): not a group of such
// targets, nor such a translation unit (a source file no file includes)
// beside module files. Everything that could define a module class through
// an include is still parsed, and so is every file whose declarations may
// serve another target: a header, or a source file some file includes.
#include "ScanTestSupport.h"
#include "modelcompat/schema/SchemaJson.h"

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

const char *const NetSource =
    "#include <torch/torch.h>\n"
    "struct NetImpl : torch::nn::Module {\n"
    "  NetImpl() { fc = register_module(\"fc\", torch::nn::Linear(8, 4)); }\n"
    "  torch::nn::Linear fc{nullptr};\n"
    "};\n"
    "TORCH_MODULE(Net);\n";

const char *const LoaderSource =
    "#include <vector>\n"
    "struct Batch { std::vector<float> data; int label = 0; };\n"
    "std::vector<Batch> loadBatches(int n) { return std::vector<Batch>(n); }\n";

const char *const ArgsHeader = "#pragma once\nstruct Args { int epochs = 1; };\n"
                               "Args parseArgs(int argc, char **argv);\n";

const char *const ArgsSource = "#include \"args.h\"\n"
                               "Args parseArgs(int, char **) { return Args{}; }\n";

std::vector<nlohmann::json> modulesJson(const ScanResult &Result) {
  std::vector<nlohmann::json> Out;
  for (const ModuleSchema &Module : Result.Modules)
    Out.push_back(moduleSchemaToJson(Module, SchemaJsonDetail::Full));
  return Out;
}

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

TEST(SkippedFiles, TranslationUnitsThatCannotDefineAModuleAreNotParsedWithOne) {
  // One group (same flags): a module, a data loader that includes only
  // <vector>, and an argument parser whose project header names no module
  // word. The build compiles each .cpp alone: the two plain ones serve no
  // other file. Their header is still read with the module (see below). A
  // CMake comment is no include.
  const char *const CMake = "# include(CTest)\nadd_executable(train src/net.cpp)\n";
  ScanResult Alone = scanFiles(
      {{"CMakeLists.txt", CMake}, {"src/net.cpp", NetSource}, {"src/args.h", ArgsHeader}});
  ScanResult Result = scanFiles({{"CMakeLists.txt", CMake},
                                 {"src/net.cpp", NetSource},
                                 {"src/loader.cpp", LoaderSource},
                                 {"src/args.cpp", ArgsSource},
                                 {"src/args.h", ArgsHeader}});
  EXPECT_EQ(Result.Counts.Skipped, 2u);
  EXPECT_EQ(Result.Counts.Parses, 1u);
  EXPECT_EQ(modulesJson(Result), modulesJson(Alone));
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (std::vector<std::string>{"fc.weight parameter [4, 8]", "fc.bias parameter [4]"}));
  EXPECT_TRUE(Result.Diagnostics.empty()) << ::testing::PrintToString(diagnostics(Result));
  // The skipped files are listed, with what their text may include (the
  // cache keys them by it).
  const ScannedFile *Loader = findScannedFile(Result, "src/loader.cpp");
  const ScannedFile *Args = findScannedFile(Result, "src/args.cpp");
  ASSERT_TRUE(Loader && Args);
  EXPECT_EQ(Loader->Includes, std::vector<std::string>{});
  EXPECT_EQ(Args->Includes, std::vector<std::string>{"src/args.h"});
  EXPECT_FALSE(Loader->HadErrors || Args->HadErrors || Loader->MayDefineModules);
}

TEST(SkippedFiles, ASourceFileAnotherFileIncludesIsReadWithItsGroup) {
  // main.cpp includes width.cpp before net.h, as a unity build does: read
  // together in path order, width.cpp declares kWidth before net.h uses it.
  // Left out, net.h would come first and kWidth would be missing.
  ScanResult Result = scanFiles(
      {{"config/width.cpp", "#pragma once\nconstexpr long kWidth = 4;\n"},
       {"models/net.h", "#pragma once\n#include <torch/torch.h>\n"
                        "struct NetImpl : torch::nn::Module {\n"
                        "  NetImpl() { w = register_parameter(\"w\", torch::zeros({kWidth})); }\n"
                        "  torch::Tensor w;\n"
                        "};\n"},
       {"src/main.cpp", "#include \"../config/width.cpp\"\n#include \"../models/net.h\"\n"
                        "int main() { NetImpl net; }\n"}});
  EXPECT_EQ(Result.Counts.Skipped, 0u);
  EXPECT_EQ(stateKeys(Result, "NetImpl"), std::vector<std::string>{"w parameter [kWidth]"});
  for (const ScannedFile &File : Result.Files)
    EXPECT_TRUE(File.Synthesized.empty())
        << File.Path << ": " << ::testing::PrintToString(File.Synthesized);
}

TEST(SkippedFiles, AComputedIncludeMayIncludeAnySourceFile) {
  ScanResult Result = scanFiles({{"src/net.cpp", NetSource},
                                 {"src/loader.cpp", LoaderSource},
                                 {"src/unity.cpp", "#define PART(name) #name\n"
                                                   "#include PART(loader.cpp)\n"}});
  EXPECT_EQ(Result.Counts.Skipped, 0u);
}

TEST(SkippedFiles, PlainHeaderScannedWithAModuleIsReadWithIt) {
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
  ScanResult Result = scanFiles({{"common/base.h", "#pragma once\n#include \"layers.h\"\n"},
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
