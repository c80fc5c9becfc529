//===- ModuleExpression.cpp - Read module-valued expressions --------------===//
//
// register_module("conv", torch::nn::Conv2d(Conv2dOptions(in, out, 3)
// .groups(g))) becomes a LayerCall {"Conv2d", {"in", "out", "3"},
// {groups: g}}; Sequential / ModuleList / ModuleDict arguments become
// children; user holders become their Impl class.
//
//===----------------------------------------------------------------------===//
#include "ClangCompat.h"
#include "ExtractInternal.h"
#include "RegisteredValues.h"
#include "TorchTypes.h"

#include "modelcompat/source/CppFiles.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

#include <algorithm>
#include <functional>

using namespace clang;

namespace modelcompat::extract {

namespace {

constexpr unsigned MaxDepth = 16;

/// The arguments written at a construction, without defaulted ones.
std::vector<const Expr *> writtenArguments(llvm::ArrayRef<const Expr *> All) {
  std::vector<const Expr *> Out;
  for (const Expr *Argument : All) {
    if (!Argument || isa<CXXDefaultArgExpr>(Argument))
      break;
    Out.push_back(Argument);
  }
  return Out;
}

std::vector<const Expr *> constructionArguments(const Expr *E) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return writtenArguments(
        llvm::ArrayRef<const Expr *>(Construct->getArgs(), Construct->getNumArgs()));
  if (const auto *Unresolved = dyn_cast<CXXUnresolvedConstructExpr>(E)) {
    std::vector<const Expr *> Out;
    for (const Expr *Argument : Unresolved->arguments())
      Out.push_back(Argument);
    return Out;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return writtenArguments(llvm::ArrayRef<const Expr *>(Call->getArgs(), Call->getNumArgs()));
  if (const auto *List = dyn_cast<InitListExpr>(E)) {
    std::vector<const Expr *> Out;
    for (const Expr *Init : List->inits())
      Out.push_back(Init);
    return Out;
  }
  if (const auto *ParenList = dyn_cast<ParenListExpr>(E)) {
    std::vector<const Expr *> Out;
    for (unsigned I = 0; I < ParenList->getNumExprs(); ++I)
      Out.push_back(ParenList->getExpr(I));
    return Out;
  }
  return {};
}

/// std::make_shared<T>(...): T.
const CXXRecordDecl *makeSharedType(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || Callee->getName() != "make_shared" || !Callee->isInStdNamespace())
    return nullptr;
  const TemplateArgumentList *Arguments = Callee->getTemplateSpecializationArgs();
  if (!Arguments || Arguments->size() < 1 || (*Arguments)[0].getKind() != TemplateArgument::Type)
    return nullptr;
  return recordOf((*Arguments)[0].getAsType());
}

bool isOptionsType(QualType Type) {
  const CXXRecordDecl *Record = recordOf(Type);
  return Record && compat::endsWith(Record->getName(), "Options");
}

/// The builtin layer an options type configures (`ConvOptions<2>` is
/// Conv2d's); nullopt for other types, and for options several layers share
/// (BatchNormOptions).
std::optional<std::string> optionsLayer(QualType Type) {
  const CXXRecordDecl *Record = recordOf(Type);
  if (!Record || !isInTorchNamespace(Record))
    return std::nullopt;
  std::string Name = qualifiedName(Record);
  if (const auto *Specialization = dyn_cast<ClassTemplateSpecializationDecl>(Record)) {
    const TemplateArgumentList &Arguments = Specialization->getTemplateArgs();
    if (Arguments.size() >= 1 && Arguments[0].getKind() == TemplateArgument::Integral)
      Name += "<" + std::to_string(Arguments[0].getAsIntegral().getExtValue()) + ">";
  }
  return builtinLayerName(Name);
}

/// Whether Decl is the one parameter of a constructor, of the options type
/// of Layer, that this walk has not bound: options the class's caller passes
/// whole, which its readConstructorArguments names by the layer's names.
bool isCallersWholeOptions(const ValueDecl *Decl, const std::string &Layer,
                           const Environment &Env) {
  const auto *Parameter = dyn_cast_or_null<ParmVarDecl>(Decl);
  if (!Parameter || Env.count(Parameter))
    return false;
  const auto *Constructor = dyn_cast<CXXConstructorDecl>(Parameter->getDeclContext());
  return Constructor && Constructor->getNumParams() == 1 &&
         optionsLayer(Parameter->getType()) == Layer;
}

/// A member call's name, object and single argument, in resolved or
/// dependent (template) form.
struct SetterCall {
  std::string Name;
  const Expr *Object = nullptr;
  const Expr *Argument = nullptr;
};

std::optional<SetterCall> setterCall(const Expr *E) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method || Member->getNumArgs() != 1 || !Method->getIdentifier())
      return std::nullopt;
    return SetterCall{Method->getName().str(), Member->getImplicitObjectArgument(),
                      Member->getArg(0)};
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (Call->getNumArgs() != 1)
      return std::nullopt;
    const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
    if (const auto *Dependent = dyn_cast<CXXDependentScopeMemberExpr>(Callee))
      return SetterCall{Dependent->getMember().getAsString(),
                        Dependent->isImplicitAccess() ? nullptr : Dependent->getBase(),
                        Call->getArg(0)};
    if (const auto *Unresolved = dyn_cast<UnresolvedMemberExpr>(Callee))
      return SetterCall{Unresolved->getMemberName().getAsString(),
                        Unresolved->isImplicitAccess() ? nullptr : Unresolved->getBase(),
                        Call->getArg(0)};
  }
  return std::nullopt;
}

