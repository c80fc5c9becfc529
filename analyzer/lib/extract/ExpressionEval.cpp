//===- ExpressionEval.cpp - Read names, integers and text from expressions ===//
#include "ExpressionEval.h"
#include "ExtractInternal.h"

#include "modelcompat/schema/BuiltinLayouts.h"
#include "modelcompat/schema/ShapeExpression.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace modelcompat::extract {

namespace {

/// Deep enough for real constant chains, shallow enough to stop cycles.
constexpr unsigned MaxDepth = 32;

std::string collapseWhitespace(llvm::StringRef Text) {
  std::string Out;
  bool Space = false;
  for (char C : Text) {
    if (C == ' ' || C == '\t' || C == '\n' || C == '\r') {
      Space = !Out.empty();
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

/// The initializer of a constant variable, when reading it is safe.
/// The element count a type fixes: std::array<T, N> and T[N].
std::optional<std::int64_t> fixedElementCount(QualType Type) {
  Type = Type.getNonReferenceType().getCanonicalType();
  if (const auto *Array = dyn_cast<ConstantArrayType>(Type.getTypePtr()))
    return Array->getSize().getSExtValue();
  const auto *Specialization =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(Type->getAsCXXRecordDecl());
  if (!Specialization || Specialization->getName() != "array" ||
      !Specialization->isInStdNamespace())
    return std::nullopt;
  const TemplateArgumentList &Arguments = Specialization->getTemplateArgs();
  if (Arguments.size() != 2 || Arguments[1].getKind() != TemplateArgument::Integral)
    return std::nullopt;
  return Arguments[1].getAsIntegral().getSExtValue();
}

/// `members.size()` or `std::size(members)` of a fixed-size array: a loop
/// over an array member has as many iterations as its type says.
std::optional<std::int64_t> fixedContainerSize(const Expr *E) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method && Method->getIdentifier() && Method->getName() == "size" &&
        Member->getNumArgs() == 0 && Member->getImplicitObjectArgument())
      return fixedElementCount(Member->getImplicitObjectArgument()->getType());
    return std::nullopt;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->getIdentifier() && Callee->getName() == "size" &&
        Callee->isInStdNamespace() && Call->getNumArgs() == 1)
      return fixedElementCount(Call->getArg(0)->getType());
  }
  return std::nullopt;
}

const ValueDecl *referencedDecl(const Expr *E) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    if (isa<VarDecl>(Member->getMemberDecl()))
      return Member->getMemberDecl();
  return nullptr;
}

bool isToString(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (Callee)
    return Callee->getName() == "to_string" && Call->getNumArgs() == 1;
  if (const auto *Lookup = dyn_cast<UnresolvedLookupExpr>(Call->getCallee()->IgnoreImplicit()))
    return Lookup->getName().getAsString() == "to_string" && Call->getNumArgs() == 1;
  return false;
}

} // namespace

Binding argumentBinding(const ExpressionReader &Reader, const Expr *Argument,
                        const Environment &Env) {
  Binding Bound;
  Bound.Int = Reader.evaluateInt(Argument, Env);
  Bound.Name = Reader.evaluateName(Argument, Env);
  Bound.Argument = Argument;
  if (!Bound.Int && !Bound.Name)
    Bound.Symbol = Reader.normalisedText(Argument, Env);
  return Bound;
}

const Expr *ignoreWrappers(const Expr *E) {
  while (E) {
    const Expr *Before = E;
    E = E->IgnoreParenImpCasts();
    if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E))
      E = Cleanups->getSubExpr();
    else if (const auto *Temporary = dyn_cast<MaterializeTemporaryExpr>(E))
      E = Temporary->getSubExpr();
    else if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E))
      E = Bind->getSubExpr();
    else if (const auto *Default = dyn_cast<CXXDefaultArgExpr>(E))
      E = Default->getExpr();
    else if (const auto *DefaultInit = dyn_cast<CXXDefaultInitExpr>(E))
      E = DefaultInit->getExpr();
    else if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E)) {
      if (Cast->getCastKind() != CK_ConstructorConversion && Cast->getCastKind() != CK_NoOp)
        return Cast;
      E = Cast->getSubExpr();
    } else if (const auto *Cast = dyn_cast<CXXStaticCastExpr>(E))
      E = Cast->getSubExpr();
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      // Copies and moves only; conversions are read by their callers.
      if (!isa<CXXTemporaryObjectExpr>(Construct) && Construct->getNumArgs() == 1 &&
          Construct->getConstructor()->isCopyOrMoveConstructor())
        E = Construct->getArg(0);
    }
    if (E == Before)
      return E;
  }
  return E;
}

