//===- DiffDocument.h - Read the JSON report of `diff` ----------*- C++ -*-===//
//
// `migrate --diff FILE` plans from a report saved by `modelcompat diff
// --format json` (the contract in docs/cli.md) instead of diffing again.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_MIGRATE_DIFFDOCUMENT_H
#define MODELCOMPAT_MIGRATE_DIFFDOCUMENT_H

#include "modelcompat/diff/SchemaDiff.h"
#include "modelcompat/support/ResolvedRevision.h"

#include <nlohmann/json.hpp>

#include <string>

namespace modelcompat {

/// A diff with the two revisions it was taken between.
struct DiffDocument {
  ResolvedRevision Base, Head;
  SchemaDiff Diff;
};

/// Decodes a diff report; throws Error naming Origin and the change index.
DiffDocument diffDocumentFromJson(const nlohmann::json &Document, const std::string &Origin);
/// Reads a diff report file; throws Error naming the file.
DiffDocument readDiffDocument(const std::string &Path);

} // namespace modelcompat

#endif
