//===- Migration.h - What generated C++ migrations are written against -*- C++ -*-===//
//
// `modelcompat migrate` writes one function per changed module class; each
// rewrites the keys of one *instance* of that class inside the state dict
// being loaded, through a MigrationScope. The engine calls the function at
// every place in the model where an instance of the class sits (classes come
// from Module::name() over named_modules()), so one rule fixes all twelve
// attention blocks of an encoder. Every operation records provenance and
// marks the old keys it used as consumed, for the ledger.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_RUNTIME_MIGRATION_H
#define MODELCOMPAT_RUNTIME_MIGRATION_H

#include "modelcompat/runtime/StateDict.h"

#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace modelcompat {

/// Thrown by MODELCOMPAT_TODO: a migration step that a human must write.
class MigrationTodo : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Marks a step of a generated migration that needs a human decision. It
/// throws when reached, so an unfinished migration can never load silently.
#define MODELCOMPAT_TODO(Message)                                              \
  throw ::modelcompat::MigrationTodo(std::string("unresolved migration TODO: ") + \
                                     (Message))

/// What happened to old keys during migration: consumed by a rule, or
/// dropped on purpose. The ledger reads it.
struct MigrationRecord {
  std::set<std::string> Consumed; ///< Old keys used by a rule (full keys).
  std::map<std::string, std::string> Dropped; ///< Full key -> reason.
  std::vector<std::string> Applied; ///< Migration ids, in order.
};

/// One instance of a module class inside the state dict being migrated.
/// Keys passed to its methods are relative to the instance ("attn.to_q.weight");
/// "{i}" placeholders match one path segment (see forEachMatch).
class MigrationScope {
public:
  /// Prefix is the instance's path with a trailing dot ("" for the root,
  /// "encoder.blocks.3." otherwise). NewInstance is the same instance in the
  /// new model, the source of `init ... new_model`; may be null.
  MigrationScope(StateDict &Dict, MigrationRecord &Record, std::string Prefix,
                 const torch::nn::Module *NewInstance, std::string MigrationId);

  /// Whether the state dict holds Key (relative).
  bool has(const std::string &Key) const;
  /// Moves From to To; provenance copied(From). Throws Error naming both keys
  /// when From is missing or To is already taken.
  void rename(const std::string &From, const std::string &To);
  /// Sets Key to a copy of the new model's tensor of the same name.
  void initFromNewModel(const std::string &Key);
  /// Sets Key to zeros / ones / a constant, shaped like the new model's tensor.
  void initZeros(const std::string &Key);
  void initOnes(const std::string &Key);
  void initValue(const std::string &Key, double Value);
  /// Removes Key on purpose; the ledger lists it as dropped with Reason.
  void drop(const std::string &Key, const std::string &Reason);
  /// Reshapes From into To (may be the same key).
  void reshape(const std::string &From, const std::string &To,
               const std::vector<int64_t> &Shape);
  /// Splits From into equal chunks along Dim, one per key of To.
  void split(const std::string &From, const std::vector<std::string> &To,
             int64_t Dim);
  /// Concatenates From along Dim into To.
  void merge(const std::vector<std::string> &From, const std::string &To,
             int64_t Dim);
  /// Calls Body with the placeholder bindings of every key matching Pattern
  /// ("heads.{i}.proj.bias"), for rules over repeated blocks. Use
  /// expand(Pattern, Bindings) to build the concrete keys.
  void forEachMatch(
      const std::string &Pattern,
      const std::function<void(const std::vector<std::pair<std::string, std::string>> &)>
          &Body) const;
  /// Pattern with Bindings substituted.
  static std::string
  expand(const std::string &Pattern,
         const std::vector<std::pair<std::string, std::string>> &Bindings);

  /// The full key of a relative one.
  std::string fullKey(const std::string &Key) const { return Prefix + Key; }

private:
  torch::Tensor newModelTensor(const std::string &Key) const;

  StateDict &Dict;
  MigrationRecord &Record;
  std::string Prefix;
  const torch::nn::Module *NewInstance;
  std::string MigrationId;
};

/// A C++ migration for one module class between two commits.
struct RegisteredMigration {
  std::string Module;     ///< "ns::AttnBlockImpl", as Module::name() gives it.
  std::string FromCommit; ///< Base sha.
  std::string ToCommit;   ///< Head sha.
  std::function<void(MigrationScope &)> Apply;
  /// "<module>@<from12>..<to12>", as MigrationSpec::id().
  std::string id() const;
};

/// The process-wide list of C++ migrations. Generated files add theirs with
/// MODELCOMPAT_REGISTER_MIGRATION at static-initialisation time.
class MigrationRegistry {
public:
  static MigrationRegistry &global();
  void add(RegisteredMigration Migration);
  const std::vector<RegisteredMigration> &migrations() const { return Migrations; }

private:
  std::vector<RegisteredMigration> Migrations;
};

/// Registers Function (void(MigrationScope&)) for Module between two commits.
#define MODELCOMPAT_REGISTER_MIGRATION(Ident, ModuleName, From, To, Function)  \
  static const bool modelcompat_registered_##Ident = [] {                      \
    ::modelcompat::MigrationRegistry::global().add(                            \
        {ModuleName, From, To, Function});                                     \
    return true;                                                               \
  }()

} // namespace modelcompat

#endif