namespace {

/// Whether argument Index of a call to Callee binds to a forwarding reference
/// (`template <typename T> f(T &&)`, a pack of them included): the callee
/// passes it on, as every ModuleHolder constructor does (`Linear(in, 512)`).
bool isForwardingParameter(const FunctionDecl *Callee, unsigned Index) {
  const FunctionDecl *Pattern = Callee ? Callee->getTemplateInstantiationPattern() : nullptr;
  if (!Pattern || Pattern->getNumParams() == 0)
    return false;
  unsigned Last = Pattern->getNumParams() - 1;
  const ParmVarDecl *Param = Pattern->getParamDecl(std::min(Index, Last));
  if (Index > Last && !Param->isParameterPack())
    return false;
  QualType Type = Param->getType();
  if (const auto *Expansion = Type->getAs<PackExpansionType>())
    Type = Expansion->getPattern();
  const auto *Reference = Type->getAs<RValueReferenceType>();
  return Reference && !Reference->getPointeeType().hasQualifiers() &&
         Reference->getPointeeType()->getAs<TemplateTypeParmType>();
}

/// Whether the call argument Use binds to a parameter that cannot write it:
/// a const reference, or a forwarding reference.
template <typename CallLike>
bool isReadOnlyArgument(const CallLike *Call, const FunctionDecl *Callee, const Expr *Use) {
  for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
    if (Call->getArg(I)->IgnoreParens() != Use)
      continue;
    if (isForwardingParameter(Callee, I))
      return true;
    if (!Callee || I >= Callee->getNumParams())
      return false;
    QualType Type = Callee->getParamDecl(I)->getType();
    return Type->isReferenceType() && Type.getNonReferenceType().isConstQualified();
  }
  return false;
}

/// Whether a scalar's use under User (its nearest enclosing non-parenthesis
/// node) only reads it: a read converts the lvalue to an rvalue; anything
/// else (assigned, incremented, address taken, bound to a reference) may
/// write it, unless a call only reads or forwards it.
bool isReadOnlyScalarUse(const Stmt *User, const Expr *Use) {
  if (const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(User))
    return Cast->getCastKind() == CK_LValueToRValue ||
           (Cast->getCastKind() == CK_NoOp && Cast->getType().isConstQualified());
  if (isa_and_nonnull<UnaryExprOrTypeTraitExpr>(User))
    return true;
  if (const auto *Call = dyn_cast_or_null<CallExpr>(User))
    return !isa<CXXOperatorCallExpr>(Call) &&
           isReadOnlyArgument(Call, Call->getDirectCallee(), Use);
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(User)) {
    // torch::nn::Linear inherits ModuleHolder's constructors.
    const CXXConstructorDecl *Constructor = Construct->getConstructor();
    if (Constructor && Constructor->isInheritingConstructor())
      Constructor = Constructor->getInheritedConstructor().getConstructor();
    return isReadOnlyArgument(Construct, Constructor, Use);
  }
  return false;
}

bool mayWriteScalar(const Stmt *S, const Stmt *User, const VarDecl *Var) {
  if (!S)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S); Ref && Ref->getDecl() == Var)
    return !isReadOnlyScalarUse(User, Ref);
  const Stmt *ChildUser = isa<ParenExpr>(S) ? User : S;
  for (const Stmt *Child : S->children())
    if (mayWriteScalar(Child, ChildUser, Var))
      return true;
  return false;
}

