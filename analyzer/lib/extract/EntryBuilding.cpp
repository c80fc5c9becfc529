//===- EntryBuilding.cpp - The walk's entries from registrations ----------===//
#include "DeclarationRecovery.h"
#include "RegisteredValues.h"
#include "RegistrationWalk.h"
#include "TorchTypes.h"

#include "modelcompat/schema/BuiltinLayouts.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace modelcompat::extract {

void RegistrationWalk::record(const Registration &Found, const Expr *Site,
                              const ValueDecl *Target) {
  SourcePlace Place = Reader.place(Site->getBeginLoc());
  std::optional<std::string> Name = Reader.evaluateName(Found.Name, Env);
  if (!Name) {
    recordUnresolved(Found, Place);
    return;
  }
  // A module of a type no header declared: its keys are unknown, and a
  // guess would be a false finding. Unless the table knows the layer from
  // an older libtorch release (torch::nn::FeatureDropout, the legacy
  // torch::nn::BatchNorm): the installed headers lack it, its layout not.
  // Or unless the project defines the one class of that name.
  if (Found.Kind == EntryKind::Module && isSynthesizedType(Found.Value->getType()) &&
      !isOlderLibtorchLayer(Found.Value->getType()) &&
      !Reader.projectModules().meantBy(Found.Value)) {
    recordUnresolved(Found, Place, *Name);
    return;
  }
  // A value the parse failed on (a factory declared only after its use):
  // its contents are unknown, not empty.
  if (Found.Kind == EntryKind::Module && Found.Value->containsErrors() &&
      !Values.readModule(Found.Value, Env).IsModule) {
    recordUnresolved(Found, Place, *Name);
    return;
  }
  if (Found.Kind == EntryKind::Module) {
    recordModule(*Name, Found.Value, Target, Place);
    return;
  }
  recordTensor(*Name, Found.Kind, Found.Value, Place);
}

void RegistrationWalk::recordUnresolved(const Registration &Found, const SourcePlace &Place,
                                        const std::string &Name) {
  StateEntry Entry;
  Entry.Expression = Reader.writtenText(Name.empty() ? Found.Name : Found.Value, Env);
  Entry.Name = Name.empty() ? "{" + Entry.Expression + "}" : Name;
  Entry.Kind = EntryKind::Unresolved;
  Entry.Condition = condition();
  Entry.Line = Place.Line;
  Entry.Column = Place.Column;
  if (Found.Kind == EntryKind::Module && Name.empty()) {
    ModuleValue Value = Values.readModule(Found.Value, Env);
    Entry.Type = Value.Type;
    Entry.ModuleClass = Value.ModuleClass;
    Entry.ModuleClassFile = Value.ModuleClassFile;
  }
  StateKey Key;
  Key.Key = Entry.Name;
  Key.Kind = EntryKind::Unresolved;
  Key.Condition = Entry.Condition;
  Key.Line = Place.Line;
  Key.Column = Place.Column;
  Entry.Keys.push_back(Key);
  addEntry(std::move(Entry), Place);
}

void RegistrationWalk::recordTensor(const std::string &Name, EntryKind Kind, const Expr *Value,
                                    const SourcePlace &Place) {
  const Expr *Inner = ignoreWrappers(Value);
  if (const auto *Conditional = dyn_cast<ConditionalOperator>(Inner)) {
    if (!Reader.evaluateInt(Conditional->getCond(), Env)) {
      std::string Text = Reader.normalisedText(Conditional->getCond(), Env);
      Conditions.push_back(Text);
      recordTensor(Name, Kind, Conditional->getTrueExpr(), Place);
      Conditions.back() = "!(" + Text + ")";
      recordTensor(Name, Kind, Conditional->getFalseExpr(), Place);
      Conditions.pop_back();
      return;
    }
  }
  TensorValue Tensor = Values.readTensor(Value, Env);
  if (Tensor.Undefined)
    return;
  StateEntry Entry;
  Entry.Name = Name;
  Entry.Kind = Kind;
  Entry.Shape = Tensor.Shape;
  Entry.Dtype = Tensor.Dtype;
  Entry.Condition = condition();
  Entry.Line = Place.Line;
  Entry.Column = Place.Column;
  StateKey Key;
  Key.Key = Name;
  Key.Kind = Kind;
  Key.Shape = Tensor.Shape;
  Key.Dtype = Tensor.Dtype;
  Key.Condition = Entry.Condition;
  Key.Line = Place.Line;
  Key.Column = Place.Column;
  Entry.Keys.push_back(std::move(Key));
  addEntry(std::move(Entry), Place);
}

void RegistrationWalk::recordModule(const std::string &Name, const Expr *Value,
                                    const ValueDecl *Target, const SourcePlace &Place) {
  ModuleValue Module = Values.readModule(Value, Env);
  if (!Module.IsModule)
    Module.Type = "";
  if (!emitModule(Name, Module, condition(), Place))
    return;
  if (!Module.IsContainer)
    return;
  std::size_t Next = Module.Children.size();
  const ValueDecl *Source = namedDecl(Value);
  if (Source) {
    auto It = Containers.find(Source);
    if (It != Containers.end()) {
      ContainerState &Pending = It->second;
      for (std::size_t I = 0; I < Pending.Pending.size(); ++I)
        emitModule(Name + "." + Pending.PendingNames[I], Pending.Pending[I].Value,
                   Pending.Pending[I].Condition,
                   Reader.place(Pending.Pending[I].Source->getBeginLoc()));
      Next = std::max(Next, Pending.NextIndex);
      Pending.Pending.clear();
      Pending.PendingNames.clear();
    }
  }
  Next = fillFromFactory(Name, Value, Next, Place);
  for (const ValueDecl *Holder : {Target, Source})
    if (Holder) {
      ContainerState &State = Containers[Holder];
      State.EntryName = Name;
      State.NextIndex = Next;
    }
}

} // namespace modelcompat::extract
