//===- DeclaredSignatures.cpp - How a module class is built and called ---===//
//
// `modelcompat init` drafts the expression that constructs a model and the
// inputs its forward() takes; the scan records the declarations it needs.
// Types are the source text as written (what a user reads in a TODO
// marker); default arguments are normalised like the class's defaults.
//
//===----------------------------------------------------------------------===//
#include "DeclaredSignatures.h"
#include "DeclaredDefaults.h"
#include "TorchTypes.h"

#include "clang/Lex/Lexer.h"

using namespace clang;

namespace modelcompat::extract {
namespace {

/// The type of Param as written ("const ModelOptions &"), or Clang's
/// spelling of it when the source is not at hand (a macro expansion).
std::string writtenType(const ParmVarDecl *Param) {
  const ASTContext &Context = Param->getASTContext();
  const TypeSourceInfo *Info = Param->getTypeSourceInfo();
  // From the declaration's start (the TypeLoc of `const T &` starts after
  // the const) to its name, or to the type's end when it has none.
  SourceLocation Begin = Param->getBeginLoc();
  CharSourceRange Range =
      Param->getIdentifier() ? CharSourceRange::getCharRange(Begin, Param->getLocation())
                             : CharSourceRange::getTokenRange(
                                   Begin, Info ? Info->getTypeLoc().getEndLoc() : SourceLocation());
  if (Range.getBegin().isValid() && Range.getEnd().isValid() && !Range.getBegin().isMacroID() &&
      !Range.getEnd().isMacroID()) {
    llvm::StringRef Text =
        Lexer::getSourceText(Range, Context.getSourceManager(), Context.getLangOpts()).trim();
    if (!Text.empty())
      return Text.str();
  }
  return Param->getType().getAsString(Context.getPrintingPolicy());
}

bool isCopyOrMove(const CXXConstructorDecl *Constructor) {
  return Constructor->isImplicit() || Constructor->isCopyOrMoveConstructor();
}

class SignatureReader {
public:
  explicit SignatureReader(const ExpressionReader &Reader) : Reader(Reader) {}

  Signature read(const FunctionDecl *Function, bool WithOptions) const {
    Signature Out;
    for (const ParmVarDecl *Param : Function->parameters()) {
      ParameterSignature Parameter;
      Parameter.Type = writtenType(Param);
      Parameter.Name = Param->getNameAsString();
      if (Param->hasDefaultArg() && !Param->hasUnparsedDefaultArg() &&
          !Param->hasUninstantiatedDefaultArg())
        Parameter.Default = Reader.normalisedText(Param->getDefaultArg(), Environment());
      else if (Param->hasDefaultArg())
        Parameter.Default = "";
      if (WithOptions)
        readOptions(Param, Parameter);
      Out.push_back(std::move(Parameter));
    }
    return Out;
  }

private:
  /// A user options struct the project defines (not one a scan recovered
  /// for a missing header: its constructors are made up).
  void readOptions(const ParmVarDecl *Param, ParameterSignature &Parameter) const {
    const CXXRecordDecl *Options = optionsRecord(Param->getType());
    if (!Options || !Options->hasDefinition())
      return;
    Options = Options->getDefinition();
    if (!Reader.place(Options->getLocation()).InProject)
      return;
    Parameter.OptionsClass = qualifiedName(Options);
    for (const CXXConstructorDecl *Constructor : Options->ctors())
      if (!isCopyOrMove(Constructor) && Constructor->getAccess() != AS_private &&
          Constructor->getAccess() != AS_protected)
        Parameter.OptionsConstructors.push_back(read(Constructor, false));
  }

  const ExpressionReader &Reader;
};

bool isPublic(const Decl *D) { return D->getAccess() == AS_public || D->getAccess() == AS_none; }

} // namespace

std::vector<Signature> declaredConstructors(const CXXRecordDecl *Record,
                                            const ExpressionReader &Reader) {
  std::vector<Signature> Out;
  if (!Record || !Record->hasDefinition())
    return Out;
  SignatureReader Signatures(Reader);
  for (const CXXConstructorDecl *Constructor : Record->getDefinition()->ctors())
    if (!isCopyOrMove(Constructor) && isPublic(Constructor))
      Out.push_back(Signatures.read(Constructor, true));
  return Out;
}

std::vector<Signature> declaredForwards(const CXXRecordDecl *Record,
                                        const ExpressionReader &Reader) {
  std::vector<Signature> Out;
  if (!Record || !Record->hasDefinition())
    return Out;
  SignatureReader Signatures(Reader);
  for (const CXXMethodDecl *Method : Record->getDefinition()->methods())
    if (Method->getIdentifier() && Method->getName() == "forward" && isPublic(Method))
      Out.push_back(Signatures.read(Method, false));
  return Out;
}

} // namespace modelcompat::extract
