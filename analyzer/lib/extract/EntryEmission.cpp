//===- EntryEmission.cpp - The walk's entries, in order -------------------===//
#include "DeclarationRecovery.h"
#include "RegisteredValues.h"
#include "RegistrationWalk.h"
#include "TorchTypes.h"

#include "modelcompat/schema/BuiltinLayouts.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace modelcompat::extract {

void RegistrationWalk::markContentsUnknown(const std::string &Name, const std::string &Producer,
                                           const SourcePlace &Place) {
  std::optional<std::string> Condition = condition();
  for (auto It = Entries.rbegin(); It != Entries.rend(); ++It)
    if (It->Name == Name && It->Condition == Condition) {
      StateKey Key;
      Key.Key = Name + ".{" + Producer + "}";
      Key.Kind = EntryKind::Unresolved;
      Key.Condition = Condition;
      Key.Line = Place.Line;
      Key.Column = Place.Column;
      It->Keys.push_back(std::move(Key));
      return;
    }
}

bool RegistrationWalk::emitModule(const std::string &Name, const ModuleValue &Module,
                                  const std::optional<std::string> &Condition,
                                  const SourcePlace &Place) {
  StateEntry Entry;
  Entry.Name = Name;
  Entry.Kind = EntryKind::Module;
  Entry.Type = Module.Type;
  Entry.ModuleClass = Module.ModuleClass;
  Entry.ModuleClassFile = Module.ModuleClassFile;
  Entry.Arguments = Module.Arguments;
  Entry.Condition = Condition;
  Entry.Line = Place.Line;
  Entry.Column = Place.Column;
  if (Module.Layer)
    for (StateKey Key : expandBuiltinLayer(*Module.Layer, parsedTorchRelease())) {
      Key.Key = Name + "." + Key.Key;
      Key.Condition = combine(Condition, Key.Condition);
      Key.Line = Place.Line;
      Key.Column = Place.Column;
      Entry.Keys.push_back(std::move(Key));
    }
  if (!addEntry(std::move(Entry), Place))
    return false;
  std::size_t Index = 0;
  for (const ChildModule &Child : Module.Children) {
    std::string ChildName = Name + "." + (Child.Name ? *Child.Name : std::to_string(Index));
    ++Index;
    emitModule(ChildName, Child.Value, combine(Condition, Child.Condition),
               Child.Source ? Reader.place(Child.Source->getBeginLoc()) : Place);
  }
  return true;
}

void RegistrationWalk::emitLibtorchBase(const CXXCtorInitializer *Init) {
  const CXXRecordDecl *Base = recordOf(QualType(Init->getBaseClass(), 0));
  if (!Base || !isInTorchNamespace(Base) || !Init->getInit())
    return;
  ModuleValue Module = Values.readModule(Init->getInit(), Env);
  if (!Module.IsModule)
    return;
  SourcePlace Place =
      Reader.place(Init->isWritten() ? Init->getSourceLocation() : Class->getLocation());
  if (Module.Layer)
    emitOwnLayerKeys(expandBuiltinLayer(*Module.Layer, parsedTorchRelease()), Place);
  if (!Module.IsContainer)
    return;
  for (const ChildModule &Child : Module.Children) {
    std::string Name = Child.Name ? *Child.Name : std::to_string(Self.NextIndex);
    ++Self.NextIndex;
    emitModule(Name, Child.Value, combine(condition(), Child.Condition),
               Child.Source ? Reader.place(Child.Source->getBeginLoc()) : Place);
  }
}

void RegistrationWalk::emitInheritedLayer(const InheritedLayer &Inherited) {
  emitOwnLayerKeys(expandBuiltinLayerOverItsNames(Inherited.Layer, parsedTorchRelease()),
                   Reader.place(Inherited.Using->getLocation()));
}

void RegistrationWalk::emitOwnLayerKeys(std::vector<StateKey> Keys, const SourcePlace &Place) {
  for (StateKey &Key : Keys) {
    StateEntry Entry;
    Entry.Name = Key.Key;
    Entry.Kind = Key.Kind;
    Entry.Shape = Key.Shape;
    Entry.Dtype = Key.Dtype;
    Entry.Condition = combine(condition(), Key.Condition);
    Entry.Line = Key.Line = Place.Line;
    Entry.Column = Key.Column = Place.Column;
    Key.Condition = Entry.Condition;
    Entry.Keys.push_back(std::move(Key));
    addEntry(std::move(Entry), Place);
  }
}

bool RegistrationWalk::addEntry(StateEntry Entry, const SourcePlace &Place) {
  for (const StateEntry &Existing : Entries)
    if (Existing.Name == Entry.Name && Existing.Condition == Entry.Condition) {
      Diagnostics.push_back(
          {Place.File, Place.Line, Place.Column, "warning",
           "'" + ClassName + "' registers '" + Entry.Name +
               "' twice (libtorch throws at construction) [duplicate-registration]"});
      return false;
    }
  Entries.push_back(std::move(Entry));
  return true;
}

} // namespace modelcompat::extract
