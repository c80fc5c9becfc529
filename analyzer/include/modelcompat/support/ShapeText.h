//===- ShapeText.h - The one printer of tensor shapes -----------*- C++ -*-===//
//
// Symbolic shapes (scan, diff, migrate) and concrete sizes (inspect, the
// ledger, verify) print through here. Formats that users already read differ
// only in the separator and in the word for a shape the source does not give,
// so those are a style, not copies of the printer.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SUPPORT_SHAPETEXT_H
#define MODELCOMPAT_SUPPORT_SHAPETEXT_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelcompat {

/// How a shape is spelt.
struct ShapeStyle {
  /// Between dimensions: ", " in reports and messages.
  std::string_view Separator = ", ";
  /// A shape the source does not give.
  std::string_view Unknown = "?";
};

/// "[out, in / groups, 3, 3]" (each dimension as written); "[]" for none.
std::string shapeText(const std::vector<std::string> &Dimensions, const ShapeStyle &Style = {});

/// shapeText(*Shape), or Style.Unknown when there is no shape.
std::string shapeText(const std::optional<std::vector<std::string>> &Shape,
                      const ShapeStyle &Style = {});

/// A tensor's sizes: "[3, 4]"; "[]" for a scalar.
std::string shapeText(const std::vector<std::int64_t> &Sizes, const ShapeStyle &Style = {});

} // namespace modelcompat

#endif
