//===- ModuleFinder.cpp - Find module classes in an AST -------------------===//
//
// One matcher finds the classes that matter (module classes and TORCH_MODULE
// holders defined in project files); the callback records them; entries come
// from walkRegistrations, with those of user base classes first, as their
// constructors run first.
//
//===----------------------------------------------------------------------===//
#include "ModuleFinder.h"
#include "ClangCompat.h"
#include "DeclaredDefaults.h"
#include "DeclaredSignatures.h"
#include "ExpressionEval.h"
#include "ExtractInternal.h"
#include "RegistrationWalk.h"
#include "RegistrationWalker.h"
#include "TorchTypes.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Lexer.h"

#include <algorithm>
#include <map>
#include <set>

using namespace clang;
using namespace clang::ast_matchers;

namespace modelcompat::extract {

namespace {

/// A class of libtorch's own namespaces (torch::nn::LinearImpl, ...).
AST_MATCHER(CXXRecordDecl, isLibtorchClass) { return isInTorchNamespace(&Node); }

/// A module class or a TORCH_MODULE holder.
AST_MATCHER(CXXRecordDecl, isModuleOrHolder) {
  return isTorchModuleClass(&Node) || holderImpl(&Node) != nullptr;
}

/// Module classes of the candidates (the project's files, some of which
/// the parse may read as system headers: one reached through the include
/// that recovery forwards to the tree's only file of that name), outside
/// libtorch's namespaces, not instantiations of templates (their pattern
/// is reported).
DeclarationMatcher projectModuleMatcher() {
  return cxxRecordDecl(isDefinition(), unless(isImplicit()), unless(isTemplateInstantiation()),
                       unless(isLibtorchClass()), isModuleOrHolder())
      .bind("class");
}

/// Records every class the matcher finds, in AST order.
class ClassCollector : public MatchFinder::MatchCallback {
public:
  void run(const MatchFinder::MatchResult &Result) override {
    if (const auto *Record = Result.Nodes.getNodeAs<CXXRecordDecl>("class"))
      Found.push_back(Record);
  }
  std::vector<const CXXRecordDecl *> Found;
};

/// Entries of classes, own and inherited, computed once each.
class EntryTable {
public:
  EntryTable(const ExpressionReader &Reader, std::vector<Diagnostic> &Diagnostics)
      : Reader(Reader), Diagnostics(Diagnostics) {}

  const std::vector<StateEntry> &entries(const CXXRecordDecl *Class) {
    Class = patternOf(Class);
    auto It = Memo.find(Class);
    if (It != Memo.end())
      return It->second;
    std::vector<StateEntry> &Entries = Memo[Class];
    for (const CXXRecordDecl *Base : userBases(Class))
      for (StateEntry Entry : entries(Base)) {
        if (Entry.InheritedFrom.empty())
          Entry.InheritedFrom = qualifiedName(Base);
        Entries.push_back(std::move(Entry));
      }
    std::vector<StateEntry> Own = walkRegistrations(Reader, Class, Diagnostics);
    Entries.insert(Entries.end(), Own.begin(), Own.end());
    return Entries;
  }

