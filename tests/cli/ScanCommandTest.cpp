//===- ScanCommandTest.cpp - modelcompat scan, end to end ------------------===//
#include "modelcompat/support/ReadFile.h"
#include "support/Golden.h"
#include "support/InProcessCli.h"
#include "support/StubTorch.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>

#include <regex>

using namespace modelcompat::test;
using modelcompat::readFile;

namespace {

std::string stubFlag() { return "--extra-arg=" + modelcompat::test::stubTorchFlag(); }

std::string basicInput() { return goldenPath("scan/basic/input"); }

/// A JSON scan's output without its "libtorch" line, which must name a
/// release: the one this build parses against (1.13.x on Debian 12, 2.6.x
/// on Debian 13), so the goldens hold for both.
std::string withoutLibtorchLine(const std::string &Output) {
  static const std::regex Line("\n  \"libtorch\": \"[0-9]+\\.[0-9]+\\.[0-9]+\",");
  EXPECT_TRUE(std::regex_search(Output, Line)) << Output;
  return std::regex_replace(Output, Line, "");
}

} // namespace

TEST(ScanCommand, MissingPathIsAnErrorNamingIt) {
  ProcessResult Result = runModelcompatInProcess({"scan", "/nonexistent/models"});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error, "modelcompat: error: no such file or directory: '/nonexistent/models'\n");
  EXPECT_EQ(Result.Output, "");
}

TEST(ScanCommand, EmptyDirectoryGivesAnEmptyResult) {
  TempDirectory Dir;
  ProcessResult Result = runModelcompatInProcess({"scan", Dir.path().string()});
  EXPECT_EQ(Result.ExitCode, 0);
  EXPECT_EQ(Result.Error, "");
  // Nothing was parsed, so no libtorch release is named.
  EXPECT_EQ(Result.Output, "{\n  \"diagnostics\": [],\n  \"files_with_errors\": [],\n"
                           "  \"modules\": [],\n  \"schema_version\": 1\n}\n");
}

TEST(ScanCommand, UnknownFlagIsAUsageError) {
  ProcessResult Result = runModelcompatInProcess({"scan", "--frobnicate"});
  EXPECT_EQ(Result.ExitCode, 2);
  EXPECT_EQ(Result.Error, "modelcompat: error: scan: unknown flag '--frobnicate' (see --help)\n");
}

TEST(ScanCommand, UnknownFormatIsAUsageError) {
  ProcessResult Result = runModelcompatInProcess({"scan", "--format", "xml", basicInput()});
  EXPECT_EQ(Result.ExitCode, 2);
  EXPECT_EQ(Result.Error, "modelcompat: error: scan: invalid value 'xml' for "
                          "'--format' (expected json|text)\n");
}

TEST(ScanCommand, MissingCompileCommandsIsAnError) {
  TempDirectory Dir;
  ProcessResult Result = runModelcompatInProcess({"scan", basicInput(), "-p", Dir.path().string()});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error,
            "modelcompat: error: no compile_commands.json in '" + Dir.path().string() + "'\n");
}

TEST(ScanCommand, HelpShowsFlagsAndExamples) {
  ProcessResult Result = runModelcompatInProcess({"scan", "--help"});
  EXPECT_EQ(Result.ExitCode, 0);
  EXPECT_EQ(Result.Output.rfind("usage: modelcompat scan [PATH...] [options]\n", 0), 0u);
  for (const char *Flag : {"-p, --build-path BUILD_DIR", "--extra-arg ARG", "--format FORMAT",
                           "-o, --output FILE", "--cache-dir DIR", "examples:"})
    EXPECT_NE(Result.Output.find(Flag), std::string::npos) << Flag;
}

TEST(ScanCommand, JsonOutputMatchesGolden) {
  ProcessResult Result = runModelcompatInProcess({"scan", basicInput(), stubFlag()});
  EXPECT_EQ(Result.ExitCode, 0);
  EXPECT_EQ(Result.Error, "");
  EXPECT_TRUE(matchesGolden(withoutLibtorchLine(Result.Output), "scan/basic/expected.json"));
}

TEST(ScanCommand, TextOutputMatchesGolden) {
  ProcessResult Result =
      runModelcompatInProcess({"scan", basicInput(), stubFlag(), "--format", "text"});
  EXPECT_EQ(Result.ExitCode, 0);
  EXPECT_TRUE(matchesGolden(Result.Output, "scan/basic/expected.txt"));
}

TEST(ScanCommand, OutputFileIsWrittenInsteadOfStdout) {
  TempDirectory Dir;
  std::string Output = Dir.file("out/schema.json");
  ProcessResult Result =
      runModelcompatInProcess({"scan", basicInput() + "/net.h", stubFlag(), "-o", Output});
  EXPECT_EQ(Result.ExitCode, 0);
  EXPECT_EQ(Result.Output, "");
  std::string Written = readFile(Output);
  EXPECT_NE(Written.find("\"class\": \"demo::AttnBlockImpl\""), std::string::npos);
  EXPECT_EQ(Written.find("NetImpl"), std::string::npos) << "only net.h was a target";
}

// An error that no recovered declaration can mend; by default one line for
// the file, --verbose every diagnostic.
TEST(ScanCommand, CompileErrorsAreReportedOnStderrAndStillExit0) {
  TempDirectory Dir;
  Dir.write("net.h", "#include <torch/torch.h>\n"
                     "struct NetImpl : torch::nn::Module {\n"
                     "  NetImpl() { register_parameter(\"w\", torch::zeros({2})); }\n"
                     "};\n"
                     "int x = \"text\" * 2;\n");
  ProcessResult Result =
      runModelcompatInProcess({"scan", Dir.path().string(), stubFlag(), "--format", "text"});
  EXPECT_EQ(Result.ExitCode, 0);
  EXPECT_EQ(Result.Error, "net.h: 1 compile error; first: net.h:5:16: invalid operands to binary "
                          "expression ('const char[5]' and 'int'); module classes read: 1 of 1\n");
  EXPECT_EQ(Result.Output, "NetImpl  net.h:2\n"
                           "  w  parameter  [2]\n"
                           "\n"
                           "files with errors (what parsed was extracted):\n"
                           "  net.h\n");
  ProcessResult Verbose = runModelcompatInProcess(
      {"scan", Dir.path().string(), stubFlag(), "--format", "text", "--verbose"});
  EXPECT_EQ(Verbose.Error, "net.h:5:16: error: invalid operands to binary expression ('const "
                           "char[5]' and 'int')\n"
                           "modelcompat: note: 1 file: 1 parsed (1 parse), 0 skipped (cannot "
                           "define a module class), 0 reused\n");
}

// Files that define no module class say nothing by default: their errors
// (a main() against missing libraries) hide no state.
TEST(ScanCommand, FilesWithoutModulesAreQuietByDefault) {
  TempDirectory Dir;
  Dir.write("main.cpp", "#include <torch/torch.h>\n"
                        "int main() { int x = \"text\" * 2; }\n");
  ProcessResult Result = runModelcompatInProcess({"scan", Dir.path().string(), stubFlag()});
  EXPECT_EQ(Result.ExitCode, 0);
  EXPECT_EQ(Result.Error, "");
}
