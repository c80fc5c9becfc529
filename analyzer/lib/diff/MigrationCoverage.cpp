//===- MigrationCoverage.cpp - Findings that committed migrations map ----===//
#include "modelcompat/diff/MigrationCoverage.h"

#include <algorithm>

namespace modelcompat {
namespace {

bool anyMatches(const std::vector<std::string> &Patterns, const std::optional<std::string> &Key) {
  return Key && std::any_of(Patterns.begin(), Patterns.end(),
                            [&](const std::string &P) { return matchesKeyPattern(P, *Key); });
}

/// A retyped or moved module entry ("bn") is mapped when any rule touches a key
/// under it.
bool anyUnder(const std::vector<std::string> &Patterns, const std::optional<std::string> &Prefix) {
  return Prefix && std::any_of(Patterns.begin(), Patterns.end(), [&](const std::string &P) {
           return P.rfind(*Prefix + ".", 0) == 0 || matchesKeyPattern(P, *Prefix);
         });
}

} // namespace

bool coversChange(const MigrationCoverage &Spec, const Change &C) {
  if (Spec.Module != C.Module && Spec.Module != C.OldModule)
    return false;
  switch (C.Kind) {
  case ChangeKind::Added:
    return anyMatches(Spec.NewKeys, C.NewKey);
  case ChangeKind::Removed:
    return anyMatches(Spec.OldKeys, C.OldKey);
  case ChangeKind::Renamed:
    // A moved sub-module ("seq.stem" -> "seq.0") is mapped by the rules
    // that move the keys under it.
    if (C.Entry == EntryKind::Module)
      return anyUnder(Spec.OldKeys, C.OldKey) && anyUnder(Spec.NewKeys, C.NewKey);
    return anyMatches(Spec.OldKeys, C.OldKey) && anyMatches(Spec.NewKeys, C.NewKey);
  case ChangeKind::Reshaped:
    return anyMatches(Spec.OldKeys, C.OldKey) && anyMatches(Spec.NewKeys, C.NewKey);
  case ChangeKind::ConditionChanged:
    return anyMatches(Spec.OldKeys, C.OldKey) || anyMatches(Spec.NewKeys, C.NewKey);
  case ChangeKind::Retyped:
    return anyUnder(Spec.OldKeys, C.OldKey) || anyUnder(Spec.NewKeys, C.NewKey);
  case ChangeKind::ClassRenamed:
  case ChangeKind::Unresolved:
  case ChangeKind::LoopBoundChanged:
  case ChangeKind::ShapeExpressionChanged:
    return false;
  }
  return false;
}

void applyMigrationCoverage(SchemaDiff &Diff, std::vector<MigrationCoverage> Specs) {
  std::stable_sort(
      Specs.begin(), Specs.end(),
      [](const MigrationCoverage &A, const MigrationCoverage &B) { return A.Path < B.Path; });
  for (Change &C : Diff.Changes)
    for (const MigrationCoverage &Spec : Specs)
      if (coversChange(Spec, C)) {
        C.CoveredBy = Spec.Path;
        break;
      }
}

} // namespace modelcompat
