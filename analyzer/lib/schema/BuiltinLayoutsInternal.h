//===- BuiltinLayoutsInternal.h - The builtin layout table ------*- C++ -*-===//
//
// What BuiltinLayouts.cpp is built from, exposed for the unit tests: the
// table itself, a JSON document compiled into the library. Its symbolic shapes
// and conditions are expressions over a layer's arguments (ShapeExpression.h).
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SCHEMA_BUILTINLAYOUTSINTERNAL_H
#define MODELCOMPAT_SCHEMA_BUILTINLAYOUTSINTERNAL_H

#include "modelcompat/schema/BuiltinLayouts.h"

#include <string>
#include <string_view>
#include <vector>

namespace modelcompat {
namespace builtin {

/// The layout table: a JSON document (see docs/builtin-layouts.md).
std::string_view builtinLayoutTable();

/// Every table name with the given role, in table order.
std::vector<std::string> builtinNamesWithRole(BuiltinRole Role);

} // namespace builtin
} // namespace modelcompat

#endif
