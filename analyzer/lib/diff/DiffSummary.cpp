//===- DiffSummary.cpp - Counts and the CI verdict of a diff -------------===//
#include "modelcompat/diff/DiffSummary.h"

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

DiffVerdict judgeDiff(const SchemaDiff &Diff, FailOn Policy) {
  DiffVerdict Verdict;
  for (const Change &C : Diff.Changes) {
    if (C.Suppressed)
      continue;
    Verdict.HasFindings = true;
    bool Uncovered = !C.CoveredBy;
    switch (Policy) {
    case FailOn::Breaking:
      Verdict.Fails |= C.Breaking && Uncovered;
      break;
    case FailOn::Any:
      Verdict.Fails |= Uncovered;
      break;
    case FailOn::Never:
      break;
    }
  }
  return Verdict;
}

} // namespace modelcompat
