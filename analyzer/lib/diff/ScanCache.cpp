//===- ScanCache.cpp - Per-file scan results cached on disk --------------===//
#include "modelcompat/diff/ScanCache.h"
#include "modelcompat/schema/SchemaJson.h"
#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/OutOfLineMembers.h"
#include "modelcompat/support/ReadFile.h"
#include "modelcompat/support/StableHash.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace fs = std::filesystem;

namespace modelcompat {
namespace {

/// Bumped when the cache layout or the meaning of a result changes (20: a
/// class that inherits a layer's constructors has the layer's keys, bound by
/// its callers; 19: a source file that qualifies a class it cannot see is
/// parsed with the tree header defining it; 18: an element of a member array
/// no method writes is its initialiser's; 17: a broken data member no method
/// registers, or an error inside a registration's value, leaves the class
/// read; 16:
/// an error in a constructor's call of a free function not handed the
/// module leaves the class readable; 15: a
/// factory defined in another source file is not followed, whatever
/// shares the parse; 14:
/// a class derived from a libtorch layer or container starts with its
/// state; 13: a local never written after its initialiser is read through it, like a
/// const one; an error in an initialiser of a field without module state,
/// or beside a constructor some parse saw, no longer makes a class
/// unreadable; 12: a standard the CMake files state below C++17 no longer lowers the
/// parse's; files record the class names their text defines and whether it
/// names nn::Module as a base; recovery brings in names a namespace
/// declares, `using std::string`, and streams a placeholder through;
/// factories that fill a local container give its children; 11: classes
/// record their constructors and forward() signatures; 10:
/// inherited entries composed from the whole scan; 8: a
/// manifest records a file's own parse, a result is keyed by its context
/// too and was parsed with it; 7: headers outside the tree and the parser
/// identity keyed by content, not time).
constexpr const char *CacheFormat = "modelcompat-scan-cache/20";

/// A header outside the tree, by the hash of its content. Not by its time:
/// a CI cache restored on another runner, a package reinstalled, or an
/// image rebuilt give /usr/include the same bytes with other times, and
/// those entries must still hit. The cost is bounded: only the headers a
/// project file includes directly are keyed (not what they include in
/// turn, nor libtorch's, nor the compiler's), and each is read once per
/// run while its size and time stay what they were (Memo).
std::string externalStamp(const std::string &Path,
                          std::map<std::string, ScanMemory::ExternalHash> &Memo) {
  std::error_code EC;
  std::uintmax_t Size = fs::file_size(Path, EC);
  if (EC)
    return "absent";
  auto Time = fs::last_write_time(Path, EC);
  if (EC)
    return "absent";
  long long Ticks = Time.time_since_epoch().count();
  ScanMemory::ExternalHash &Known = Memo[Path];
  if (Known.Hash.empty() || Known.Size != Size || Known.Time != Ticks) {
    std::ifstream In(Path, std::ios::binary);
    std::string Content{std::istreambuf_iterator<char>(In), std::istreambuf_iterator<char>()};
    if (!In && !In.eof())
      return "unreadable";
    Known = {Size, Ticks, StableHash().add(Content).hex()};
  }
  return Known.Hash;
}

/// Text with every occurrence of Root replaced by a placeholder, so that
/// what is keyed by it does not depend on where the checkout is.
std::string withoutRoot(std::string Text, const std::string &Root) {
  if (Root.empty())
    return Text;
  for (std::size_t At = Text.find(Root); At != std::string::npos; At = Text.find(Root, At + 6))
    Text.replace(At, Root.size(), "<root>");
  return Text;
}

std::string baseName(const std::string &Path) {
  size_t Slash = Path.rfind('/');
  return Slash == std::string::npos ? Path : Path.substr(Slash + 1);
}

/// A file's identity: its git blob id, or a hash of its content.
std::string blobOf(const SourceFile &File) {
  return File.BlobId.empty() ? "content:" + StableHash().add(File.Content).hex() : File.BlobId;
}

/// Everything about the flags that can change a result. The scanner maps
/// the checkout (RealRoot) onto its virtual tree, so a compilation
/// database is keyed with the checkout's path taken out: the same build in
/// another checkout (another CI runner's work directory) gives the same key.
std::string flagsKey(const ScanOptions &Options) {
  std::string Root = Options.RealRoot;
  while (Root.size() > 1 && Root.back() == '/')
    Root.pop_back();
  StableHash Hash;
  for (const std::string &Arg : Options.ExtraArgs)
    Hash.add(Arg);
  Hash.add("-p").add(withoutRoot(Options.CompileCommandsDir, Root));
  if (!Options.CompileCommandsDir.empty()) {
    std::error_code EC;
    fs::path Database = fs::path(Options.CompileCommandsDir) / "compile_commands.json";
    if (fs::exists(Database, EC)) {
      try {
        Hash.add(withoutRoot(readFile(Database.string()), Root));
      } catch (const Error &) {
        Hash.add("unreadable");
      }
    }
  }
  return Hash.hex();
}

/// One target's cache entry: its result restricted to that file.
ScanResult partOf(const ScanResult &Result, const std::string &Path) {
  ScanResult Part;
  for (const ModuleSchema &Module : Result.Modules)
    if (Module.File == Path)
      Part.Modules.push_back(Module);
  for (const Diagnostic &Diag : Result.Diagnostics)
    if (Diag.File == Path)
      Part.Diagnostics.push_back(Diag);
  if (std::count(Result.FilesWithErrors.begin(), Result.FilesWithErrors.end(), Path))
    Part.FilesWithErrors.push_back(Path);
  bool Listed = false;
  for (const ScannedFile &File : Result.Files)
    if (File.Path == Path) {
      Part.Files.push_back(File);
      Listed = true;
    }
  if (!Listed) // The scanner said nothing about it: cache "no includes".
    Part.Files.push_back(ScannedFile{Path, {}, {}, !Part.FilesWithErrors.empty()});
  return Part;
}

/// What a target's own parse recorded, for its manifest. A file that
/// defines a module class (or may: its text says so) takes registrations
/// from the files that include it, which define its out-of-line
/// constructors and reset(); a file that defines none does not.
ScanMemory::Manifest manifestOf(const ScanResult &Part) {
  const ScannedFile &File = Part.Files.front();
  ScanMemory::Manifest Recorded{File.Includes,
                                File.ExternalIncludes,
                                File.MissingIncludes,
                                !Part.Modules.empty() || File.MayDefineModules,
                                {}};
  for (const ModuleSchema &Module : Part.Modules)
    Recorded.Classes.push_back(unqualifiedName(Module.ClassName));
  std::sort(Recorded.Classes.begin(), Recorded.Classes.end());
  Recorded.Classes.erase(std::unique(Recorded.Classes.begin(), Recorded.Classes.end()),
                         Recorded.Classes.end());
  return Recorded;
}

void append(ScanResult &Into, ScanResult &&Part) {
  for (ModuleSchema &Module : Part.Modules)
    Into.Modules.push_back(std::move(Module));
  for (std::string &File : Part.FilesWithErrors)
    Into.FilesWithErrors.push_back(std::move(File));
  for (Diagnostic &Diag : Part.Diagnostics)
    Into.Diagnostics.push_back(std::move(Diag));
  for (ScannedFile &File : Part.Files)
    Into.Files.push_back(std::move(File));
}

void sortResult(ScanResult &Result) {
  std::sort(Result.FilesWithErrors.begin(), Result.FilesWithErrors.end());
  Result.FilesWithErrors.erase(
      std::unique(Result.FilesWithErrors.begin(), Result.FilesWithErrors.end()),
      Result.FilesWithErrors.end());
  std::stable_sort(Result.Diagnostics.begin(), Result.Diagnostics.end(),
                   [](const Diagnostic &A, const Diagnostic &B) {
                     return std::tie(A.File, A.Line, A.Column) < std::tie(B.File, B.Line, B.Column);
                   });
  std::sort(Result.Files.begin(), Result.Files.end(),
            [](const ScannedFile &A, const ScannedFile &B) { return A.Path < B.Path; });
  flattenStateDicts(Result.Modules);
}

/// Whether Includer's text may add registrations to a class Header defines:
/// it defines a member of one out of line (a constructor, reset(), or a
/// helper they call). Without the header's class names (its text may define
/// one its parse did not find), any includer may.
bool mayExtendClassesOf(const ScanMemory::Manifest &Header, const SourceFile *Includer) {
  if (Header.Classes.empty() || !Includer)
    return true;
  return std::any_of(Header.Classes.begin(), Header.Classes.end(), [&](const std::string &Name) {
    return definesMemberOutOfLine(Includer->Content, Name);
  });
}

/// The targets a target's result depends on besides itself, by path,
/// sorted: for a file that defines a module class, every target that
/// includes it (transitively) and defines a member of one of its classes
/// out of line; for any other, none. A shared layers header included by
/// every file, whose classes are written inline, depends on none of them.
/// A target without a manifest is not known to include anything yet, and
/// may define a class.
std::map<std::string, std::vector<std::string>>
contextsOf(const SourceTree &Tree, const std::vector<std::string> &Targets,
           const std::map<std::string, ScanMemory::Manifest> &Manifests) {
  std::map<std::string, std::vector<std::string>> Contexts;
  for (const std::string &Path : Targets) {
    auto Known = Manifests.find(Path);
    if (Known == Manifests.end() || Known->second.DefinesModules)
      Contexts[Path];
  }
  std::map<std::string, const SourceFile *> Files;
  for (const SourceFile &File : Tree.Files)
    Files.emplace(File.Path, &File);
  auto FileAt = [&](const std::string &Path) -> const SourceFile * {
    auto It = Files.find(Path);
    return It == Files.end() ? nullptr : It->second;
  };
  for (const std::string &Includer : Targets) // Targets are sorted: so is each context.
    if (auto Known = Manifests.find(Includer); Known != Manifests.end())
      for (const std::string &Included : Known->second.Includes) {
        auto It = Contexts.find(Included);
        if (It == Contexts.end() || Included == Includer)
          continue;
        auto Header = Manifests.find(Included);
        if (Header == Manifests.end() || mayExtendClassesOf(Header->second, FileAt(Includer)))
          It->second.push_back(Includer);
      }
  for (const std::string &Path : Targets)
    Contexts[Path];
  return Contexts;
}

/// The cache directory of one run: keys, reads, writes, and the warnings.
class CacheStore {
public:
  CacheStore(const SourceTree &Tree, const ScanOptions &Options, const ScanCacheOptions &Cache,
             ScanCacheStats &Stats)
      : Dir(Cache.Directory), Memory(Cache.Memory), Stats(Stats),
        ExternalHashes(Memory ? Memory->ExternalHashes : OwnExternalHashes) {
    StableHash Stated; // The CMake files whose flags the scan reads.
    for (const SourceFile &File : Tree.Files) {
      Blobs[File.Path] = blobOf(File);
      ByBaseName[baseName(File.Path)].push_back(File.Path);
      if (fs::path(File.Path).filename() == "CMakeLists.txt")
        Stated.add(File.Path).add(Blobs[File.Path]);
    }
    for (auto &[Name, Paths] : ByBaseName)
      std::sort(Paths.begin(), Paths.end());
    SearchDirectories = {"/usr/local/include", "/usr/include", "/usr/include/x86_64-linux-gnu",
                         "/usr/include/aarch64-linux-gnu"};
    for (std::size_t I = 0; I < Options.ExtraArgs.size(); ++I) {
      const std::string &Arg = Options.ExtraArgs[I];
      for (const char *Flag : {"-I", "-isystem", "-idirafter"}) {
        std::string Prefix(Flag);
        if (Arg == Prefix && I + 1 < Options.ExtraArgs.size())
          SearchDirectories.push_back(Options.ExtraArgs[I + 1]);
        else if (Arg.size() > Prefix.size() && Arg.compare(0, Prefix.size(), Prefix) == 0)
          SearchDirectories.push_back(Arg.substr(Prefix.size()));
      }
    }
    Salt = StableHash()
               .add(CacheFormat)
               .add(Cache.ToolVersion)
               .add(flagsKey(Options))
               .add(Stated.hex())
               .add(Cache.Scope)
               .hex();
  }

