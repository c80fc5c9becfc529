//===- RegistrationWalker.cpp - Follow a module's registrations -----------===//
//
// walkRegistrations: one RegistrationWalk per root (constructors, then
// reset()), merged. This file holds the walk's traversal and the helpers
// that recognise calls; its other parts are named in RegistrationWalk.h.
//
//===----------------------------------------------------------------------===//
#include "RegistrationWalker.h"
#include "DeclarationRecovery.h"
#include "RegisteredValues.h"
#include "RegistrationWalk.h"
#include "TorchTypes.h"

#include "modelcompat/schema/BuiltinLayouts.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

#include <map>
#include <set>

using namespace clang;

namespace modelcompat::extract {

namespace {

std::optional<EntryKind> registeredKind(const std::string &Method) {
  if (Method == "register_parameter")
    return EntryKind::Parameter;
  if (Method == "register_buffer")
    return EntryKind::Buffer;
  if (Method == "register_module")
    return EntryKind::Module;
  return std::nullopt;
}

} // namespace

std::optional<MemberCall> memberCall(const CallExpr *Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method || !Method->getIdentifier())
      return std::nullopt;
    return MemberCall{Method->getName().str(), Member->getImplicitObjectArgument()};
  }
  const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
  if (const auto *Dependent = dyn_cast<CXXDependentScopeMemberExpr>(Callee))
    return MemberCall{Dependent->getMember().getAsString(),
                      Dependent->isImplicitAccess() ? nullptr : Dependent->getBase()};
  if (const auto *Unresolved = dyn_cast<UnresolvedMemberExpr>(Callee))
    return MemberCall{Unresolved->getMemberName().getAsString(),
                      Unresolved->isImplicitAccess() ? nullptr : Unresolved->getBase()};
  return std::nullopt;
}

bool isThis(const Expr *Object) {
  return !Object || isa<CXXThisExpr>(Object->IgnoreParenImpCasts());
}

std::optional<Registration> registration(const CallExpr *Call) {
  std::optional<MemberCall> Member = memberCall(Call);
  if (!Member || !isThis(Member->Object) || Call->getNumArgs() < 2)
    return std::nullopt;
  std::optional<EntryKind> Kind = registeredKind(Member->Name);
  if (!Kind)
    return std::nullopt;
  return Registration{*Kind, Call->getArg(0), Call->getArg(1)};
}

/// A register_* call Clang could not resolve (no overload takes a value of
/// a recovered type): kept in the AST as a RecoveryExpr of the callee and
/// the arguments.
std::optional<Registration> recoveredRegistration(const RecoveryExpr *Recovery) {
  llvm::ArrayRef<const Expr *> Parts = Recovery->subExpressions();
  if (Parts.size() < 3 || !Parts[0])
    return std::nullopt;
  const Expr *Callee = Parts[0]->IgnoreParenImpCasts();
  std::optional<MemberCall> Member;
  if (const auto *Unresolved = dyn_cast<UnresolvedMemberExpr>(Callee))
    Member = MemberCall{Unresolved->getMemberName().getAsString(),
                        Unresolved->isImplicitAccess() ? nullptr : Unresolved->getBase()};
  else if (const auto *Resolved = dyn_cast<MemberExpr>(Callee))
    Member = MemberCall{Resolved->getMemberDecl()->getNameAsString(), Resolved->getBase()};
  if (!Member || !isThis(Member->Object))
    return std::nullopt;
  std::optional<EntryKind> Kind = registeredKind(Member->Name);
  if (!Kind)
    return std::nullopt;
  return Registration{*Kind, Parts[1], Parts[2]};
}

/// Whether T is a libtorch layer that the installed headers lack but the
/// builtin table knows (a release's name that a later release dropped).
bool isOlderLibtorchLayer(QualType T) {
  const CXXRecordDecl *Record = T.getNonReferenceType()->getAsCXXRecordDecl();
  return Record && isInTorchNamespace(Record) &&
         builtinLayerName(Record->getQualifiedNameAsString()).has_value();
}

/// The variable or member an expression names.
const ValueDecl *namedDecl(const Expr *E) {
  if (!E)
    return nullptr;
  E = ignoreWrappers(E);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return Member->getMemberDecl();
  if (const auto *Dependent = dyn_cast<CXXDependentScopeMemberExpr>(E))
    (void)Dependent;
  return nullptr;
}

