//===- ModuleDefiningFilesTest.cpp - Which files could hide a module class -===//
//
// A file with errors is a finding of its own only if its text could define
// a module class (ScannedFile::MayDefineModules): a class naming
// torch::nn::Module as a base, a holder macro, a Cloneable base. Files that
// only use modules are not: a helper taking `torch::nn::Module &`, an
// out-of-line forward() that builds a torch::nn::ModuleList. And the class
// names a file defines, which tell a class its errors hide from one it lost.
//
//===----------------------------------------------------------------------===//
#include "ScanTestSupport.h"

#include <gtest/gtest.h>

using namespace modelcompat;
using namespace modelcompat::test;

namespace {

bool mayDefineModules(const std::string &Source) {
  ScanResult Result = scanFiles({{"file.cpp", Source}});
  const ScannedFile *File = findScannedFile(Result, "file.cpp");
  return File && File->MayDefineModules;
}

} // namespace

TEST(ModuleDefiningFiles, ABaseClauseNamingModuleMayDefineOne) {
  EXPECT_TRUE(mayDefineModules("struct A : torch::nn::Module {};"));
  EXPECT_TRUE(mayDefineModules("class A : public ::torch::nn::Module\n{};"));
  EXPECT_TRUE(mayDefineModules("using namespace torch;\nstruct A : nn::Module, Other {};"));
  EXPECT_TRUE(mayDefineModules("struct A : Other, virtual torch::nn::Module // base\n{};"));
  EXPECT_TRUE(mayDefineModules("struct A : protected torch::nn::Module /* base */ {};"));
  EXPECT_TRUE(mayDefineModules("TORCH_MODULE(Net);"));
  EXPECT_TRUE(mayDefineModules("struct A : torch::nn::Cloneable<A> {};"));
}

TEST(ModuleDefiningFiles, UsingModulesDefinesNone) {
  EXPECT_FALSE(mayDefineModules("void save(torch::nn::Module &model, int epoch);"));
  EXPECT_FALSE(mayDefineModules("void f(int a, const torch::nn::Module& m, int b);"));
  EXPECT_FALSE(
      mayDefineModules("std::shared_ptr<torch::nn::Module> load(const std::string &path);"));
  EXPECT_FALSE(mayDefineModules("torch::Tensor NetImpl::forward(torch::Tensor x) {\n"
                                "  auto blocks = torch::nn::ModuleList();\n  return x;\n}"));
  EXPECT_FALSE(mayDefineModules("// struct A : torch::nn::ModuleDict {};"));
}

TEST(ModuleDefiningFiles, DefinedClassNamesAreTheClassesWithABodyOrBaseClause) {
  ScanResult Result = scanFiles({{"file.cpp", R"cpp(struct Forward;
template <class T> struct Holder;
struct EmptyLayerImpl : torch::nn::Module {};
class Plain final {
  struct Nested : Base {};
};
struct Detector::Darknet : torch::nn::Module {};
void f(struct Forward *p);
)cpp"}});
  const ScannedFile *File = findScannedFile(Result, "file.cpp");
  ASSERT_NE(File, nullptr);
  EXPECT_EQ(File->DefinedClassNames,
            (std::vector<std::string>{"Darknet", "EmptyLayerImpl", "Nested", "Plain"}));
}

TEST(ModuleDefiningFiles, AClassWithAPureVirtualFunctionIsAbstract) {
  ScanResult Result = scanSource(R"cpp(
struct LayerBase : torch::nn::Module {
  explicit LayerBase(int64_t c) { out = register_module("out", torch::nn::Linear(c, c)); }
  virtual torch::Tensor forward(torch::Tensor x) = 0;
  torch::nn::Linear out{nullptr};
};
struct MlpImpl : LayerBase {
  MlpImpl() : LayerBase(4) {}
  torch::Tensor forward(torch::Tensor x) override { return out(x); }
};
)cpp");
  const ModuleSchema *Base = findModule(Result, "LayerBase");
  const ModuleSchema *Mlp = findModule(Result, "MlpImpl");
  ASSERT_TRUE(Base && Mlp);
  EXPECT_TRUE(Base->Abstract);
  EXPECT_FALSE(Mlp->Abstract);
}
