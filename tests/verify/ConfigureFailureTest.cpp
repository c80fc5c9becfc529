//===- ConfigureFailureTest.cpp - The cause of a failed configure --------===//
//
// The logs are CMake 3.25's output for each case, as the wrapper project
// prints it (the exported tree lives outside the wrapper, so its paths are
// absolute).
//
//===----------------------------------------------------------------------===//
#include "modelcompat/verify/ConfigureFailure.h"

#include <gtest/gtest.h>

using namespace modelcompat;

namespace {
constexpr const char *Tree = "/cache/builds/0123456789ab-f00d/src";
} // namespace

TEST(ConfigureFailure, NamesAPackageWithoutAConfigFile) {
  std::string Log = std::string("-- Detecting CXX compile features - done\n"
                                "CMake Error at ") +
                    Tree + R"(/sample/CMakeLists.txt:4 (find_package):
  By not providing "FindNoSuchPackageForModelcompatTest.cmake" in
  CMAKE_MODULE_PATH this project has asked CMake to find a package
  configuration file provided by "NoSuchPackageForModelcompatTest", but CMake
  did not find one.

  Could not find a package configuration file provided by
  "NoSuchPackageForModelcompatTest" with any of the following names:

    NoSuchPackageForModelcompatTestConfig.cmake
    nosuchpackageformodelcompattest-config.cmake


-- Configuring incomplete, errors occurred!
)";
  EXPECT_EQ(describeConfigureFailure(Log, Tree),
            "package 'NoSuchPackageForModelcompatTest' not found (find_package in "
            "sample/CMakeLists.txt:4)");
}

TEST(ConfigureFailure, NamesAPackageAFindModuleMissed) {
  std::string Log =
      std::string("CMake Error at /usr/share/cmake-3.25/Modules/"
                  "FindPackageHandleStandardArgs.cmake:230 (message):\n"
                  "  Could NOT find ALSA (missing: ALSA_LIBRARY ALSA_INCLUDE_DIR)\n"
                  "Call Stack (most recent call first):\n"
                  "  /usr/share/cmake-3.25/Modules/FindPackageHandleStandardArgs.cmake:600 "
                  "(_FPHSA_FAILURE_MESSAGE)\n"
                  "  /usr/share/cmake-3.25/Modules/FindALSA.cmake:62 "
                  "(FIND_PACKAGE_HANDLE_STANDARD_ARGS)\n  ") +
      Tree +
      "/CMakeLists.txt:3 (find_package)\n\n\n"
      "-- Configuring incomplete, errors occurred!\n";
  EXPECT_EQ(describeConfigureFailure(Log, Tree),
            "package 'ALSA' not found (find_package in CMakeLists.txt:3)");
}

TEST(ConfigureFailure, OtherwiseGivesTheFirstErrorsMessage) {
  std::string Log =
      "CMake Error at /usr/lib/cmake/modelcompat/modelcompatVerify.cmake:38 (message):\n"
      "  modelcompat verify: 'fx_model' (the manifest's \"target\") is not a CMake\n"
      "  target of the project\n"
      "Call Stack (most recent call first):\n"
      "  CMakeLists.txt:8 (modelcompat_add_verify_harness)\n\n\n"
      "CMake Error at CMakeLists.txt:9 (message):\n  second\n";
  EXPECT_EQ(describeConfigureFailure(Log, Tree),
            "modelcompat verify: 'fx_model' (the manifest's \"target\") is not a "
            "CMake target of the project");
  EXPECT_EQ(describeConfigureFailure("-- Configuring incomplete\n", Tree), "");
}
