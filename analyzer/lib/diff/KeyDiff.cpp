//===- KeyDiff.cpp - Compare the state keys of one pair of classes -------===//
#include "modelcompat/diff/KeyDiff.h"
#include "modelcompat/diff/ContainerAlignment.h"
#include "modelcompat/diff/LoopFamilies.h"
#include "modelcompat/diff/RenameInference.h"
#include "modelcompat/diff/ShapeEquivalence.h"
#include "modelcompat/schema/BuiltinLayouts.h"
#include "modelcompat/schema/ConditionLogic.h"

#include <algorithm>
#include <set>

namespace modelcompat {
namespace {

std::string mapped(const std::string &Name, const std::map<std::string, std::string> *ClassNames) {
  if (!ClassNames)
    return Name;
  auto It = ClassNames->find(Name);
  return It == ClassNames->end() ? Name : It->second;
}

/// Whether two registrations construct their sub-module alike.
bool sameArguments(const StateEntry &Old, const StateEntry &New) {
  if (Old.Arguments.size() != New.Arguments.size())
    return false;
  for (const auto &[Name, Value] : Old.Arguments) {
    auto It = New.Arguments.find(Name);
    if (It == New.Arguments.end() ||
        comparableExpression(Value) != comparableExpression(It->second))
      return false;
  }
  return true;
}

using EntryPair = std::pair<const StateEntry *, const StateEntry *>;

/// The module entries registered under one name at both commits, paired.
/// An if/else may register one name once per branch, so the entries of a
/// name pair by equal condition first, then in the order they are written;
/// pairing every base entry with the last head entry of its name would
/// compare one branch with another.
std::vector<EntryPair> pairModuleEntries(const ModuleSchema &Base, const ModuleSchema &Head) {
  std::map<std::string, std::vector<const StateEntry *>> HeadByName;
  for (const StateEntry &Entry : Head.Entries)
    if (Entry.Kind == EntryKind::Module)
      HeadByName[Entry.Name].push_back(&Entry);
  std::map<std::string, std::vector<const StateEntry *>> BaseByName;
  for (const StateEntry &Entry : Base.Entries)
    if (Entry.Kind == EntryKind::Module && HeadByName.count(Entry.Name))
      BaseByName[Entry.Name].push_back(&Entry);
  auto Guard = [](const StateEntry *E) { return normaliseCondition(E->Condition.value_or("")); };
  std::vector<EntryPair> Pairs;
  for (auto &[Name, Olds] : BaseByName) {
    std::vector<const StateEntry *> &News = HeadByName[Name];
    std::vector<bool> OldUsed(Olds.size()), NewUsed(News.size());
    for (size_t O = 0; O < Olds.size(); ++O)
      for (size_t N = 0; N < News.size(); ++N)
        if (!NewUsed[N] && Guard(Olds[O]) == Guard(News[N])) {
          Pairs.emplace_back(Olds[O], News[N]);
          OldUsed[O] = NewUsed[N] = true;
          break;
        }
    size_t N = 0;
    for (size_t O = 0; O < Olds.size(); ++O) {
      if (OldUsed[O])
        continue;
      while (N < News.size() && NewUsed[N])
        ++N;
      if (N == News.size())
        break;
      Pairs.emplace_back(Olds[O], News[N]);
      NewUsed[N] = true;
    }
  }
  return Pairs;
}

/// Names of module entries whose keys the sub-module's own diff reports:
/// every registration of the name, at both commits, constructs a paired
/// class alike.
std::vector<std::string> pairedSubmoduleEntries(const ModuleSchema &Base, const ModuleSchema &Head,
                                                const std::vector<EntryPair> &Pairs,
                                                const ClassDiffContext &Context) {
  auto Count = [](const ModuleSchema &Module, const std::string &Name) {
    return std::count_if(Module.Entries.begin(), Module.Entries.end(),
                         [&](const StateEntry &E) { return E.Name == Name; });
  };
  std::map<std::string, bool> AllAlike;
  for (const auto &[Old, New] : Pairs) {
    const ModuleSchema *BaseClass = Context.BaseClasses->resolve(*Old, Base);
    const ModuleSchema *HeadClass = Context.HeadClasses->resolve(*New, Head);
    bool Alike =
        HeadClass && pairedClass(BaseClass, Context) == HeadClass && sameArguments(*Old, *New);
    auto [It, Inserted] = AllAlike.emplace(Old->Name, Alike);
    if (!Inserted)
      It->second = It->second && Alike;
  }
  std::vector<std::string> Names;
  for (const auto &[Name, Alike] : AllAlike)
    if (Alike && Count(Base, Name) == Count(Head, Name))
      Names.push_back(Name);
  return Names;
}

/// Two spellings of one builtin layer: `torch::nn::LinearImpl` (through
/// std::make_shared), `torch::nn::Linear`, `ModuleHolder<LinearImpl>`.
bool sameBuiltinLayer(const std::string &Old, const std::string &New) {
  std::optional<std::string> OldLayer = builtinLayerName(Old);
  return OldLayer && OldLayer == builtinLayerName(New);
}

/// Builds the findings of one class pair.
class ClassComparison {
public:
  ClassComparison(const ModuleSchema &Base, const ModuleSchema &Head,
                  const ClassDiffContext &Context)
      : Base(Base), Head(Head), Context(Context) {}

