//===- MigrationFiles.cpp - Naming and writing migration files -----------===//
#include "modelcompat/migrate/MigrationFiles.h"
#include "modelcompat/migrate/CppMigrationEmitter.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/StableHash.h"

#include <filesystem>
#include <map>

namespace fs = std::filesystem;

namespace modelcompat {

std::string sanitiseFileName(const std::string &Text, size_t MaxSize) {
  std::string Out;
  for (char C : Text) {
    bool Word =
        (C >= 'A' && C <= 'Z') || (C >= 'a' && C <= 'z') || (C >= '0' && C <= '9') || C == '_';
    if (Word || (C == '-' && !Out.empty()))
      Out += C;
    else if (C == '.' && !Out.empty() && Out.back() != '.')
      Out += '.';
    else if (!Out.empty() && Out.back() != '_')
      Out += '_'; // "::", "/", "..", spaces and the like: one separator
  }
  while (!Out.empty() && (Out.back() == '.' || Out.back() == '_'))
    Out.pop_back();
  if (Out.empty())
    Out = "module";
  if (Out.size() > MaxSize && MaxSize > 17) {
    std::string Hash = StableHash().add(Text).hex();
    Out = Out.substr(0, MaxSize - 17);
    while (!Out.empty() && Out.back() == '.')
      Out.pop_back();
    Out += "-" + Hash;
  }
  return Out;
}

std::string migrationFileStem(const MigrationSpec &Spec) {
  return sanitiseFileName(Spec.Module) + "-" + sanitiseFileName(Spec.FromCommit.substr(0, 12), 12) +
         "-" + sanitiseFileName(Spec.ToCommit.substr(0, 12), 12);
}

std::vector<MigrationFile> renderMigrationFiles(const MigrationPlan &Plan) {
  std::map<std::string, int> StemUses;
  for (const PlannedMigration &Migration : Plan.Migrations)
    ++StemUses[migrationFileStem(Migration.Spec)];
  std::vector<MigrationFile> Files;
  for (const PlannedMigration &Migration : Plan.Migrations) {
    std::string Stem = migrationFileStem(Migration.Spec);
    if (StemUses[Stem] > 1)
      Stem += "-" + StableHash().add(Migration.Spec.Module).hex().substr(0, 8);
    Files.push_back({Stem + ".json", migrationSpecToJson(Migration.Spec).dump(2) + "\n"});
    Files.push_back({Stem + ".cpp", emitCppMigration(Migration, Stem)});
  }
  return Files;
}

void writeMigrationFiles(const std::vector<MigrationFile> &Files, const std::string &Directory,
                         OverwritePolicy Policy) {
  std::error_code EC;
  if (Policy == OverwritePolicy::Refuse)
    for (const MigrationFile &File : Files) {
      fs::path Target = fs::path(Directory) / File.Name;
      if (fs::exists(Target, EC))
        throw Error("refusing to overwrite existing file '" + Target.string() +
                    "' (use --force to replace it)");
    }
  for (const MigrationFile &File : Files)
    writeFileAtomically((fs::path(Directory) / File.Name).string(), File.Contents, Policy);
}

} // namespace modelcompat
