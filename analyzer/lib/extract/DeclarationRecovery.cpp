//===- DeclarationRecovery.cpp - Declare what missing headers held --------===//
#include "DeclarationRecovery.h"
#include "ClangCompat.h"
#include "ExtractInternal.h"
#include "modelcompat/support/IdentifierChars.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticParse.h"
#include "clang/Basic/DiagnosticSema.h"
#include "clang/Basic/SourceManager.h"

#include <algorithm>
#include <cctype>

using namespace clang;

namespace modelcompat::extract {

namespace {

/// The placeholder every synthesized name is built on: constructible from
/// anything, convertible to anything that is not itself a placeholder
/// (else a placeholder-to-placeholder conversion would be ambiguous),
/// callable, indexable, iterable, and an operand of every operator.
constexpr const char *PlaceholderPrologue = R"(#include <iosfwd>
#include <type_traits>
namespace modelcompat_recovered {
struct Placeholder {
  template <class... A> Placeholder(A &&...) {}
  template <class T, std::enable_if_t<!std::is_base_of<Placeholder, T>::value, int> = 0>
  operator T() const;
  template <class... A> Placeholder operator()(A &&...) const;
  template <class A> Placeholder operator[](A &&) const;
  const Placeholder *operator->() const;
  Placeholder &operator*() const;
  Placeholder operator-() const;
  Placeholder operator+() const;
  Placeholder operator~() const;
  bool operator!() const;
  Placeholder &operator++();
  Placeholder operator++(int);
  Placeholder &operator--();
  Placeholder operator--(int);
  template <class A> Placeholder &operator+=(A &&);
  template <class A> Placeholder &operator-=(A &&);
  template <class A> Placeholder &operator*=(A &&);
  template <class A> Placeholder &operator/=(A &&);
  template <class A> Placeholder &operator<<=(A &&);
  template <class A> Placeholder &operator>>=(A &&);
  Placeholder *begin() const;
  Placeholder *end() const;
)";

constexpr const char *PlaceholderEpilogue = R"(};
template <class T>
using IsPlaceholder = std::is_base_of<Placeholder, std::decay_t<T>>;
template <class S>
using IsOutputStream = std::is_base_of<std::ostream, std::decay_t<S>>;
template <class S>
using IsInputStream = std::is_base_of<std::istream, std::decay_t<S>>;
template <class> using NoStream = std::false_type;
// Streaming a placeholder in or out gives the stream back, so that a chain
// goes on to what needs a real stream (`<< std::endl`, an overload set).
#define MODELCOMPAT_RECOVERED_STREAM(op, IsStream)                             \
  template <class S, class P,                                                  \
            std::enable_if_t<IsStream<S>::value && IsPlaceholder<P>::value, int> = 0> \
  S &operator op(S &&Stream, P &&);
MODELCOMPAT_RECOVERED_STREAM(<<, IsOutputStream)
MODELCOMPAT_RECOVERED_STREAM(>>, IsInputStream)
#undef MODELCOMPAT_RECOVERED_STREAM
#define MODELCOMPAT_RECOVERED_OPERATOR(op, IsStream)                           \
  template <class L, class R,                                                  \
            std::enable_if_t<(IsPlaceholder<L>::value || IsPlaceholder<R>::value) && \
                                 !IsStream<L>::value,                          \
                             int> = 0>                                         \
  Placeholder operator op(L &&, R &&);
MODELCOMPAT_RECOVERED_OPERATOR(+, NoStream) MODELCOMPAT_RECOVERED_OPERATOR(-, NoStream)
MODELCOMPAT_RECOVERED_OPERATOR(*, NoStream) MODELCOMPAT_RECOVERED_OPERATOR(/, NoStream)
MODELCOMPAT_RECOVERED_OPERATOR(%, NoStream) MODELCOMPAT_RECOVERED_OPERATOR(&, NoStream)
MODELCOMPAT_RECOVERED_OPERATOR(|, NoStream) MODELCOMPAT_RECOVERED_OPERATOR(^, NoStream)
MODELCOMPAT_RECOVERED_OPERATOR(<<, IsOutputStream)
MODELCOMPAT_RECOVERED_OPERATOR(>>, IsInputStream)
MODELCOMPAT_RECOVERED_OPERATOR(==, NoStream) MODELCOMPAT_RECOVERED_OPERATOR(!=, NoStream)
MODELCOMPAT_RECOVERED_OPERATOR(<, NoStream) MODELCOMPAT_RECOVERED_OPERATOR(>, NoStream)
MODELCOMPAT_RECOVERED_OPERATOR(<=, NoStream) MODELCOMPAT_RECOVERED_OPERATOR(>=, NoStream)
MODELCOMPAT_RECOVERED_OPERATOR(&&, NoStream) MODELCOMPAT_RECOVERED_OPERATOR(||, NoStream)
#undef MODELCOMPAT_RECOVERED_OPERATOR
} // namespace modelcompat_recovered
)";

constexpr const char *Base = "::modelcompat_recovered::Placeholder";

/// A recovered class's own constructor from anything: an inherited one
/// would not convert a Placeholder (C++17 [over.match.funcs]p8 excludes it).
std::string convertingConstructor(const std::string &Class) {
  return "template <class... A> " + Class + "(A &&...) {}";
}

bool isMember(NameRole Role) {
  return Role == NameRole::MemberFunction || Role == NameRole::MemberValue ||
         Role == NameRole::MemberType;
}

/// When one name is used in two ways, the declaration that serves more
/// uses wins: a namespace can only be a namespace, a macro shadows any
/// declaration, a class also serves calls.
int priority(NameRole Role) {
  switch (Role) {
  case NameRole::Namespace:
    return 6;
  case NameRole::Macro:
    return 5;
  case NameRole::Template:
    return 4;
  case NameRole::Type:
  case NameRole::MemberType:
    return 3;
  case NameRole::Function:
  case NameRole::MemberFunction:
    return 2;
  case NameRole::Value:
  case NameRole::MemberValue:
    return 1;
  }
  return 0;
}

std::string joinScope(const std::vector<std::string> &Scope) {
  std::string Out;
  for (const std::string &Part : Scope)
    Out += Part + "::";
  return Out;
}

/// Whether a real declaration serves Name (a namespace's, through a
/// using-declaration, or a tree header's), rather than a synthesized one.
bool isReal(const MissingName &Name) { return !Name.Provider.empty() || !Name.ClassHeader.empty(); }

std::string keyOf(const MissingName &Name) {
  return (isMember(Name.Role) ? "member:" : "") + joinScope(Name.Scope) + Name.Name;
}

/// A cursor over source text that skips blanks and comments.
class SourceCursor {
public:
  SourceCursor(const char *At, const char *End) : At(At), End(End) {}

