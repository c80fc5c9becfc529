// `modelcompat init` end to end: real git repositories laid out as libtorch
// projects are (a library, an executable with main.cpp, a sub-folder project,
// a constructor taking a config struct), the real scanner, the CLI. The
// manifests it writes are asserted whole.
#include "modelcompat/support/ReadFile.h"
#include "support/InProcessCli.h"
#include "support/StubTorch.h"
#include "support/TempGitRepo.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace fs = std::filesystem;
using namespace modelcompat::test;
using modelcompat::readFile;
using nlohmann::json;

namespace {

ProcessResult init(const TempGitRepo &Repo, std::vector<std::string> Extra = {}) {
  std::vector<std::string> Argv = {"init",       "--repo",      Repo.root(),
                                   "--no-cache", "--extra-arg", stubTorchFlag()};
  Argv.insert(Argv.end(), Extra.begin(), Extra.end());
  return runModelcompatInProcess(Argv);
}

std::string manifestOf(const TempGitRepo &Repo) {
  return readFile((Repo.path() / "modelcompat.json").string());
}

/// A model in the libtorch frontend's style: NetImpl(in, hidden = 32),
/// registered in the constructor, one input to forward().
const char *const NetHeader = R"cpp(#pragma once
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  explicit NetImpl(int64_t in, int64_t hidden = 32);
  torch::Tensor forward(const torch::Tensor &x);
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Net);
)cpp";

const char *const NetSource = R"cpp(#include "model.h"

NetImpl::NetImpl(int64_t in, int64_t hidden) {
  fc1 = register_module("fc1", torch::nn::Linear(in, hidden));
  fc2 = register_module("fc2", torch::nn::Linear(hidden, 1));
}

torch::Tensor NetImpl::forward(const torch::Tensor &x) { return fc2(fc1(x)); }
)cpp";

const char *const NetMain = R"cpp(#include "model.h"

int main() {
  Net net(4);
  net->forward(torch::ones({2, 4}));
}
)cpp";

/// The manifest init drafts for NetImpl, given its target and its project.
std::string netManifest(const std::string &Target, const std::string &Include,
                        const std::string &Project = "") {
  return std::string("{\n"
                     "  \"schema_version\": 1,\n"
                     "  \"build\": {\n"
                     "    \"cmake_args\": [\n"
                     "      \"-DCMAKE_BUILD_TYPE=Release\"\n"
                     "    ]\n"
                     "  },\n"
                     "  \"models\": [\n"
                     "    {\n"
                     "      \"name\": \"Net\",\n") +
         (Project.empty() ? "" : "      \"project\": \"" + Project + "\",\n") +
         "      \"target\": \"" + Target + "\",\n" + "      \"include\": \"" + Include + "\",\n" +
         "      \"construct\": \"Net(/*TODO: int64_t in*/)\",\n"
         "      \"inputs\": \"TODO: forward(const torch::Tensor & x): one input, give its "
         "shape (and dtype when not float32)\"\n"
         "    }\n"
         "  ]\n"
         "}\n";
}

const std::string NetTodos = "fill in the TODO markers before running verify: models[0].construct, "
                             "models[0].inputs\n";

} // namespace

TEST(InitCommand, ExecutableOnlyProjectNamesTheExecutable) {
  TempGitRepo Repo;
  Repo.commitFiles({{"CMakeLists.txt", "cmake_minimum_required(VERSION 3.18)\n"
                                       "project(app CXX)\n"
                                       "find_package(Torch REQUIRED)\n"
                                       "add_executable(app main.cpp model.cpp)\n"
                                       "target_link_libraries(app \"${TORCH_LIBRARIES}\")\n"},
                    {"model.h", NetHeader},
                    {"model.cpp", NetSource},
                    {"main.cpp", NetMain}},
                   "app");
  ProcessResult Result = init(Repo);
  EXPECT_EQ(Result.Error, "");
  ASSERT_EQ(Result.ExitCode, 0);
  std::string Out = (Repo.path() / "modelcompat.json").string();
  EXPECT_EQ(Result.Output, "wrote " + Out + ": 1 model: NetImpl (models[0])\n" + NetTodos);
  EXPECT_EQ(manifestOf(Repo), netManifest("app", "model.h"));
}

TEST(InitCommand, SubFolderProjectSetsProjectAndReadsGlobbedSources) {
  TempGitRepo Repo;
  Repo.commitFiles(
      {{"README.md", "# samples\n"},
       {"sample/CMakeLists.txt", "cmake_minimum_required(VERSION 3.18)\n"
                                 "project(sample CXX)\n"
                                 "find_package(Torch REQUIRED)\n"
                                 "include_directories(${CMAKE_CURRENT_SOURCE_DIR}/include)\n"
                                 "file(GLOB MODEL_SOURCES CONFIGURE_DEPENDS src/*.cpp)\n"
                                 "set(SRCS main.cpp ${MODEL_SOURCES})\n"
                                 "add_executable(sample_app ${SRCS})\n"},
       {"sample/include/model.h", NetHeader},
       {"sample/src/model.cpp", NetSource},
       {"sample/main.cpp", NetMain}},
      "sample");
  ProcessResult Result = init(Repo);
  EXPECT_EQ(Result.Error, "");
  ASSERT_EQ(Result.ExitCode, 0);
  EXPECT_EQ(manifestOf(Repo), netManifest("sample_app", "model.h", "sample"));
}

