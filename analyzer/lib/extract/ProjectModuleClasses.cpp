//===- ProjectModuleClasses.cpp - What an unresolved name constructs ------===//
#include "ProjectModuleClasses.h"
#include "DeclarationRecovery.h"
#include "TorchTypes.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

#include <algorithm>

using namespace clang;

namespace modelcompat::extract {

namespace {

/// Whether T is written with a qualifier (`cv::Mat`): a name the project
/// placed in a namespace of its own choosing, not one out of sight.
bool isWrittenQualified(QualType T) {
  const auto *Elaborated = T->getAs<ElaboratedType>();
  return Elaborated && Elaborated->getQualifier();
}

/// The name that Value calls or constructs unqualified, when recovery
/// declared it; "" otherwise.
std::string unresolvedNameConstructed(const Expr *Value) {
  // Not ignoreWrappers: a functional cast is where the written type is.
  const Expr *Inner = Value;
  for (const Expr *Before = nullptr; Inner != Before;) {
    Before = Inner;
    Inner = Inner->IgnoreImplicit()->IgnoreParens();
  }
  if (const auto *Call = dyn_cast<CallExpr>(Inner);
      Call && !isa<CXXMemberCallExpr>(Call) && !isa<CXXOperatorCallExpr>(Call)) {
    const auto *Callee = dyn_cast<DeclRefExpr>(Call->getCallee()->IgnoreParenImpCasts());
    const FunctionDecl *Function = Call->getDirectCallee();
    if (Callee && !Callee->hasQualifier() && Function && isSynthesized(Function) &&
        Function->getIdentifier())
      return Function->getName().str();
    return "";
  }
  QualType Written = Inner->getType();
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Inner))
    Written = Cast->getTypeAsWritten();
  else if (const auto *Unresolved = dyn_cast<CXXUnresolvedConstructExpr>(Inner))
    Written = Unresolved->getTypeAsWritten();
  else if (!isa<CXXTemporaryObjectExpr>(Inner))
    return "";
  const CXXRecordDecl *Record = recordOf(Written);
  if (!Record || !isSynthesized(Record) || !Record->getIdentifier() || isWrittenQualified(Written))
    return "";
  return Record->getName().str();
}

} // namespace

ProjectModuleClasses::ProjectModuleClasses(const std::vector<const CXXRecordDecl *> &Classes) {
  for (const CXXRecordDecl *Class : Classes) {
    if (!Class->getIdentifier())
      continue;
    std::vector<const CXXRecordDecl *> &Named = ByName[Class->getName().str()];
    const CXXRecordDecl *Canonical = Class->getCanonicalDecl();
    if (std::none_of(Named.begin(), Named.end(), [&](const CXXRecordDecl *Known) {
          return Known->getCanonicalDecl() == Canonical;
        }))
      Named.push_back(Class);
  }
}

const CXXRecordDecl *ProjectModuleClasses::meantBy(const Expr *Value) const {
  std::string Name = unresolvedNameConstructed(Value);
  if (Name.empty())
    return nullptr;
  auto It = ByName.find(Name);
  return It != ByName.end() && It->second.size() == 1 ? It->second.front() : nullptr;
}

} // namespace modelcompat::extract
