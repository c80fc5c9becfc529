//===- RegistrationWalker.cpp - Follow a module's registrations -----------===//
#include "RegistrationWalker.h"
#include "DeclarationRecovery.h"
#include "RegisteredValues.h"
#include "TorchTypes.h"

#include "modelcompat/extract/ParserIdentity.h"
#include "modelcompat/schema/BuiltinLayouts.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"

#include <map>
#include <set>

using namespace clang;

namespace modelcompat::extract {

namespace {

/// The release whose layouts builtin layers take: the libtorch the scan
/// parses against (a layer's layout may differ between releases).
std::optional<TorchRelease> parsedTorchRelease() {
  static const std::optional<TorchRelease> Release =
      parseTorchRelease(parsedLibtorchVersion());
  return Release;
}

/// Loops with more iterations than this are walked once, symbolically.
constexpr std::int64_t MaxUnrolledIterations = 256;
/// Helper calls nested deeper than this are not followed.
constexpr unsigned MaxCallDepth = 16;

/// A register_* call on this.
struct Registration {
  EntryKind Kind;
  const Expr *Name;
  const Expr *Value;
};

/// A call's member name and object, resolved or dependent.
struct MemberCall {
  std::string Name;
  const Expr *Object = nullptr; ///< nullptr: implicit this.
};

std::optional<MemberCall> memberCall(const CallExpr *Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method || !Method->getIdentifier())
      return std::nullopt;
    return MemberCall{Method->getName().str(),
                      Member->getImplicitObjectArgument()};
  }
  const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
  if (const auto *Dependent = dyn_cast<CXXDependentScopeMemberExpr>(Callee))
    return MemberCall{Dependent->getMember().getAsString(),
                      Dependent->isImplicitAccess() ? nullptr
                                                    : Dependent->getBase()};
  if (const auto *Unresolved = dyn_cast<UnresolvedMemberExpr>(Callee))
    return MemberCall{Unresolved->getMemberName().getAsString(),
                      Unresolved->isImplicitAccess() ? nullptr
                                                     : Unresolved->getBase()};
  return std::nullopt;
}

bool isThis(const Expr *Object) {
  return !Object || isa<CXXThisExpr>(Object->IgnoreParenImpCasts());
}

