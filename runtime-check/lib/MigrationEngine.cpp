//===- MigrationEngine.cpp - Apply migrations to a state dict ------------===//
//
// Pipeline per migration: skip it if recorded → find the instances of its
// class → skip instances already in the new layout → apply → record.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/runtime/MigrationEngine.h"
#include "modelcompat/runtime/MigrationInstances.h"
#include "modelcompat/support/Error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace modelcompat {

using nlohmann::json;

namespace {

std::string displayed(const std::string &Source) { return Source.empty() ? "state dict" : Source; }

bool hasPlaceholder(const std::string &Key) { return Key.find('{') != std::string::npos; }

/// Calls Body once with the concrete keys for Pattern: once for a plain key,
/// once per match in the state dict for a pattern.
void forEachKey(
    MigrationScope &Scope, const std::string &Pattern,
    const std::function<void(const std::vector<std::pair<std::string, std::string>> &)> &Body) {
  if (hasPlaceholder(Pattern))
    Scope.forEachMatch(Pattern, Body);
  else
    Body({});
}

std::string todoMessage(const MigrationRule &Rule) {
  std::string Keys;
  for (const std::string &Key : Rule.Keys)
    Keys += (Keys.empty() ? "" : ", ") + Key;
  return Keys + ": " + Rule.Reason;
}

void applyInit(MigrationScope &Scope, const MigrationRule &Rule, const std::string &Key) {
  switch (Rule.Source) {
  case InitSource::NewModel:
    return Scope.initFromNewModel(Key);
  case InitSource::Zeros:
    return Scope.initZeros(Key);
  case InitSource::Ones:
    return Scope.initOnes(Key);
  case InitSource::Value:
    return Scope.initValue(Key, Rule.Value.value_or(0.0));
  case InitSource::Identity:
    return Scope.initIdentity(Key);
  }
}

void applyRule(MigrationScope &Scope, const MigrationRule &Rule) {
  using Bindings = std::vector<std::pair<std::string, std::string>>;
  auto X = [](const std::string &Pattern, const Bindings &Bound) {
    return expandKeyPattern(Pattern, Bound);
  };
  switch (Rule.Op) {
  case RuleOp::Rename:
    return forEachKey(Scope, Rule.From,
                      [&](const Bindings &B) { Scope.rename(X(Rule.From, B), X(Rule.To, B)); });
  case RuleOp::Init:
    if (hasPlaceholder(Rule.Key) && Scope.hasNewModel())
      return Scope.forEachNewModelMatch(
          Rule.Key, [&](const Bindings &B) { applyInit(Scope, Rule, X(Rule.Key, B)); });
    return applyInit(Scope, Rule, Rule.Key);
  case RuleOp::Drop:
    return forEachKey(Scope, Rule.Key,
                      [&](const Bindings &B) { Scope.drop(X(Rule.Key, B), Rule.Reason); });
  case RuleOp::Reshape: {
    std::vector<int64_t> Shape;
    for (long long Dim : Rule.Shape.value_or(std::vector<long long>{}))
      Shape.push_back(static_cast<int64_t>(Dim));
    return forEachKey(Scope, Rule.From, [&](const Bindings &B) {
      Scope.reshape(X(Rule.From, B), X(Rule.To, B), Shape);
    });
  }
  case RuleOp::Split:
    return forEachKey(Scope, Rule.From, [&](const Bindings &B) {
      std::vector<std::string> To;
      for (const std::string &Key : Rule.Keys)
        To.push_back(X(Key, B));
      Scope.split(X(Rule.From, B), To, Rule.Dim.value_or(0));
    });
  case RuleOp::Merge:
    return forEachKey(Scope, Rule.Keys.front(), [&](const Bindings &B) {
      std::vector<std::string> From;
      for (const std::string &Key : Rule.Keys)
        From.push_back(X(Key, B));
      Scope.merge(From, X(Rule.To, B), Rule.Dim.value_or(0));
    });
  case RuleOp::Todo:
    MODELCOMPAT_TODO(todoMessage(Rule));
  }
}

/// Whether the keys under Instance.Prefix are exactly those of the new
/// model's instance, with the same shapes: the checkpoint already has the
/// new layout there.
bool hasNewLayout(const StateDict &Dict, const ModuleInstance &Instance) {
  if (!Instance.Module)
    return false;
  std::map<std::string, std::vector<int64_t>> Expected, Actual;
  for (const auto &Item : Instance.Module->named_parameters(/*recurse=*/true))
    if (Item.value().defined())
      Expected[Item.key()] = Item.value().sizes().vec();
  for (const auto &Item : Instance.Module->named_buffers(/*recurse=*/true))
    if (Item.value().defined())
      Expected[Item.key()] = Item.value().sizes().vec();
  const std::string &Prefix = Instance.Prefix;
  for (const StateDictItem &Item : Dict.items())
    if (Item.Key.compare(0, Prefix.size(), Prefix) == 0)
      Actual[Item.Key.substr(Prefix.size())] = Item.Value.sizes().vec();
  return !Expected.empty() && Expected == Actual;
}

std::vector<ModuleInstance> instancesFor(const EngineMigration &Migration,
                                         const MigrationTarget &Target, const StateDict &Dict,
                                         std::vector<std::string> &Notices) {
  std::vector<ModuleInstance> All;
  if (Target.NewModel) {
    All = findModuleInstances(*Target.NewModel);
  } else if (Target.ModelSchema) {
    std::string Root = Target.RootClass.empty()
                           ? inferRootClass(*Target.ModelSchema, Migration.Module)
                           : Target.RootClass;
    if (Root.empty()) {
      Notices.push_back("no class in the model schema contains '" + Migration.Module +
                        "'; applying migration '" + Migration.Id + "' at the root");
      return {{"", Migration.Module, nullptr}};
    }
    All = findSchemaInstances(*Target.ModelSchema, Root, Dict.keys());
  } else {
    return {{"", Migration.Module, nullptr}};
  }
  std::vector<ModuleInstance> Out;
  for (ModuleInstance &Instance : All)
    if (isInstanceOf(Instance.ClassName, Migration.Module))
      Out.push_back(std::move(Instance));
  return Out;
}

std::string instanceName(const ModuleInstance &Instance) {
  return Instance.Prefix.empty()
             ? "the root"
             : "'" + Instance.Prefix.substr(0, Instance.Prefix.size() - 1) + "'";
}

void recordDropped(StateDict &Dict, const std::map<std::string, std::string> &Dropped,
                   const std::string &Source) {
  if (Dropped.empty())
    return;
  std::map<std::string, std::string> All = droppedKeys(Dict, Source);
  for (const auto &[Key, Reason] : Dropped)
    All[Key] = Reason;
  Dict.Metadata[DroppedKeysKey] = json(All).dump();
}

/// Applies one migration to Dict; returns whether it is complete (applied
/// somewhere with no deferred step).
bool applyOne(StateDict &Dict, const EngineMigration &Migration, const MigrationTarget &Target,
              MigrationRecord &Record) {
  std::vector<ModuleInstance> Instances = instancesFor(Migration, Target, Dict, Record.Notices);
  if (Instances.empty()) {
    Record.Notices.push_back("no instance of '" + Migration.Module + "' in the model; migration '" +
                             Migration.Id + "' does nothing");
    return false;
  }
  const size_t DeferredBefore = Record.Deferred.size();
  size_t Changes = 0;
  for (const ModuleInstance &Instance : Instances) {
    if (hasNewLayout(Dict, Instance)) {
      Record.Notices.push_back("migration '" + Migration.Id + "' at " + instanceName(Instance) +
                               ": already in the new layout; nothing to do");
      continue;
    }
    MigrationScope Scope(Dict, Record, Instance.Prefix, Instance.Module, Migration.Id);
    try {
      Migration.Apply(Scope);
    } catch (const MigrationTodo &Todo) {
      throw MigrationTodo("migration '" + Migration.Id + "' at " + instanceName(Instance) + ": " +
                          Todo.what());
    }
    Changes += Scope.changes();
  }
  const size_t Deferred = Record.Deferred.size() - DeferredBefore;
  if (Deferred)
    Record.Notices.push_back("migration '" + Migration.Id + "' not recorded as applied: " +
                             std::to_string(Deferred) + " step(s) need the new model");
  else if (!Changes)
    Record.Notices.push_back("already in the new layout of migration '" + Migration.Id +
                             "'; nothing to do");
  return Changes && !Deferred;
}

} // namespace