/// The constructor of Record that a call with these arguments selects, when
/// the AST does not say (holders forward their arguments through a
/// template): the one taking as many, preferring an options parameter exactly
/// when the single argument is options.
const CXXConstructorDecl *constructorTaking(const CXXRecordDecl *Record,
                                            const std::vector<const Expr *> &Arguments) {
  if (!Record || !Record->hasDefinition())
    return nullptr;
  bool OptionsArgument =
      Arguments.size() == 1 && isOptionsType(ignoreWrappers(Arguments[0])->getType());
  const CXXConstructorDecl *Fallback = nullptr;
  for (const CXXConstructorDecl *Ctor : Record->getDefinition()->ctors()) {
    if (Ctor->isCopyOrMoveConstructor() || Ctor->getMinRequiredArguments() > Arguments.size() ||
        Ctor->getNumParams() < Arguments.size())
      continue;
    bool OptionsParameter = Ctor->getNumParams() >= 1 &&
                            isOptionsType(Ctor->getParamDecl(0)->getType().getNonReferenceType());
    if (Arguments.size() != 1 || OptionsParameter == OptionsArgument)
      return Ctor;
    if (!Fallback)
      Fallback = Ctor;
  }
  return Fallback;
}

/// Names each argument of a construction after the parameter it initialises.
void nameArguments(const CXXConstructorDecl *Ctor, const std::vector<const Expr *> &Arguments,
                   const std::function<void(const std::string &, const Expr *)> &Name) {
  if (!Ctor)
    return;
  for (unsigned I = 0; I < Arguments.size() && I < Ctor->getNumParams(); ++I)
    if (const IdentifierInfo *Id = Ctor->getParamDecl(I)->getIdentifier())
      Name(Id->getName().str(), Arguments[I]);
}

/// The return statements of a function body, outside lambdas.
void collectReturns(const Stmt *S, std::vector<const ReturnStmt *> &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *Return = dyn_cast<ReturnStmt>(S))
    Out.push_back(Return);
  for (const Stmt *Child : S->children())
    collectReturns(Child, Out);
}

/// Element Index of an aggregate initialiser: `{{a, b, c}}` of a
/// std::array (its inner C array's list) or `{a, b, c}` of a T[N].
const Expr *aggregateElement(const Expr *Init, std::int64_t Index) {
  const auto *List = dyn_cast_or_null<InitListExpr>(ignoreWrappers(Init));
  if (List && !List->isSemanticForm())
    List = List->getSemanticForm();
  // std::array<T, N> is a struct holding T[N]: step into its one member.
  while (List && List->getType()->isRecordType() && List->getNumInits() == 1)
    List = dyn_cast<InitListExpr>(ignoreWrappers(List->getInit(0)));
  if (!List || !List->getType()->isArrayType() || Index < 0 ||
      Index >= static_cast<std::int64_t>(List->getNumInits()))
    return nullptr;
  const Expr *Element = List->getInit(static_cast<unsigned>(Index));
  // `{Conv2d(...)}`: an element written in braces of its own.
  while (const auto *Braced = dyn_cast<InitListExpr>(ignoreWrappers(Element))) {
    if (Braced->getNumInits() != 1)
      break;
    Element = Braced->getInit(0);
  }
  return Element;
}

