//===- SchemaDiff.cpp - Names of change kinds ----------------------------===//
#include "modelcompat/diff/SchemaDiff.h"

#include <array>
#include <utility>

namespace modelcompat {
namespace {

constexpr std::array<std::pair<ChangeKind, const char *>, 10> KindNames = {{
    {ChangeKind::Added, "added"},
    {ChangeKind::Removed, "removed"},
    {ChangeKind::Renamed, "renamed"},
    {ChangeKind::Reshaped, "reshaped"},
    {ChangeKind::Retyped, "retyped"},
    {ChangeKind::ConditionChanged, "condition-changed"},
    {ChangeKind::ClassRenamed, "class-renamed"},
    {ChangeKind::Unresolved, "unresolved"},
    {ChangeKind::LoopBoundChanged, "loop-bound-changed"},
    {ChangeKind::ShapeExpressionChanged, "shape-expression-changed"},
}};

} // namespace

const char *changeKindName(ChangeKind Kind) {
  for (const auto &[Value, Name] : KindNames)
    if (Value == Kind)
      return Name;
  return "unresolved";
}

std::optional<ChangeKind> parseChangeKind(const std::string &Name) {
  for (const auto &[Value, Text] : KindNames)
    if (Name == Text)
      return Value;
  return std::nullopt;
}

} // namespace modelcompat
