//===- ExampleMigrationTest.cpp - migrate's output for the example, golden -===//
//
// tests/golden/example-migration holds what `modelcompat migrate HEAD~1 HEAD`
// writes for the example repository. Builds without the analyzer (no Clang:
// a GPU runner, a newer libtorch) verify with that copy, so this test keeps
// it equal to what the generator writes today.
//
//===----------------------------------------------------------------------===//
#include "ExampleRepo.h"
#include "modelcompat/support/ReadFile.h"
#include "support/Golden.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

namespace fs = std::filesystem;
using namespace modelcompat::test;
using modelcompat::readFile;

TEST(ExampleMigration, MigrateWritesTheGoldenFiles) {
  TempDirectory Temp;
  std::string Generated = generatedMigrations(makeExampleRepo(Temp));
  std::map<std::string, std::string> Files;
  for (const auto &Entry : fs::directory_iterator(Generated))
    if (Entry.path().filename() != "complete")
      Files[Entry.path().filename().string()] = readFile(Entry.path().string());
  ASSERT_EQ(Files.size(), 4u) << "two specs and two C++ stubs";
  EXPECT_TRUE(matchesGoldenFolder(Files, exampleMigrationGolden()));
}
