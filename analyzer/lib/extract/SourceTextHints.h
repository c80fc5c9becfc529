//===- SourceTextHints.h - What a file's text says before it is parsed -*- C++ -*-===//
//
// Cheap textual answers about a source file, for decisions taken without
// (or regardless of) a parse: whether it could define a module class,
// whether it could register state, which classes it defines by name.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_EXTRACT_SOURCETEXTHINTS_H
#define MODELCOMPAT_EXTRACT_SOURCETEXTHINTS_H

#include <string>
#include <utility>
#include <vector>

namespace modelcompat::extract {

/// Whether Text may define a module class: a class deriving from
/// torch::nn::Module (or Cloneable), or a holder. A user base class from
/// another file is the one way around it, and its file says so. A file that
/// only uses modules (`void save(torch::nn::Module &model)`, a
/// `torch::nn::ModuleList()` in an out-of-line member) defines none.
bool mayDefineModules(const std::string &Text);

/// Whether Text may register state (an out-of-line constructor or reset()).
bool mayRegister(const std::string &Text);

/// The unqualified names of the classes Text defines (`struct A : B {`,
/// `class A {`, `struct Outer::Inner final : B`), sorted and unique.
/// Comments are not told apart: a name in a comment may be listed.
std::vector<std::string> definedClassNames(const std::string &Text);

/// One #include (or #import) line of a file's text.
struct IncludeDirective {
  std::string Name;      ///< Between the delimiters; empty when computed or unclosed.
  bool Quoted = false;   ///< `"name"` rather than `<name>`.
  bool Next = false;     ///< `#include_next`.
  bool Computed = false; ///< A macro names the file: `#include MODEL_HEADER`.
};

/// The #include lines of Text, in order. Lines inside comments or disabled
/// preprocessor branches are not told apart: more includes, never fewer.
std::vector<IncludeDirective> includeDirectives(const std::string &Text);

/// The names Text's plain #include lines open (not #include_next), with
/// whether they are quoted.
std::vector<std::pair<std::string, bool>> includeNames(const std::string &Text);

/// Whether Text has an #include whose name a macro computes.
bool hasComputedInclude(const std::string &Text);

} // namespace modelcompat::extract

#endif
