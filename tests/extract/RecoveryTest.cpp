//===- RecoveryTest.cpp - Declarations that missing headers held ----------===//
//
// Every third-party header here is included under a name that exists on no
// machine (nowhere-*), so what is recovered cannot depend on what is
// installed.
#include "ScanTestSupport.h"

using namespace modelcompat;
using namespace modelcompat::test;
using Lines = std::vector<std::string>;

TEST(Recovery, OptionsObjectOfAMissingLibraryReachesTheConstructor) {
  ScanResult Result = scanFiles({{"net.h", R"cpp(#include <torch/torch.h>
#include <nowhere-boost/program_options.hpp>
namespace po = boost::program_options;
struct NetImpl : torch::nn::Module {
  explicit NetImpl(po::variables_map &vm);
  torch::nn::Linear fc{nullptr};
};
)cpp"},
                                 {"net.cpp", R"cpp(#include "net.h"
NetImpl::NetImpl(po::variables_map &vm) {
  fc = register_module("fc", torch::nn::Linear(vm["in"].as<int64_t>(), 10));
  if (vm.count("scale"))
    register_parameter("scale", torch::ones({1}));
}
)cpp"}});
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"fc.weight parameter [10, vm[\"in\"].as<int64_t>()]", "fc.bias parameter [10]",
                   "scale parameter [1] if vm.count(\"scale\")"}));
  EXPECT_TRUE(Result.FilesWithErrors.empty()) << ::testing::PrintToString(diagnostics(Result));
  const ScannedFile *Cpp = findScannedFile(Result, "net.cpp");
  ASSERT_TRUE(Cpp);
  EXPECT_EQ(Cpp->Synthesized, (Lines{".as()", ".count()", "boost::program_options::variables_map",
                                     "namespace boost::program_options"}));
}

TEST(Recovery, AChildOfARecoveredTypeIsUnresolvedNotKeys) {
  ScanResult Result = scanSource(R"cpp(#include <nowhere-fancy/layers.h>
struct NetImpl : torch::nn::Module {
  NetImpl() {
    attn = register_module("attn", fancy::Attention(64));
    made = register_module("made", std::make_shared<fancy::GatedImpl>(64));
    fc = register_module("fc", torch::nn::Linear(64, 10));
  }
  fancy::Attention attn{nullptr};
  std::shared_ptr<fancy::GatedImpl> made;
  torch::nn::Linear fc{nullptr};
};
)cpp");
  EXPECT_EQ(entries(Result, "NetImpl"),
            (Lines{"attn unresolved expression=fancy::Attention(64)",
                   "made unresolved expression=std::make_shared<fancy::GatedImpl>(64)",
                   "fc module type=torch::nn::Linear"}));
  const ModuleSchema *Net = findModule(Result, "NetImpl");
  ASSERT_TRUE(Net);
  EXPECT_FALSE(Net->Unreadable);
}

TEST(Recovery, MacrosOfAProjectHeaderThatResolvesNowhere) {
  ScanResult Result = scanSource(R"cpp(#include "utils/logging.h"
struct NetImpl : torch::nn::Module {
  NetImpl(int64_t ch) {
    LOG_INFO("building with %d", ch);
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, 3)));
    CHECK_GT(ch, 0) << "channels";
  }
  torch::nn::Conv2d conv{nullptr};
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"conv.weight parameter [ch, ch, 3, 3]", "conv.bias parameter [ch]"}));
  EXPECT_TRUE(Result.FilesWithErrors.empty()) << ::testing::PrintToString(diagnostics(Result));
}

