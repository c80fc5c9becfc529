//===- DeclaredDefaults.h - The defaults a module class declares -*- C++ -*-===//
#ifndef MODELCOMPAT_EXTRACT_DECLAREDDEFAULTS_H
#define MODELCOMPAT_EXTRACT_DECLAREDDEFAULTS_H

#include "ExpressionEval.h"

#include "modelcompat/schema/ConstructorArguments.h"

#include "clang/AST/DeclCXX.h"

namespace modelcompat::extract {

/// The user options struct a parameter or field of this type is, if any:
/// not libtorch's, not a module, not a holder or pointer of one.
const clang::CXXRecordDecl *optionsRecord(clang::QualType Type);

/// The values a module class's shapes take when nobody says otherwise:
/// default arguments of its constructors (`int64_t groups = 1`), initialisers
/// of the fields of its user options structs (`TORCH_ARG(int64_t, groups) =
/// 1` gives "groups"), and its own member initialisers (`int64_t width_ =
/// 64`). A name given two different values is left out.
ConstructorArguments declaredDefaults(const clang::CXXRecordDecl *Record,
                                      const ExpressionReader &Reader);

} // namespace modelcompat::extract

#endif
