//===- ExampleMigrationTest.cpp - migrate's output for the example, golden -===//
//
// tests/golden/example-migration holds what `modelcompat migrate HEAD~1 HEAD`
// writes for the example repository. Builds without the analyzer (no Clang:
// a GPU runner, a newer libtorch) verify with that copy, so this test keeps
// it equal to what the generator writes today.
//
//===----------------------------------------------------------------------===//
#include "ExampleRepo.h"
#include "modelcompat/support/AtomicFile.h"
#include "support/Golden.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

namespace fs = std::filesystem;
using namespace modelcompat::test;
using modelcompat::readFile;

namespace {

std::set<std::string> fileNames(const std::string &Dir, const char *Skip) {
  std::set<std::string> Names;
  for (const auto &Entry : fs::directory_iterator(Dir))
    if (Entry.path().filename() != Skip)
      Names.insert(Entry.path().filename().string());
  return Names;
}

} // namespace

TEST(ExampleMigration, MigrateWritesTheGoldenFiles) {
  TempDirectory Temp;
  std::string Generated = generatedMigrations(makeExampleRepo(Temp));
  std::string Golden = exampleMigrationGolden();
  std::set<std::string> Names = fileNames(Generated, "complete");
  ASSERT_EQ(Names.size(), 4u) << "two specs and two C++ stubs";
  if (std::getenv("MODELCOMPAT_UPDATE_GOLDENS") == nullptr)
    EXPECT_EQ(fileNames(Golden, ""), Names);
  for (const std::string &Name : Names)
    EXPECT_TRUE(matchesGolden(readFile(Generated + "/" + Name),
                              "example-migration/" + Name));
}
