//===- AlternativeRegistrations.cpp - One key from both branches ---------===//
#include "modelcompat/diff/AlternativeRegistrations.h"
#include "modelcompat/diff/ShapeEquivalence.h"
#include "modelcompat/schema/ConditionLogic.h"

#include <map>
#include <string>

namespace modelcompat {
namespace {

bool sameLayout(const StateKey &A, const StateKey &B) {
  if (A.Kind != B.Kind || A.Layer != B.Layer || A.Dtype != B.Dtype ||
      A.Shape.has_value() != B.Shape.has_value())
    return false;
  return !A.Shape || equivalentShapes(*A.Shape, *B.Shape, {});
}

/// Merges Key into Into when they are alternatives of one registration.
bool mergeKey(StateKey &Into, const StateKey &Key) {
  if (!sameLayout(Into, Key))
    return false;
  auto Merged = mergeAlternativeConditions(Into.Condition, Key.Condition);
  if (!Merged)
    return false;
  Into.Condition = *Merged;
  return true;
}

/// Merges duplicate keys of one list in place; returns, for each key, whether
/// it was merged into an earlier one.
std::vector<bool> mergeKeyList(std::vector<StateKey *> Keys) {
  std::vector<bool> Merged(Keys.size(), false);
  std::map<std::string, std::vector<size_t>> ByName;
  for (size_t I = 0; I < Keys.size(); ++I) {
    std::vector<size_t> &Earlier = ByName[Keys[I]->Key];
    for (size_t J : Earlier)
      if (mergeKey(*Keys[J], *Keys[I])) {
        Merged[I] = true;
        break;
      }
    if (!Merged[I])
      Earlier.push_back(I);
  }
  return Merged;
}

void mergeStateDict(std::vector<StateKey> &StateDict) {
  std::vector<StateKey *> Keys;
  for (StateKey &Key : StateDict)
    Keys.push_back(&Key);
  std::vector<bool> Merged = mergeKeyList(Keys);
  std::vector<StateKey> Kept;
  for (size_t I = 0; I < StateDict.size(); ++I)
    if (!Merged[I])
      Kept.push_back(std::move(StateDict[I]));
  StateDict = std::move(Kept);
}

void mergeEntries(std::vector<StateEntry> &Entries) {
  std::vector<StateKey *> Keys;
  std::vector<std::pair<size_t, size_t>> Owners; // (entry, key) per key.
  for (size_t E = 0; E < Entries.size(); ++E)
    for (size_t K = 0; K < Entries[E].Keys.size(); ++K) {
      Keys.push_back(&Entries[E].Keys[K]);
      Owners.emplace_back(E, K);
    }
  std::vector<bool> Merged = mergeKeyList(Keys);
  std::vector<std::vector<bool>> KeyMerged(Entries.size());
  for (size_t E = 0; E < Entries.size(); ++E)
    KeyMerged[E].assign(Entries[E].Keys.size(), false);
  for (size_t I = 0; I < Keys.size(); ++I)
    KeyMerged[Owners[I].first][Owners[I].second] = Merged[I];

  std::vector<StateEntry> Kept;
  std::map<std::string, size_t> KeptByName;
  for (size_t E = 0; E < Entries.size(); ++E) {
    StateEntry &Entry = Entries[E];
    bool AllMerged = true;
    for (bool M : KeyMerged[E])
      AllMerged = AllMerged && M;
    auto Earlier = KeptByName.find(Entry.Name);
    if (AllMerged && Earlier != KeptByName.end()) {
      StateEntry &Into = Kept[Earlier->second];
      if (Into.Kind == Entry.Kind && Into.Type == Entry.Type &&
          Into.ModuleClass == Entry.ModuleClass)
        if (auto Condition = mergeAlternativeConditions(Into.Condition, Entry.Condition)) {
          Into.Condition = *Condition;
          continue;
        }
    }
    std::vector<StateKey> Own;
    for (size_t K = 0; K < Entry.Keys.size(); ++K)
      if (!KeyMerged[E][K])
        Own.push_back(std::move(Entry.Keys[K]));
    Entry.Keys = std::move(Own);
    KeptByName.emplace(Entry.Name, Kept.size());
    Kept.push_back(std::move(Entry));
  }
  Entries = std::move(Kept);
}

} // namespace

void mergeAlternativeRegistrations(ModuleSchema &Module) {
  mergeEntries(Module.Entries);
  mergeStateDict(Module.StateDict);
}

void mergeAlternativeRegistrations(std::vector<ModuleSchema> &Modules) {
  for (ModuleSchema &Module : Modules)
    mergeAlternativeRegistrations(Module);
}

} // namespace modelcompat
