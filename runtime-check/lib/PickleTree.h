//===- PickleTree.h - The values an unpickler makes, compactly --*- C++ -*-===//
//
// An unpickled tree: 16-byte nodes in chunked arrays that refer to each other
// by index; containers own a range of one shared slot array, text lives in
// one arena, tensor sizes in one int64 pool. Nothing ever moves once made,
// and no array ever peaks at three times its size while it grows, so the
// unpickler can charge every byte it allocates against a budget before it
// allocates it. PickleTree::at reads a node back as a PickleValue.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_RUNTIME_PICKLETREE_H
#define MODELCOMPAT_RUNTIME_PICKLETREE_H

#include <c10/core/ScalarType.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace modelcompat {

/// What a PickleValue is.
enum class PickleKind : uint8_t {
  None,
  Bool,
  Int,
  Float,
  String,
  Bytes,
  Tuple,
  List,
  Dict,
  Global,  ///< An allowed callable or class; see PickleGlobal.
  Storage, ///< A storage, from the persistent-load protocol.
  Tensor,  ///< _rebuild_tensor_v2 (or _rebuild_parameter) applied.
  Object,  ///< An instance of a TorchScript class (module), with its state.
};

/// The globals the unpickler allows.
enum class PickleGlobal : uint8_t {
  OrderedDict,
  RebuildTensor,     ///< torch._utils._rebuild_tensor_v2
  RebuildParameter,  ///< torch._utils._rebuild_parameter
  StorageClass,      ///< torch.FloatStorage, ...; DType says which.
  ScriptClass,       ///< __torch__.* (TorchScript archives only).
  ScriptListBuilder, ///< torch.jit._pickle.build_intlist and friends.
  ScriptTypeTag,     ///< torch.jit._pickle.restore_type_tag.
};

/// Growable storage in chunks of 2^ChunkBits elements: elements never move,
/// and the memory held is the size rounded up to a chunk (a std::vector
/// peaks at three times its size while it reallocates). Growth is the
/// owner's to charge: bytesToGrow() says what resize() will allocate.
template <typename T, unsigned ChunkBits = 12> class ChunkedArray {
public:
  static constexpr size_t ChunkSize = size_t(1) << ChunkBits;
  static constexpr uint64_t ChunkBytes = ChunkSize * sizeof(T) + sizeof(void *);

  size_t size() const { return Size; }
  bool empty() const { return Size == 0; }
  T &operator[](size_t I) { return Chunks[I >> ChunkBits][I & (ChunkSize - 1)]; }
  const T &operator[](size_t I) const { return Chunks[I >> ChunkBits][I & (ChunkSize - 1)]; }
  T &back() { return (*this)[Size - 1]; }
  /// The bytes resize(NewSize) allocates.
  uint64_t bytesToGrow(uint64_t NewSize) const {
    uint64_t Needed = (NewSize + ChunkSize - 1) >> ChunkBits;
    return Needed > Chunks.size() ? (Needed - Chunks.size()) * ChunkBytes : 0;
  }
  /// Bytes held.
  uint64_t bytes() const { return Chunks.size() * ChunkBytes; }
  /// New elements are uninitialised; shrinking keeps the chunks.
  void resize(size_t NewSize) {
    while (Chunks.size() * ChunkSize < NewSize)
      Chunks.emplace_back(new T[ChunkSize]);
    Size = NewSize;
  }

private:
  std::vector<std::unique_ptr<T[]>> Chunks;
  size_t Size = 0;
};

/// One value as stored: 16 bytes. What Count and Payload hold depends on
/// Kind (see PickleTree::at, which reads them).
struct PickleNode {
  PickleKind Kind = PickleKind::None;
  PickleGlobal Global = PickleGlobal::OrderedDict;
  c10::ScalarType DType = c10::ScalarType::Undefined;
  /// List, Dict: log2 of the slot capacity plus one; 0 when it is Count.
  uint8_t Capacity = 0;
  uint32_t Count = 0;
  uint64_t Payload = 0;
};
static_assert(sizeof(PickleNode) == 16, "values stay compact");

/// The items of a value: a range of the tree's slots, or one index.
class PickleItems {
public:
  PickleItems() = default;
  PickleItems(const ChunkedArray<uint32_t> *Slots, uint64_t Begin, uint32_t Count)
      : Slots(Slots), Begin(Begin), Count(Count) {}
  explicit PickleItems(uint32_t One) : Count(1), One(One) {}
  size_t size() const { return Count; }
  bool empty() const { return Count == 0; }
  uint32_t operator[](size_t I) const { return Slots ? (*Slots)[Begin + I] : One; }

private:
  const ChunkedArray<uint32_t> *Slots = nullptr;
  uint64_t Begin = 0;
  uint32_t Count = 0;
  uint32_t One = 0;
};

/// One value of an unpickled tree, as PickleTree::at reads it from its
/// node. Which fields mean something depends on Kind; items are indices
/// into the tree. Valid while the tree lives and is not moved.
struct PickleValue {
  PickleKind Kind = PickleKind::None;
  PickleGlobal Global = PickleGlobal::OrderedDict;    ///< Kind == Global.
  c10::ScalarType DType = c10::ScalarType::Undefined; ///< Storage, StorageClass, Tensor.
  int64_t Int = 0; ///< Int, Bool; Storage: numel; Tensor: storage offset.
  double Float = 0;
  std::string_view Text; ///< String, Bytes; Global/Object: qualified name;
                         ///< Storage: its key.
  /// Tuple, List: elements. Dict: key, value, key, value... Tensor: the
  /// storage. Object: the state (after BUILD), if any.
  PickleItems Items;
  std::vector<int64_t> Sizes, Strides; ///< Tensor.
};

/// The bytes of memory a pickle of Bytes bytes may make its values take:
/// its size plus PickleMemoryAllowance. With the pickle itself (mapped from
/// the file), a reader holds at most twice the input plus the allowance.
/// The state-dict walk charges against the same budget (PickleStateDict.h):
/// a state dict takes about three times its pickle in the tree and as much
/// again in the walk, so some 120,000 tensors as torch.save writes them fit.
inline constexpr uint64_t PickleMemoryAllowance = uint64_t(64) << 20;
inline constexpr uint64_t pickleMemoryBudget(uint64_t Bytes) {
  return Bytes + PickleMemoryAllowance;
}

/// Copies of the strings of a pickle, in blocks that never move.
class TextArena {
public:
  static constexpr size_t BlockSize = 64 << 10;
  /// The bytes add(Size bytes) allocates.
  uint64_t bytesToAdd(size_t Size) const;
  std::string_view add(std::string_view Text);

private:
  std::vector<std::unique_ptr<char[]>> Blocks;
  char *Free = nullptr;
  size_t Left = 0;
};

/// An unpickled tree.
struct PickleTree {
  ChunkedArray<PickleNode> Values;
  /// Items of tuples, lists, dicts; a container owns a range.
  ChunkedArray<uint32_t> Slots;
  /// Per tensor: storage index, storage offset, sizes..., strides...
  ChunkedArray<int64_t> TensorInts;
  TextArena Text;
  uint32_t Root = 0;
  uint64_t InputBytes = 0; ///< The size of the pickle it came from.
  /// Work the unpickler did: values made plus item slots filled. Linear in
  /// InputBytes for any input (tests assert it).
  uint64_t Work = 0;
  /// Bytes the unpickler allocated (the tree, and its stack, marks and memo
  /// while it ran), at most pickleMemoryBudget(InputBytes); tests assert
  /// bounds on it.
  uint64_t Memory = 0;
  PickleValue at(uint32_t Index) const;
};

} // namespace modelcompat

#endif
