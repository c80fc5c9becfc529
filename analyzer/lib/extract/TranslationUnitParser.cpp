//===- TranslationUnitParser.cpp - Parse one TU over the in-memory tree ---===//
//
// The tree's files are served from an in-memory file system at VirtualRoot,
// overlaid on the real one (libtorch and system headers). The main file is
// synthesized: it includes the targets, so one parse reads libtorch once for
// all of them. Includes that cannot be found are served as empty files from
// RecoveryRoot (a missing include is fatal in Clang 14 and would stop the
// parse before any user class), and reported. Clang's own recovery hook
// (PPCallbacks::FileNotFound) inserts a search directory in the middle of a
// lookup and leaves #include_next pointing at the wrong one (it crashes in
// libstdc++), so missing includes are found beforehand instead: every
// include of a project file that no search directory holds gets an empty
// file in RecoveryRoot, searched last (-idirafter), so a real file always
// wins. An include that only the project's own include directories would
// find (`#include "make_layers.h"` for include/rcnn/layers/make_layers.h,
// which CMake puts on the path) gets, instead of an empty file, one that
// includes the tree's only file ending in that name.
//
//===----------------------------------------------------------------------===//
#include "ClangCompat.h"
#include "ExtractInternal.h"
#include "ModuleFinder.h"
#include "ProvidedNames.h"
#include "SourceTextHints.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/DeclarationName.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticSema.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <cstring>
#include <exception>
#include <map>
#include <optional>
#include <set>

using namespace clang;

namespace modelcompat::extract {

std::string virtualPath(const std::string &Relative) {
  return std::string(VirtualRoot) + "/" + Relative;
}

std::string relativeToRoot(const std::string &Path) {
  llvm::SmallString<256> Clean(Path);
  llvm::sys::path::remove_dots(Clean, /*remove_dot_dot=*/true, llvm::sys::path::Style::posix);
  llvm::StringRef Text = Clean.str();
  std::string Prefix = std::string(VirtualRoot) + "/";
  if (!compat::startsWith(Text, Prefix))
    return "";
  return Text.drop_front(Prefix.size()).str();
}

namespace {

/// The state one parse fills in; its callbacks only record.
struct ParseState {
  const ParseRequest &Request;
  ParseOutcome &Outcome;
  llvm::vfs::InMemoryFileSystem &Memory;
  /// Names the errors say are missing, before the check that the finished
  /// translation unit really declares them nowhere.
  std::vector<MissingName> MissingCandidates;
  /// Errors in project files, for the classes they make unreadable.
  std::vector<ErrorSite> Errors;
  /// Names the project redefines (a recovered name it declares after all;
  /// a redefinition may be left out of lookup, so isDeclaredIn misses it).
  std::set<std::string> Redefined;
  /// Include names served by forwarding to a tree file (serveMissingIncludes):
  /// name -> tree path.
  std::map<std::string, std::string> Forwarded;
};

/// The name a redefinition error is about, if Info is one.
std::optional<std::string> redefinedName(const clang::Diagnostic &Info) {
  unsigned Id = Info.getID();
  if ((Id != diag::err_redefinition && Id != diag::err_redefinition_different_kind &&
       Id != diag::err_redefinition_different_type) ||
      Info.getNumArgs() < 1)
    return std::nullopt;
  switch (Info.getArgKind(0)) {
  case DiagnosticsEngine::ak_identifierinfo:
    return Info.getArgIdentifier(0)->getName().str();
  case DiagnosticsEngine::ak_declarationname:
    return DeclarationName::getFromOpaqueInteger(Info.getRawArg(0)).getAsString();
  case DiagnosticsEngine::ak_nameddecl:
    if (const auto *Named = reinterpret_cast<const NamedDecl *>(Info.getRawArg(0));
        Named && Named->getIdentifier())
      return Named->getName().str();
    return std::nullopt;
  default:
    return std::nullopt;
  }
}

/// The umbrella target whose inclusion was being read at Loc.
std::string activeTarget(const SourceManager &SM, SourceLocation Loc) {
  std::vector<FileID> Chain = includeChain(SM, SM.getFileID(Loc));
  for (size_t I = 0; I + 1 < Chain.size(); ++I)
    if (Chain[I + 1] == SM.getMainFileID())
      return relativeToRoot(compat::fileName(SM, Chain[I]).str());
  return "";
}

/// Keeps compile errors (warnings of user code are not the scan's business).
class DiagnosticRecorder : public DiagnosticConsumer {
public:
  explicit DiagnosticRecorder(ParseState &State) : State(State) {}

