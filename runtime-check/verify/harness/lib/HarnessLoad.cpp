//===- HarnessLoad.cpp - Load checkpoints into the model under test ------===//
#include "HarnessLoad.h"
#include "modelcompat/harness/TensorCompare.h"
#include "modelcompat/migrate/MigrationSpec.h"
#include "modelcompat/runtime/Checkpoint.h"
#include "modelcompat/runtime/Ledger.h"
#include "modelcompat/runtime/MigrationEngine.h"
#include "modelcompat/support/Error.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace fs = std::filesystem;
using nlohmann::json;

namespace modelcompat::harness {
namespace {

/// The ledger as the report shows it (docs/runtime-check.md).
json ledgerJson(const LoadReport &Report, const MigrationOutcome *Migrated) {
  json Entries = json::array();
  for (const LoadedTensor &Tensor : Report.Loaded) {
    json Entry = {{"key", Tensor.Key}, {"provenance", Tensor.Origin.describe()}};
    if (!Tensor.Migration.empty())
      Entry["migration"] = Tensor.Migration;
    Entries.push_back(Entry);
  }
  json Ledger = {{"entries", Entries},
                 {"unconsumed", Report.UnexpectedKeys},
                 {"unsourced", Report.MissingKeys},
                 {"dropped", Report.Dropped},
                 {"applied", Migrated ? Migrated->Applied : std::vector<std::string>{}},
                 {"previously_applied", Report.AppliedMigrations},
                 {"notices", json::array()}};
  if (Migrated)
    Ledger["notices"] = Migrated->Record.Notices;
  return Ledger;
}

/// After a load that the ledger refused: copies the tensors that do fit
/// (same key, shape and dtype), so the forward pass can localise the damage.
/// The ledger's verdict stands; this is diagnosis only.
void placeWhatFits(torch::nn::Module &Model, const StateDict &Dict) {
  torch::NoGradGuard NoGrad;
  for (auto &[Key, Target] : modelStateTensors(Model)) {
    const StateDictItem *Item = Dict.find(Key);
    if (Item && Item->Value.sizes() == Target.sizes() &&
        Item->Value.scalar_type() == Target.scalar_type()) {
      torch::Tensor Destination = Target;
      Destination.copy_(Item->Value);
    }
  }
}

LoadOutcome outcomeOf(const LoadReport &Report, const MigrationOutcome *Migrated) {
  LoadOutcome Outcome;
  for (const LedgerProblem &Problem : Report.Problems)
    if (Problem.IsError)
      Outcome.Problems.push_back(Problem.Message);
  Outcome.Ledger = ledgerJson(Report, Migrated);
  return Outcome;
}

std::vector<MigrationSpec> readSpecs(const std::string &Dir) {
  std::vector<std::string> Files;
  std::error_code EC;
  if (Dir.empty() || !fs::is_directory(Dir, EC))
    return {};
  for (const auto &Entry : fs::recursive_directory_iterator(Dir, EC))
    if (Entry.is_regular_file() && Entry.path().extension() == ".json")
      Files.push_back(Entry.path().string());
  std::sort(Files.begin(), Files.end());
  std::vector<MigrationSpec> Specs;
  for (const std::string &File : Files)
    Specs.push_back(readMigrationSpec(File));
  return Specs;
}

} // namespace

LoadOutcome loadStrictly(torch::nn::Module &Model, const std::string &Path,
                         const std::string &Source) {
  LoadIntoOptions Options;
  Options.Source = Source;
  Options.Strict = true;
  return outcomeOf(loadInto(Model, loadCheckpoint(Path), Options), nullptr);
}

LoadOutcome loadMigrated(torch::nn::Module &Model, const std::string &Path,
                         const std::string &Source, const std::string &MigrationsDir) {
  StateDict Dict = loadCheckpoint(Path);
  MigrationTarget Target;
  Target.Source = Source;
  Target.NewModel = &Model;
  std::vector<std::string> MigrationErrors;
  MigrationOutcome Migrated;
  try {
    Migrated =
        applyMigrations(Dict, readSpecs(MigrationsDir), Target, &MigrationRegistry::global());
  } catch (const std::exception &E) {
    // All or nothing: Dict is as read; the ledger below shows the damage.
    MigrationErrors.push_back(Source + ": error: migration failed: " + E.what());
  }
  LoadIntoOptions Options;
  Options.Source = Source;
  Options.Strict = true;
  Options.Record = &Migrated.Record;
  LoadReport Report = loadInto(Model, Dict, Options);
  if (!Report.Written)
    placeWhatFits(Model, Dict);
  LoadOutcome Outcome = outcomeOf(Report, &Migrated);
  Outcome.Problems.insert(Outcome.Problems.begin(), MigrationErrors.begin(), MigrationErrors.end());
  return Outcome;
}

void saveModelCheckpoint(torch::nn::Module &Model, const std::string &Path) {
  StateDict Dict;
  for (auto &[Key, Value] : modelStateTensors(Model))
    Dict.set(Key, Value.detach().to(torch::kCPU).contiguous().clone());
  saveSafetensors(Dict, Path);
}

} // namespace modelcompat::harness
