//===- ContainersTest.cpp - Sequential, ModuleList, ModuleDict ------------===//
#include "ScanTestSupport.h"

using namespace modelcompat;
using namespace modelcompat::test;
using Lines = std::vector<std::string>;

TEST(Containers, SequentialPositionalNamedAndPushBack) {
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  NetImpl() {
    head = register_module("head", torch::nn::Sequential(
        torch::nn::Linear(8, 4), torch::nn::ReLU()));
    head->push_back(torch::nn::Linear(4, 2));
    stem = register_module("stem", torch::nn::Sequential({
        {"conv", torch::nn::Conv2d(3, 8, 3)}, {"act", torch::nn::ReLU()}}));
  }
  torch::nn::Sequential head{nullptr}, stem{nullptr};
};
)cpp");
  EXPECT_EQ(
      entries(Result, "NetImpl"),
      (Lines{"head module type=torch::nn::Sequential", "head.0 module type=torch::nn::Linear",
             "head.1 module type=torch::nn::ReLU", "head.2 module type=torch::nn::Linear",
             "stem module type=torch::nn::Sequential", "stem.conv module type=torch::nn::Conv2d",
             "stem.act module type=torch::nn::ReLU"}));
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"head.0.weight parameter [4, 8]", "head.0.bias parameter [4]",
                   "head.2.weight parameter [2, 4]", "head.2.bias parameter [2]",
                   "stem.conv.weight parameter [8, 3, 3, 3]", "stem.conv.bias parameter [8]"}));
}

TEST(Containers, ModuleListFilledInALoop) {
  ScanResult Result = scanSource(R"cpp(
struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(int ch) { conv1 = register_module("conv1", torch::nn::Conv2d(ch, ch, 3)); }
  torch::nn::Conv2d conv1{nullptr};
};
TORCH_MODULE(Block);
struct NetImpl : torch::nn::Module {
  NetImpl(int depth, int ch) {
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int i = 0; i < depth; ++i)
      blocks->push_back(Block(ch));
  }
  torch::nn::ModuleList blocks{nullptr};
};
)cpp");
  EXPECT_EQ(entries(Result, "NetImpl"), (Lines{"blocks module type=torch::nn::ModuleList",
                                               "blocks.{i} module type=Block class=BlockImpl"}));
  EXPECT_EQ(stateKeys(Result, "NetImpl"), (Lines{"blocks.{i}.conv1.weight parameter [ch, ch, 3, 3]",
                                                 "blocks.{i}.conv1.bias parameter [ch]"}));
}

TEST(Containers, ModuleDictAndALocalSequentialRegisteredLater) {
  ScanResult Result = scanSource(R"cpp(
using Entries = std::vector<std::pair<std::string, std::shared_ptr<torch::nn::Module>>>;
struct NetImpl : torch::nn::Module {
  NetImpl() {
    register_module("heads", torch::nn::ModuleDict(Entries{
        {"cls", torch::nn::Linear(4, 10).ptr()}}));
    torch::nn::Sequential tail;
    tail->push_back(torch::nn::Linear(2, 2));
    tail->push_back("norm", torch::nn::LayerNorm(std::vector<int64_t>{2}));
    register_module("tail", tail);
  }
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"heads.cls.weight parameter [10, 4]", "heads.cls.bias parameter [10]",
                   "tail.0.weight parameter [2, 2]", "tail.0.bias parameter [2]",
                   "tail.norm.weight parameter [2]", "tail.norm.bias parameter [2]"}));
}

