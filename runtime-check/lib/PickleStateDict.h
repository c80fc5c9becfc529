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
  std::string StorageKey;     ///< The record data/<StorageKey>.
  int64_t StorageNumel = 0;   ///< Elements in the whole storage.
  int64_t StorageOffset = 0;  ///< In elements.
  std::vector<int64_t> Sizes, Strides;
};

/// The tensors of Tree in file order. Format says how to walk it (a dict
/// for PythonZip, module objects for Libtorch); Options.Key selects a nested
/// dict or sub-module. Throws Error naming File (and the key) when the
/// selection does not exist or a view reaches outside its storage.
std::vector<PickledTensor> collectPickledTensors(const PickleTree &Tree,
                                                 CheckpointFormat Format,
                                                 const CheckpointLoadOptions &Options,
                                                 const std::string &File);

} // namespace modelcompat

#endif