  bool enabled() const { return !Dir.empty() || Memory; }

  /// What the last parse of Path, at its current blob, recorded.
  std::optional<ScanMemory::Manifest> manifest(const std::string &Path) {
    if (Memory)
      if (auto Known = Memory->Manifests.find(manifestKey(Path)); Known != Memory->Manifests.end())
        return Known->second;
    if (Dir.empty())
      return std::nullopt;
    std::string File = manifestPath(Path);
    std::error_code EC;
    if (!fs::exists(File, EC))
      return std::nullopt;
    std::optional<nlohmann::json> Recorded = readJson(File);
    if (!Recorded)
      return std::nullopt;
    auto Includes = Recorded->find("includes");
    auto Defines = Recorded->find("defines_modules");
    if (!Recorded->is_object() || Recorded->value("path", "") != Path ||
        Includes == Recorded->end() || !Includes->is_array() || Defines == Recorded->end() ||
        !Defines->is_boolean()) {
      warnCorrupt(File, "unexpected manifest contents");
      return std::nullopt;
    }
    ScanMemory::Manifest Manifest;
    Manifest.Includes = strings(*Includes);
    Manifest.DefinesModules = Defines->get<bool>();
    if (auto It = Recorded->find("external_includes"); It != Recorded->end() && It->is_array())
      Manifest.Externals = strings(*It);
    if (auto It = Recorded->find("missing_includes"); It != Recorded->end() && It->is_array())
      Manifest.Missing = strings(*It);
    if (auto It = Recorded->find("classes"); It != Recorded->end() && It->is_array())
      Manifest.Classes = strings(*It);
    return Manifest;
  }