// A sample whose CMakeLists.txt adds a library from its include/ folder
// (model sources beside their headers, no include directory given): the
// project is the sample's folder, not include/, and the header is named as
// the harness finds it, in the library's source folder.
TEST(InitCommand, LibraryAddedFromASubFolderBelongsToTheSamplesProject) {
  TempGitRepo Repo;
  Repo.commitFiles({{"README.md", "# chapters\n"},
                    {"chap4/CMakeLists.txt", "cmake_minimum_required(VERSION 3.18)\n"
                                             "project(chap4 CXX)\n"
                                             "find_package(Torch REQUIRED)\n"
                                             "add_subdirectory(include)\n"
                                             "add_executable(chap4 main.cpp)\n"
                                             "target_link_libraries(chap4 libnet)\n"},
                    {"chap4/include/CMakeLists.txt", "add_library(libnet model.cpp)\n"
                                                     "target_link_libraries(libnet "
                                                     "${TORCH_LIBRARIES})\n"},
                    {"chap4/include/model.h", NetHeader},
                    {"chap4/include/model.cpp", NetSource},
                    {"chap4/main.cpp", std::string("#include \"include/model.h\"\n") +
                                           (NetMain + std::string(NetMain).find('\n') + 1)}},
                   "chap4");
  ProcessResult Result = init(Repo);
  EXPECT_EQ(Result.Error, "");
  ASSERT_EQ(Result.ExitCode, 0);
  EXPECT_EQ(manifestOf(Repo), netManifest("libnet", "model.h", "chap4"));
}

// Target names given through variables, as real CMake files do:
// add_executable("${CMAKE_PROJECT_NAME}" ...) names the top-level project's
// name (init wrote the reference itself); a sub-folder's set(Target ...) and
// add_library(${Target} ...) beside it does not confuse the choice.
TEST(InitCommand, TargetNamesAreReadThroughVariables) {
  TempGitRepo Repo;
  Repo.commitFiles({{"CMakeLists.txt", "cmake_minimum_required(VERSION 3.18)\n"
                                       "project(federated)\n"
                                       "find_package(Torch REQUIRED)\n"
                                       "include_directories(models/)\n"
                                       "set(SOURCE_FILES models/model.h models/model.cpp)\n"
                                       "add_executable(\"${CMAKE_PROJECT_NAME}\" "
                                       "${SOURCE_FILES} main.cpp)\n"
                                       "target_link_libraries(\"${CMAKE_PROJECT_NAME}\" "
                                       "\"${TORCH_LIBRARIES}\")\n"
                                       "add_subdirectory(tools)\n"},
                    {"models/model.h", NetHeader},
                    {"models/model.cpp", NetSource},
                    {"main.cpp", NetMain},
                    {"tools/CMakeLists.txt", "set(Target net-tools)\n"
                                             "add_library(${Target} other.cpp)\n"},
                    {"tools/other.cpp", "int answer() { return 42; }\n"}},
                   "federated");
  ProcessResult Result = init(Repo);
  EXPECT_EQ(Result.Error, "");
  ASSERT_EQ(Result.ExitCode, 0);
  EXPECT_EQ(manifestOf(Repo), netManifest("federated", "model.h"));
}