/// The holder a container call goes through: seq->push_back(...) has the
/// object operator->(seq).
const ValueDecl *containerDecl(const Expr *Object) {
  if (!Object)
    return nullptr;
  const Expr *Inner = Object->IgnoreParenImpCasts();
  if (const auto *Arrow = dyn_cast<CXXOperatorCallExpr>(Inner))
    if ((Arrow->getOperator() == OO_Arrow || Arrow->getOperator() == OO_Star) &&
        Arrow->getNumArgs() >= 1)
      return namedDecl(Arrow->getArg(0));
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Inner))
    if (const CXXMethodDecl *Method = Member->getMethodDecl())
      if (Method->getName() == "get" || Method->getName() == "ptr")
        return containerDecl(Member->getImplicitObjectArgument());
  return namedDecl(Inner);
}

/// Whether the type an object expression refers to is a libtorch container.
bool isContainerObject(const Expr *Object) {
  if (!Object)
    return false;
  QualType Type = Object->getType();
  if (Type->isPointerType())
    Type = Type->getPointeeType();
  const CXXRecordDecl *Record = recordOf(Type);
  if (const CXXRecordDecl *Impl = holderImpl(Record))
    Record = Impl;
  if (!Record || !isInTorchNamespace(Record))
    return false;
  std::optional<std::string> Layer = builtinLayerName(qualifiedName(Record));
  return Layer && builtinRole(*Layer) == BuiltinRole::Container;
}

std::string conjoinedConditions(const std::vector<std::string> &Conditions) {
  if (Conditions.empty())
    return "";
  if (Conditions.size() == 1)
    return Conditions.front();
  std::string Out;
  for (const std::string &Condition : Conditions)
    Out += (Out.empty() ? "(" : " && (") + Condition + ")";
  return Out;
}

std::optional<std::string> combine(const std::optional<std::string> &Outer,
                                   const std::optional<std::string> &Inner) {
  if (!Outer)
    return Inner;
  if (!Inner || *Inner == *Outer)
    return Outer;
  return "(" + *Outer + ") && (" + *Inner + ")";
}

/// Whether T holds text: a std::string (or view) or a const char pointer.
bool isTextType(QualType T) {
  T = T.getNonReferenceType();
  if (T->isPointerType())
    return T->getPointeeType()->isAnyCharacterType();
  const CXXRecordDecl *Record = T->getAsCXXRecordDecl();
  return Record && Record->isInStdNamespace() && Record->getIdentifier() &&
         (Record->getName() == "basic_string" || Record->getName() == "basic_string_view");
}

const Expr *RegistrationWalk::assigned(const ValueDecl *Decl) const {
  auto It = Assigned.find(Decl);
  if (It != Assigned.end())
    return It->second;
  if (const auto *Field = dyn_cast<FieldDecl>(Decl))
    return Field->getInClassInitializer();
  return nullptr;
}

std::optional<std::string> RegistrationWalk::condition() const {
  std::string Text = conjoinedConditions(Conditions);
  return Text.empty() ? std::nullopt : std::optional<std::string>(Text);
}

void RegistrationWalk::walkFunction(const FunctionDecl *Function, const CallExpr *Call,
                                    const CXXConstructExpr *Construct, DefaultArguments Defaults) {
  const FunctionDecl *Definition = nullptr;
  if (!Function || !Function->hasBody(Definition) || !Definition || Active.count(Definition) ||
      Active.size() > MaxCallDepth)
    return;
  Active.insert(Definition);
  Visited.insert(Definition);
  Environment Saved = Env;
  bindParameters(Definition, Call, Construct, Defaults);
  if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(Definition))
    walkInitializers(Constructor);
  walkStmt(Definition->getBody());
  Env = std::move(Saved);
  Active.erase(Definition);
}

void RegistrationWalk::bindParameters(const FunctionDecl *Function, const CallExpr *Call,
                                      const CXXConstructExpr *Construct,
                                      DefaultArguments Defaults) {
  unsigned Count = Call ? Call->getNumArgs() : Construct ? Construct->getNumArgs() : 0;
  for (unsigned I = 0; I < Function->getNumParams() && I < Count; ++I) {
    const Expr *Argument = Call ? Call->getArg(I) : Construct->getArg(I);
    if (isa<CXXDefaultArgExpr>(Argument)) {
      if (Defaults == DefaultArguments::StayNamed)
        continue;
      Argument = ignoreWrappers(Argument); // The default value itself.
    }
    Env[Function->getParamDecl(I)] = argumentBinding(Reader, Argument, Env);
  }
}