TEST(Containers, ArrayMembersRegisteredInALoop) {
  // A std::array member initialised element by element, registered in a
  // loop bounded by its size(): one entry per element, with its own shape.
  ScanResult Result = scanSource(R"cpp(
#include <array>
class GenImpl : public torch::nn::Module {
public:
  explicit GenImpl(int64_t noise)
      : convs{{{torch::nn::Conv2d(torch::nn::Conv2dOptions(noise, 8, 3))},
               {torch::nn::Conv2d(torch::nn::Conv2dOptions(8, 4, 3).bias(false))}}},
        norms{torch::nn::BatchNorm2d(8)} {
    for (size_t i = 0; i < convs.size(); i++)
      register_module("conv" + std::to_string(i + 1), convs[i]);
    for (size_t i = 0; i < std::size(norms); ++i)
      register_module("bn" + std::to_string(i), norms[i]);
  }

private:
  std::array<torch::nn::Conv2d, 2> convs;
  torch::nn::BatchNorm2d norms[1];
};
)cpp");
  EXPECT_EQ(
      stateKeys(Result, "GenImpl"),
      (Lines{"conv1.weight parameter [8, noise, 3, 3]", "conv1.bias parameter [8]",
             "conv2.weight parameter [4, 8, 3, 3]", "bn0.weight parameter [8]",
             "bn0.bias parameter [8]", "bn0.running_mean buffer [8]", "bn0.running_var buffer [8]",
             "bn0.num_batches_tracked buffer [] dtype=torch::kLong"}));
}

TEST(Containers, AFactoryFillingALocalContainerGivesItsChildren) {
  // make() fills a local Sequential under a condition and returns it: the
  // registered entry gets what the call's arguments select, the default
  // hidden width included, in a loop as well as alone.
  ScanResult Result = scanSource(R"cpp(
torch::nn::Sequential make(bool relu, int64_t in, int64_t out, int64_t k, int64_t stride = 1,
                           int64_t hidden = 4) {
  torch::nn::Sequential m;
  m->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k).stride(stride)));
  if (relu)
    m->push_back(torch::nn::ReLU());
  for (int i = 0; i < 2; ++i)
    m->push_back(torch::nn::Linear(out, hidden));
  return m;
}
struct NetImpl : torch::nn::Module {
  NetImpl(int64_t c, int depth) {
    a = register_module("a", make(true, c, c, 3));
    a->push_back(torch::nn::Linear(c, 1));
    for (int i = 0; i < depth; ++i)
      blocks.emplace_back(register_module("b" + std::to_string(i + 1), make(false, c, 2 * c, 1, 2)));
  }
  torch::nn::Sequential a{nullptr};
  std::vector<torch::nn::Sequential> blocks;
};
)cpp");
  EXPECT_EQ(
      entries(Result, "NetImpl"),
      (Lines{"a module type=torch::nn::Sequential", "a.0 module type=torch::nn::Conv2d",
             "a.1 module type=torch::nn::ReLU", "a.2 module type=torch::nn::Linear",
             "a.3 module type=torch::nn::Linear", "a.4 module type=torch::nn::Linear",
             "b{i + 1} module type=torch::nn::Sequential",
             "b{i + 1}.0 module type=torch::nn::Conv2d", "b{i + 1}.1 module type=torch::nn::Linear",
             "b{i + 1}.2 module type=torch::nn::Linear"}));
  EXPECT_EQ(
      stateKeys(Result, "NetImpl"),
      (Lines{"a.0.weight parameter [c, c, 3, 3]", "a.0.bias parameter [c]",
             "a.2.weight parameter [4, c]", "a.2.bias parameter [4]", "a.3.weight parameter [4, c]",
             "a.3.bias parameter [4]", "a.4.weight parameter [1, c]", "a.4.bias parameter [1]",
             "b{i + 1}.0.weight parameter [2 * c, c, 1, 1]", "b{i + 1}.0.bias parameter [2 * c]",
             "b{i + 1}.1.weight parameter [4, 2 * c]", "b{i + 1}.1.bias parameter [4]",
             "b{i + 1}.2.weight parameter [4, 2 * c]", "b{i + 1}.2.bias parameter [4]"}));
}