/// The member array that Subscript indexes (`kernel_sizes` in
/// `kernel_sizes[0]`, on this), or null.
const FieldDecl *indexedMemberArray(const ArraySubscriptExpr *Subscript) {
  const auto *Member = dyn_cast<MemberExpr>(Subscript->getBase()->IgnoreParenImpCasts());
  if (!Member || !isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  return dyn_cast<FieldDecl>(Member->getMemberDecl());
}

/// Whether code under S may write an element of the member array Field:
/// an element that is not only read, or the array used whole (it decays to
/// a pointer that anything may write through).
bool mayWriteMemberArray(const Stmt *S, const Stmt *User, const FieldDecl *Field) {
  if (!S)
    return false;
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(S);
      Subscript && indexedMemberArray(Subscript) == Field)
    return !isReadOnlyScalarUse(User, Subscript) ||
           mayWriteMemberArray(Subscript->getIdx(), Subscript, Field);
  if (const auto *Member = dyn_cast<MemberExpr>(S); Member && Member->getMemberDecl() == Field)
    return true;
  const Stmt *ChildUser = isa<ParenExpr>(S) ? User : S;
  for (const Stmt *Child : S->children())
    if (mayWriteMemberArray(Child, ChildUser, Field))
      return true;
  return false;
}

} // namespace

bool isNeverWritten(const VarDecl *Var, ASTContext &Context) {
  const auto *Function = dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  const Stmt *Body = Function ? Function->getBody() : nullptr;
  if (!Body)
    return false;
  // ExprMutationAnalyzer takes an lvalue passed to a forwarding reference
  // for a write, and every layer is built through one (`Linear(in, 512)`);
  // a scalar's uses are simple enough to check directly.
  if (Var->getType()->isIntegralOrEnumerationType() || Var->getType()->isRealFloatingType())
    return !mayWriteScalar(Body, nullptr, Var);
  return !ExprMutationAnalyzer(*Body, Context).isMutated(Var);
}

CharSourceRange ExpressionReader::fileRange(const Expr *E) const {
  const SourceManager &SM = Context.getSourceManager();
  CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM, Context.getLangOpts());
  if (Range.isInvalid())
    Range = SM.getExpansionRange(E->getSourceRange());
  return Range;
}

std::string ExpressionReader::sourceText(const Expr *E) const {
  if (!E)
    return "";
  bool Invalid = false;
  llvm::StringRef Text = Lexer::getSourceText(fileRange(E), Context.getSourceManager(),
                                              Context.getLangOpts(), &Invalid);
  return Invalid ? "" : collapseWhitespace(Text);
}

namespace {

/// The references under S that substitution may replace: variables, and
/// elements of member arrays (not what their subscripts name).
void collectReferences(const Stmt *S, std::vector<const Expr *> &Out) {
  if (!S)
    return;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    Out.push_back(Ref);
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(S);
      Subscript && indexedMemberArray(Subscript)) {
    Out.push_back(Subscript);
    return;
  }
  for (const Stmt *Child : S->children())
    collectReferences(Child, Out);
}

} // namespace

const Expr *ExpressionReader::constantInitializer(const ValueDecl *Decl) const {
  const auto *Var = dyn_cast_or_null<VarDecl>(Decl);
  if (!Var || isa<ParmVarDecl>(Var))
    return nullptr;
  const VarDecl *Definition = Var->getDefinition();
  if (Definition)
    Var = Definition;
  QualType Type = Var->getType();
  bool Constant = Var->isConstexpr() || Type.isConstQualified() || isSetOnceLocal(Var);
  // "static const char *kName" points at const chars; the pointer itself is
  // mutable but, being a static of the class or file, is set once.
  if (!Constant && Type->isPointerType() && Type->getPointeeType().isConstQualified() &&
      (Var->isStaticDataMember() || Var->isFileVarDecl() || Var->isStaticLocal()))
    Constant = true;
  if (!Constant)
    return nullptr;
  return Var->getAnyInitializer();
}

/// A local set once (`const int64_t dim = options.dim();`, or the same
/// without const and never written again): an alias whose initialiser says
/// what the shape really depends on. A local written later (`ch *= 2` in a
/// loop) stays as written.
const Expr *ExpressionReader::localAliasInitializer(const ValueDecl *Decl) const {
  const auto *Var = dyn_cast_or_null<VarDecl>(Decl);
  if (!Var || isa<ParmVarDecl>(Var) || !Var->isLocalVarDecl())
    return nullptr;
  if (!Var->getType().isConstQualified() && !isSetOnceLocal(Var))
    return nullptr;
  return Var->getInit();
}