  void skipBlanks() {
    while (At < End) {
      if (std::isspace(static_cast<unsigned char>(*At))) {
        ++At;
      } else if (At + 1 < End && At[0] == '/' && At[1] == '/') {
        while (At < End && *At != '\n')
          ++At;
      } else if (At + 1 < End && At[0] == '/' && At[1] == '*') {
        At += 2;
        while (At + 1 < End && !(At[0] == '*' && At[1] == '/'))
          ++At;
        At = std::min(End, At + 2);
      } else {
        return;
      }
    }
  }

  std::string identifier() {
    skipBlanks();
    const char *Start = At;
    if (At < End && isIdentifierStart(*At))
      while (At < End && isIdentifierChar(*At))
        ++At;
    return std::string(Start, At);
  }

  bool consume(llvm::StringRef Token) {
    skipBlanks();
    if (compat::startsWith(llvm::StringRef(At, End - At), Token)) {
      At += Token.size();
      return true;
    }
    return false;
  }

  /// The next token's first characters (two, for `::` and `->`).
  llvm::StringRef peek() {
    skipBlanks();
    return llvm::StringRef(At, std::min<std::ptrdiff_t>(2, End - At));
  }

private:
  const char *At;
  const char *End;
};

/// The identifiers of `a::b::c` starting at the cursor, and what follows.
struct QualifiedUse {
  std::vector<std::string> Parts;
  llvm::StringRef Next;
};

QualifiedUse readQualifiedUse(SourceCursor Cursor) {
  QualifiedUse Use;
  std::string Part = Cursor.identifier();
  while (!Part.empty()) {
    Use.Parts.push_back(Part);
    SourceCursor Before = Cursor;
    if (!Cursor.consume("::")) {
      Cursor = Before;
      break;
    }
    Part = Cursor.identifier();
  }
  Use.Next = Cursor.peek();
  return Use;
}

/// The qualifiers written before a name (`boost::` in `boost::program_options`
/// when Clang points at `program_options`), outermost first.
std::vector<std::string> readQualifiersBefore(const char *At, const char *Begin) {
  std::vector<std::string> Parts;
  while (true) {
    const char *P = At;
    while (P > Begin && std::isspace(static_cast<unsigned char>(P[-1])))
      --P;
    if (P - Begin < 2 || P[-1] != ':' || P[-2] != ':')
      break;
    P -= 2;
    while (P > Begin && std::isspace(static_cast<unsigned char>(P[-1])))
      --P;
    const char *End = P;
    while (P > Begin && isIdentifierChar(P[-1]))
      --P;
    if (P == End || !isIdentifierStart(*P))
      break;
    Parts.insert(Parts.begin(), std::string(P, End));
    At = P;
  }
  return Parts;
}

/// Whether the text before a qualified name makes it a namespace:
/// `using namespace a::b` or `namespace x = a::b`.
bool followsNamespaceKeyword(const char *At, const char *Begin) {
  llvm::StringRef Before(Begin, At - Begin);
  Before = Before.rtrim();
  if (Before.consume_back("=")) {
    Before = Before.rtrim();
    while (!Before.empty() && isIdentifierChar(Before.back()))
      Before = Before.drop_back();
    Before = Before.rtrim();
  }
  return compat::endsWith(Before, "namespace");
}

bool isMacroLike(const std::string &Name) {
  bool Letter = false;
  for (char C : Name) {
    if (std::islower(static_cast<unsigned char>(C)))
      return false;
    Letter |= std::isalpha(static_cast<unsigned char>(C)) != 0;
  }
  return Letter && Name.size() >= 2;
}

/// What the last name of an unqualified or namespace-qualified use is,
/// judged by what follows it.
NameRole roleFromNext(llvm::StringRef Next, bool Unqualified, const std::string &Name) {
  if (compat::startsWith(Next, "<<"))
    return NameRole::Value;
  if (compat::startsWith(Next, "<"))
    return NameRole::Template;
  if (compat::startsWith(Next, "("))
    return !Unqualified ? NameRole::Type
                        : (isMacroLike(Name) ? NameRole::Macro : NameRole::Function);
  if (Next.empty())
    return NameRole::Value;
  char C = Next[0];
  if (isIdentifierStart(C) || C == '&' || C == '*' || C == '>' || C == '{' ||
      compat::startsWith(Next, "..."))
    return NameRole::Type;
  return NameRole::Value;
}

NameRole memberRole(llvm::StringRef Next) {
  if (compat::startsWith(Next, "(") ||
      (compat::startsWith(Next, "<") && !compat::startsWith(Next, "<<")))
    return NameRole::MemberFunction;
  return NameRole::MemberValue;
}

/// The namespaces of a declaration context, outermost first; nullopt when
/// it is not a chain of named namespaces.
std::optional<std::vector<std::string>> namespaceChain(const DeclContext *Context) {
  std::vector<std::string> Chain;
  for (; Context && !Context->isTranslationUnit(); Context = Context->getParent()) {
    const auto *Namespace = dyn_cast<NamespaceDecl>(Context);
    if (!Namespace || Namespace->isAnonymousNamespace())
      return std::nullopt;
    if (Namespace->isInline())
      continue;
    Chain.insert(Chain.begin(), Namespace->getName().str());
  }
  return Chain;
}

const DeclContext *contextArgument(const clang::Diagnostic &Info, unsigned Index) {
  if (Info.getNumArgs() <= Index)
    return nullptr;
  if (Info.getArgKind(Index) == DiagnosticsEngine::ak_declcontext)
    return reinterpret_cast<const DeclContext *>(Info.getRawArg(Index));
  if (Info.getArgKind(Index) == DiagnosticsEngine::ak_qualtype) {
    QualType Type = QualType::getFromOpaquePtr(reinterpret_cast<void *>(Info.getRawArg(Index)));
    if (const auto *Record = Type->getAsCXXRecordDecl())
      return Record;
  }
  return nullptr;
}

/// Names a use `a::b::c` needs declared: the namespaces before the last
/// part are implied by the scope, so only the last part is a name.
std::vector<MissingName> namesOfUse(const QualifiedUse &Use, std::vector<std::string> Scope,
                                    std::optional<NameRole> Forced, const std::string &File,
                                    unsigned Line) {
  std::vector<MissingName> Out;
  if (Use.Parts.empty())
    return Out;
  for (std::size_t I = 0; I + 1 < Use.Parts.size(); ++I)
    Scope.push_back(Use.Parts[I]);
  MissingName Name;
  Name.Scope = Scope;
  Name.Name = Use.Parts.back();
  Name.Role =
      Forced ? *Forced : roleFromNext(Use.Next, Use.Parts.size() == 1 && Scope.empty(), Name.Name);
  Name.File = File;
  Name.Line = Line;
  Out.push_back(std::move(Name));
  return Out;
}

std::optional<NameRole> forcedRole(unsigned Id) {
  switch (Id) {
  case diag::err_unknown_typename:
  case diag::err_unknown_typename_suggest:
  case diag::err_typename_nested_not_found:
    return NameRole::Type;
  case diag::err_no_template:
  case diag::err_no_member_template:
    return NameRole::Template;
  case diag::err_expected_namespace_name:
    return NameRole::Namespace;
  default:
    return std::nullopt;
  }
}

} // namespace

