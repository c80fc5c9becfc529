//===- MigrationSpec.h - The modelcompat.migration spec ---------*- C++ -*-===//
//
// A declarative mapping from a module class's old state-dict layout to its
// new one (docs/migration-spec.md). Written by `migrate`, read by `diff`
// (coverage) and by the runtime engine (application). Clang- and torch-free.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_MIGRATE_MIGRATIONSPEC_H
#define MODELCOMPAT_MIGRATE_MIGRATIONSPEC_H

#include "modelcompat/schema/KeyPattern.h" // matchKeyPattern, expandKeyPattern

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace modelcompat {

/// The operation a rule performs.
enum class RuleOp { Rename, Init, Drop, Reshape, Split, Merge, Todo };

/// "rename", "init", ...; and the inverse (nullopt for an unknown word).
const char *ruleOpName(RuleOp Op);
std::optional<RuleOp> parseRuleOp(const std::string &Name);

/// Where an `init` rule takes its tensor from.
enum class InitSource { NewModel, Zeros, Ones, Value, Identity };
const char *initSourceName(InitSource Source);
std::optional<InitSource> parseInitSource(const std::string &Name);

/// One rule. Keys are relative to the spec's module class and may hold "{i}"
/// style placeholders that match one dot-free path segment.
struct MigrationRule {
  RuleOp Op = RuleOp::Todo;
  std::string From;                            ///< rename, reshape: old key.
  std::string To;                              ///< rename, reshape, split-less: new key.
  std::string Key;                             ///< init, drop.
  std::vector<std::string> Keys;               ///< todo: affected keys; merge: old keys;
                                               ///< split: new keys.
  InitSource Source = InitSource::NewModel;    ///< init.
  std::optional<double> Value;                 ///< init with source "value".
  std::optional<std::vector<long long>> Shape; ///< reshape: target shape.
  std::optional<long long> Dim;                ///< split, merge: the concatenation axis.
  std::optional<double> Confidence;            ///< rename: the diff's confidence.
  std::string Reason;                          ///< drop, todo (mandatory there).
};

/// One migration for one module class between two commits.
struct MigrationSpec {
  std::string Module;     ///< Qualified class: "ns::AttnBlockImpl".
  std::string FromCommit; ///< Base commit sha.
  std::string ToCommit;   ///< Head commit sha.
  std::vector<MigrationRule> Rules;

  /// The identifier recorded in migrated checkpoints: "<module>@<from>..<to>".
  std::string id() const;
};

/// Version written as "schema_version" and accepted when reading.
inline constexpr int MigrationSpecVersion = 1;

/// Encodes a spec; deterministic.
nlohmann::json migrationSpecToJson(const MigrationSpec &Spec);
/// Decodes and validates a spec; throws Error naming Origin and the rule index.
MigrationSpec migrationSpecFromJson(const nlohmann::json &Document, const std::string &Origin);
/// Reads and validates a spec file; throws Error naming the file.
MigrationSpec readMigrationSpec(const std::string &Path);

} // namespace modelcompat

#endif
