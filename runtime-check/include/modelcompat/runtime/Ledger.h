//===- Ledger.h - Load a state dict into a module, accounting for every tensor -*- C++ -*-===//
//
// The ledger is the last step of loading a (migrated) checkpoint: it matches
// the state dict against the model's named_parameters() and named_buffers()
// and accounts for every tensor on both sides. Every tensor of the model
// must be sourced (untouched, copied, transformed or initialised) and every
// tensor of the checkpoint consumed (loaded, or dropped on purpose by a
// rule). See docs/runtime-check.md.
//
// One rule holds even when loading is not strict: an old tensor left
// unconsumed while a new tensor was initialised is an error. That is the
// MONAI bug: a loader set attn.out_proj to identity/zeros and left the
// trained proj_attn weights unused; the keys lined up and nothing failed.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_RUNTIME_LEDGER_H
#define MODELCOMPAT_RUNTIME_LEDGER_H

#include "modelcompat/runtime/Migration.h"
#include "modelcompat/runtime/StateDict.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

namespace modelcompat {

/// How loadInto treats what does not line up.
struct LoadIntoOptions {
  /// The checkpoint file, named in every message.
  std::string Source = "state dict";
  /// Missing and unexpected keys are errors (as load_state_dict(strict=True)).
  /// Off, they are warnings and the rest loads. Shape mismatches and old
  /// tensors left unconsumed while a new one was initialised are errors
  /// either way.
  bool Strict = true;
  /// Copy tensors of another dtype into the model's dtype (as Python's
  /// load_state_dict does) instead of reporting a dtype mismatch error.
  bool AllowDtypeConversion = false;
  /// What the migrations did (MigrationOutcome::Record), for dropped keys
  /// and the migration behind each tensor; optional.
  const MigrationRecord *Record = nullptr;
};
/// The name for LoadIntoOptions.
using LoadOptions = LoadIntoOptions;

/// What kind of problem a ledger line reports.
enum class LedgerProblemKind {
  MissingKey,          ///< In the model, not sourced by the checkpoint.
  UnexpectedKey,       ///< In the checkpoint, not consumed by the model.
  UnconsumedOldTensor, ///< Unexpected while a new tensor was initialised.
  ShapeMismatch,
  DtypeMismatch,
};

/// "missing-key", "unexpected-key", "unconsumed-old-tensor",
/// "shape-mismatch", "dtype-mismatch".
const char *ledgerProblemName(LedgerProblemKind Kind);

/// One problem, with the key it is about.
struct LedgerProblem {
  LedgerProblemKind Kind = LedgerProblemKind::MissingKey;
  bool IsError = true; ///< Else a warning (non-strict missing/unexpected).
  std::string Key;
  /// The whole line: "<file>: error: <what> '<key>' ... [kind]".
  std::string Message;
};

/// A tensor of the model and where its value came from.
struct LoadedTensor {
  std::string Key;
  std::vector<int64_t> Shape;
  std::string DType; ///< "float32", ...
  Provenance Origin;
  std::string Migration; ///< Id of the migration that produced it, or "".
};

/// A key present on both sides whose shape or dtype differs.
struct TensorMismatch {
  std::string Key;
  std::string Checkpoint; ///< "[3, 4]" or "float16".
  std::string Model;
};

/// Everything loadInto found; the model is written only when ok().
struct LoadReport {
  std::string Source;
  std::string ModelClass; ///< Module::name() of the model.
  bool Strict = true;
  std::vector<LoadedTensor> Loaded;        ///< Model order.
  std::vector<std::string> MissingKeys;    ///< Model order (as Python's).
  std::vector<std::string> UnexpectedKeys; ///< Checkpoint order.
  std::vector<TensorMismatch> ShapeMismatches;
  std::vector<TensorMismatch> DtypeMismatches;
  std::map<std::string, std::string> Dropped; ///< Key -> reason.
  std::vector<std::string> AppliedMigrations;
  std::vector<LedgerProblem> Problems; ///< Errors and warnings, in order.
  bool Written = false;                ///< Whether the model's tensors were overwritten.

  /// No error-level problem.
  bool ok() const;
  /// Problems, then one summary line; with Verbose, one line per loaded
  /// tensor with its provenance and one per dropped key.
  std::string toText(bool Verbose = false) const;
  /// The documented JSON form (docs/runtime-check.md).
  nlohmann::json toJson() const;
};

/// The model's tensors, as Python's state_dict() orders them: per module in
/// pre-order, its parameters then its buffers. Undefined tensors are skipped.
std::vector<std::pair<std::string, torch::Tensor>>
modelStateTensors(const torch::nn::Module &Model);

/// Matches Dict against Model's parameters and buffers and, when nothing is
/// wrong, copies every tensor into the model (bit for bit). Dropped keys come
/// from Dict's "modelcompat.dropped" metadata (written by the engine)
/// and Options.Record.
LoadReport loadInto(torch::nn::Module &Model, const StateDict &Dict,
                    const LoadIntoOptions &Options = {});

} // namespace modelcompat

#endif