  void HandleDiagnostic(DiagnosticsEngine::Level Level, const clang::Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error)
      return;
    llvm::SmallString<256> Message;
    Info.FormatDiagnostic(Message);
    Diagnostic Out;
    Out.Severity = Level == DiagnosticsEngine::Fatal ? "fatal" : "error";
    Out.Message = Message.str().str();
    for (MissingName &Name : missingNamesOf(Info))
      State.MissingCandidates.push_back(std::move(Name));
    if (std::optional<std::string> Name = redefinedName(Info))
      State.Redefined.insert(*Name);
    if (std::optional<Respelling> Change = respellingFor(Info))
      State.Outcome.Respellings.push_back(std::move(*Change));
    if (Level == DiagnosticsEngine::Fatal)
      State.Outcome.Fatal = true;
    std::string Target;
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      const SourceManager &SM = Info.getSourceManager();
      SourceLocation FileLoc = SM.getFileLoc(Info.getLocation());
      PresumedLoc Presumed = SM.getPresumedLoc(FileLoc, false);
      if (Presumed.isValid()) {
        std::string Relative = relativeToRoot(Presumed.getFilename());
        Out.File = Relative.empty() ? Presumed.getFilename() : Relative;
        Out.Line = Presumed.getLine();
        Out.Column = Presumed.getColumn();
        if (!Relative.empty()) {
          State.Outcome.FilesWithErrors.insert(Relative);
          State.Errors.push_back(
              {FileLoc, Relative + ":" + std::to_string(Out.Line) + ": " + Out.Message});
        }
      }
      Target = activeTarget(SM, FileLoc);
      if (!Target.empty())
        State.Outcome.TargetsWithErrors.insert(Target);
    }
    State.Outcome.Diagnostics.push_back(std::move(Out));
    State.Outcome.DiagnosticTargets.push_back(Target);
  }

private:
  ParseState &State;
};

/// Records project includes, and which ones were served empty.
class IncludeRecorder : public compat::InclusionCallbacks {
public:
  IncludeRecorder(ParseState &State, const SourceManager &SM) : State(State), SM(SM) {}

  void inclusion(SourceLocation HashLoc, llvm::StringRef FileName, llvm::StringRef Name) override {
    if (Name.empty())
      return;
    SourceLocation Loc = SM.getFileLoc(HashLoc);
    std::string Includer = compat::fileName(SM, SM.getFileID(Loc)).str();
    std::string From = relativeToRoot(Includer);
    if (compat::startsWith(Name, std::string(RecoveryRoot) + "/")) {
      if (From.empty())
        return;
      if (auto Forward = State.Forwarded.find(FileName.str()); Forward != State.Forwarded.end()) {
        if (From != Forward->second)
          State.Outcome.IncludeGraph[From].insert(Forward->second);
        return;
      }
      if (State.Outcome.MissingIncludes[From].insert(FileName.str()).second) {
        PresumedLoc Presumed = SM.getPresumedLoc(Loc, false);
        State.Outcome.Diagnostics.push_back(
            {From, Presumed.isValid() ? Presumed.getLine() : 0,
             Presumed.isValid() ? Presumed.getColumn() : 0, "warning",
             "'" + FileName.str() +
                 "' file not found; scanned as an empty file [missing-include]"});
        State.Outcome.DiagnosticTargets.push_back(activeTarget(SM, Loc));
      }
      return;
    }
    std::string To = relativeToRoot(Name.str());
    if (!From.empty() && !To.empty() && From != To)
      State.Outcome.IncludeGraph[From].insert(To);
    // Headers outside the tree key the scan cache (ScannedFile::ExternalIncludes).
    if (To.empty() && !Includer.empty() && isKeyedExternalHeader(Name.str()) &&
        (!From.empty() || isKeyedExternalHeader(Includer)))
      State.Outcome.ExternalGraph[From.empty() ? Includer : From].insert(Name.str());
  }

private:
  ParseState &State;
  const SourceManager &SM;
};

