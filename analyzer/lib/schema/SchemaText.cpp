//===- SchemaText.cpp - The scan result as readable text ------------------===//
#include "modelcompat/schema/SchemaText.h"
#include "modelcompat/support/ShapeText.h"

#include <algorithm>

namespace modelcompat {

namespace {

std::string padded(const std::string &Text, std::size_t Width) {
  return Text.size() >= Width ? Text : Text + std::string(Width - Text.size(), ' ');
}

} // namespace

std::string moduleSchemaToText(const ModuleSchema &Module) {
  std::string Out = Module.ClassName;
  if (Module.Holder)
    Out += " (" + *Module.Holder + ")";
  Out += "  " + Module.File + ":" + std::to_string(Module.Line) + "\n";
  if (Module.StateDict.empty())
    return Out + "  (no state)\n";
  std::size_t KeyWidth = 0, KindWidth = 0, ShapeWidth = 0;
  for (const StateKey &Key : Module.StateDict) {
    KeyWidth = std::max(KeyWidth, Key.Key.size());
    KindWidth = std::max(KindWidth, std::string(entryKindName(Key.Kind)).size());
    ShapeWidth = std::max(ShapeWidth, shapeText(Key.Shape).size());
  }
  for (const StateKey &Key : Module.StateDict) {
    std::string Line = "  " + padded(Key.Key, KeyWidth) + "  " +
                       padded(entryKindName(Key.Kind), KindWidth) + "  " +
                       padded(shapeText(Key.Shape), ShapeWidth);
    if (Key.Dtype)
      Line += "  " + *Key.Dtype;
    if (Key.Condition)
      Line += "  if " + *Key.Condition;
    while (!Line.empty() && Line.back() == ' ')
      Line.pop_back();
    Out += Line + "\n";
  }
  return Out;
}

std::string scanResultToText(const ScanResult &Result) {
  std::string Out;
  for (const ModuleSchema &Module : Result.Modules)
    Out += (Out.empty() ? "" : "\n") + moduleSchemaToText(Module);
  if (Result.Modules.empty())
    Out += "no module classes found\n";
  if (!Result.FilesWithErrors.empty()) {
    Out += "\nfiles with errors (what parsed was extracted):\n";
    for (const std::string &File : Result.FilesWithErrors)
      Out += "  " + File + "\n";
  }
  return Out;
}

} // namespace modelcompat
