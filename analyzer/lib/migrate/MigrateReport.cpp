//===- MigrateReport.cpp - What `migrate` says it wrote -------------------===//
#include "modelcompat/migrate/MigrateReport.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace modelcompat {
namespace {

size_t todoCount(const PlannedMigration &Migration) {
  return std::count_if(Migration.Spec.Rules.begin(), Migration.Spec.Rules.end(),
                       [](const MigrationRule &Rule) { return Rule.Op == RuleOp::Todo; });
}

std::string joinPath(const std::string &Directory, const std::string &Name) {
  return (std::filesystem::path(Directory) / Name).generic_string();
}

} // namespace

std::string renderMigrateText(const MigrateReportInput &Input) {
  const MigrationPlan &Plan = Input.Plan;
  const std::vector<MigrationFile> &Files = Input.Files;
  std::ostringstream Out;
  if (!Plan.Renames.empty()) {
    Out << "rename proposals:\n";
    std::string Lines = formatRenameProposals(Plan);
    for (size_t Start = 0; Start < Lines.size();) {
      size_t End = Lines.find('\n', Start);
      Out << "  " << Lines.substr(Start, End - Start) << "\n";
      Start = End + 1;
    }
  }
  const char *Verb = Input.DryRun ? "would write " : "wrote ";
  for (size_t I = 0; I < Plan.Migrations.size(); ++I) {
    size_t Todos = todoCount(Plan.Migrations[I]);
    Out << Verb << joinPath(Input.Directory, Files[2 * I].Name) << "\n"
        << Verb << joinPath(Input.Directory, Files[2 * I + 1].Name);
    if (Todos)
      Out << " (" << Todos << (Todos == 1 ? " todo" : " todos") << " to resolve)";
    Out << "\n";
  }
  size_t WithTodos = std::count_if(Plan.Migrations.begin(), Plan.Migrations.end(),
                                   [](const PlannedMigration &M) { return M.hasTodo(); });
  if (Plan.Migrations.empty())
    Out << "no migration needed between " << Input.Diff.Base.shortCommit() << " and "
        << Input.Diff.Head.shortCommit() << "\n";
  else
    Out << Plan.Migrations.size() << (Plan.Migrations.size() == 1 ? " migration" : " migrations")
        << ", " << WithTodos << " with todos\n";
  return Out.str();
}

std::string renderMigrateJson(const MigrateReportInput &Input) {
  const MigrationPlan &Plan = Input.Plan;
  const DiffDocument &Diff = Input.Diff;
  nlohmann::json Migrations = nlohmann::json::array();
  for (size_t I = 0; I < Plan.Migrations.size(); ++I)
    Migrations.push_back({{"module", Plan.Migrations[I].Spec.Module},
                          {"id", Plan.Migrations[I].Spec.id()},
                          {"spec", joinPath(Input.Directory, Input.Files[2 * I].Name)},
                          {"cpp", joinPath(Input.Directory, Input.Files[2 * I + 1].Name)},
                          {"todos", todoCount(Plan.Migrations[I])}});
  nlohmann::json Renames = nlohmann::json::array();
  for (const RenameProposal &Rename : Plan.Renames)
    Renames.push_back({{"module", Rename.Module},
                       {"from", Rename.From},
                       {"to", Rename.To},
                       {"confidence", Rename.Confidence},
                       {"reason", Rename.Reason},
                       {"accepted", Rename.Accepted},
                       {"outcome", Rename.Outcome}});
  return nlohmann::json{{"schema_version", 1},
                        {"base", {{"rev", Diff.Base.Spec}, {"commit", Diff.Base.Commit}}},
                        {"head", {{"rev", Diff.Head.Spec}, {"commit", Diff.Head.Commit}}},
                        {"migrations", Migrations},
                        {"renames", Renames},
                        {"warnings", Plan.Warnings}}
             .dump(2) +
         "\n";
}

} // namespace modelcompat
