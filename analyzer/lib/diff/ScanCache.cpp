//===- ScanCache.cpp - Per-file scan results cached on disk --------------===//
#include "modelcompat/diff/ScanCache.h"
#include "modelcompat/schema/SchemaJson.h"
#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/StableHash.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

namespace fs = std::filesystem;

namespace modelcompat {
namespace {

/// Bumped when the cache layout or the meaning of a result changes (7:
/// headers outside the tree and the parser identity keyed by content, not
/// time; compilation databases keyed without the checkout's path).
constexpr const char *CacheFormat = "modelcompat-scan-cache/7";

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
  return File.BlobId.empty() ? "content:" + StableHash().add(File.Content).hex()
                             : File.BlobId;
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
                     return std::tie(A.File, A.Line, A.Column) <
                            std::tie(B.File, B.Line, B.Column);
                   });
  std::sort(Result.Files.begin(), Result.Files.end(),
            [](const ScannedFile &A, const ScannedFile &B) { return A.Path < B.Path; });
  flattenStateDicts(Result.Modules);
}

/// The cache directory of one run: keys, reads, writes, and the warnings.
class CacheStore {
public:
  CacheStore(const SourceTree &Tree, const ScanOptions &Options,
             const ScanCacheOptions &Cache, ScanCacheStats &Stats)
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