  /// What a file's own parse read (ccache's "direct mode"): the file, the
  /// project files it includes transitively, the headers outside the tree
  /// it includes (stamped), every tree file that shares a name with an
  /// include (a new header shadowing it would be one), and whether each
  /// include served empty resolves now (a library installed since).
  std::string ownKey(const std::string &Path, const ScanMemory::Manifest &Recorded) {
    std::vector<std::string> Includes = Recorded.Includes, Externals = Recorded.Externals;
    std::sort(Includes.begin(), Includes.end());
    std::sort(Externals.begin(), Externals.end());
    StableHash Hash;
    Hash.add(Path).add(blob(Path));
    for (const std::string &Include : Includes)
      Hash.add(Include).add(blob(Include));
    Hash.add("external");
    for (const std::string &External : Externals)
      Hash.add(External).add(externalStamp(External, ExternalHashes));
    Hash.add("same-named");
    std::set<std::string> Names;
    for (const std::vector<std::string> *List : {&Includes, &Externals})
      for (const std::string &Include : *List)
        Names.insert(baseName(Include));
    for (const std::string &Name : Names)
      if (auto It = ByBaseName.find(Name); It != ByBaseName.end())
        for (const std::string &Same : It->second)
          Hash.add(Same);
    Hash.add("missing");
    for (const std::string &Include : Recorded.Missing)
      Hash.add(Include).add(resolvesNow(Include) ? "found" : "absent");
    Hash.add(Recorded.DefinesModules ? "defines" : "no-modules");
    return Hash.hex();
  }

