//===- SubmoduleFindings.cpp - One report per change, at its class --------===//
#include "modelcompat/diff/SubmoduleFindings.h"

#include <map>
#include <set>
#include <tuple>

namespace modelcompat {
namespace {

/// A finding as the class that makes it states it.
using FindingId = std::tuple<std::string, ChangeKind, std::string, std::string>;

FindingId findingId(const std::string &Module, ChangeKind Kind,
                    const std::optional<std::string> &OldKey,
                    const std::optional<std::string> &NewKey) {
  return {Module, Kind, OldKey.value_or(""), NewKey.value_or("")};
}

/// The user sub-module registration of Owner whose keys hold Key ("blocks.{i}"
/// for "blocks.{i}.conv.weight"), the longest such name, with the class it
/// instantiates; null when Key is not inside a user sub-module.
struct Submodule {
  const StateEntry *Entry = nullptr;
  const ModuleSchema *Class = nullptr;
};

Submodule submoduleHolding(const ModuleSchema &Owner, const std::string &Key,
                           const ClassResolver &Classes) {
  Submodule Found;
  for (const StateEntry &Entry : Owner.Entries) {
    if (Entry.Kind != EntryKind::Module || Key.size() <= Entry.Name.size() ||
        Key.compare(0, Entry.Name.size(), Entry.Name) != 0 || Key[Entry.Name.size()] != '.')
      continue;
    if (Found.Entry && Found.Entry->Name.size() >= Entry.Name.size())
      continue;
    if (const ModuleSchema *Class = Classes.resolve(Entry, Owner))
      Found = {&Entry, Class};
  }
  return Found;
}

std::optional<std::string> relativeTo(const std::optional<std::string> &Key,
                                      const Submodule &Holder) {
  if (!Key || !Holder.Entry)
    return std::nullopt;
  return Key->substr(Holder.Entry->Name.size() + 1);
}

/// The same change as the sub-module's class would state it, if the change
/// lies inside one user sub-module, the same at both sides.
std::optional<FindingId> asSubmoduleFinding(const Change &C, const ClassMatch &Owner,
                                            const ClassDiffContext &Context) {
  Submodule Old, New;
  if (C.OldKey)
    Old = submoduleHolding(*Owner.Base, *C.OldKey, *Context.BaseClasses);
  if (C.NewKey)
    New = submoduleHolding(*Owner.Head, *C.NewKey, *Context.HeadClasses);
  if ((C.OldKey && !Old.Entry) || (C.NewKey && !New.Entry))
    return std::nullopt;
  const ModuleSchema *HeadClass = New.Class ? New.Class : pairedClass(Old.Class, Context);
  if (!HeadClass)
    return std::nullopt;
  if (Old.Entry && New.Entry &&
      (Old.Entry->Name != New.Entry->Name || pairedClass(Old.Class, Context) != HeadClass))
    return std::nullopt;
  return findingId(HeadClass->ClassName, C.Kind, relativeTo(C.OldKey, Old),
                   relativeTo(C.NewKey, New));
}

} // namespace

void dropFindingsReportedBySubmodules(std::vector<Change> &Changes,
                                      const std::vector<ClassMatch> &Matches,
                                      const ClassDiffContext &Context) {
  std::set<FindingId> Reported;
  for (const Change &C : Changes)
    Reported.insert(findingId(C.Module, C.Kind, C.OldKey, C.NewKey));
  std::map<std::string, std::vector<const ClassMatch *>> MatchesByHeadName;
  for (const ClassMatch &Match : Matches)
    if (Match.Base && Match.Head)
      MatchesByHeadName[Match.Head->ClassName].push_back(&Match);

  auto ReportedBelow = [&](const Change &C) {
    auto It = MatchesByHeadName.find(C.Module);
    if (It == MatchesByHeadName.end() || C.Kind == ChangeKind::ClassRenamed ||
        C.Kind == ChangeKind::Unresolved)
      return false;
    for (const ClassMatch *Owner : It->second) {
      if (C.File != Owner->Head->File && C.File != Owner->Base->File)
        continue;
      std::optional<FindingId> Below = asSubmoduleFinding(C, *Owner, Context);
      if (Below && Reported.count(*Below))
        return true;
    }
    return false;
  };
  std::vector<Change> Kept;
  for (Change &C : Changes)
    if (!ReportedBelow(C))
      Kept.push_back(std::move(C));
  Changes = std::move(Kept);
}

} // namespace modelcompat
