//===- ProvidedNamesTest.cpp - Missing names a namespace declares ---------===//
//
// A name written unqualified before the using-directive that makes it
// visible is brought in from its namespace, not synthesized: the real type
// is read, and a later `using namespace` is not ambiguous with it.
#include "ProvidedNames.h"
#include "ScanTestSupport.h"

#include <algorithm>

using namespace modelcompat;
using namespace modelcompat::test;
using Lines = std::vector<std::string>;

TEST(ProvidedNames, StdNamesAHeaderUsesBeforeTheCppsUsingDirectiveAreBroughtIn) {
  ScanResult Result = scanFiles({{"net.h", R"cpp(#pragma once
#include <torch/torch.h>
#include <string>
#include <vector>
struct NetImpl : torch::nn::Module {
  NetImpl(const string &name, const vector<int64_t> &widths);
  torch::nn::Linear fc{nullptr};
  string label;
};
)cpp"},
                                 {"net.cpp", R"cpp(#include "net.h"
using namespace std;
NetImpl::NetImpl(const string &name, const vector<int64_t> &widths) {
  string prefix = name + "_";
  label = prefix + to_string(widths.size());
  fc = register_module("fc", torch::nn::Linear(widths.size(), 10));
  register_parameter("scale", torch::ones({4}));
}
)cpp"}});
  EXPECT_EQ(diagnostics(Result), Lines{});
  EXPECT_TRUE(Result.FilesWithErrors.empty());
  EXPECT_EQ(stateKeys(Result, "NetImpl"), (Lines{"fc.weight parameter [10, widths.size()]",
                                                 "fc.bias parameter [10]", "scale parameter [4]"}));
  const ScannedFile *Cpp = findScannedFile(Result, "net.cpp");
  ASSERT_TRUE(Cpp);
  EXPECT_EQ(Cpp->Synthesized, (Lines{"using std::string", "using std::vector"}));
}

TEST(ProvidedNames, ANameTheCppBringsInAfterTheHeaderIsBroughtInEarlier) {
  // `using std::string;` after the include: the header's `string` is the
  // same entity, and a using-declaration may be repeated.
  ScanResult Result = scanFiles({{"parse.h", R"cpp(#pragma once
#include <torch/torch.h>
#include <string>
struct NetImpl : torch::nn::Module {
  explicit NetImpl(const string &cfg);
  std::vector<string> names;
};
)cpp"},
                                 {"parse.cpp", R"cpp(#include "parse.h"
using std::string;
NetImpl::NetImpl(const string &cfg) { register_parameter("w", torch::zeros({4})); }
)cpp"}});
  EXPECT_EQ(diagnostics(Result), Lines{});
  EXPECT_EQ(stateKeys(Result, "NetImpl"), Lines{"w parameter [4]"});
  const ScannedFile *Cpp = findScannedFile(Result, "parse.cpp");
  ASSERT_TRUE(Cpp);
  EXPECT_EQ(Cpp->Synthesized, Lines{"using std::string"});
}

TEST(ProvidedNames, TensorUnqualifiedInsideAProjectNamespaceIsLibtorchs) {
  // libtorch 1.0 code wrote `Tensor` inside its own namespace, in a layer
  // deriving from a libtorch one.
  ScanResult Result = scanFiles({{"include/layers/gated.h", R"cpp(#pragma once
#include <torch/torch.h>
namespace proj {
namespace layers {
class GatedLinearImpl : public torch::nn::LinearImpl {
 public:
  GatedLinearImpl(int64_t in, int64_t out) : torch::nn::LinearImpl(in, out) {
    gate = register_parameter("gate", torch::ones({out}));
  }
  torch::Tensor forward(const Tensor &input);
  Tensor gate;
};
TORCH_MODULE(GatedLinear);
} // namespace layers
} // namespace proj
)cpp"},
                                 {"src/head.cpp", R"cpp(#include "../include/layers/gated.h"
using namespace torch;
struct HeadImpl : torch::nn::Module {
  HeadImpl() { proj = register_module("proj", proj::layers::GatedLinear(8, 2)); }
  Tensor forward(Tensor x) { return proj->forward(x); }
  proj::layers::GatedLinear proj{nullptr};
};
)cpp"}});
  EXPECT_EQ(diagnostics(Result), Lines{});
  EXPECT_TRUE(Result.FilesWithErrors.empty());
  const ModuleSchema *Gated = findModule(Result, "proj::layers::GatedLinearImpl");
  ASSERT_TRUE(Gated);
  EXPECT_FALSE(Gated->Unreadable);
  // Its own registration; what it inherits from the libtorch layer is
  // composed elsewhere, whatever the recovery.
  Lines Keys = stateKeys(Result, "HeadImpl");
  EXPECT_NE(std::find(Keys.begin(), Keys.end(), "proj.gate parameter [2]"), Keys.end())
      << ::testing::PrintToString(Keys);
  const ScannedFile *Head = findScannedFile(Result, "src/head.cpp");
  ASSERT_TRUE(Head);
  EXPECT_EQ(Head->Synthesized, Lines{"using at::Tensor"});
}

TEST(ProvidedNames, ANameTwoNamespacesDeclareDifferentlyStaysAPlaceholder) {
  // Which of the directives' two `Matrix` the header means is a guess.
  ScanResult Result = scanFiles({{"net.h", R"cpp(#pragma once
#include <torch/torch.h>
namespace dense { struct Matrix { int rows = 0; }; }
namespace sparse { struct Matrix { int nonzeros = 0; }; }
struct NetImpl : torch::nn::Module {
  explicit NetImpl(const Matrix &m) { register_parameter("w", torch::zeros({4})); }
};
)cpp"},
                                 {"net.cpp", R"cpp(#include "net.h"
using namespace dense;
using namespace sparse;
)cpp"}});
  const ScannedFile *Header = findScannedFile(Result, "net.h");
  ASSERT_TRUE(Header);
  EXPECT_EQ(Header->Synthesized, Lines{"Matrix"});
  EXPECT_EQ(stateKeys(Result, "NetImpl"), Lines{"w parameter [4]"});
}

TEST(ProvidedNames, ADirectiveIsReadWhereverItIsWritten) {
  SourceTree Tree;
  Tree.Files.push_back({"a.cpp",
                        "using namespace std ;\nusing  namespace ::torch :: nn;\n"
                        "// a comment: using namespace\nint using_namespace_x;\n"
                        "// using namespace of a prose;\n",
                        ""});
  Tree.Files.push_back({"b.cpp",
                        "namespace po = boost::program_options;\n"
                        "void f() { using namespace po; }\n",
                        ""});
  EXPECT_EQ(extract::providingNamespaces(Tree),
            (Lines{"std", "torch", "at", "c10", "po", "torch::nn"}));
}
