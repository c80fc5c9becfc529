//===- Scanner.cpp - Extract module schemas from a tree of sources --------===//
//
// scanTree: set aside the targets that cannot define a module class → plan
// translation units (one umbrella per set of flags, so libtorch is read
// once; with a precompiled libtorch, umbrellas of at most
// MaxTargetsPerUnit targets) → parse them, -j at a time → re-parse alone,
// -j at a time, the targets that had errors in their umbrella (files may
// conflict when read together) → merge in plan order → flatten.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/extract/Scanner.h"
#include "ClangCompat.h"
#include "ExtractInternal.h"
#include "ProvidedNames.h"
#include "SourceTextHints.h"
#include "modelcompat/extract/ParserIdentity.h"
#include "modelcompat/support/OutOfLineMembers.h"

#include "modelcompat/source/CppFiles.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/Parallel.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <tuple>

namespace fs = std::filesystem;

namespace modelcompat {

using namespace extract;

namespace {

/// Trees need not be sorted, and this runs once per target: a plain search.
const SourceFile *findFile(const SourceTree &Tree, const std::string &Path) {
  auto It = std::find_if(Tree.Files.begin(), Tree.Files.end(),
                         [&](const SourceFile &File) { return File.Path == Path; });
  return It == Tree.Files.end() ? nullptr : &*It;
}

/// What a file must mention, itself or through a project header it
/// includes, to define a module class: the libtorch namespace or include
/// (`torch`), the base class, a registration (an out-of-line constructor),
/// the holder macro, or the Cloneable base. A class deriving from a module
/// defined elsewhere includes the header that defines it.
constexpr const char *ModuleWords[] = {"torch", "nn::Module", "register_", "TORCH_MODULE",
                                       "Cloneable"};

bool mentionsModuleWords(llvm::StringRef Text) {
  for (const char *Word : ModuleWords)
    if (Text.contains(Word))
      return true;
  return false;
}

/// Decides, from the text alone, which targets cannot define a module
/// class: neither they nor any project file they may include (transitively)
/// mention a ModuleWord, and none of them includes through a macro. An
/// #include may open any tree file whose path ends in its name, or the one
/// beside the includer: more files than the compiler opens, never fewer,
/// so a skipped file is one no parse could find a module class in.
class ModuleReach {
public:
  explicit ModuleReach(const SourceTree &Tree) : Tree(Tree) {
    for (const SourceFile &File : Tree.Files)
      ByName[fs::path(File.Path).filename().string()].push_back(&File);
  }

  /// The project files Target may include, transitively, sorted; Reaches
  /// tells whether Target or one of them may define a module class.
  std::vector<std::string> closure(const SourceFile &Target, bool &Reaches) {
    std::set<const SourceFile *> Seen = {&Target};
    std::vector<const SourceFile *> Work = {&Target};
    Reaches = false;
    while (!Work.empty()) {
      const SourceFile *File = Work.back();
      Work.pop_back();
      if (mentionsModuleWords(File->Content) || hasComputedInclude(File->Content))
        Reaches = true;
      for (const SourceFile *Included : directIncludes(*File))
        if (Seen.insert(Included).second)
          Work.push_back(Included);
    }
    std::vector<std::string> Paths;
    for (const SourceFile *File : Seen)
      if (File != &Target)
        Paths.push_back(File->Path);
    std::sort(Paths.begin(), Paths.end());
    return Paths;
  }

