//===- Suppressions.cpp - Findings a team has decided to accept ----------===//
#include "modelcompat/diff/Suppressions.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/ReadFile.h"

#include <set>

namespace modelcompat {

using nlohmann::json;

bool matchesGlob(const std::string &Pattern, const std::string &Text) {
  // Iterative matcher with one backtrack point for the last '*'.
  size_t P = 0, T = 0, Star = std::string::npos, Resume = 0;
  while (T < Text.size()) {
    if (P < Pattern.size() && (Pattern[P] == '?' || Pattern[P] == Text[T])) {
      ++P, ++T;
    } else if (P < Pattern.size() && Pattern[P] == '*') {
      Star = P++;
      Resume = T;
    } else if (Star != std::string::npos) {
      P = Star + 1;
      T = ++Resume;
    } else {
      return false;
    }
  }
  while (P < Pattern.size() && Pattern[P] == '*')
    ++P;
  return P == Pattern.size();
}

SuppressionFile suppressionsFromJson(const json &Document, const std::string &Path) {
  auto Fail = [&](const std::string &What) {
    return usageError("invalid suppressions file '" + Path + "': " + What);
  };
  if (!Document.is_object())
    throw Fail("expected a JSON object with a \"suppressions\" array");
  for (const auto &[Name, Value] : Document.items())
    if (Name != "schema_version" && Name != "suppressions")
      throw Fail("unknown field '" + Name + "'");
  if (auto It = Document.find("schema_version");
      It != Document.end() && (!It->is_number_integer() || It->get<int>() != 1))
    throw Fail("unsupported schema_version " + It->dump() + " (expected 1)");
  auto List = Document.find("suppressions");
  if (List == Document.end() || !List->is_array())
    throw Fail("missing \"suppressions\" array");

  SuppressionFile File{Path, {}};
  for (size_t I = 0; I < List->size(); ++I) {
    const json &Item = (*List)[I];
    std::string Where = "suppression " + std::to_string(I) + ": ";
    if (!Item.is_object())
      throw Fail(Where + "not a JSON object");
    Suppression Rule;
    for (const auto &[Name, Value] : Item.items()) {
      if (Name != "module" && Name != "key" && Name != "kind" && Name != "reason")
        throw Fail(Where + "unknown field '" + Name + "'");
      if (!Value.is_string() || Value.get<std::string>().empty())
        throw Fail(Where + "\"" + Name + "\" must be a non-empty string");
    }
    if (!Item.contains("reason"))
      throw Fail(Where + "missing \"reason\"");
    Rule.Reason = Item["reason"].get<std::string>();
    Rule.ModulePattern = Item.value("module", "*");
    Rule.KeyPattern = Item.value("key", "*");
    if (Item.contains("kind")) {
      std::string Kind = Item["kind"].get<std::string>();
      Rule.Kind = parseChangeKind(Kind);
      if (!Rule.Kind)
        throw Fail(Where + "unknown kind '" + Kind +
                   "' (expected added, removed, renamed, reshaped, retyped, "
                   "condition-changed, class-renamed, unresolved, "
                   "loop-bound-changed or shape-expression-changed)");
    }
    File.Rules.push_back(std::move(Rule));
  }
  return File;
}

SuppressionFile readSuppressions(const std::string &Path) {
  std::string Text;
  try {
    Text = readFile(Path);
  } catch (const Error &E) {
    throw usageError(E.what());
  }
  json Document = json::parse(Text, nullptr, /*allow_exceptions=*/false);
  if (Document.is_discarded())
    throw usageError("invalid suppressions file '" + Path + "': not valid JSON");
  return suppressionsFromJson(Document, Path);
}

bool suppresses(const Suppression &Rule, const Change &C) {
  if (Rule.Kind && *Rule.Kind != C.Kind)
    return false;
  if (!matchesGlob(Rule.ModulePattern, C.Module) &&
      !(!C.OldModule.empty() && matchesGlob(Rule.ModulePattern, C.OldModule)))
    return false;
  if (Rule.KeyPattern == "*")
    return true;
  return (C.OldKey && matchesGlob(Rule.KeyPattern, *C.OldKey)) ||
         (C.NewKey && matchesGlob(Rule.KeyPattern, *C.NewKey));
}

std::vector<size_t> applySuppressions(SchemaDiff &Diff, const SuppressionFile &File) {
  std::set<size_t> Used;
  for (Change &C : Diff.Changes)
    for (size_t I = 0; I < File.Rules.size(); ++I) {
      if (!suppresses(File.Rules[I], C))
        continue;
      Used.insert(I);
      if (!C.Suppressed) {
        C.Suppressed = true;
        C.SuppressionReason = File.Rules[I].Reason;
      }
    }
  std::vector<size_t> Unmatched;
  for (size_t I = 0; I < File.Rules.size(); ++I)
    if (!Used.count(I))
      Unmatched.push_back(I);
  return Unmatched;
}

std::string unmatchedSuppressionWarning(const SuppressionFile &File, size_t Index) {
  const Suppression &Rule = File.Rules[Index];
  return "suppression " + std::to_string(Index) + " in '" + File.Path + "' (module '" +
         Rule.ModulePattern + "', key '" + Rule.KeyPattern + "', kind " +
         (Rule.Kind ? std::string("'") + changeKindName(*Rule.Kind) + "'" : "any") +
         ") matched no finding";
}

} // namespace modelcompat