class ExtractConsumer : public ASTConsumer {
public:
  explicit ExtractConsumer(ParseState &State) : State(State) {}

  void HandleTranslationUnit(ASTContext &Context) override {
    // Nothing may unwind through Clang's frames.
    std::vector<Diagnostic> Found;
    try {
      FoundModules Modules = findModules(Context, *State.Request.Reported, State.Errors, Found);
      State.Outcome.Modules = std::move(Modules.Modules);
      State.Outcome.UnseenConstructors = std::move(Modules.UnseenConstructors);
      State.Outcome.SeenConstructors = std::move(Modules.SeenConstructors);
    } catch (const std::exception &E) {
      Found.push_back({"", 0, 0, "error", std::string("extraction failed: ") + E.what()});
    }
    for (Diagnostic &Diag : Found) {
      State.Outcome.Diagnostics.push_back(std::move(Diag));
      State.Outcome.DiagnosticTargets.push_back("");
    }
    // Every diagnostic is in by now: end-of-unit instantiations came first.
    for (MissingName &Name : State.MissingCandidates) {
      bool Provided = findProvider(Context, State.Request.ProvidingNamespaces, Name);
      // Declared later in this parse or not, the class's header is what the
      // file's broken include meant.
      if (!Provided && findClassHeader(State.Request.ClassHeaders, Name)) {
        State.Outcome.Missing.push_back(std::move(Name));
        continue;
      }
      // `vector<string>` reads `string` as a value: refusing it would
      // refuse the type use too, which the project's own later
      // `using std::string;` does not answer.
      MissingName AsType = Name;
      AsType.Role = NameRole::Type;
      if (!Provided && findProvider(Context, State.Request.ProvidingNamespaces, AsType) &&
          isDeclaredOnlyAsProvided(Context, AsType))
        continue;
      if (isDeclaredIn(Context, Name) && !(Provided && isDeclaredOnlyAsProvided(Context, Name))) {
        Name.Provider.clear();
        State.Outcome.Declared.push_back(std::move(Name));
        continue;
      }
      State.Outcome.Missing.push_back(std::move(Name));
    }
    for (const MissingName &Name : State.Request.RecoveredNames)
      if (State.Redefined.count(Name.Name) ||
          (Name.ClassHeader.empty() && isDeclaredIn(Context, Name) &&
           !isDeclaredOnlyAsProvided(Context, Name)))
        State.Outcome.Declared.push_back(Name);
  }

private:
  ParseState &State;
};

class ExtractAction : public ASTFrontendAction {
public:
  explicit ExtractAction(ParseState &State) : State(State) {}

protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &Compiler,
                                                 llvm::StringRef) override {
    Compiler.getPreprocessor().addPPCallbacks(
        std::make_unique<IncludeRecorder>(State, Compiler.getSourceManager()));
    return std::make_unique<ExtractConsumer>(State);
  }

private:
  ParseState &State;
};

