//===- Ledger.cpp - Load a state dict into a module, accounting for every tensor ===//
//
// Pipeline: list the model's tensors → match them against the state dict →
// find what is left over → judge (strictness, the unconsumed-old-tensor
// rule) → write the model only when nothing is wrong.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/runtime/Ledger.h"
#include "modelcompat/runtime/MigrationEngine.h"

#include "LedgerFormat.h"
#include "modelcompat/support/ShapeText.h"

#include <set>

namespace modelcompat {

namespace {

void collectState(const torch::nn::Module &Module, const std::string &Prefix,
                  std::vector<std::pair<std::string, torch::Tensor>> &Out) {
  for (const auto &Item : Module.named_parameters(/*recurse=*/false))
    if (Item.value().defined())
      Out.emplace_back(Prefix + Item.key(), Item.value());
  for (const auto &Item : Module.named_buffers(/*recurse=*/false))
    if (Item.value().defined())
      Out.emplace_back(Prefix + Item.key(), Item.value());
  for (const auto &Child : Module.named_children())
    collectState(*Child.value(), Prefix + Child.key() + ".", Out);
}

size_t commonSegments(const std::string &A, const std::string &B) {
  size_t Segments = 0;
  for (size_t I = 0; I < A.size() && I < B.size() && A[I] == B[I]; ++I)
    Segments += A[I] == '.';
  return Segments;
}

std::string leafName(const std::string &Key) {
  size_t Dot = Key.rfind('.');
  return Dot == std::string::npos ? Key : Key.substr(Dot + 1);
}

/// The initialised tensor nearest to Key in the module tree (most shared
/// leading segments, then the same leaf: weight for weight): the one most
/// likely to have been meant to receive it.
const LoadedTensor *nearestInitialised(const std::vector<LoadedTensor> &Loaded,
                                       const std::string &Key) {
  const LoadedTensor *Best = nullptr;
  size_t BestScore = 0;
  for (const LoadedTensor &Tensor : Loaded) {
    if (Tensor.Origin.Origin != Provenance::Kind::Initialised)
      continue;
    size_t Score = 2 * commonSegments(Tensor.Key, Key) + (leafName(Tensor.Key) == leafName(Key));
    if (!Best || Score > BestScore)
      Best = &Tensor, BestScore = Score;
  }
  return Best;
}

class LedgerBuilder {
public:
  LedgerBuilder(const StateDict &Dict, const LoadIntoOptions &Options, LoadReport &Report)
      : Dict(Dict), Options(Options), Report(Report) {}

  void matchModel(const std::vector<std::pair<std::string, torch::Tensor>> &State) {
    for (const auto &[Key, Target] : State) {
      ModelKeys.insert(Key);
      const StateDictItem *Item = Dict.find(Key);
      if (!Item) {
        Report.MissingKeys.push_back(Key);
        problem(LedgerProblemKind::MissingKey, Options.Strict, Key,
                "missing key '" + Key +
                    "': in the model, not sourced by the checkpoint or a migration");
        continue;
      }
      if (Item->Value.sizes() != Target.sizes()) {
        std::string Old = shapeText(Item->Value.sizes().vec()),
                    New = shapeText(Target.sizes().vec());
        Report.ShapeMismatches.push_back({Key, Old, New});
        problem(LedgerProblemKind::ShapeMismatch, true, Key,
                "shape mismatch for key '" + Key + "': checkpoint " + Old + ", model " + New);
        continue;
      }
      if (Item->Value.scalar_type() != Target.scalar_type() && !Options.AllowDtypeConversion) {
        std::string Old = dtypeText(Item->Value.scalar_type()),
                    New = dtypeText(Target.scalar_type());
        Report.DtypeMismatches.push_back({Key, Old, New});
        problem(LedgerProblemKind::DtypeMismatch, true, Key,
                "dtype mismatch for key '" + Key + "': checkpoint " + Old + ", model " + New);
        continue;
      }
      Report.Loaded.push_back({Key, Target.sizes().vec(), dtypeText(Target.scalar_type()),
                               Item->Origin, producer(Key)});
    }
  }