/// `array[i]`: the array and the index, for std::array and T[N].
std::optional<std::pair<const Expr *, const Expr *>> subscript(const Expr *E) {
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
      Operator && Operator->getOperator() == OO_Subscript && Operator->getNumArgs() == 2)
    return std::make_pair(Operator->getArg(0), Operator->getArg(1));
  if (const auto *Array = dyn_cast<ArraySubscriptExpr>(E))
    return std::make_pair(Array->getBase(), Array->getIdx());
  return std::nullopt;
}

/// Whether From is Into or reached through Into's includes.
bool isIncludedFrom(const SourceManager &SM, FileID From, FileID Into) {
  std::vector<FileID> Chain = includeChain(SM, From);
  return std::find(Chain.begin(), Chain.end(), Into) != Chain.end();
}

/// Whether the build compiles Call with Definition in view. A function
/// defined in a header, or in the calling file, is; one defined in another
/// source file is only where one of the two files includes the other. A
/// parse that reads several sources in one translation unit sees them all,
/// but which sources share a parse depends on what else the scan reads
/// (a diff re-parses only changed files): following such a definition would
/// make the result depend on it.
bool seesDefinition(const ExpressionReader &Reader, const FunctionDecl *Definition,
                    const CallExpr *Call) {
  const SourceManager &SM = Reader.context().getSourceManager();
  FileID DefinedIn = SM.getFileID(SM.getFileLoc(Definition->getLocation()));
  FileID CalledIn = SM.getFileID(SM.getFileLoc(Call->getBeginLoc()));
  if (DefinedIn == CalledIn)
    return true;
  if (!isCppSourceFile(compat::fileName(SM, DefinedIn)))
    return true;
  return isIncludedFrom(SM, DefinedIn, CalledIn) || isIncludedFrom(SM, CalledIn, DefinedIn);
}

} // namespace

std::optional<FactoryCall> factoryCall(const ExpressionReader &Reader, const Expr *E) {
  const auto *Call = dyn_cast_or_null<CallExpr>(E ? ignoreWrappers(E) : nullptr);
  if (!Call || isa<CXXMemberCallExpr>(Call) || isa<CXXOperatorCallExpr>(Call))
    return std::nullopt;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || isa<CXXMethodDecl>(Callee) && !cast<CXXMethodDecl>(Callee)->isStatic() ||
      Callee->isInStdNamespace() || isInTorchNamespace(Callee) ||
      !Reader.place(Callee->getLocation()).InProject)
    return std::nullopt;
  FactoryCall Found;
  Found.Call = Call;
  const FunctionDecl *Definition = nullptr;
  if (!Callee->hasBody(Definition) || !Definition)
    return Found;
  if (!Reader.place(Definition->getLocation()).InProject)
    return std::nullopt;
  if (!seesDefinition(Reader, Definition, Call))
    return Found; // Declared here, defined where this file does not look.
  Found.Definition = Definition;
  std::vector<const ReturnStmt *> Returns;
  collectReturns(Definition->getBody(), Returns);
  if (Returns.size() == 1)
    Found.Result = Returns.front()->getRetValue();
  return Found;
}

const Expr *ValueReader::factoryResult(const CallExpr *Call, const Environment &Env,
                                       Environment &Inside) const {
  std::optional<FactoryCall> Factory = factoryCall(Reader, Call);
  if (!Factory || !Factory->Result)
    return nullptr;
  const FunctionDecl *Definition = Factory->Definition;
  for (unsigned I = 0; I < Definition->getNumParams() && I < Call->getNumArgs(); ++I)
    Inside[Definition->getParamDecl(I)] =
        argumentBinding(Reader, ignoreWrappers(Call->getArg(I)), Env);
  return Factory->Result;
}

const Expr *ValueReader::resolved(const Expr *E) const {
  const Expr *Inner = ignoreWrappers(E);
  const ValueDecl *Decl = nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Inner))
    Decl = Ref->getDecl();
  else if (const auto *Member = dyn_cast<MemberExpr>(Inner))
    Decl = Member->getMemberDecl();
  if (!Decl || !Resolve)
    return nullptr;
  return Resolve(Decl);
}

ModuleValue ValueReader::readModule(const Expr *E, const Environment &Env) const {
  return readModule(E, Env, 0);
}

