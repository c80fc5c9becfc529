//===- Scanner.h - Extract module schemas from C++ sources ------*- C++ -*-===//
//
// The analyzer's entry point: a tree of sources in memory (read from disk or
// from git objects) in, module schemas out. All files are served to Clang
// through an in-memory file system rooted at a virtual directory, so git
// trees need no checkout; libtorch and system headers come from the real
// file system.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_EXTRACT_SCANNER_H
#define MODELCOMPAT_EXTRACT_SCANNER_H

#include "modelcompat/schema/ModuleSchema.h"

#include <string>
#include <vector>

namespace modelcompat {

/// One file of a source tree, held in memory.
struct SourceFile {
  std::string Path;    ///< Relative to the tree root, '/'-separated.
  std::string Content;
  std::string BlobId;  ///< Git blob id when read from git; else empty.
};

/// Every file of a tree that a scan may need (sources and headers).
struct SourceTree {
  std::vector<SourceFile> Files;
};

/// How to parse.
struct ScanOptions {
  /// Extra compiler arguments, appended after the defaults (--extra-arg).
  std::vector<std::string> ExtraArgs;
  /// Directory holding compile_commands.json (-p); empty for the defaults:
  /// -std=c++17, libtorch's include directories, -I<root>, -I<root>/include.
  std::string CompileCommandsDir;
  /// The real directory the tree was read from, used to map paths in
  /// compile_commands.json onto the tree; empty for git trees.
  std::string RealRoot;
  /// Whether to flatten state dicts (flattenStateDicts) before returning.
  /// Callers that merge partial scans (the diff cache) flatten themselves.
  bool Flatten = true;
  /// Directory for on-disk caches (precompiled preamble); empty: none.
  std::string CacheDir;
  /// Names an earlier scan of the same history declared in place of missing
  /// headers (ScannedFile::Synthesized): declared from the first parse on,
  /// which saves repair rounds; any the tree turns out to declare are
  /// dropped again.
  std::vector<std::string> RecoverySeeds;
  /// How many translation units may be parsed at once (-j). The result
  /// does not depend on it: the same parses run, merged in the same order.
  unsigned Jobs = 1;
};

/// Reads the C++ files (cppFileExtensions) and CMakeLists.txt files under
/// Root into a tree.
/// Throws Error naming Root when it does not exist.
SourceTree readSourceTree(const std::string &Root);

/// Scans the Targets of Tree (paths relative to its root; empty: every C++
/// file) and returns the module classes they define, with diagnostics and
/// files with errors. Never throws for compile errors: what parsed is
/// extracted and the rest reported.
ScanResult scanTree(const SourceTree &Tree, const std::vector<std::string> &Targets,
                    const ScanOptions &Options);

} // namespace modelcompat

#endif