  std::vector<Change> run() {
    std::vector<EntryPair> EntryPairs = pairModuleEntries(Base, Head);
    std::vector<std::string> Skipped = pairedSubmoduleEntries(Base, Head, EntryPairs, Context);
    BaseKeys = comparedKeys(Base, Skipped);
    HeadKeys = comparedKeys(Head, Skipped);
    compareEntryTypes(EntryPairs, Skipped);
    pairKeys();
    dropRetypesOfMovedEntries();
    for (const auto &[B, H] : IdentityPairs)
      compareSameKey(BaseKeys[B], HeadKeys[H]);
    reportGroupedRetypes();
    reportRemovedAndAdded();
    return std::move(Changes);
  }

private:
  Change makeChange(ChangeKind Kind, const KeyRef *Old, const KeyRef *New) {
    Change C;
    C.Module = Head.ClassName;
    C.Kind = Kind;
    C.Breaking = isBreakingKind(Kind);
    const KeyRef &Where = New ? *New : *Old;
    C.Entry = Where.Key->Kind;
    C.File = New ? Head.File : Base.File;
    C.Line = Where.Key->Line;
    C.Column = Where.Key->Column;
    if (Old) {
      C.OldKey = Old->Key->Key;
      C.OldShape = Old->Key->Shape;
      C.OldLayer = Old->Key->Layer;
      C.OldCondition = Old->Key->Condition;
    }
    if (New) {
      C.NewKey = New->Key->Key;
      C.NewShape = New->Key->Shape;
      C.NewLayer = New->Key->Layer;
      C.NewCondition = New->Key->Condition;
    }
    return C;
  }

  /// A builtin layer swapped for another under the same name.
  void compareEntryTypes(const std::vector<EntryPair> &EntryPairs,
                         const std::vector<std::string> &Skipped) {
    for (const auto &[OldEntry, NewEntry] : EntryPairs) {
      const StateEntry &Old = *OldEntry, &New = *NewEntry;
      if (std::count(Skipped.begin(), Skipped.end(), Old.Name)) {
        compareSkippedEntryCondition(Old, New);
        continue;
      }
      const ModuleSchema *OldClass = Context.BaseClasses->resolve(Old, Base);
      const ModuleSchema *NewClass = Context.HeadClasses->resolve(New, Head);
      std::string OldType = OldClass ? OldClass->ClassName : Old.Type;
      std::string NewType = NewClass ? NewClass->ClassName : New.Type;
      if (OldClass && NewClass) {
        if (pairedClass(OldClass, Context) == NewClass)
          continue;
      } else if (mapped(OldType, Context.ClassNames) == NewType ||
                 sameBuiltinLayer(OldType, NewType)) {
        continue;
      }
      Change C;
      C.Module = Head.ClassName;
      C.Kind = ChangeKind::Retyped;
      C.Breaking = isBreakingKind(C.Kind);
      C.Entry = EntryKind::Module;
      C.OldKey = Old.Name;
      C.NewKey = New.Name;
      // One spelling for two classes (namespaces, holders): name the classes.
      C.OldLayer = Old.Type == New.Type ? OldType : Old.Type;
      C.NewLayer = Old.Type == New.Type ? NewType : New.Type;
      C.File = Head.File;
      C.Line = New.Line;
      C.Column = New.Column;
      Changes.push_back(std::move(C));
      RetypedEntries.insert(Old.Name);
    }
  }