TEST(InitCommand, ConfigStructWithoutDefaultIsATodoMarker) {
  TempGitRepo Repo;
  Repo.commitFiles({{"CMakeLists.txt", "add_library(models STATIC src/net.cpp)\n"
                                       "target_include_directories(models PUBLIC include)\n"},
                    {"include/models/net.h", R"cpp(#pragma once
#include <torch/torch.h>

namespace models {

/// Parsed from the command line by the training program.
struct NetConfig {
  int64_t in_features;
  int64_t hidden = 64;
};

class NetImpl : public torch::nn::Module {
 public:
  explicit NetImpl(const NetConfig& config);
  torch::Tensor forward(torch::Tensor x, torch::Tensor mask);

 private:
  torch::nn::Linear body{nullptr};
};
TORCH_MODULE(Net);

}  // namespace models
)cpp"},
                    {"src/net.cpp", R"cpp(#include "models/net.h"

namespace models {

NetImpl::NetImpl(const NetConfig& config) {
  body = register_module("body", torch::nn::Linear(config.in_features, config.hidden));
}

torch::Tensor NetImpl::forward(torch::Tensor x, torch::Tensor mask) { return body(x) * mask; }

}  // namespace models
)cpp"}},
                   "config");
  ProcessResult Result = init(Repo);
  EXPECT_EQ(Result.Error, "");
  ASSERT_EQ(Result.ExitCode, 0);
  json Model = json::parse(manifestOf(Repo))["models"][0];
  EXPECT_EQ(Model, json::parse(R"json({
    "name": "Net", "target": "models", "include": "models/net.h",
    "construct": "models::Net(/*TODO: const NetConfig& config*/)",
    "inputs": "TODO: forward(torch::Tensor x, torch::Tensor mask): 2 inputs, give their shapes (and dtype when not float32)"})json"));
}

TEST(InitCommand, RefusesToOverwriteWithoutForce) {
  TempGitRepo Repo;
  Repo.commitFiles({{"CMakeLists.txt", "add_executable(app main.cpp model.cpp)\n"},
                    {"model.h", NetHeader},
                    {"model.cpp", NetSource},
                    {"main.cpp", NetMain}},
                   "app");
  std::string Out = Repo.write("modelcompat.json", "{\"edited\": true}\n");
  ProcessResult Refused = init(Repo);
  EXPECT_EQ(Refused.ExitCode, 1);
  EXPECT_EQ(Refused.Error, "modelcompat: error: refusing to overwrite existing file '" + Out +
                               "' (use --force to replace it)\n");
  EXPECT_EQ(Refused.Output, "");
  EXPECT_EQ(manifestOf(Repo), "{\"edited\": true}\n");

  ProcessResult Forced = init(Repo, {"--force"});
  EXPECT_EQ(Forced.ExitCode, 0) << Forced.Error;
  EXPECT_EQ(manifestOf(Repo), netManifest("app", "model.h"));

  std::string Elsewhere = (Repo.path() / "drafts" / "m.json").string();
  ProcessResult ToOut = init(Repo, {"--out", Elsewhere, "--rev", "main"});
  EXPECT_EQ(ToOut.ExitCode, 0) << ToOut.Error;
  EXPECT_EQ(readFile(Elsewhere), netManifest("app", "model.h"));
}

TEST(InitCommand, NoModuleClassIsAnError) {
  TempGitRepo Repo;
  Repo.commitFiles({{"main.cpp", "int main() {}\n"}}, "plain");
  ProcessResult Result = init(Repo);
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error,
            "modelcompat: error: no module class found at HEAD; nothing to put in a manifest\n");
  EXPECT_FALSE(fs::exists(Repo.path() / "modelcompat.json"));
}

// The bundled example, scanned with the real libtorch headers: the draft,
// completed with what only a human knows (in_channels = 4, the input's
// shape), means what examples/autoencoder/v1/modelcompat.json means.
TEST(InitCommand, BundledExampleCompletesToItsManifest) {
  TempGitRepo Repo;
  std::string Example = std::string(MODELCOMPAT_TEST_SOURCE_DIR) + "/examples/autoencoder/v1";
  Repo.replaceTree(Example);
  Repo.remove("modelcompat.json");
  Repo.commit("v1 without its manifest");
  ProcessResult Result = runModelcompatInProcess({"init", "--repo", Repo.root(), "--no-cache"});
  ASSERT_EQ(Result.ExitCode, 0) << Result.Error;
  EXPECT_EQ(Result.Output, "wrote " + (Repo.path() / "modelcompat.json").string() +
                               ": 1 model: fx::ModelImpl (models[0])\n"
                               "fill in the TODO markers before running verify: "
                               "models[0].construct, models[0].inputs\n");
  json Draft = json::parse(manifestOf(Repo));
  json Expected = json::parse(readFile(Example + "/modelcompat.json"));

  json &Model = Draft["models"][0];
  EXPECT_EQ(Model["construct"], "fx::Model(fx::ModelOptions(/*TODO: int64_t in_channels*/))");
  EXPECT_EQ(Model["inputs"], "TODO: forward(const torch::Tensor& x): one input, give its "
                             "shape (and dtype when not float32)");
  Model["construct"] = "fx::Model(fx::ModelOptions(4))";
  Model["inputs"] = json::parse(R"([{"shape": [2, 4, 8, 8], "dtype": "float32"}])");
  // What the example states that are defaults: forward is the default call
  // for one input, and its tolerance the float32 defaults
  // (docs/runtime-check.md). The name is a label for reports; the draft's
  // is the holder's.
  json &Stated = Expected["models"][0];
  EXPECT_EQ(Stated["forward"], "model->forward(inputs[0])");
  EXPECT_EQ(Stated["tolerance"], json::parse(R"({"rtol": 1.3e-6, "atol": 1e-5})"));
  Stated.erase("forward");
  Stated.erase("tolerance");
  EXPECT_EQ(Model["name"], "Model");
  Stated["name"] = "Model";
  EXPECT_EQ(Draft, Expected);
}
