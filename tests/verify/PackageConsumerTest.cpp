//===- PackageConsumerTest.cpp - find_package(modelcompat) after install ---===//
//
// Installs this build into a temporary prefix with `cmake --install` and
// builds a tiny consumer project against it, as a user's model library would:
// find_package(modelcompat) + target_link_libraries(... modelcompat::runtime).
//
//===----------------------------------------------------------------------===//
#include "support/Process.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;
using namespace modelcompat::test;

TEST(PackageConsumer, BuildsAgainstTheInstalledPackage) {
  TempDirectory Temp;
  std::string Prefix = Temp.file("prefix");
  ProcessResult Install =
      runProcess({"cmake", "--install", MODELCOMPAT_TEST_BINARY_DIR, "--prefix", Prefix});
  ASSERT_EQ(Install.ExitCode, 0) << Install.Output << Install.Error;
  for (const char *File :
       {"bin/modelcompat", "include/modelcompat/runtime/Migration.h",
        "include/modelcompat/runtime/StateDict.h", "include/modelcompat/harness/ModelUnderTest.h"})
    EXPECT_TRUE(fs::exists(Prefix + "/" + File)) << File;

  Temp.write("consumer/CMakeLists.txt",
             "cmake_minimum_required(VERSION 3.18)\n"
             "project(consumer LANGUAGES CXX)\n"
             "find_package(modelcompat 0.1 REQUIRED)\n"
             "add_executable(consumer main.cpp)\n"
             "target_link_libraries(consumer PRIVATE modelcompat::runtime)\n");
  Temp.write("consumer/main.cpp",
             "#include \"modelcompat/runtime/Migration.h\"\n"
             "#include <iostream>\n"
             "static void noop(modelcompat::MigrationScope &) {}\n"
             "MODELCOMPAT_REGISTER_MIGRATION(noop, \"ns::BlockImpl\", \"a\", \"b\", noop);\n"
             "int main() {\n"
             "  modelcompat::StateDict Dict;\n"
             "  Dict.set(\"w\", torch::ones({2, 3}));\n"
             "  std::cout << Dict.size() << \" tensor, \"\n"
             "            << modelcompat::MigrationRegistry::global().migrations().size()\n"
             "            << \" migration\\n\";\n"
             "}\n");
  ProcessResult Configure =
      // Ninja, as scripts/setup installs it: a fresh Debian has no make.
      runProcess({"cmake", "-S", Temp.file("consumer"), "-B", Temp.file("build"), "-G", "Ninja",
                  "-DCMAKE_PREFIX_PATH=" + Prefix, "-DCMAKE_BUILD_TYPE=Debug"});
  ASSERT_EQ(Configure.ExitCode, 0) << Configure.Output << Configure.Error;
  ProcessResult Build = runProcess({"cmake", "--build", Temp.file("build")});
  ASSERT_EQ(Build.ExitCode, 0) << Build.Output << Build.Error;
  ProcessResult Run = runProcess({Temp.file("build/consumer")});
  EXPECT_EQ(Run.ExitCode, 0) << Run.Error;
  EXPECT_EQ(Run.Output, "1 tensor, 1 migration\n");
}
