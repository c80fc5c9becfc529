//===- Golden.h - Compare output with golden files --------------*- C++ -*-===//
//
// The one golden-update switch of the test suite: every golden test compares
// through these functions, so MODELCOMPAT_UPDATE_GOLDENS means the same thing
// everywhere. scripts/test refuses to run while it is set, so CI never
// rewrites a golden.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_TESTS_GOLDEN_H
#define MODELCOMPAT_TESTS_GOLDEN_H

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace modelcompat::test {

/// The environment variable that makes golden tests rewrite their files.
inline constexpr const char *UpdateGoldensVariable = "MODELCOMPAT_UPDATE_GOLDENS";

/// Whether golden tests rewrite their files instead of comparing: true when
/// MODELCOMPAT_UPDATE_GOLDENS is "1", false when it is unset or empty. Any
/// other value throws std::runtime_error (the test fails saying so), so that
/// "0", "true" or "yes" never leave a developer guessing which one it took.
bool updatingGoldens();

/// Compares Actual with the golden file at Path (absolute, or relative to
/// tests/golden/). On mismatch fails with a unified diff; when
/// updatingGoldens(), rewrites the file instead.
::testing::AssertionResult matchesGolden(const std::string &Actual, const std::string &Path);

/// Compares a folder of golden files at once: each of Files (file name to
/// contents) with the file of that name in Dir (absolute, or relative to
/// tests/golden/), and fails on any other file in Dir, a stale golden. When
/// updatingGoldens(), writes the files and removes the stale ones instead.
::testing::AssertionResult matchesGoldenFolder(const std::map<std::string, std::string> &Files,
                                               const std::string &Dir);

/// The absolute path of a file under the source tree's tests/golden/.
std::string goldenPath(const std::string &Relative);

} // namespace modelcompat::test

#endif