const Expr *ExpressionReader::memberArrayElement(const Expr *E) const {
  const auto *Subscript = dyn_cast_or_null<ArraySubscriptExpr>(E ? ignoreWrappers(E) : nullptr);
  const FieldDecl *Field = Subscript ? indexedMemberArray(Subscript) : nullptr;
  if (!Field || !Field->hasInClassInitializer())
    return nullptr;
  const auto *List = dyn_cast<InitListExpr>(Field->getInClassInitializer()->IgnoreImplicit());
  std::optional<std::int64_t> Index = evaluateInt(Subscript->getIdx(), {});
  if (!List || !Index || *Index < 0 || *Index >= List->getNumInits() ||
      isa<ImplicitValueInitExpr>(List->getInit(*Index)) || !isUnwrittenMember(Field))
    return nullptr;
  return List->getInit(*Index);
}

bool ExpressionReader::isUnwrittenMember(const FieldDecl *Field) const {
  auto [It, Inserted] = UnwrittenMembers.try_emplace(Field, true);
  if (!Inserted)
    return It->second;
  for (const Decl *Member : Field->getParent()->decls()) {
    const auto *Function = dyn_cast<FunctionDecl>(Member);
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(Member))
      Function = Template->getTemplatedDecl();
    const FunctionDecl *Definition = Function ? Function->getDefinition() : nullptr;
    if (!Definition)
      continue;
    bool Written = mayWriteMemberArray(Definition->getBody(), nullptr, Field);
    if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(Definition))
      for (const CXXCtorInitializer *Init : Constructor->inits())
        Written |= (Init->isWritten() && Init->getMember() == Field) ||
                   mayWriteMemberArray(Init->getInit(), nullptr, Field);
    if (Written)
      return It->second = false;
  }
  return true;
}

bool ExpressionReader::isSetOnceLocal(const VarDecl *Var) const {
  if (!Var->isLocalVarDecl() || Var->isStaticLocal() || !Var->getInit() ||
      Var->getType()->isReferenceType())
    return false;
  auto [It, Inserted] = SetOnceLocals.try_emplace(Var, false);
  if (Inserted)
    It->second = isNeverWritten(Var, Context);
  return It->second;
}

std::optional<std::string> ExpressionReader::replacementFor(const Expr *Reference,
                                                            const Environment &Env,
                                                            unsigned Depth) const {
  if (const Expr *Element = memberArrayElement(Reference))
    return "(" + substitutedText(Element, Env, Depth + 1) + ")";
  const auto *Ref = dyn_cast<DeclRefExpr>(Reference);
  if (!Ref)
    return std::nullopt;
  if (auto It = Env.find(Ref->getDecl()); It != Env.end()) {
    if (It->second.Int)
      return std::to_string(*It->second.Int);
    if (It->second.Argument)
      return "(" + sourceText(It->second.Argument) + ")";
    return std::nullopt;
  }
  if (const Expr *Init = localAliasInitializer(Ref->getDecl()))
    return "(" + substitutedText(Init, Env, Depth + 1) + ")";
  return std::nullopt;
}

