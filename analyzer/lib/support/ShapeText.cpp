//===- ShapeText.cpp - The one printer of tensor shapes -------------------===//
#include "modelcompat/support/ShapeText.h"

namespace modelcompat {

std::string shapeText(const std::vector<std::string> &Dimensions, const ShapeStyle &Style) {
  std::string Out = "[";
  for (std::size_t I = 0; I < Dimensions.size(); ++I) {
    if (I)
      Out += Style.Separator;
    Out += Dimensions[I];
  }
  return Out + "]";
}

std::string shapeText(const std::optional<std::vector<std::string>> &Shape,
                      const ShapeStyle &Style) {
  return Shape ? shapeText(*Shape, Style) : std::string(Style.Unknown);
}

std::string shapeText(const std::vector<std::int64_t> &Sizes, const ShapeStyle &Style) {
  std::vector<std::string> Dimensions;
  for (std::int64_t Size : Sizes)
    Dimensions.push_back(std::to_string(Size));
  return shapeText(Dimensions, Style);
}

} // namespace modelcompat