TEST(Containers, AFactoryDefinedInAnotherTranslationUnitLeavesTheContentsUnknown) {
  // Only the header's declaration is parsed: the Sequential's children are
  // unknown, never silently none.
  ScanResult Result =
      scanFiles({{"layers.h", "#include <torch/torch.h>\n"
                              "torch::nn::Sequential make(int64_t in, int64_t out);\n"},
                 {"net.h", R"cpp(#include "layers.h"
struct NetImpl : torch::nn::Module {
  explicit NetImpl(int64_t c) { head = register_module("head", make(c, 10)); }
  torch::nn::Sequential head{nullptr};
};
)cpp"}});
  EXPECT_EQ(entries(Result, "NetImpl"), Lines{"head module type=torch::nn::Sequential"});
  EXPECT_EQ(stateKeys(Result, "NetImpl"), Lines{"head.{make(c, 10)} unresolved"});
}

TEST(Containers, AFactoryDefinedInAnotherSourceFileStaysUnknownWhenThatFileIsScannedToo) {
  // layers.cpp defines make(); the build compiles net.h's constructor
  // without it. The scan reads both files in one parse, but what that parse
  // holds depends on what else is scanned (a diff re-parses changed files
  // only), so the definition is not followed: the result is the same either
  // way. A factory defined in a header, or in the calling file, is.
  std::vector<std::pair<std::string, std::string>> Files = {
      {"layers.h", "#pragma once\n"
                   "#include <torch/torch.h>\n"
                   "torch::nn::Sequential make(int64_t in, int64_t out);\n"
                   "inline torch::nn::Sequential make_inline(int64_t in) {\n"
                   "  return torch::nn::Sequential(torch::nn::Linear(in, 2));\n"
                   "}\n"},
      {"layers.cpp", R"cpp(#include "layers.h"
torch::nn::Sequential make(int64_t in, int64_t out) {
  return torch::nn::Sequential(torch::nn::Linear(in, out));
}
)cpp"},
      {"net.h", R"cpp(#include "layers.h"
struct NetImpl : torch::nn::Module {
  explicit NetImpl(int64_t c) {
    head = register_module("head", make(c, 10));
    tail = register_module("tail", make_inline(c));
  }
  torch::nn::Sequential head{nullptr}, tail{nullptr};
};
)cpp"},
      {"own.cpp", R"cpp(#include <torch/torch.h>
static torch::nn::Sequential local(int64_t in) {
  return torch::nn::Sequential(torch::nn::Linear(in, 3));
}
struct OwnImpl : torch::nn::Module {
  explicit OwnImpl(int64_t c) { body = register_module("body", local(c)); }
  torch::nn::Sequential body{nullptr};
};
)cpp"}};
  ScanResult Together = scanFiles(Files);
  EXPECT_EQ(stateKeys(Together, "NetImpl"),
            (Lines{"head.{make(c, 10)} unresolved", "tail.0.weight parameter [2, c]",
                   "tail.0.bias parameter [2]"}));
  EXPECT_EQ(stateKeys(Together, "OwnImpl"),
            (Lines{"body.0.weight parameter [3, c]", "body.0.bias parameter [3]"}));
  ScanResult Alone = scanFiles({Files[0], Files[2]});
  EXPECT_EQ(stateKeys(Alone, "NetImpl"), stateKeys(Together, "NetImpl"));
}

TEST(Containers, ARegistrationPushedIntoAContainerKeepsBothNames) {
  // named_parameters does not deduplicate a module registered twice: the
  // list's key and the module's own both load.
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  NetImpl() {
    loc = register_module("loc", torch::nn::ModuleList());
    for (int i = 0; i < 2; ++i)
      loc->push_back(register_module("loc_" + std::to_string(i), torch::nn::Linear(4, 2)));
  }
  torch::nn::ModuleList loc{nullptr};
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"loc_0.weight parameter [2, 4]", "loc_0.bias parameter [2]",
                   "loc.0.weight parameter [2, 4]", "loc.0.bias parameter [2]",
                   "loc_1.weight parameter [2, 4]", "loc_1.bias parameter [2]",
                   "loc.1.weight parameter [2, 4]", "loc.1.bias parameter [2]"}));
}