  void findLeftovers() {
    for (const StateDictItem &Item : Dict.items()) {
      if (ModelKeys.count(Item.Key))
        continue;
      Report.UnexpectedKeys.push_back(Item.Key);
      const LoadedTensor *Initialised = Item.Origin.Origin == Provenance::Kind::Initialised
                                            ? nullptr
                                            : nearestInitialised(Report.Loaded, Item.Key);
      if (Initialised)
        problem(LedgerProblemKind::UnconsumedOldTensor, true, Item.Key,
                "old tensor '" + Item.Key + "' left unconsumed while '" + Initialised->Key +
                    "' was " + Initialised->Origin.describe() +
                    "; copy it with a rule or drop it explicitly");
      else
        problem(LedgerProblemKind::UnexpectedKey, Options.Strict, Item.Key,
                "unexpected key '" + Item.Key +
                    "': in the checkpoint, not consumed by the model or a "
                    "migration");
    }
  }

private:
  std::string producer(const std::string &Key) const {
    if (!Options.Record)
      return "";
    auto It = Options.Record->ProducedBy.find(Key);
    return It == Options.Record->ProducedBy.end() ? "" : It->second;
  }

  void problem(LedgerProblemKind Kind, bool IsError, const std::string &Key,
               const std::string &What) {
    Report.Problems.push_back({Kind, IsError, Key,
                               Report.Source + (IsError ? ": error: " : ": warning: ") + What +
                                   " [" + ledgerProblemName(Kind) + "]"});
  }

  const StateDict &Dict;
  const LoadIntoOptions &Options;
  LoadReport &Report;
  std::set<std::string> ModelKeys;
};

void writeModel(const std::vector<std::pair<std::string, torch::Tensor>> &State,
                const StateDict &Dict) {
  torch::NoGradGuard NoGrad;
  for (const auto &[Key, Target] : State) {
    torch::Tensor Destination = Target; // shares the model's storage
    Destination.copy_(Dict.find(Key)->Value);
  }
}

} // namespace

const char *ledgerProblemName(LedgerProblemKind Kind) {
  switch (Kind) {
  case LedgerProblemKind::MissingKey:
    return "missing-key";
  case LedgerProblemKind::UnexpectedKey:
    return "unexpected-key";
  case LedgerProblemKind::UnconsumedOldTensor:
    return "unconsumed-old-tensor";
  case LedgerProblemKind::ShapeMismatch:
    return "shape-mismatch";
  case LedgerProblemKind::DtypeMismatch:
    return "dtype-mismatch";
  }
  return "missing-key";
}

bool LoadReport::ok() const {
  for (const LedgerProblem &Problem : Problems)
    if (Problem.IsError)
      return false;
  return true;
}

std::vector<std::pair<std::string, torch::Tensor>>
modelStateTensors(const torch::nn::Module &Model) {
  std::vector<std::pair<std::string, torch::Tensor>> Out;
  collectState(Model, "", Out);
  return Out;
}

LoadReport loadInto(torch::nn::Module &Model, const StateDict &Dict,
                    const LoadIntoOptions &Options) {
  LoadReport Report;
  Report.Source = Options.Source.empty() ? "state dict" : Options.Source;
  Report.ModelClass = Model.name();
  Report.Strict = Options.Strict;
  Report.AppliedMigrations = appliedMigrations(Dict, Report.Source);
  Report.Dropped = droppedKeys(Dict, Report.Source);
  if (Options.Record)
    for (const auto &[Key, Reason] : Options.Record->Dropped)
      Report.Dropped[Key] = Reason;

  const auto State = modelStateTensors(Model);
  LedgerBuilder Builder(Dict, Options, Report);
  Builder.matchModel(State);
  Builder.findLeftovers();
  if (!Report.ok())
    return Report;
  std::vector<std::pair<std::string, torch::Tensor>> Present;
  for (const auto &Item : State)
    if (Dict.contains(Item.first))
      Present.push_back(Item);
  writeModel(Present, Dict);
  Report.Written = true;
  return Report;
}

} // namespace modelcompat
