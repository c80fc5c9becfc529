//===- RegisteredValues.h - What a registration registers -------*- C++ -*-===//
//
// The second argument of register_module / register_parameter /
// register_buffer, read into what the schema needs: for modules their type,
// the builtin layer call or container children; for tensors the symbolic
// shape and dtype, or that the tensor is undefined (and registers no key).
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_EXTRACT_REGISTEREDVALUES_H
#define MODELCOMPAT_EXTRACT_REGISTEREDVALUES_H

#include "ExpressionEval.h"

#include "modelcompat/schema/BuiltinLayouts.h"
#include "modelcompat/schema/ConstructorArguments.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace modelcompat::extract {

struct ChildModule;

/// A module-valued expression, reduced to the schema's terms.
struct ModuleValue {
  bool IsModule = false;             ///< Whether the expression is a module at all.
  std::string Type;                  ///< Qualified type as registered.
  std::string ModuleClass;           ///< User modules: the Impl class.
  std::string ModuleClassFile;       ///< User modules: the file defining it.
  ConstructorArguments Arguments;    ///< User modules: the call's arguments.
  std::optional<LayerCall> Layer;    ///< Builtin layers with state.
  bool IsContainer = false;          ///< Sequential, ModuleList, ModuleDict.
  std::vector<ChildModule> Children; ///< Container children from arguments.
};

/// One child a container gets from its constructor or push_back.
struct ChildModule {
  std::optional<std::string> Name; ///< Named children; else positional.
  ModuleValue Value;
  std::optional<std::string> Condition;
  const clang::Expr *Source = nullptr; ///< For its location.
};

/// A tensor-valued expression.
struct TensorValue {
  bool Undefined = false; ///< {} or torch::Tensor(): no key.
  std::optional<SymbolicShape> Shape;
  std::optional<std::string> Dtype;
};

/// A call of a project function that makes a module (`conv3x3(in, out)`,
/// `make_block(true, c, c, 3)`): neither a member call on an object nor
/// libtorch's or the standard library's.
struct FactoryCall {
  const clang::CallExpr *Call = nullptr;
  /// Its definition, or null when this parse holds only a declaration (the
  /// body lives in another translation unit).
  const clang::FunctionDecl *Definition = nullptr;
  /// The value its one return statement returns; null when it has several.
  const clang::Expr *Result = nullptr;
};

/// E as a call of a project factory function, if it is one.
std::optional<FactoryCall> factoryCall(const ExpressionReader &Reader, const clang::Expr *E);

/// What a variable or member holds at this point of the walk, if known.
using ValueResolver = std::function<const clang::Expr *(const clang::ValueDecl *)>;

/// Reads registered values.
class ValueReader {
public:
  ValueReader(const ExpressionReader &Reader, ValueResolver Resolve)
      : Reader(Reader), Resolve(std::move(Resolve)) {}

  /// Reads a module-valued expression.
  ModuleValue readModule(const clang::Expr *E, const Environment &Env) const;
  /// Reads a tensor-valued expression.
  TensorValue readTensor(const clang::Expr *E, const Environment &Env) const;
  /// Reads one element of a container's argument list (positional module or
  /// {"name", module} pair) into Children.
  void readChildren(const clang::Expr *E, const Environment &Env,
                    std::vector<ChildModule> &Children) const;

private:
  ModuleValue readModule(const clang::Expr *E, const Environment &Env, unsigned Depth) const;
  LayerCall readLayerCall(const std::string &Layer,
                          const std::vector<const clang::Expr *> &Arguments,
                          const Environment &Env) const;
  void readOptions(const clang::Expr *E, const Environment &Env, LayerCall &Call) const;
  /// Adds the setters of a chain on an options object (`o.bias(false).stride(2)`)
  /// to Out, where a name is not there yet (the outermost call is the last
  /// made, and wins); returns the object the chain is called on, or E.
  const clang::Expr *readSetterChain(const clang::Expr *E, const Environment &Env,
                                     std::map<std::string, std::string> &Out) const;
  /// Adds the setters that statements before Use call on Options, the
  /// caller's options a constructor takes whole (`options.bias(false);`).
  void readSetterStatements(const clang::ParmVarDecl *Options, const clang::DeclRefExpr *Use,
                            const Environment &Env, LayerCall &Call) const;
  ConstructorArguments readConstructorArguments(const clang::CXXRecordDecl *Impl,
                                                const std::vector<const clang::Expr *> &Arguments,
                                                const Environment &Env) const;
  void readNamedOptions(const clang::Expr *E, const Environment &Env,
                        ConstructorArguments &Out) const;
  const clang::Expr *resolved(const clang::Expr *E) const;
  /// The one value a project function called by Call returns, with Inside
  /// binding its parameters to Call's arguments; null for other calls.
  const clang::Expr *factoryResult(const clang::CallExpr *Call, const Environment &Env,
                                   Environment &Inside) const;

  const ExpressionReader &Reader;
  ValueResolver Resolve;
};

} // namespace modelcompat::extract

#endif
