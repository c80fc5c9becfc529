//===- CompileCommandsTest.cpp - Flags from compile_commands.json ---------===//
#include "ScanTestSupport.h"
#include "support/TempDirectory.h"

#include "modelcompat/support/Error.h"

using namespace modelcompat;
using namespace modelcompat::test;
using Lines = std::vector<std::string>;

TEST(CompileCommands, FlagsAndIncludePathsMappedOntoTheTree) {
  TempDirectory Build;
  Build.write("compile_commands.json", R"([
  {"directory": "/real/proj/build",
   "command": "/usr/bin/c++ -std=c++17 -DUSE_EXTRA -I../include -o net.o -c ../src/net.cpp",
   "file": "../src/net.cpp"}
])");
  SourceTree Tree;
  Tree.Files.push_back({"include/net.h", R"cpp(#pragma once
#include <torch/torch.h>
struct NetImpl : torch::nn::Module {
  NetImpl();
};
)cpp",
                        ""});
  Tree.Files.push_back({"src/net.cpp", R"cpp(#include "net.h"
NetImpl::NetImpl() {
  register_parameter("w", torch::zeros({1}));
#ifdef USE_EXTRA
  register_parameter("extra", torch::zeros({2}));
#endif
}
)cpp",
                        ""});
  ScanOptions Options;
  Options.ExtraArgs = {stubTorchFlag()};
  Options.CompileCommandsDir = Build.path().string();
  Options.RealRoot = "/real/proj";
  ScanResult Result = scanTree(Tree, {}, Options);
  EXPECT_EQ(diagnostics(Result), Lines{});
  EXPECT_EQ(stateKeys(Result, "NetImpl"), (Lines{"w parameter [1]", "extra parameter [2]"}));
}

TEST(CompileCommands, MissingDatabaseIsAnErrorNamingTheDirectory) {
  TempDirectory Build;
  ScanOptions Options;
  Options.CompileCommandsDir = Build.path().string();
  SourceTree Tree;
  Tree.Files.push_back({"a.h", "", ""});
  try {
    scanTree(Tree, {}, Options);
    FAIL() << "no error";
  } catch (const Error &E) {
    EXPECT_EQ(std::string(E.what()).rfind(
                  "cannot read compile_commands.json in '" + Build.path().string() + "': ", 0),
              0u)
        << E.what();
  }
}
