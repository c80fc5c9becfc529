//===- RegistrationWalk.h - One walk of a module's registrations *- C++ -*-===//
//
// What walkRegistrations (RegistrationWalker.h) runs per constructor or
// reset(): one class, RegistrationWalk, whose parts live in a file each:
// traversal of statements, loops and helper calls (RegistrationWalker.cpp),
// container tracking (ContainerTracking.cpp: push_back/insert on a container,
// containers filled by factories), entry building (EntryBuilding.cpp: a
// register_* call to a StateEntry) and emission (EntryEmission.cpp: entries
// added in order, a module's builtin keys and children expanded, duplicates
// diagnosed). Internal to extract.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_EXTRACT_REGISTRATIONWALK_H
#define MODELCOMPAT_EXTRACT_REGISTRATIONWALK_H

#include "ExpressionEval.h"
#include "RegisteredValues.h"
#include "TorchTypes.h"

#include "modelcompat/schema/ModuleSchema.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace modelcompat::extract {

/// Loops with more iterations than this are walked once, symbolically.
inline constexpr std::int64_t MaxUnrolledIterations = 256;
/// Helper calls nested deeper than this are not followed.
inline constexpr unsigned MaxCallDepth = 16;

/// A register_* call on this.
struct Registration {
  EntryKind Kind;
  const clang::Expr *Name;
  const clang::Expr *Value;
};

/// A call's member name and object, resolved or dependent.
struct MemberCall {
  std::string Name;
  const clang::Expr *Object = nullptr; ///< nullptr: implicit this.
};

/// A container's state while walking: where its children go.
struct ContainerState {
  std::string EntryName; ///< Registered name; empty until registered.
  std::size_t NextIndex = 0;
  /// Symbolic loops around the container's own declaration: only loops
  /// inside them iterate its children.
  std::size_t LoopDepth = 0;
  std::vector<ChildModule> Pending; ///< Pushed before registration.
  std::vector<std::string> PendingNames;
};

/// Whether a helper's parameters left at their defaults are bound to the
/// default values (a factory's, whose names mean nothing to the caller) or
/// stay named (a member helper's, read in the class's own terms).
enum class DefaultArguments { StayNamed, Bound };

/// The member a call names and the object it is called on.
std::optional<MemberCall> memberCall(const clang::CallExpr *Call);
/// Whether Object is this, written or implicit (nullptr).
bool isThis(const clang::Expr *Object);
/// Call as a register_parameter / register_buffer / register_module on this.
std::optional<Registration> registration(const clang::CallExpr *Call);
/// A register_* call Clang could not resolve, kept as a RecoveryExpr.
std::optional<Registration> recoveredRegistration(const clang::RecoveryExpr *Recovery);
/// Whether T is a libtorch layer that the installed headers lack but the
/// builtin table knows.
bool isOlderLibtorchLayer(clang::QualType T);
/// The variable or member an expression names.
const clang::ValueDecl *namedDecl(const clang::Expr *E);
/// The holder a container call goes through (seq in seq->push_back(...)).
const clang::ValueDecl *containerDecl(const clang::Expr *Object);
/// Whether the type an object expression refers to is a libtorch container.
bool isContainerObject(const clang::Expr *Object);
/// The enclosing conditions as one: "(a) && (b)"; one alone as it is.
std::string conjoinedConditions(const std::vector<std::string> &Conditions);
/// Inner under Outer: "(outer) && (inner)".
std::optional<std::string> combine(const std::optional<std::string> &Outer,
                                   const std::optional<std::string> &Inner);
/// Whether T holds text: a std::string (or view) or a const char pointer.
bool isTextType(clang::QualType T);

/// Walks one root (a constructor or reset()) and what it calls.
class RegistrationWalk {
public:
  RegistrationWalk(const ExpressionReader &Reader, const clang::CXXRecordDecl *Class,
                   std::vector<Diagnostic> &Diagnostics)
      : Reader(Reader), Class(Class), ClassName(qualifiedName(Class)), Diagnostics(Diagnostics),
        Values(Reader, [this](const clang::ValueDecl *Decl) { return assigned(Decl); }) {}
  void walkRoot(const clang::FunctionDecl *Function) { walkFunction(Function, nullptr); }
  /// A class that inherits a libtorch layer's constructors (`using
  /// Conv2dImpl::Conv2dImpl;`) has that layer's keys, over the layer's own
  /// argument and option names, which the caller's arguments bind.
  void emitInheritedLayer(const InheritedLayer &Inherited);
  std::vector<StateEntry> &entries() { return Entries; }
  const std::set<const clang::FunctionDecl *> &visited() const { return Visited; }

  // Traversal (RegistrationWalker.cpp).
  const clang::Expr *assigned(const clang::ValueDecl *Decl) const;

  std::optional<std::string> condition() const;

  void walkFunction(const clang::FunctionDecl *Function, const clang::CallExpr *Call,
                    const clang::CXXConstructExpr *Construct = nullptr,
                    DefaultArguments Defaults = DefaultArguments::StayNamed);

  void bindParameters(const clang::FunctionDecl *Function, const clang::CallExpr *Call,
                      const clang::CXXConstructExpr *Construct, DefaultArguments Defaults);

  void walkInitializers(const clang::CXXConstructorDecl *Constructor);

  void walkStmt(const clang::Stmt *S);

  /// A local holding text that is set once (`const char *prefix = "linear";`,
  /// `std::string name = "block" + std::to_string(i);`) names what its
  /// initialiser names, read now. A const local is read through its
  /// initialiser already; one written later stays as written, since a loop
  /// may change it.
  void bindText(const clang::VarDecl *Var, const clang::Expr *Init);

