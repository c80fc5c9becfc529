//===- ProvidedNames.cpp - Missing names a namespace declares -------------===//
#include "ProvidedNames.h"
#include "ClangCompat.h"
#include "DeclarationRecovery.h"
#include "ExtractInternal.h"
#include "SourceTextHints.h"
#include "modelcompat/extract/Scanner.h"
#include "modelcompat/source/CppFiles.h"
#include "modelcompat/support/IdentifierChars.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"

#include <algorithm>
#include <cctype>
#include <set>

using namespace clang;

namespace modelcompat::extract {

namespace {

/// The namespaces libtorch code writes unqualified names from.
constexpr const char *LibtorchNamespaces[] = {"std", "torch", "at", "c10"};

/// `a::b` of `a::b;` at the start of Text (blanks allowed around `::`),
/// or "" (prose in a comment: `using namespace` then text).
std::string directedNamespaceAt(llvm::StringRef Text) {
  std::string Name;
  for (;;) {
    Text = Text.ltrim();
    std::size_t Length = 0;
    while (Length < Text.size() && isIdentifierChar(Text[Length]))
      ++Length;
    if (Length == 0)
      return "";
    Name += Text.take_front(Length).str();
    Text = Text.drop_front(Length).ltrim();
    if (compat::startsWith(Text, ";"))
      return Name;
    if (!Text.consume_front("::"))
      return "";
    Name += "::";
  }
}

/// The namespace Qualified (`torch::nn`) names in Context, or null.
const DeclContext *namespaceNamed(ASTContext &Context, llvm::StringRef Qualified) {
  const DeclContext *Scope = Context.getTranslationUnitDecl();
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Qualified.split(Parts, "::");
  for (llvm::StringRef Part : Parts) {
    const DeclContext *Inner = nullptr;
    for (const NamedDecl *Found : Scope->lookup(&Context.Idents.get(Part))) {
      if (const auto *Namespace = dyn_cast<NamespaceDecl>(Found))
        Inner = Namespace;
      else if (const auto *Alias = dyn_cast<NamespaceAliasDecl>(Found))
        Inner = Alias->getNamespace();
    }
    if (!Inner)
      return nullptr;
    Scope = Inner;
  }
  return Scope;
}

bool isTypeTemplate(const NamedDecl *D) {
  return isa<ClassTemplateDecl>(D) || isa<TypeAliasTemplateDecl>(D);
}

/// Whether D can stand where Role needs it (a type template serves a
/// type's use too: class template argument deduction).
bool servesRole(const NamedDecl *D, NameRole Role) {
  if (Role == NameRole::Template)
    return isTypeTemplate(D);
  return Role == NameRole::Type && (isa<TypeDecl>(D) || isTypeTemplate(D));
}

/// Whether A and B are one entity (a typedef and the class it names are).
bool isSameEntity(ASTContext &Context, const NamedDecl *A, const NamedDecl *B) {
  const auto *TypeA = dyn_cast<TypeDecl>(A);
  const auto *TypeB = dyn_cast<TypeDecl>(B);
  if (TypeA && TypeB)
    return Context.hasSameType(Context.getTypeDeclType(TypeA), Context.getTypeDeclType(TypeB));
  return A->getCanonicalDecl() == B->getCanonicalDecl();
}

/// The header to include before naming D (the recovered header is read
/// before the translation unit): none when D comes from the precompiled
/// libtorch, read before it; else the outermost header outside the tree on
/// the way to D's file, the one the project included.
std::string headerDeclaring(const SourceManager &SM, const NamedDecl *D) {
  SourceLocation Loc = SM.getFileLoc(D->getLocation());
  if (Loc.isInvalid() || SM.isLoadedSourceLocation(Loc))
    return "";
  std::string Outermost;
  for (FileID File : includeChain(SM, SM.getFileID(Loc))) {
    std::string Name = compat::fileName(SM, File).str();
    if (File == SM.getMainFileID() || Name.empty() || !relativeToRoot(Name).empty() ||
        Name == RecoveryHeaderPath)
      break;
    Outermost = Name;
  }
  return Outermost;
}

} // namespace

std::vector<std::string> providingNamespaces(const SourceTree &Tree) {
  std::vector<std::string> Out(std::begin(LibtorchNamespaces), std::end(LibtorchNamespaces));
  std::set<std::string> Directed;
  for (const SourceFile &File : Tree.Files) {
    llvm::StringRef Text(File.Content);
    for (std::size_t At = Text.find("using"); At != llvm::StringRef::npos;
         At = Text.find("using", At + 5)) {
      if (At > 0 && isIdentifierChar(Text[At - 1]))
        continue;
      llvm::StringRef Rest = Text.drop_front(At + 5);
      if (Rest.empty() || isIdentifierChar(Rest.front()))
        continue;
      Rest = Rest.ltrim();
      if (!Rest.consume_front("namespace") || Rest.empty() || isIdentifierChar(Rest.front()))
        continue;
      Rest = Rest.ltrim();
      Rest.consume_front("::");
      std::string Name = directedNamespaceAt(Rest);
      if (!Name.empty())
        Directed.insert(Name);
    }
  }
  for (const std::string &Name : Directed)
    if (std::find(Out.begin(), Out.end(), Name) == Out.end())
      Out.push_back(Name);
  return Out;
}

bool findProvider(ASTContext &Context, const std::vector<std::string> &Namespaces,
                  MissingName &Name) {
  if (!Name.Scope.empty() || (Name.Role != NameRole::Type && Name.Role != NameRole::Template))
    return false;
  const NamedDecl *Provided = nullptr;
  std::string Provider;
  for (const std::string &Namespace : Namespaces) {
    const DeclContext *Scope = namespaceNamed(Context, Namespace);
    if (!Scope)
      continue;
    for (const NamedDecl *Found : Scope->lookup(&Context.Idents.get(Name.Name))) {
      const NamedDecl *Entity = Found->getUnderlyingDecl();
      if (isSynthesized(Found) || isSynthesized(Entity) || !servesRole(Entity, Name.Role))
        continue;
      if (!Provided) {
        Provided = Entity;
        Provider = Namespace;
      } else if (!isSameEntity(Context, Provided, Entity)) {
        return false; // Which one the project means is a guess.
      }
    }
  }
  if (!Provided)
    return false;
  Name.Provider = Provider;
  Name.ProviderHeader = headerDeclaring(Context.getSourceManager(), Provided);
  return true;
}

std::map<std::string, std::vector<std::string>> classHeaders(const SourceTree &Tree) {
  std::map<std::string, std::vector<std::string>> Out;
  for (const SourceFile &File : Tree.Files)
    if (hasExtension(File.Path, cppHeaderExtensions()))
      for (const std::string &Name : definedClassNames(File.Content))
        Out[Name].push_back(File.Path);
  return Out;
}

bool findClassHeader(const std::map<std::string, std::vector<std::string>> &Headers,
                     MissingName &Name) {
  // A header's unqualified use of a class declared later is the includer's
  // business (the project includes them in an order that works); a source
  // file's qualified use is a definition or call the class's header serves.
  bool Qualified = !Name.Scope.empty() && Name.Role != NameRole::Macro &&
                   Name.Role != NameRole::MemberFunction && Name.Role != NameRole::MemberValue &&
                   Name.Role != NameRole::MemberType;
  if (!Qualified || !hasExtension(Name.File, cppSourceExtensions()))
    return false;
  // `LeNet5Impl::LeNet5Impl(...)` needs its outermost part: the class.
  const std::string Outermost = Name.Scope.front();
  auto It = Headers.find(Outermost);
  if (It == Headers.end() || It->second.size() != 1)
    return false;
  Name.Name = Outermost;
  Name.Scope.clear();
  Name.Role = NameRole::Type;
  Name.ClassHeader = It->second.front();
  return true;
}

bool isDeclaredOnlyAsProvided(ASTContext &Context, const MissingName &Name) {
  if (Name.Provider.empty() || !Name.Scope.empty())
    return false;
  const DeclContext *Scope = namespaceNamed(Context, Name.Provider);
  if (!Scope)
    return false;
  const NamedDecl *Provided = nullptr;
  for (const NamedDecl *Found : Scope->lookup(&Context.Idents.get(Name.Name)))
    if (!isSynthesized(Found) && servesRole(Found->getUnderlyingDecl(), Name.Role))
      Provided = Found->getUnderlyingDecl();
  if (!Provided)
    return false;
  for (const NamedDecl *Found :
       Context.getTranslationUnitDecl()->lookup(&Context.Idents.get(Name.Name))) {
    if (isSynthesized(Found) || isa<UsingDecl>(Found)) // Its shadows are found too.
      continue;
    const auto *Shadow = dyn_cast<UsingShadowDecl>(Found);
    if (!Shadow || !isSameEntity(Context, Shadow->getTargetDecl(), Provided))
      return false;
  }
  return true;
}

} // namespace modelcompat::extract
