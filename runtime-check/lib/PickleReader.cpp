//===- PickleReader.cpp - A restricted unpickler for checkpoints ---------===//
#include "PickleReader.h"

#include "CheckpointFile.h"

#include "modelcompat/support/Error.h"

#include <cstdio>
#include <cstring>

namespace modelcompat {
namespace {

/// The opcodes torch.save and TorchScript emit (protocol 2), plus the few
/// protocol 4 ones a re-pickled file may carry. Everything else is refused.
enum Opcode : uint8_t {
  Mark = '(',
  Stop = '.',
  Pop = '0',
  PopMark = '1',
  Dup = '2',
  BinInt = 'J',
  BinInt1 = 'K',
  BinInt2 = 'M',
  NoneOp = 'N',
  BinPersId = 'Q',
  Reduce = 'R',
  BinString = 'T',
  ShortBinString = 'U',
  BinUnicode = 'X',
  Append = 'a',
  Build = 'b',
  GlobalOp = 'c',
  DictOp = 'd',
  EmptyDict = '}',
  Appends = 'e',
  BinGet = 'h',
  LongBinGet = 'j',
  ListOp = 'l',
  EmptyList = ']',
  BinPut = 'q',
  LongBinPut = 'r',
  SetItem = 's',
  TupleOp = 't',
  EmptyTuple = ')',
  SetItems = 'u',
  BinFloat = 'G',
  BinBytes = 'B',
  ShortBinBytes = 'C',
  Proto = 0x80,
  NewObj = 0x81,
  Tuple1 = 0x85,
  Tuple2 = 0x86,
  Tuple3 = 0x87,
  NewTrue = 0x88,
  NewFalse = 0x89,
  Long1 = 0x8a,
  Long4 = 0x8b,
  ShortBinUnicode = 0x8c,
  BinUnicode8 = 0x8d,
  BinBytes8 = 0x8e,
  StackGlobal = 0x93,
  Memoize = 0x94,
  Frame = 0x95,
};

struct StorageClassName {
  const char *Name, *Qualified;
  c10::ScalarType Type;
};

constexpr StorageClassName StorageClasses[] = {
    {"DoubleStorage", "torch.DoubleStorage", c10::kDouble},
    {"FloatStorage", "torch.FloatStorage", c10::kFloat},
    {"HalfStorage", "torch.HalfStorage", c10::kHalf},
    {"BFloat16Storage", "torch.BFloat16Storage", c10::kBFloat16},
    {"LongStorage", "torch.LongStorage", c10::kLong},
    {"IntStorage", "torch.IntStorage", c10::kInt},
    {"ShortStorage", "torch.ShortStorage", c10::kShort},
    {"CharStorage", "torch.CharStorage", c10::kChar},
    {"ByteStorage", "torch.ByteStorage", c10::kByte},
    {"BoolStorage", "torch.BoolStorage", c10::kBool},
    {"ComplexFloatStorage", "torch.ComplexFloatStorage", c10::kComplexFloat},
    {"ComplexDoubleStorage", "torch.ComplexDoubleStorage", c10::kComplexDouble},
};

/// The shared immutable values every tree starts with.
enum SharedValue : uint32_t { SharedNone = 0, SharedFalse = 1, SharedTrue = 2 };

/// A memo slot nothing was put in.
constexpr uint32_t Unset = ~uint32_t(0);

/// The allowed globals with fixed names (the tree points at these, no copy):
/// tensor rebuilders and torch.jit._pickle's typed-container tags, pure
/// data builders that torch::pickle_save writes into Python-format files
/// too (a Dict[str, Tensor] gets restore_type_tag).
struct FixedGlobal {
  const char *Module, *Name, *Qualified;
  PickleGlobal Global;
};

constexpr FixedGlobal FixedGlobals[] = {
    {"collections", "OrderedDict", "collections.OrderedDict", PickleGlobal::OrderedDict},
    {"torch._utils", "_rebuild_tensor_v2", "torch._utils._rebuild_tensor_v2",
     PickleGlobal::RebuildTensor},
    {"torch._utils", "_rebuild_parameter", "torch._utils._rebuild_parameter",
     PickleGlobal::RebuildParameter},
    {"torch.jit._pickle", "restore_type_tag", "torch.jit._pickle.restore_type_tag",
     PickleGlobal::ScriptTypeTag},
    {"torch.jit._pickle", "build_intlist", "torch.jit._pickle.build_intlist",
     PickleGlobal::ScriptListBuilder},
    {"torch.jit._pickle", "build_doublelist", "torch.jit._pickle.build_doublelist",
     PickleGlobal::ScriptListBuilder},
    {"torch.jit._pickle", "build_boollist", "torch.jit._pickle.build_boollist",
     PickleGlobal::ScriptListBuilder},
    {"torch.jit._pickle", "build_tensorlist", "torch.jit._pickle.build_tensorlist",
     PickleGlobal::ScriptListBuilder},
    {"torch.jit._pickle", "build_genericlist", "torch.jit._pickle.build_genericlist",
     PickleGlobal::ScriptListBuilder},
};

/// Slots a list or dict holds room for.
uint64_t capacityOf(const PickleNode &Node) {
  return Node.Capacity ? uint64_t(1) << (Node.Capacity - 1) : Node.Count;
}

class Unpickler {
public:
  Unpickler(std::string_view Bytes, const std::string &File, const std::string &Record,
            const PicklePolicy &Policy)
      : Bytes(Bytes), File(File), Record(Record), Policy(Policy),
        Budget(pickleValueBudget(Bytes.size())), MemoryBudget(pickleMemoryBudget(Bytes.size())) {
    Tree.InputBytes = Bytes.size();
    make({});
    makeInt(0, PickleKind::Bool);
    makeInt(1, PickleKind::Bool);
  }