  /// A paired sub-module's keys are reported by its own class, but whether
  /// it is registered at all is this class's business.
  void compareSkippedEntryCondition(const StateEntry &Old, const StateEntry &New) {
    if (normaliseCondition(Old.Condition.value_or("")) ==
        normaliseCondition(New.Condition.value_or("")))
      return;
    Change C;
    C.Module = Head.ClassName;
    C.Kind = ChangeKind::ConditionChanged;
    C.Breaking = isBreakingKind(C.Kind);
    C.Entry = EntryKind::Module;
    C.OldKey = Old.Name;
    C.NewKey = New.Name;
    C.OldCondition = Old.Condition;
    C.NewCondition = New.Condition;
    C.File = Head.File;
    C.Line = New.Line;
    C.Column = New.Column;
    Changes.push_back(std::move(C));
  }

  /// Pairs keys: same key at both sides, container items that moved, then
  /// proposed renames among what is left.
  void pairKeys() {
    // The n-th base key of a name faces the n-th head key of that name (an
    // if/else that registers one name with two layouts, at both commits).
    std::map<std::string, std::vector<size_t>> HeadByName;
    for (size_t I = 0; I < HeadKeys.size(); ++I)
      HeadByName[HeadKeys[I].Key->Key].push_back(I);
    std::map<std::string, size_t> HeadByKey;
    for (const auto &[Name, Indexes] : HeadByName)
      HeadByKey.emplace(Name, Indexes.front());

    std::vector<std::pair<std::string, std::string>> Texts;
    for (const KeyRef &Ref : BaseKeys)
      if (auto It = HeadByKey.find(Ref.Key->Key); It != HeadByKey.end()) {
        const StateKey &New = *HeadKeys[It->second].Key;
        for (auto &Dims : alignedDimensions(Ref.Key->Shape, New.Shape))
          Texts.push_back(std::move(Dims));
        if (Ref.Key->Condition && New.Condition)
          Texts.emplace_back(*Ref.Key->Condition, *New.Condition);
      }
    Renaming = learnIdentifierRenaming(Texts);

    std::map<std::string, std::string> Moves;
    std::set<std::string> MoveTargets;
    std::map<std::pair<std::string, std::string>, std::string> MovedItems;
    for (const ShiftedKey &Shift : alignContainerItems(BaseKeys, HeadKeys, Renaming)) {
      Moves[Shift.OldKey] = Shift.NewKey;
      MoveTargets.insert(Shift.NewKey);
      MovedItems.emplace(std::make_pair(Shift.Container + "." + std::to_string(Shift.OldIndex),
                                        Shift.Container + "." + std::to_string(Shift.NewIndex)),
                         Shift.NewKey);
    }

    std::vector<bool> HeadUsed(HeadKeys.size(), false);
    std::vector<size_t> Removed;
    for (size_t B = 0; B < BaseKeys.size(); ++B) {
      const std::string &Key = BaseKeys[B].Key->Key;
      auto Move = Moves.find(Key);
      auto Same = HeadByKey.find(Move == Moves.end() ? Key : Move->second);
      if (Same != HeadByKey.end())
        Same->second = sameNameCandidate(BaseKeys[B], HeadByName[Same->first], HeadUsed);
      if (Same == HeadByKey.end() || HeadUsed[Same->second] ||
          (Move == Moves.end() && MoveTargets.count(Key))) {
        Removed.push_back(B);
        continue;
      }
      HeadUsed[Same->second] = true;
      if (Move == Moves.end()) {
        IdentityPairs.emplace_back(B, Same->second);
        continue;
      }
      Change C = makeChange(ChangeKind::Renamed, &BaseKeys[B], &HeadKeys[Same->second]);
      C.Confidence = 0.95;
      C.Reason = "same type and shape; item moved in its container";
      Changes.push_back(std::move(C));
    }
    // One finding per moved item, before the keys inside it.
    for (const auto &[Prefixes, SomeKey] : MovedItems) {
      const KeyRef &Where = HeadKeys[HeadByKey.at(SomeKey)];
      Changes.push_back(movedSubtree(Prefixes.first, Prefixes.second, Where, 0.95,
                                     "same layout; item moved in its container"));
    }

    std::vector<KeyRef> RemovedRefs, AddedRefs;
    for (size_t B : Removed)
      RemovedRefs.push_back(BaseKeys[B]);
    for (size_t H = 0; H < HeadKeys.size(); ++H)
      if (!HeadUsed[H])
        AddedRefs.push_back(HeadKeys[H]);
    pairLoopFamilies(RemovedRefs, AddedRefs);

    // Whole sub-trees that moved: one rename of the prefix, then its keys.
    std::vector<bool> RemovedTaken(RemovedRefs.size()), AddedTaken(AddedRefs.size());
    for (const MovedSubtree &Move :
         alignSubtrees(BaseKeys, HeadKeys, RemovedRefs, AddedRefs, Renaming)) {
      Changes.push_back(movedSubtree(Move.OldPrefix, Move.NewPrefix,
                                     AddedRefs[Move.Keys.front().second], Move.Confidence,
                                     Move.Reason));
      for (const auto &[R, A] : Move.Keys) {
        Change C = makeChange(ChangeKind::Renamed, &RemovedRefs[R], &AddedRefs[A]);
        C.Confidence = Move.Confidence;
        C.Reason = "moved with its sub-module '" + Move.OldPrefix + "' -> '" + Move.NewPrefix + "'";
        Changes.push_back(std::move(C));
        RemovedTaken[R] = AddedTaken[A] = true;
      }
    }

    std::vector<KeyRef> LooseRemoved, LooseAdded;
    for (size_t I = 0; I < RemovedRefs.size(); ++I)
      if (!RemovedTaken[I])
        LooseRemoved.push_back(RemovedRefs[I]);
    for (size_t I = 0; I < AddedRefs.size(); ++I)
      if (!AddedTaken[I])
        LooseAdded.push_back(AddedRefs[I]);
    RenameContext Renames{Renaming, Context.ClassNames, Context.RenameThreshold};
    std::vector<bool> LooseRemovedTaken(LooseRemoved.size()), LooseAddedTaken(LooseAdded.size());
    for (const ProposedRename &P : proposeRenames(LooseRemoved, LooseAdded, Renames)) {
      Change C = makeChange(ChangeKind::Renamed, &LooseRemoved[P.Removed], &LooseAdded[P.Added]);
      C.Confidence = P.Confidence;
      C.Reason = P.Reason;
      Changes.push_back(std::move(C));
      LooseRemovedTaken[P.Removed] = LooseAddedTaken[P.Added] = true;
    }
    for (size_t I = 0; I < LooseRemoved.size(); ++I)
      if (!LooseRemovedTaken[I])
        LeftRemoved.push_back(LooseRemoved[I]);
    for (size_t I = 0; I < LooseAdded.size(); ++I)
      if (!LooseAddedTaken[I])
        LeftAdded.push_back(LooseAdded[I]);
  }