  static std::vector<const CXXRecordDecl *> userBases(const CXXRecordDecl *Class) {
    std::vector<const CXXRecordDecl *> Out;
    const CXXRecordDecl *Definition = Class->getDefinition();
    if (!Definition)
      return Out;
    for (const CXXBaseSpecifier &Base : Definition->bases()) {
      const CXXRecordDecl *Record = patternOf(recordOf(Base.getType()));
      if (Record && Record != Class && !isInTorchNamespace(Record) && isTorchModuleClass(Record))
        Out.push_back(Record);
    }
    return Out;
  }

private:
  const ExpressionReader &Reader;
  std::vector<Diagnostic> &Diagnostics;
  std::map<const CXXRecordDecl *, std::vector<StateEntry>> Memo;
};

bool isProjectLocation(SourceLocation Loc, const SourceManager &SM) {
  if (Loc.isInvalid())
    return false;
  llvm::StringRef File = SM.getFilename(SM.getFileLoc(Loc));
  return compat::startsWith(File, std::string(VirtualRoot) + "/");
}

/// The classes (and class templates' patterns) declared in project files,
/// nested ones included.
void collectProjectClasses(const DeclContext *Context, const SourceManager &SM,
                           std::vector<const CXXRecordDecl *> &Out) {
  for (const Decl *D : Context->decls()) {
    if (!isProjectLocation(D->getLocation(), SM))
      continue;
    if (const auto *Template = dyn_cast<ClassTemplateDecl>(D))
      D = Template->getTemplatedDecl();
    if (const auto *Record = dyn_cast<CXXRecordDecl>(D)) {
      if (!Record->isThisDeclarationADefinition())
        continue;
      Out.push_back(Record);
      collectProjectClasses(Record, SM, Out);
    } else if (isa<NamespaceDecl>(D) || isa<LinkageSpecDecl>(D) || isa<ExportDecl>(D)) {
      collectProjectClasses(cast<DeclContext>(D), SM, Out);
    }
  }
}

/// Without this, a header scanned without its .cpp would show "no state" as
/// if the class registered nothing.
Diagnostic unseenConstructorWarning(const std::string &ClassName, const SourcePlace &Place) {
  return {Place.File, Place.Line, Place.Column, "warning",
          "'" + ClassName +
              "' registers nothing in the scanned files, but a constructor or reset() "
              "of it is defined in none of them; scan the file that defines it too "
              "[constructor-not-found]"};
}

bool isWithin(const SourceManager &SM, SourceLocation Loc, SourceRange Range) {
  SourceLocation Begin = SM.getFileLoc(Range.getBegin());
  SourceLocation End = SM.getFileLoc(Range.getEnd());
  return Begin.isValid() && End.isValid() && SM.isPointWithin(Loc, Begin, End);
}

/// Whether a method's definition decides the class's registrations.
bool registers(const CXXMethodDecl *Method) {
  return isa<CXXConstructorDecl>(Method) ||
         (Method->getIdentifier() && Method->getName() == "reset");
}

/// Adds the member initialisers of Constructor that cannot change a key: a
/// field that holds no module state (Pooler's `map_levels_(LevelMapper(...))`,
/// a scalar) only gives values that shapes name.
void addInertInitializers(const FunctionDecl *Definition, std::vector<SourceRange> &Ranges) {
  const auto *Constructor = dyn_cast<CXXConstructorDecl>(Definition);
  if (!Constructor)
    return;
  for (const CXXCtorInitializer *Init : Constructor->inits())
    if (Init->isWritten() && Init->isMemberInitializer() &&
        !mayHoldModuleState(Init->getMember()->getType()))
      Ranges.push_back(Init->getSourceRange());
}

/// Whether Argument hands a function the module itself (`this`, `*this`),
/// or code that may use it (a lambda, which may capture `this`).
bool isThisObject(const Expr *Argument) {
  const Expr *Inner = Argument->IgnoreImplicit()->IgnoreParenImpCasts();
  if (isa<LambdaExpr>(Inner))
    return true;
  if (const auto *Deref = dyn_cast<UnaryOperator>(Inner); Deref && Deref->getOpcode() == UO_Deref)
    Inner = Deref->getSubExpr()->IgnoreParenImpCasts();
  return isa<CXXThisExpr>(Inner);
}

/// Whether a statement is a call of a free function that is not handed the
/// module (`logdat("fc1 ", fc1->weight.sizes());`), resolved or not: such a
/// call registers nothing on this module, whatever it does.
bool isFreeCallWithoutThis(const Stmt *S) {
  const auto *E = dyn_cast<Expr>(S);
  if (!E)
    return false;
  E = E->IgnoreImplicit();
  const Expr *Callee = nullptr;
  std::vector<const Expr *> Arguments;
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (isa<CXXMemberCallExpr>(Call) || isa<CXXOperatorCallExpr>(Call))
      return false;
    Callee = Call->getCallee();
    Arguments.assign(Call->arg_begin(), Call->arg_end());
  } else if (const auto *Recovery = dyn_cast<RecoveryExpr>(E)) {
    // A call Clang could not resolve keeps its callee and arguments.
    llvm::ArrayRef<const Expr *> Parts = Recovery->subExpressions();
    if (Parts.empty() || !Parts[0])
      return false;
    Callee = Parts[0];
    Arguments.assign(Parts.begin() + 1, Parts.end());
  } else {
    return false;
  }
  Callee = Callee->IgnoreParenImpCasts();
  const auto *Named = dyn_cast<DeclRefExpr>(Callee);
  bool Free = isa<UnresolvedLookupExpr>(Callee) || (Named && isa<FunctionDecl>(Named->getDecl()) &&
                                                    !isa<CXXMethodDecl>(Named->getDecl()));
  return Free && std::none_of(Arguments.begin(), Arguments.end(),
                              [](const Expr *A) { return A && isThisObject(A); });
}

/// Adds the statements of a constructor's or reset()'s body that call a free
/// function without handing it the module: an error in one (a logging
/// helper declared with C++20 `auto` parameters, which a C++17 parse
/// rejects) changes no key.
void addInertCalls(const FunctionDecl *Definition, std::vector<SourceRange> &Ranges) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Definition->getBody());
  if (!Body)
    return;
  for (const Stmt *S : Body->body())
    if (isFreeCallWithoutThis(S))
      Ranges.push_back(S->getSourceRange());
}