  /// Whether File is a translation unit of the real build: a source file
  /// that no tree file may include. Its declarations then serve no other
  /// file. An include whose name a macro computes may open any file.
  bool isTranslationUnit(const SourceFile &File) {
    if (!isCppSourceFile(File.Path))
      return false;
    if (!Includable) {
      Includable.emplace();
      // Any tree file may include one (fragments: .inl, .ipp, .inc), but
      // not the CMake files, whose `# include ...` comments are no includes.
      for (const SourceFile &Includer : Tree.Files) {
        if (fs::path(Includer.Path).filename() == "CMakeLists.txt")
          continue;
        if (hasComputedInclude(Includer.Content))
          AnyIncludable = true;
        for (const SourceFile *Included : directIncludes(Includer))
          if (Included != &Includer)
            Includable->insert(Included);
      }
    }
    return !AnyIncludable && !Includable->count(&File);
  }

private:
  const std::vector<const SourceFile *> &directIncludes(const SourceFile &File) {
    auto [It, Inserted] = Direct.try_emplace(&File);
    if (!Inserted)
      return It->second;
    std::set<const SourceFile *> Found;
    for (const auto &[Name, Quoted] : includeNames(File.Content)) {
      llvm::SmallString<128> Beside(fs::path(File.Path).parent_path().generic_string());
      llvm::sys::path::append(Beside, llvm::sys::path::Style::posix, Name);
      llvm::sys::path::remove_dots(Beside, true, llvm::sys::path::Style::posix);
      if (const SourceFile *Near = findFile(Tree, Beside.str().str()))
        Found.insert(Near);
      auto Candidates = ByName.find(fs::path(Name).filename().string());
      if (Candidates == ByName.end())
        continue;
      std::string Suffix = "/" + fs::path(Name).lexically_normal().generic_string();
      while (Suffix.rfind("/../", 0) == 0 || Suffix.rfind("/./", 0) == 0)
        Suffix.erase(0, Suffix.find('/', 1));
      for (const SourceFile *Candidate : Candidates->second) {
        std::string Path = "/" + Candidate->Path;
        if (Path.size() >= Suffix.size() &&
            Path.compare(Path.size() - Suffix.size(), Suffix.size(), Suffix) == 0)
          Found.insert(Candidate);
      }
    }
    It->second.assign(Found.begin(), Found.end());
    return It->second;
  }

