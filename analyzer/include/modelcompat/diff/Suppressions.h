//===- Suppressions.h - Findings a team has decided to accept ---*- C++ -*-===//
//
// `--suppressions FILE`:
//   {"schema_version": 1,
//    "suppressions": [{"module": "ns::*Impl", "key": "proj_attn.*",
//                      "kind": "renamed", "reason": "checkpoints rebuilt"}]}
// "module" and "key" are globs (`*`, `?`; default `*`), "kind" a finding kind
// (default: any), "reason" is mandatory. Suppressed findings stay in the
// json and sarif output, marked, and count in the summary, but set no exit
// bit.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_DIFF_SUPPRESSIONS_H
#define MODELCOMPAT_DIFF_SUPPRESSIONS_H

#include "modelcompat/diff/SchemaDiff.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace modelcompat {

/// One suppression rule.
struct Suppression {
  std::string ModulePattern = "*";
  std::string KeyPattern = "*";
  std::optional<ChangeKind> Kind; ///< Any kind when unset.
  std::string Reason;
};

/// A parsed suppressions file.
struct SuppressionFile {
  std::string Path;
  std::vector<Suppression> Rules;
};

/// Shell-style glob: `*` any run, `?` one character.
bool matchesGlob(const std::string &Pattern, const std::string &Text);

/// Validates and decodes a suppressions document; throws a usage Error
/// "invalid suppressions file '<path>': suppression 0: missing \"reason\"".
SuppressionFile suppressionsFromJson(const nlohmann::json &Document, const std::string &Path);
/// Reads and validates a file; unreadable or invalid is a usage Error.
SuppressionFile readSuppressions(const std::string &Path);

/// Whether Rule matches C: module glob against the module (or the old class
/// name), key glob against the old or the new key, kind.
bool suppresses(const Suppression &Rule, const Change &C);

/// Marks matching changes suppressed (first matching rule's reason) and
/// returns the indexes of rules that matched nothing.
std::vector<size_t> applySuppressions(SchemaDiff &Diff, const SuppressionFile &File);

/// "suppression 0 in 'f.json' (module 'X', key '*', kind any) matched no finding"
std::string unmatchedSuppressionWarning(const SuppressionFile &File, size_t Index);

} // namespace modelcompat

#endif
