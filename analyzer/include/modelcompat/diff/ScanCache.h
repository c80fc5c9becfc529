//===- ScanCache.h - Per-file scan results cached on disk -------*- C++ -*-===//
//
// A diff scans two commits that mostly share files. Each file's result
// (classes with unexpanded user sub-modules, errors, includes) is cached.
// What a file's own parse read is its "own key" (ccache's "direct mode",
// recorded in a manifest found by the file's path and blob): the file, the
// project files it includes transitively (blob ids), the headers outside
// the tree it includes other than libtorch's (path and content hash), the
// tree files named like any of its includes (a new header that could
// shadow one), and whether each include served empty resolves now.
// A class's constructors and reset() may be defined out of line, in any
// file that includes its header: the result of a file that defines a module
// class depends on those files too, its "context" (every target including
// it). So its key is its own key and its context's (each includer's own
// key: a constant its constructor takes from another header counts), with
// the tool version (the caller includes the build of the binary and the
// parser identity), the compile flags and the scope; and a result is only
// ever taken from a parse that held its whole context, never from a parse
// of whichever files happened to miss with it. A file that defines no
// module class has an empty context: a change to a .cpp does not rescan
// every includer of a utility header.
// Only the files that miss are scanned (with their contexts); the merged
// result is flattened afterwards.
// The same keys serve a ScanMemory, so one run never parses a file twice
// for the same result (a diff's two commits), even without a directory.
// Keys and entries hold no path of the machine that wrote them (the
// checkout, the cache directory, a compilation database's root) and no
// file time: a cache directory moved to another checkout, or restored by CI
// on another runner with the same toolchain, hits.
//
// Layout: <dir>/manifests/<path and blob key>.json ({"path", "includes",
// "external_includes", "missing_includes", "defines_modules"}) and
// <dir>/results/<result key>.json (scanResultToJson(..., Full)); every
// write is a temporary file and a rename. A corrupt entry or an unwritable
// directory costs a warning and a rescan, never a wrong answer.
//
// The scanner is a parameter (scanTree in production) so that the diff
// layer stays free of Clang.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_DIFF_SCANCACHE_H
#define MODELCOMPAT_DIFF_SCANCACHE_H

#include "modelcompat/schema/ModuleSchema.h"
#include "modelcompat/source/ScanOptions.h"
#include "modelcompat/source/SourceTree.h"

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace modelcompat {

/// scanTree's signature.
using ScanFunction = std::function<ScanResult(const SourceTree &, const std::vector<std::string> &,
                                              const ScanOptions &)>;

/// Per-file results kept in memory for one run, under the same keys as in
/// the cache directory: a diff's head scan reuses its base scan's result
/// for every file whose key is unchanged (its own inputs and its context's,
/// the flags), with or without a cache directory. Used by one scan at a
/// time.
struct ScanMemory {
  /// What a file's own parse recorded: the project files, the headers
  /// outside the tree and the includes served empty it reached, and
  /// whether it defines (or its text may define) a module class, whose
  /// registrations the files including it may hold.
  struct Manifest {
    std::vector<std::string> Includes, Externals, Missing;
    bool DefinesModules = false;
    /// The module classes it defines, unqualified ("AttnBlockImpl"); empty
    /// when its text may define one its parse did not find.
    std::vector<std::string> Classes;
  };
  /// A header outside the tree as last hashed: its size and time then.
  struct ExternalHash {
    std::uintmax_t Size = 0;
    long long Time = 0;
    std::string Hash;
  };
  std::map<std::string, Manifest> Manifests; ///< By manifest key.
  std::map<std::string, ScanResult> Results; ///< By result key.
  /// By absolute path: each header read once per run while it is unchanged.
  std::map<std::string, ExternalHash> ExternalHashes;
};

/// Where and for which tool build results are cached.
struct ScanCacheOptions {
  std::string Directory; ///< Empty: no cache directory.
  /// Part of every key: must change whenever the scanner's behaviour can
  /// (the CLI passes version, parser identity and buildIdentity()).
  std::string ToolVersion;
  /// What selects the targets (the PATH filters, the excluded migrations
  /// directory), also part of every key: a header's classes take their
  /// registrations from the files scanned with it (out-of-line
  /// constructors), so results are shared only between scans of one scope.
  std::string Scope;
  /// Results of this run (not owned); null: none kept. With neither a
  /// directory nor a memory, every target is scanned.
  ScanMemory *Memory = nullptr;
};

/// What a cached scan did, for tests, benchmarks and warnings.
struct ScanCacheStats {
  size_t Hits = 0;
  size_t Misses = 0;
  std::vector<std::string> Scanned;  ///< The targets that missed, sorted.
  std::vector<std::string> Warnings; ///< Without the "modelcompat: warning: ".
};

/// $XDG_CACHE_HOME/modelcompat, else $HOME/.cache/modelcompat, else "".
std::string defaultCacheDirectory();

/// Scans Targets of Tree with Scan (Flatten forced off), reusing and
/// refreshing cached per-file results, and returns the merged, flattened
/// result restricted to Targets, each file's part from a parse that held
/// its context. A target whose context missed is scanned again with it, so
/// Scan may be called more than once. Never throws for cache trouble.
ScanResult scanWithCache(const SourceTree &Tree, const std::vector<std::string> &Targets,
                         const ScanOptions &Options, const ScanCacheOptions &Cache,
                         const ScanFunction &Scan, ScanCacheStats &Stats);

/// Paths whose blob is the same in both trees and whose included project
/// files (per Head's scan) are all the same too.
std::set<std::string> unchangedFiles(const SourceTree &Base, const SourceTree &Head,
                                     const ScanResult &HeadScan);

} // namespace modelcompat

#endif