void RegistrationWalk::walkInitializers(const CXXConstructorDecl *Constructor) {
  for (const CXXCtorInitializer *Init : Constructor->inits()) {
    if (Init->isDelegatingInitializer()) {
      if (const auto *Construct = dyn_cast<CXXConstructExpr>(ignoreWrappers(Init->getInit())))
        walkFunction(Construct->getConstructor(), nullptr, Construct);
      continue;
    }
    if (Init->isBaseInitializer()) {
      emitLibtorchBase(Init);
      continue;
    }
    if (!Init->getInit())
      continue;
    const ValueDecl *Member = Init->getAnyMember();
    walkExpr(Init->getInit(), Member);
    if (Member)
      Assigned[Member] = Init->getInit();
  }
}

void RegistrationWalk::walkStmt(const Stmt *S) {
  if (!S)
    return;
  if (const auto *E = dyn_cast<Expr>(S))
    return walkExpr(E, nullptr);
  if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : Decls->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        if (const Expr *Init = Var->getInit()) {
          walkExpr(Init, Var);
          Assigned[Var] = Init;
          if (Var->getType()->isIntegralOrEnumerationType())
            if (std::optional<std::int64_t> Value = Reader.evaluateInt(Init, Env))
              Env[Var].Int = Value;
          bindText(Var, Init);
        }
    return;
  }
  if (const auto *If = dyn_cast<IfStmt>(S))
    return walkIf(If);
  if (const auto *For = dyn_cast<ForStmt>(S))
    return walkFor(For);
  if (const auto *RangeFor = dyn_cast<CXXForRangeStmt>(S))
    return walkRangeFor(RangeFor);
  if (const auto *While = dyn_cast<WhileStmt>(S))
    return walkLoopBodyOnce(While->getBody());
  if (const auto *Do = dyn_cast<DoStmt>(S))
    return walkLoopBodyOnce(Do->getBody());
  if (const auto *Return = dyn_cast<ReturnStmt>(S))
    return walkStmt(Return->getRetValue());
  for (const Stmt *Child : S->children())
    walkStmt(Child);
}

void RegistrationWalk::bindText(const VarDecl *Var, const Expr *Init) {
  if (!Var->isLocalVarDecl() || Var->getType().isConstQualified() || !isTextType(Var->getType()) ||
      !isNeverWritten(Var, Reader.context()))
    return;
  if (std::optional<std::string> Name = Reader.evaluateName(Init, Env))
    Env[Var].Name = Name;
}

void RegistrationWalk::walkLoopBodyOnce(const Stmt *Body) {
  ++LoopsWalkedOnce;
  walkStmt(Body);
  --LoopsWalkedOnce;
}

void RegistrationWalk::walkBranches(const Expr *Cond, const Stmt *Then, const Stmt *Else) {
  if (std::optional<std::int64_t> Value = Reader.evaluateInt(Cond, Env)) {
    walkStmt(*Value ? Then : Else);
    return;
  }
  std::string Text = Reader.normalisedText(Cond, Env);
  Conditions.push_back(Text);
  walkStmt(Then);
  Conditions.pop_back();
  if (Else) {
    Conditions.push_back("!(" + Text + ")");
    walkStmt(Else);
    Conditions.pop_back();
  }
}

void RegistrationWalk::walkIf(const IfStmt *If) {
  if (If->getInit())
    walkStmt(If->getInit());
  if (If->isConstexpr()) {
    std::optional<std::int64_t> Value = Reader.evaluateInt(If->getCond(), Env);
    if (Value) {
      walkStmt(*Value ? If->getThen() : If->getElse());
      return;
    }
  }
  walkBranches(If->getCond(), If->getThen(), If->getElse());
}