std::vector<std::string> appliedMigrations(const StateDict &Dict, const std::string &Source) {
  auto It = Dict.Metadata.find(AppliedMigrationsKey);
  if (It == Dict.Metadata.end())
    return {};
  json Value = json::parse(It->second, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> Out;
  bool Valid = Value.is_array();
  for (const json &Item : Valid ? Value : json::array()) {
    Valid = Valid && Item.is_string();
    if (Valid)
      Out.push_back(Item.get<std::string>());
  }
  if (!Valid)
    throw Error(displayed(Source) + ": metadata '" + AppliedMigrationsKey +
                "' is not a JSON array of strings");
  return Out;
}

std::map<std::string, std::string> droppedKeys(const StateDict &Dict, const std::string &Source) {
  auto It = Dict.Metadata.find(DroppedKeysKey);
  if (It == Dict.Metadata.end())
    return {};
  json Value = json::parse(It->second, nullptr, /*allow_exceptions=*/false);
  std::map<std::string, std::string> Out;
  bool Valid = Value.is_object();
  for (const auto &Item : Valid ? Value.items() : json::object().items()) {
    Valid = Valid && Item.value().is_string();
    if (Valid)
      Out[Item.key()] = Item.value().get<std::string>();
  }
  if (!Valid)
    throw Error(displayed(Source) + ": metadata '" + DroppedKeysKey +
                "' is not a JSON object of strings");
  return Out;
}

EngineMigration engineMigration(const MigrationSpec &Spec, std::string Origin) {
  return {Spec.id(),         Spec.Module,
          Spec.FromCommit,   Spec.ToCommit,
          std::move(Origin), [Spec](MigrationScope &Scope) { applySpecRules(Scope, Spec); }};
}

EngineMigration engineMigration(const RegisteredMigration &Migration) {
  return {Migration.id(),     Migration.Module,           Migration.FromCommit,
          Migration.ToCommit, "registered C++ migration", Migration.Apply};
}

void applySpecRules(MigrationScope &Scope, const MigrationSpec &Spec) {
  for (const MigrationRule &Rule : Spec.Rules)
    applyRule(Scope, Rule);
}

std::vector<EngineMigration> orderMigrations(std::vector<EngineMigration> Migrations) {
  // Commits may be abbreviated on either side: equal up to the shorter one.
  auto SameCommit = [](const std::string &A, const std::string &B) {
    size_t N = std::min(A.size(), B.size());
    return N >= 7 && A.compare(0, N, B, 0, N) == 0;
  };
  const size_t N = Migrations.size();
  std::vector<std::vector<size_t>> After(N);
  std::vector<size_t> Pending(N, 0);
  for (size_t I = 0; I < N; ++I)
    for (size_t J = 0; J < N; ++J)
      if (I != J && SameCommit(Migrations[I].ToCommit, Migrations[J].FromCommit) &&
          !SameCommit(Migrations[J].ToCommit, Migrations[I].FromCommit)) {
        After[I].push_back(J);
        ++Pending[J];
      }
  // Kahn's algorithm, taking the earliest given migration that is ready.
  std::vector<EngineMigration> Out;
  std::vector<bool> Done(N, false);
  while (Out.size() < N) {
    size_t Next = N;
    for (size_t I = 0; I < N && Next == N; ++I)
      if (!Done[I] && !Pending[I])
        Next = I;
    if (Next == N) {
      std::string Ids;
      for (size_t I = 0; I < N; ++I)
        if (!Done[I])
          Ids += (Ids.empty() ? "'" : ", '") + Migrations[I].Id + "'";
      throw Error("migrations form a cycle of commits: " + Ids);
    }
    Done[Next] = true;
    for (size_t J : After[Next])
      --Pending[J];
    Out.push_back(Migrations[Next]);
  }
  return Out;
}

std::vector<std::string> MigrationOutcome::notices(const std::string &Source) const {
  std::vector<std::string> Out;
  for (const std::string &Notice : Record.Notices)
    Out.push_back(displayed(Source) + ": note: " + Notice);
  return Out;
}

MigrationOutcome applyMigrations(StateDict &Dict, std::vector<EngineMigration> Migrations,
                                 const MigrationTarget &Target) {
  const std::string Source = displayed(Target.Source);
  StateDict Work = Dict; // all or nothing: tensors are shared, not copied
  MigrationOutcome Outcome;
  MigrationRecord &Record = Outcome.Record;
  std::vector<std::string> Applied = appliedMigrations(Work, Source);
  for (const EngineMigration &Migration : orderMigrations(std::move(Migrations))) {
    if (std::count(Applied.begin(), Applied.end(), Migration.Id)) {
      Outcome.Skipped.push_back(Migration.Id);
      Record.Notices.push_back("migration '" + Migration.Id +
                               "' is already recorded as applied; skipped");
      continue;
    }
    try {
      if (!applyOne(Work, Migration, Target, Record))
        continue;
    } catch (const MigrationTodo &Todo) {
      throw MigrationTodo(Source + ": " + Todo.what());
    } catch (const Error &Failure) {
      throw Error(Source + ": " + Failure.what(), Failure.kind());
    } catch (const c10::Error &Failure) {
      throw Error(Source + ": migration '" + Migration.Id +
                  "': " + Failure.what_without_backtrace());
    }
    Applied.push_back(Migration.Id);
    Record.Applied.push_back(Migration.Id);
    Outcome.Applied.push_back(Migration.Id);
  }
  if (!Outcome.Applied.empty())
    Work.Metadata[AppliedMigrationsKey] = json(Applied).dump();
  recordDropped(Work, Record.Dropped, Source);
  Dict = std::move(Work);
  return Outcome;
}

MigrationOutcome applyMigrations(StateDict &Dict, const std::vector<MigrationSpec> &Specs,
                                 const MigrationTarget &Target, const MigrationRegistry *Registry) {
  std::vector<EngineMigration> Migrations;
  for (const MigrationSpec &Spec : Specs)
    Migrations.push_back(engineMigration(Spec, Spec.id()));
  if (Registry)
    for (const RegisteredMigration &Migration : Registry->migrations())
      Migrations.push_back(engineMigration(Migration));
  return applyMigrations(Dict, std::move(Migrations), Target);
}

} // namespace modelcompat
