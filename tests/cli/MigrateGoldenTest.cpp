// Golden cases for `modelcompat migrate`: a diff golden case (see
// DiffGoldenTest.cpp and support/DiffGoldenCase.h) whose folder holds
// expected-migrate/ is also a migrate case. The test runs the real `diff
// --format json` on the case's old/ and new/ trees, plans from that report
// as `migrate --diff FILE` does, and compares with expected-migrate/: the
// spec and C++ files migrate writes, and proposals.txt, the rename proposals
// and warnings it prints. A file there that migrate no longer writes fails
// the test. Because the input is produced here, the migrate goldens follow
// every change of what diff reports. MODELCOMPAT_UPDATE_GOLDENS=1 rewrites
// them (support/Golden.h).
//
// tests/migrate/torch compiles some of these C++ files against libtorch and
// applies them to real checkpoints.
#include "modelcompat/migrate/DiffDocument.h"
#include "modelcompat/migrate/MigrationFiles.h"
#include "modelcompat/migrate/MigrationPlanner.h"
#include "modelcompat/migrate/MigrationSpec.h"
#include "support/DiffGoldenCase.h"
#include "support/Golden.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

using namespace modelcompat;
using namespace modelcompat::test;
namespace fs = std::filesystem;

namespace {

/// The folder of a case's expected migrate outputs.
fs::path expectedMigrate(const fs::path &CaseFolder) { return CaseFolder / "expected-migrate"; }

std::vector<std::string> migrateGoldenCases() {
  std::vector<std::string> Cases;
  for (const std::string &Case : diffGoldenCases())
    if (fs::is_directory(expectedMigrate(diffGoldenRoot() / Case)))
      Cases.push_back(Case);
  return Cases;
}

class MigrateGolden : public ::testing::TestWithParam<std::string> {};

} // namespace

TEST_P(MigrateGolden, WritesTheExpectedSpecsAndCpp) {
  DiffGoldenCase Case(GetParam());
  ProcessResult Report = Case.diff("json");
  DiffDocument Diff;
  ASSERT_NO_THROW(Diff = diffDocumentFromJson(nlohmann::json::parse(Report.Output),
                                              GetParam() + " diff report"))
      << "diff exited " << Report.ExitCode << ":\n"
      << Report.Error;
  MigrationPlan Plan = planMigrations(Diff.Diff, Diff.Base.Commit, Diff.Head.Commit);

  std::map<std::string, std::string> Files;
  std::string &Printed = Files["proposals.txt"];
  Printed = formatRenameProposals(Plan);
  for (const std::string &Warning : Plan.Warnings)
    Printed += "warning: " + Warning + "\n";
  for (const MigrationFile &File : renderMigrationFiles(Plan)) {
    Files[File.Name] = File.Contents;
    // What the tool writes, the spec reader accepts.
    if (fs::path(File.Name).extension() == ".json")
      EXPECT_NO_THROW(migrationSpecFromJson(nlohmann::json::parse(File.Contents), File.Name));
  }
  EXPECT_TRUE(matchesGoldenFolder(Files, expectedMigrate(Case.folder()).string()));
}

INSTANTIATE_TEST_SUITE_P(Cases, MigrateGolden, ::testing::ValuesIn(migrateGoldenCases()),
                         [](const ::testing::TestParamInfo<std::string> &Info) {
                           return goldenCaseTestName(Info.param);
                         });