  const SourceTree &Tree;
  std::map<std::string, std::vector<const SourceFile *>> ByName;
  std::map<const SourceFile *, std::vector<const SourceFile *>> Direct;
  /// The files some tree file may include; computed on first use.
  std::optional<std::set<const SourceFile *>> Includable;
  bool AnyIncludable = false;
};

/// Whether Args could make a file define a module class that its text does
/// not show: a definition or a forced include.
bool argsMayDefineModules(const std::vector<std::string> &Args) {
  for (const std::string &Arg : Args) {
    llvm::StringRef Text(Arg);
    if (extract::compat::startsWith(Text, "-include") ||
        extract::compat::startsWith(Text, "-imacros") ||
        (extract::compat::startsWith(Text, "-D") && mentionsModuleWords(Text)))
      return true;
  }
  return false;
}

/// One group of targets parsed with the same arguments.
struct TargetGroup {
  std::vector<std::string> Args;
  std::vector<std::string> Targets;
};

/// The groups without the targets that need not be parsed, which go to
/// Skipped with the project files they may include (their cache keys): all
/// targets of a group none of which can define a module class
/// (ModuleReach), and in the other groups each translation unit that
/// cannot. The build compiles such a unit alone, so its declarations serve
/// no other target and dropping it changes no other target's parse. A
/// header that cannot define a module class is still read with its group:
/// read together, its declarations serve a module header that uses them
/// first, as an includer of both does in the real build (b.h declares
/// Config, a.h uses it, a.cpp includes b.h then a.h).
std::vector<TargetGroup> setAsideTargets(const SourceTree &Tree, std::vector<TargetGroup> Groups,
                                         std::vector<ScannedFile> &Skipped) {
  ModuleReach Reach(Tree);
  std::vector<TargetGroup> Parsed;
  for (TargetGroup &Group : Groups) {
    bool ArgsReach = argsMayDefineModules(Group.Args);
    std::vector<ScannedFile> Plain; // The targets that cannot define a module class.
    for (const std::string &Target : Group.Targets) {
      const SourceFile *File = findFile(Tree, Target);
      bool Reaches = true;
      std::vector<std::string> Includes;
      if (!ArgsReach && File)
        Includes = Reach.closure(*File, Reaches);
      if (!Reaches)
        Plain.push_back(ScannedFile{Target, std::move(Includes), {}, false, {}, false});
    }
    bool Whole = Plain.size() == Group.Targets.size();
    std::set<std::string> Dropped;
    for (ScannedFile &File : Plain)
      if (Whole || Reach.isTranslationUnit(*findFile(Tree, File.Path))) {
        Dropped.insert(File.Path);
        Skipped.push_back(std::move(File));
      }
    Group.Targets.erase(
        std::remove_if(Group.Targets.begin(), Group.Targets.end(),
                       [&](const std::string &Target) { return Dropped.count(Target) != 0; }),
        Group.Targets.end());
    if (!Group.Targets.empty())
      Parsed.push_back(std::move(Group));
  }
  return Parsed;
}

/// The include/ directory of Target's nearest ancestor that has one.
std::string nearestIncludeDirectory(const std::string &Target, const std::set<std::string> &Dirs) {
  fs::path Dir = fs::path(Target).parent_path();
  while (true) {
    std::string Candidate = Dir.empty() ? "include" : (Dir / "include").generic_string();
    if (Dirs.count(Candidate))
      return Candidate;
    if (Dir.empty())
      return "";
    Dir = Dir.parent_path();
  }
}

std::vector<TargetGroup> planGroups(const SourceTree &Tree, const std::vector<std::string> &Targets,
                                    const ScanOptions &Options) {
  if (Options.CompileCommandsDir.empty()) {
    // Each target prefers the include/ directory of its nearest enclosing
    // project (v1/src/a.cpp: v1/include), so side-by-side copies of a
    // project (examples/v1, examples/v2) each see their own headers. Most
    // trees have one such directory, hence one group.
    std::vector<std::string> Dirs = includeDirectories(Tree);
    std::set<std::string> DirSet(Dirs.begin(), Dirs.end());
    // Targets under different CMake directories may state other flags.
    std::map<std::pair<std::string, std::vector<std::string>>, std::vector<std::string>> ByProject;
    for (const std::string &Target : Targets)
      ByProject[{nearestIncludeDirectory(Target, DirSet), cmakeArgs(Tree, Target)}].push_back(
          Target);
    std::vector<TargetGroup> Groups;
    for (auto &[Project, GroupTargets] : ByProject)
      Groups.push_back(
          {defaultCompileArgs(Tree, Options, Project.first, Project.second), GroupTargets});
    return Groups;
  }
  std::map<std::vector<std::string>, std::vector<std::string>> ByArgs;
  for (auto &[Target, Args] : compileDatabaseArgs(Tree, Targets, Options))
    ByArgs[Args].push_back(Target);
  std::vector<TargetGroup> Groups;
  for (auto &[Args, GroupTargets] : ByArgs)
    Groups.push_back({Args, GroupTargets});
  return Groups;
}

/// Whether a failed parse blames the precompiled header (stale, foreign).
bool blamesPch(const ParseOutcome &Outcome, const std::string &PchPath) {
  for (const Diagnostic &Diag : Outcome.Diagnostics)
    if (Diag.Message.find(PchPath) != std::string::npos ||
        Diag.Message.find("precompiled header") != std::string::npos ||
        Diag.Message.find("PCH file") != std::string::npos)
      return true;
  return false;
}

/// Collects what the parses produced, later parses correcting earlier ones.
class ScanMerger {
public:
  void add(ParseOutcome &Outcome, const std::set<std::string> &Replaced) {
    for (auto &[From, To] : Outcome.IncludeGraph)
      IncludeGraph[From].insert(To.begin(), To.end());
    for (auto &[From, Names] : Outcome.MissingIncludes)
      MissingIncludes[From].insert(Names.begin(), Names.end());
    for (auto &[From, Headers] : Outcome.ExternalGraph)
      ExternalGraph[From].insert(Headers.begin(), Headers.end());
    // Diagnostics of targets re-parsed alone come from their own parse.
    std::vector<std::pair<Diagnostic, std::string>> Kept;
    for (auto &Item : Diagnostics)
      if (!Replaced.count(Item.second))
        Kept.push_back(std::move(Item));
    Diagnostics = std::move(Kept);
    for (std::size_t I = 0; I < Outcome.Diagnostics.size(); ++I)
      Diagnostics.push_back({Outcome.Diagnostics[I], Outcome.DiagnosticTargets[I]});
    for (auto &[Key, Warning] : Outcome.UnseenConstructors)
      UnseenConstructors.emplace(Key, std::move(Warning));
    SeenConstructors.insert(Outcome.SeenConstructors.begin(), Outcome.SeenConstructors.end());
    for (ModuleSchema &Module : Outcome.Modules) {
      auto Key = std::make_pair(Module.ClassName, Module.File);
      auto It = Modules.find(Key);
      // A lone parse may miss out-of-line constructors another file defines.
      if (It == Modules.end() || Module.Entries.size() >= It->second.Entries.size())
        Modules[Key] = std::move(Module);
    }
  }

