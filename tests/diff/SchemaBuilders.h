//===- SchemaBuilders.h - Hand-built module schemas for diff tests -*- C++ -*-===//
#ifndef MODELCOMPAT_TESTS_DIFF_SCHEMABUILDERS_H
#define MODELCOMPAT_TESTS_DIFF_SCHEMABUILDERS_H

#include "modelcompat/diff/SchemaDiff.h"

#include <string>
#include <utility>
#include <vector>

namespace modelcompat::test {

/// A tensor the class registers itself: register_parameter(Name, ...).
inline StateEntry tensor(const std::string &Name, SymbolicShape Shape, unsigned Line = 10,
                         EntryKind Kind = EntryKind::Parameter) {
  StateEntry Entry;
  Entry.Name = Name;
  Entry.Kind = Kind;
  Entry.Shape = Shape;
  Entry.Line = Line;
  Entry.Column = 5;
  StateKey Key;
  Key.Key = Name;
  Key.Kind = Kind;
  Key.Shape = std::move(Shape);
  Key.Line = Line;
  Key.Column = 5;
  Entry.Keys.push_back(std::move(Key));
  return Entry;
}

inline StateEntry buffer(const std::string &Name, SymbolicShape Shape, unsigned Line = 10) {
  return tensor(Name, std::move(Shape), Line, EntryKind::Buffer);
}

/// A builtin layer with its expanded keys: {suffix, shape, kind}.
struct LayerKey {
  std::string Suffix;
  SymbolicShape Shape;
  EntryKind Kind = EntryKind::Parameter;
};

inline StateEntry layer(const std::string &Name, const std::string &Type,
                        const std::vector<LayerKey> &Keys, unsigned Line = 10) {
  StateEntry Entry;
  Entry.Name = Name;
  Entry.Kind = EntryKind::Module;
  Entry.Type = Type;
  Entry.Line = Line;
  Entry.Column = 5;
  for (const LayerKey &K : Keys) {
    StateKey Key;
    Key.Key = Name + "." + K.Suffix;
    Key.Kind = K.Kind;
    Key.Shape = K.Shape;
    Key.Layer = Type;
    Key.Line = Line;
    Key.Column = 5;
    Entry.Keys.push_back(std::move(Key));
  }
  return Entry;
}

/// torch::nn::Linear(In, Out).
inline StateEntry linear(const std::string &Name, const std::string &In, const std::string &Out,
                         unsigned Line = 10) {
  return layer(Name, "torch::nn::Linear", {{"weight", {Out, In}}, {"bias", {Out}}}, Line);
}

/// A user sub-module; flattenStateDicts fills its keys.
inline StateEntry submodule(const std::string &Name, const std::string &Holder,
                            const std::string &ImplClass, unsigned Line = 10) {
  StateEntry Entry;
  Entry.Name = Name;
  Entry.Kind = EntryKind::Module;
  Entry.Type = Holder;
  Entry.ModuleClass = ImplClass;
  Entry.Line = Line;
  Entry.Column = 5;
  return Entry;
}

inline ModuleSchema module(const std::string &Class, const std::string &File,
                           std::vector<StateEntry> Entries, unsigned Line = 3) {
  ModuleSchema Module;
  Module.ClassName = Class;
  if (Class.size() > 4 && Class.compare(Class.size() - 4, 4, "Impl") == 0)
    Module.Holder = Class.substr(0, Class.size() - 4);
  Module.File = File;
  Module.Line = Line;
  Module.Entries = std::move(Entries);
  return Module;
}

/// A flattened scan of Modules.
inline ScanResult scan(std::vector<ModuleSchema> Modules,
                       std::vector<std::string> FilesWithErrors = {}) {
  ScanResult Result;
  Result.Modules = std::move(Modules);
  flattenStateDicts(Result.Modules);
  Result.FilesWithErrors = std::move(FilesWithErrors);
  return Result;
}

} // namespace modelcompat::test

#endif