  PickleTree run();

private:
  [[noreturn]] void fail(const std::string &Why) const {
    throw Error(checkpointMessage(File, "invalid pickle in " + Record + " at offset " +
                                            std::to_string(OpOffset) + ": " + Why));
  }
  std::string_view take(uint64_t Count);
  uint64_t readLittle(unsigned Width);
  std::string_view readLine();
  int64_t readSignedInteger(uint64_t Width);

  /// Charges Extra bytes of memory, failing past the budget.
  void charge(uint64_t Extra);
  /// Resizes Array to NewSize, charging what it allocates.
  template <typename T, unsigned Bits> void grow(ChunkedArray<T, Bits> &Array, uint64_t NewSize) {
    charge(Array.bytesToGrow(NewSize));
    Array.resize(NewSize);
  }
  template <typename T, unsigned Bits> void append(ChunkedArray<T, Bits> &Array, T Value) {
    grow(Array, Array.size() + 1);
    Array.back() = Value;
  }
  std::string_view copyText(std::string_view Text);

  uint32_t make(PickleNode Node);
  uint32_t makeText(PickleKind Kind, std::string_view Text);
  uint32_t makeInt(int64_t Value, PickleKind Kind = PickleKind::Int);
  void push(uint32_t Index);
  void checkBudget(uint64_t Used, const char *What);
  uint32_t pop();
  uint32_t top() const;
  /// Removes the last mark; the items above it are Stack[Base, size()).
  size_t popMark();
  /// Copies Stack[Base, size()) to fresh slots, then drops them.
  uint64_t moveToSlots(size_t Base);
  PickleNode &node(uint32_t Index) { return Tree.Values[Index]; }
  PickleValue value(uint32_t Index) const { return Tree.at(Index); }

