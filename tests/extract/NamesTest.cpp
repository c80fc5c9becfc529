//===- NamesTest.cpp - How registered names are resolved ------------------===//
#include "ScanTestSupport.h"

using namespace modelcompat;
using namespace modelcompat::test;
using Lines = std::vector<std::string>;

TEST(Names, LiteralsWithSpacesAndConstants) {
  ScanResult Result = scanSource(R"cpp(
constexpr const char *kGain = "gain";
struct NetImpl : torch::nn::Module {
  static const char *kBias;
  static constexpr const char *kScale = "scale";
  NetImpl() {
    register_parameter("odd name", torch::zeros({1}));
    register_parameter(kGain, torch::zeros({2}));
    register_parameter(kBias, torch::zeros({3}));
    register_buffer(kScale, torch::zeros({4}));
    register_buffer(std::string("pre") + "fix", torch::zeros({5}));
  }
};
const char *NetImpl::kBias = "bias";
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"odd name parameter [1]", "gain parameter [2]", "bias parameter [3]",
                   "scale buffer [4]", "prefix buffer [5]"}));
}

TEST(Names, ConstantBoundLoopsAreUnrolled) {
  ScanResult Result = scanSource(R"cpp(
constexpr int kLevels = 2;
struct NetImpl : torch::nn::Module {
  NetImpl() {
    for (int i = 0; i < kLevels; ++i)
      register_parameter("down" + std::to_string(i), torch::zeros({i + 1}));
    for (int c : {8, 16})
      register_buffer("b" + std::to_string(c), torch::zeros({c}));
  }
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"), (Lines{"down0 parameter [1]", "down1 parameter [2]",
                                                 "b8 buffer [8]", "b16 buffer [16]"}));
}

TEST(Names, UnknownLoopBoundsKeepTheIndexText) {
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  explicit NetImpl(int depth) {
    for (int i = 0; i < depth; ++i)
      register_parameter("layer" + std::to_string(i), torch::zeros({4}));
    register_parameter("last" + std::to_string(depth - 1), torch::zeros({4}));
  }
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"layer{i} parameter [4]", "last{depth - 1} parameter [4]"}));
}

TEST(Names, UnresolvableNamesAreReportedNotSkipped) {
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  explicit NetImpl(const std::string &name) {
    register_parameter(name, torch::zeros({4}));
  }
};
)cpp");
  EXPECT_EQ(entries(Result, "NetImpl"), Lines{"{name} unresolved expression=name"});
  EXPECT_EQ(stateKeys(Result, "NetImpl"), Lines{"{name} unresolved"});
}

TEST(Names, ATextLocalSetOnceNamesWhatItsInitialiserNames) {
  // prefix is never written after its initialisation: its text is known.
  // counter is appended to in the loop, so its name stays unresolved.
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  explicit NetImpl(int hidden) {
    const char *prefix = "linear";
    std::string tail = std::string("out") + "put";
    for (int h = 0; h < hidden; ++h)
      register_parameter(std::string(prefix) + std::to_string(h), torch::zeros({4}));
    register_parameter(tail, torch::zeros({2}));
    std::string counter = "c";
    for (int h = 0; h < hidden; ++h) {
      register_parameter(counter, torch::zeros({1}));
      counter += "c";
    }
  }
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"linear{h} parameter [4]", "output parameter [2]", "{counter} unresolved"}));
}
