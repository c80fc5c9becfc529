//===- ContainerTracking.cpp - The walk's containers ----------------------===//
#include "DeclarationRecovery.h"
#include "RegisteredValues.h"
#include "RegistrationWalk.h"
#include "TorchTypes.h"

#include "modelcompat/schema/BuiltinLayouts.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace modelcompat::extract {

bool RegistrationWalk::recordContainerCall(const CallExpr *Call) {
  std::optional<MemberCall> Member = memberCall(Call);
  if (!Member ||
      (Member->Name != "push_back" && Member->Name != "insert" && Member->Name != "emplace_back") ||
      !Member->Object || !isContainerObject(Member->Object))
    return false;
  // push_back(...) in a class derived from SequentialImpl: on this.
  bool OnThis = isThis(Member->Object);
  const ValueDecl *Container = OnThis ? nullptr : containerDecl(Member->Object);
  std::vector<const Expr *> Arguments;
  for (const Expr *Argument : Call->arguments())
    if (!isa<CXXDefaultArgExpr>(Argument))
      Arguments.push_back(Argument);
  if ((!Container && !OnThis) || Arguments.empty() || Arguments.size() > 2)
    return false;
  ChildModule Child;
  Child.Value = Values.readModule(Arguments.back(), Env);
  if (!Child.Value.IsModule)
    return false;
  // `list->push_back(register_module("loc_0", Conv2d(...)))` registers the
  // module under both names: named_parameters keeps both keys.
  for (const Expr *Argument : Arguments)
    walkExpr(Argument, nullptr);
  if (Arguments.size() == 2)
    Child.Name = Reader.evaluateName(Arguments[0], Env)
                     .value_or("{" + Reader.sourceText(Arguments[0]) + "}");
  Child.Condition = condition();
  Child.Source = Call;
  ContainerState &State = OnThis ? Self : containerState(Container);
  std::string Suffix;
  if (Child.Name)
    Suffix = *Child.Name;
  else if (SymbolicLoops.size() > State.LoopDepth)
    Suffix = "{" + SymbolicLoops.back() + "}";
  else
    Suffix = std::to_string(State.NextIndex);
  ++State.NextIndex;
  if (State.EntryName.empty() && !OnThis) {
    State.Pending.push_back(std::move(Child));
    State.PendingNames.push_back(Suffix);
    return true;
  }
  std::string ChildName = OnThis ? Suffix : State.EntryName + "." + Suffix;
  SourcePlace Place = Reader.place(Call->getBeginLoc());
  if (emitModule(ChildName, Child.Value, Child.Condition, Place) && Child.Value.IsContainer)
    fillFromFactory(ChildName, Arguments.back(), Child.Value.Children.size(), Place);
  return true;
}

ContainerState &RegistrationWalk::containerState(const ValueDecl *Container) {
  auto It = Containers.find(Container);
  if (It != Containers.end())
    return It->second;
  ContainerState &State = Containers[Container];
  if (const Expr *Value = assigned(Container))
    State.NextIndex = Values.readModule(Value, Env).Children.size();
  return State;
}

std::size_t RegistrationWalk::fillFromFactory(const std::string &Name, const Expr *Value,
                                              std::size_t Next, const SourcePlace &Place) {
  std::optional<FactoryCall> Factory = factoryCall(Reader, madeBy(Value));
  if (!Factory)
    return Next;
  if (!Factory->Definition) {
    markContentsUnknown(Name, Reader.writtenText(Factory->Call, Env), Place);
    return Next;
  }
  const auto *Returned =
      Factory->Result ? dyn_cast<DeclRefExpr>(ignoreWrappers(Factory->Result)) : nullptr;
  const auto *Local = Returned ? dyn_cast<VarDecl>(Returned->getDecl()) : nullptr;
  if (!Local || !Local->isLocalVarDecl() ||
      Local->getParentFunctionOrMethod() != Factory->Definition)
    return Next;
  ContainerState &State = Containers[Local];
  State = ContainerState{};
  State.EntryName = Name;
  State.NextIndex = Next;
  State.LoopDepth = SymbolicLoops.size();
  walkFunction(Factory->Definition, Factory->Call, nullptr, DefaultArguments::Bound);
  std::size_t After = Containers[Local].NextIndex;
  Containers.erase(Local);
  return After;
}

const Expr *RegistrationWalk::madeBy(const Expr *Value) const {
  const Expr *Inner = ignoreWrappers(Value);
  if (const ValueDecl *Decl = namedDecl(Inner))
    if (const Expr *Made = assigned(Decl))
      return ignoreWrappers(Made);
  return Inner;
}

} // namespace modelcompat::extract