TEST(Recovery, NamesTheProjectDeclaresLaterAreNotSynthesized) {
  // a.h uses Config before b.h declares it (a.cpp includes b.h first in the
  // real build); in one translation unit a.h comes first.
  ScanResult Result = scanFiles({{"a.h", R"cpp(#include <torch/torch.h>
struct AImpl : torch::nn::Module {
  explicit AImpl(const Config &c) { register_parameter("w", torch::zeros({c.width})); }
};
)cpp"},
                                 {"b.h", R"cpp(#pragma once
struct Config { int64_t width = 4; };
)cpp"}});
  for (const ScannedFile &File : Result.Files)
    EXPECT_TRUE(File.Synthesized.empty())
        << File.Path << ": " << ::testing::PrintToString(File.Synthesized);
}

TEST(Recovery, AnErrorInOneConstructorLeavesTheOtherClassesRead) {
  ScanResult Result = scanSource(R"cpp(
struct GoodImpl : torch::nn::Module {
  GoodImpl() { register_parameter("w", torch::zeros({2})); }
  torch::Tensor forward(torch::Tensor x) { return x.no_such_method(); }
};
struct BadImpl : torch::nn::Module {
  BadImpl() {
    register_parameter("w", torch::zeros({2}));
    int64_t n = "text" * 2;
  }
};
)cpp");
  const ModuleSchema *Good = findModule(Result, "GoodImpl");
  const ModuleSchema *Bad = findModule(Result, "BadImpl");
  ASSERT_TRUE(Good && Bad);
  EXPECT_FALSE(Good->Unreadable);
  ASSERT_TRUE(Bad->Unreadable);
  EXPECT_EQ(Bad->Unreadable->rfind("model.h:10: ", 0), 0u) << *Bad->Unreadable;
}

TEST(Recovery, AnErrorInAMethodDeclarationLeavesTheClassRead) {
  // Clang rejects the extra qualification GCC once took; a member data
  // declaration that fails still makes the class unreadable when the
  // constructor names the member.
  ScanResult Result = scanSource(R"cpp(
struct GoodImpl : torch::nn::Module {
  GoodImpl() { fc = register_module("fc", torch::nn::Linear(2, 2)); }
  torch::Tensor GoodImpl::generate(torch::Tensor x, int steps);
  torch::nn::Linear fc{nullptr};
};
struct BadImpl : torch::nn::Module {
  BadImpl() { scale = register_parameter("w", torch::zeros({2})); }
  torch::Tensor BadImpl::scale;
};
)cpp");
  const ModuleSchema *Good = findModule(Result, "GoodImpl");
  const ModuleSchema *Bad = findModule(Result, "BadImpl");
  ASSERT_TRUE(Good && Bad);
  EXPECT_FALSE(Good->Unreadable) << *Good->Unreadable;
  EXPECT_EQ(stateKeys(Result, "GoodImpl"),
            (Lines{"fc.weight parameter [2, 2]", "fc.bias parameter [2]"}));
  ASSERT_TRUE(Bad->Unreadable);
  EXPECT_EQ(Bad->Unreadable->rfind("model.h:10: ", 0), 0u) << *Bad->Unreadable;
}

TEST(Recovery, AnErrorInAnInitialiserOfAFieldWithoutModuleStateLeavesTheClassRead) {
  // A value of the wrong type where an int is wanted (maskrcnn_benchmark.cpp's
  // Pooler at 2ad6b40 passes libtorch 1.0's Scalar): the mapper's values
  // cannot change a key. The same error initialising a layer could.
  ScanResult Result = scanSource(R"cpp(
struct LevelMapper {
  LevelMapper(int low, int high) : low(low), high(high) {}
  int low, high;
};
struct PoolerImpl : torch::nn::Module {
  PoolerImpl(std::vector<float> scales)
      : mapper(LevelMapper(std::to_string(scales[0]), 5)) {
    for (size_t i = 0; i < 2; ++i)
      register_parameter("scale" + std::to_string(i), torch::ones({4}));
  }
  LevelMapper mapper;
};
struct HeadImpl : torch::nn::Module {
  HeadImpl(std::vector<float> scales)
      : fc(torch::nn::LinearOptions(std::to_string(scales[0]), 5)) {
    register_module("fc", fc);
  }
  torch::nn::Linear fc;
};
)cpp");
  const ModuleSchema *Pooler = findModule(Result, "PoolerImpl");
  const ModuleSchema *Head = findModule(Result, "HeadImpl");
  ASSERT_TRUE(Pooler && Head);
  EXPECT_FALSE(Pooler->Unreadable) << *Pooler->Unreadable;
  EXPECT_EQ(stateKeys(Result, "PoolerImpl"),
            (Lines{"scale0 parameter [4]", "scale1 parameter [4]"}));
  EXPECT_TRUE(Head->Unreadable);
}

TEST(Recovery, AnErrorInAFreeCallNotHandedTheModuleLeavesTheClassRead) {
  // A logging helper with a C++20 `auto` parameter, which a C++17 parse
  // rejects, called from the constructor: nothing it does can register on
  // this module. Handed the module itself, the same call could.
  ScanResult Result = scanSource(R"cpp(
void logdat(std::string text, auto value);
void attach(std::string text, auto *module);
struct NetImpl : torch::nn::Module {
  NetImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(4, 8));
    logdat("fc1 ", fc1->weight.sizes());
    register_parameter("gain", torch::ones({8}));
  }
  torch::nn::Linear fc1{nullptr};
};
struct HeadImpl : torch::nn::Module {
  HeadImpl() {
    attach("head", this);
    register_parameter("gain", torch::ones({8}));
  }
};
struct EachImpl : torch::nn::Module {
  EachImpl() {
    logdat(2, [this](int i) { register_parameter("w" + std::to_string(i), torch::ones({2})); });
  }
};
)cpp");
  const ModuleSchema *Net = findModule(Result, "NetImpl");
  const ModuleSchema *Head = findModule(Result, "HeadImpl");
  ASSERT_TRUE(Net && Head);
  EXPECT_FALSE(Net->Unreadable) << *Net->Unreadable;
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"fc1.weight parameter [8, 4]", "fc1.bias parameter [8]", "gain parameter [8]"}));
  EXPECT_TRUE(Head->Unreadable);
  // A lambda may capture this and register.
  const ModuleSchema *Each = findModule(Result, "EachImpl");
  ASSERT_TRUE(Each);
  EXPECT_TRUE(Each->Unreadable);
}

