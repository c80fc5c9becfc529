//===- ProjectModuleClasses.h - What an unresolved name constructs -*- C++ -*-===//
//
// Code that never compiled registers a module by a name out of sight:
// `register_module("pooler", ROIAlign(size, scale))` written inside
// rcnn::modeling for the rcnn::layers::ROIAlign its header includes (the next
// commit qualifies it). Recovery declares a placeholder for the name, and
// the registration would stay unresolved although the project defines the
// class it means. When exactly one module class or holder of the project's
// files bears the name, the registration is read as that class.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_EXTRACT_PROJECTMODULECLASSES_H
#define MODELCOMPAT_EXTRACT_PROJECTMODULECLASSES_H

#include <map>
#include <string>
#include <vector>

namespace clang {
class CXXRecordDecl;
class Expr;
} // namespace clang

namespace modelcompat::extract {

/// The module classes and TORCH_MODULE holders that the project's files
/// define in one translation unit, by unqualified name.
class ProjectModuleClasses {
public:
  ProjectModuleClasses() = default;
  explicit ProjectModuleClasses(const std::vector<const clang::CXXRecordDecl *> &Classes);

  /// The class Value constructs when it calls, unqualified, a name that no
  /// header declared (a function or type recovery made up), and exactly one
  /// of the classes bears that name; else null.
  const clang::CXXRecordDecl *meantBy(const clang::Expr *Value) const;

private:
  std::map<std::string, std::vector<const clang::CXXRecordDecl *>> ByName;
};

} // namespace modelcompat::extract

#endif
