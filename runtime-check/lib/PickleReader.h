//===- PickleReader.h - A restricted unpickler for checkpoints --*- C++ -*-===//
//
// Reads the pickles torch.save and TorchScript archives write (data.pkl) into
// a tree of plain values. It executes nothing: each GLOBAL is looked up in a
// fixed table of what a state dict needs (OrderedDict, tensor rebuilders,
// storage classes, torch.jit._pickle's typed-container tags and, for
// TorchScript archives, module classes, which only name an object), and any
// other global is an error that names it.
//
// Values live in one arena and refer to each other by index, so hostile
// input (cycles through the memo, deep nesting) cannot leak or overflow the
// stack when the tree is destroyed. Cost is bounded by the input: None, True
// and False are shared, every opcode does constant work plus the items it
// moves once (REDUCE reads its arguments in place), and the values made,
// the stack (with its marks) and the memo each stay below the budget
// pickleValueBudget() gives for the record's size.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_RUNTIME_PICKLEREADER_H
#define MODELCOMPAT_RUNTIME_PICKLEREADER_H

#include <c10/core/ScalarType.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace modelcompat {

/// What a PickleValue is.
enum class PickleKind : uint8_t {
  None, Bool, Int, Float, String, Bytes, Tuple, List, Dict,
  Global,  ///< An allowed callable or class; see PickleGlobal.
  Storage, ///< A storage, from the persistent-load protocol.
  Tensor,  ///< _rebuild_tensor_v2 (or _rebuild_parameter) applied.
  Object,  ///< An instance of a TorchScript class (module), with its state.
};

/// The globals the unpickler allows.
enum class PickleGlobal : uint8_t {
  OrderedDict,
  RebuildTensor,    ///< torch._utils._rebuild_tensor_v2
  RebuildParameter, ///< torch._utils._rebuild_parameter
  StorageClass,     ///< torch.FloatStorage, ...; DType says which.
  ScriptClass,      ///< __torch__.* (TorchScript archives only).
  ScriptListBuilder, ///< torch.jit._pickle.build_intlist and friends.
  ScriptTypeTag,     ///< torch.jit._pickle.restore_type_tag.
};

/// One value of an unpickled tree. Which fields mean something depends on
/// Kind; children are indices into the tree's arena.
struct PickleValue {
  PickleKind Kind = PickleKind::None;
  PickleGlobal Global = PickleGlobal::OrderedDict; ///< Kind == Global.
  c10::ScalarType DType = c10::ScalarType::Undefined; ///< Storage, StorageClass.
  int64_t Int = 0;   ///< Int, Bool; Storage: numel; Tensor: storage offset.
  double Float = 0;
  std::string Text;  ///< String, Bytes; Global/Object: qualified name;
                     ///< Storage: its key.
  /// Tuple, List: elements. Dict: key, value, key, value... Tensor: the
  /// storage. Object: the state (after BUILD), if any.
  std::vector<uint32_t> Items;
  std::vector<int64_t> Sizes, Strides; ///< Tensor.
};

/// Tensors have at most this many dimensions (PyTorch's own limit is lower).
inline constexpr size_t MaxTensorDims = 64;

/// How many values, stack slots or memo entries a pickle of Bytes bytes may
/// use: half its size plus a fixed allowance. A value other than None, True
/// or False costs at least two bytes of a real pickle (an opcode and its
/// argument, or the key or index that places it).
inline constexpr uint64_t pickleValueBudget(uint64_t Bytes) { return Bytes / 2 + 1024; }

/// An unpickled tree.
struct PickleTree {
  std::vector<PickleValue> Values;
  uint32_t Root = 0;
  uint64_t InputBytes = 0; ///< The size of the pickle it came from.
  /// Work the unpickler did: values made plus item slots filled. Linear in
  /// InputBytes for any input (tests assert it).
  uint64_t Work = 0;
  const PickleValue &at(uint32_t Index) const { return Values[Index]; }
};

/// What the unpickler accepts beyond plain data.
struct PicklePolicy {
  bool AllowScriptClasses = false; ///< __torch__.* classes (TorchScript).
};

/// Unpickles Bytes, the record Record of checkpoint File. Throws Error:
///   "checkpoint 'F': forbidden global 'os.system' in R"
///   "checkpoint 'F': invalid pickle in R at offset N: <why>"
/// where <why> may be a limit: "more than B values for a pickle of S bytes",
/// "more than B values on the stack ...", "more than B memo entries ...",
/// "tensor size has N dimensions (limit 64)".
PickleTree unpickle(std::string_view Bytes, const std::string &File,
                    const std::string &Record, const PicklePolicy &Policy);

/// The dtype of a storage class name ("FloatStorage"), or Undefined.
c10::ScalarType storageClassType(std::string_view Name);

} // namespace modelcompat

#endif
