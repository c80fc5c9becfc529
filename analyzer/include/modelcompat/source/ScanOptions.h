//===- ScanOptions.h - How a scan parses a tree -----------------*- C++ -*-===//
//
// The scanner (extract) takes them; the scan cache (diff) keys on them and the
// CLI fills them from flags, neither of which may see Clang.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SOURCE_SCANOPTIONS_H
#define MODELCOMPAT_SOURCE_SCANOPTIONS_H

#include <string>
#include <vector>

namespace modelcompat {

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

} // namespace modelcompat

#endif