std::optional<std::vector<std::int64_t>> RegistrationWalk::iterations(const ForStmt *For,
                                                                      const VarDecl *&Index) {
  const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit());
  if (!Init || !Init->isSingleDecl())
    return std::nullopt;
  Index = dyn_cast<VarDecl>(Init->getSingleDecl());
  if (!Index || !Index->getInit())
    return std::nullopt;
  std::optional<std::int64_t> Start = Reader.evaluateInt(Index->getInit(), Env);
  const auto *Cond = dyn_cast_or_null<BinaryOperator>(
      For->getCond() ? For->getCond()->IgnoreParenImpCasts() : nullptr);
  if (!Start || !Cond || namedDecl(Cond->getLHS()) != Index)
    return std::nullopt;
  std::optional<std::int64_t> Bound = Reader.evaluateInt(Cond->getRHS(), Env);
  std::int64_t Step = 0;
  const Expr *Inc = For->getInc() ? For->getInc()->IgnoreParenImpCasts() : nullptr;
  if (const auto *Unary = dyn_cast_or_null<UnaryOperator>(Inc)) {
    if (namedDecl(Unary->getSubExpr()) == Index)
      Step = Unary->isIncrementOp() ? 1 : Unary->isDecrementOp() ? -1 : 0;
  } else if (const auto *Compound = dyn_cast_or_null<CompoundAssignOperator>(Inc)) {
    std::optional<std::int64_t> By = Reader.evaluateInt(Compound->getRHS(), Env);
    if (By && namedDecl(Compound->getLHS()) == Index)
      Step = Compound->getOpcode() == BO_AddAssign   ? *By
             : Compound->getOpcode() == BO_SubAssign ? -*By
                                                     : 0;
  }
  if (!Bound || Step == 0)
    return std::nullopt;
  std::vector<std::int64_t> Values;
  for (std::int64_t I = *Start;; I += Step) {
    bool Continue = false;
    switch (Cond->getOpcode()) {
    case BO_LT:
      Continue = I < *Bound;
      break;
    case BO_LE:
      Continue = I <= *Bound;
      break;
    case BO_GT:
      Continue = I > *Bound;
      break;
    case BO_GE:
      Continue = I >= *Bound;
      break;
    case BO_NE:
      Continue = I != *Bound;
      break;
    default:
      return std::nullopt;
    }
    if (!Continue)
      break;
    if (static_cast<std::int64_t>(Values.size()) >= MaxUnrolledIterations)
      return std::nullopt;
    Values.push_back(I);
  }
  return Values;
}

void RegistrationWalk::walkFor(const ForStmt *For) {
  const VarDecl *Index = nullptr;
  std::optional<std::vector<std::int64_t>> Values = iterations(For, Index);
  if (Values) {
    for (std::int64_t Value : *Values) {
      Env[Index] = Binding{Value, std::nullopt, "", nullptr};
      walkStmt(For->getBody());
    }
    Env.erase(Index);
    return;
  }
  if (Index)
    Env[Index] = Binding{std::nullopt, std::nullopt, Index->getNameAsString(), nullptr};
  SymbolicLoops.push_back(Index ? Index->getNameAsString() : "i");
  walkStmt(For->getBody());
  SymbolicLoops.pop_back();
  if (Index)
    Env.erase(Index);
}

void RegistrationWalk::walkRangeFor(const CXXForRangeStmt *For) {
  const VarDecl *Var = For->getLoopVariable();
  const Expr *Range = ignoreWrappers(For->getRangeInit());
  if (const auto *List = dyn_cast_or_null<CXXStdInitializerListExpr>(Range))
    Range = ignoreWrappers(List->getSubExpr());
  if (const auto *List = dyn_cast_or_null<InitListExpr>(Range)) {
    std::vector<Binding> Bindings;
    for (const Expr *Init : List->inits()) {
      Binding Bound{Reader.evaluateInt(Init, Env), Reader.evaluateName(Init, Env), "", Init};
      if (!Bound.Int && !Bound.Name)
        break;
      Bindings.push_back(Bound);
    }
    if (Bindings.size() == List->getNumInits() &&
        Bindings.size() <= static_cast<std::size_t>(MaxUnrolledIterations)) {
      for (const Binding &Bound : Bindings) {
        Env[Var] = Bound;
        walkStmt(For->getBody());
      }
      Env.erase(Var);
      return;
    }
  }
  Env[Var] = Binding{std::nullopt, std::nullopt, Var->getNameAsString(), nullptr};
  SymbolicLoops.push_back(Var->getNameAsString());
  walkStmt(For->getBody());
  SymbolicLoops.pop_back();
  Env.erase(Var);
}