  void addRecovered(const RecoveredDeclarations &Recovered, const SourceTree &Tree) {
    for (auto &[File, Names] : Recovered.namesByFile(Tree))
      Synthesized[File].insert(Names.begin(), Names.end());
  }

  ScanResult finish(const SourceTree &Tree, const std::vector<std::string> &Targets, bool Flatten) {
    ScanResult Result;
    std::set<std::string> WithErrors;
    for (auto &[Diag, Target] : Diagnostics) {
      if (Diag.Severity != "error" && Diag.Severity != "fatal")
        continue;
      if (!Diag.File.empty() && Diag.File.front() != '/')
        WithErrors.insert(Diag.File);
      else if (!Target.empty())
        WithErrors.insert(Target);
    }
    Result.FilesWithErrors.assign(WithErrors.begin(), WithErrors.end());
    // Only now is it known whether some parse saw the constructors. With
    // errors in a file that defines one, the constructor is there but
    // unreadable: the class cannot be compared. Errors elsewhere (a free
    // function of the class's header, another class's method in the file
    // whose parse saw the constructors) hide no registration of it.
    for (auto &[Key, Warning] : UnseenConstructors)
      if (auto It = Modules.find(Key);
          It != Modules.end() && It->second.Entries.empty() && !SeenConstructors.count(Key)) {
        Diagnostics.push_back({Warning, Warning.File});
        if (!It->second.Unreadable)
          It->second.Unreadable = brokenFileDefiningMembers(Tree, Key.first, WithErrors);
      }
    std::set<std::tuple<std::string, unsigned, unsigned, std::string, std::string>> Seen;
    for (auto &[Diag, Target] : Diagnostics)
      if (Seen.insert({Diag.File, Diag.Line, Diag.Column, Diag.Severity, Diag.Message}).second)
        Result.Diagnostics.push_back(Diag);
    std::stable_sort(Result.Diagnostics.begin(), Result.Diagnostics.end(),
                     [](const Diagnostic &A, const Diagnostic &B) {
                       return std::tie(A.File, A.Line, A.Column) <
                              std::tie(B.File, B.Line, B.Column);
                     });
    for (const std::string &Target : Targets)
      Result.Files.push_back(scannedFile(Target, WithErrors));
    for (auto &[Key, Module] : Modules)
      Result.Modules.push_back(std::move(Module));
    if (Flatten)
      flattenStateDicts(Result.Modules);
    std::stable_sort(Result.Modules.begin(), Result.Modules.end(),
                     [](const ModuleSchema &A, const ModuleSchema &B) {
                       return std::tie(A.ClassName, A.File) < std::tie(B.ClassName, B.File);
                     });
    return Result;
  }

private:
  /// A file with errors that defines a constructor or reset() of ClassName
  /// out of line (`LeNet5Impl::LeNet5Impl(`), with its first error: it does
  /// not include the class's header as scanned (a misspelt or missing
  /// include), so no parse could attach its registrations to the class. The
  /// class's registrations are unknown, not empty.
  std::optional<std::string>
  brokenFileDefiningMembers(const SourceTree &Tree, const std::string &ClassName,
                            const std::set<std::string> &WithErrors) const {
    std::string Name = unqualifiedName(ClassName);
    for (const std::string &Path : WithErrors) {
      const SourceFile *File = findFile(Tree, Path);
      if (!File || !definesMemberOutOfLine(File->Content, Name, {Name, "reset"}))
        continue;
      for (auto &[Diag, Target] : Diagnostics)
        if (Diag.File == Path && (Diag.Severity == "error" || Diag.Severity == "fatal"))
          return Diag.File + ":" + std::to_string(Diag.Line) + ": " + Diag.Message;
    }
    return std::nullopt;
  }

