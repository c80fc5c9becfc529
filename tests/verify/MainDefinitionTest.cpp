//===- MainDefinitionTest.cpp - Finding the file that defines main() -----===//
#include "modelcompat/verify/MainDefinition.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>

using namespace modelcompat;
using modelcompat::test::TempDirectory;

TEST(MainDefinition, FindsTheUsualSpellings) {
  EXPECT_TRUE(definesMain("int main() { return 0; }"));
  EXPECT_TRUE(definesMain("#include <torch/torch.h>\n"
                          "int main(int argc, char **argv)\n{\n  return 0;\n}\n"));
  EXPECT_TRUE(definesMain("int\nmain (int argc, const char *argv[]) try {\n} "
                          "catch (...) { return 1; }\n"));
  EXPECT_TRUE(definesMain("auto main() -> int { return 0; }"));
  EXPECT_TRUE(definesMain("namespace po = boost::program_options;\n"
                          "namespace {\nvoid train() {}\n}\n"
                          "int main(int argc, char **argv) { train(); }\n"));
}

TEST(MainDefinition, IgnoresMainThatIsNotTheProgramsDefinition) {
  // Declarations, members, other namespaces, comments, strings, macros.
  EXPECT_FALSE(definesMain("int main(int argc, char **argv);\n"));
  EXPECT_FALSE(definesMain("struct App { int main() { return 0; } };\n"));
  EXPECT_FALSE(definesMain("namespace tools { int main() { return 0; } }\n"));
  EXPECT_FALSE(definesMain("// int main() { return 0; }\n"));
  EXPECT_FALSE(definesMain("/* usage:\n int main() {\n   run();\n } */\n"));
  EXPECT_FALSE(definesMain("const char *Usage = \"int main() { } \\\" {\";\n"));
  EXPECT_FALSE(definesMain("const char *Doc = R\"md(\n} int main() {\n)md\";\n"));
  EXPECT_FALSE(definesMain("#define ENTRY int main() {\n"));
  EXPECT_FALSE(definesMain("torch::Tensor domain(torch::Tensor x) { return x; }\n"));
  EXPECT_FALSE(definesMain("int mainLoop() { return 0; }\n"));
  // Braces in a character literal or a digit separator do not nest.
  EXPECT_TRUE(definesMain("char Open = '{';\nint Big = 1'000;\nint main() {}\n"));
}

TEST(MainDefinition, FindsTheFilesOfAFolder) {
  TempDirectory Temp;
  Temp.write("main.cpp", "int main() { return 0; }\n");
  Temp.write("model.cpp", "#include \"model.h\"\nNetImpl::NetImpl() {}\n");
  Temp.write("model.h", "int main() {}\n"); // headers are not sources
  Temp.write("sample/train.cc", "int main(int argc, char **argv) { return 0; }\n");
  Temp.write(".git/hooks/x.cpp", "int main() {}\n");
  EXPECT_EQ(findMainSources(Temp.path().string(), ""),
            (std::vector<std::string>{"main.cpp", "sample/train.cc"}));
  EXPECT_EQ(findMainSources(Temp.path().string(), "sample"),
            (std::vector<std::string>{"sample/train.cc"}));
}
