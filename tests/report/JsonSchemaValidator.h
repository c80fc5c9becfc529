//===- JsonSchemaValidator.h - A small JSON Schema draft-04 validator -*- C++ -*-===//
//
// Enough of draft-04 to validate against the official SARIF 2.1.0 schema:
// $ref (local), type, enum, properties, additionalProperties, required,
// items, minItems, uniqueItems, minimum, maximum, pattern, format (uri,
// uri-reference), anyOf, oneOf, allOf, not. Keywords it does not know make it
// fail loudly rather than pass silently.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_TESTS_JSONSCHEMAVALIDATOR_H
#define MODELCOMPAT_TESTS_JSONSCHEMAVALIDATOR_H

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace modelcompat::test {

/// Validates Instance against Schema (its root, for "#/..." references) and
/// returns one "<json pointer>: <problem>" per violation; empty when valid.
std::vector<std::string> validateJsonSchema(const nlohmann::json &Schema,
                                            const nlohmann::json &Instance);

} // namespace modelcompat::test

#endif
