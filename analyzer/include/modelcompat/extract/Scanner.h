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
#include "modelcompat/source/ScanOptions.h"
#include "modelcompat/source/SourceTree.h"

#include <string>
#include <vector>

namespace modelcompat {

/// Scans the Targets of Tree (paths relative to its root; empty: every C++
/// file) and returns the module classes they define, with diagnostics and
/// files with errors. Never throws for compile errors: what parsed is
/// extracted and the rest reported.
ScanResult scanTree(const SourceTree &Tree, const std::vector<std::string> &Targets,
                    const ScanOptions &Options);

} // namespace modelcompat

#endif
