//===- ModuleSchema.cpp - Entry kinds and state-dict flattening ----------===//
#include "modelcompat/schema/ModuleSchema.h"

#include <algorithm>
#include <map>
#include <set>

namespace modelcompat {

const char *entryKindName(EntryKind Kind) {
  switch (Kind) {
  case EntryKind::Parameter:
    return "parameter";
  case EntryKind::Buffer:
    return "buffer";
  case EntryKind::Module:
    return "module";
  case EntryKind::Unresolved:
    return "unresolved";
  }
  return "unresolved";
}

std::optional<EntryKind> parseEntryKind(const std::string &Name) {
  for (EntryKind Kind : {EntryKind::Parameter, EntryKind::Buffer,
                         EntryKind::Module, EntryKind::Unresolved})
    if (Name == entryKindName(Kind))
      return Kind;
  return std::nullopt;
}

namespace {

/// A child's key with its shape and condition in the terms of the
/// registration that constructs the child; none when those arguments rule
/// the key out (a ResnetBlock built with in == out has no shortcut, as a
/// builtin with .bias(false) has no bias).
std::optional<StateKey> inParentTerms(const StateKey &Inner,
                                      const ConstructorArguments &Arguments) {
  StateKey Key = Inner;
  if (Key.Shape)
    for (std::string &Dimension : *Key.Shape)
      Dimension = bindConstructorArguments(Dimension, Arguments);
  if (Key.Condition) {
    // Bound guards are folded: a settled one prints as "true" or "false".
    std::string Bound = bindConstructorArguments(*Key.Condition, Arguments);
    if (Bound == "false")
      return std::nullopt;
    Key.Condition = Bound == "true" ? std::nullopt : std::optional(Bound);
  }
  return Key;
}

/// Flattens classes on demand, memoised, guarding against recursion.
class Flattener {
public:
  explicit Flattener(std::vector<ModuleSchema> &Modules) : Modules(Modules) {
    for (ModuleSchema &Module : Modules) {
      ByName[Module.ClassName] = &Module;
      if (Module.Holder)
        ByName.emplace(*Module.Holder, &Module);
    }
  }

  void flattenAll() {
    for (ModuleSchema &Module : Modules)
      flatten(Module);
  }

private:
  const std::vector<StateKey> &flatten(ModuleSchema &Module) {
    if (Done.count(Module.ClassName))
      return Module.StateDict;
    InProgress.insert(Module.ClassName);
    Module.StateDict.clear();
    for (StateEntry &Entry : Module.Entries) {
      expandUserModule(Entry);
      Module.StateDict.insert(Module.StateDict.end(), Entry.Keys.begin(),
                              Entry.Keys.end());
    }
    InProgress.erase(Module.ClassName);
    Done.insert(Module.ClassName);
    return Module.StateDict;
  }

  ModuleSchema *findClass(const StateEntry &Entry) {
    for (const std::string &Name : {Entry.ModuleClass, Entry.Type}) {
      auto It = ByName.find(Name);
      if (!Name.empty() && It != ByName.end())
        return It->second;
    }
    return nullptr;
  }

  void expandUserModule(StateEntry &Entry) {
    if (Entry.Kind != EntryKind::Module)
      return;
    ModuleSchema *Child = findClass(Entry);
    if (!Child || InProgress.count(Child->ClassName))
      return;
    Entry.Keys.clear();
    for (const StateKey &Inner : flatten(*Child)) {
      std::optional<StateKey> Bound = inParentTerms(Inner, Entry.Arguments);
      if (!Bound)
        continue;
      StateKey &Key = *Bound;
      Key.Key = Entry.Name + "." + Inner.Key;
      if (Key.Layer.empty())
        Key.Layer = Child->ClassName;
      if (Entry.Condition)
        Key.Condition = Key.Condition
                            ? "(" + *Entry.Condition + ") && (" +
                                  *Key.Condition + ")"
                            : *Entry.Condition;
      Key.Line = Entry.Line;
      Key.Column = Entry.Column;
      Entry.Keys.push_back(std::move(Key));
    }
  }

  std::vector<ModuleSchema> &Modules;
  std::map<std::string, ModuleSchema *> ByName;
  std::set<std::string> Done;
  std::set<std::string> InProgress;
};

} // namespace

void flattenStateDicts(std::vector<ModuleSchema> &Modules) {
  std::sort(Modules.begin(), Modules.end(),
            [](const ModuleSchema &A, const ModuleSchema &B) {
              return A.ClassName < B.ClassName;
            });
  Flattener(Modules).flattenAll();
}

} // namespace modelcompat
