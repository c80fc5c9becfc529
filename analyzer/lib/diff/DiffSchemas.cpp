//===- DiffSchemas.cpp - Compare two scans class by class ----------------===//
#include "modelcompat/diff/DiffSchemas.h"
#include "modelcompat/diff/AlternativeRegistrations.h"
#include "modelcompat/diff/ClassMatching.h"
#include "modelcompat/diff/DiffInvariants.h"
#include "modelcompat/diff/KeyDiff.h"
#include "modelcompat/diff/SubmoduleFindings.h"

#include <algorithm>
#include <cassert>
#include <set>
#include <tuple>

namespace modelcompat {
namespace {

/// Files with errors that may hide a module class (ScannedFile::
/// MayDefineModules): at one side, or at both sides in a file that changed.
/// Other files (main.cpp, data loaders, out-of-line constructors, whose
/// errors make their class unreadable instead) are no finding.
std::set<std::string> brokenFiles(const ScanResult &Side, const ScanResult &Other,
                                  const DiffOptions &Options) {
  std::set<std::string> MayHideModules;
  for (const ScannedFile &File : Side.Files)
    if (File.MayDefineModules)
      MayHideModules.insert(File.Path);
  std::set<std::string> Broken;
  for (const std::string &File : Side.FilesWithErrors) {
    bool AlsoOther =
        std::count(Other.FilesWithErrors.begin(), Other.FilesWithErrors.end(), File) != 0;
    if (MayHideModules.count(File) && !(AlsoOther && Options.UnchangedFiles.count(File)))
      Broken.insert(File);
  }
  return Broken;
}

/// The side whose errors left the class unreadable, if any: a class
/// unreadable at both sides in a file that did not change has the same
/// (partial) schema at both, so it is compared as it is.
const ModuleSchema *unreadableSide(const ClassMatch &Match, const DiffOptions &Options) {
  bool AtBase = Match.Base && Match.Base->Unreadable;
  bool AtHead = Match.Head && Match.Head->Unreadable;
  if (AtBase && AtHead && Match.Base->File == Match.Head->File &&
      Options.UnchangedFiles.count(Match.Head->File))
    return nullptr;
  return AtBase ? Match.Base : (AtHead ? Match.Head : nullptr);
}

/// Whether File's text at Side still defines a class named like
/// ClassName (unqualified, template arguments dropped). A scan that did
/// not record the names (an older cache entry) says it may.
bool mayStillDefine(const ScanResult &Side, const std::string &File, const std::string &ClassName) {
  auto Scanned = std::find_if(Side.Files.begin(), Side.Files.end(),
                              [&](const ScannedFile &F) { return F.Path == File; });
  if (Scanned == Side.Files.end() || Scanned->DefinedClassNames.empty())
    return true;
  std::string Name = unqualifiedName(ClassName.substr(0, ClassName.find('<')));
  return std::binary_search(Scanned->DefinedClassNames.begin(), Scanned->DefinedClassNames.end(),
                            Name);
}

Change unresolvedClass(const ModuleSchema &Module, const std::string &File, const char *Side) {
  Change C;
  C.Module = Module.ClassName;
  C.Kind = ChangeKind::Unresolved;
  C.Breaking = isBreakingKind(C.Kind);
  C.Entry = EntryKind::Module;
  C.File = File;
  C.Line = Module.Line;
  C.Reason = Module.Unreadable ? "its registrations cannot be read at " + std::string(Side) + ": " +
                                     *Module.Unreadable
                               : File + " failed to parse at " + Side;
  return C;
}

/// Drops the findings that break an invariant of the engine, saying which
/// (SchemaDiff::InvariantViolations); a debug build stops on the first, so
/// that tests catch the code path that made it.
void enforceInvariants(SchemaDiff &Diff, const std::set<std::string> &UnchangedClasses) {
  std::vector<InvariantViolation> Violations =
      diffInvariantViolations(Diff.Changes, UnchangedClasses);
  assert(Violations.empty() && "diff engine invariant broken");
  std::set<size_t> Dropped;
  for (const InvariantViolation &Violation : Violations) {
    Dropped.insert(Violation.Change);
    Diff.InvariantViolations.push_back(Violation.Message);
  }
  std::vector<Change> Kept;
  for (size_t I = 0; I < Diff.Changes.size(); ++I)
    if (!Dropped.count(I))
      Kept.push_back(std::move(Diff.Changes[I]));
  Diff.Changes = std::move(Kept);
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
  C.Confidence = Match.IdenticalLayout ? (Match.Base->File == Match.Head->File ? 1.0 : 0.9) : 0.6;
  C.Reason = Match.Reason;
  if (Match.Base->Holder && Match.Head->Holder && *Match.Base->Holder != *Match.Head->Holder) {
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

ScanHealth scanHealth(const ScanResult &Result) {
  ScanHealth Health;
  Health.FilesWithErrors = Result.FilesWithErrors.size();
  std::set<std::string> Troubled;
  for (const ScannedFile &File : Result.Files)
    if (File.HadErrors || !File.MissingIncludes.empty())
      Troubled.insert(File.Path);
  for (const ModuleSchema &Module : Result.Modules) {
    if (Module.Unreadable)
      ++Health.ClassesUnreadable;
    else if (Troubled.count(Module.File))
      ++Health.ClassesRecovered;
  }
  return Health;
}

SchemaDiff diffSchemas(const ScanResult &Base, const ScanResult &Head, const DiffOptions &Options) {
  // Both sides in one normal form: alternatives of one registration merged.
  std::vector<ModuleSchema> BaseModules = Base.Modules, HeadModules = Head.Modules;
  mergeAlternativeRegistrations(BaseModules);
  mergeAlternativeRegistrations(HeadModules);
  std::vector<ClassMatch> Matches = matchClasses(BaseModules, HeadModules);
  std::map<std::string, std::string> ClassNames = classNameMapping(Matches);
  ClassPairs Pairs = classPairs(Matches);
  // Over the same copies the matches point into.
  ClassResolver BaseClasses(BaseModules), HeadClasses(HeadModules);
  ClassDiffContext Context{&BaseClasses, &HeadClasses, &ClassNames, &Pairs,
                           Options.RenameThreshold};
  std::set<std::string> BaseBroken = brokenFiles(Base, Head, Options);
  std::set<std::string> HeadBroken = brokenFiles(Head, Base, Options);

  SchemaDiff Diff;
  Diff.BaseScan = scanHealth(Base);
  Diff.HeadScan = scanHealth(Head);
  std::set<std::string> FilesWithFindings;
  for (const ClassMatch &Match : Matches) {
    // A class is unresolved when errors hid its registrations at either
    // side; errors elsewhere in its file (forward(), main()) do not count.
    if (const ModuleSchema *Unreadable = unreadableSide(Match, Options)) {
      const char *Side = Unreadable == Match.Base ? "base" : "head";
      Diff.Changes.push_back(unresolvedClass(*Unreadable, Unreadable->File, Side));
      FilesWithFindings.insert(Unreadable->File);
      continue;
    }
    // A class that vanished with its file no longer parsing is not removed,
    // unless the file's text no longer defines its name (`EmptyLayer`
    // became `EmptyLayerImpl`): then the errors hid nothing of it.
    const ModuleSchema &Shown = Match.Head ? *Match.Head : *Match.Base;
    bool VanishedAtHead = !Match.Head && HeadBroken.count(Shown.File) &&
                          mayStillDefine(Head, Shown.File, Shown.ClassName);
    bool VanishedAtBase = !Match.Base && BaseBroken.count(Shown.File) &&
                          mayStillDefine(Base, Shown.File, Shown.ClassName);
    if (VanishedAtHead || VanishedAtBase) {
      Diff.Changes.push_back(unresolvedClass(Shown, Shown.File, VanishedAtBase ? "base" : "head"));
      FilesWithFindings.insert(Shown.File);
      continue;
    }
    if (!Match.Base || !Match.Head)
      continue;
    if (Match.Renamed)
      Diff.Changes.push_back(classRenamed(Match));
    // No checkpoint of an abstract class exists: what changed in it shows
    // in the classes derived from it, whose entries include its own.
    if (Match.Base->Abstract || Match.Head->Abstract)
      continue;
    for (Change &C : diffClassKeys(*Match.Base, *Match.Head, Context))
      Diff.Changes.push_back(std::move(C));
  }
  dropFindingsReportedBySubmodules(Diff.Changes, Matches, Context);

  // A broken file that held no class at either side may still hide one.
  std::set<std::string> DefineClasses;
  for (const ScanResult *Side : {&Base, &Head})
    for (const ModuleSchema &Module : Side->Modules)
      DefineClasses.insert(Module.File);
  for (const std::set<std::string> *Broken : {&BaseBroken, &HeadBroken})
    for (const std::string &File : *Broken) {
      if (FilesWithFindings.count(File) || DefineClasses.count(File))
        continue;
      FilesWithFindings.insert(File);
      Change C;
      C.Kind = ChangeKind::Unresolved;
      C.Breaking = isBreakingKind(C.Kind);
      C.Entry = EntryKind::Module;
      C.File = File;
      C.Reason = File + " failed to parse at " + (Broken == &BaseBroken ? "base" : "head") +
                 " and no module class could be read from it";
      Diff.Changes.push_back(std::move(C));
    }
  Diff.UnresolvedFiles.assign(FilesWithFindings.begin(), FilesWithFindings.end());
  sortChanges(Diff.Changes);
  enforceInvariants(Diff, unchangedClasses(Base, Head, Options.UnchangedFiles));
  return Diff;
}

} // namespace modelcompat