bool RegistrationWalk::runsOnce() const {
  return Conditions.empty() && SymbolicLoops.empty() && LoopsWalkedOnce == 0;
}

void RegistrationWalk::updateValue(const ValueDecl *Written, const Expr *Change) {
  auto It = Env.find(Written);
  if (It == Env.end())
    return;
  Binding &Known = It->second;
  std::optional<std::int64_t> Next;
  if (runsOnce())
    Next = valueAfter(Known.Int, Change);
  if (Next) {
    Known = Binding{Next, std::nullopt, "", nullptr};
    return;
  }
  if (Known.Symbol.empty()) {
    Env.erase(It);
    return;
  }
  Known.Int.reset();
  Known.Name.reset();
  Known.Argument = nullptr;
}

std::optional<std::int64_t> RegistrationWalk::valueAfter(std::optional<std::int64_t> Before,
                                                         const Expr *Change) const {
  if (const auto *Unary = dyn_cast<UnaryOperator>(Change)) {
    if (!Before)
      return std::nullopt;
    return Unary->isIncrementOp() ? *Before + 1 : *Before - 1;
  }
  const auto *Binary = cast<BinaryOperator>(Change);
  std::optional<std::int64_t> Right = Reader.evaluateInt(Binary->getRHS(), Env);
  if (!Right)
    return std::nullopt;
  if (Binary->getOpcode() == BO_Assign)
    return Right;
  if (!Before)
    return std::nullopt;
  std::int64_t After = 0;
  bool Overflow = true;
  switch (Binary->getOpcode()) {
  case BO_AddAssign:
    Overflow = __builtin_add_overflow(*Before, *Right, &After);
    break;
  case BO_SubAssign:
    Overflow = __builtin_sub_overflow(*Before, *Right, &After);
    break;
  case BO_MulAssign:
    Overflow = __builtin_mul_overflow(*Before, *Right, &After);
    break;
  default:
    break;
  }
  return Overflow ? std::nullopt : std::optional<std::int64_t>(After);
}

void RegistrationWalk::walkExpr(const Expr *E, const ValueDecl *Target) {
  if (!E || isa<LambdaExpr>(E))
    return;
  // In-class member initialisers and default arguments are not children.
  if (const auto *DefaultInit = dyn_cast<CXXDefaultInitExpr>(E))
    return walkExpr(DefaultInit->getExpr(), Target);
  if (const auto *DefaultArg = dyn_cast<CXXDefaultArgExpr>(E))
    return walkExpr(DefaultArg->getExpr(), Target);
  if (const auto *Conditional = dyn_cast<ConditionalOperator>(E)) {
    walkBranches(Conditional->getCond(), Conditional->getTrueExpr(), Conditional->getFalseExpr());
    return;
  }
  if (const auto *Recovery = dyn_cast<RecoveryExpr>(E))
    if (std::optional<Registration> Found = recoveredRegistration(Recovery)) {
      record(*Found, Recovery, Target);
      return;
    }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (std::optional<Registration> Found = registration(Call)) {
      record(*Found, Call, Target);
      return;
    }
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
        Operator && Operator->getOperator() == OO_Equal && Operator->getNumArgs() == 2) {
      const ValueDecl *Left = namedDecl(Operator->getArg(0));
      walkExpr(Operator->getArg(1), Left);
      if (Left)
        Assigned[Left] = Operator->getArg(1);
      return;
    }
    if (followHelper(Call) || recordContainerCall(Call))
      return;
  }
  if (const auto *Binary = dyn_cast<BinaryOperator>(E);
      Binary && Binary->getOpcode() == BO_Assign) {
    const ValueDecl *Left = namedDecl(Binary->getLHS());
    walkExpr(Binary->getRHS(), Left);
    if (Left)
      Assigned[Left] = Binary->getRHS();
    updateValue(Left, Binary);
    return;
  }
  if (const auto *Compound = dyn_cast<CompoundAssignOperator>(E))
    updateValue(namedDecl(Compound->getLHS()), Compound);
  if (const auto *Unary = dyn_cast<UnaryOperator>(E); Unary && Unary->isIncrementDecrementOp())
    updateValue(namedDecl(Unary->getSubExpr()), Unary);
  for (const Stmt *Child : E->children())
    if (const auto *ChildExpr = dyn_cast_or_null<Expr>(Child))
      walkExpr(ChildExpr, Target);
}

