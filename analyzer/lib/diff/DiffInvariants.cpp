//===- DiffInvariants.cpp - Findings the engine must never produce -------===//
#include "modelcompat/diff/DiffInvariants.h"

#include <algorithm>
#include <map>

namespace modelcompat {
namespace {

std::string quoted(const std::string &Text) { return "'" + Text + "'"; }

/// Whether every scanned file of Scan that includes File is unchanged.
bool includersUnchanged(const ScanResult &Scan, const std::string &File,
                        const std::set<std::string> &UnchangedFiles) {
  for (const ScannedFile &Scanned : Scan.Files)
    if (std::count(Scanned.Includes.begin(), Scanned.Includes.end(), File) &&
        !UnchangedFiles.count(Scanned.Path))
      return false;
  return true;
}

/// Whether File was scanned and every project file it includes
/// (transitively) is unchanged: the headers of its base classes and
/// sub-modules among them.
bool includesUnchanged(const ScanResult &Scan, const std::string &File,
                       const std::set<std::string> &UnchangedFiles) {
  for (const ScannedFile &Scanned : Scan.Files)
    if (Scanned.Path == File)
      return std::all_of(
          Scanned.Includes.begin(), Scanned.Includes.end(),
          [&](const std::string &Included) { return UnchangedFiles.count(Included) != 0; });
  return false;
}

} // namespace

bool isLayoutKind(ChangeKind Kind) {
  return Kind != ChangeKind::ClassRenamed && Kind != ChangeKind::Unresolved;
}

std::vector<InvariantViolation>
diffInvariantViolations(const std::vector<Change> &Changes,
                        const std::set<std::string> &UnchangedClasses) {
  std::vector<InvariantViolation> Out;
  for (size_t I = 0; I < Changes.size(); ++I) {
    const Change &C = Changes[I];
    std::string Where = " in " + quoted(C.Module);
    if (C.Kind == ChangeKind::Renamed && C.OldKey && C.OldKey == C.NewKey &&
        (C.OldModule.empty() || C.OldModule == C.Module))
      Out.push_back({I, "renamed " + quoted(*C.OldKey) + " to itself" + Where});
    if (C.Kind == ChangeKind::Retyped && C.OldLayer == C.NewLayer && C.Reason.empty())
      Out.push_back({I, "retyped " + quoted(C.NewKey.value_or(C.OldKey.value_or(""))) + " from " +
                            quoted(C.OldLayer) + " to the same type" + Where});
    if (isLayoutKind(C.Kind) && UnchangedClasses.count(C.Module))
      Out.push_back({I, std::string(changeKindName(C.Kind)) + " finding" + Where +
                            ", whose sources did not change"});
  }
  return Out;
}

std::set<std::string> unchangedClasses(const ScanResult &Base, const ScanResult &Head,
                                       const std::set<std::string> &UnchangedFiles) {
  std::map<std::string, std::string> BaseFiles;
  for (const ModuleSchema &Module : Base.Modules)
    BaseFiles[Module.ClassName] = Module.File;
  std::set<std::string> Out;
  for (const ModuleSchema &Module : Head.Modules) {
    auto It = BaseFiles.find(Module.ClassName);
    const std::string &File = Module.File;
    if (It == BaseFiles.end() || It->second != File || !UnchangedFiles.count(File) ||
        !includersUnchanged(Head, File, UnchangedFiles) ||
        !includersUnchanged(Base, File, UnchangedFiles) ||
        !includesUnchanged(Head, File, UnchangedFiles) ||
        !includesUnchanged(Base, File, UnchangedFiles))
      continue;
    Out.insert(Module.ClassName);
  }
  return Out;
}

} // namespace modelcompat
