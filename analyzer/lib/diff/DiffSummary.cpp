//===- DiffSummary.cpp - Counts and the CI exit code of a diff -----------===//
#include "modelcompat/diff/DiffSummary.h"
#include "modelcompat/support/ExitCode.h"

namespace modelcompat {

const char *failOnName(FailOn Policy) {
  switch (Policy) {
  case FailOn::Breaking:
    return "breaking";
  case FailOn::Any:
    return "any";
  case FailOn::Never:
    return "never";
  }
  return "breaking";
}

std::optional<FailOn> parseFailOn(const std::string &Name) {
  for (FailOn Policy : {FailOn::Breaking, FailOn::Any, FailOn::Never})
    if (Name == failOnName(Policy))
      return Policy;
  return std::nullopt;
}

DiffSummary summarizeDiff(const SchemaDiff &Diff) {
  DiffSummary Summary;
  for (const Change &C : Diff.Changes) {
    ++Summary.Total;
    Summary.Breaking += C.Breaking;
    Summary.Covered += C.CoveredBy.has_value();
    Summary.Suppressed += C.Suppressed;
    Summary.UncoveredBreaking += C.Breaking && !C.CoveredBy && !C.Suppressed;
  }
  return Summary;
}

int diffExitCode(const SchemaDiff &Diff, FailOn Policy) {
  if (Policy == FailOn::Never)
    return ExitOk;
  int Code = ExitOk;
  for (const Change &C : Diff.Changes) {
    if (C.Suppressed)
      continue;
    Code |= ExitChanges;
    bool Fails = Policy == FailOn::Any ? !C.CoveredBy : C.Breaking && !C.CoveredBy;
    if (Fails)
      Code |= ExitUncoveredBreaking;
  }
  return Code;
}

} // namespace modelcompat