  /// A name whose sub-module moved away (or that a moved one now holds)
  /// was not retyped: its old and new holders are different children.
  void dropRetypesOfMovedEntries() {
    Changes.erase(std::remove_if(Changes.begin(), Changes.end(),
                                 [&](const Change &C) {
                                   return C.Kind == ChangeKind::Retyped &&
                                          C.Entry == EntryKind::Module &&
                                          (MovedFrom.count(C.OldKey.value_or("")) ||
                                           MovedTo.count(C.NewKey.value_or("")));
                                 }),
                  Changes.end());
  }

  /// The finding for a sub-module whose keys all moved to another prefix.
  Change movedSubtree(const std::string &OldPrefix, const std::string &NewPrefix,
                      const KeyRef &Where, double Confidence, std::string Reason) {
    MovedFrom.insert(OldPrefix);
    MovedTo.insert(NewPrefix);
    Change C;
    C.Module = Head.ClassName;
    C.Kind = ChangeKind::Renamed;
    C.Breaking = isBreakingKind(C.Kind);
    C.Entry = EntryKind::Module;
    C.OldKey = OldPrefix;
    C.NewKey = NewPrefix;
    C.Confidence = Confidence;
    C.Reason = std::move(Reason);
    C.File = Head.File;
    C.Line = Where.Key->Line;
    C.Column = Where.Key->Column;
    return C;
  }

