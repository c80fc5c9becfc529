//===- ParallelScanTest.cpp - -j N gives the output of -j 1, byte for byte ===//
//
// A repository with several projects (one translation-unit group each),
// files that fail together (two main()s), a missing third-party header whose
// names are recovered, a class with a compile error and files that cannot
// define a module class: `diff` and `scan` at -j 1 and -j 4 must print the
// same stdout and stderr (--verbose: every diagnostic and the parse counts).
#include "support/InProcessCli.h"
#include "support/StubTorch.h"
#include "support/TempGitRepo.h"

#include <gtest/gtest.h>

using namespace modelcompat::test;

namespace {

std::string alphaNet(const std::string &Extra) {
  return "#pragma once\n"
         "#include <torch/torch.h>\n"
         "#include <nowhere-boost/program_options.hpp>\n"
         "namespace po = boost::program_options;\n"
         "namespace alpha {\n"
         "struct NetImpl : torch::nn::Module {\n"
         "  explicit NetImpl(const po::variables_map &vm) {\n"
         "    fc = register_module(\"fc\", torch::nn::Linear(8, 4));\n" +
         Extra +
         "  }\n"
         "  torch::nn::Linear fc{nullptr};\n"
         "};\n"
         "TORCH_MODULE(Net);\n"
         "} // namespace alpha\n";
}

std::string betaModel(int Width) {
  return "#pragma once\n"
         "#include <torch/torch.h>\n"
         "struct ModelImpl : torch::nn::Module {\n"
         "  ModelImpl() {\n"
         "    conv = register_module(\"conv\", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, " +
         std::to_string(Width) +
         ", 3)));\n"
         "    gain = register_parameter(\"gain\", torch::ones({" +
         std::to_string(Width) +
         "}));\n"
         "  }\n"
         "  torch::nn::Conv2d conv{nullptr};\n"
         "  torch::Tensor gain;\n"
         "};\n"
         "TORCH_MODULE(Model);\n";
}

std::map<std::string, std::string> baseFiles() {
  return {
      {"samples/alpha/include/alpha/net.h", alphaNet("")},
      {"samples/alpha/src/main.cpp",
       "#include \"alpha/net.h\"\nint main() { po::variables_map vm; alpha::Net net(vm); }\n"},
      {"samples/beta/include/beta/model.h", betaModel(8)},
      {"samples/beta/src/train.cpp", "#include \"beta/model.h\"\nint main() { Model m; }\n"},
      {"samples/beta/src/eval.cpp", "#include \"beta/model.h\"\nint main() { return 1; }\n"},
      {"models/broken.h", "#pragma once\n#include <torch/torch.h>\n"
                          "struct BrokenImpl : torch::nn::Module {\n"
                          "  BrokenImpl() { w = register_parameter(\"w\", undefined_fn()); }\n"
                          "  torch::Tensor w;\n};\n"},
      {"models/macros.h", "#pragma once\n#include <torch/torch.h>\n"
                          "#define DECLARE_HEAD(Name) struct Name##Impl : torch::nn::Module { "
                          "Name##Impl() { register_parameter(\"bias\", torch::zeros({2})); } }\n"},
      {"models/heads.cpp", "#include \"macros.h\"\nDECLARE_HEAD(Score);\n"},
      {"tools/args.h", "#pragma once\nint parseArgs(int argc, char **argv);\n"},
      {"tools/args.cpp",
       "#include \"args.h\"\nint parseArgs(int argc, char **) { return argc; }\n"},
  };
}

struct ParallelScan : ::testing::Test {
  void SetUp() override {
    Base = Repo.commitFiles(baseFiles(), "base");
    Head = Repo.commitFiles(
        {{"samples/alpha/include/alpha/net.h",
          alphaNet("    scale = register_parameter(\"scale\", torch::ones({4}));\n")},
         {"samples/beta/include/beta/model.h", betaModel(16)},
         {"tools/args.cpp", "#include \"args.h\"\nint parseArgs(int, char **) { return 0; }\n"}},
        "head");
  }

