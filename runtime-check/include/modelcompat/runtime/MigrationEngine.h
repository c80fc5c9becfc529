//===- MigrationEngine.h - Apply migrations to a state dict -----*- C++ -*-===//
//
// The engine applies migration specs (JSON, docs/migration-spec.md) and
// registered C++ migrations the same way: each is a function over one
// MigrationScope, called at every instance of the migration's module class
// in the new model (or in a scanned schema, or at the root). It orders a
// chain of migrations by their commits, skips the ones a checkpoint records
// as applied, and records the ones it applies in the state dict's metadata
// (docs/runtime-check.md):
//
//   "modelcompat.migrations": JSON array of migration ids, in the order they
//                             were applied: ["ns::AttnBlockImpl@0123..4567"]
//   "modelcompat.dropped":    JSON object, full key -> reason, of every key a
//                             rule dropped on purpose
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_RUNTIME_MIGRATIONENGINE_H
#define MODELCOMPAT_RUNTIME_MIGRATIONENGINE_H

#include "modelcompat/migrate/MigrationSpec.h"
#include "modelcompat/runtime/Migration.h"
#include "modelcompat/runtime/StateDict.h"
#include "modelcompat/schema/ModuleSchema.h"

#include <functional>
#include <string>
#include <vector>

namespace modelcompat {

/// Metadata key of the applied-migration ids (a JSON array of strings).
inline constexpr const char *AppliedMigrationsKey = "modelcompat.migrations";
/// Metadata key of the keys dropped on purpose (a JSON object key -> reason).
inline constexpr const char *DroppedKeysKey = "modelcompat.dropped";

/// The ids recorded in Dict's metadata, in order. Throws Error naming Source
/// when the entry is not a JSON array of strings.
std::vector<std::string> appliedMigrations(const StateDict &Dict, const std::string &Source = "");
/// The dropped keys recorded in Dict's metadata. Throws Error naming Source
/// when the entry is not a JSON object of strings.
std::map<std::string, std::string> droppedKeys(const StateDict &Dict,
                                               const std::string &Source = "");

/// One migration the engine can apply: from a spec or from the registry.
struct EngineMigration {
  std::string Id;         ///< "<module>@<from12>..<to12>".
  std::string Module;     ///< The class it rewrites.
  std::string FromCommit; ///< Base sha (or a prefix of it).
  std::string ToCommit;   ///< Head sha.
  std::string Origin;     ///< The spec file, or "registered C++ migration".
  std::function<void(MigrationScope &)> Apply;
};

/// Wraps a spec: its rules are applied in order by applySpecRules.
EngineMigration engineMigration(const MigrationSpec &Spec, std::string Origin);
/// Wraps a registered C++ migration.
EngineMigration engineMigration(const RegisteredMigration &Migration);

/// Applies the rules of Spec to one instance; "{i}" patterns range over the
/// matching keys of the state dict (of the new model, for `init`). A `todo`
/// rule throws MigrationTodo with "<keys>: <reason>".
void applySpecRules(MigrationScope &Scope, const MigrationSpec &Spec);

/// Orders a chain: a migration whose FromCommit is another's ToCommit comes
/// after it; otherwise the given order is kept. Throws Error on a cycle.
std::vector<EngineMigration> orderMigrations(std::vector<EngineMigration> Migrations);

/// Where the migrations are applied.
struct MigrationTarget {
  std::string Source = "state dict"; ///< The checkpoint, named in messages.
  /// The new model: instances by Module::name(), and the source of
  /// `init ... new_model`. Preferred over ModelSchema.
  const torch::nn::Module *NewModel = nullptr;
  /// Without NewModel: a scan of the new code, walked from RootClass (or the
  /// class inferRootClass finds) to find instance prefixes.
  const ScanResult *ModelSchema = nullptr;
  std::string RootClass;
};

/// What applying a chain did.
struct MigrationOutcome {
  std::vector<std::string> Applied; ///< Ids applied and recorded now.
  std::vector<std::string> Skipped; ///< Ids the state dict already recorded.
  MigrationRecord Record;           ///< Consumed, dropped, deferred, notices.
  /// Record.Notices, each prefixed "<source>: note: ".
  std::vector<std::string> notices(const std::string &Source) const;
};

/// Applies Migrations (ordered by orderMigrations) to Dict at every instance
/// of each one's class. All or nothing: on error Dict is unchanged and the
/// Error (or MigrationTodo) names Target.Source, the migration and the key.
MigrationOutcome applyMigrations(StateDict &Dict, std::vector<EngineMigration> Migrations,
                                 const MigrationTarget &Target);

/// Shorthand: every spec, then every migration in Registry.
MigrationOutcome applyMigrations(StateDict &Dict, const std::vector<MigrationSpec> &Specs,
                                 const MigrationTarget &Target,
                                 const MigrationRegistry *Registry = nullptr);

} // namespace modelcompat

#endif