std::string ExpressionReader::substitutedText(const Expr *E, const Environment &Env,
                                              unsigned Depth) const {
  std::string Written = sourceText(E);
  CharSourceRange Range = fileRange(E);
  if (Depth > MaxDepth || Range.isInvalid())
    return Written;
  const SourceManager &SM = Context.getSourceManager();
  bool Invalid = false;
  std::string Text = Lexer::getSourceText(Range, SM, Context.getLangOpts(), &Invalid).str();
  if (Invalid)
    return Written;
  auto [File, Begin] = SM.getDecomposedLoc(Range.getBegin());
  std::vector<const Expr *> References;
  collectReferences(E, References);
  // Splice from the back so earlier offsets stay valid.
  std::map<unsigned, std::pair<unsigned, std::string>, std::greater<>> Splices;
  for (const Expr *Ref : References) {
    // References spelled inside macros have no place in the text to replace.
    if (!Ref->getBeginLoc().isFileID() || !Ref->getEndLoc().isFileID())
      continue;
    auto [RefFile, RefBegin] = SM.getDecomposedLoc(Ref->getBeginLoc());
    unsigned Length = Lexer::MeasureTokenLength(Ref->getEndLoc(), SM, Context.getLangOpts()) +
                      SM.getFileOffset(Ref->getEndLoc()) - RefBegin;
    if (RefFile != File || RefBegin < Begin || RefBegin - Begin + Length > Text.size())
      continue;
    if (std::optional<std::string> Replacement = replacementFor(Ref, Env, Depth))
      Splices[RefBegin - Begin] = {Length, *Replacement};
  }
  for (const auto &[Offset, Splice] : Splices)
    Text.replace(Offset, Splice.first, Splice.second);
  return collapseWhitespace(Text);
}

bool ExpressionReader::mentionsBoundInteger(const Expr *E, const Environment &Env) const {
  if (!E)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    auto It = Env.find(Ref->getDecl());
    return It != Env.end() && It->second.Int;
  }
  for (const Stmt *Child : E->children())
    if (const auto *ChildExpr = dyn_cast_or_null<Expr>(Child))
      if (mentionsBoundInteger(ChildExpr, Env))
        return true;
  return false;
}

std::string ExpressionReader::normalisedText(const Expr *E, const Environment &Env) const {
  if (!E)
    return "";
  const Expr *Inner = E;
  // Braced lists ({3, 5}) may sit under a converting constructor.
  while (true) {
    Inner = ignoreWrappers(Inner);
    if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(Inner)) {
      Inner = List->getSubExpr();
      continue;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Inner))
      if (Construct->getNumArgs() == 1 &&
          isa<CXXStdInitializerListExpr>(ignoreWrappers(Construct->getArg(0)))) {
        Inner = Construct->getArg(0);
        continue;
      }
    break;
  }
  if (const auto *List = dyn_cast<InitListExpr>(Inner)) {
    if (const InitListExpr *Syntactic = List->getSyntacticForm())
      List = Syntactic;
    std::string Out = "{";
    for (unsigned I = 0; I < List->getNumInits(); ++I)
      Out += (I ? ", " : "") + normalisedText(List->getInit(I), Env);
    return Out + "}";
  }
  if (mentionsBoundInteger(E, Env))
    if (std::optional<std::int64_t> Value = evaluateInt(E, Env))
      return std::to_string(*Value);
  return foldExpressionText(substitutedText(E, Env, 0));
}

std::string ExpressionReader::writtenText(const Expr *E, const Environment &Env) const {
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(ignoreWrappers(E))) {
    auto It = Env.find(Ref->getDecl());
    if (It != Env.end() && It->second.Argument)
      return foldExpressionText(sourceText(It->second.Argument));
  }
  return foldExpressionText(sourceText(E));
}

std::optional<std::int64_t> ExpressionReader::evaluateInt(const Expr *E,
                                                          const Environment &Env) const {
  return evaluateInt(E, Env, 0);
}