  /// The key of Path's result: its own key and those of the targets in its
  /// context (contextsOf), each computed by ownKey from its manifest.
  std::string resultKey(const std::string &Path, const std::vector<std::string> &Context,
                        const std::map<std::string, std::string> &OwnKeys) const {
    StableHash Hash;
    Hash.add(Salt).add(Path).add(OwnKeys.at(Path)).add("context");
    for (const std::string &Includer : Context)
      Hash.add(Includer).add(OwnKeys.at(Includer));
    return Hash.hex();
  }

  std::optional<ScanResult> lookup(const std::string &Path, const std::string &Key) {
    if (Memory)
      if (auto Known = Memory->Results.find(Key); Known != Memory->Results.end())
        return Known->second;
    if (Dir.empty())
      return std::nullopt;
    std::string Result = resultPath(Key);
    std::error_code EC;
    if (!fs::exists(Result, EC))
      return std::nullopt;
    std::optional<nlohmann::json> Document = readJson(Result);
    if (!Document)
      return std::nullopt;
    try {
      ScanResult Part = scanResultFromJson(*Document, "cache entry '" + Result + "'");
      if (Part.Files.size() != 1 || Part.Files[0].Path != Path)
        throw Error("cache entry '" + Result + "' is for another file");
      for (const ModuleSchema &Module : Part.Modules)
        if (Module.File != Path)
          throw Error("cache entry '" + Result + "' holds a class of another file");
      return Part;
    } catch (const Error &E) {
      warnCorrupt(Result, E.what());
      return std::nullopt;
    }
  }

