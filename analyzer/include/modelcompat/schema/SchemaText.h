//===- SchemaText.h - The scan result as readable text ----------*- C++ -*-===//
//
// `modelcompat scan --format text`: one compact block per module, its state
// keys aligned in columns. For people; tools read the JSON (SchemaJson.h).
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SCHEMA_SCHEMATEXT_H
#define MODELCOMPAT_SCHEMA_SCHEMATEXT_H

#include "modelcompat/schema/ModuleSchema.h"

#include <string>

namespace modelcompat {

/// Renders one module: a header line (class, holder, file:line), then one
/// line per state key: key, kind, shape, dtype and condition.
std::string moduleSchemaToText(const ModuleSchema &Module);

/// Renders every module, blank-line separated, then the files with errors.
/// Deterministic for equal inputs.
std::string scanResultToText(const ScanResult &Result);

} // namespace modelcompat

#endif