TEST(Recovery, AnErrorInADataMemberNoMethodRegistersLeavesTheClassRead) {
  // A class template named without its arguments (`std::tuple stages;`) is
  // an invalid member; Clang drops every statement that names it. A member
  // no constructor, reset() or helper names is registered nowhere, so the
  // error hides no key; one the constructor names may hide one.
  ScanResult Result = scanSource(R"cpp(
struct BackboneImpl : torch::nn::Module {
  BackboneImpl(int channels) {
    stem = register_module("stem", torch::nn::Conv2d(3, channels, 7));
    pool = register_module("pool", torch::nn::MaxPool2d(3));
  }
  torch::Tensor forward(torch::Tensor x) { return std::get<0>(stages)(pool(stem(x))); }
  torch::nn::Conv2d stem{nullptr};
  torch::nn::MaxPool2d pool{nullptr};
  std::tuple stages;
};
struct NeckImpl : torch::nn::Module {
  NeckImpl() {
    register_module("lateral", torch::nn::Linear(4, 4));
    register_module("stages", std::get<0>(stages));
  }
  std::tuple stages;
};
)cpp");
  const ModuleSchema *Backbone = findModule(Result, "BackboneImpl");
  const ModuleSchema *Neck = findModule(Result, "NeckImpl");
  ASSERT_TRUE(Backbone && Neck);
  EXPECT_FALSE(Backbone->Unreadable) << *Backbone->Unreadable;
  EXPECT_EQ(stateKeys(Result, "BackboneImpl"),
            (Lines{"stem.weight parameter [channels, 3, 7, 7]", "stem.bias parameter [channels]"}));
  EXPECT_TRUE(Neck->Unreadable);
}

