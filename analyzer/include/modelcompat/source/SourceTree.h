//===- SourceTree.h - A tree of sources held in memory ----------*- C++ -*-===//
//
// What a scan reads: files from disk (readSourceTree) or from git objects
// (GitRepository::readTree), held in memory under tree-relative paths. The
// layer below both readers and the scanner, so none of them sees the others.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SOURCE_SOURCETREE_H
#define MODELCOMPAT_SOURCE_SOURCETREE_H

#include <string>
#include <vector>

namespace modelcompat {

/// One file of a source tree, held in memory.
struct SourceFile {
  std::string Path; ///< Relative to the tree root, '/'-separated.
  std::string Content;
  std::string BlobId; ///< Git blob id when read from git; else empty.
};

/// Every file of a tree that a scan may need (sources and headers).
struct SourceTree {
  std::vector<SourceFile> Files;
};

/// Reads the C++ files (cppFileExtensions) and CMakeLists.txt files under
/// Root into a tree, sorted by path; hidden directories are skipped. Throws
/// Error naming Root when it does not exist.
SourceTree readSourceTree(const std::string &Root);

} // namespace modelcompat

#endif