std::optional<EntryKind> registeredKind(const std::string &Method) {
  if (Method == "register_parameter")
    return EntryKind::Parameter;
  if (Method == "register_buffer")
    return EntryKind::Buffer;
  if (Method == "register_module")
    return EntryKind::Module;
  return std::nullopt;
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

std::string conjunction(const std::vector<std::string> &Conditions) {
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

/// A container's state while walking: where its children go.
struct ContainerState {
  std::string EntryName;  ///< Registered name; empty until registered.
  std::size_t NextIndex = 0;
  /// Symbolic loops around the container's own declaration: only loops
  /// inside them iterate its children.
  std::size_t LoopDepth = 0;
  std::vector<ChildModule> Pending; ///< Pushed before registration.
  std::vector<std::string> PendingNames;
};

/// Whether a helper's parameters left at their defaults are bound to the
/// default values (a factory's, whose names mean nothing to the caller) or
/// stay named (a member helper's, read in the class's own terms).
enum class DefaultArguments { StayNamed, Bound };

/// Whether T holds text: a std::string (or view) or a const char pointer.
bool isTextType(QualType T) {
  T = T.getNonReferenceType();
  if (T->isPointerType())
    return T->getPointeeType()->isAnyCharacterType();
  const CXXRecordDecl *Record = T->getAsCXXRecordDecl();
  return Record && Record->isInStdNamespace() && Record->getIdentifier() &&
         (Record->getName() == "basic_string" || Record->getName() == "basic_string_view");
}

/// Whether the function declaring the local Var never writes to it after its
/// initialisation (no assignment, append, non-const call or reference).
bool isNeverWritten(const VarDecl *Var, ASTContext &Context) {
  const auto *Function = dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  const Stmt *Body = Function ? Function->getBody() : nullptr;
  return Body && !ExprMutationAnalyzer(*Body, Context).isMutated(Var);
}

/// Walks one root (a constructor or reset()) and what it calls.
class Walk {
public:
  Walk(const ExpressionReader &Reader, const CXXRecordDecl *Class,
       std::vector<Diagnostic> &Diagnostics)
      : Reader(Reader), Class(Class), ClassName(qualifiedName(Class)),
        Diagnostics(Diagnostics),
        Values(Reader, [this](const ValueDecl *Decl) { return assigned(Decl); }) {}

  void walkRoot(const FunctionDecl *Function) { walkFunction(Function, nullptr); }
  std::vector<StateEntry> &entries() { return Entries; }
  const std::set<const FunctionDecl *> &visited() const { return Visited; }

private:
  const Expr *assigned(const ValueDecl *Decl) const {
    auto It = Assigned.find(Decl);
    if (It != Assigned.end())
      return It->second;
    if (const auto *Field = dyn_cast<FieldDecl>(Decl))
      return Field->getInClassInitializer();
    return nullptr;
  }

  std::optional<std::string> condition() const {
    std::string Text = conjunction(Conditions);
    return Text.empty() ? std::nullopt : std::optional<std::string>(Text);
  }

  void walkFunction(const FunctionDecl *Function, const CallExpr *Call,
                    const CXXConstructExpr *Construct = nullptr,
                    DefaultArguments Defaults = DefaultArguments::StayNamed) {
    const FunctionDecl *Definition = nullptr;
    if (!Function || !Function->hasBody(Definition) || !Definition ||
        Active.count(Definition) || Active.size() > MaxCallDepth)
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

  void bindParameters(const FunctionDecl *Function, const CallExpr *Call,
                      const CXXConstructExpr *Construct, DefaultArguments Defaults) {
    unsigned Count = Call ? Call->getNumArgs()
                          : Construct ? Construct->getNumArgs() : 0;
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

  void walkInitializers(const CXXConstructorDecl *Constructor) {
    for (const CXXCtorInitializer *Init : Constructor->inits()) {
      if (Init->isDelegatingInitializer()) {
        if (const auto *Construct =
                dyn_cast<CXXConstructExpr>(ignoreWrappers(Init->getInit())))
          walkFunction(Construct->getConstructor(), nullptr, Construct);
        continue;
      }
      if (Init->isBaseInitializer() || !Init->getInit())
        continue;
      const ValueDecl *Member = Init->getAnyMember();
      walkExpr(Init->getInit(), Member);
      if (Member)
        Assigned[Member] = Init->getInit();
    }
  }

  void walkStmt(const Stmt *S) {
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

  /// A local holding text that is set once (`const char *prefix = "linear";`,
  /// `std::string name = "block" + std::to_string(i);`) names what its
  /// initialiser names, read now. A const local is read through its
  /// initialiser already; one written later stays as written, since a loop
  /// may change it.
  void bindText(const VarDecl *Var, const Expr *Init) {
    if (!Var->isLocalVarDecl() || Var->getType().isConstQualified() ||
        !isTextType(Var->getType()) || !isNeverWritten(Var, Reader.context()))
      return;
    if (std::optional<std::string> Name = Reader.evaluateName(Init, Env))
      Env[Var].Name = Name;
  }

  /// A while/do loop: its body is walked once, for every iteration.
  void walkLoopBodyOnce(const Stmt *Body) {
    ++LoopsWalkedOnce;
    walkStmt(Body);
    --LoopsWalkedOnce;
  }

  void walkBranches(const Expr *Cond, const Stmt *Then, const Stmt *Else) {
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

  void walkIf(const IfStmt *If) {
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

  /// for (int i = A; i < B; ++i) with A and B known: the values of i.
  std::optional<std::vector<std::int64_t>> iterations(const ForStmt *For,
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
      case BO_LT: Continue = I < *Bound; break;
      case BO_LE: Continue = I <= *Bound; break;
      case BO_GT: Continue = I > *Bound; break;
      case BO_GE: Continue = I >= *Bound; break;
      case BO_NE: Continue = I != *Bound; break;
      default: return std::nullopt;
      }
      if (!Continue)
        break;
      if (static_cast<std::int64_t>(Values.size()) >= MaxUnrolledIterations)
        return std::nullopt;
      Values.push_back(I);
    }
    return Values;
  }

  void walkFor(const ForStmt *For) {
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
      Env[Index] = Binding{std::nullopt, std::nullopt, Index->getNameAsString(),
                           nullptr};
    SymbolicLoops.push_back(Index ? Index->getNameAsString() : "i");
    walkStmt(For->getBody());
    SymbolicLoops.pop_back();
    if (Index)
      Env.erase(Index);
  }

  void walkRangeFor(const CXXForRangeStmt *For) {
    const VarDecl *Var = For->getLoopVariable();
    const Expr *Range = ignoreWrappers(For->getRangeInit());
    if (const auto *List = dyn_cast_or_null<CXXStdInitializerListExpr>(Range))
      Range = ignoreWrappers(List->getSubExpr());
    if (const auto *List = dyn_cast_or_null<InitListExpr>(Range)) {
      std::vector<Binding> Bindings;
      for (const Expr *Init : List->inits()) {
        Binding Bound{Reader.evaluateInt(Init, Env), Reader.evaluateName(Init, Env),
                      "", Init};
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

  /// Whether a statement walked now runs exactly once, in order: not under
  /// an unsettled condition, not in a loop walked once for all iterations.
  bool runsOnce() const {
    return Conditions.empty() && SymbolicLoops.empty() && LoopsWalkedOnce == 0;
  }

  /// A variable whose value the walk knows, written to by Change (`x = 2`,
  /// `x *= 2`, `++x`). Where the write runs once the value follows it; under
  /// a condition or in a symbolic loop the value after it depends on the path
  /// taken, so it is forgotten and the variable stays as written.
  void updateValue(const ValueDecl *Written, const Expr *Change) {
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

  /// The integer a variable holding Before holds after Change, if known.
  std::optional<std::int64_t> valueAfter(std::optional<std::int64_t> Before,
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
    case BO_AddAssign: Overflow = __builtin_add_overflow(*Before, *Right, &After); break;
    case BO_SubAssign: Overflow = __builtin_sub_overflow(*Before, *Right, &After); break;
    case BO_MulAssign: Overflow = __builtin_mul_overflow(*Before, *Right, &After); break;
    default: break;
    }
    return Overflow ? std::nullopt : std::optional<std::int64_t>(After);
  }

  void walkExpr(const Expr *E, const ValueDecl *Target) {
    if (!E || isa<LambdaExpr>(E))
      return;
    // In-class member initialisers and default arguments are not children.
    if (const auto *DefaultInit = dyn_cast<CXXDefaultInitExpr>(E))
      return walkExpr(DefaultInit->getExpr(), Target);
    if (const auto *DefaultArg = dyn_cast<CXXDefaultArgExpr>(E))
      return walkExpr(DefaultArg->getExpr(), Target);
    if (const auto *Conditional = dyn_cast<ConditionalOperator>(E)) {
      walkBranches(Conditional->getCond(), Conditional->getTrueExpr(),
                   Conditional->getFalseExpr());
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
          Operator && Operator->getOperator() == OO_Equal &&
          Operator->getNumArgs() == 2) {
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

  /// A call of a member function of this class (or a user base): walked
  /// with its parameters bound to the call's arguments.
  bool followHelper(const CallExpr *Call) {
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

  const FunctionDecl *findMethod(const std::string &Name, unsigned Arity) const {
    const CXXRecordDecl *Definition = Class->getDefinition();
    if (!Definition)
      return nullptr;
    for (const Decl *Member : Definition->decls()) {
      const auto *Function = dyn_cast<FunctionDecl>(Member);
      if (const auto *Template = dyn_cast<FunctionTemplateDecl>(Member))
        Function = Template->getTemplatedDecl();
      if (Function && Function->getIdentifier() && Function->getName() == Name &&
          Function->getNumParams() >= Arity && Function->getMinRequiredArguments() <= Arity)
        return Function;
    }
    return nullptr;
  }

  /// push_back / insert on a Sequential, ModuleList or ModuleDict.
  bool recordContainerCall(const CallExpr *Call) {
    std::optional<MemberCall> Member = memberCall(Call);
    if (!Member || (Member->Name != "push_back" && Member->Name != "insert" &&
                    Member->Name != "emplace_back") ||
        !Member->Object || !isContainerObject(Member->Object))
      return false;
    const ValueDecl *Container = containerDecl(Member->Object);
    std::vector<const Expr *> Arguments;
    for (const Expr *Argument : Call->arguments())
      if (!isa<CXXDefaultArgExpr>(Argument))
        Arguments.push_back(Argument);
    if (!Container || Arguments.empty() || Arguments.size() > 2)
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
      Child.Name = Reader.evaluateName(Arguments[0], Env).value_or(
          "{" + Reader.sourceText(Arguments[0]) + "}");
    Child.Condition = condition();
    Child.Source = Call;
    ContainerState &State = containerState(Container);
    std::string Suffix;
    if (Child.Name)
      Suffix = *Child.Name;
    else if (SymbolicLoops.size() > State.LoopDepth)
      Suffix = "{" + SymbolicLoops.back() + "}";
    else
      Suffix = std::to_string(State.NextIndex);
    ++State.NextIndex;
    if (State.EntryName.empty()) {
      State.Pending.push_back(std::move(Child));
      State.PendingNames.push_back(Suffix);
      return true;
    }
    std::string ChildName = State.EntryName + "." + Suffix;
    SourcePlace Place = Reader.place(Call->getBeginLoc());
    if (emitModule(ChildName, Child.Value, Child.Condition, Place) && Child.Value.IsContainer)
      fillFromFactory(ChildName, Arguments.back(), Child.Value.Children.size(), Place);
    return true;
  }

  ContainerState &containerState(const ValueDecl *Container) {
    auto It = Containers.find(Container);
    if (It != Containers.end())
      return It->second;
    ContainerState &State = Containers[Container];
    if (const Expr *Value = assigned(Container))
      State.NextIndex = Values.readModule(Value, Env).Children.size();
    return State;
  }

  void record(const Registration &Found, const Expr *Site, const ValueDecl *Target) {
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
    if (Found.Kind == EntryKind::Module && isSynthesizedType(Found.Value->getType()) &&
        !isOlderLibtorchLayer(Found.Value->getType())) {
      recordUnresolved(Found, Place, *Name);
      return;
    }
    if (Found.Kind == EntryKind::Module) {
      recordModule(*Name, Found.Value, Target, Place);
      return;
    }
    recordTensor(*Name, Found.Kind, Found.Value, Place);
  }

  /// An entry whose keys are unknown: its name could not be read (Name
  /// empty: the entry is named after the expression), or its value is of a
  /// recovered type (Expression holds the value's source).
  void recordUnresolved(const Registration &Found, const SourcePlace &Place,
                        const std::string &Name = "") {
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

  void recordTensor(const std::string &Name, EntryKind Kind, const Expr *Value,
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

  void recordModule(const std::string &Name, const Expr *Value,
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

  /// A container made by a project function that fills a local and returns
  /// it (`Sequential make(bool relu, ...) { Sequential m; m->push_back(...);
  /// if (relu) m->push_back(...); return m; }`): the function is walked like
  /// a member helper, its parameters bound to the call's arguments, the local
  /// standing for the entry Name whose first Next children are known. Where
  /// this parse holds only the function's declaration, the entry's contents
  /// are unknown and say so with an unresolved key. Returns the index the
  /// container's next child gets.
  std::size_t fillFromFactory(const std::string &Name, const Expr *Value, std::size_t Next,
                              const SourcePlace &Place) {
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

  /// The expression that made a registered value: `a` assigned
  /// `make(...)` stands for the call.
  const Expr *madeBy(const Expr *Value) const {
    const Expr *Inner = ignoreWrappers(Value);
    if (const ValueDecl *Decl = namedDecl(Inner))
      if (const Expr *Made = assigned(Decl))
        return ignoreWrappers(Made);
    return Inner;
  }

  /// An unresolved key under the entry Name: what Producer puts in it is
  /// unknown to this parse, so a diff must not read it as empty.
  void markContentsUnknown(const std::string &Name, const std::string &Producer,
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

  bool emitModule(const std::string &Name, const ModuleValue &Module,
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
      std::string ChildName =
          Name + "." + (Child.Name ? *Child.Name : std::to_string(Index));
      ++Index;
      emitModule(ChildName, Child.Value, combine(Condition, Child.Condition),
                 Child.Source ? Reader.place(Child.Source->getBeginLoc()) : Place);
    }
    return true;
  }

  bool addEntry(StateEntry Entry, const SourcePlace &Place) {
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

  const ExpressionReader &Reader;
  const CXXRecordDecl *Class;
  std::string ClassName;
  std::vector<Diagnostic> &Diagnostics;
  ValueReader Values;
  std::vector<StateEntry> Entries;
  std::map<const ValueDecl *, const Expr *> Assigned;
  std::map<const ValueDecl *, ContainerState> Containers;
  std::set<const FunctionDecl *> Active;
  std::set<const FunctionDecl *> Visited;
  std::vector<std::string> Conditions;
  std::vector<std::string> SymbolicLoops;
  unsigned LoopsWalkedOnce = 0; ///< Enclosing while/do loops.
  Environment Env;
};

/// Constructors with bodies, then reset() unless a constructor reached it.
std::vector<const FunctionDecl *> roots(const CXXRecordDecl *Class) {
  std::vector<const FunctionDecl *> Out;
  const CXXRecordDecl *Definition = Class->getDefinition();
  if (!Definition)
    return Out;
  for (const Decl *Member : Definition->decls()) {
    const FunctionDecl *Function = dyn_cast<FunctionDecl>(Member);
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(Member))
      Function = Template->getTemplatedDecl();
    const auto *Constructor = dyn_cast_or_null<CXXConstructorDecl>(Function);
    if (Constructor && !Constructor->isImplicit() && !Constructor->isDeleted())
      Out.push_back(Constructor);
  }
  for (const Decl *Member : Definition->decls())
    if (const auto *Method = dyn_cast<CXXMethodDecl>(Member))
      if (Method->getIdentifier() && Method->getName() == "reset" &&
          Method->getNumParams() == 0)
        Out.push_back(Method);
  return Out;
}

} // namespace

std::vector<StateEntry> walkRegistrations(const ExpressionReader &Reader,
                                          const CXXRecordDecl *Class,
                                          std::vector<Diagnostic> &Diagnostics) {
  std::vector<StateEntry> Merged;
  std::set<std::pair<std::string, std::optional<std::string>>> Seen;
  std::set<const FunctionDecl *> Reached;
  for (const FunctionDecl *Root : roots(Class)) {
    const FunctionDecl *Definition = nullptr;
    if (!Root->hasBody(Definition) || Reached.count(Definition))
      continue;
    Walk One(Reader, Class, Diagnostics);
    One.walkRoot(Root);
    Reached.insert(One.visited().begin(), One.visited().end());
    // Several constructors: the union of what they register, first wins.
    for (StateEntry &Entry : One.entries())
      if (Seen.insert({Entry.Name, Entry.Condition}).second)
        Merged.push_back(std::move(Entry));
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
