//===- HarnessLoad.h - Load checkpoints into the model under test -*- C++ -*-===//
#ifndef MODELCOMPAT_HARNESS_HARNESSLOAD_H
#define MODELCOMPAT_HARNESS_HARNESSLOAD_H

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <string>
#include <vector>

namespace modelcompat::harness {

/// What loading one checkpoint found.
struct LoadOutcome {
  /// The ledger's error lines (missing, unexpected or misshapen keys, old
  /// tensors left unconsumed) and failed migrations. Empty when strict.
  std::vector<std::string> Problems;
  /// The ledger as JSON: {"entries": [{"key", "provenance", "migration"}],
  /// "unconsumed", "unsourced", "dropped", "applied", "previously_applied",
  /// "notices"}.
  nlohmann::json Ledger = nlohmann::json::object();
  bool strict() const { return Problems.empty(); }
};

/// Loads Path into Model as it is (the base code) with the strict ledger:
/// every key must match. Source names the checkpoint in messages.
LoadOutcome loadStrictly(torch::nn::Module &Model, const std::string &Path,
                         const std::string &Source);

/// Loads Path into Model through the migration specs in MigrationsDir (may
/// be empty or absent) and the registered C++ migrations, with the ledger.
/// Tensors that cannot be placed are left as the model initialised them, so
/// the forward pass can still localise the damage.
LoadOutcome loadMigrated(torch::nn::Module &Model, const std::string &Path,
                         const std::string &Source, const std::string &MigrationsDir);

/// Writes Model's parameters and buffers to Path (safetensors).
void saveModelCheckpoint(torch::nn::Module &Model, const std::string &Path);

} // namespace modelcompat::harness

#endif
