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
#include <map>
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
#define MODELCOMPAT_TODO(Message)                                                                  \
  throw ::modelcompat::MigrationTodo(std::string("unresolved migration TODO: ") + (Message))

/// What happened to old keys during migration: consumed by a rule, or
/// dropped on purpose. The ledger reads it.
struct MigrationRecord {
  std::set<std::string> Consumed;             ///< Old keys used by a rule (full keys).
  std::map<std::string, std::string> Dropped; ///< Full key -> reason.
  std::vector<std::string> Applied;           ///< Migration ids, in order.
  /// Full key -> id of the migration that last wrote it.
  std::map<std::string, std::string> ProducedBy;
  /// Steps that need the new model and were left for later because the
  /// scope has none ("up.0.outpad (init from new_model)"). A migration with
  /// a deferred step is not recorded as applied, so loading the checkpoint
  /// through it with the model finishes the job (the other steps are no-ops
  /// by then).
  std::vector<std::string> Deferred;
  /// Informational lines (no-ops of an idempotent re-application, deferred
  /// steps), without the file name; callers prefix it.
  std::vector<std::string> Notices;
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

  // Every operation is idempotent: when its result is already in place
  // (From gone and To present, an init'ed key already held) it does nothing
  // and adds a notice, so applying a migration twice equals applying it once.
  // When neither the old nor the new keys are there and the new model (when
  // known) lacks the new key too, the entry is conditional and absent on
  // both sides: also a no-op with a notice.

  /// Whether the state dict holds Key (relative).
  bool has(const std::string &Key) const;
  /// Moves From to To; provenance copied(From). Throws Error naming both keys
  /// when From is missing (and To is not already there) or To is already
  /// taken.
  void rename(const std::string &From, const std::string &To);
  /// Sets Key to a copy of the new model's tensor of the same name. Never
  /// overwrites a tensor the state dict holds. Without a new model the step
  /// is deferred (MigrationRecord::Deferred).
  void initFromNewModel(const std::string &Key);
  /// Sets Key to zeros / ones / a constant, shaped like the new model's tensor.
  void initZeros(const std::string &Key);
  void initOnes(const std::string &Key);
  void initValue(const std::string &Key, double Value);
  /// Sets Key to the identity matrix; the new model's tensor must be square
  /// and 2-D (a Linear weight). Only ever on a rule's explicit request.
  void initIdentity(const std::string &Key);
  /// Removes Key on purpose; the ledger lists it as dropped with Reason.
  void drop(const std::string &Key, const std::string &Reason);
  /// Reshapes From into To (may be the same key).
  void reshape(const std::string &From, const std::string &To, const std::vector<int64_t> &Shape);
  /// Splits From into equal chunks along Dim, one per key of To.
  void split(const std::string &From, const std::vector<std::string> &To, int64_t Dim);
  /// Concatenates From along Dim into To.
  void merge(const std::vector<std::string> &From, const std::string &To, int64_t Dim);
  /// Calls Body with the placeholder bindings of every key matching Pattern
  /// ("heads.{i}.proj.bias"), for rules over repeated blocks. Use
  /// expand(Pattern, Bindings) to build the concrete keys.
  void
  forEachMatch(const std::string &Pattern,
               const std::function<void(const std::vector<std::pair<std::string, std::string>> &)>
                   &Body) const;
  /// Pattern with Bindings substituted.
  static std::string expand(const std::string &Pattern,
                            const std::vector<std::pair<std::string, std::string>> &Bindings);

  /// Like forEachMatch, over the keys of the new model's instance (for
  /// `init` rules with placeholders). Calls nothing without a new model.
  void forEachNewModelMatch(
      const std::string &Pattern,
      const std::function<void(const std::vector<std::pair<std::string, std::string>> &)> &Body)
      const;

  /// The full key of a relative one.
  std::string fullKey(const std::string &Key) const { return Prefix + Key; }
  /// The instance's path with a trailing dot ("" for the root).
  const std::string &prefix() const { return Prefix; }
  /// The id of the migration this scope applies.
  const std::string &migrationId() const { return MigrationId; }
  /// Whether the new model's instance is known (init steps need it).
  bool hasNewModel() const { return NewInstance != nullptr; }
  /// How many operations changed the state dict so far.
  size_t changes() const { return Changes; }

private:
  torch::Tensor newModelTensor(const std::string &Key) const;
  bool newModelHas(const std::string &Key) const;
  std::vector<std::string> rootsOf(const std::string &FullKey) const;
  void initLike(const std::string &Key, const char *Source,
                const std::function<torch::Tensor(const torch::Tensor &)> &Make);
  void note(const std::string &Text);
  [[noreturn]] void fail(const std::string &Text) const;
  std::string where() const;

  StateDict &Dict;
  MigrationRecord &Record;
  std::string Prefix;
  const torch::nn::Module *NewInstance;
  std::string MigrationId;
  size_t Changes = 0;
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
#define MODELCOMPAT_REGISTER_MIGRATION(Ident, ModuleName, From, To, Function)                      \
  static const bool modelcompat_registered_##Ident = [] {                                          \
    ::modelcompat::MigrationRegistry::global().add({ModuleName, From, To, Function});              \
    return true;                                                                                   \
  }()

} // namespace modelcompat

#endif
