//===- SchemaJson.h - The scan JSON contract --------------------*- C++ -*-===//
//
// The `modelcompat scan --format json` contract, documented in docs/cli.md.
// The same encoding, with Detail::Full, is the on-disk cache format.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SCHEMA_SCHEMAJSON_H
#define MODELCOMPAT_SCHEMA_SCHEMAJSON_H

#include "modelcompat/schema/ModuleSchema.h"

#include <nlohmann/json.hpp>

namespace modelcompat {

/// Version written as "schema_version" and accepted when reading.
inline constexpr int ScanSchemaVersion = 1;

/// How much of the in-memory schema a JSON document carries.
enum class SchemaJsonDetail {
  Contract, ///< Exactly the documented scan output.
  Full,     ///< Also entry keys and per-file include lists (for caches).
};

/// Encodes a scan result; deterministic for equal inputs.
nlohmann::json scanResultToJson(const ScanResult &Result,
                                SchemaJsonDetail Detail = SchemaJsonDetail::Contract);

/// Decodes a document written by scanResultToJson. Throws Error naming Origin
/// (a file name or "cache entry ...") when the document is malformed.
ScanResult scanResultFromJson(const nlohmann::json &Document, const std::string &Origin);

/// Encodes one module (the elements of "modules").
nlohmann::json moduleSchemaToJson(const ModuleSchema &Module,
                                  SchemaJsonDetail Detail = SchemaJsonDetail::Contract);
/// Decodes one module; throws Error naming Origin.
ModuleSchema moduleSchemaFromJson(const nlohmann::json &Value, const std::string &Origin);

/// Encodes a symbolic shape, or null when unknown.
nlohmann::json shapeToJson(const std::optional<SymbolicShape> &Shape);

} // namespace modelcompat

#endif
