//===- MigrationPlanner.h - From diff findings to migration specs -*- C++ -*-===//
//
// Turns the findings of `diff` into one MigrationSpec per changed module
// class (docs/migration-spec.md). Correct by construction where the diff is
// certain; an explicit `todo` wherever a human must decide. Clang- and
// torch-free.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_MIGRATE_MIGRATIONPLANNER_H
#define MODELCOMPAT_MIGRATE_MIGRATIONPLANNER_H

#include "modelcompat/diff/SchemaDiff.h"
#include "modelcompat/migrate/MigrationSpec.h"

#include <string>
#include <vector>

namespace modelcompat {

/// Knobs of planMigrations.
struct MigrationPlanOptions {
  /// Rename proposals at or above this confidence become `rename` rules;
  /// weaker ones become `todo` rules that quote the proposal.
  double MinRenameConfidence = 0.5;
  /// Plan for findings that a committed migration already covers, or that a
  /// suppression accepted; by default they need nothing new.
  bool IncludeCoveredAndSuppressed = false;
};

/// A rename the diff proposed, as the planner judged it (printed by the CLI).
struct RenameProposal {
  std::string Module;
  std::string From, To; ///< May hold "{i}" after generalisation.
  double Confidence = 0;
  std::string Reason;    ///< The diff's reason.
  bool Accepted = false; ///< Became a rename rule (else a todo).
  std::string Outcome;   ///< "rename rule", "todo (confidence below 0.50)",
                         ///< "superseded by a merge rule".
};

/// One migration: the spec plus the explanations the C++ emitter turns into
/// comments.
struct PlannedMigration {
  MigrationSpec Spec;
  std::string OldModule; ///< The base class name when the class was renamed.
  /// Why each rule exists, parallel to Spec.Rules ("confidence 0.86: same
  /// type and shape").
  std::vector<std::string> RuleNotes;
  /// Findings that need no rule, said once each ("retyped ... layout
  /// unchanged").
  std::vector<std::string> Notes;

  /// Whether a human must still decide something (a todo rule exists).
  bool hasTodo() const;
};

/// Everything planMigrations decided.
struct MigrationPlan {
  std::vector<PlannedMigration> Migrations; ///< Sorted by module.
  std::vector<RenameProposal> Renames;      ///< Sorted by module, then key.
  /// Modules that got no migration because the diff could not analyse them.
  std::vector<std::string> Warnings;
};

/// Plans the migrations for Diff, found between commits BaseCommit and
/// HeadCommit (full shas). Deterministic: the same diff gives the same plan.
MigrationPlan planMigrations(const SchemaDiff &Diff, const std::string &BaseCommit,
                             const std::string &HeadCommit,
                             const MigrationPlanOptions &Options = {});

/// The rename proposals of Plan, one line each, as `migrate` prints them:
/// "ns::AttnBlockImpl: 'proj_attn.weight' -> 'attn.out_proj.weight'
/// (confidence 0.86: same type and shape): rename rule".
std::string formatRenameProposals(const MigrationPlan &Plan);

} // namespace modelcompat

#endif
