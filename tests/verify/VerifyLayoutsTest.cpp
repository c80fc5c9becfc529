//===- VerifyLayoutsTest.cpp - verify on the layouts of real repositories -===//
//
// Small repositories written here in the layouts public libtorch projects
// use, each verified end to end at two commits (v1 registers `fc1`, v2 the
// same layer as `encoder`): a correct migration (rename) passes, a wrong one
// (the bias initialised instead of renamed) fails. Both runs of a test share
// the two harness builds through the verify cache.
//
//===----------------------------------------------------------------------===//
#include "ExampleRepo.h"
#include "modelcompat/support/ReadFile.h"
#include "support/Process.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace fs = std::filesystem;
using namespace modelcompat::test;
using modelcompat::readFile;
using nlohmann::json;

namespace {

/// The layer v1 registers as `fc1` and v2 as `encoder`.
std::string layerName(int Version) { return Version == 1 ? "fc1" : "encoder"; }

/// Writes version 1 or 2 of a repository's tree into Temp/Dir.
using TreeWriter = void (*)(const TempDirectory &Temp, const std::string &Dir, int Version);

/// A repository with the two versions Write writes.
std::string makeRepo(const TempDirectory &Temp, TreeWriter Write) {
  std::string Repo = Temp.file("repo");
  fs::create_directories(Repo);
  shell("cd " + shellQuoted(Repo) + " && git init -q -b main .");
  for (int Version : {1, 2}) {
    std::string Dir = "v" + std::to_string(Version);
    Write(Temp, Dir, Version);
    commitTree(Repo, Temp.file(Dir), Dir);
  }
  return Repo;
}

/// The v1 -> v2 migration of Module: `fc1.*` renamed to `encoder.*` (Correct),
/// or the bias initialised to zeros instead, which leaves fc1.bias behind.
std::string migrationDir(const TempDirectory &Temp, const std::string &Repo,
                         const std::string &Module, bool Correct) {
  json Rules = json::array();
  Rules.push_back({{"op", "rename"}, {"from", "fc1.weight"}, {"to", "encoder.weight"}});
  if (Correct)
    Rules.push_back({{"op", "rename"}, {"from", "fc1.bias"}, {"to", "encoder.bias"}});
  else
    Rules.push_back({{"op", "init"}, {"key", "encoder.bias"}, {"source", "zeros"}});
  json Spec = {
      {"schema_version", 1},
      {"module", Module},
      {"from", {{"commit", shellOutput("git -C " + shellQuoted(Repo) + " rev-parse HEAD~1")}}},
      {"to", {{"commit", shellOutput("git -C " + shellQuoted(Repo) + " rev-parse HEAD")}}},
      {"rules", Rules}};
  std::string Dir = Correct ? "correct" : "wrong";
  Temp.write(Dir + "/rename.json", Spec.dump(2));
  return Temp.file(Dir);
}

std::string shortSha(const std::string &Repo, const std::string &Rev) {
  return shellOutput("git -C " + shellQuoted(Repo) + " rev-parse " + Rev).substr(0, 12);
}

/// Verifies HEAD~1 -> HEAD with the correct, then the wrong migration.
void expectCorrectPassesAndWrongFails(const TempDirectory &Temp, const std::string &Repo,
                                      const std::string &Module) {
  ProcessResult Pass =
      verify(Repo, {"--migrations", migrationDir(Temp, Repo, Module, true), "HEAD~1", "HEAD"});
  EXPECT_EQ(Pass.ExitCode, 0) << Pass.Output << Pass.Error;
  EXPECT_EQ(Pass.Output.substr(0, Pass.Output.find('\n')),
            "verify " + shortSha(Repo, "HEAD~1") + " (HEAD~1) -> " + shortSha(Repo, "HEAD") +
                " (HEAD): PASS");
  ProcessResult Fail =
      verify(Repo, {"--migrations", migrationDir(Temp, Repo, Module, false), "HEAD~1", "HEAD"});
  EXPECT_EQ(Fail.ExitCode, 12) << Fail.Output << Fail.Error;
  EXPECT_NE(Fail.Output.find("error: old tensor 'fc1.bias' left unconsumed"), std::string::npos)
      << Fail.Output;
  // The second run reused both builds.
  EXPECT_NE(
      Fail.Error.find("base " + shortSha(Repo, "HEAD~1") + " (HEAD~1): using the cached build"),
      std::string::npos)
      << Fail.Error;
}

/// Text with every LAYER replaced by the layer's name at Version.
std::string atVersion(std::string Text, int Version) {
  for (size_t At; (At = Text.find("LAYER")) != std::string::npos;)
    Text.replace(At, 5, layerName(Version));
  return Text;
}

/// tiny::Net, whose constructor takes a config struct that main() fills
/// from the command line; compiled straight into the executable.
void writeExecutableOnlyProject(const TempDirectory &Temp, const std::string &Dir, int Version) {
  Temp.write(Dir + "/CMakeLists.txt", R"src(cmake_minimum_required(VERSION 3.18)
project(tiny LANGUAGES CXX)
find_package(Torch REQUIRED)
add_executable(tiny_train main.cpp model.cpp)
target_link_libraries(tiny_train "${TORCH_LIBRARIES}")
set_property(TARGET tiny_train PROPERTY CXX_STANDARD 17)
)src");
  Temp.write(Dir + "/model.h", atVersion(R"src(#pragma once
#include <torch/torch.h>

namespace tiny {

/// Hyper-parameters; main() fills them from the command line.
struct NetConfig {
  int64_t in = 4;
  int64_t hidden = 8;
  int64_t out = 2;
};

class NetImpl : public torch::nn::Module {
public:
  explicit NetImpl(const NetConfig &cfg);
  torch::Tensor forward(torch::Tensor x);

private:
  torch::nn::Linear LAYER{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Net);

} // namespace tiny
)src",
                                         Version));
  Temp.write(Dir + "/model.cpp", atVersion(R"src(#include "model.h"

namespace tiny {

NetImpl::NetImpl(const NetConfig &cfg)
    : LAYER(register_module("LAYER", torch::nn::Linear(cfg.in, cfg.hidden))),
      fc2(register_module("fc2", torch::nn::Linear(cfg.hidden, cfg.out))) {}

torch::Tensor NetImpl::forward(torch::Tensor x) { return fc2(torch::relu(LAYER(x))); }

} // namespace tiny
)src",
                                           Version));
  Temp.write(Dir + "/main.cpp", R"src(#include "model.h"

#include <iostream>
#include <string>

// Usage: tiny_train [hidden]
int main(int argc, char **argv) {
  tiny::NetConfig cfg;
  if (argc > 1)
    cfg.hidden = std::stoi(argv[1]);
  tiny::Net net(cfg);
  std::cout << net->forward(torch::ones({1, cfg.in})) << "\n";
}
)src");
  Temp.write(Dir + "/modelcompat.json", R"json({"schema_version": 1,
 "models": [{
   "name": "tiny",
   "target": "tiny_train",
   "include": "model.h",
   "prelude": ["tiny::NetConfig cfg;", "cfg.hidden = 6;"],
   "construct": "tiny::Net(cfg)",
   "inputs": [{"shape": [3, 4]}]
 }]}
)json");
}

