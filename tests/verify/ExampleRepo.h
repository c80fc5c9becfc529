//===- ExampleRepo.h - Git repositories of the bundled example for e2e tests -*- C++ -*-===//
//
// The end-to-end tests work on temporary git repositories holding the
// example model (examples/autoencoder/v1, then v2). Commits use a fixed
// identity and date, so the same trees give the same commit shas in every
// test and every run, and `verify` reuses the harness builds cached in the
// build directory.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_TESTS_VERIFY_EXAMPLEREPO_H
#define MODELCOMPAT_TESTS_VERIFY_EXAMPLEREPO_H

#include "support/Process.h"
#include "support/TempDirectory.h"

#include <string>
#include <vector>

namespace modelcompat::test {

/// examples/autoencoder in the source tree.
std::string exampleDir();

/// The harness build cache shared by every e2e test, kept between runs.
std::string verifyCacheDir();

/// Environment assignments for a deterministic `git commit`.
extern const std::string DeterministicGitEnv;

std::string shellQuoted(const std::string &Text);

/// Runs Command in sh; a non-zero exit fails the current test.
void shell(const std::string &Command);

/// Runs Command in sh and returns its stdout without trailing newlines.
std::string shellOutput(const std::string &Command);

/// Replaces the work tree's content (all but .git) with Source and commits.
void commitTree(const std::string &Repo, const std::string &Source, const std::string &Message);

/// A repository (branch main) with v1 (HEAD~1) and v2 (HEAD) of the example.
std::string makeExampleRepo(const TempDirectory &Temp);

/// `modelcompat verify --repo Repo --cache-dir <shared cache> Args...`.
ProcessResult verify(const std::string &Repo, std::vector<std::string> Args);

/// The migrations `modelcompat migrate` generates for HEAD~1 -> HEAD,
/// generated once per head commit and modelcompat build, kept beside the
/// build cache. In a build without the analyzer: the golden copy of them.
std::string generatedMigrations(const std::string &Repo);

/// tests/golden/example-migration: what `migrate` writes for the example.
std::string exampleMigrationGolden();

} // namespace modelcompat::test

#endif