std::string MissingName::display() const {
  if (!Provider.empty())
    return "using " + Provider + "::" + Name;
  if (!ClassHeader.empty())
    return Name + " (from " + ClassHeader + ")";
  std::string Qualified = joinScope(Scope) + Name;
  switch (Role) {
  case NameRole::Namespace:
    return "namespace " + Qualified;
  case NameRole::Type:
    return Qualified;
  case NameRole::Value:
    return Qualified + " (value)";
  case NameRole::Template:
    return Qualified + "<>";
  case NameRole::Function:
    return Qualified + "()";
  case NameRole::Macro:
    return Qualified + "(...)";
  case NameRole::MemberFunction:
    return "." + Name + "()";
  case NameRole::MemberValue:
  case NameRole::MemberType:
    return "." + Name;
  }
  return Qualified;
}

std::optional<MissingName> MissingName::fromDisplay(const std::string &Text) {
  llvm::StringRef Rest(Text);
  MissingName Out;
  if (compat::startsWith(Rest, "using ") || Rest.contains(" (from "))
    return std::nullopt;
  if (Rest.consume_front("namespace "))
    Out.Role = NameRole::Namespace;
  else if (Rest.consume_front("."))
    Out.Role = Rest.consume_back("()") ? NameRole::MemberFunction : NameRole::MemberValue;
  else if (Rest.consume_back("(...)"))
    Out.Role = NameRole::Macro;
  else if (Rest.consume_back("()"))
    Out.Role = NameRole::Function;
  else if (Rest.consume_back("<>"))
    Out.Role = NameRole::Template;
  else if (Rest.consume_back(" (value)"))
    Out.Role = NameRole::Value;
  else
    Out.Role = NameRole::Type;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Rest.split(Parts, "::");
  for (llvm::StringRef Part : Parts)
    if (Part.empty() || !isIdentifierStart(Part[0]) ||
        !std::all_of(Part.begin(), Part.end(), isIdentifierChar))
      return std::nullopt;
  for (std::size_t I = 0; I + 1 < Parts.size(); ++I)
    Out.Scope.push_back(Parts[I].str());
  Out.Name = Parts.back().str();
  if (isMember(Out.Role) && !Out.Scope.empty())
    return std::nullopt;
  return Out;
}

