// Golden cases: tests/golden/migrate/<case>/diff.json is a `diff --format
// json` report (the cases mirror tests/golden/diff/); next to it are the
// spec and C++ files `migrate` writes for it and proposals.txt, what it
// prints. MODELCOMPAT_UPDATE_GOLDENS=1 rewrites them.
#include "modelcompat/migrate/DiffDocument.h"
#include "modelcompat/migrate/MigrationFiles.h"
#include "modelcompat/migrate/MigrationPlanner.h"
#include "support/Golden.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

using namespace modelcompat;
using namespace modelcompat::test;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> goldenCases() {
  std::vector<std::string> Cases;
  for (const auto &Entry : fs::directory_iterator(goldenPath("migrate")))
    if (fs::exists(Entry.path() / "diff.json"))
      Cases.push_back(Entry.path().filename().string());
  std::sort(Cases.begin(), Cases.end());
  return Cases;
}

class MigrateGolden : public ::testing::TestWithParam<std::string> {};

} // namespace

TEST_P(MigrateGolden, WritesTheExpectedSpecsAndCpp) {
  std::string Case = "migrate/" + GetParam() + "/";
  DiffDocument Diff = readDiffDocument(goldenPath(Case + "diff.json"));
  MigrationPlan Plan = planMigrations(Diff.Diff, Diff.BaseCommit, Diff.HeadCommit);
  std::set<std::string> Expected = {"diff.json", "proposals.txt"};
  std::string Printed = formatRenameProposals(Plan);
  for (const std::string &Warning : Plan.Warnings)
    Printed += "warning: " + Warning + "\n";
  EXPECT_TRUE(matchesGolden(Printed, Case + "proposals.txt"));
  for (const MigrationFile &File : renderMigrationFiles(Plan)) {
    Expected.insert(File.Name);
    EXPECT_TRUE(matchesGolden(File.Contents, Case + File.Name));
    // What the tool writes, the spec reader accepts.
    if (File.Name.size() > 5 && File.Name.substr(File.Name.size() - 5) == ".json")
      EXPECT_NO_THROW(migrationSpecFromJson(nlohmann::json::parse(File.Contents), File.Name));
  }
  const char *Update = std::getenv("MODELCOMPAT_UPDATE_GOLDENS");
  for (const auto &Entry : fs::directory_iterator(goldenPath(Case))) {
    std::string Name = Entry.path().filename().string();
    if (Expected.count(Name))
      continue;
    if (Update && std::string(Update) == "1")
      fs::remove(Entry.path());
    else
      ADD_FAILURE() << "stale golden file " << Entry.path().string()
                    << " (MODELCOMPAT_UPDATE_GOLDENS=1 removes it)";
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, MigrateGolden, ::testing::ValuesIn(goldenCases()),
                         [](const ::testing::TestParamInfo<std::string> &Info) {
                           std::string Name;
                           for (char C : Info.param)
                             Name += std::isalnum(static_cast<unsigned char>(C)) ? C : '_';
                           return Name;
                         });