  /// Unrolled loop items against symbolic families: one finding per family
  /// instead of a removed or added finding per key. Takes the keys a family
  /// covers out of Removed and Added.
  void pairLoopFamilies(std::vector<KeyRef> &Removed, std::vector<KeyRef> &Added) {
    std::vector<FamilyCoverage> Families =
        matchLoopFamilies(Removed, Added, Renaming, Context.ClassNames);
    std::vector<bool> RemovedTaken(Removed.size()), AddedTaken(Added.size());
    for (const FamilyCoverage &Family : Families) {
      for (size_t I : Family.OldKeys)
        RemovedTaken[I] = true;
      for (size_t I : Family.NewKeys)
        AddedTaken[I] = true;
      if (Family.SameFamily)
        continue;
      if (Family.Covered && !Family.RenamedItems.empty()) {
        renameLoopItems(Family, Removed, Added);
        continue;
      }
      const KeyRef *Old = &Removed[Family.OldKeys.front()];
      const KeyRef *New = &Added[Family.NewKeys.front()];
      Change C = makeChange(Family.Covered ? ChangeKind::LoopBoundChanged : ChangeKind::Unresolved,
                            Old, New);
      C.Entry = EntryKind::Module;
      C.OldKey = Family.OldFamily;
      C.NewKey = Family.NewFamily;
      C.OldShape = C.NewShape = std::nullopt;
      C.OldLayer = C.NewLayer = "";
      C.OldCondition = C.NewCondition = std::nullopt;
      C.Reason = Family.Reason;
      Changes.push_back(std::move(C));
    }
    auto Keep = [](std::vector<KeyRef> &Refs, const std::vector<bool> &Taken) {
      std::vector<KeyRef> Kept;
      for (size_t I = 0; I < Refs.size(); ++I)
        if (!Taken[I])
          Kept.push_back(Refs[I]);
      Refs = std::move(Kept);
    };
    Keep(Removed, RemovedTaken);
    Keep(Added, AddedTaken);
  }

