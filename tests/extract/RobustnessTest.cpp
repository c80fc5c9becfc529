//===- RobustnessTest.cpp - Errors, missing includes, conflicting files ---===//
#include "ScanTestSupport.h"
#include "support/TempDirectory.h"

#include "modelcompat/support/Error.h"

using namespace modelcompat;
using namespace modelcompat::test;
using Lines = std::vector<std::string>;

TEST(Robustness, MissingIncludeIsServedEmptyAndReported) {
  ScanResult Result = scanFiles({{"src/net.cpp", R"cpp(#include <torch/torch.h>
#include <nowhere-boost/program_options.hpp>
struct NetImpl : torch::nn::Module {
  NetImpl() { register_parameter("w", torch::zeros({2})); }
};
)cpp"}});
  EXPECT_EQ(stateKeys(Result, "NetImpl"), Lines{"w parameter [2]"});
  ASSERT_EQ(Result.Files.size(), 1u);
  EXPECT_EQ(Result.Files[0].MissingIncludes, Lines{"nowhere-boost/program_options.hpp"});
  EXPECT_EQ(diagnostics(Result),
            Lines{"src/net.cpp:2:1: warning: 'nowhere-boost/program_options.hpp' file not "
                  "found; scanned as an empty file [missing-include]"});
  EXPECT_TRUE(Result.FilesWithErrors.empty());
}

// An error that no recovered declaration can mend (a missing name would be
// declared and parsed again: see RecoveryTest).
TEST(Robustness, CompileErrorsKeepWhatParsed) {
  ScanResult Result = scanFiles({{"net.h", R"cpp(#include <torch/torch.h>
struct NetImpl : torch::nn::Module {
  NetImpl() {
    register_parameter("w", torch::zeros({2}));
    int64_t n = "text" * 2;
  }
};
)cpp"}});
  EXPECT_EQ(stateKeys(Result, "NetImpl"), Lines{"w parameter [2]"});
  EXPECT_EQ(Result.FilesWithErrors, Lines{"net.h"});
  EXPECT_EQ(diagnostics(Result),
            Lines{"net.h:5:24: error: invalid operands to binary expression ('const char[5]' "
                  "and 'int')"});
  ASSERT_EQ(Result.Files.size(), 1u);
  EXPECT_TRUE(Result.Files[0].HadErrors);
}

TEST(Robustness, FilesThatConflictTogetherAreReadAlone) {
  const char *Model = R"cpp(#include <torch/torch.h>
struct %sImpl : torch::nn::Module {
  %sImpl() { register_parameter("w", torch::zeros({1})); }
};
static int helper() { return 1; }
int main() { return helper(); }
)cpp";
  auto Make = [&](const char *Name) {
    char Buffer[512];
    std::snprintf(Buffer, sizeof Buffer, Model, Name, Name);
    return std::string(Buffer);
  };
  ScanResult Result = scanFiles({{"a.cpp", Make("A")}, {"b.cpp", Make("B")}});
  EXPECT_EQ(classNames(Result), (Lines{"AImpl", "BImpl"}));
  EXPECT_TRUE(Result.Diagnostics.empty()) << diagnostics(Result).front();
  EXPECT_TRUE(Result.FilesWithErrors.empty());
}

TEST(Robustness, FilesListTheirProjectIncludesTransitively) {
  ScanResult Result = scanFiles({
      {"include/lib/c.h", "#pragma once\n#include <torch/torch.h>\n"},
      {"b.h", "#pragma once\n#include \"lib/c.h\"\n"},
      {"a.h", "#pragma once\n#include \"b.h\"\n"},
  });
  ASSERT_EQ(Result.Files.size(), 3u);
  EXPECT_EQ(Result.Files[0].Path, "a.h");
  EXPECT_EQ(Result.Files[0].Includes, (Lines{"b.h", "include/lib/c.h"}));
  EXPECT_EQ(Result.Files[1].Includes, Lines{"include/lib/c.h"});
  EXPECT_TRUE(Result.Files[2].Includes.empty());
}

TEST(Robustness, EmptyTreeGivesAnEmptyResult) {
  ScanResult Result = scanFiles({});
  EXPECT_TRUE(Result.Modules.empty());
  EXPECT_TRUE(Result.Diagnostics.empty());
  EXPECT_TRUE(Result.Files.empty());
}

TEST(SourceTreeReading, ReadsCxxFilesSortedAndSkipsHiddenDirectories) {
  TempDirectory Dir;
  Dir.write("models/net.h", "// net\n");
  Dir.write("models/net.cpp", "// cpp\n");
  Dir.write("models/layers.hxx", "// hxx\n");
  Dir.write("README.md", "not C++\n");
  Dir.write(".git/x.h", "hidden\n");
  SourceTree Tree = readSourceTree(Dir.path().string());
  ASSERT_EQ(Tree.Files.size(), 3u);
  EXPECT_EQ(Tree.Files[0].Path, "models/layers.hxx");
  EXPECT_EQ(Tree.Files[1].Path, "models/net.cpp");
  EXPECT_EQ(Tree.Files[2].Path, "models/net.h");
  EXPECT_EQ(Tree.Files[2].Content, "// net\n");
}

TEST(SourceTreeReading, MissingRootIsAnErrorNamingIt) {
  try {
    readSourceTree("/nonexistent/modelcompat");
    FAIL() << "no error";
  } catch (const Error &E) {
    EXPECT_EQ(std::string(E.what()), "no such file or directory: '/nonexistent/modelcompat'");
  }
}

TEST(Robustness, SideBySideProjectsEachSeeTheirOwnHeaders) {
  auto Block = [](const char *Key, const char *Extra) {
    return std::string("#pragma once\n#include <torch/torch.h>\nnamespace fx {\n") + Extra +
           "struct BlockImpl : torch::nn::Module {\n  BlockImpl() { "
           "register_parameter(\"" +
           Key +
           "\", torch::zeros({1})); }\n};\n"
           "TORCH_MODULE(Block);\n}\n";
  };
  auto Model = [](const char *Use) {
    return std::string("#include \"fx/block.h\"\nstruct ModelImpl : torch::nn::Module {\n"
                       "  ModelImpl() { register_module(\"block\", fx::Block()); ") +
           Use + " }\n};\n";
  };
  ScanResult Result = scanFiles({
      {"v1/include/fx/block.h", Block("a", "")},
      {"v1/src/model.cpp", Model("")},
      {"v2/include/fx/block.h", Block("b", "constexpr int kOnlyInV2 = 2;\n")},
      {"v2/src/model.cpp", Model("(void)fx::kOnlyInV2;")},
  });
  EXPECT_EQ(diagnostics(Result), Lines{});
  std::vector<std::string> Found;
  for (const ModuleSchema &Module : Result.Modules)
    Found.push_back(Module.ClassName + " " + Module.File);
  EXPECT_EQ(Found,
            (Lines{"ModelImpl v1/src/model.cpp", "ModelImpl v2/src/model.cpp",
                   "fx::BlockImpl v1/include/fx/block.h", "fx::BlockImpl v2/include/fx/block.h"}));
}

TEST(Robustness, ConstructorDefinedInNoScannedFileIsReportedNotSilent) {
  const char *Header = R"cpp(#pragma once
#include <torch/torch.h>
struct NetImpl : torch::nn::Cloneable<NetImpl> {
  explicit NetImpl(int64_t ch) : NetImpl(ch, 2) {}
  NetImpl(int64_t ch, int64_t k);
  void reset() override;
};
struct EmptyImpl : torch::nn::Module {
  EmptyImpl() = default;
};
)cpp";
  ScanResult HeaderOnly = scanFiles({{"net.h", Header}});
  EXPECT_EQ(stateKeys(HeaderOnly, "NetImpl"), Lines{});
  EXPECT_EQ(diagnostics(HeaderOnly),
            Lines{"net.h:3:8: warning: 'NetImpl' registers nothing in the scanned files, "
                  "but a constructor or reset() of it is defined in none of them; scan "
                  "the file that defines it too [constructor-not-found]"});

  ScanResult WithSource = scanFiles({{"net.h", Header}, {"net.cpp", R"cpp(#include "net.h"
NetImpl::NetImpl(int64_t ch, int64_t k) { reset(); }
void NetImpl::reset() { register_parameter("w", torch::zeros({2})); }
)cpp"}});
  EXPECT_EQ(stateKeys(WithSource, "NetImpl"), Lines{"w parameter [2]"});
  EXPECT_TRUE(WithSource.Diagnostics.empty()) << diagnostics(WithSource).front();
}