  ScannedFile scannedFile(const std::string &Target,
                          const std::set<std::string> &WithErrors) const {
    ScannedFile File;
    File.Path = Target;
    std::set<std::string> Closure;
    std::vector<std::string> Work = {Target};
    while (!Work.empty()) {
      std::string Next = Work.back();
      Work.pop_back();
      auto It = IncludeGraph.find(Next);
      if (It == IncludeGraph.end())
        continue;
      for (const std::string &Included : It->second)
        if (Included != Target && Closure.insert(Included).second)
          Work.push_back(Included);
    }
    File.Includes.assign(Closure.begin(), Closure.end());
    std::set<std::string> Missing, Declared;
    Closure.insert(Target);
    for (const std::string &Member : Closure) {
      auto It = MissingIncludes.find(Member);
      if (It != MissingIncludes.end())
        Missing.insert(It->second.begin(), It->second.end());
      if (auto Names = Synthesized.find(Member); Names != Synthesized.end())
        Declared.insert(Names->second.begin(), Names->second.end());
      if (WithErrors.count(Member))
        File.HadErrors = true;
    }
    File.MissingIncludes.assign(Missing.begin(), Missing.end());
    File.Synthesized.assign(Declared.begin(), Declared.end());
    File.ExternalIncludes = externalClosure(Closure);
    return File;
  }

  /// The external headers the files of Closure include, and theirs.
  std::vector<std::string> externalClosure(const std::set<std::string> &Closure) const {
    std::set<std::string> External;
    std::vector<std::string> Work(Closure.begin(), Closure.end());
    while (!Work.empty()) {
      std::string Next = std::move(Work.back());
      Work.pop_back();
      if (auto It = ExternalGraph.find(Next); It != ExternalGraph.end())
        for (const std::string &Header : It->second)
          if (External.insert(Header).second)
            Work.push_back(Header);
    }
    return {External.begin(), External.end()};
  }

