//===- ModuleFinder.h - Find module classes in an AST -----------*- C++ -*-===//
#ifndef MODELCOMPAT_EXTRACT_MODULEFINDER_H
#define MODELCOMPAT_EXTRACT_MODULEFINDER_H

#include "modelcompat/schema/ModuleSchema.h"

#include "clang/AST/ASTContext.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace modelcompat::extract {

/// The module classes of one parse, and a warning for each class whose
/// constructor or reset() the parse did not see defined (keyed by class
/// name and file): it holds only if no other parse finds its registrations.
struct FoundModules {
  std::vector<ModuleSchema> Modules; ///< Unflattened.
  std::map<std::pair<std::string, std::string>, Diagnostic> UnseenConstructors;
};

/// The module classes defined in the project files of Context that are in
/// Reported (tree-relative paths), with their holders and entries (own and
/// inherited from user bases), unflattened.
FoundModules findModules(clang::ASTContext &Context, const std::set<std::string> &Reported,
                         std::vector<Diagnostic> &Diagnostics);

} // namespace modelcompat::extract

#endif