/// Adds the register_* calls on this under S: the walker keeps an entry for
/// each (unresolved where its value failed: `register_module("c1",
/// get_layer(arch, 0))` with get_layer declared only after the
/// constructor), so an error inside one hides no key.
void addRegistrationCalls(const Stmt *S, std::vector<SourceRange> &Ranges) {
  if (!S)
    return;
  const auto *Call = dyn_cast<CallExpr>(S);
  const auto *Recovery = dyn_cast<RecoveryExpr>(S);
  if ((Call && registration(Call)) || (Recovery && recoveredRegistration(Recovery))) {
    Ranges.push_back(S->getSourceRange());
    return;
  }
  for (const Stmt *Child : S->children())
    addRegistrationCalls(Child, Ranges);
}

/// Adds the identifiers that the code in Range spells (comments and string
/// literals aside). Read from the source text because Clang drops a
/// statement that names an invalid declaration from the AST; unreadable
/// text gives "" (which names every field).
void addSpelledIdentifiers(SourceRange Range, const ASTContext &Context,
                           std::set<std::string> &Out) {
  const SourceManager &SM = Context.getSourceManager();
  CharSourceRange Chars =
      Lexer::makeFileCharRange(CharSourceRange::getTokenRange(Range), SM, Context.getLangOpts());
  bool Invalid = Chars.isInvalid();
  // The lexer reads up to a NUL, so it gets a copy that ends with the range.
  std::string Text =
      Invalid ? "" : Lexer::getSourceText(Chars, SM, Context.getLangOpts(), &Invalid).str();
  if (Invalid) {
    Out.insert("");
    return;
  }
  Lexer Raw(Chars.getBegin(), Context.getLangOpts(), Text.data(), Text.data(),
            Text.data() + Text.size());
  for (Token T; !(Raw.LexFromRawLexer(T), T.is(tok::eof));)
    if (T.is(tok::raw_identifier))
      Out.insert(T.getRawIdentifier().str());
}

/// Adds the declarations of Record's data members that cannot change a key:
/// without an in-class initialiser and named by no method but forward(),
/// such a member is registered nowhere, so an error in it (`std::tuple
/// stages;`, a class template without its arguments) hides nothing.
void addUnusedFields(const CXXRecordDecl *Record, const ASTContext &Context,
                     std::vector<SourceRange> &Ranges) {
  std::set<std::string> Named;
  for (const CXXMethodDecl *Method : Record->methods()) {
    const FunctionDecl *Definition = Method->getDefinition();
    bool Forward = Method->getIdentifier() && Method->getName() == "forward";
    if (Definition && !Definition->isImplicit() && !Forward)
      addSpelledIdentifiers(Definition->getSourceRange(), Context, Named);
  }
  for (const FieldDecl *Field : Record->fields())
    if (!Field->hasInClassInitializer() && Field->getIdentifier() && !Named.count("") &&
        !Named.count(Field->getName().str()))
      Ranges.push_back(Field->getSourceRange());
}

