//===- ProvidedNames.h - Missing names a namespace declares -*- C++ -*-===//
//
// A header may use a name unqualified that only a later using-directive
// makes visible: `string` in a header that its .cpp includes before
// `using namespace std;`, or libtorch 1.0 code writing `Tensor` inside its
// own namespace. The name is not missing, only out of sight. A placeholder
// for it would lose the real type and clash with the directive ("reference
// to 'string' is ambiguous"), so recovery brings the real declaration in
// with a using-declaration instead; one that names the same entity as a
// later using-directive is not ambiguous with it. Likewise a class that a
// file names though its include of the class's header is broken: the one
// tree header that defines it is included.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_EXTRACT_PROVIDEDNAMES_H
#define MODELCOMPAT_EXTRACT_PROVIDEDNAMES_H

#include <map>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
}

namespace modelcompat {
struct SourceTree;
}

namespace modelcompat::extract {

struct MissingName;

/// The namespaces a project plausibly means by an unqualified name:
/// libtorch's (`std`, `torch`, `at`, `c10`), then those Tree's
/// `using namespace` directives name, each once.
std::vector<std::string> providingNamespaces(const SourceTree &Tree);

/// Whether exactly one entity of what Name's role needs (a type, or a type
/// template) is declared by one of Namespaces for an unqualified type or
/// template Name; then sets Name.Provider (the first namespace declaring
/// it) and Name.ProviderHeader.
bool findProvider(clang::ASTContext &Context, const std::vector<std::string> &Namespaces,
                  MissingName &Name);

/// Whether the translation unit declares Name (with its Provider found)
/// only by using-declarations of that very entity (`using std::string;`
/// after the header that needed it): then bringing it in earlier repeats
/// them, which namespace scope allows, and is no clash.
bool isDeclaredOnlyAsProvided(clang::ASTContext &Context, const MissingName &Name);

/// The tree's headers by the unqualified names of the classes each defines
/// (read from the text: definedClassNames).
std::map<std::string, std::vector<std::string>> classHeaders(const SourceTree &Tree);

/// Whether Name is qualified by a class that exactly one of Headers defines,
/// in a source file (`LeNet5Impl::LeNet5Impl(...)` in a .cpp whose include
/// of lenet.h is broken); then makes Name that class, with its ClassHeader
/// set.
bool findClassHeader(const std::map<std::string, std::vector<std::string>> &Headers,
                     MissingName &Name);

} // namespace modelcompat::extract

#endif
