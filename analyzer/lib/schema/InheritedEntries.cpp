//===- InheritedEntries.cpp - Base-class registrations across files -------===//
//
// A parse sees a base class's registrations only when the base's
// constructor is in the same translation unit. Repositories that give each
// class its own .cpp (nnbase.cpp, cnnbase.cpp) would then lose the base's
// keys from every derived class. The merged scan knows each base fully, so
// the derived classes take their inherited entries from it.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/schema/ModuleSchema.h"

#include <map>
#include <set>

namespace modelcompat {

namespace {

/// The scanned class a base-class name (and, when recorded, its file)
/// denotes, found the way a sub-module's class is.
const ModuleSchema *resolveBase(const ClassResolver &Classes, const ModuleSchema &Derived,
                                std::size_t Index) {
  StateEntry AsEntry;
  AsEntry.Kind = EntryKind::Module;
  AsEntry.ModuleClass = Derived.BaseClasses[Index];
  if (Index < Derived.BaseClassFiles.size())
    AsEntry.ModuleClassFile = Derived.BaseClassFiles[Index];
  const ModuleSchema *Base = Classes.resolve(AsEntry, Derived);
  return Base == &Derived ? nullptr : Base;
}

class InheritanceComposer {
public:
  explicit InheritanceComposer(const std::vector<ModuleSchema> &Modules) : Classes(Modules) {}

  /// Module's entries with its bases' composed entries in front, or its
  /// entries as parsed when a base is unknown or inheritance is circular.
  const std::vector<StateEntry> &composed(const ModuleSchema &Module) {
    if (auto Done = Memo.find(&Module); Done != Memo.end())
      return Done->second;
    if (!Visiting.insert(&Module).second)
      return Module.Entries;
    std::vector<StateEntry> Entries;
    bool AllBasesKnown = true;
    for (std::size_t I = 0; I < Module.BaseClasses.size() && AllBasesKnown; ++I) {
      const ModuleSchema *Base = resolveBase(Classes, Module, I);
      if (!Base) {
        AllBasesKnown = false;
        break;
      }
      for (StateEntry Entry : composed(*Base)) {
        if (Entry.InheritedFrom.empty())
          Entry.InheritedFrom = Base->ClassName;
        Entries.push_back(std::move(Entry));
      }
    }
    Visiting.erase(&Module);
    if (!AllBasesKnown)
      return Memo[&Module] = Module.Entries;
    for (const StateEntry &Entry : Module.Entries)
      if (Entry.InheritedFrom.empty())
        Entries.push_back(Entry);
    return Memo[&Module] = std::move(Entries);
  }

private:
  ClassResolver Classes;
  std::map<const ModuleSchema *, std::vector<StateEntry>> Memo;
  std::set<const ModuleSchema *> Visiting;
};

} // namespace

void composeInheritedEntries(std::vector<ModuleSchema> &Modules) {
  InheritanceComposer Composer(Modules);
  std::vector<std::vector<StateEntry>> Composed;
  Composed.reserve(Modules.size());
  for (const ModuleSchema &Module : Modules)
    Composed.push_back(Composer.composed(Module));
  for (std::size_t I = 0; I < Modules.size(); ++I)
    Modules[I].Entries = std::move(Composed[I]);
}

} // namespace modelcompat