TEST(Recovery, AnUnqualifiedNameOutOfSightIsTheOneProjectModuleClassOfThatName) {
  // Written inside `heads` for the layers::Gate its header declares, a name
  // that never compiled (maskrcnn_benchmark.cpp's Pooler at 2ad6b40; the next
  // commit qualifies it). The header is found through the directory
  // recovery adds, as a system header. Two project classes of one name, or
  // a name written with a qualifier the project lacks, stay a guess:
  // unresolved.
  ScanResult Result = scanFiles({{"layers/gate.h", R"cpp(#pragma once
#include <torch/torch.h>
namespace layers {
struct GateImpl : torch::nn::Module {
  explicit GateImpl(int width) { register_parameter("scale", torch::ones({width})); }
};
TORCH_MODULE(Gate);
} // namespace layers
namespace a { struct Mix : torch::nn::Module { Mix(int n) {} }; }
namespace b { struct Mix : torch::nn::Module { Mix(int n) { register_buffer("m", torch::ones({n})); } }; }
)cpp"},
                                 {"heads/head.cpp", R"cpp(#include <torch/torch.h>
#include "gate.h"
namespace heads {
struct HeadImpl : torch::nn::Module {
  explicit HeadImpl(int width) {
    register_module("gate", Gate(width));
    register_module("mix", Mix(width));
    register_module("norm", other::Norm(width));
  }
};
} // namespace heads
)cpp"}});
  EXPECT_EQ(stateKeys(Result, "heads::HeadImpl"),
            (Lines{"gate.scale parameter [width]", "mix unresolved", "norm unresolved"}));
  // Read as a system header, the header still reports its classes.
  EXPECT_EQ(stateKeys(Result, "layers::GateImpl"), Lines{"scale parameter [width]"});
}

TEST(Recovery, AnErrorInARegisteredValueLeavesTheClassReadWithThatEntryUnknown) {
  // The stage factory is declared only after the constructor that calls it
  // (harishkool/Pytorch-CPP's ResNet): each registration stays, its
  // contents unknown, and the class's other keys are read. The same error
  // outside a registration could hide one.
  ScanResult Result = scanFiles({{"net.h", R"cpp(#pragma once
#include <torch/torch.h>
struct NetImpl : torch::nn::Module {
  NetImpl(int width);
  torch::nn::Conv2d stem{nullptr};
  torch::nn::Sequential stage{nullptr};
};
struct TrunkImpl : torch::nn::Module {
  TrunkImpl(int width);
};
)cpp"},
                                 {"net.cpp", R"cpp(#include "net.h"
NetImpl::NetImpl(int width) {
  stem = register_module("stem", torch::nn::Conv2d(3, width, 3));
  stage = register_module("stage", make_stage(width, 2));
}
TrunkImpl::TrunkImpl(int width) {
  auto stage = make_stage(width, 2);
  register_module("stage", stage);
}
torch::nn::Sequential make_stage(int width, int blocks) { return torch::nn::Sequential(); }
)cpp"}});
  const ModuleSchema *Net = findModule(Result, "NetImpl");
  const ModuleSchema *Trunk = findModule(Result, "TrunkImpl");
  ASSERT_TRUE(Net && Trunk);
  EXPECT_FALSE(Net->Unreadable) << *Net->Unreadable;
  EXPECT_EQ(entries(Result, "NetImpl"),
            (Lines{"stem module type=torch::nn::Conv2d",
                   "stage unresolved expression=make_stage(width, 2)"}));
  EXPECT_TRUE(Trunk->Unreadable);
}

TEST(Recovery, AnErrorBesideAConstructorTheParseSawLeavesATensorFreeClassRead) {
  // roi.cpp defines the tensor-free module's constructor and, before it,
  // another class's method that fails (maskrcnn_benchmark.cpp's ROIAlign at
  // 2ad6b40, on libtorch 1.0's autograd API). The class registers
  // nothing, and the parse that saw its constructor says so.
  ScanResult Result = scanFiles({{"layers/roi.h", R"cpp(#include <torch/torch.h>
namespace layers {
class RoiAlign : torch::nn::Module {
public:
  RoiAlign(std::pair<int, int> size, float scale);
private:
  int height_, width_;
  float scale_;
};
struct RoiAlignBackward {
  std::vector<torch::Tensor> apply(std::vector<torch::Tensor> &&grads);
};
} // namespace layers
)cpp"},
                                 {"layers/roi.cpp", R"cpp(#include "roi.h"
namespace layers {
std::vector<torch::Tensor> RoiAlignBackward::apply(std::vector<torch::Tensor> &&grads) {
  std::size_t &count = grads.size() + 1;
  return {grads[count]};
}
RoiAlign::RoiAlign(std::pair<int, int> size, float scale)
    : height_(size.first), width_(size.second), scale_(scale) {}
} // namespace layers
)cpp"}});
  const ModuleSchema *Roi = findModule(Result, "layers::RoiAlign");
  ASSERT_TRUE(Roi);
  EXPECT_FALSE(Roi->Unreadable) << *Roi->Unreadable;
  EXPECT_TRUE(Roi->Entries.empty());
  for (const std::string &Line : diagnostics(Result))
    EXPECT_EQ(Line.find("constructor-not-found"), std::string::npos) << Line;
}

TEST(Recovery, AConstructorInAFileThatMissesTheClassHeaderIsReadWithTheHeaderDefiningTheClass) {
  // lenet.cpp includes a header that exists nowhere instead of lenet.h
  // (jtirana98/MultiHop-Federeated-Split-Learning at 3cdc92e): the one tree
  // header defining LeNetImpl is included in its place, and the
  // constructor's registrations attach. Two headers defining the class
  // leave it a guess: its state is unknown, not empty.
  auto Files = [](const std::string &Second) {
    std::vector<std::pair<std::string, std::string>> Out = {
        {"models/lenet.h", R"cpp(#pragma once
#include <torch/torch.h>
class LeNetImpl : public torch::nn::Module {
public:
  explicit LeNetImpl(int64_t classes);
private:
  torch::nn::Sequential body;
};
TORCH_MODULE(LeNet);
)cpp"},
        {"models/lenet.cpp", R"cpp(#include "lenet_renamed.h"
LeNetImpl::LeNetImpl(int64_t classes) {
  body = torch::nn::Sequential(torch::nn::Linear(84, classes));
  register_module("body", body);
}
)cpp"}};
    if (!Second.empty())
      Out.push_back({Second, "#pragma once\nclass LeNetImpl { int unused; };\n"});
    return Out;
  };
  ScanResult Found = scanFiles(Files(""));
  EXPECT_EQ(stateKeys(Found, "LeNetImpl"),
            (Lines{"body.0.weight parameter [classes, 84]", "body.0.bias parameter [classes]"}));
  const ScannedFile *Source = findScannedFile(Found, "models/lenet.cpp");
  ASSERT_TRUE(Source);
  EXPECT_EQ(Source->Synthesized, Lines{"LeNetImpl (from models/lenet.h)"});

  ScanResult Guess = scanFiles(Files("old/lenet.h"));
  const ModuleSchema *LeNet = findModule(Guess, "LeNetImpl");
  ASSERT_TRUE(LeNet);
  EXPECT_TRUE(LeNet->StateDict.empty());
  ASSERT_TRUE(LeNet->Unreadable);
  EXPECT_EQ(LeNet->Unreadable->rfind("models/lenet.cpp:2: ", 0), 0u) << *LeNet->Unreadable;
}

TEST(Recovery, SeededNamesTheTreeDeclaresAreDropped) {
  SourceTree Tree;
  Tree.Files.push_back({"net.h", R"cpp(#include <torch/torch.h>
#include "config.h"
struct NetImpl : torch::nn::Module {
  explicit NetImpl(const Config &c) { register_parameter("w", torch::zeros({c.width})); }
};
)cpp",
                        ""});
  Tree.Files.push_back({"config.h",
                        "#pragma once\n#include <cstdint>\nstruct Config { int64_t width = 4; };\n",
                        ""});
  ScanOptions Options;
  Options.ExtraArgs = {stubTorchFlag()};
  // An earlier commit lacked config.h and needed Config declared.
  Options.RecoverySeeds = {"Config"};
  ScanResult Result = scanTree(Tree, {}, Options);
  EXPECT_EQ(stateKeys(Result, "NetImpl"), Lines{"w parameter [c.width]"});
  EXPECT_TRUE(Result.FilesWithErrors.empty()) << ::testing::PrintToString(diagnostics(Result));
  for (const ScannedFile &File : Result.Files)
    EXPECT_TRUE(File.Synthesized.empty())
        << File.Path << ": " << ::testing::PrintToString(File.Synthesized);
}

TEST(Recovery, FlagsStatedByTheCMakeFiles) {
  ScanResult Result =
      scanFiles({{"CMakeLists.txt", R"cmake(cmake_minimum_required(VERSION 3.18)
project(demo CXX)
set(CMAKE_CXX_STANDARD 20)
add_subdirectory(src)
)cmake"},
                 {"src/CMakeLists.txt", R"cmake(add_executable(train main.cpp)
target_include_directories(train PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/models)
target_compile_definitions(train PRIVATE WIDTH=8)
add_definitions(-DUSE_NORM)
)cmake"},
                 {"src/models/net.hpp", R"cpp(#pragma once
#include <torch/torch.h>
struct NetImpl : torch::nn::Module {
  NetImpl() {
    register_parameter("w", torch::zeros({WIDTH}));
#ifdef USE_NORM
    register_buffer("norm", torch::ones({WIDTH}));
#endif
#if __cplusplus >= 202002L
    register_buffer("cxx20", torch::ones({1}));
#endif
  }
};
)cpp"},
                 {"src/main.cpp", "#include \"net.hpp\"\nint main() { NetImpl net; }\n"}});
  // Shapes are the written text; that WIDTH needed no recovery shows the
  // definition reached the parse.
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"w parameter [WIDTH]", "norm buffer [WIDTH]", "cxx20 buffer [1]"}));
  EXPECT_TRUE(Result.FilesWithErrors.empty()) << ::testing::PrintToString(diagnostics(Result));
  for (const ScannedFile &File : Result.Files)
    EXPECT_TRUE(File.Synthesized.empty())
        << File.Path << ": " << ::testing::PrintToString(File.Synthesized);
}

// A project written for an older libtorch states C++11; the installed
// libtorch needs more, and so does every file that includes it.
TEST(Recovery, AStatedStandardOlderThanLibtorchNeedsIsRaisedToTheParseDefault) {
  ScanResult Result = scanFiles({{"CMakeLists.txt", R"cmake(project(old CXX)
add_library(model model.cpp)
set_property(TARGET model PROPERTY CXX_STANDARD 11)
)cmake"},
                                 {"model.h", R"cpp(#pragma once
#include <torch/torch.h>
struct NetImpl : torch::nn::Module {
  NetImpl() {
    register_parameter("w", torch::zeros({2}));
#if __cplusplus >= 201703L
    register_buffer("cxx17", torch::ones({1}));
#endif
  }
};
)cpp"},
                                 {"model.cpp", "#include \"model.h\"\n"}});
  EXPECT_EQ(stateKeys(Result, "NetImpl"), (Lines{"w parameter [2]", "cxx17 buffer [1]"}));
  EXPECT_TRUE(Result.FilesWithErrors.empty()) << ::testing::PrintToString(diagnostics(Result));
}

// std::format under -std=c++20: GCC 12's library has no <format>, GCC 14's
// has. Either way every registration is read; where the header is missing,
// std::format is what was declared in its place.
TEST(Recovery, StdFormatWithOrWithoutTheLibrarysHeader) {
  SourceTree Tree;
  Tree.Files.push_back({"net.h", R"cpp(#include <torch/torch.h>
#include <format>
#include <string>
struct NetImpl : torch::nn::Module {
  explicit NetImpl(int64_t width) {
    std::string name = std::format("fc{}", width);
    fc = register_module("fc", torch::nn::Linear(width, width));
  }
  torch::nn::Linear fc{nullptr};
};
)cpp",
                        ""});
  ScanOptions Options;
  Options.ExtraArgs = {stubTorchFlag(), "-std=c++20"};
  ScanResult Result = scanTree(Tree, {}, Options);
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"fc.weight parameter [width, width]", "fc.bias parameter [width]"}));
  EXPECT_TRUE(Result.FilesWithErrors.empty()) << ::testing::PrintToString(diagnostics(Result));
  ASSERT_EQ(Result.Files.size(), 1u);
  if (!Result.Files[0].MissingIncludes.empty()) {
    EXPECT_EQ(Result.Files[0].MissingIncludes, Lines{"format"});
    EXPECT_EQ(Result.Files[0].Synthesized, Lines{"std::format"});
  }
}

