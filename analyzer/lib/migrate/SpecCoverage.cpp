//===- SpecCoverage.cpp - What a committed migration covers --------------===//
#include "modelcompat/migrate/SpecCoverage.h"

namespace modelcompat {

MigrationCoverage coverageOfSpec(const MigrationSpec &Spec, const std::string &Path) {
  MigrationCoverage Out;
  Out.Path = Path;
  Out.Module = Spec.Module;
  auto Old = [&](const std::string &Key) { Out.OldKeys.push_back(Key); };
  auto New = [&](const std::string &Key) { Out.NewKeys.push_back(Key); };
  for (const MigrationRule &Rule : Spec.Rules) {
    switch (Rule.Op) {
    case RuleOp::Rename:
    case RuleOp::Reshape:
      Old(Rule.From);
      New(Rule.To);
      break;
    case RuleOp::Split:
      Old(Rule.From);
      for (const std::string &Key : Rule.Keys)
        New(Key);
      break;
    case RuleOp::Merge:
      for (const std::string &Key : Rule.Keys)
        Old(Key);
      New(Rule.To);
      break;
    case RuleOp::Drop:
      Old(Rule.Key);
      break;
    case RuleOp::Init:
      New(Rule.Key);
      break;
    case RuleOp::Todo:
      break;
    }
  }
  return Out;
}

} // namespace modelcompat