/// The search directories of Args on the real file system, and the usual
/// system ones.
std::vector<std::string> searchDirectories(const std::vector<std::string> &Args) {
  std::vector<std::string> Dirs;
  static const char *const Flags[] = {"-I", "-isystem", "-iquote", "-idirafter"};
  for (std::size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef Arg(Args[I]);
    for (const char *Flag : Flags) {
      if (Arg == Flag && I + 1 < Args.size())
        Dirs.push_back(Args[I + 1]);
      else if (compat::startsWith(Arg, Flag) && Arg.size() > std::strlen(Flag) &&
               (std::string(Flag) == "-I" || Arg[std::strlen(Flag)] == '/'))
        Dirs.push_back(Arg.drop_front(std::strlen(Flag)).str());
    }
    if (Arg == "-resource-dir" && I + 1 < Args.size())
      Dirs.push_back(Args[I + 1] + "/include");
  }
  for (const char *Pattern : {"/usr/include/c++", "/usr/include/x86_64-linux-gnu/c++",
                              "/usr/include/aarch64-linux-gnu/c++"}) {
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Pattern, EC), End; !EC && It != End; It.increment(EC))
      Dirs.push_back(It->path());
  }
  for (const char *Dir : {"/usr/local/include", "/usr/include/x86_64-linux-gnu",
                          "/usr/include/aarch64-linux-gnu", "/usr/include"})
    Dirs.push_back(Dir);
  return Dirs;
}

/// The tree's only file whose path ends in Name (whole components), if
/// exactly one does.
std::optional<std::string>
onlyFileNamed(const std::map<std::string, std::vector<std::string>> &ByFileName,
              const std::string &Name) {
  auto Candidates =
      ByFileName.find(llvm::sys::path::filename(Name, llvm::sys::path::Style::posix).str());
  if (Candidates == ByFileName.end())
    return std::nullopt;
  std::optional<std::string> Only;
  for (const std::string &Path : Candidates->second) {
    if (Path != Name && !compat::endsWith(Path, "/" + Name))
      continue;
    if (Only)
      return std::nullopt;
    Only = Path;
  }
  return Only;
}

/// Serves a file in RecoveryRoot for each include of the tree that no
/// search directory holds: one that includes the tree's only file of that
/// name, else an empty one. Returns the forwarded names and their targets.
std::map<std::string, std::string> serveMissingIncludes(const SourceTree &Tree,
                                                        const std::vector<std::string> &Args,
                                                        llvm::vfs::InMemoryFileSystem &Memory) {
  std::set<std::string> InTree;
  std::map<std::string, std::vector<std::string>> ByFileName;
  for (const SourceFile &File : Tree.Files) {
    InTree.insert(File.Path);
    ByFileName[llvm::sys::path::filename(File.Path, llvm::sys::path::Style::posix).str()].push_back(
        File.Path);
  }
  std::vector<std::string> Dirs = searchDirectories(Args);
  std::set<std::string> Checked;
  std::map<std::string, std::string> Forwarded;
  for (const SourceFile &File : Tree.Files)
    for (const auto &[Name, Quoted] : includeNames(File.Content)) {
      if (Quoted) {
        llvm::SmallString<256> Beside(
            llvm::sys::path::parent_path(virtualPath(File.Path), llvm::sys::path::Style::posix));
        llvm::sys::path::append(Beside, llvm::sys::path::Style::posix, Name);
        if (InTree.count(relativeToRoot(Beside.str().str())))
          continue;
      }
      if (!Checked.insert(Name).second)
        continue;
      bool Found = false;
      for (const std::string &Dir : Dirs) {
        std::string Relative = relativeToRoot(Dir + "/" + Name);
        if (Relative.empty() ? llvm::sys::fs::exists(Dir + "/" + Name)
                             : InTree.count(Relative) != 0) {
          Found = true;
          break;
        }
      }
      if (Found || llvm::sys::path::is_absolute(Name))
        continue;
      std::string Served;
      if (std::optional<std::string> Target = onlyFileNamed(ByFileName, Name)) {
        Forwarded[Name] = *Target;
        Served = "#include \"" + virtualPath(*Target) + "\"\n";
      }
      Memory.addFile(std::string(RecoveryRoot) + "/" + Name, 0,
                     llvm::MemoryBuffer::getMemBufferCopy(Served));
    }
  return Forwarded;
}