  /// Loop items whose name changed with the loop (fpn_layer2 ->
  /// fpn_layers{i + 1} at i + 1 = 2): one sub-tree rename per item, then
  /// its keys, each to the family's key at the item's index.
  void renameLoopItems(const FamilyCoverage &Family, const std::vector<KeyRef> &Removed,
                       const std::vector<KeyRef> &Added) {
    constexpr double Confidence = 0.85;
    for (const auto &[OldPrefix, NewPrefix] : Family.RenamedItems) {
      std::vector<std::pair<const KeyRef *, const KeyRef *>> Pairs;
      for (size_t O : Family.OldKeys) {
        const std::string &OldKey = Removed[O].Key->Key;
        if (OldKey.compare(0, OldPrefix.size() + 1, OldPrefix + ".") != 0)
          continue;
        std::string Suffix = OldKey.substr(OldPrefix.size());
        for (size_t N : Family.NewKeys) {
          const std::string &NewKey = Added[N].Key->Key;
          if (NewKey.size() > Suffix.size() &&
              NewKey.compare(NewKey.size() - Suffix.size(), Suffix.size(), Suffix) == 0 &&
              matchesLoopPattern(NewKey.substr(0, NewKey.size() - Suffix.size()), NewPrefix)) {
            Pairs.push_back({&Removed[O], &Added[N]});
            break;
          }
        }
      }
      if (Pairs.empty())
        continue;
      Changes.push_back(
          movedSubtree(OldPrefix, NewPrefix, *Pairs.front().second, Confidence, Family.Reason));
      for (const auto &[Old, New] : Pairs) {
        Change C = makeChange(ChangeKind::Renamed, Old, New);
        C.NewKey = NewPrefix + Old->Key->Key.substr(OldPrefix.size());
        C.Confidence = Confidence;
        C.Reason = "moved with its sub-module '" + OldPrefix + "' -> '" + NewPrefix + "'";
        Changes.push_back(std::move(C));
      }
    }
  }

  /// Among the head keys of one name, the one a base key faces: the first
  /// unused one under the same guard (branches of an if/else that register
  /// one name with two layouts, possibly swapped), else the first unused.
  size_t sameNameCandidate(const KeyRef &Old, const std::vector<size_t> &Candidates,
                           const std::vector<bool> &HeadUsed) const {
    std::string Guard = normaliseCondition(Old.Key->Condition.value_or(""));
    for (size_t H : Candidates)
      if (!HeadUsed[H] && normaliseCondition(HeadKeys[H].Key->Condition.value_or("")) == Guard)
        return H;
    for (size_t H : Candidates)
      if (!HeadUsed[H])
        return H;
    return Candidates.front();
  }

  void compareSameKey(const KeyRef &Old, const KeyRef &New) {
    const StateKey &O = *Old.Key, &N = *New.Key;
    if (O.Shape && N.Shape && !equivalentShapes(*O.Shape, *N.Shape, Renaming)) {
      DefaultsVerdict Defaults =
          compareUnderDefaults(*O.Shape, *N.Shape, Base.Defaults, Head.Defaults, Renaming);
      bool Equal = Defaults.K == DefaultsVerdict::Kind::Equal;
      Change C =
          makeChange(Equal ? ChangeKind::ShapeExpressionChanged : ChangeKind::Reshaped, &Old, &New);
      C.Reason = Defaults.Reason;
      if (sameLayerType(O.Layer, N.Layer, Context.ClassNames))
        C.OldLayer = C.NewLayer = "";
      Changes.push_back(std::move(C));
    } else if (O.Kind != N.Kind) {
      Change C = makeChange(ChangeKind::Retyped, &Old, &New);
      C.Reason = std::string(entryKindName(O.Kind)) + " became " + entryKindName(N.Kind);
      Changes.push_back(std::move(C));
    } else if (!sameLayerType(O.Layer, N.Layer, Context.ClassNames) &&
               !(Old.Entry && RetypedEntries.count(Old.Entry->Name))) {
      GroupedRetypes[{ownerPath(O.Key), O.Layer, N.Layer}].push_back({&Old, &New});
    }
    std::string OldCondition =
        normaliseCondition(comparableExpression(O.Condition.value_or(""), Renaming));
    std::string NewCondition = normaliseCondition(comparableExpression(N.Condition.value_or("")));
    if (OldCondition != NewCondition)
      Changes.push_back(makeChange(ChangeKind::ConditionChanged, &Old, &New));
  }

  /// One retyped finding per layer whose type changed under the same keys.
  void reportGroupedRetypes() {
    for (const auto &[Group, Pairs] : GroupedRetypes) {
      const auto &[Owner, OldLayer, NewLayer] = Group;
      Change C = makeChange(ChangeKind::Retyped, Pairs.front().first, Pairs.front().second);
      C.Entry = Pairs.size() > 1 || Owner != C.NewKey ? EntryKind::Module : C.Entry;
      C.OldKey = C.NewKey = Owner;
      if (C.Entry == EntryKind::Module)
        C.OldShape = C.NewShape = std::nullopt;
      Changes.push_back(std::move(C));
    }
  }

