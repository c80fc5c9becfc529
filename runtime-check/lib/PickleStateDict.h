//===- PickleStateDict.h - Find the state dict in a pickle tree -*- C++ -*-===//
//
// Python files hold a dict of tensors (an OrderedDict from state_dict(),
// maybe wrapped: {"model": sd, "epoch": 3}); TorchScript archives hold a
// module object whose attributes are tensors and sub-modules. Both become a
// flat list of dotted keys, each naming a view of a storage.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_RUNTIME_PICKLESTATEDICT_H
#define MODELCOMPAT_RUNTIME_PICKLESTATEDICT_H

#include "PickleReader.h"

#include "modelcompat/runtime/Checkpoint.h"

#include <string>
#include <vector>

namespace modelcompat {

/// One tensor of a pickled state dict: a strided view of a storage.
struct PickledTensor {
  std::string Key;
  c10::ScalarType DType = c10::ScalarType::Undefined;
  std::string StorageKey;    ///< The record data/<StorageKey>.
  int64_t StorageNumel = 0;  ///< Elements in the whole storage.
  int64_t StorageOffset = 0; ///< In elements.
  std::vector<int64_t> Sizes, Strides;
  int64_t Numel = 0; ///< Elements of the view, checked.
  int64_t Bytes = 0; ///< Numel times the element size, checked.
};

/// The most tensors one file may hold.
inline constexpr size_t MaxTensorsPerFile = 1 << 20;
/// Views whose elements overlap (a zero stride) and outnumber their
/// storage's are refused past this many elements: every later operation on
/// them would cost that much.
inline constexpr int64_t MaxOverlappingViewNumel = int64_t(1) << 24;
/// The tensor keys of a file total at most this many bytes per byte of
/// data.pkl, plus MaxKeyBytesAllowance (TorchScript keys join the names of
/// nested modules, so they may be longer than the pickle spells them).
inline constexpr uint64_t MaxKeyBytesPerPickleByte = 4;
inline constexpr uint64_t MaxKeyBytesAllowance = 1 << 20;

/// What a walk cost, for tests: objects and dict items visited, key bytes,
/// and the bytes of memory charged (the tree's, then the walk's own). Filled
/// as the walk goes, so it is meaningful after an error too.
struct PickleWalkStats {
  uint64_t Visits = 0;
  uint64_t KeyBytes = 0;
  uint64_t Memory = 0;
};

/// The tensors of Tree in file order. Format says how to walk it (a dict
/// for PythonZip, module objects for Libtorch); Options.Key selects a nested
/// dict or sub-module. A key that appears twice in a dict keeps its last
/// value, as in Python. Each module object is walked once: one reached again
/// (a shared sub-module) is an error. The tensors and the walk's own tables
/// are charged against what is left of pickleMemoryBudget() after the tree
/// (Tree.Memory), so a reader holds at most the data.pkl's size plus the
/// allowance however few bytes each tensor takes in the pickle. Throws
/// Error naming File (and the key) when the selection does not exist, a view
/// reaches outside its storage or its size overflows, or a limit above is
/// passed ("tensor 'K': more than M bytes of memory for a data.pkl of S
/// bytes").
std::vector<PickledTensor> collectPickledTensors(const PickleTree &Tree, CheckpointFormat Format,
                                                 const CheckpointLoadOptions &Options,
                                                 const std::string &File,
                                                 PickleWalkStats *Stats = nullptr);

} // namespace modelcompat

#endif