  void step(uint8_t Op);
  uint32_t resolveGlobal(std::string_view Module, std::string_view Name);
  uint32_t call(uint32_t Callable, uint32_t Args);
  uint32_t rebuildTensor(const PickleValue &Args);
  uint32_t loadPersistent(uint32_t Id);
  void checkIntTuple(const PickleValue &Tuple, const char *What) const;
  void build(uint32_t State);
  /// Appends Stack[Base, size()) to the list or dict Target, then drops them.
  void extend(uint32_t Target, size_t Base);
  void appendTo(uint32_t List, size_t Base);
  void setItems(uint32_t Dict, size_t Base);
  void memoPut(uint64_t Key, uint32_t Value);

  std::string_view Bytes;
  const std::string &File;
  const std::string &Record;
  const PicklePolicy &Policy;
  uint64_t Pos = 0;
  uint64_t OpOffset = 0;
  bool Stopped = false;
  ChunkedArray<uint32_t> Stack;
  ChunkedArray<uint32_t> Marks;
  ChunkedArray<uint32_t> Memo; ///< By key; Unset where nothing was put.
  uint64_t MemoEntries = 0;
  uint64_t Budget;
  uint64_t MemoryBudget;
  PickleTree Tree;
};

void Unpickler::checkBudget(uint64_t Used, const char *What) {
  if (Used > Budget)
    fail("more than " + std::to_string(Budget) + " " + What + " for a pickle of " +
         std::to_string(Bytes.size()) + " bytes");
}

void Unpickler::charge(uint64_t Extra) {
  if (Extra > MemoryBudget - Tree.Memory)
    fail("more than " + std::to_string(MemoryBudget) + " bytes of memory for a pickle of " +
         std::to_string(Bytes.size()) + " bytes");
  Tree.Memory += Extra;
}

void Unpickler::push(uint32_t Index) {
  checkBudget(Stack.size() + Marks.size() + 1, "values on the stack");
  append(Stack, Index);
}

std::string_view Unpickler::take(uint64_t Count) {
  if (Count > Bytes.size() - Pos)
    fail("truncated (needs " + std::to_string(Count) + " more bytes, " +
         std::to_string(Bytes.size() - Pos) + " left)");
  std::string_view Out = Bytes.substr(Pos, Count);
  Pos += Count;
  return Out;
}

uint64_t Unpickler::readLittle(unsigned Width) {
  std::string_view Raw = take(Width);
  uint64_t Value = 0;
  for (unsigned I = 0; I < Width; ++I)
    Value |= uint64_t(static_cast<unsigned char>(Raw[I])) << (8 * I);
  return Value;
}

std::string_view Unpickler::readLine() {
  size_t End = Bytes.find('\n', Pos);
  if (End == std::string_view::npos)
    fail("truncated (unterminated GLOBAL name)");
  std::string_view Line = Bytes.substr(Pos, End - Pos);
  Pos = End + 1;
  return Line;
}

int64_t Unpickler::readSignedInteger(uint64_t Width) {
  if (Width > 8)
    fail("integer of " + std::to_string(Width) + " bytes is too large");
  if (Width == 0)
    return 0;
  uint64_t Value = readLittle(static_cast<unsigned>(Width));
  if (Width < 8 && (Value >> (8 * Width - 1)) & 1)
    Value |= ~uint64_t(0) << (8 * Width); // sign-extend
  return static_cast<int64_t>(Value);
}

std::string_view Unpickler::copyText(std::string_view Text) {
  charge(Tree.Text.bytesToAdd(Text.size()));
  return Tree.Text.add(Text);
}

uint32_t Unpickler::make(PickleNode Node) {
  checkBudget(Tree.Values.size() + 1, "values");
  ++Tree.Work;
  append(Tree.Values, Node);
  return static_cast<uint32_t>(Tree.Values.size() - 1);
}

uint32_t Unpickler::makeText(PickleKind Kind, std::string_view Text) {
  PickleNode Node;
  Node.Kind = Kind;
  // Counted as a value first: a flood of empty strings fails on values.
  checkBudget(Tree.Values.size() + 1, "values");
  std::string_view Copy = copyText(Text);
  Node.Count = static_cast<uint32_t>(Copy.size()); // the pickle is < 4 GiB
  Node.Payload = reinterpret_cast<uint64_t>(Copy.data());
  return make(Node);
}

uint32_t Unpickler::makeInt(int64_t Int, PickleKind Kind) {
  PickleNode Node;
  Node.Kind = Kind;
  Node.Payload = static_cast<uint64_t>(Int);
  return make(Node);
}

uint32_t Unpickler::pop() {
  size_t Base = Marks.empty() ? 0 : Marks.back();
  if (Stack.size() <= Base)
    fail("stack underflow");
  uint32_t Index = Stack.back();
  Stack.resize(Stack.size() - 1);
  return Index;
}

uint32_t Unpickler::top() const {
  size_t Base = Marks.empty() ? 0 : Marks[Marks.size() - 1];
  if (Stack.size() <= Base)
    fail("stack underflow");
  return Stack[Stack.size() - 1];
}

size_t Unpickler::popMark() {
  if (Marks.empty())
    fail("no MARK on the stack");
  size_t Base = Marks.back();
  Marks.resize(Marks.size() - 1);
  Tree.Work += Stack.size() - Base;
  return Base;
}

uint64_t Unpickler::moveToSlots(size_t Base) {
  uint64_t Begin = Tree.Slots.size();
  grow(Tree.Slots, Begin + (Stack.size() - Base));
  for (size_t I = Base; I < Stack.size(); ++I)
    Tree.Slots[Begin + (I - Base)] = Stack[I];
  Stack.resize(Base);
  return Begin;
}

uint32_t Unpickler::resolveGlobal(std::string_view Module, std::string_view Name) {
  PickleNode Node;
  Node.Kind = PickleKind::Global;
  auto Allow = [&](PickleGlobal Global, std::string_view Qualified) {
    Node.Global = Global;
    Node.Count = static_cast<uint32_t>(Qualified.size());
    Node.Payload = reinterpret_cast<uint64_t>(Qualified.data());
    return make(Node);
  };
  for (const FixedGlobal &Fixed : FixedGlobals)
    if (Module == Fixed.Module && Name == Fixed.Name)
      return Allow(Fixed.Global, Fixed.Qualified);
  std::string Qualified = std::string(Module) + "." + std::string(Name);
  if (Module == "torch")
    for (const StorageClassName &Class : StorageClasses)
      if (Name == Class.Name) {
        Node.DType = Class.Type;
        return Allow(PickleGlobal::StorageClass, Class.Qualified);
      }
  if (Policy.AllowScriptClasses && (Module == "__torch__" || Module.rfind("__torch__.", 0) == 0))
    return Allow(PickleGlobal::ScriptClass, copyText(Qualified));
  throw Error(checkpointMessage(File, "forbidden global '" + Qualified + "' in " + Record));
}

void Unpickler::checkIntTuple(const PickleValue &Tuple, const char *What) const {
  if (Tuple.Kind != PickleKind::Tuple && Tuple.Kind != PickleKind::List)
    fail(std::string(What) + " is not a tuple");
  // Checked before copying: one memoised tuple may be shared by every tensor.
  if (Tuple.Items.size() > MaxTensorDims)
    fail("tensor size has " + std::to_string(Tuple.Items.size()) + " dimensions (limit " +
         std::to_string(MaxTensorDims) + ")");
  for (size_t I = 0; I < Tuple.Items.size(); ++I) {
    PickleValue Item = value(Tuple.Items[I]);
    if (Item.Kind != PickleKind::Int)
      fail(std::string(What) + " holds a non-integer");
    if (Item.Int < 0)
      fail(std::string(What) + " holds a negative value");
  }
}

uint32_t Unpickler::rebuildTensor(const PickleValue &Args) {
  // _rebuild_tensor_v2(storage, offset, size, stride, requires_grad,
  //                    backward_hooks[, metadata])
  if (Args.Items.size() != 6 && Args.Items.size() != 7)
    fail("_rebuild_tensor_v2 takes 6 or 7 arguments, got " + std::to_string(Args.Items.size()));
  PickleValue Storage = value(Args.Items[0]), Offset = value(Args.Items[1]);
  if (Storage.Kind != PickleKind::Storage)
    fail("_rebuild_tensor_v2 needs a storage");
  if (Offset.Kind != PickleKind::Int || Offset.Int < 0)
    fail("_rebuild_tensor_v2 needs a non-negative storage offset");
  PickleValue Sizes = value(Args.Items[2]), Strides = value(Args.Items[3]);
  checkIntTuple(Sizes, "tensor size");
  checkIntTuple(Strides, "tensor stride");
  if (Sizes.Items.size() != Strides.Items.size())
    fail("tensor size and stride differ in length");
  // Copied: a list given as the size may be appended to later.
  size_t Dims = Sizes.Items.size();
  uint64_t Begin = Tree.TensorInts.size();
  grow(Tree.TensorInts, Begin + 2 + 2 * Dims);
  Tree.TensorInts[Begin] = Args.Items[0];
  Tree.TensorInts[Begin + 1] = Offset.Int;
  for (size_t D = 0; D < Dims; ++D) {
    Tree.TensorInts[Begin + 2 + D] = value(Sizes.Items[D]).Int;
    Tree.TensorInts[Begin + 2 + Dims + D] = value(Strides.Items[D]).Int;
  }
  PickleNode Tensor;
  Tensor.Kind = PickleKind::Tensor;
  Tensor.DType = Storage.DType;
  Tensor.Count = static_cast<uint32_t>(Dims);
  Tensor.Payload = Begin;
  return make(Tensor);
}

uint32_t Unpickler::call(uint32_t Callable, uint32_t ArgsIndex) {
  PickleValue Function = value(Callable);
  if (Function.Kind != PickleKind::Global)
    fail("REDUCE on a value that is not callable");
  // Read in place, never copied: a long tuple may be passed many times.
  PickleValue Args = value(ArgsIndex);
  if (Args.Kind != PickleKind::Tuple)
    fail("REDUCE arguments are not a tuple");
  std::string Name(Function.Text);
  switch (Function.Global) {
  case PickleGlobal::OrderedDict: {
    if (!Args.Items.empty())
      fail("OrderedDict with arguments is not supported");
    PickleNode Dict;
    Dict.Kind = PickleKind::Dict;
    return make(Dict);
  }
  case PickleGlobal::RebuildTensor:
    return rebuildTensor(Args);
  case PickleGlobal::RebuildParameter:
    if (Args.Items.empty() || value(Args.Items[0]).Kind != PickleKind::Tensor)
      fail("_rebuild_parameter needs a tensor");
    return Args.Items[0];
  case PickleGlobal::ScriptClass: {
    if (!Args.Items.empty())
      fail("'" + Name + "' called with arguments");
    PickleNode Object; // its name is its class's
    Object.Kind = PickleKind::Object;
    Object.Count = Callable;
    return make(Object);
  }
  case PickleGlobal::ScriptListBuilder:
    if (Args.Items.size() != 1 || value(Args.Items[0]).Kind != PickleKind::List)
      fail("'" + Name + "' needs one list");
    return Args.Items[0];
  case PickleGlobal::ScriptTypeTag:
    if (Args.Items.empty())
      fail("'" + Name + "' needs a value");
    return Args.Items[0];
  case PickleGlobal::StorageClass:
    break;
  }
  fail("'" + Name + "' cannot be called");
}

uint32_t Unpickler::loadPersistent(uint32_t IdIndex) {
  // ('storage', torch.FloatStorage, key, location, numel)
  PickleValue Id = value(IdIndex);
  if (Id.Kind != PickleKind::Tuple || Id.Items.size() != 5)
    fail("unsupported persistent id (expected a 5-tuple)");
  PickleValue Tag = value(Id.Items[0]);
  PickleValue Class = value(Id.Items[1]);
  PickleValue Key = value(Id.Items[2]);
  PickleValue Numel = value(Id.Items[4]);
  if (Tag.Kind != PickleKind::String || Tag.Text != "storage")
    fail("unsupported persistent id (expected 'storage')");
  if (Class.Kind != PickleKind::Global || Class.Global != PickleGlobal::StorageClass)
    fail("persistent id names no storage class");
  if (Key.Kind != PickleKind::String && Key.Kind != PickleKind::Int)
    fail("persistent id has an invalid storage key");
  if (Numel.Kind != PickleKind::Int || Numel.Int < 0)
    fail("persistent id has an invalid element count");
  PickleNode Storage;
  Storage.Kind = PickleKind::Storage;
  Storage.DType = Class.DType;
  Storage.Count = Key.Kind == PickleKind::String
                      ? Id.Items[2]
                      : makeText(PickleKind::String, std::to_string(Key.Int));
  Storage.Payload = static_cast<uint64_t>(Numel.Int);
  return make(Storage);
}

void Unpickler::build(uint32_t State) {
  uint32_t Target = top();
  switch (node(Target).Kind) {
  case PickleKind::Object:
    node(Target).Payload = uint64_t(State) + 1;
    return;
  case PickleKind::Dict:   // OrderedDict's _metadata attribute: not needed.
  case PickleKind::Tensor: // a Parameter's extra state: not needed.
    return;
  default:
    fail("BUILD on a value that is not an object");
  }
}

void Unpickler::extend(uint32_t Target, size_t Base) {
  uint64_t Added = Stack.size() - Base;
  Tree.Work += Added;
  PickleNode Node = node(Target);
  uint64_t Count = Node.Count + Added;
  // At most one item per byte of a pickle < 4 GiB: Count fits.
  uint64_t End = Node.Payload + Node.Count;
  if (Node.Count == 0 || End == Tree.Slots.size()) {
    // The last range of the slots (or none yet) grows in place.
    if (Node.Count == 0)
      Node.Payload = Tree.Slots.size();
    grow(Tree.Slots, Node.Payload + Count);
    Node.Capacity = 0;
  } else if (Count > capacityOf(Node)) {
    // Elsewhere: move to the end with twice the room, so moves cost
    // amortised constant work per item.
    uint8_t Log = 0;
    while ((uint64_t(1) << Log) < Count)
      ++Log;
    uint64_t Begin = Tree.Slots.size();
    grow(Tree.Slots, Begin + (uint64_t(1) << Log));
    for (uint32_t I = 0; I < Node.Count; ++I)
      Tree.Slots[Begin + I] = Tree.Slots[Node.Payload + I];
    Node.Payload = Begin;
    Node.Capacity = static_cast<uint8_t>(Log + 1);
  }
  for (uint64_t I = 0; I < Added; ++I)
    Tree.Slots[Node.Payload + Node.Count + I] = Stack[Base + I];
  Node.Count = static_cast<uint32_t>(Count);
  node(Target) = Node;
  Stack.resize(Base);
}

void Unpickler::appendTo(uint32_t List, size_t Base) {
  if (node(List).Kind != PickleKind::List)
    fail("APPEND to a value that is not a list");
  extend(List, Base);
}

void Unpickler::setItems(uint32_t Dict, size_t Base) {
  if (node(Dict).Kind != PickleKind::Dict)
    fail("SETITEM on a value that is not a dict");
  if ((Stack.size() - Base) % 2 != 0)
    fail("SETITEMS with an odd number of items");
  extend(Dict, Base);
}

void Unpickler::memoPut(uint64_t Key, uint32_t Value) {
  if (Key < Memo.size() && Memo[Key] != Unset) {
    Memo[Key] = Value;
    return;
  }
  checkBudget(MemoEntries + 1, "memo entries");
  if (Key >= Memo.size()) {
    // Memo keys are dense (pickle numbers them as it puts): a sparse key
    // costs the slots below it, charged before they are made.
    uint64_t Old = Memo.size();
    grow(Memo, Key + 1);
    for (uint64_t I = Old; I < Key; ++I)
      Memo[I] = Unset;
  }
  ++MemoEntries;
  Memo[Key] = Value;
}

void Unpickler::step(uint8_t Op) {
  switch (Op) {
  case Proto:
    if (uint64_t Version = readLittle(1); Version > 5)
      fail("unsupported protocol " + std::to_string(Version));
    return;
  case Frame:
    take(8);
    return;
  case Stop:
    Stopped = true;
    return;
  case Mark:
    checkBudget(Stack.size() + Marks.size() + 1, "values on the stack");
    append(Marks, static_cast<uint32_t>(Stack.size()));
    return;
  case Pop:
    if (!Marks.empty() && Stack.size() == Marks.back())
      Marks.resize(Marks.size() - 1);
    else
      pop();
    return;
  case PopMark:
    Stack.resize(popMark());
    return;
  case Dup:
    push(top());
    return;
  case NoneOp:
    push(SharedNone);
    return;
  case NewTrue:
  case NewFalse:
    push(Op == NewTrue ? SharedTrue : SharedFalse);
    return;
  case BinInt:
    push(makeInt(readSignedInteger(4)));
    return;
  case BinInt1:
    push(makeInt(static_cast<int64_t>(readLittle(1))));
    return;
  case BinInt2:
    push(makeInt(static_cast<int64_t>(readLittle(2))));
    return;
  case Long1:
    push(makeInt(readSignedInteger(readLittle(1))));
    return;
  case Long4:
    push(makeInt(readSignedInteger(readLittle(4))));
    return;
  case BinFloat: {
    std::string_view Raw = take(8);
    uint64_t Bits = 0;
    for (char Byte : Raw) // big-endian
      Bits = (Bits << 8) | static_cast<unsigned char>(Byte);
    PickleNode Node;
    Node.Kind = PickleKind::Float;
    Node.Payload = Bits;
    push(make(Node));
    return;
  }
  case ShortBinUnicode:
  case ShortBinString:
    push(makeText(PickleKind::String, take(readLittle(1))));
    return;
  case BinUnicode:
  case BinString:
    push(makeText(PickleKind::String, take(readLittle(4))));
    return;
  case BinUnicode8:
    push(makeText(PickleKind::String, take(readLittle(8))));
    return;
  case ShortBinBytes:
    push(makeText(PickleKind::Bytes, take(readLittle(1))));
    return;
  case BinBytes:
    push(makeText(PickleKind::Bytes, take(readLittle(4))));
    return;
  case BinBytes8:
    push(makeText(PickleKind::Bytes, take(readLittle(8))));
    return;
  case EmptyTuple:
  case EmptyList:
  case EmptyDict: {
    PickleNode Node;
    Node.Kind = Op == EmptyTuple  ? PickleKind::Tuple
                : Op == EmptyList ? PickleKind::List
                                  : PickleKind::Dict;
    push(make(Node));
    return;
  }
  case TupleOp:
  case ListOp: {
    size_t Base = popMark();
    PickleNode Node;
    Node.Kind = Op == TupleOp ? PickleKind::Tuple : PickleKind::List;
    checkBudget(Tree.Values.size() + 1, "values");
    Node.Count = static_cast<uint32_t>(Stack.size() - Base);
    Node.Payload = moveToSlots(Base);
    push(make(Node));
    return;
  }
  case Tuple1:
  case Tuple2:
  case Tuple3: {
    size_t Count = Op - Tuple1 + 1;
    size_t Base = Marks.empty() ? 0 : Marks.back();
    if (Stack.size() - Base < Count)
      fail("stack underflow");
    PickleNode Node;
    Node.Kind = PickleKind::Tuple;
    checkBudget(Tree.Values.size() + 1, "values");
    Node.Count = static_cast<uint32_t>(Count);
    Node.Payload = moveToSlots(Stack.size() - Count);
    Tree.Work += Count;
    push(make(Node));
    return;
  }
  case DictOp: {
    size_t Base = popMark();
    PickleNode Node;
    Node.Kind = PickleKind::Dict;
    uint32_t Dict = make(Node);
    setItems(Dict, Base);
    push(Dict);
    return;
  }
  case Append: {
    uint32_t Item = pop();
    uint32_t List = top();
    push(Item); // extend() takes its items from the stack
    appendTo(List, Stack.size() - 1);
    return;
  }
  case Appends: {
    size_t Base = popMark();
    // The list lies just below the mark, above any outer one.
    if (Base == 0 || (!Marks.empty() && Base <= Marks.back()))
      fail("stack underflow");
    appendTo(Stack[Base - 1], Base);
    return;
  }
  case SetItem: {
    uint32_t Value = pop();
    uint32_t Key = pop();
    uint32_t Dict = top();
    push(Key);
    push(Value);
    setItems(Dict, Stack.size() - 2);
    return;
  }
  case SetItems: {
    size_t Base = popMark();
    if (Base == 0 || (!Marks.empty() && Base <= Marks.back()))
      fail("stack underflow");
    setItems(Stack[Base - 1], Base);
    return;
  }
  case GlobalOp: {
    std::string_view Module = readLine();
    std::string_view Name = readLine();
    push(resolveGlobal(Module, Name));
    return;
  }
  case StackGlobal: {
    uint32_t Name = pop();
    uint32_t Module = pop();
    PickleValue NameValue = value(Name), ModuleValue = value(Module);
    if (NameValue.Kind != PickleKind::String || ModuleValue.Kind != PickleKind::String)
      fail("STACK_GLOBAL needs two strings");
    push(resolveGlobal(ModuleValue.Text, NameValue.Text));
    return;
  }
  case Reduce:
  case NewObj: {
    uint32_t Args = pop();
    uint32_t Callable = pop();
    push(call(Callable, Args));
    return;
  }
  case Build:
    build(pop());
    return;
  case BinPersId:
    push(loadPersistent(pop()));
    return;
  case BinPut:
  case LongBinPut: {
    uint64_t Key = readLittle(Op == BinPut ? 1 : 4);
    memoPut(Key, top());
    return;
  }
  case Memoize:
    memoPut(MemoEntries, top());
    return;
  case BinGet:
  case LongBinGet: {
    uint64_t Key = readLittle(Op == BinGet ? 1 : 4);
    if (Key >= Memo.size() || Memo[Key] == Unset)
      fail("memo index " + std::to_string(Key) + " out of range");
    push(Memo[Key]);
    return;
  }
  default: {
    char Hex[8];
    std::snprintf(Hex, sizeof(Hex), "0x%02x", Op);
    fail(std::string("unsupported opcode ") + Hex);
  }
  }
}

PickleTree Unpickler::run() {
  if (Bytes.size() > UINT32_MAX)
    fail("a pickle of " + std::to_string(Bytes.size()) + " bytes is larger than 4 GiB");
  while (!Stopped) {
    OpOffset = Pos;
    if (Pos >= Bytes.size())
      fail("truncated (no STOP opcode)");
    step(static_cast<uint8_t>(Bytes[Pos++]));
  }
  Tree.Root = pop();
  return std::move(Tree);
}

} // namespace

c10::ScalarType storageClassType(std::string_view Name) {
  for (const StorageClassName &Entry : StorageClasses)
    if (Name == Entry.Name)
      return Entry.Type;
  return c10::ScalarType::Undefined;
}

PickleTree unpickle(std::string_view Bytes, const std::string &File, const std::string &Record,
                    const PicklePolicy &Policy) {
  return Unpickler(Bytes, File, Record, Policy).run();
}

} // namespace modelcompat
