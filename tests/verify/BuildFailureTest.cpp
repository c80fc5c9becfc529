//===- BuildFailureTest.cpp - The first error of a failed build ----------===//
//
// The logs are what `cmake --build` with Ninja prints for each case (GCC 12,
// GNU ld); the exported tree lives outside the wrapper, so its paths are
// absolute.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/verify/BuildFailure.h"

#include <gtest/gtest.h>

using namespace modelcompat;

namespace {
constexpr const char *Tree = "/cache/builds/0123456789ab-f00d/src";
} // namespace

TEST(BuildFailure, NamesTheFirstCompilerErrorRelativeToTheTree) {
  std::string Log = std::string("[1/2] Building CXX object projects/CMakeFiles/train.dir/"
                                "model_ActorCritic.cpp.o\n"
                                "FAILED: projects/CMakeFiles/train.dir/model_ActorCritic.cpp.o\n"
                                "In file included from /cache/builds/0123456789ab-f00d/wrapper/"
                                "model_ActorCritic.cpp:3:\n") +
                    Tree +
                    "/Models.h: In member function 'std::tuple<at::Tensor, at::Tensor> "
                    "ActorCriticImpl::forward(at::Tensor)':\n" +
                    Tree + "/Models.h:63:50: error: cannot convert 'at::Tensor' to 'double'\n" +
                    "   63 |   torch::Tensor action = torch::normal(mu_, std_);\n" + Tree +
                    "/Models.h:126:62: error: cannot convert 'at::Tensor' to 'double'\n"
                    "ninja: build stopped: subcommand failed.\n";
  EXPECT_EQ(describeBuildFailure(Log, Tree),
            "Models.h:63:50: error: cannot convert 'at::Tensor' to 'double'");
}

TEST(BuildFailure, AFatalErrorOutsideTheTreeKeepsItsPath) {
  std::string Log = "/usr/include/ATen/ATen.h:4:2: error: #error C++14 or later compatible "
                    "compiler is required to use ATen.\n"
                    "/cache/builds/0123456789ab-f00d/wrapper/model_Net.cpp:2:10: fatal "
                    "error: "
                    "net.h: No such file or directory\n";
  EXPECT_EQ(describeBuildFailure(Log, Tree),
            "/usr/include/ATen/ATen.h:4:2: error: #error C++14 or later "
            "compatible compiler is "
            "required to use ATen.");
}

TEST(BuildFailure, ACompilerErrorWinsOverAnEarlierLinkerError) {
  // Parallel jobs: one target's link fails before another's compile does.
  std::string Log = std::string("/usr/bin/ld: CMakeFiles/a.dir/a.cpp.o: in function `f()':\n"
                                "a.cpp:(.text+0x5): undefined reference to `g()'\n"
                                "collect2: error: ld returned 1 exit status\n") +
                    Tree + "/b.cpp:1:1: error: 'x' does not name a type\n";
  EXPECT_EQ(describeBuildFailure(Log, Tree), "b.cpp:1:1: error: 'x' does not name a type");
}

TEST(BuildFailure, WithoutACompilerErrorNamesTheLinkersFirst) {
  EXPECT_EQ(describeBuildFailure("/usr/bin/ld: cannot find -lpython3.10: No such file or "
                                 "directory\n"
                                 "collect2: error: ld returned 1 exit status\n",
                                 Tree),
            "cannot find -lpython3.10: No such file or directory");
  EXPECT_EQ(describeBuildFailure("a.cpp:(.text+0x5): undefined reference to `g()'\n"
                                 "collect2: error: ld returned 1 exit status\n",
                                 Tree),
            "undefined reference to `g()'");
}

TEST(BuildFailure, NothingRecognisableGivesNothing) {
  EXPECT_EQ(describeBuildFailure("ninja: error: loading 'build.ninja': No such file\n", Tree), "");
  EXPECT_EQ(describeBuildFailure("", Tree), "");
}
