// File names from hostile module names, refusal to overwrite, atomic writes.
#include "modelcompat/migrate/MigrationFiles.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/ReadFile.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

using namespace modelcompat;
using modelcompat::test::TempDirectory;
namespace fs = std::filesystem;

namespace {

MigrationPlan planFor(const std::string &Module) {
  MigrationPlan Plan;
  PlannedMigration Migration;
  Migration.Spec.Module = Module;
  Migration.Spec.FromCommit = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
  Migration.Spec.ToCommit = "9f8e7d6c5b4a39281706f5e4d3c2b1a098f7e6d5";
  MigrationRule Init;
  Init.Op = RuleOp::Init;
  Init.Key = "outpad";
  Migration.Spec.Rules.push_back(Init);
  Migration.RuleNotes.push_back("");
  Plan.Migrations.push_back(Migration);
  return Plan;
}

bool isSafeName(const std::string &Name) {
  if (Name.empty() || Name.front() == '.' || Name.front() == '-' ||
      Name.find("..") != std::string::npos)
    return false;
  for (char C : Name)
    if (!std::isalnum(static_cast<unsigned char>(C)) && C != '.' && C != '_' && C != '-')
      return false;
  return true;
}

} // namespace

TEST(MigrationFiles, StemIsModuleAndShortCommits) {
  EXPECT_EQ(migrationFileStem(planFor("ns::AttnBlockImpl").Migrations[0].Spec),
            "ns_AttnBlockImpl-1a2b3c4d5e6f-9f8e7d6c5b4a");
}

TEST(MigrationFiles, HostileModuleNamesCannotLeaveTheDirectory) {
  EXPECT_EQ(sanitiseFileName("../../etc/passwd"), "etc_passwd");
  EXPECT_EQ(sanitiseFileName("/abs/path"), "abs_path");
  EXPECT_EQ(sanitiseFileName("a/../b"), "a_._b");
  EXPECT_EQ(sanitiseFileName("-rf"), "rf");
  EXPECT_EQ(sanitiseFileName("..."), "module");
  EXPECT_EQ(sanitiseFileName("x\ny z\xc3\xa9"), "x_y_z");
  std::string Long(300, 'a');
  std::string Cut = sanitiseFileName(Long);
  EXPECT_EQ(Cut.size(), 96u);
  EXPECT_EQ(Cut.substr(0, 79), std::string(79, 'a'));
  for (const char *Hostile : {"../../../../tmp/evil", "/etc/cron.d/x", "..", "a..b",
                              "C:\\windows\\x", "\x01\x02", "ns::A<B, ..>"})
    EXPECT_TRUE(isSafeName(sanitiseFileName(Hostile))) << sanitiseFileName(Hostile);

  TempDirectory Dir;
  std::string Out = Dir.file("out");
  writeMigrationFiles(renderMigrationFiles(planFor("../../../escape/..\\x")), Out,
                      OverwritePolicy::Refuse);
  std::vector<std::string> Written;
  for (const auto &Entry : fs::recursive_directory_iterator(Dir.path()))
    Written.push_back(fs::relative(Entry.path(), Dir.path()).string());
  std::sort(Written.begin(), Written.end());
  EXPECT_EQ(Written,
            (std::vector<std::string>{"out", "out/escape_._x-1a2b3c4d5e6f-9f8e7d6c5b4a.cpp",
                                      "out/escape_._x-1a2b3c4d5e6f-9f8e7d6c5b4a.json"}));
}

TEST(MigrationFiles, NamesThatCollideAfterSanitisingGetAHash) {
  MigrationPlan Plan = planFor("a::b");
  Plan.Migrations.push_back(planFor("a/b").Migrations[0]);
  std::vector<MigrationFile> Files = renderMigrationFiles(Plan);
  ASSERT_EQ(Files.size(), 4u);
  EXPECT_NE(Files[0].Name, Files[2].Name);
  EXPECT_EQ(Files[0].Name.substr(0, 29), "a_b-1a2b3c4d5e6f-9f8e7d6c5b4a");
}

TEST(MigrationFiles, RefusesToOverwriteAndWritesNothing) {
  TempDirectory Dir;
  std::vector<MigrationFile> Files = renderMigrationFiles(planFor("ns::M"));
  Dir.write(Files[1].Name, "// mine\n");
  try {
    writeMigrationFiles(Files, Dir.path().string(), OverwritePolicy::Refuse);
    FAIL() << "overwrote";
  } catch (const Error &E) {
    EXPECT_EQ(std::string(E.what()), "refusing to overwrite existing file '" +
                                         Dir.file(Files[1].Name) + "' (use --force to replace it)");
  }
  EXPECT_FALSE(fs::exists(Dir.file(Files[0].Name)));
  EXPECT_EQ(readFile(Dir.file(Files[1].Name)), "// mine\n");
  writeMigrationFiles(Files, Dir.path().string(), OverwritePolicy::Replace);
  EXPECT_EQ(readFile(Dir.file(Files[1].Name)), Files[1].Contents);
  // No temporary files are left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(Dir.path()), fs::directory_iterator()), 2);
}
