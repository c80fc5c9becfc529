//===- ExpressionEval.h - Read names, integers and text from expressions -*- C++ -*-===//
//
// The registrations the walker finds name their entries and size their
// tensors with expressions; this reduces them to what the schema holds:
// resolved names ("down0"), names with symbolic parts ("layer{i}"), integer
// values of loop variables and constants, and normalised source text.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_EXTRACT_EXPRESSIONEVAL_H
#define MODELCOMPAT_EXTRACT_EXPRESSIONEVAL_H

#include "ProjectModuleClasses.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace modelcompat::extract {

/// What the walker knows of a variable: a loop index, a helper's parameter.
struct Binding {
  std::optional<std::int64_t> Int;       ///< Known integer value (unrolled loop).
  std::optional<std::string> Name;       ///< Known string value (a helper's name).
  std::string Symbol;                    ///< Text standing for an unknown value.
  const clang::Expr *Argument = nullptr; ///< Call-site expression, if any.
};

/// Variables bound while walking a constructor.
using Environment = std::map<const clang::ValueDecl *, Binding>;

class ExpressionReader;

/// What a parameter passed Argument (read in the caller's Env) is known to
/// hold: its integer or string value where the caller's bindings settle it,
/// else the argument's text.
Binding argumentBinding(const ExpressionReader &Reader, const clang::Expr *Argument,
                        const Environment &Env);

/// A location in tree-relative terms.
struct SourcePlace {
  std::string File; ///< Tree-relative; absolute when outside the tree.
  unsigned Line = 0;
  unsigned Column = 0;
  bool InProject = false;
};

/// Strips the nodes that only convert or wrap a value (casts, parentheses,
/// temporaries, copies, default arguments).
const clang::Expr *ignoreWrappers(const clang::Expr *E);

/// Whether the function declaring the local Var never writes to it after its
/// initialisation (no assignment, increment, non-const call or reference).
bool isNeverWritten(const clang::VarDecl *Var, clang::ASTContext &Context);

/// Reads expressions of one AST.
class ExpressionReader {
public:
  explicit ExpressionReader(clang::ASTContext &Context, ProjectModuleClasses Modules = {})
      : Context(Context), Modules(std::move(Modules)) {}

  clang::ASTContext &context() const { return Context; }
  /// The project's module classes in this AST, by unqualified name.
  const ProjectModuleClasses &projectModules() const { return Modules; }

  /// The source text of E as written (macro arguments resolved to their
  /// spelling), or "" when it has none.
  std::string sourceText(const clang::Expr *E) const;

  /// The normalised text of E: its integer value when it depends on a bound
  /// variable that has one, else its normalised source text; braced lists as
  /// "{a, b}".
  std::string normalisedText(const clang::Expr *E, const Environment &Env) const;

  /// The normalised text of E as written, with only a bare reference to a
  /// helper's parameter replaced by its call-site argument: for reporting
  /// what the source says (an unresolved name), not for comparing.
  std::string writtenText(const clang::Expr *E, const Environment &Env) const;

  /// The integer value of E, when the constants and bindings determine it.
  std::optional<std::int64_t> evaluateInt(const clang::Expr *E, const Environment &Env) const;

  /// The string E names, with unknown parts written "{source}"; nullopt when
  /// no part of it is known.
  std::optional<std::string> evaluateName(const clang::Expr *E, const Environment &Env) const;

  /// Where Loc is, in tree-relative terms.
  SourcePlace place(clang::SourceLocation Loc) const;

private:
  const clang::Expr *constantInitializer(const clang::ValueDecl *Decl) const;
  const clang::Expr *localAliasInitializer(const clang::ValueDecl *Decl) const;
  bool isSetOnceLocal(const clang::VarDecl *Var) const;
  std::string substitutedText(const clang::Expr *E, const Environment &Env, unsigned Depth) const;
  /// The text that stands for Reference (a variable, or an element of a
  /// member array): its value or initialiser where known.
  std::optional<std::string> replacementFor(const clang::Expr *Reference, const Environment &Env,
                                            unsigned Depth) const;
  /// The in-class initialiser's element that `member[i]` reads, when no
  /// method or constructor writes the member array (`int kernel_sizes[2]{5,
  /// 5};`: every constructor leaves it so); null otherwise.
  const clang::Expr *memberArrayElement(const clang::Expr *E) const;
  bool isUnwrittenMember(const clang::FieldDecl *Field) const;
  clang::CharSourceRange fileRange(const clang::Expr *E) const;
  std::optional<std::string> namePart(const clang::Expr *E, const Environment &Env, bool &Known,
                                      unsigned Depth) const;
  std::optional<std::int64_t> evaluateInt(const clang::Expr *E, const Environment &Env,
                                          unsigned Depth) const;
  bool mentionsBoundInteger(const clang::Expr *E, const Environment &Env) const;

  clang::ASTContext &Context;
  ProjectModuleClasses Modules;
  /// isSetOnceLocal's answers: the mutation analysis walks the whole body.
  mutable std::map<const clang::VarDecl *, bool> SetOnceLocals;
  /// isUnwrittenMember's answers: each walks every method of the class.
  mutable std::map<const clang::FieldDecl *, bool> UnwrittenMembers;
};

} // namespace modelcompat::extract

#endif