  /// A while/do loop: its body is walked once, for every iteration.
  void walkLoopBodyOnce(const clang::Stmt *Body);

  void walkBranches(const clang::Expr *Cond, const clang::Stmt *Then, const clang::Stmt *Else);

  void walkIf(const clang::IfStmt *If);

  /// for (int i = A; i < B; ++i) with A and B known: the values of i.
  std::optional<std::vector<std::int64_t>> iterations(const clang::ForStmt *For,
                                                      const clang::VarDecl *&Index);

  void walkFor(const clang::ForStmt *For);

  void walkRangeFor(const clang::CXXForRangeStmt *For);

  /// Whether a statement walked now runs exactly once, in order: not under
  /// an unsettled condition, not in a loop walked once for all iterations.
  bool runsOnce() const;

  /// A variable whose value the walk knows, written to by Change (`x = 2`,
  /// `x *= 2`, `++x`). Where the write runs once the value follows it; under
  /// a condition or in a symbolic loop the value after it depends on the path
  /// taken, so it is forgotten and the variable stays as written.
  void updateValue(const clang::ValueDecl *Written, const clang::Expr *Change);

  /// The integer a variable holding Before holds after Change, if known.
  std::optional<std::int64_t> valueAfter(std::optional<std::int64_t> Before,
                                         const clang::Expr *Change) const;

  void walkExpr(const clang::Expr *E, const clang::ValueDecl *Target);

  /// A call of a member function of this class (or a user base): walked
  /// with its parameters bound to the call's arguments.
  bool followHelper(const clang::CallExpr *Call);

  const clang::FunctionDecl *findMethod(const std::string &Name, unsigned Arity) const;

  // Container tracking (ContainerTracking.cpp).

  /// push_back / insert on a Sequential, ModuleList or ModuleDict.
  bool recordContainerCall(const clang::CallExpr *Call);

  ContainerState &containerState(const clang::ValueDecl *Container);

  // Entry building (EntryBuilding.cpp).

  void record(const Registration &Found, const clang::Expr *Site, const clang::ValueDecl *Target);

  /// An entry whose keys are unknown: its name could not be read (Name
  /// empty: the entry is named after the expression), or its value is of a
  /// recovered type (Expression holds the value's source).
  void recordUnresolved(const Registration &Found, const SourcePlace &Place,
                        const std::string &Name = "");

  void recordTensor(const std::string &Name, EntryKind Kind, const clang::Expr *Value,
                    const SourcePlace &Place);

  void recordModule(const std::string &Name, const clang::Expr *Value,
                    const clang::ValueDecl *Target, const SourcePlace &Place);

  /// A container made by a project function that fills a local and returns
  /// it (`Sequential make(bool relu, ...) { Sequential m; m->push_back(...);
  /// if (relu) m->push_back(...); return m; }`): the function is walked like
  /// a member helper, its parameters bound to the call's arguments, the local
  /// standing for the entry Name whose first Next children are known. Where
  /// this parse holds only the function's declaration, the entry's contents
  /// are unknown and say so with an unresolved key. Returns the index the
  /// container's next child gets.
  std::size_t fillFromFactory(const std::string &Name, const clang::Expr *Value, std::size_t Next,
                              const SourcePlace &Place);

  /// The expression that made a registered value: `a` assigned
  /// `make(...)` stands for the call.
  const clang::Expr *madeBy(const clang::Expr *Value) const;

  // Emission (EntryEmission.cpp).

  /// An unresolved key under the entry Name: what Producer puts in it is
  /// unknown to this parse, so a diff must not read it as empty.
  void markContentsUnknown(const std::string &Name, const std::string &Producer,
                           const SourcePlace &Place);

  bool emitModule(const std::string &Name, const ModuleValue &Module,
                  const std::optional<std::string> &Condition, const SourcePlace &Place);

  /// A class derived from a libtorch module (`MaskedConvImpl :
  /// torch::nn::Conv2dImpl`, `DenseLayerImpl : torch::nn::SequentialImpl`)
  /// starts with that module's state, at its own top level: a layer's keys
  /// as the base initialiser's arguments make them, a container's children
  /// from its arguments (and, later, from push_back on this).
  void emitLibtorchBase(const clang::CXXCtorInitializer *Init);

  /// A layer's keys as the class's own entries, at its top level.
  void emitOwnLayerKeys(std::vector<StateKey> Keys, const SourcePlace &Place);

  bool addEntry(StateEntry Entry, const SourcePlace &Place);

  // The walk's state, shared by its parts.
  const ExpressionReader &Reader;
  const clang::CXXRecordDecl *Class;
  std::string ClassName;
  std::vector<Diagnostic> &Diagnostics;
  ValueReader Values;
  std::vector<StateEntry> Entries;
  std::map<const clang::ValueDecl *, const clang::Expr *> Assigned;
  std::map<const clang::ValueDecl *, ContainerState> Containers;
  /// The class itself where it derives from a libtorch container: children
  /// pushed on this go to the top level, numbered after the base's own.
  ContainerState Self;
  std::set<const clang::FunctionDecl *> Active;
  std::set<const clang::FunctionDecl *> Visited;
  std::vector<std::string> Conditions;
  std::vector<std::string> SymbolicLoops;
  unsigned LoopsWalkedOnce = 0; ///< Enclosing while/do loops.
  Environment Env;
};

} // namespace modelcompat::extract

#endif
