//===- PickleTree.cpp - The values an unpickler makes, compactly ---------===//
#include "PickleTree.h"

#include <cstring>

namespace modelcompat {
namespace {

/// The text a String, Bytes or Global node points at.
std::string_view nodeText(const PickleNode &Node) {
  return {reinterpret_cast<const char *>(Node.Payload), Node.Count};
}

} // namespace

uint64_t TextArena::bytesToAdd(size_t Size) const {
  if (Size == 0 || Size <= Left)
    return 0;
  return Size > BlockSize / 4 ? Size : BlockSize;
}

std::string_view TextArena::add(std::string_view Text) {
  if (Text.empty())
    return {"", 0}; // no block, and never a null pointer
  if (Text.size() > Left) {
    if (Text.size() > BlockSize / 4) {
      // A long string gets a block of its own; the current one stays open.
      Blocks.emplace_back(new char[Text.size()]);
      std::memcpy(Blocks.back().get(), Text.data(), Text.size());
      return {Blocks.back().get(), Text.size()};
    }
    Blocks.emplace_back(new char[BlockSize]);
    Free = Blocks.back().get();
    Left = BlockSize;
  }
  std::memcpy(Free, Text.data(), Text.size());
  std::string_view Out(Free, Text.size());
  Free += Text.size();
  Left -= Text.size();
  return Out;
}

PickleValue PickleTree::at(uint32_t Index) const {
  const PickleNode &Node = Values[Index];
  PickleValue Value;
  Value.Kind = Node.Kind;
  Value.Global = Node.Global;
  Value.DType = Node.DType;
  switch (Node.Kind) {
  case PickleKind::None:
  case PickleKind::Bool:
  case PickleKind::Int:
    Value.Int = static_cast<int64_t>(Node.Payload);
    break;
  case PickleKind::Float:
    std::memcpy(&Value.Float, &Node.Payload, sizeof(Value.Float));
    break;
  case PickleKind::String:
  case PickleKind::Bytes:
  case PickleKind::Global:
    Value.Text = nodeText(Node);
    break;
  case PickleKind::Tuple:
  case PickleKind::List:
  case PickleKind::Dict:
    Value.Items = PickleItems(&Slots, Node.Payload, Node.Count);
    break;
  case PickleKind::Storage:
    Value.Int = static_cast<int64_t>(Node.Payload);
    Value.Text = nodeText(Values[Node.Count]);
    break;
  case PickleKind::Tensor: {
    uint64_t Begin = Node.Payload;
    Value.Items = PickleItems(static_cast<uint32_t>(TensorInts[Begin]));
    Value.Int = TensorInts[Begin + 1];
    for (uint32_t D = 0; D < Node.Count; ++D) {
      Value.Sizes.push_back(TensorInts[Begin + 2 + D]);
      Value.Strides.push_back(TensorInts[Begin + 2 + Node.Count + D]);
    }
    break;
  }
  case PickleKind::Object:
    Value.Text = nodeText(Values[Node.Count]);
    if (Node.Payload)
      Value.Items = PickleItems(static_cast<uint32_t>(Node.Payload - 1));
    break;
  }
  return Value;
}

} // namespace modelcompat
