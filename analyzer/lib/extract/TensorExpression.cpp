//===- TensorExpression.cpp - Read tensor-valued expressions --------------===//
//
// torch::zeros({ch, 3}, torch::kLong) has shape ["ch", "3"] and dtype
// "torch::kLong"; {} and torch::Tensor() are undefined and register no key.
//
//===----------------------------------------------------------------------===//
#include "RegisteredValues.h"
#include "TorchTypes.h"

#include "clang/AST/ExprCXX.h"

#include <set>

using namespace clang;

namespace modelcompat::extract {

namespace {

/// Factories whose first argument is the size.
const std::set<std::string> &sizedFactories() {
  static const std::set<std::string> Names = {"zeros", "ones", "randn", "rand", "empty", "full"};
  return Names;
}

std::string calleeName(const CallExpr *Call) {
  if (const FunctionDecl *Callee = Call->getDirectCallee()) {
    if (!Callee->getIdentifier() || !isInTorchNamespace(Callee))
      return "";
    return Callee->getName().str();
  }
  if (const auto *Lookup = dyn_cast<UnresolvedLookupExpr>(Call->getCallee()->IgnoreImplicit()))
    return Lookup->getName().getAsString();
  return "";
}

const CallExpr *findFactory(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    std::string Name = calleeName(Call);
    if (Call->getNumArgs() >= 1 &&
        (sizedFactories().count(Name) || Name == "eye" || Name == "randint" || Name == "arange"))
      return Call;
  }
  for (const Stmt *Child : S->children())
    if (const CallExpr *Found = findFactory(Child))
      return Found;
  return nullptr;
}

const DeclRefExpr *findScalarType(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
    QualType Type = Ref->getType().getNonReferenceType().getUnqualifiedType();
    if (const auto *Enum = Type->getAs<EnumType>())
      if (Enum->getDecl()->getName() == "ScalarType")
        return Ref;
  }
  for (const Stmt *Child : S->children())
    if (const DeclRefExpr *Found = findScalarType(Child))
      return Found;
  return nullptr;
}

/// The braced list (or single value) an IntArrayRef is made from.
const Expr *sizeList(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 16; ++Depth) {
    E = ignoreWrappers(E);
    if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(E)) {
      E = List->getSubExpr();
      continue;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getNumArgs() >= 1 && !isa<CXXDefaultArgExpr>(Construct->getArg(0)) &&
          (Construct->getNumArgs() == 1 || isa<CXXDefaultArgExpr>(Construct->getArg(1)))) {
        E = Construct->getArg(0);
        continue;
      }
    }
    return E;
  }
  return E;
}

bool isUndefinedTensor(const Expr *E) {
  if (isa<CXXScalarValueInitExpr>(E) || isa<ImplicitValueInitExpr>(E))
    return true;
  if (const auto *List = dyn_cast<InitListExpr>(E))
    return List->getNumInits() == 0;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    const CXXRecordDecl *Record = recordOf(Construct->getType());
    return Record && Record->getName() == "Tensor" &&
           (Construct->getNumArgs() == 0 || isa<CXXDefaultArgExpr>(Construct->getArg(0)));
  }
  if (const auto *Unresolved = dyn_cast<CXXUnresolvedConstructExpr>(E))
    return Unresolved->getNumArgs() == 0;
  return false;
}

} // namespace

TensorValue ValueReader::readTensor(const Expr *E, const Environment &Env) const {
  TensorValue Value;
  const Expr *Inner = ignoreWrappers(E);
  if (!Inner)
    return Value;
  if (isUndefinedTensor(Inner)) {
    Value.Undefined = true;
    return Value;
  }
  if (const Expr *Assigned = resolved(Inner))
    return readTensor(Assigned, Env);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Inner))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      if (!isa<ParmVarDecl>(Var) && Var->hasLocalStorage())
        if (const Expr *Init = Var->getAnyInitializer())
          return readTensor(Init, Env);
  if (const CallExpr *Factory = findFactory(Inner)) {
    std::string Name = calleeName(Factory);
    const Expr *Size = nullptr;
    if (sizedFactories().count(Name))
      Size = Factory->getArg(0);
    else if (Name == "randint" && Factory->getNumArgs() >= 3)
      Size = Factory->getArg(2);
    if (Size) {
      const Expr *List = sizeList(Size);
      SymbolicShape Shape;
      if (const auto *Braced = dyn_cast<InitListExpr>(List)) {
        if (const InitListExpr *Syntactic = Braced->getSyntacticForm())
          Braced = Syntactic;
        for (const Expr *Dimension : Braced->inits())
          Shape.push_back(Reader.normalisedText(Dimension, Env));
        Value.Shape = Shape;
      } else if (List->getType()->isIntegerType()) {
        Value.Shape = SymbolicShape{Reader.normalisedText(List, Env)};
      }
    } else if (Name == "eye") {
      std::string Rows = Reader.normalisedText(Factory->getArg(0), Env);
      std::string Columns = Factory->getNumArgs() >= 2 &&
                                    Factory->getArg(1)->getType()->isIntegerType() &&
                                    !isa<CXXDefaultArgExpr>(Factory->getArg(1))
                                ? Reader.normalisedText(Factory->getArg(1), Env)
                                : Rows;
      Value.Shape = SymbolicShape{Rows, Columns};
    } else if (Name == "arange" &&
               (Factory->getNumArgs() == 1 || !Factory->getArg(1)->getType()->isArithmeticType())) {
      Value.Shape = SymbolicShape{Reader.normalisedText(Factory->getArg(0), Env)};
    }
  }
  if (const DeclRefExpr *Dtype = findScalarType(Inner))
    Value.Dtype = Reader.normalisedText(Dtype, Env);
  return Value;
}

} // namespace modelcompat::extract
