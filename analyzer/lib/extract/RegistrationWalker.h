//===- RegistrationWalker.h - Follow a module's registrations ---*- C++ -*-===//
//
// Walks what runs when a module is built (constructors with their member
// initialisers, reset(), and the member helpers they call) and records every
// register_parameter / register_buffer / register_module on this, with loops
// unrolled where their bounds are constant and conditions kept as text.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_EXTRACT_REGISTRATIONWALKER_H
#define MODELCOMPAT_EXTRACT_REGISTRATIONWALKER_H

#include "ExpressionEval.h"

#include "modelcompat/schema/ModuleSchema.h"

#include "clang/AST/DeclCXX.h"

#include <vector>

namespace modelcompat::extract {

/// The entries Class registers itself (not those of its bases), in
/// registration order. Duplicate registrations are reported in Diagnostics.
std::vector<StateEntry> walkRegistrations(const ExpressionReader &Reader,
                                          const clang::CXXRecordDecl *Class,
                                          std::vector<Diagnostic> &Diagnostics);

/// Whether a constructor or reset() of Class has no body in this parse
/// (defined in a file the parse did not see), so walkRegistrations may miss
/// what it registers.
bool hasConstructorWithoutBody(const clang::CXXRecordDecl *Class);

} // namespace modelcompat::extract

#endif