/// A repository with no top-level CMake project: the sample in sample/ has
/// its own, with the model's header under include/.
void writeSubFolderProject(const TempDirectory &Temp, const std::string &Dir, int Version) {
  Temp.write(Dir + "/README.md", "Samples, each its own CMake project.\n");
  Temp.write(Dir + "/sample/CMakeLists.txt", R"src(cmake_minimum_required(VERSION 3.18)
project(sample LANGUAGES CXX)
find_package(Torch REQUIRED)
add_executable(sample src/main.cpp src/generator.cpp)
target_include_directories(sample PRIVATE include)
target_link_libraries(sample PRIVATE torch)
target_compile_features(sample PRIVATE cxx_std_17)
)src");
  Temp.write(Dir + "/sample/include/generator.h", atVersion(R"src(#pragma once
#include <torch/torch.h>

namespace sample {

struct GeneratorOptions {
  GeneratorOptions(int64_t latent) : latent_(latent) {}
  TORCH_ARG(int64_t, latent);
  TORCH_ARG(int64_t, features) = 5;
};

class GeneratorImpl : public torch::nn::Module {
public:
  explicit GeneratorImpl(const GeneratorOptions &options);
  torch::Tensor forward(torch::Tensor z);

private:
  torch::nn::Linear LAYER{nullptr};
};
TORCH_MODULE(Generator);

} // namespace sample
)src",
                                                            Version));
  Temp.write(Dir + "/sample/src/generator.cpp", atVersion(R"src(#include "generator.h"

namespace sample {

GeneratorImpl::GeneratorImpl(const GeneratorOptions &options)
    : LAYER(register_module(
          "LAYER", torch::nn::Linear(options.latent(), options.features()))) {}

torch::Tensor GeneratorImpl::forward(torch::Tensor z) { return torch::tanh(LAYER(z)); }

} // namespace sample
)src",
                                                          Version));
  Temp.write(Dir + "/sample/src/main.cpp", R"src(#include "generator.h"

#include <iostream>

int main() {
  sample::Generator generator(sample::GeneratorOptions(3));
  std::cout << generator->forward(torch::randn({2, 3})) << "\n";
  return 0;
}
)src");
  Temp.write(Dir + "/modelcompat.json", R"json({"schema_version": 1,
 "models": [{
   "name": "generator",
   "project": "sample",
   "target": "sample",
   "include": "generator.h",
   "construct": "sample::Generator(sample::GeneratorOptions(3))",
   "inputs": [{"shape": [2, 3]}]
 }]}
)json");
}