ModuleValue ValueReader::readModule(const Expr *E, const Environment &Env, unsigned Depth) const {
  ModuleValue Value;
  if (!E || Depth > MaxDepth)
    return Value;
  const Expr *Inner = ignoreWrappers(E);
  // holder.ptr(), *holder, holder.get(): the same module.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Inner)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method && (Method->getName() == "ptr" || Method->getName() == "get"))
      return readModule(Member->getImplicitObjectArgument(), Env, Depth + 1);
    // fc = register_module("fc", Linear(...)): the registered module.
    if (Method && Method->getName() == "register_module" && Member->getNumArgs() >= 2)
      return readModule(Member->getArg(1), Env, Depth + 1);
  }
  if (const auto *Conditional = dyn_cast<ConditionalOperator>(Inner))
    return readModule(Conditional->getTrueExpr(), Env, Depth + 1);
  if (const Expr *Assigned = resolved(Inner)) {
    ModuleValue FromValue = readModule(Assigned, Env, Depth + 1);
    if (FromValue.IsModule)
      return FromValue;
  } else if (const auto *Ref = dyn_cast<DeclRefExpr>(Inner)) {
    // A factory's local: `auto conv = Conv2d(...); return conv;`.
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->isLocalVarDecl() && Var->getInit()) {
      ModuleValue FromInit = readModule(Var->getInit(), Env, Depth + 1);
      if (FromInit.IsModule)
        return FromInit;
    }
  }
  // members[i] of an array member initialised element by element.
  if (auto Subscript = subscript(Inner))
    if (std::optional<std::int64_t> Index = Reader.evaluateInt(Subscript->second, Env))
      if (const Expr *Array = resolved(ignoreWrappers(Subscript->first)))
        if (const Expr *Element = aggregateElement(Array, *Index)) {
          ModuleValue FromElement = readModule(Element, Env, Depth + 1);
          if (FromElement.IsModule)
            return FromElement;
        }
  // A project function that makes the module (`conv3x3(in, out, stride)`):
  // what it returns, its parameters bound to the call's arguments. Read as a
  // construction, the call's arguments would be taken for the layer's.
  if (const auto *Call = dyn_cast<CallExpr>(Inner);
      Call && !isa<CXXMemberCallExpr>(Call) && !isa<CXXOperatorCallExpr>(Call)) {
    Environment Inside;
    if (const Expr *Result = factoryResult(Call, Env, Inside)) {
      ModuleValue Made = readModule(Result, Inside, Depth + 1);
      if (Made.IsModule)
        return Made;
    }
  }

  const CXXRecordDecl *Record = nullptr;
  std::vector<const Expr *> Arguments;
  if (const auto *Call = dyn_cast<CallExpr>(Inner);
      Call && !isa<CXXMemberCallExpr>(Call) && !isa<CXXOperatorCallExpr>(Call)) {
    if ((Record = makeSharedType(Call)))
      Arguments = constructionArguments(Call);
  }
  if (!Record) {
    QualType Type = Inner->getType();
    if (const auto *Unresolved = dyn_cast<CXXUnresolvedConstructExpr>(Inner))
      Type = Unresolved->getTypeAsWritten();
    Record = recordOf(Type);
    Arguments = constructionArguments(Inner);
  }
  if (const CXXRecordDecl *Meant = Reader.projectModules().meantBy(E))
    Record = Meant;
  if (const CXXRecordDecl *Pointee = sharedPointee(Record)) {
    // shared_ptr<Module> converted from a more precise pointer.
    if (Arguments.size() == 1) {
      ModuleValue FromArgument = readModule(Arguments[0], Env, Depth + 1);
      if (FromArgument.IsModule)
        return FromArgument;
    }
    Record = Pointee;
    Arguments.clear();
  }
  if (!Record)
    return Value;

  const CXXRecordDecl *Impl = nullptr;
  std::string TypeName = qualifiedName(Record);
  if (const CXXRecordDecl *Held = holderImpl(Record)) {
    Impl = Held;
    if (TypeName == "torch::nn::ModuleHolder")
      TypeName = qualifiedName(Held);
  } else if (isTorchModuleClass(Record)) {
    Impl = Record;
  } else if (isInTorchNamespace(Record) && builtinLayerName(TypeName)) {
    // A layer of an older libtorch release the installed headers lack
    // (declared by recovery): the table knows its layout.
    Impl = Record;
  } else {
    return Value;
  }
  Value.IsModule = true;
  Value.Type = TypeName;

  std::optional<std::string> Builtin = builtinLayerName(TypeName);
  if (!Builtin && isInTorchNamespace(Impl))
    Builtin = builtinLayerName(qualifiedName(Impl));
  if (Builtin) {
    std::optional<BuiltinRole> Role = builtinRole(*Builtin);
    if (Role == BuiltinRole::Layer)
      Value.Layer = readLayerCall(*Builtin, Arguments, Env);
    if (Role == BuiltinRole::Container) {
      Value.IsContainer = true;
      for (const Expr *Argument : Arguments)
        readChildren(Argument, Env, Value.Children);
    }
    return Value;
  }
  if (!isInTorchNamespace(Impl)) {
    Value.ModuleClass = qualifiedName(Impl);
    // The class Clang resolved, so that a namesake in another folder is
    // never taken for it.
    const CXXRecordDecl *Definition = Impl->getDefinition() ? Impl->getDefinition() : Impl;
    if (SourcePlace Place = Reader.place(Definition->getLocation()); Place.InProject)
      Value.ModuleClassFile = Place.File;
    Value.Arguments = readConstructorArguments(Impl, Arguments, Env);
  }
  return Value;
}