  ProcessResult diff(const std::string &Jobs, const std::vector<std::string> &CacheFlags) {
    std::vector<std::string> Args = {"diff",          Base,        Head,
                                     "--repo",        Repo.root(), "--extra-arg",
                                     stubTorchFlag(), "--verbose", Jobs};
    Args.insert(Args.end(), CacheFlags.begin(), CacheFlags.end());
    return runModelcompatInProcess(Args);
  }

  TempGitRepo Repo;
  std::string Base, Head;
};

void expectSameRun(const ProcessResult &One, const ProcessResult &Many) {
  EXPECT_EQ(One.ExitCode, Many.ExitCode);
  EXPECT_EQ(One.Output, Many.Output);
  EXPECT_EQ(One.Error, Many.Error);
}

} // namespace

TEST_F(ParallelScan, DiffPrintsTheSameAtEveryJobCount) {
  TempDirectory CacheOne, CacheMany;
  ProcessResult One = diff("-j1", {"--cache-dir", CacheOne.path().string()});
  ProcessResult Many = diff("-j4", {"--cache-dir", CacheMany.path().string()});
  expectSameRun(One, Many);
  EXPECT_EQ(One.ExitCode, 12) << One.Error;
  // The change in the alpha sample, read through the recovered po:: names.
  EXPECT_NE(One.Output.find("parameter 'scale' added to 'alpha::NetImpl'"), std::string::npos)
      << One.Output;
  EXPECT_NE(One.Output.find("'ModelImpl'"), std::string::npos) << One.Output;
  // At base tools/args.h is read with the models of its group; args.cpp, a
  // translation unit that cannot define a module class, is skipped.
  EXPECT_NE(One.Error.find("modelcompat: note: 10 files: 9 parsed (6 parses), 1 skipped "
                           "(cannot define a module class), 0 reused (at " +
                           Base + ")\n"),
            std::string::npos)
      << One.Error;
  // At head the changed files and the files that include them miss (net.h,
  // main.cpp, model.h, train.cpp, eval.cpp, args.cpp): five are parsed in
  // one round, args.cpp cannot define a module class and is skipped, and
  // the four others take the base's result (args.h too: it defines no
  // class, so the changed args.cpp cannot change its result).
  EXPECT_NE(One.Error.find("modelcompat: note: 10 files: 5 parsed (3 parses), 1 skipped "
                           "(cannot define a module class), 4 reused (at " +
                           Head + ")\n"),
            std::string::npos)
      << One.Error;
}

TEST_F(ParallelScan, DiffWithoutACacheDirectoryPrintsTheSameAtEveryJobCount) {
  ProcessResult One = diff("--jobs=1", {"--no-cache"});
  ProcessResult Many = diff("--jobs=4", {"--no-cache"});
  expectSameRun(One, Many);
  EXPECT_EQ(One.ExitCode, 12) << One.Error;
  TempDirectory Cache;
  EXPECT_EQ(diff("-j4", {"--cache-dir", Cache.path().string()}).Output, One.Output);
}

TEST_F(ParallelScan, ScanPrintsTheSameAtEveryJobCount) {
  auto Scan = [&](const std::string &Jobs) {
    return runModelcompatInProcess(
        {"scan", Repo.root(), "--extra-arg", stubTorchFlag(), "--verbose", "-j", Jobs});
  };
  ProcessResult One = Scan("1");
  ProcessResult Many = Scan("4");
  expectSameRun(One, Many);
  EXPECT_EQ(One.ExitCode, 0) << One.Error;
  EXPECT_NE(One.Output.find("\"class\": \"ScoreImpl\""), std::string::npos) << One.Output;
}

TEST(ParallelScanFlags, JobsMustBeAPositiveNumber) {
  ProcessResult Result = runModelcompatInProcess({"scan", ".", "-j", "0"});
  EXPECT_EQ(Result.ExitCode, 2);
  EXPECT_EQ(Result.Error, "modelcompat: error: scan: invalid value '0' for '--jobs' "
                          "(expected a number of parallel parses from 1 to 256)\n");
  Result = runModelcompatInProcess({"diff", "a", "b", "--jobs=many"});
  EXPECT_EQ(Result.ExitCode, 2);
  EXPECT_EQ(Result.Error, "modelcompat: error: modelcompat diff: invalid value 'many' for "
                          "'--jobs' (expected a number of parallel parses from 1 to 256)\n");
}