std::optional<std::int64_t> ExpressionReader::evaluateInt(const Expr *E, const Environment &Env,
                                                          unsigned Depth) const {
  if (!E || Depth > MaxDepth)
    return std::nullopt;
  E = ignoreWrappers(E);
  if (const auto *Literal = dyn_cast<IntegerLiteral>(E))
    return Literal->getValue().getSExtValue();
  if (const auto *Bool = dyn_cast<CXXBoolLiteralExpr>(E))
    return Bool->getValue() ? 1 : 0;
  if (const auto *Char = dyn_cast<CharacterLiteral>(E))
    return Char->getValue();
  if (const Expr *Element = memberArrayElement(E))
    return evaluateInt(Element, Env, Depth + 1);
  if (const ValueDecl *Decl = referencedDecl(E)) {
    auto It = Env.find(Decl);
    if (It != Env.end()) {
      if (It->second.Int)
        return It->second.Int;
      return std::nullopt;
    }
    if (const auto *Enum = dyn_cast<EnumConstantDecl>(Decl))
      return Enum->getInitVal().getSExtValue();
    if (const Expr *Init = constantInitializer(Decl))
      if (Decl->getType()->isIntegralOrEnumerationType())
        return evaluateInt(Init, Env, Depth + 1);
    return std::nullopt;
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
    std::optional<std::int64_t> Value = evaluateInt(Unary->getSubExpr(), Env, Depth + 1);
    if (!Value)
      return std::nullopt;
    switch (Unary->getOpcode()) {
    case UO_Minus:
      return -*Value;
    case UO_Plus:
      return *Value;
    case UO_LNot:
      return *Value ? 0 : 1;
    case UO_Not:
      return ~*Value;
    default:
      return std::nullopt;
    }
  }
  if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
    std::optional<std::int64_t> L = evaluateInt(Binary->getLHS(), Env, Depth + 1);
    if (Binary->getOpcode() == BO_LAnd && L && !*L)
      return 0;
    if (Binary->getOpcode() == BO_LOr && L && *L)
      return 1;
    std::optional<std::int64_t> R = evaluateInt(Binary->getRHS(), Env, Depth + 1);
    if (!L || !R)
      return std::nullopt;
    switch (Binary->getOpcode()) {
    case BO_Add:
      return *L + *R;
    case BO_Sub:
      return *L - *R;
    case BO_Mul:
      return *L * *R;
    case BO_Div:
      return *R ? std::optional<std::int64_t>(*L / *R) : std::nullopt;
    case BO_Rem:
      return *R ? std::optional<std::int64_t>(*L % *R) : std::nullopt;
    case BO_Shl:
      return *L << *R;
    case BO_Shr:
      return *L >> *R;
    case BO_LT:
      return *L < *R;
    case BO_GT:
      return *L > *R;
    case BO_LE:
      return *L <= *R;
    case BO_GE:
      return *L >= *R;
    case BO_EQ:
      return *L == *R;
    case BO_NE:
      return *L != *R;
    case BO_LAnd:
      return *L && *R;
    case BO_LOr:
      return *L || *R;
    case BO_And:
      return *L & *R;
    case BO_Or:
      return *L | *R;
    case BO_Xor:
      return *L ^ *R;
    default:
      return std::nullopt;
    }
  }
  if (std::optional<std::int64_t> Size = fixedContainerSize(E))
    return Size;
  if (const auto *Conditional = dyn_cast<ConditionalOperator>(E)) {
    std::optional<std::int64_t> Cond = evaluateInt(Conditional->getCond(), Env, Depth + 1);
    if (!Cond)
      return std::nullopt;
    return evaluateInt(*Cond ? Conditional->getTrueExpr() : Conditional->getFalseExpr(), Env,
                       Depth + 1);
  }
  if (!E->isValueDependent() && !E->isTypeDependent() &&
      E->getType()->isIntegralOrEnumerationType()) {
    Expr::EvalResult Result;
    if (E->EvaluateAsInt(Result, Context))
      return Result.Val.getInt().getSExtValue();
  }
  return std::nullopt;
}

std::optional<std::string> ExpressionReader::evaluateName(const Expr *E,
                                                          const Environment &Env) const {
  bool Known = false;
  std::optional<std::string> Name = namePart(E, Env, Known, 0);
  if (!Name || !Known)
    return std::nullopt;
  return Name;
}