/// A project that names its executable after itself
/// (add_executable(${CMAKE_PROJECT_NAME} ...)), and a library whose include
/// directory is PRIVATE and whose header needs a PRIVATE definition.
void writeProjectNamedTargetProject(const TempDirectory &Temp, const std::string &Dir,
                                    int Version) {
  Temp.write(Dir + "/CMakeLists.txt", R"src(cmake_minimum_required(VERSION 3.18)
project(federated LANGUAGES CXX)
find_package(Torch REQUIRED)
set(CMAKE_CXX_STANDARD 17)
add_library(layers STATIC layers/layers.cpp)
target_include_directories(layers PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/layers)
target_compile_definitions(layers PRIVATE FEDERATED_HIDDEN=8)
target_link_libraries(layers PUBLIC torch)
include_directories(${CMAKE_CURRENT_SOURCE_DIR}/models)
add_executable("${CMAKE_PROJECT_NAME}" main.cpp models/net.cpp)
target_link_libraries("${CMAKE_PROJECT_NAME}" layers torch)
)src");
  Temp.write(Dir + "/layers/layers.h", R"src(#pragma once
#include <torch/torch.h>

// The width the library was built with; a header read without it fails.
inline int64_t hiddenWidth() { return FEDERATED_HIDDEN; }
)src");
  Temp.write(Dir + "/layers/layers.cpp", "#include \"layers.h\"\n");
  Temp.write(Dir + "/models/net.h", atVersion(R"src(#pragma once
#include <torch/torch.h>

class NetImpl : public torch::nn::Module {
public:
  NetImpl();
  torch::Tensor forward(torch::Tensor x);

private:
  torch::nn::Linear LAYER{nullptr};
};
TORCH_MODULE(Net);
)src",
                                              Version));
  Temp.write(Dir + "/models/net.cpp", atVersion(R"src(#include "net.h"

NetImpl::NetImpl() : LAYER(register_module("LAYER", torch::nn::Linear(4, 3))) {}

torch::Tensor NetImpl::forward(torch::Tensor x) { return LAYER(x); }
)src",
                                                Version));
  Temp.write(Dir + "/main.cpp", R"src(#include "net.h"

int main() { Net()->forward(torch::ones({1, 4})); }
)src");
  Temp.write(Dir + "/modelcompat.json", R"json({"schema_version": 1,
 "models": [
   {"name": "net", "target": "federated", "include": "net.h", "construct": "Net()",
    "inputs": [{"shape": [2, 4]}]},
   {"name": "width", "target": "layers", "include": "layers.h",
    "construct": "torch::nn::Linear(hiddenWidth(), 2)", "inputs": [{"shape": [2, 8]}]}
 ]}
)json");
}

} // namespace