  void reportRemovedAndAdded() {
    for (const KeyRef &Old : LeftRemoved) {
      bool Unknown = Old.Key->Kind == EntryKind::Unresolved;
      Change C = makeChange(Unknown ? ChangeKind::Unresolved : ChangeKind::Removed, &Old, nullptr);
      if (Unknown)
        C.Reason = "the name of a removed registration could not be resolved";
      Changes.push_back(std::move(C));
    }
    for (const KeyRef &New : LeftAdded) {
      bool Unknown = New.Key->Kind == EntryKind::Unresolved;
      Change C = makeChange(Unknown ? ChangeKind::Unresolved : ChangeKind::Added, nullptr, &New);
      if (Unknown)
        C.Reason = "the name of an added registration could not be resolved";
      Changes.push_back(std::move(C));
    }
  }

  const ModuleSchema &Base, &Head;
  const ClassDiffContext &Context;
  std::vector<KeyRef> BaseKeys, HeadKeys;
  IdentifierRenaming Renaming;
  std::vector<std::pair<size_t, size_t>> IdentityPairs;
  std::vector<KeyRef> LeftRemoved, LeftAdded;
  std::set<std::string> RetypedEntries;
  std::set<std::string> MovedFrom, MovedTo; ///< Prefixes of moved sub-modules.
  std::map<std::tuple<std::string, std::string, std::string>,
           std::vector<std::pair<const KeyRef *, const KeyRef *>>>
      GroupedRetypes;
  std::vector<Change> Changes;
};

} // namespace

const ModuleSchema *pairedClass(const ModuleSchema *BaseClass, const ClassDiffContext &Context) {
  if (!BaseClass || !Context.ClassPairs)
    return nullptr;
  auto It = Context.ClassPairs->find(BaseClass);
  return It == Context.ClassPairs->end() ? nullptr : It->second;
}

std::string ownerPath(const std::string &Key) {
  size_t Dot = Key.rfind('.');
  return Dot == std::string::npos ? Key : Key.substr(0, Dot);
}

bool sameLayerType(const std::string &Base, const std::string &Head,
                   const std::map<std::string, std::string> *ClassNames) {
  return mapped(Base, ClassNames) == Head;
}

bool isBreakingKind(ChangeKind Kind) {
  switch (Kind) {
  case ChangeKind::Retyped:
  case ChangeKind::ClassRenamed:
  case ChangeKind::LoopBoundChanged:
  case ChangeKind::ShapeExpressionChanged:
    return false;
  default:
    return true;
  }
}

std::vector<KeyRef> comparedKeys(const ModuleSchema &Module,
                                 const std::vector<std::string> &SkippedEntries) {
  std::vector<KeyRef> Keys;
  bool HasEntryKeys = std::any_of(Module.Entries.begin(), Module.Entries.end(),
                                  [](const StateEntry &E) { return !E.Keys.empty(); });
  if (HasEntryKeys) {
    for (const StateEntry &Entry : Module.Entries) {
      if (std::count(SkippedEntries.begin(), SkippedEntries.end(), Entry.Name))
        continue;
      for (const StateKey &Key : Entry.Keys)
        Keys.push_back({&Key, &Entry, 0});
    }
  } else {
    for (const StateKey &Key : Module.StateDict)
      Keys.push_back({&Key, nullptr, 0});
  }
  for (size_t I = 0; I < Keys.size(); ++I)
    Keys[I].Position = Keys.size() > 1 ? double(I) / (Keys.size() - 1) : 0;
  return Keys;
}

std::vector<Change> diffClassKeys(const ModuleSchema &Base, const ModuleSchema &Head,
                                  const ClassDiffContext &Context) {
  return ClassComparison(Base, Head, Context).run();
}

} // namespace modelcompat