  /// Stores Part under Key and its manifest, unless both exist (and Force
  /// is off).
  void store(const std::string &Path, const std::string &Key, const ScanResult &Part, bool Force) {
    ScanMemory::Manifest Recorded = manifestOf(Part);
    if (Memory) {
      Memory->Manifests[manifestKey(Path)] = Recorded;
      Memory->Results[Key] = Part;
    }
    if (Unwritable || Dir.empty())
      return;
    std::string Result = resultPath(Key);
    std::string Manifest = nlohmann::json{{"path", Path},
                                          {"includes", Recorded.Includes},
                                          {"external_includes", Recorded.Externals},
                                          {"missing_includes", Recorded.Missing},
                                          {"defines_modules", Recorded.DefinesModules},
                                          {"classes", Recorded.Classes}}
                               .dump() +
                           "\n";
    std::error_code EC;
    bool ManifestCurrent = false;
    if (fs::exists(manifestPath(Path), EC)) {
      try {
        ManifestCurrent = readFile(manifestPath(Path)) == Manifest;
      } catch (const Error &) {
      }
    }
    if (!Force && ManifestCurrent && fs::exists(Result, EC))
      return;
    try {
      if (Force || !fs::exists(Result, EC))
        writeFileAtomically(Result, scanResultToJson(Part, SchemaJsonDetail::Full).dump() + "\n");
      if (!ManifestCurrent)
        writeFileAtomically(manifestPath(Path), Manifest);
    } catch (const Error &E) {
      Unwritable = true;
      Stats.Warnings.push_back("cannot write the scan cache in '" + Dir +
                               "', continuing without it: " + E.what());
    }
  }

private:
  std::string manifestKey(const std::string &Path) const {
    return StableHash().add(Salt).add(Path).add(blob(Path)).hex();
  }

  std::string manifestPath(const std::string &Path) const {
    return (fs::path(Dir) / "manifests" / (manifestKey(Path) + ".json")).string();
  }

  std::string resultPath(const std::string &Key) const {
    return (fs::path(Dir) / "results" / (Key + ".json")).string();
  }

  /// Whether an include that was served empty is in a search directory now:
  /// the system's, or one the extra arguments name.
  bool resolvesNow(const std::string &Include) const {
    std::error_code EC;
    for (const std::string &Directory : SearchDirectories)
      if (fs::exists(fs::path(Directory) / Include, EC))
        return true;
    return false;
  }

  std::string blob(const std::string &Path) const {
    auto It = Blobs.find(Path);
    return It == Blobs.end() ? "missing" : It->second;
  }