TEST(VerifyLayouts, ModelInAnExecutableWithAConfigStructFromThePrelude) {
  TempDirectory Temp;
  std::string Repo = makeRepo(Temp, writeExecutableOnlyProject);
  expectCorrectPassesAndWrongFails(Temp, Repo, "tiny::NetImpl");
}

TEST(VerifyLayouts, ModelInASubFolderProject) {
  TempDirectory Temp;
  std::string Repo = makeRepo(Temp, writeSubFolderProject);
  expectCorrectPassesAndWrongFails(Temp, Repo, "sample::GeneratorImpl");
}

TEST(VerifyLayouts, ProjectNamedTargetAndPrivateLibraryIncludesAsInTheProjectsOwnBuild) {
  TempDirectory Temp;
  std::string Repo = makeRepo(Temp, writeProjectNamedTargetProject);
  expectCorrectPassesAndWrongFails(Temp, Repo, "NetImpl");
}

TEST(VerifyLayouts, ConfigureFailureNamesTheMissingPackageAndTheLog) {
  TempDirectory Temp;
  std::string Repo = Temp.file("repo");
  fs::create_directories(Repo);
  shell("cd " + shellQuoted(Repo) + " && git init -q -b main .");
  std::string Manifest = R"json({"schema_version": 1, "models": [{"name": "m",
      "target": "app", "include": "model.h", "construct": "Net()",
      "inputs": [{"shape": [1]}]PROJECT}]})json";
  Temp.write("tree/sample/CMakeLists.txt", "cmake_minimum_required(VERSION 3.18)\n"
                                           "project(sample LANGUAGES CXX)\n\n"
                                           "find_package(NoSuchPackageForModelcompatTest "
                                           "REQUIRED)\n");
  // Without "project", the repository root must hold the CMake project.
  Temp.write("tree/modelcompat.json", Manifest.replace(Manifest.find("PROJECT"), 7, ""));
  commitTree(Repo, Temp.file("tree"), "no top-level project");
  ProcessResult NoRoot = verify(Repo, {"HEAD", "HEAD"});
  EXPECT_EQ(NoRoot.ExitCode, 1) << NoRoot.Output << NoRoot.Error;
  EXPECT_EQ(NoRoot.Error, "modelcompat: error: modelcompat.json: models[0]: revision " +
                              shortSha(Repo, "HEAD") +
                              " (base, 'HEAD') has no CMakeLists.txt at the repository root; name "
                              "the folder that holds the model's CMake project in \"project\"\n");

  Manifest = R"json({"schema_version": 1, "models": [{"name": "m", "project": "sample",
      "target": "app", "include": "model.h", "construct": "Net()",
      "inputs": [{"shape": [1]}]}]})json";
  Temp.write("tree/modelcompat.json", Manifest);
  commitTree(Repo, Temp.file("tree"), "the project in sample/");
  ProcessResult Result = verify(Repo, {"HEAD", "HEAD"});
  EXPECT_EQ(Result.ExitCode, 1) << Result.Output << Result.Error;
  std::string Prefix = "modelcompat: error: verify: configuring revision " +
                       shortSha(Repo, "HEAD") +
                       " (base, 'HEAD') failed: package 'NoSuchPackageForModelcompatTest' "
                       "not found (find_package in sample/CMakeLists.txt:4); log: ";
  size_t At = Result.Error.find(Prefix);
  ASSERT_NE(At, std::string::npos) << Result.Error;
  std::string Log = Result.Error.substr(At + Prefix.size());
  Log = Log.substr(0, Log.find('\n'));
  ASSERT_TRUE(fs::exists(Log)) << Log;
  EXPECT_NE(readFile(Log).find("NoSuchPackageForModelcompatTestConfig.cmake"), std::string::npos);
  EXPECT_EQ(Result.Output, "");
  fs::remove(Log);
}
