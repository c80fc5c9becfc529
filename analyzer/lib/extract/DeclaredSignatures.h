//===- DeclaredSignatures.h - How a module class is built and called -*- C++ -*-===//
#ifndef MODELCOMPAT_EXTRACT_DECLAREDSIGNATURES_H
#define MODELCOMPAT_EXTRACT_DECLAREDSIGNATURES_H

#include "ExpressionEval.h"

#include "modelcompat/schema/ModuleSchema.h"

#include "clang/AST/DeclCXX.h"

namespace modelcompat::extract {

/// The parameter lists of Record's public constructors (copy and move left
/// out), in declaration order; a parameter of a user options struct the
/// project defines carries that struct's constructors too.
std::vector<Signature> declaredConstructors(const clang::CXXRecordDecl *Record,
                                            const ExpressionReader &Reader);

/// The parameter lists of Record's public forward() overloads.
std::vector<Signature> declaredForwards(const clang::CXXRecordDecl *Record,
                                        const ExpressionReader &Reader);

} // namespace modelcompat::extract

#endif
