//===- ModuleFinder.h - Find module classes in an AST -----------*- C++ -*-===//
#ifndef MODELCOMPAT_EXTRACT_MODULEFINDER_H
#define MODELCOMPAT_EXTRACT_MODULEFINDER_H

#include "modelcompat/schema/ModuleSchema.h"

#include "clang/AST/ASTContext.h"

#include <set>
#include <string>
#include <vector>

namespace modelcompat::extract {

/// The module classes defined in the project files of Context that are in
/// Reported (tree-relative paths), with their holders and entries (own and
/// inherited from user bases), unflattened.
std::vector<ModuleSchema> findModules(clang::ASTContext &Context,
                                      const std::set<std::string> &Reported,
                                      std::vector<Diagnostic> &Diagnostics);

} // namespace modelcompat::extract

#endif