  static std::vector<std::string> strings(const nlohmann::json &Array) {
    std::vector<std::string> Out;
    for (const nlohmann::json &Item : Array)
      if (Item.is_string())
        Out.push_back(Item.get<std::string>());
    return Out;
  }

  std::optional<nlohmann::json> readJson(const std::string &Path) {
    std::string Text;
    try {
      Text = readFile(Path);
    } catch (const Error &E) {
      warnCorrupt(Path, E.what());
      return std::nullopt;
    }
    nlohmann::json Document = nlohmann::json::parse(Text, nullptr, false);
    if (Document.is_discarded()) {
      warnCorrupt(Path, "not valid JSON");
      return std::nullopt;
    }
    return Document;
  }

  void warnCorrupt(const std::string &Path, const std::string &Why) {
    Stats.Warnings.push_back("ignoring corrupt scan cache entry '" + Path + "' (" + Why +
                             "); rescanning");
  }

  std::string Dir;
  ScanMemory *Memory;
  ScanCacheStats &Stats;
  std::map<std::string, ScanMemory::ExternalHash> OwnExternalHashes; ///< Without a Memory.
  std::map<std::string, ScanMemory::ExternalHash> &ExternalHashes;
  std::map<std::string, std::string> Blobs;
  /// Tree paths by file name, sorted (the tree lists them in order).
  std::map<std::string, std::vector<std::string>> ByBaseName;
  std::vector<std::string> SearchDirectories;
  std::string Salt;
  bool Unwritable = false;
};

/// Scans after which whatever still misses is scanned with every target (a
/// parse of everything holds every context). Two suffice when parses are
/// deterministic: the misses with the contexts the manifests tell, then
/// the contexts the first scan revealed.
constexpr unsigned MaxScanRounds = 3;

} // namespace

std::string defaultCacheDirectory() {
  if (const char *Xdg = std::getenv("XDG_CACHE_HOME"); Xdg && *Xdg)
    return (fs::path(Xdg) / "modelcompat").string();
  if (const char *Home = std::getenv("HOME"); Home && *Home)
    return (fs::path(Home) / ".cache" / "modelcompat").string();
  return "";
}

// A target's result is read from a parse that held its context (the files
// that may define its classes' constructors), or from the cache under a key
// of its own inputs and its context's. What a target includes is known from
// its manifest, or once it is parsed: each round scans the targets that
// miss, or were parsed without their whole context, or have no manifest,
// together with their contexts as known so far, until none is left. The
// first round already holds the includers of every changed file (their
// manifests name it) and every header one of whose includers changed (its
// key misses); a second one is needed when a file without a manifest turns
// out to include a class's header it did not include before (a new file).
ScanResult scanWithCache(const SourceTree &Tree, const std::vector<std::string> &Requested,
                         const ScanOptions &Options, const ScanCacheOptions &Cache,
                         const ScanFunction &Scan, ScanCacheStats &Stats) {
  CacheStore Store(Tree, Options, Cache, Stats);
  std::vector<std::string> Targets = Requested;
  std::sort(Targets.begin(), Targets.end());
  Targets.erase(std::unique(Targets.begin(), Targets.end()), Targets.end());
  std::map<std::string, ScanMemory::Manifest> Manifests;
  if (Store.enabled())
    for (const std::string &Path : Targets)
      if (std::optional<ScanMemory::Manifest> Recorded = Store.manifest(Path))
        Manifests[Path] = std::move(*Recorded);

  ScanOptions Unflattened = Options;
  Unflattened.Flatten = false;
  ScanCounts Counts;
  std::map<std::string, ScanResult> Parts;
  std::map<std::string, std::set<std::string>> ParsedWith; ///< Targets parsed: their batch.
  std::map<std::string, std::optional<ScanResult>> Looked; ///< Lookups by key.
  std::map<std::string, std::string> Keys;
  for (unsigned Round = 0;; ++Round) {
    std::map<std::string, std::vector<std::string>> Contexts = contextsOf(Tree, Targets, Manifests);
    std::map<std::string, std::string> OwnKeys;
    for (const auto &[Path, Recorded] : Manifests)
      OwnKeys[Path] = Store.ownKey(Path, Recorded);
    std::set<std::string> Again;
    for (const std::string &Path : Targets) {
      const std::vector<std::string> &Context = Contexts[Path];
      if (!Manifests.count(Path)) {
        Again.insert(Path);
        continue;
      }
      Keys[Path] = Store.resultKey(Path, Context, OwnKeys);
      if (auto Parsed = ParsedWith.find(Path); Parsed != ParsedWith.end()) {
        if (!std::includes(Parsed->second.begin(), Parsed->second.end(), Context.begin(),
                           Context.end()))
          Again.insert(Path);
        continue;
      }
      auto [Hit, New] = Looked.try_emplace(Keys[Path]);
      if (New)
        Hit->second = Store.lookup(Path, Keys[Path]);
      if (Hit->second)
        Parts[Path] = *Hit->second;
      else
        Again.insert(Path);
    }
    if (Again.empty())
      break;
    std::set<std::string> Batch = Again;
    for (const std::string &Path : Again)
      Batch.insert(Contexts[Path].begin(), Contexts[Path].end());
    if (Round + 1 == MaxScanRounds)
      Batch.insert(Targets.begin(), Targets.end());
    ScanResult Fresh = Scan(Tree, {Batch.begin(), Batch.end()}, Unflattened);
    Counts.Parses += Fresh.Counts.Parses;
    Counts.Skipped += Fresh.Counts.Skipped;
    for (const std::string &Path : Batch) {
      Parts[Path] = partOf(Fresh, Path);
      Manifests[Path] = manifestOf(Parts[Path]);
      ParsedWith[Path] = Batch;
    }
  }

  Stats.Scanned.clear();
  for (const std::string &Path : Targets)
    if (ParsedWith.count(Path))
      Stats.Scanned.push_back(Path);
  Stats.Misses += Stats.Scanned.size();
  Stats.Hits += Targets.size() - Stats.Scanned.size();
  ScanResult Merged;
  for (const std::string &Path : Targets) {
    if (Store.enabled())
      Store.store(Path, Keys[Path], Parts[Path], ParsedWith.count(Path) != 0);
    append(Merged, std::move(Parts[Path]));
  }
  sortResult(Merged);
  Merged.Counts = Counts;
  Merged.Counts.Reused = Targets.size() - Stats.Scanned.size();
  return Merged;
}

std::set<std::string> unchangedFiles(const SourceTree &Base, const SourceTree &Head,
                                     const ScanResult &HeadScan) {
  std::map<std::string, std::string> BaseBlobs, HeadBlobs;
  for (const SourceFile &File : Base.Files)
    BaseBlobs[File.Path] = blobOf(File);
  for (const SourceFile &File : Head.Files)
    HeadBlobs[File.Path] = blobOf(File);
  auto Same = [&](const std::string &Path) {
    auto B = BaseBlobs.find(Path), H = HeadBlobs.find(Path);
    if (B == BaseBlobs.end() || H == HeadBlobs.end())
      return B == BaseBlobs.end() && H == HeadBlobs.end();
    return B->second == H->second;
  };
  std::map<std::string, const ScannedFile *> Scanned;
  for (const ScannedFile &File : HeadScan.Files)
    Scanned[File.Path] = &File;
  std::set<std::string> Unchanged;
  for (const auto &[Path, Blob] : HeadBlobs) {
    if (!BaseBlobs.count(Path) || !Same(Path))
      continue;
    auto It = Scanned.find(Path);
    bool IncludesSame = It == Scanned.end() ||
                        std::all_of(It->second->Includes.begin(), It->second->Includes.end(), Same);
    if (IncludesSame)
      Unchanged.insert(Path);
  }
  return Unchanged;
}

} // namespace modelcompat