  std::optional<ScanResult> lookup(const std::string &Path) {
    if (Memory) {
      auto Known = Memory->Manifests.find(manifestKey(Path));
      if (Known != Memory->Manifests.end()) {
        const ScanMemory::Manifest &Recorded = Known->second;
        auto Result = Memory->Results.find(resultKey(
            Path, Recorded.Includes, Recorded.Includers, Recorded.Externals, Recorded.Missing));
        if (Result != Memory->Results.end())
          return Result->second;
      }
    }
    if (Dir.empty())
      return std::nullopt;
    std::string Manifest = manifestPath(Path);
    std::error_code EC;
    if (!fs::exists(Manifest, EC))
      return std::nullopt;
    std::optional<nlohmann::json> Recorded = readJson(Manifest);
    if (!Recorded)
      return std::nullopt;
    auto Includes = Recorded->find("includes");
    if (!Recorded->is_object() || Recorded->value("path", "") != Path ||
        Includes == Recorded->end() || !Includes->is_array()) {
      warnCorrupt(Manifest, "unexpected manifest contents");
      return std::nullopt;
    }
    std::vector<std::string> IncludeList = strings(*Includes);
    std::vector<std::string> IncluderList, ExternalList, MissingList;
    if (auto It = Recorded->find("includers"); It != Recorded->end() && It->is_array())
      IncluderList = strings(*It);
    if (auto It = Recorded->find("external_includes"); It != Recorded->end() && It->is_array())
      ExternalList = strings(*It);
    if (auto It = Recorded->find("missing_includes"); It != Recorded->end() && It->is_array())
      MissingList = strings(*It);
    std::string Result = resultPath(Path, IncludeList, IncluderList, ExternalList, MissingList);
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

  /// Stores Part unless an entry under the same key exists (and Force is
  /// off). Includers are part of the key: a class of a header may take
  /// registrations from an out-of-line constructor in a file including it.
  /// Includes served empty are keyed by whether they resolve now (a library
  /// installed since invalidates the entry).
  void store(const std::string &Path, const ScanResult &Part,
             const std::vector<std::string> &Includers, bool Force) {
    const std::vector<std::string> &Includes = Part.Files.front().Includes;
    const std::vector<std::string> &Externals = Part.Files.front().ExternalIncludes;
    const std::vector<std::string> &Missing = Part.Files.front().MissingIncludes;
    if (Memory) {
      Memory->Manifests[manifestKey(Path)] = {Includes, Includers, Externals, Missing};
      Memory->Results[resultKey(Path, Includes, Includers, Externals, Missing)] = Part;
    }
    if (Unwritable || Dir.empty())
      return;
    std::string Result = resultPath(Path, Includes, Includers, Externals, Missing);
    std::string Manifest = nlohmann::json{{"path", Path},
                                          {"includes", Includes},
                                          {"includers", Includers},
                                          {"external_includes", Externals},
                                          {"missing_includes", Missing}}
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
        writeFileAtomically(Result,
                            scanResultToJson(Part, SchemaJsonDetail::Full).dump() + "\n");
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

  std::string resultPath(const std::string &Path, const std::vector<std::string> &Includes,
                         const std::vector<std::string> &Includers,
                         const std::vector<std::string> &Externals,
                         const std::vector<std::string> &Missing) {
    return (fs::path(Dir) / "results" /
            (resultKey(Path, Includes, Includers, Externals, Missing) + ".json"))
        .string();
  }

  /// The key: the file, its project includes, its includers, the headers
  /// outside the tree it includes (stamped), and every tree file that shares
  /// a name with an include, which a new header shadowing it would be.
  std::string resultKey(const std::string &Path, std::vector<std::string> Includes,
                        std::vector<std::string> Includers, std::vector<std::string> Externals,
                        const std::vector<std::string> &Missing) {
    std::sort(Includes.begin(), Includes.end());
    std::sort(Includers.begin(), Includers.end());
    std::sort(Externals.begin(), Externals.end());
    StableHash Hash;
    Hash.add(Salt).add(Path).add(blob(Path));
    for (const std::string &Include : Includes)
      Hash.add(Include).add(blob(Include));
    Hash.add("includers");
    for (const std::string &Includer : Includers)
      Hash.add(Includer).add(blob(Includer));
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
    for (const std::string &Include : Missing)
      Hash.add(Include).add(resolvesNow(Include) ? "found" : "absent");
    return Hash.hex();
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

} // namespace

std::string defaultCacheDirectory() {
  if (const char *Xdg = std::getenv("XDG_CACHE_HOME"); Xdg && *Xdg)
    return (fs::path(Xdg) / "modelcompat").string();
  if (const char *Home = std::getenv("HOME"); Home && *Home)
    return (fs::path(Home) / ".cache" / "modelcompat").string();
  return "";
}

ScanResult scanWithCache(const SourceTree &Tree, const std::vector<std::string> &Targets,
                         const ScanOptions &Options, const ScanCacheOptions &Cache,
                         const ScanFunction &Scan, ScanCacheStats &Stats) {
  CacheStore Store(Tree, Options, Cache, Stats);
  std::map<std::string, ScanResult> Parts;
  std::vector<std::string> Misses;
  for (const std::string &Path : Targets) {
    std::optional<ScanResult> Hit;
    if (Store.enabled())
      Hit = Store.lookup(Path);
    if (Hit) {
      ++Stats.Hits;
      Parts[Path] = std::move(*Hit);
    } else {
      Misses.push_back(Path);
    }
  }
  std::sort(Misses.begin(), Misses.end());
  Stats.Misses += Misses.size();
  Stats.Scanned = Misses;

  std::set<std::string> Refresh(Misses.begin(), Misses.end());
  ScanCounts Counts;
  if (!Misses.empty()) {
    ScanOptions Unflattened = Options;
    Unflattened.Flatten = false;
    ScanResult Fresh = Scan(Tree, Misses, Unflattened);
    Counts = Fresh.Counts;
    // A fresh file that adds members to a cached header's class (a new file
    // with an out-of-line constructor) makes that cached entry stale: scan
    // the header again together with every file that includes it.
    std::set<std::string> Stale;
    for (const ModuleSchema &Module : Fresh.Modules)
      if (Parts.count(Module.File) && !Refresh.count(Module.File))
        Stale.insert(Module.File);
    if (!Stale.empty()) {
      for (const auto &[Path, Part] : Parts)
        for (const ScannedFile &File : Part.Files)
          for (const std::string &Included : File.Includes)
            if (Stale.count(Included))
              Refresh.insert(Path);
      Refresh.insert(Stale.begin(), Stale.end());
      std::vector<std::string> Again(Refresh.begin(), Refresh.end());
      Stats.Hits -= Again.size() - Misses.size();
      Stats.Misses = Again.size();
      Stats.Scanned = Again;
      Fresh = Scan(Tree, Again, Unflattened);
      Counts.Parses += Fresh.Counts.Parses;
      Counts.Skipped = Fresh.Counts.Skipped;
    }
    for (const std::string &Path : Refresh)
      Parts[Path] = partOf(Fresh, Path);
  }

  std::map<std::string, std::vector<std::string>> Includers;
  for (const auto &[Path, Part] : Parts)
    for (const ScannedFile &File : Part.Files)
      for (const std::string &Included : File.Includes)
        Includers[Included].push_back(Path);
  ScanResult Merged;
  for (auto &[Path, Part] : Parts) {
    if (Store.enabled())
      Store.store(Path, Part, Includers[Path], Refresh.count(Path) != 0);
    append(Merged, std::move(Part));
  }
  sortResult(Merged);
  Merged.Counts = Counts;
  Merged.Counts.Reused = Stats.Hits;
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
    bool IncludesSame =
        It == Scanned.end() ||
        std::all_of(It->second->Includes.begin(), It->second->Includes.end(), Same);
    if (IncludesSame)
      Unchanged.insert(Path);
  }
  return Unchanged;
}

} // namespace modelcompat