std::optional<std::string> ExpressionReader::namePart(const Expr *E, const Environment &Env,
                                                      bool &Known, unsigned Depth) const {
  if (!E || Depth > MaxDepth)
    return std::nullopt;
  const Expr *Inner = ignoreWrappers(E);
  auto Unknown = [&]() -> std::optional<std::string> {
    return "{" + foldExpressionText(sourceText(E)) + "}";
  };
  if (const auto *Literal = dyn_cast<StringLiteral>(Inner)) {
    Known = true;
    return Literal->getString().str();
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Inner)) {
    // std::string("name") and std::string_view("name").
    if (Construct->getNumArgs() >= 1 && !isa<CXXDefaultArgExpr>(Construct->getArg(0)))
      return namePart(Construct->getArg(0), Env, Known, Depth + 1);
    return std::nullopt;
  }
  if (const ValueDecl *Decl = referencedDecl(Inner)) {
    auto It = Env.find(Decl);
    if (It != Env.end()) {
      const Binding &Bound = It->second;
      if (Bound.Name) {
        Known = true;
        return Bound.Name;
      }
      if (Bound.Int) {
        Known = true;
        return std::to_string(*Bound.Int);
      }
      if (Bound.Argument && Bound.Symbol.empty()) {
        std::optional<std::string> Part = namePart(Bound.Argument, {}, Known, Depth + 1);
        if (Part)
          return Part;
      }
      return "{" + (Bound.Symbol.empty() ? Decl->getNameAsString() : Bound.Symbol) + "}";
    }
    if (const Expr *Init = constantInitializer(Decl))
      if (std::optional<std::string> Part = namePart(Init, Env, Known, Depth + 1))
        return Part;
    return std::nullopt;
  }
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Inner)) {
    if (Operator->getOperator() == OO_Plus && Operator->getNumArgs() == 2) {
      std::optional<std::string> Left = namePart(Operator->getArg(0), Env, Known, Depth + 1);
      std::optional<std::string> Right = namePart(Operator->getArg(1), Env, Known, Depth + 1);
      if (!Left)
        Left = "{" + foldExpressionText(sourceText(Operator->getArg(0))) + "}";
      if (!Right)
        Right = "{" + foldExpressionText(sourceText(Operator->getArg(1))) + "}";
      return *Left + *Right;
    }
    return std::nullopt;
  }
  if (const auto *Binary = dyn_cast<BinaryOperator>(Inner)) {
    // Dependent concatenations in templates stay binary operators.
    if (Binary->getOpcode() == BO_Add && Binary->isTypeDependent()) {
      std::optional<std::string> Left = namePart(Binary->getLHS(), Env, Known, Depth + 1);
      std::optional<std::string> Right = namePart(Binary->getRHS(), Env, Known, Depth + 1);
      if (Left || Right)
        return Left.value_or("{" + sourceText(Binary->getLHS()) + "}") +
               Right.value_or("{" + sourceText(Binary->getRHS()) + "}");
    }
    return std::nullopt;
  }
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Inner)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method &&
        (Method->getName() == "c_str" || Method->getName() == "str" || Method->getName() == "data"))
      return namePart(Member->getImplicitObjectArgument(), Env, Known, Depth + 1);
    return std::nullopt;
  }
  if (const auto *Call = dyn_cast<CallExpr>(Inner)) {
    if (isToString(Call)) {
      const Expr *Argument = Call->getArg(0);
      if (std::optional<std::int64_t> Value = evaluateInt(Argument, Env)) {
        Known = true;
        return std::to_string(*Value);
      }
      if (const auto *Ref = dyn_cast<DeclRefExpr>(ignoreWrappers(Argument))) {
        auto It = Env.find(Ref->getDecl());
        if (It != Env.end() && !It->second.Symbol.empty())
          return "{" + It->second.Symbol + "}";
      }
      return "{" + foldExpressionText(sourceText(Argument)) + "}";
    }
    return std::nullopt;
  }
  (void)Unknown;
  return std::nullopt;
}

SourcePlace ExpressionReader::place(SourceLocation Loc) const {
  SourcePlace Place;
  if (Loc.isInvalid())
    return Place;
  const SourceManager &SM = Context.getSourceManager();
  SourceLocation FileLoc = SM.getFileLoc(Loc);
  PresumedLoc Presumed = SM.getPresumedLoc(FileLoc, /*UseLineDirectives=*/false);
  if (Presumed.isInvalid())
    return Place;
  Place.Line = Presumed.getLine();
  Place.Column = Presumed.getColumn();
  std::string Relative = relativeToRoot(Presumed.getFilename());
  Place.InProject = !Relative.empty();
  Place.File = Place.InProject ? Relative : std::string(Presumed.getFilename());
  return Place;
}

} // namespace modelcompat::extract