bool RegistrationWalk::followHelper(const CallExpr *Call) {
  std::optional<MemberCall> Member = memberCall(Call);
  if (!Member || !isThis(Member->Object))
    return false;
  const FunctionDecl *Target = nullptr;
  if (const auto *Resolved = dyn_cast<CXXMemberCallExpr>(Call))
    Target = Resolved->getMethodDecl();
  else
    Target = findMethod(Member->Name, Call->getNumArgs());
  if (!Target || isInTorchNamespace(Target))
    return false;
  for (const Expr *Argument : Call->arguments())
    walkExpr(Argument, nullptr);
  walkFunction(Target, Call);
  return true;
}

namespace {

/// The function a class member declares, a member template's pattern
/// included; null for other members.
const FunctionDecl *memberFunction(const Decl *Member) {
  if (const auto *Template = dyn_cast<FunctionTemplateDecl>(Member))
    return Template->getTemplatedDecl();
  return dyn_cast<FunctionDecl>(Member);
}

} // namespace

const FunctionDecl *RegistrationWalk::findMethod(const std::string &Name, unsigned Arity) const {
  const CXXRecordDecl *Definition = Class->getDefinition();
  if (!Definition)
    return nullptr;
  for (const Decl *Member : Definition->decls()) {
    const FunctionDecl *Function = memberFunction(Member);
    if (Function && Function->getIdentifier() && Function->getName() == Name &&
        Function->getNumParams() >= Arity && Function->getMinRequiredArguments() <= Arity)
      return Function;
  }
  return nullptr;
}

namespace {

/// Constructors with bodies, then reset() unless a constructor reached it.
std::vector<const FunctionDecl *> roots(const CXXRecordDecl *Class) {
  std::vector<const FunctionDecl *> Out;
  const CXXRecordDecl *Definition = Class->getDefinition();
  if (!Definition)
    return Out;
  for (const Decl *Member : Definition->decls()) {
    const auto *Constructor = dyn_cast_or_null<CXXConstructorDecl>(memberFunction(Member));
    if (Constructor && !Constructor->isImplicit() && !Constructor->isDeleted())
      Out.push_back(Constructor);
  }
  for (const Decl *Member : Definition->decls())
    if (const auto *Method = dyn_cast<CXXMethodDecl>(Member))
      if (Method->getIdentifier() && Method->getName() == "reset" && Method->getNumParams() == 0)
        Out.push_back(Method);
  return Out;
}

} // namespace

std::vector<StateEntry> walkRegistrations(const ExpressionReader &Reader,
                                          const CXXRecordDecl *Class,
                                          std::vector<Diagnostic> &Diagnostics) {
  std::vector<StateEntry> Merged;
  std::set<std::pair<std::string, std::optional<std::string>>> Seen;
  // Several constructors: the union of what they register, first wins.
  auto Merge = [&](RegistrationWalk &One) {
    for (StateEntry &Entry : One.entries())
      if (Seen.insert({Entry.Name, Entry.Condition}).second)
        Merged.push_back(std::move(Entry));
  };
  if (std::optional<InheritedLayer> Inherited = inheritedLayer(Class)) {
    RegistrationWalk One(Reader, Class, Diagnostics);
    One.emitInheritedLayer(*Inherited);
    Merge(One);
  }
  std::set<const FunctionDecl *> Reached;
  for (const FunctionDecl *Root : roots(Class)) {
    const FunctionDecl *Definition = nullptr;
    if (!Root->hasBody(Definition) || Reached.count(Definition))
      continue;
    RegistrationWalk One(Reader, Class, Diagnostics);
    One.walkRoot(Root);
    Reached.insert(One.visited().begin(), One.visited().end());
    Merge(One);
  }
  return Merged;
}

bool hasConstructorWithoutBody(const CXXRecordDecl *Class) {
  for (const FunctionDecl *Root : roots(Class))
    if (!Root->isDefaulted() && !Root->hasBody())
      return true;
  return false;
}

} // namespace modelcompat::extract