/// The first error that makes Record's registrations unreadable: one in
/// its constructors or reset() (in-class or out of line) but for their
/// initialisers of fields that hold no module state and their calls of free
/// functions not handed the module, or in the class outside
/// its other methods' declarations and bodies (an error in forward(), in a
/// training helper or in a helper's declaration, such as
/// `torch::Tensor NetImpl::generate(...);` inside NetImpl, changes no key),
/// outside the declarations of data members no method registers, and
/// outside the register_* calls, whose entries the walker keeps.
std::optional<std::string> firstBlockingError(const CXXRecordDecl *Record,
                                              const std::vector<ErrorSite> &Errors,
                                              const ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  std::vector<SourceRange> Inside, Outside;
  addUnusedFields(Record, Context, Outside);
  Inside.push_back(Record->getSourceRange());
  for (const CXXMethodDecl *Method : Record->methods()) {
    if (!Method->isImplicit() && !registers(Method))
      Outside.push_back(Method->getSourceRange());
    const FunctionDecl *Definition = Method->getDefinition();
    if (!Definition)
      continue;
    if (registers(Method)) {
      Inside.push_back(Definition->getSourceRange());
      addInertInitializers(Definition, Outside);
      addInertCalls(Definition, Outside);
      addRegistrationCalls(Definition->getBody(), Outside);
    } else if (Definition->getBody())
      Outside.push_back(Definition->getBody()->getSourceRange());
  }
  for (const ErrorSite &Error : Errors) {
    bool In = std::any_of(Inside.begin(), Inside.end(),
                          [&](SourceRange R) { return isWithin(SM, Error.Loc, R); });
    bool Out = std::any_of(Outside.begin(), Outside.end(),
                           [&](SourceRange R) { return isWithin(SM, Error.Loc, R); });
    if (In && !Out)
      return Error.Text;
  }
  return std::nullopt;
}

} // namespace

FoundModules findModules(ASTContext &Context, const std::set<std::string> &Reported,
                         const std::vector<ErrorSite> &Errors,
                         std::vector<Diagnostic> &Diagnostics) {
  ClassCollector Collector;
  MatchFinder Finder;
  Finder.addMatcher(projectModuleMatcher(), &Collector);
  // Matching only the classes of project files skips libtorch's AST, which
  // is most of the translation unit.
  std::vector<const CXXRecordDecl *> Candidates;
  collectProjectClasses(Context.getTranslationUnitDecl(), Context.getSourceManager(), Candidates);
  for (const CXXRecordDecl *Candidate : Candidates)
    Finder.match(*Candidate, Context);

  // All the project's module classes, those of headers the parse found as
  // system headers (through a recovered include directory) too.
  std::vector<const CXXRecordDecl *> ProjectModules;
  for (const CXXRecordDecl *Candidate : Candidates)
    if (isTorchModuleClass(Candidate) || holderImpl(Candidate))
      ProjectModules.push_back(Candidate);
  ExpressionReader Reader(Context, ProjectModuleClasses(ProjectModules));
  std::map<const CXXRecordDecl *, std::string> Holders;
  std::vector<const CXXRecordDecl *> Modules;
  for (const CXXRecordDecl *Record : Collector.Found) {
    if (const CXXRecordDecl *Impl = holderImpl(Record)) {
      Holders.emplace(patternOf(Impl), qualifiedName(Record));
      continue;
    }
    Modules.push_back(Record);
  }

  EntryTable Table(Reader, Diagnostics);
  FoundModules Out;
  for (const CXXRecordDecl *Record : Modules) {
    SourcePlace Place = Reader.place(Record->getLocation());
    if (!Place.InProject || !Reported.count(Place.File))
      continue;
    ModuleSchema Schema;
    Schema.ClassName = qualifiedName(Record);
    auto Holder = Holders.find(Record);
    if (Holder != Holders.end())
      Schema.Holder = Holder->second;
    Schema.File = Place.File;
    Schema.Line = Place.Line;
    Schema.Entries = Table.entries(Record);
    Schema.Unreadable = firstBlockingError(Record, Errors, Context);
    Schema.Abstract = Record->hasDefinition() && Record->getDefinition()->isAbstract();
    Schema.Defaults = declaredDefaults(Record, Reader);
    Schema.Constructors = declaredConstructors(Record, Reader);
    Schema.Forwards = declaredForwards(Record, Reader);
    for (const CXXRecordDecl *Base : EntryTable::userBases(Record)) {
      Schema.BaseClasses.push_back(qualifiedName(Base));
      const CXXRecordDecl *Definition = Base->getDefinition() ? Base->getDefinition() : Base;
      SourcePlace BasePlace = Reader.place(Definition->getLocation());
      Schema.BaseClassFiles.push_back(BasePlace.InProject ? BasePlace.File : "");
    }
    if (hasConstructorWithoutBody(Record))
      Out.UnseenConstructors[{Schema.ClassName, Schema.File}] =
          unseenConstructorWarning(Schema.ClassName, Place);
    else
      Out.SeenConstructors.insert({Schema.ClassName, Schema.File});
    Out.Modules.push_back(std::move(Schema));
  }
  return Out;
}

} // namespace modelcompat::extract