/// Includes each target. Programs have a main() each (one per sample in
/// example collections): with several targets, each one's `main` is
/// renamed while it is read, so that they do not clash and cost every
/// program a second parse alone.
std::string umbrellaSource(const std::vector<std::string> &Targets) {
  std::string Source;
  for (std::size_t I = 0; I < Targets.size(); ++I) {
    if (Targets.size() > 1)
      Source += "#define main modelcompat_main_" + std::to_string(I) + "\n";
    Source += "#include \"" + virtualPath(Targets[I]) + "\"\n";
    if (Targets.size() > 1)
      Source += "#undef main\n";
  }
  return Source;
}

} // namespace

ParseOutcome parseTranslationUnit(const SourceTree &Tree, const ParseRequest &Request) {
  ParseOutcome Outcome;
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  for (const SourceFile &File : Tree.Files) {
    auto Changes = Request.Respellings.find(File.Path);
    Memory->addFile(
        virtualPath(File.Path), 0,
        llvm::MemoryBuffer::getMemBufferCopy(Changes == Request.Respellings.end()
                                                 ? File.Content
                                                 : respelled(File.Content, Changes->second),
                                             virtualPath(File.Path)));
  }
  Memory->addFile(std::string(RecoveryRoot) + "/.modelcompat", 0,
                  llvm::MemoryBuffer::getMemBuffer(""));
  // A precompiled libtorch checks that the header it was built from is here.
  Memory->addFile(TorchPrefixPath, 0, llvm::MemoryBuffer::getMemBuffer(TorchPrefixSource));
  std::string Main = std::string(UmbrellaRoot) + "/scan.cpp";
  Memory->addFile(Main, 0,
                  llvm::MemoryBuffer::getMemBufferCopy(umbrellaSource(Request.Targets), Main));
  auto Overlay =
      llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(llvm::vfs::getRealFileSystem());
  Overlay->pushOverlay(Memory);
  auto Files = llvm::makeIntrusiveRefCnt<FileManager>(FileSystemOptions(), Overlay);

  std::map<std::string, std::string> Forwarded = serveMissingIncludes(Tree, Request.Args, *Memory);
  if (!Request.RecoveredHeader.empty())
    Memory->addFile(
        RecoveryHeaderPath, 0,
        llvm::MemoryBuffer::getMemBufferCopy(Request.RecoveredHeader, RecoveryHeaderPath));

  std::vector<std::string> CommandLine = {clangDriverPath(), "-fsyntax-only"};
  CommandLine.insert(CommandLine.end(), Request.Args.begin(), Request.Args.end());
  CommandLine.push_back("-idirafter");
  CommandLine.push_back(RecoveryRoot);
  if (!Request.PchPath.empty()) {
    CommandLine.push_back("-include-pch");
    CommandLine.push_back(Request.PchPath);
  }
  if (!Request.RecoveredHeader.empty()) {
    CommandLine.push_back("-include");
    CommandLine.push_back(RecoveryHeaderPath);
  }
  // Keep going after errors, and skip work whose output nobody reads.
  for (const char *Flag : QuietParseFlags)
    CommandLine.push_back(Flag);
  CommandLine.push_back(Main);

  ParseState State{Request, Outcome, *Memory};
  State.Forwarded = std::move(Forwarded);
  DiagnosticRecorder Recorder(State);
  tooling::ToolInvocation Invocation(CommandLine, std::make_unique<ExtractAction>(State),
                                     Files.get());
  Invocation.setDiagnosticConsumer(&Recorder);
  if (!Invocation.run() && Outcome.Diagnostics.empty()) {
    Outcome.Diagnostics.push_back(
        {"", 0, 0, "error", "the compiler could not run on these arguments"});
    Outcome.DiagnosticTargets.push_back("");
    Outcome.Fatal = true;
  }
  // Extraction's own diagnostics (duplicate registrations) have no target.
  Outcome.DiagnosticTargets.resize(Outcome.Diagnostics.size());
  return Outcome;
}

} // namespace modelcompat::extract
