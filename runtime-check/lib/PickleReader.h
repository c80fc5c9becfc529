//===- PickleReader.h - A restricted unpickler for checkpoints --*- C++ -*-===//
//
// Reads the pickles torch.save and TorchScript archives write (data.pkl) into
// a tree of plain values. It executes nothing: each GLOBAL is looked up in a
// fixed table of what a state dict needs (OrderedDict, tensor rebuilders,
// storage classes, torch.jit._pickle's typed-container tags and, for
// TorchScript archives, module classes, which only name an object), and any
// other global is an error that names it.
//
// The tree is compact (PickleTree.h), so hostile input (cycles through the
// memo, deep nesting) cannot leak or overflow the stack when it is
// destroyed. Cost is bounded by the input: None, True and False are shared,
// every opcode does constant work plus the items it moves once (REDUCE reads
// its arguments in place), the values made, the stack (with its marks) and
// the memo each stay below pickleValueBudget(), and every byte allocated is
// charged against pickleMemoryBudget().
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_RUNTIME_PICKLEREADER_H
#define MODELCOMPAT_RUNTIME_PICKLEREADER_H

#include "PickleTree.h"

#include <c10/core/ScalarType.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace modelcompat {

/// Tensors have at most this many dimensions (PyTorch's own limit is lower).
inline constexpr size_t MaxTensorDims = 64;

/// How many values, stack slots or memo entries a pickle of Bytes bytes may
/// use: half its size plus a fixed allowance. A value other than None, True
/// or False costs at least two bytes of a real pickle (an opcode and its
/// argument, or the key or index that places it).
inline constexpr uint64_t pickleValueBudget(uint64_t Bytes) { return Bytes / 2 + 1024; }

/// What the unpickler accepts beyond plain data.
struct PicklePolicy {
  bool AllowScriptClasses = false; ///< __torch__.* classes (TorchScript).
};

/// Unpickles Bytes, the record Record of checkpoint File. Throws Error:
///   "checkpoint 'F': forbidden global 'os.system' in R"
///   "checkpoint 'F': invalid pickle in R at offset N: <why>"
/// where <why> may be a limit: "more than B values for a pickle of S bytes",
/// "more than B values on the stack ...", "more than B memo entries ...",
/// "more than M bytes of memory for a pickle of S bytes" (pickleMemoryBudget),
/// "tensor size has N dimensions (limit 64)".
PickleTree unpickle(std::string_view Bytes, const std::string &File, const std::string &Record,
                    const PicklePolicy &Policy);

/// The dtype of a storage class name ("FloatStorage"), or Undefined.
c10::ScalarType storageClassType(std::string_view Name);

} // namespace modelcompat

#endif
