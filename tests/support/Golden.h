//===- Golden.h - Compare output with golden files --------------*- C++ -*-===//
#ifndef MODELCOMPAT_TESTS_GOLDEN_H
#define MODELCOMPAT_TESTS_GOLDEN_H

#include <gtest/gtest.h>

#include <string>

namespace modelcompat::test {

/// Compares Actual with the golden file at Path (absolute, or relative to
/// tests/golden/). On mismatch fails with a unified diff. When the environment
/// variable MODELCOMPAT_UPDATE_GOLDENS=1 is set, rewrites the file instead
/// (CI never sets it).
::testing::AssertionResult matchesGolden(const std::string &Actual,
                                         const std::string &Path);

/// The absolute path of a file under the source tree's tests/golden/.
std::string goldenPath(const std::string &Relative);

} // namespace modelcompat::test

#endif