std::vector<MissingName> missingNamesOf(const clang::Diagnostic &Info) {
  unsigned Id = Info.getID();
  bool Unqualified = Id == diag::err_undeclared_var_use ||
                     Id == diag::err_undeclared_var_use_suggest ||
                     Id == diag::err_unknown_typename || Id == diag::err_unknown_typename_suggest ||
                     Id == diag::err_no_template || Id == diag::err_expected_namespace_name;
  bool InContext = Id == diag::err_no_member || Id == diag::err_no_member_template ||
                   Id == diag::err_typename_nested_not_found;
  if ((!Unqualified && !InContext) || !Info.hasSourceManager() || Info.getLocation().isInvalid())
    return {};
  const SourceManager &SM = Info.getSourceManager();
  SourceLocation Spelling = SM.getSpellingLoc(Info.getLocation());
  PresumedLoc Presumed = SM.getPresumedLoc(Spelling, false);
  if (Presumed.isInvalid())
    return {};
  std::string File = relativeToRoot(Presumed.getFilename());
  if (File.empty())
    return {};
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(SM.getFileID(Spelling), &Invalid);
  if (Invalid)
    return {};
  const char *At = SM.getCharacterData(Spelling);
  QualifiedUse Use = readQualifiedUse(SourceCursor(At, Buffer.end()));
  if (Unqualified) {
    std::vector<std::string> Qualifiers = readQualifiersBefore(At, Buffer.begin());
    std::optional<NameRole> Role = forcedRole(Id);
    if (Qualifiers.empty() && followsNamespaceKeyword(At, Buffer.begin()))
      Role = NameRole::Namespace;
    return namesOfUse(Use, Qualifiers, Role, File, Presumed.getLine());
  }

  const DeclContext *Context = contextArgument(Info, 1);
  if (!Context || Use.Parts.empty())
    return {};
  if (const auto *Record = dyn_cast<CXXRecordDecl>(Context)) {
    // Members are only added to placeholders, never to real classes.
    if (!isSynthesized(Record) && !isSynthesizedType(QualType(Record->getTypeForDecl(), 0)))
      return {};
    MissingName Member;
    Member.Name = Use.Parts.front();
    Member.Role = Id == diag::err_typename_nested_not_found
                      ? NameRole::MemberType
                      : memberRole(Use.Parts.size() == 1 ? Use.Next : "::");
    Member.File = File;
    Member.Line = Presumed.getLine();
    return {Member};
  }
  std::optional<std::vector<std::string>> Scope = namespaceChain(Context);
  if (!Scope)
    return {};
  return namesOfUse(Use, *Scope, forcedRole(Id), File, Presumed.getLine());
}

