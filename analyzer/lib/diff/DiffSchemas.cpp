//===- DiffSchemas.cpp - Compare two scans class by class ----------------===//
#include "modelcompat/diff/DiffSchemas.h"
#include "modelcompat/diff/ClassMatching.h"
#include "modelcompat/diff/KeyDiff.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace modelcompat {
namespace {

/// Files whose errors make their classes unresolved: errors at one side, or
/// at both sides in a file that changed.
std::set<std::string> brokenFiles(const ScanResult &Side, const ScanResult &Other,
                                  const DiffOptions &Options) {
  std::set<std::string> Broken;
  for (const std::string &File : Side.FilesWithErrors) {
    bool AlsoOther = std::count(Other.FilesWithErrors.begin(),
                                Other.FilesWithErrors.end(), File) != 0;
    if (!(AlsoOther && Options.UnchangedFiles.count(File)))
      Broken.insert(File);
  }
  return Broken;
}

Change unresolvedClass(const ModuleSchema &Module, const std::string &File,
                       const char *Side) {
  Change C;
  C.Module = Module.ClassName;
  C.Kind = ChangeKind::Unresolved;
  C.Breaking = isBreakingKind(C.Kind);
  C.Entry = EntryKind::Module;
  C.File = File;
  C.Line = Module.Line;
  C.Reason = File + " failed to parse at " + Side;
  return C;
}

Change classRenamed(const ClassMatch &Match) {
  Change C;
  C.Module = Match.Head->ClassName;
  C.OldModule = Match.Base->ClassName;
  C.Kind = ChangeKind::ClassRenamed;
  C.Breaking = isBreakingKind(C.Kind);
  C.Entry = EntryKind::Module;
  C.File = Match.Head->File;
  C.Line = Match.Head->Line;
  C.Confidence = Match.IdenticalLayout
                     ? (Match.Base->File == Match.Head->File ? 1.0 : 0.9)
                     : 0.6;
  C.Reason = Match.Reason;
  if (Match.Base->Holder && Match.Head->Holder &&
      *Match.Base->Holder != *Match.Head->Holder) {
    C.OldLayer = *Match.Base->Holder;
    C.NewLayer = *Match.Head->Holder;
  }
  return C;
}

} // namespace

void sortChanges(std::vector<Change> &Changes) {
  auto Rank = [](const Change &C) {
    return std::make_tuple(C.Module, C.OldKey.value_or(C.NewKey.value_or("")),
                           static_cast<int>(C.Kind), C.NewKey.value_or(""), C.File);
  };
  std::stable_sort(Changes.begin(), Changes.end(),
                   [&](const Change &A, const Change &B) { return Rank(A) < Rank(B); });
}

SchemaDiff diffSchemas(const ScanResult &Base, const ScanResult &Head,
                       const DiffOptions &Options) {
  std::vector<ClassMatch> Matches = matchClasses(Base.Modules, Head.Modules);
  std::map<std::string, std::string> ClassNames = classNameMapping(Matches);
  ClassPairs Pairs = classPairs(Matches);
  ClassResolver BaseClasses(Base.Modules), HeadClasses(Head.Modules);
  ClassDiffContext Context{&BaseClasses, &HeadClasses, &ClassNames, &Pairs,
                           Options.RenameThreshold};
  std::set<std::string> BaseBroken = brokenFiles(Base, Head, Options);
  std::set<std::string> HeadBroken = brokenFiles(Head, Base, Options);

  SchemaDiff Diff;
  std::set<std::string> FilesWithFindings;
  for (const ClassMatch &Match : Matches) {
    // A class is unresolved when its file failed at either side, including
    // a class that vanished because its file no longer parses.
    const ModuleSchema &Shown = Match.Head ? *Match.Head : *Match.Base;
    const std::string &BaseFile = Match.Base ? Match.Base->File : Shown.File;
    const std::string &HeadFile = Match.Head ? Match.Head->File : Shown.File;
    if (BaseBroken.count(BaseFile) || HeadBroken.count(HeadFile)) {
      bool AtBase = BaseBroken.count(BaseFile) != 0;
      const std::string &File = AtBase ? BaseFile : HeadFile;
      Diff.Changes.push_back(unresolvedClass(Shown, File, AtBase ? "base" : "head"));
      FilesWithFindings.insert(File);
      continue;
    }
    if (!Match.Base || !Match.Head)
      continue;
    if (Match.Renamed)
      Diff.Changes.push_back(classRenamed(Match));
    for (Change &C : diffClassKeys(*Match.Base, *Match.Head, Context))
      Diff.Changes.push_back(std::move(C));
  }

  // A broken file that held no class at either side may still hide one.
  for (const std::set<std::string> *Broken : {&BaseBroken, &HeadBroken})
    for (const std::string &File : *Broken) {
      if (FilesWithFindings.count(File))
        continue;
      FilesWithFindings.insert(File);
      Change C;
      C.Kind = ChangeKind::Unresolved;
      C.Breaking = isBreakingKind(C.Kind);
      C.Entry = EntryKind::Module;
      C.File = File;
      C.Reason = File + " failed to parse at " +
                 (Broken == &BaseBroken ? "base" : "head") +
                 " and no module class could be read from it";
      Diff.Changes.push_back(std::move(C));
    }
  Diff.UnresolvedFiles.assign(FilesWithFindings.begin(), FilesWithFindings.end());
  sortChanges(Diff.Changes);
  return Diff;
}

} // namespace modelcompat