void ValueReader::readChildren(const Expr *E, const Environment &Env,
                               std::vector<ChildModule> &Children) const {
  const Expr *Inner = ignoreWrappers(E);
  while (true) {
    if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(Inner)) {
      Inner = ignoreWrappers(List->getSubExpr());
      continue;
    }
    break;
  }
  if (const auto *List = dyn_cast<InitListExpr>(Inner)) {
    // {"name", module} written as a braced pair.
    if (List->getNumInits() == 2 && !isa<InitListExpr>(ignoreWrappers(List->getInit(0)))) {
      if (std::optional<std::string> Name = Reader.evaluateName(List->getInit(0), Env)) {
        ModuleValue Named = readModule(List->getInit(1), Env);
        if (Named.IsModule) {
          Children.push_back({Name, std::move(Named), std::nullopt, E});
          return;
        }
      }
    }
    for (const Expr *Init : List->inits())
      readChildren(Init, Env, Children);
    return;
  }
  ModuleValue Value = readModule(Inner, Env);
  if (Value.IsModule) {
    Children.push_back({std::nullopt, std::move(Value), std::nullopt, E});
    return;
  }
  // {"name", module}: NamedAnyModule, std::pair, or a braced pair.
  std::vector<const Expr *> Parts = constructionArguments(Inner);
  if (Parts.size() == 2) {
    std::optional<std::string> Name = Reader.evaluateName(Parts[0], Env);
    ModuleValue Named = readModule(Parts[1], Env);
    if (Named.IsModule) {
      Children.push_back(
          {Name ? Name : std::optional<std::string>("{" + Reader.sourceText(Parts[0]) + "}"),
           std::move(Named), std::nullopt, E});
      return;
    }
  }
  // A vector or initializer list of modules passed as one argument.
  if (Parts.size() == 1 && Parts[0] != Inner)
    readChildren(Parts[0], Env, Children);
}

LayerCall ValueReader::readLayerCall(const std::string &Layer,
                                     const std::vector<const Expr *> &Arguments,
                                     const Environment &Env) const {
  LayerCall Call;
  Call.Layer = Layer;
  if (Arguments.size() == 1 && isOptionsType(ignoreWrappers(Arguments[0])->getType())) {
    readOptions(Arguments[0], Env, Call);
    return Call;
  }
  if (Arguments.size() == 1)
    if (const Expr *Assigned = resolved(Arguments[0]))
      if (isOptionsType(ignoreWrappers(Assigned)->getType())) {
        readOptions(Assigned, Env, Call);
        return Call;
      }
  for (const Expr *Argument : Arguments)
    Call.Arguments.push_back(Reader.normalisedText(Argument, Env));
  return Call;
}

ConstructorArguments
ValueReader::readConstructorArguments(const CXXRecordDecl *Impl,
                                      const std::vector<const Expr *> &Arguments,
                                      const Environment &Env) const {
  const CXXConstructorDecl *Constructor = constructorTaking(Impl, Arguments);
  if (std::optional<InheritedLayer> Inherited = inheritedLayer(Impl))
    if (!Constructor || Constructor->isImplicit() || Constructor->isInheritingConstructor())
      return builtinLayerArguments(readLayerCall(Inherited->Layer, Arguments, Env),
                                   parsedTorchRelease());
  ConstructorArguments Out;
  if (Arguments.size() == 1) {
    const Expr *Options = ignoreWrappers(Arguments[0]);
    if (!isOptionsType(Options->getType()))
      if (const Expr *Assigned = resolved(Options))
        Options = ignoreWrappers(Assigned);
    if (isOptionsType(Options->getType())) {
      readNamedOptions(Options, Env, Out);
      // A layer's options name every one of its names, defaults included.
      if (std::optional<std::string> Layer = optionsLayer(Options->getType()))
        for (auto &[Name, Text] : builtinLayerArguments(readLayerCall(*Layer, {Arguments[0]}, Env),
                                                        parsedTorchRelease()))
          Out[Name] = std::move(Text);
      return Out;
    }
  }
  nameArguments(Constructor, Arguments, [&](const std::string &Name, const Expr *Argument) {
    Out.emplace(Name, Reader.normalisedText(Argument, Env));
  });
  return Out;
}

