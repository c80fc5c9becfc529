//===- ScanProblems.cpp - What a scan could not read, for people ----------===//
#include "modelcompat/report/ScanProblems.h"

#include <algorithm>
#include <map>
#include <set>

namespace modelcompat {

namespace {

bool isError(const Diagnostic &Diag) {
  return Diag.Severity == "error" || Diag.Severity == "fatal";
}

bool isMissingIncludeWarning(const Diagnostic &Diag) {
  return Diag.Severity == "warning" && Diag.Message.size() >= 17 &&
         Diag.Message.compare(Diag.Message.size() - 17, 17, "[missing-include]") == 0;
}

std::string location(const Diagnostic &Diag) {
  if (Diag.File.empty())
    return "modelcompat: ";
  return Diag.File + ":" + std::to_string(Diag.Line) + ":" + std::to_string(Diag.Column) + ": ";
}

std::string joined(const std::vector<std::string> &Items, std::size_t Most) {
  std::string Out;
  for (std::size_t I = 0; I < Items.size() && I < Most; ++I)
    Out += (I ? ", " : "") + Items[I];
  if (Items.size() > Most)
    Out += ", ... (" + std::to_string(Items.size() - Most) + " more)";
  return Out;
}

std::string plural(std::size_t N, const char *One, const char *Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many);
}

/// The classes each file defines: read, and unreadable.
struct FileClasses {
  unsigned Read = 0;
  unsigned Unreadable = 0;
};

std::string fileLine(const ScannedFile &File, const std::vector<const Diagnostic *> &Errors,
                     const FileClasses &Classes) {
  std::vector<std::string> Parts;
  if (!Errors.empty())
    Parts.push_back(plural(Errors.size(), "compile error", "compile errors"));
  if (!File.MissingIncludes.empty())
    Parts.push_back("missing headers: " + joined(File.MissingIncludes, 4));
  if (!File.Synthesized.empty())
    Parts.push_back("declared in their place: " + joined(File.Synthesized, 4));
  std::string Line = File.Path + ": " + joined(Parts, Parts.size());
  if (!Errors.empty())
    Line += "; first: " + location(*Errors.front()) + Errors.front()->Message;
  unsigned Total = Classes.Read + Classes.Unreadable;
  if (Total == 0)
    Line += "; no module class could be read from it";
  else
    Line +=
        "; module classes read: " + std::to_string(Classes.Read) + " of " + std::to_string(Total);
  return Line;
}

} // namespace

std::string describeScanProblems(const ScanResult &Result, ScanProblemDetail Detail,
                                 const std::string &Suffix) {
  std::string Out;
  if (Detail == ScanProblemDetail::Every) {
    for (const Diagnostic &Diag : Result.Diagnostics)
      Out += location(Diag) + Diag.Severity + ": " + Diag.Message + Suffix + "\n";
    return Out + describeScanCounts(Result, Suffix);
  }
  std::map<std::string, std::vector<const Diagnostic *>> ErrorsByFile;
  for (const Diagnostic &Diag : Result.Diagnostics) {
    if (isError(Diag))
      ErrorsByFile[Diag.File].push_back(&Diag);
    else if (!isMissingIncludeWarning(Diag))
      Out += location(Diag) + Diag.Severity + ": " + Diag.Message + Suffix + "\n";
  }
  std::map<std::string, FileClasses> Classes;
  for (const ModuleSchema &Module : Result.Modules)
    ++(Module.Unreadable ? Classes[Module.File].Unreadable : Classes[Module.File].Read);
  for (const ScannedFile &File : Result.Files) {
    bool Defines = Classes.count(File.Path) != 0;
    if (!Defines && !File.MayDefineModules)
      continue;
    auto Errors = ErrorsByFile.find(File.Path);
    bool HasErrors = Errors != ErrorsByFile.end();
    if (!HasErrors && File.MissingIncludes.empty())
      continue;
    Out += fileLine(File, HasErrors ? Errors->second : std::vector<const Diagnostic *>{},
                    Classes[File.Path]) +
           Suffix + "\n";
  }
  // Errors outside every scanned file (the compiler could not run at all).
  if (auto Global = ErrorsByFile.find(""); Global != ErrorsByFile.end())
    for (const Diagnostic *Diag : Global->second)
      Out += location(*Diag) + Diag->Severity + ": " + Diag->Message + Suffix + "\n";
  return Out;
}

std::string describeScanCounts(const ScanResult &Result, const std::string &Suffix) {
  const ScanCounts &Counts = Result.Counts;
  std::size_t Files = Result.Files.size();
  std::size_t Parsed = Files - std::min(Files, Counts.Skipped + Counts.Reused);
  return "modelcompat: note: " + plural(Files, "file", "files") + ": " + std::to_string(Parsed) +
         " parsed (" + plural(Counts.Parses, "parse", "parses") + "), " +
         std::to_string(Counts.Skipped) + " skipped (cannot define a module class), " +
         std::to_string(Counts.Reused) + " reused" + Suffix + "\n";
}

} // namespace modelcompat
