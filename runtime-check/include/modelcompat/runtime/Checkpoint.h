//===- Checkpoint.h - Read, inspect and write checkpoint files --*- C++ -*-===//
//
// One entry point per job over a table of readers, one per format. The format
// is sniffed from the bytes, never from the file name. Nothing in a checkpoint
// is ever executed: pickles go through a restricted unpickler that builds
// plain data and rejects every global a state dict does not need.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_RUNTIME_CHECKPOINT_H
#define MODELCOMPAT_RUNTIME_CHECKPOINT_H

#include "modelcompat/runtime/StateDict.h"
#include "modelcompat/support/AtomicFile.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace modelcompat {

/// The checkpoint formats modelcompat reads.
enum class CheckpointFormat {
  Libtorch,    ///< torch::save(module / tensors), serialize::OutputArchive,
               ///< torch.jit.save: a TorchScript zip archive.
  PythonZip,   ///< Python torch.save(...) (zip, pickled data.pkl + storages).
  Safetensors, ///< safetensors: 8-byte header length, JSON header, data.
};

/// "libtorch", "python-zip" or "safetensors".
std::string formatName(CheckpointFormat Format);

/// What to read from a checkpoint.
struct CheckpointLoadOptions {
  /// Selects a nested state dict: for Python files the key of the wrapping
  /// dict ({"model": sd, "epoch": 3} -> "model"; dots walk deeper dicts), for
  /// libtorch archives and safetensors a key prefix ("model" keeps
  /// "model.x" as "x"). Empty: the whole file.
  std::string Key;
};

/// One tensor as inspect reports it.
struct TensorInfo {
  std::string Key;
  std::string DType;          ///< torch's name: "float32", "bfloat16", "int64".
  std::vector<int64_t> Shape; ///< Empty for a scalar.
  uint64_t Bytes = 0;         ///< numel x element size.
};

/// What inspect reports about a checkpoint file.
struct CheckpointInfo {
  std::string Path;
  CheckpointFormat Format = CheckpointFormat::Safetensors;
  std::vector<TensorInfo> Tensors;             ///< In file order.
  std::map<std::string, std::string> Metadata; ///< safetensors __metadata__.
  /// The sum of the tensors' Bytes; throws Error naming Path if it overflows.
  uint64_t totalBytes() const;
};

/// Which format Path holds, from its first bytes. Throws Error naming Path
/// for a missing file, a directory, an empty or unrecognised file.
CheckpointFormat detectCheckpointFormat(const std::string &Path);

/// Reads every tensor of Path into a StateDict (provenance "untouched").
/// Large tensors are memory-mapped copy-on-write where alignment allows, so
/// the file is never modified and loading costs no copy. Throws Error naming
/// the file (and key) on anything invalid.
StateDict loadCheckpoint(const std::string &Path, const CheckpointLoadOptions &Options = {});

/// Keys, dtypes, shapes and sizes of Path, read from headers and metadata
/// only (never the tensor data), so it is fast on multi-GB files.
CheckpointInfo inspectCheckpoint(const std::string &Path,
                                 const CheckpointLoadOptions &Options = {});

/// Writes Dict as safetensors (Dict.Metadata becomes __metadata__), through
/// a temporary file and a rename.
void saveSafetensors(const StateDict &Dict, const std::string &Path,
                     OverwritePolicy Policy = OverwritePolicy::Replace);

/// Writes Dict as a libtorch archive that torch::load(module, Path) reads:
/// dotted keys become nested sub-archives. Atomic like saveSafetensors.
void saveLibtorchArchive(const StateDict &Dict, const std::string &Path,
                         OverwritePolicy Policy = OverwritePolicy::Replace);

/// saveSafetensors or saveLibtorchArchive by Format; PythonZip is not
/// writable and throws Error.
void saveCheckpoint(const StateDict &Dict, const std::string &Path, CheckpointFormat Format,
                    OverwritePolicy Policy = OverwritePolicy::Replace);

/// torch's name of a dtype: "float32", "float16", "bfloat16", "int64", ...
std::string dtypeName(c10::ScalarType Type);

} // namespace modelcompat

#endif
