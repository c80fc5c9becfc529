//===- DeclarationRecovery.h - Declare what missing headers held -*- C++ -*-===//
//
// Real repositories include headers the scanning machine lacks (Boost,
// OpenCV, option parsers, a logging library) and use their names in the very
// declarations that matter: `NetImpl(po::variables_map &vm)`. An empty file
// for the missing header leaves those declarations invalid and their
// registrations lost. Recovery reads the parse's own diagnostics (undeclared
// identifiers, unknown types, no member in a namespace, unknown macros),
// keeps only names that the finished translation unit does not declare
// anywhere, and synthesizes declarations for them in a header served from
// memory: namespaces, and types, values, functions and macros built on one
// permissive Placeholder class. The scanner parses again with it, a bounded
// number of rounds. Registrations whose value is a Placeholder are never
// expanded into keys: they stay unresolved.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_EXTRACT_DECLARATIONRECOVERY_H
#define MODELCOMPAT_EXTRACT_DECLARATIONRECOVERY_H

#include "OlderApiSpellings.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Decl;
class Diagnostic;
class QualType;
} // namespace clang

namespace modelcompat {
struct SourceTree;
}

namespace modelcompat::extract {

/// Where the synthesized declarations are served from (force-included).
inline constexpr const char *RecoveryHeaderPath = "/modelcompat-umbrella/recovered.h";
/// The namespace of the Placeholder class.
inline constexpr const char *PlaceholderNamespace = "modelcompat_recovered";

/// How a missing name is used, which decides what is synthesized.
enum class NameRole {
  Namespace,      ///< `po::`, `using namespace cv;`
  Type,           ///< `cv::Mat img;` (also serves `cv::imread(path)`)
  Template,       ///< `cv::Ptr<T>`
  Value,          ///< `CV_8UC3`, `cv::INTER_LINEAR`
  Function,       ///< `helper(x)` (unqualified, not macro-like)
  Macro,          ///< `LOG_INFO("...")` (unqualified, upper case, called)
  MemberFunction, ///< `vm["nf"].as<size_t>()`, `img.clone()`
  MemberValue,    ///< `size.width`
  MemberType,     ///< `cv::Mat::Type`
};

/// One name no header provided, as the parse reported it.
struct MissingName {
  std::vector<std::string> Scope; ///< Enclosing namespaces, outermost first.
  std::string Name;
  NameRole Role = NameRole::Type;
  std::string File; ///< Tree-relative file that used it.
  unsigned Line = 0;
  /// The namespace that declares it after all (`std` for a header's
  /// `string` that only a later `using namespace std;` makes visible):
  /// brought in with `using Provider::Name;`, not synthesized
  /// (ProvidedNames). Empty: synthesized.
  std::string Provider;
  /// The header to include before that using-declaration; empty: none.
  std::string ProviderHeader;
  /// The one tree header (tree-relative) that defines a class of this name,
  /// for a file whose own include of it is broken (lenet.cpp includes a
  /// `lenet5.h` that does not exist for the LeNet5Impl of lenet.h):
  /// included, not synthesized (ProvidedNames). Empty: none.
  std::string ClassHeader;

  /// `namespace boost::program_options`, `cv::Mat`, `cv::Ptr<>`,
  /// `CV_8UC3 (value)`, `helper()`, `LOG_INFO(...)`, `.as()`, `.rows`;
  /// a name brought in from a namespace: `using std::string`; one a tree
  /// header defines: `LeNet5Impl (from models/lenet5/lenet.h)`.
  std::string display() const;
  /// Whether it is a namespace or a type (what declarations need).
  bool declaresType() const {
    return Role == NameRole::Namespace || Role == NameRole::Type || Role == NameRole::Template;
  }
  /// Whether it is an unqualified value or function (often a local whose
  /// own declaration failed).
  bool isPlainValue() const {
    return Scope.empty() && (Role == NameRole::Value || Role == NameRole::Function);
  }
  /// The inverse of display() (members read back as functions or values);
  /// nullopt for text display() does not write, and for names brought in
  /// (the first parse finds their header again).
  static std::optional<MissingName> fromDisplay(const std::string &Text);
};

/// What one diagnostic says is missing, read from its kind, its arguments
/// and the source text at its location; nullopt for other diagnostics and
/// for locations outside the tree. Namespaces a qualified name needs come
/// as names of their own (`boost::program_options::variables_map` gives
/// two namespaces and a type).
std::vector<MissingName> missingNamesOf(const clang::Diagnostic &Info);

/// Whether Name is declared somewhere in the finished translation unit
/// (then it was only used before its declaration, and synthesizing it would
/// clash with the real one).
bool isDeclaredIn(clang::ASTContext &Context, const MissingName &Name);

/// Whether D comes from the synthesized header.
bool isSynthesized(const clang::Decl *D);
/// Whether T is (a pointer, reference, smart pointer or holder of) a
/// synthesized type.
bool isSynthesizedType(clang::QualType T);

/// The names Tree's text declares as aliases (`namespace po = ...;`,
/// `using Image = ...;`, `typedef ... Image;`): when what they name is
/// missing they are undeclared too, but they must not be synthesized.
std::set<std::string> declaredAliases(const SourceTree &Tree);

/// The names recovered so far, and the header declaring them.
class RecoveredDeclarations {
public:
  explicit RecoveredDeclarations(std::set<std::string> Aliases = {})
      : Aliases(std::move(Aliases)) {}

  /// Adds Name; false when an equivalent name is already there.
  bool add(const MissingName &Name);
  /// Adds what Other recovered and forbade (a copy of this one that went on
  /// alone); a name either forbade stays out.
  void merge(const RecoveredDeclarations &Other);
  bool empty() const { return Names.empty(); }
  /// The header text; deterministic (sorted).
  std::string header() const;
  /// Removes Name (the project declares it) and refuses it from now on;
  /// true when it was there.
  bool forbid(const MissingName &Name);
  std::vector<MissingName> names() const;
  /// For each file of Tree, the recovered names its text uses (display
  /// form), sorted.
  std::map<std::string, std::set<std::string>> namesByFile(const SourceTree &Tree) const;
  /// Reads an older libtorch spelling in today's from the next parse on;
  /// false when it was already read so.
  bool respell(const Respelling &Change);
  /// The respellings, by file and offset.
  const std::map<std::string, std::map<unsigned, Respelling>> &respellings() const {
    return Respellings;
  }

private:
  bool isInRecoveredClass(const MissingName &Name) const;

  std::set<std::string> Aliases;
  std::set<std::string> Forbidden;          ///< Keys of names the project declares.
  std::map<std::string, MissingName> Names; ///< By qualified name.
  std::map<std::string, std::map<unsigned, Respelling>> Respellings;
};

} // namespace modelcompat::extract

#endif