bool isDeclaredIn(ASTContext &Context, const MissingName &Name) {
  if (isMember(Name.Role))
    return false;
  const DeclContext *Scope = Context.getTranslationUnitDecl();
  for (const std::string &Part : Name.Scope) {
    const DeclContext *Inner = nullptr;
    for (const NamedDecl *Found : Scope->lookup(&Context.Idents.get(Part))) {
      if (const auto *Namespace = dyn_cast<NamespaceDecl>(Found))
        Inner = Namespace;
      else if (const auto *Alias = dyn_cast<NamespaceAliasDecl>(Found))
        Inner = Alias->getNamespace();
      else
        return true; // A class or value of that name: nothing to add inside it.
    }
    if (!Inner)
      return false;
    Scope = Inner;
  }
  for (const NamedDecl *Found : Scope->lookup(&Context.Idents.get(Name.Name)))
    if (!isSynthesized(Found))
      return true;
  return false;
}

bool isSynthesized(const Decl *D) {
  if (!D)
    return false;
  const SourceManager &SM = D->getASTContext().getSourceManager();
  SourceLocation Loc = SM.getFileLoc(D->getLocation());
  return Loc.isValid() && SM.getFilename(Loc) == RecoveryHeaderPath;
}

bool isSynthesizedType(QualType T) {
  for (unsigned Depth = 0; Depth < 8 && !T.isNull(); ++Depth) {
    T = T.getNonReferenceType();
    if (T->isPointerType()) {
      T = T->getPointeeType();
      continue;
    }
    const CXXRecordDecl *Record = T->getAsCXXRecordDecl();
    if (!Record)
      return false;
    if (isSynthesized(Record))
      return true;
    if (Record->hasDefinition())
      for (const CXXBaseSpecifier &Base : Record->getDefinition()->bases())
        if (const CXXRecordDecl *BaseRecord = Base.getType()->getAsCXXRecordDecl())
          if (isSynthesized(BaseRecord))
            return true;
    // shared_ptr<T>, ModuleHolder<T>: look at the first type argument.
    const auto *Specialization = dyn_cast<ClassTemplateSpecializationDecl>(Record);
    if (!Specialization || Specialization->getTemplateArgs().size() == 0 ||
        Specialization->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
      return false;
    T = Specialization->getTemplateArgs()[0].getAsType();
  }
  return false;
}

std::set<std::string> declaredAliases(const SourceTree &Tree) {
  std::set<std::string> Names;
  for (const SourceFile &File : Tree.Files) {
    llvm::StringRef Text(File.Content);
    for (llvm::StringRef Keyword : {"namespace", "using"}) {
      for (std::size_t At = Text.find(Keyword); At != llvm::StringRef::npos;
           At = Text.find(Keyword, At + Keyword.size())) {
        if (At > 0 && isIdentifierChar(Text[At - 1]))
          continue;
        SourceCursor Cursor(Text.data() + At + Keyword.size(), Text.end());
        std::string Name = Cursor.identifier();
        if (!Name.empty() && compat::startsWith(Cursor.peek(), "=") &&
            !compat::startsWith(Cursor.peek(), "=="))
          Names.insert(Name);
      }
    }
    // typedef ... Name;
    for (std::size_t At = Text.find("typedef"); At != llvm::StringRef::npos;
         At = Text.find("typedef", At + 7)) {
      std::size_t End = Text.find(';', At);
      if (End == llvm::StringRef::npos)
        break;
      llvm::StringRef Declaration = Text.slice(At, End).rtrim();
      std::size_t Start = Declaration.size();
      while (Start > 0 && isIdentifierChar(Declaration[Start - 1]))
        --Start;
      if (Start < Declaration.size())
        Names.insert(Declaration.substr(Start).str());
    }
  }
  return Names;
}

bool RecoveredDeclarations::add(const MissingName &Name) {
  // An alias the tree declares is missing only until what it names exists;
  // declaring it would clash with the alias.
  if ((Name.Scope.empty() && Aliases.count(Name.Name)) ||
      (!Name.Scope.empty() && Aliases.count(Name.Scope.front())))
    return false;
  std::string Key = keyOf(Name);
  if (Forbidden.count(Key))
    return false;
  auto It = Names.find(Key);
  bool Changed = false;
  if (It == Names.end()) {
    Names.emplace(Key, Name);
    Changed = true;
  } else if (isReal(Name) && !isReal(It->second)) {
    It->second = Name; // The real declaration serves every use.
    Changed = true;
  } else if (!isReal(It->second) && priority(Name.Role) > priority(It->second.Role)) {
    It->second.Role = Name.Role;
    Changed = true;
  }
  return Changed;
}

bool RecoveredDeclarations::respell(const Respelling &Change) {
  return Respellings[Change.File].emplace(Change.Offset, Change).second;
}

void RecoveredDeclarations::merge(const RecoveredDeclarations &Other) {
  for (const auto &[File, Changes] : Other.Respellings)
    Respellings[File].insert(Changes.begin(), Changes.end());
  Forbidden.insert(Other.Forbidden.begin(), Other.Forbidden.end());
  for (const std::string &Key : Other.Forbidden)
    Names.erase(Key);
  for (const auto &[Key, Name] : Other.Names) {
    if (Forbidden.count(Key))
      continue;
    auto It = Names.find(Key);
    if (It == Names.end())
      Names.emplace(Key, Name);
    else if (isReal(Name) && !isReal(It->second))
      It->second = Name;
    else if (!isReal(It->second) && priority(Name.Role) > priority(It->second.Role))
      It->second.Role = Name.Role;
  }
}

bool RecoveredDeclarations::forbid(const MissingName &Name) {
  Forbidden.insert(keyOf(Name));
  return Names.erase(keyOf(Name)) != 0;
}

std::vector<MissingName> RecoveredDeclarations::names() const {
  std::vector<MissingName> Out;
  for (const auto &[Key, Name] : Names)
    Out.push_back(Name);
  return Out;
}

namespace {

bool containsWord(llvm::StringRef Text, llvm::StringRef Word) {
  for (std::size_t At = Text.find(Word); At != llvm::StringRef::npos;
       At = Text.find(Word, At + 1)) {
    bool Before = At > 0 && isIdentifierChar(Text[At - 1]);
    std::size_t End = At + Word.size();
    bool After = End < Text.size() && isIdentifierChar(Text[End]);
    if (!Before && !After)
      return true;
  }
  return false;
}

} // namespace

std::map<std::string, std::set<std::string>>
RecoveredDeclarations::namesByFile(const SourceTree &Tree) const {
  // By the text, not by which diagnostic named them first: the same files
  // get the same names however many rounds (or earlier scans) found them.
  // A recovered member is only reached through a recovered type, so a file
  // that uses none lists none (`.width` of a class it declares itself).
  std::map<std::string, std::set<std::string>> Out;
  for (const SourceFile &File : Tree.Files) {
    std::set<std::string> Used, Members;
    for (const auto &[Key, Name] : Names)
      if (containsWord(File.Content, Name.Name))
        (isMember(Name.Role) ? Members : Used).insert(Name.display());
    if (Used.empty())
      continue;
    Used.insert(Members.begin(), Members.end());
    Out[File.Path] = std::move(Used);
  }
  return Out;
}

/// Whether Name's scope is a recovered class rather than a namespace
/// (`cv::Mat::zeros(...)` once `cv::Mat` is a type): then Name is a static
/// member, and every recovered class has it.
bool RecoveredDeclarations::isInRecoveredClass(const MissingName &Name) const {
  if (Name.Scope.empty())
    return false;
  std::vector<std::string> Outer(Name.Scope.begin(), Name.Scope.end() - 1);
  auto It = Names.find(joinScope(Outer) + Name.Scope.back());
  return It != Names.end() && !isReal(It->second) &&
         (It->second.Role == NameRole::Type || It->second.Role == NameRole::Template);
}

std::string RecoveredDeclarations::header() const {
  std::string Text = PlaceholderPrologue;
  for (const auto &[Key, Entry] : Names) {
    MissingName Name = Entry;
    if (isInRecoveredClass(Name) && Name.Role != NameRole::Namespace)
      Name.Role = Name.Role == NameRole::Value ? NameRole::MemberValue : NameRole::MemberFunction;
    if (Name.Role == NameRole::MemberFunction)
      Text +=
          "  template <class T = Placeholder, class... A> static T " + Name.Name + "(A &&...);\n";
    else if (Name.Role == NameRole::MemberValue)
      Text += "  static Placeholder " + Name.Name + ";\n";
    else if (Name.Role == NameRole::MemberType)
      Text += "  using " + Name.Name + " = Placeholder;\n";
  }
  Text += PlaceholderEpilogue;
  // Names a namespace declares: the real ones, where the placeholders
  // would be. A using-declaration names the same entity as a later
  // `using namespace`, so the two are not ambiguous.
  // Classes of tree headers that a file's broken include should have
  // brought: the header itself (guarded, so its own inclusion later reads
  // nothing twice).
  std::set<std::string> FromHeaders;
  for (const auto &[Key, Name] : Names)
    if (!Name.ClassHeader.empty()) {
      Text += "#include \"" + virtualPath(Name.ClassHeader) + "\"\n";
      FromHeaders.insert(Name.Name);
    }
  for (const auto &[Key, Name] : Names) {
    if (Name.Provider.empty())
      continue;
    if (!Name.ProviderHeader.empty())
      Text += "#include \"" + Name.ProviderHeader + "\"\n";
    Text += "using " + Name.Provider + "::" + Name.Name + ";\n";
  }
  // Names grouped by scope: one namespace block per scope, in key order.
  // Nothing inside a class a header brings (`LeNet5Impl::LeNet5Impl`).
  std::map<std::vector<std::string>, std::vector<const MissingName *>> ByScope;
  for (const auto &[Key, Name] : Names)
    if (!isReal(Name) && !isMember(Name.Role) && Name.Role != NameRole::Macro &&
        !isInRecoveredClass(Name) &&
        !(!Name.Scope.empty() && FromHeaders.count(Name.Scope.front())))
      ByScope[Name.Scope].push_back(&Name);
  for (const auto &[Scope, Members] : ByScope) {
    for (const std::string &Part : Scope)
      Text += "namespace " + Part + " {\n";
    for (const MissingName *Name : Members) {
      const std::string &Id = Name->Name;
      switch (Name->Role) {
      case NameRole::Namespace:
        Text += "namespace " + Id + " {}\n";
        break;
      case NameRole::Type:
        Text += "struct " + Id + " : " + Base + " { " + convertingConstructor(Id) + " };\n";
        break;
      case NameRole::Template:
        Text += "template <class...> struct " + Id + " : " + Base + " { " +
                convertingConstructor(Id) + " };\n";
        break;
      case NameRole::Function:
        Text += "template <class... A> " + std::string(Base) + " " + Id + "(A &&...);\n";
        break;
      case NameRole::Value:
        Text += "extern " + std::string(Base) + " " + Id + ";\n";
        break;
      default:
        break;
      }
    }
    for (std::size_t I = 0; I < Scope.size(); ++I)
      Text += "}\n";
  }
  for (const auto &[Key, Name] : Names)
    if (Name.Role == NameRole::Macro)
      Text += "#define " + Name.Name + "(...) (" + Base + "())\n";
  return Text;
}

} // namespace modelcompat::extract