  std::map<std::string, std::set<std::string>> IncludeGraph;
  std::map<std::string, std::set<std::string>> MissingIncludes;
  std::map<std::string, std::set<std::string>> Synthesized;
  std::map<std::string, std::set<std::string>> ExternalGraph;
  std::vector<std::pair<Diagnostic, std::string>> Diagnostics;
  std::map<std::pair<std::string, std::string>, ModuleSchema> Modules;
  std::map<std::pair<std::string, std::string>, Diagnostic> UnseenConstructors;
  std::set<std::pair<std::string, std::string>> SeenConstructors;
};

/// Parses once, again without the precompiled libtorch if it is to blame.
ParseOutcome parseOnce(const SourceTree &Tree, ParseRequest Request) {
  ParseOutcome Outcome = parseTranslationUnit(Tree, Request);
  if (!Request.PchPath.empty() && Outcome.Fatal && blamesPch(Outcome, Request.PchPath)) {
    llvm::sys::fs::remove(Request.PchPath);
    Request.PchPath.clear();
    Outcome = parseTranslationUnit(Tree, Request);
    Outcome.Parses = 2;
  }
  return Outcome;
}

/// Re-parses after the first one at most this many times, each with the
/// declarations recovered so far; each round reuses the precompiled
/// libtorch, so it costs the project's code, not libtorch's.
constexpr unsigned MaxRecoveryRounds = 3;

/// With a precompiled libtorch, a translation unit holds at most this many
/// targets: loading libtorch costs little then, and smaller units spread
/// over the -j workers and bound each parse's memory. A constant, not a
/// function of -j, so that every -j performs the same parses. Without one,
/// each unit would read libtorch's headers again: one unit per group.
constexpr std::size_t MaxTargetsPerUnit = 40;

/// One translation unit of the plan: a group's arguments, some of its
/// targets, and the precompiled libtorch for those arguments.
struct ParseUnit {
  const TargetGroup *Group = nullptr;
  std::vector<std::string> Targets;
  std::string PchPath;
};

/// Splits each group into units of at most MaxTargetsPerUnit targets (all
/// of them without a precompiled libtorch), in the targets' order, sizes
/// balanced.
std::vector<ParseUnit> planUnits(const std::vector<TargetGroup> &Groups,
                                 const ScanOptions &Options) {
  std::vector<ParseUnit> Units;
  for (const TargetGroup &Group : Groups) {
    // Built here, one set of flags at a time, never by two workers at once.
    std::string Pch = precompiledTorchHeader(Group.Args, Options);
    std::size_t Size = Group.Targets.size();
    std::size_t Count = Pch.empty() ? 1 : (Size + MaxTargetsPerUnit - 1) / MaxTargetsPerUnit;
    for (std::size_t I = 0; I < Count; ++I)
      Units.push_back({&Group,
                       {Group.Targets.begin() + I * Size / Count,
                        Group.Targets.begin() + (I + 1) * Size / Count},
                       Pch});
  }
  return Units;
}

/// Where the tree's text says missing names may be declared after all
/// (ProvidedNames), read once a scan.
struct NameProviders {
  std::vector<std::string> Namespaces;
  std::map<std::string, std::vector<std::string>> ClassHeaders;
};

/// Parses Targets, declaring what missing headers held (DeclarationRecovery)
/// and reading older libtorch spellings in today's (OlderApiSpellings),
/// until nothing new is missing or the rounds are spent. Recovered carries
/// both across the unit's parses.
ParseOutcome parseUnit(const SourceTree &Tree, const ParseUnit &Unit,
                       const std::vector<std::string> &Targets,
                       const std::set<std::string> &Reported, const NameProviders &Providers,
                       RecoveredDeclarations &Recovered) {
  ParseRequest Request{Targets, Unit.Group->Args, Unit.PchPath, &Reported, "", {}};
  Request.ProvidingNamespaces = Providers.Namespaces;
  Request.ClassHeaders = Providers.ClassHeaders;
  std::size_t Parses = 0;
  for (unsigned Round = 0;; ++Round) {
    Request.RecoveredHeader = Recovered.empty() ? "" : Recovered.header();
    Request.RecoveredNames = Recovered.names();
    Request.Respellings = Recovered.respellings();
    ParseOutcome Outcome = parseOnce(Tree, Request);
    Parses += Outcome.Parses;
    bool Changed = false;
    for (const Respelling &Change : Outcome.Respellings)
      Changed |= Recovered.respell(Change);
    for (const MissingName &Name : Outcome.Declared)
      Changed |= Recovered.forbid(Name);
    // Declarations first: a local whose type was missing (`cxxopts::Options
    // options(...)`) is undeclared too until its type exists, so plain
    // values and functions wait for a round without missing types.
    bool TypesMissing = std::any_of(Outcome.Missing.begin(), Outcome.Missing.end(),
                                    [](const MissingName &Name) { return Name.declaresType(); });
    for (const MissingName &Name : Outcome.Missing)
      if (!(TypesMissing && Name.isPlainValue()))
        Changed |= Recovered.add(Name);
    if (!Changed || Round == MaxRecoveryRounds) {
      Outcome.Parses = Parses;
      return Outcome;
    }
  }
}

/// A target of a unit read again on its own, with a copy of the unit's
/// recovered declarations that its rounds extend.
struct AloneParse {
  std::size_t Unit = 0;
  std::string Target;
  RecoveredDeclarations Recovered;
  ParseOutcome Outcome;
};

/// Parses every unit, then alone every target that had errors in its
/// unit, Jobs at a time, and merges in plan order: the result does not
/// depend on Jobs.
void parseUnits(const SourceTree &Tree, const std::vector<ParseUnit> &Units,
                const std::set<std::string> &Reported, const ScanOptions &Options,
                ScanMerger &Merger, ScanCounts &Counts) {
  RecoveredDeclarations Seeded(declaredAliases(Tree));
  for (const std::string &Seed : Options.RecoverySeeds)
    if (std::optional<MissingName> Name = MissingName::fromDisplay(Seed))
      Seeded.add(*Name);
  std::vector<RecoveredDeclarations> Recovered(Units.size(), Seeded);
  const NameProviders Providers{providingNamespaces(Tree), classHeaders(Tree)};
  unsigned Jobs = Options.Jobs;
  std::vector<ParseOutcome> Outcomes(Units.size());
  forEachIndex(Jobs, Units.size(), [&](std::size_t I) {
    Outcomes[I] = parseUnit(Tree, Units[I], Units[I].Targets, Reported, Providers, Recovered[I]);
  });
  // Files may conflict when read together (headers without guards): those
  // with errors are read again on their own, if reading them could change
  // a module (a main() or a data loader cannot).
  std::vector<AloneParse> Alone;
  for (std::size_t I = 0; I < Units.size(); ++I) {
    if (Units[I].Targets.size() < 2)
      continue;
    const std::vector<std::string> &All = Units[I].Targets;
    std::set<std::string> Again = Outcomes[I].Fatal ? std::set<std::string>(All.begin(), All.end())
                                                    : Outcomes[I].TargetsWithErrors;
    for (const std::string &Target : Again) {
      const SourceFile *Source = findFile(Tree, Target);
      if (Source && !mayDefineModules(Source->Content) && !mayRegister(Source->Content))
        continue;
      Alone.push_back({I, Target, Recovered[I], {}});
    }
  }
  forEachIndex(Jobs, Alone.size(), [&](std::size_t I) {
    AloneParse &Item = Alone[I];
    Item.Outcome =
        parseUnit(Tree, Units[Item.Unit], {Item.Target}, Reported, Providers, Item.Recovered);
  });
  std::size_t Next = 0;
  for (std::size_t I = 0; I < Units.size(); ++I) {
    Counts.Parses += Outcomes[I].Parses;
    Merger.add(Outcomes[I], {});
    for (; Next < Alone.size() && Alone[Next].Unit == I; ++Next) {
      Counts.Parses += Alone[Next].Outcome.Parses;
      Merger.add(Alone[Next].Outcome, {Alone[Next].Target});
      Recovered[I].merge(Alone[Next].Recovered);
    }
    Merger.addRecovered(Recovered[I], Tree);
  }
}

} // namespace

ScanResult scanTree(const SourceTree &Tree, const std::vector<std::string> &Targets,
                    const ScanOptions &Options) {
  std::set<std::string> InTree;
  for (const SourceFile &File : Tree.Files)
    InTree.insert(File.Path);
  std::set<std::string> Chosen;
  std::vector<Diagnostic> Missing;
  if (Targets.empty()) {
    for (const SourceFile &File : Tree.Files)
      if (isCppFile(File.Path))
        Chosen.insert(File.Path);
  }
  for (const std::string &Target : Targets) {
    if (InTree.count(Target))
      Chosen.insert(Target);
    else
      Missing.push_back({Target, 0, 0, "error", "file not found in the scanned tree"});
  }
  std::vector<std::string> Ordered(Chosen.begin(), Chosen.end());
  ScanMerger Merger;
  ScanCounts Counts;
  std::vector<ScannedFile> Skipped;
  if (!Ordered.empty()) {
    std::vector<TargetGroup> Groups =
        setAsideTargets(Tree, planGroups(Tree, Ordered, Options), Skipped);
    Counts.Skipped = Skipped.size();
    parseUnits(Tree, planUnits(Groups, Options), Chosen, Options, Merger, Counts);
  }
  ScanResult Result = Merger.finish(Tree, Ordered, Options.Flatten);
  Result.Counts = Counts;
  Result.Libtorch = parsedLibtorchVersion();
  // A skipped target's includes are those its text may open (a parse of
  // another file that included it may have recorded some already).
  for (const ScannedFile &File : Skipped) {
    auto Listed = std::lower_bound(
        Result.Files.begin(), Result.Files.end(), File.Path,
        [](const ScannedFile &A, const std::string &Path) { return A.Path < Path; });
    if (Listed == Result.Files.end() || Listed->Path != File.Path)
      continue;
    std::set<std::string> Includes(Listed->Includes.begin(), Listed->Includes.end());
    Includes.insert(File.Includes.begin(), File.Includes.end());
    Listed->Includes.assign(Includes.begin(), Includes.end());
  }
  for (ScannedFile &File : Result.Files)
    if (const SourceFile *Source = findFile(Tree, File.Path)) {
      File.MayDefineModules = mayDefineModules(Source->Content);
      File.DefinedClassNames = definedClassNames(Source->Content);
    }
  for (Diagnostic &Diag : Missing) {
    Result.Diagnostics.push_back(Diag);
    Result.FilesWithErrors.push_back(Diag.File);
  }
  std::sort(Result.FilesWithErrors.begin(), Result.FilesWithErrors.end());
  return Result;
}

} // namespace modelcompat