const Expr *ValueReader::readSetterChain(const Expr *E, const Environment &Env,
                                         std::map<std::string, std::string> &Out) const {
  std::optional<SetterCall> Setter;
  while ((Setter = setterCall(ignoreWrappers(E))) && Setter->Object) {
    // The outermost setter is the last call, and wins.
    Out.emplace(Setter->Name, Reader.normalisedText(Setter->Argument, Env));
    E = Setter->Object;
  }
  return E;
}

void ValueReader::readNamedOptions(const Expr *E, const Environment &Env,
                                   ConstructorArguments &Out) const {
  for (unsigned Depth = 0; E && Depth < MaxDepth * 4; ++Depth) {
    const Expr *Inner = ignoreWrappers(E);
    if (const Expr *Object = readSetterChain(Inner, Env, Out); Object != Inner) {
      E = Object;
      continue;
    }
    if (const Expr *Assigned = resolved(Inner)) {
      E = Assigned;
      continue;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Inner))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
        if (const Expr *Init = Var->getAnyInitializer()) {
          E = Init;
          continue;
        }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Inner))
      nameArguments(Construct->getConstructor(), constructionArguments(Inner),
                    [&](const std::string &Name, const Expr *Argument) {
                      Out.emplace(Name, Reader.normalisedText(Argument, Env));
                    });
    return;
  }
}

void ValueReader::readOptions(const Expr *E, const Environment &Env, LayerCall &Call) const {
  for (unsigned Depth = 0; E && Depth < 64; ++Depth) {
    const Expr *Inner = ignoreWrappers(E);
    if (const Expr *Object = readSetterChain(Inner, Env, Call.Options); Object != Inner) {
      E = Object;
      continue;
    }
    if (const Expr *Assigned = resolved(Inner)) {
      E = Assigned;
      continue;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Inner)) {
      if (isCallersWholeOptions(Ref->getDecl(), Call.Layer, Env)) {
        Call.OverOwnNames = true;
        readSetterStatements(cast<ParmVarDecl>(Ref->getDecl()), Ref, Env, Call);
        return;
      }
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
        if (const Expr *Init = Var->getAnyInitializer()) {
          E = Init;
          continue;
        }
    }
    for (const Expr *Argument : constructionArguments(Inner))
      Call.Arguments.push_back(Reader.normalisedText(Argument, Env));
    return;
  }
}

void ValueReader::readSetterStatements(const ParmVarDecl *Options, const DeclRefExpr *Use,
                                       const Environment &Env, LayerCall &Call) const {
  const auto *Function = dyn_cast<FunctionDecl>(Options->getDeclContext());
  const auto *Body = Function ? dyn_cast_or_null<CompoundStmt>(Function->getBody()) : nullptr;
  if (!Body)
    return;
  const SourceManager &SM = Reader.context().getSourceManager();
  std::map<std::string, std::string> Stated;
  for (const Stmt *Statement : Body->body()) {
    const auto *Expression = dyn_cast<Expr>(Statement);
    if (!Expression || !SM.isBeforeInTranslationUnit(Statement->getEndLoc(), Use->getBeginLoc()))
      continue;
    // `options.bias(false).stride(2);`: the chain's setters, if it is on Options.
    std::map<std::string, std::string> Chain;
    const auto *Ref =
        dyn_cast<DeclRefExpr>(ignoreWrappers(readSetterChain(Expression, Env, Chain)));
    if (Ref && Ref->getDecl() == Options)
      for (auto &[Name, Value] : Chain)
        Stated[Name] = std::move(Value); // A later statement's wins.
  }
  // The use's own chain, already read, wins over the statements before it.
  Call.Options.merge(Stated);
}

} // namespace modelcompat::extract