TEST(Recovery, AnIncludeOnlyTheProjectsIncludeDirectoriesFindResolvesToTheTreesOnlyFileOfThatName) {
  // CMake puts include/rcnn/layers on the path; the scan's defaults do
  // not. The tree has one make_layers.h, so that is the file the build
  // opens, and the registration reads through it.
  ScanResult Result = scanFiles({{"include/rcnn/layers/make_layers.h", R"cpp(#pragma once
#include <torch/torch.h>
namespace rcnn::layers {
struct ConvBlockImpl : torch::nn::Module {
  ConvBlockImpl(int64_t in, int64_t out) {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3)));
  }
  torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(ConvBlock);
} // namespace rcnn::layers
)cpp"},
                                 {"include/rcnn/modeling/fpn.h", R"cpp(#pragma once
#include <torch/torch.h>
#include "make_layers.h"
struct FPNImpl : torch::nn::Module {
  explicit FPNImpl(int64_t out) {
    inner = register_module("fpn_inner1", rcnn::layers::ConvBlock(8, out));
  }
  rcnn::layers::ConvBlock inner{nullptr};
};
)cpp"}});
  EXPECT_EQ(diagnostics(Result), Lines{});
  EXPECT_EQ(stateKeys(Result, "FPNImpl"), (Lines{"fpn_inner1.conv.weight parameter [out, 8, 3, 3]",
                                                 "fpn_inner1.conv.bias parameter [out]"}));
  const ScannedFile *Fpn = nullptr;
  for (const ScannedFile &File : Result.Files)
    if (File.Path == "include/rcnn/modeling/fpn.h")
      Fpn = &File;
  ASSERT_TRUE(Fpn);
  // The cache keys fpn.h on the header it really read.
  EXPECT_EQ(Fpn->Includes, Lines{"include/rcnn/layers/make_layers.h"});
  EXPECT_EQ(Fpn->MissingIncludes, Lines{});
}

