//===- ModuleFinder.h - Find module classes in an AST -----------*- C++ -*-===//
#ifndef MODELCOMPAT_EXTRACT_MODULEFINDER_H
#define MODELCOMPAT_EXTRACT_MODULEFINDER_H

#include "modelcompat/schema/ModuleSchema.h"
#include "clang/Basic/SourceLocation.h"

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
  /// By (class, file): classes whose constructors this parse saw defined,
  /// which settles another parse's UnseenConstructors warning.
  std::set<std::pair<std::string, std::string>> SeenConstructors;
};

/// A compile error of the parse: where, and "file:line: message".
struct ErrorSite {
  clang::SourceLocation Loc; ///< A file location.
  std::string Text;
};

/// The module classes defined in the project files of Context that are in
/// Reported (tree-relative paths), with their holders and entries (own and
/// inherited from user bases), unflattened. A class with one of Errors in
/// its constructors, reset() or member declarations is marked Unreadable.
FoundModules findModules(clang::ASTContext &Context, const std::set<std::string> &Reported,
                         const std::vector<ErrorSite> &Errors,
                         std::vector<Diagnostic> &Diagnostics);

} // namespace modelcompat::extract

#endif