TEST(Recovery, AnIncludeTwoTreeFilesCouldAnswerStaysMissing) {
  // Which of two sample folders' utils.h the build would open is not
  // known: neither is guessed.
  ScanResult Result = scanFiles({{"one/src/utils.h", "#pragma once\nconstexpr int kWidth = 1;\n"},
                                 {"two/src/utils.h", "#pragma once\nconstexpr int kHeight = 2;\n"},
                                 {"net/net.h", R"cpp(#pragma once
#include <torch/torch.h>
#include "utils.h"
struct NetImpl : torch::nn::Module {
  NetImpl() { register_parameter("w", torch::zeros({4})); }
};
)cpp"}});
  EXPECT_EQ(diagnostics(Result),
            Lines{"net/net.h:3:1: warning: 'utils.h' file not found; scanned as an empty file "
                  "[missing-include]"});
  EXPECT_EQ(stateKeys(Result, "NetImpl"), Lines{"w parameter [4]"});
}

TEST(Recovery, StreamingAPlaceholderGivesTheStreamBack) {
  // `<< std::endl` needs a real stream on its left: an overload set
  // cannot be deduced for a placeholder's operand.
  ScanResult Result = scanSource(R"cpp(#include <torch/torch.h>
#include <iostream>
#include <sstream>
#include <nowhere-fs/filesystem.hpp>
struct Args { fs::path data; };
struct NetImpl : torch::nn::Module {
  explicit NetImpl(const Args &args) {
    std::cout << "data: " << args.data << std::endl;
    std::ostringstream log;
    log << args.data << std::endl;
    std::istringstream in("4 2");
    in >> args.data >> width;
    fc = register_module("fc", torch::nn::Linear(width, 2));
  }
  int64_t width = 0;
  torch::nn::Linear fc{nullptr};
};
)cpp");
  EXPECT_EQ(diagnostics(Result),
            Lines{"model.h:5:1: warning: 'nowhere-fs/filesystem.hpp' file not found; scanned as "
                  "an empty file [missing-include]"});
  EXPECT_TRUE(Result.FilesWithErrors.empty());
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"fc.weight parameter [2, width]", "fc.bias parameter [2]"}));
}
