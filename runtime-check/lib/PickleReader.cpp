//===- PickleReader.cpp - A restricted unpickler for checkpoints ---------===//
#include "PickleReader.h"

#include "CheckpointFile.h"

#include "modelcompat/support/Error.h"

#include <cstdio>
#include <cstring>
#include <unordered_map>

namespace modelcompat {
namespace {

/// The opcodes torch.save and TorchScript emit (protocol 2), plus the few
/// protocol 4 ones a re-pickled file may carry. Everything else is refused.
enum Opcode : uint8_t {
  Mark = '(', Stop = '.', Pop = '0', PopMark = '1', Dup = '2',
  BinInt = 'J', BinInt1 = 'K', BinInt2 = 'M', NoneOp = 'N',
  BinPersId = 'Q', Reduce = 'R', BinString = 'T', ShortBinString = 'U',
  BinUnicode = 'X', Append = 'a', Build = 'b', GlobalOp = 'c', DictOp = 'd',
  EmptyDict = '}', Appends = 'e', BinGet = 'h', LongBinGet = 'j',
  ListOp = 'l', EmptyList = ']', BinPut = 'q', LongBinPut = 'r',
  SetItem = 's', TupleOp = 't', EmptyTuple = ')', SetItems = 'u',
  BinFloat = 'G', BinBytes = 'B', ShortBinBytes = 'C',
  Proto = 0x80, NewObj = 0x81, Tuple1 = 0x85, Tuple2 = 0x86, Tuple3 = 0x87,
  NewTrue = 0x88, NewFalse = 0x89, Long1 = 0x8a, Long4 = 0x8b,
  ShortBinUnicode = 0x8c, BinUnicode8 = 0x8d, BinBytes8 = 0x8e,
  StackGlobal = 0x93, Memoize = 0x94, Frame = 0x95,
};

struct StorageClassName {
  const char *Name;
  c10::ScalarType Type;
};

constexpr StorageClassName StorageClasses[] = {
    {"DoubleStorage", c10::kDouble},   {"FloatStorage", c10::kFloat},
    {"HalfStorage", c10::kHalf},       {"BFloat16Storage", c10::kBFloat16},
    {"LongStorage", c10::kLong},       {"IntStorage", c10::kInt},
    {"ShortStorage", c10::kShort},     {"CharStorage", c10::kChar},
    {"ByteStorage", c10::kByte},       {"BoolStorage", c10::kBool},
    {"ComplexFloatStorage", c10::kComplexFloat},
    {"ComplexDoubleStorage", c10::kComplexDouble},
};

constexpr const char *ScriptListBuilders[] = {
    "build_intlist", "build_doublelist", "build_boollist", "build_tensorlist",
    "build_genericlist"};

/// The shared immutable values every tree starts with.
enum SharedValue : uint32_t { SharedNone = 0, SharedFalse = 1, SharedTrue = 2 };

class Unpickler {
public:
  Unpickler(std::string_view Bytes, const std::string &File,
            const std::string &Record, const PicklePolicy &Policy)
      : Bytes(Bytes), File(File), Record(Record), Policy(Policy),
        Budget(pickleValueBudget(Bytes.size())) {
    Tree.InputBytes = Bytes.size();
    make(PickleValue());
    makeInt(0, PickleKind::Bool);
    makeInt(1, PickleKind::Bool);
  }

  PickleTree run();

private:
  [[noreturn]] void fail(const std::string &Why) const {
    throw Error(checkpointMessage(File, "invalid pickle in " + Record +
                                            " at offset " +
                                            std::to_string(OpOffset) + ": " + Why));
  }
  std::string_view take(uint64_t Count);
  uint64_t readLittle(unsigned Width);
  std::string_view readLine();
  int64_t readSignedInteger(uint64_t Width);

  uint32_t make(PickleValue Value);
  uint32_t makeText(PickleKind Kind, std::string_view Text);
  uint32_t makeInt(int64_t Value, PickleKind Kind = PickleKind::Int);
  void push(uint32_t Index);
  void checkBudget(uint64_t Used, const char *What);
  uint32_t pop();
  uint32_t top() const;
  /// Pops the items above the last mark into Into (cleared first).
  void popToMark(std::vector<uint32_t> &Into);
  PickleValue &value(uint32_t Index) { return Tree.Values[Index]; }

  void step(uint8_t Op);
  uint32_t resolveGlobal(std::string_view Module, std::string_view Name);
  uint32_t call(uint32_t Callable, uint32_t Args);
  uint32_t rebuildTensor(uint32_t ArgsIndex);
  uint32_t loadPersistent(uint32_t Id);
  std::vector<int64_t> intTuple(uint32_t Index, const char *What);
  void build(uint32_t State);
  void appendTo(uint32_t List, const std::vector<uint32_t> &Items);
  void setItems(uint32_t Dict, const std::vector<uint32_t> &Items);

  std::string_view Bytes;
  const std::string &File;
  const std::string &Record;
  const PicklePolicy &Policy;
  uint64_t Pos = 0;
  uint64_t OpOffset = 0;
  bool Stopped = false;
  std::vector<uint32_t> Stack;
  std::vector<size_t> Marks;
  std::unordered_map<uint64_t, uint32_t> Memo;
  std::vector<uint32_t> Scratch; ///< Items popped to a mark, reused.
  uint64_t Budget;
  PickleTree Tree;
};

void Unpickler::checkBudget(uint64_t Used, const char *What) {
  if (Used > Budget)
    fail("more than " + std::to_string(Budget) + " " + What + " for a pickle of " +
         std::to_string(Bytes.size()) + " bytes");
}

void Unpickler::push(uint32_t Index) {
  checkBudget(Stack.size() + Marks.size() + 1, "values on the stack");
  Stack.push_back(Index);
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

uint32_t Unpickler::make(PickleValue Value) {
  checkBudget(Tree.Values.size() + 1, "values");
  ++Tree.Work;
  Tree.Values.push_back(std::move(Value));
  return static_cast<uint32_t>(Tree.Values.size() - 1);
}

uint32_t Unpickler::makeText(PickleKind Kind, std::string_view Text) {
  PickleValue Value;
  Value.Kind = Kind;
  Value.Text.assign(Text);
  return make(std::move(Value));
}

uint32_t Unpickler::makeInt(int64_t Int, PickleKind Kind) {
  PickleValue Value;
  Value.Kind = Kind;
  Value.Int = Int;
  return make(std::move(Value));
}

uint32_t Unpickler::pop() {
  size_t Base = Marks.empty() ? 0 : Marks.back();
  if (Stack.size() <= Base)
    fail("stack underflow");
  uint32_t Index = Stack.back();
  Stack.pop_back();
  return Index;
}

uint32_t Unpickler::top() const {
  size_t Base = Marks.empty() ? 0 : Marks.back();
  if (Stack.size() <= Base)
    const_cast<Unpickler *>(this)->fail("stack underflow");
  return Stack.back();
}

void Unpickler::popToMark(std::vector<uint32_t> &Into) {
  if (Marks.empty())
    fail("no MARK on the stack");
  size_t Base = Marks.back();
  Marks.pop_back();
  Into.assign(Stack.begin() + static_cast<std::ptrdiff_t>(Base), Stack.end());
  Tree.Work += Into.size();
  Stack.resize(Base);
}

uint32_t Unpickler::resolveGlobal(std::string_view Module, std::string_view Name) {
  PickleValue Value;
  Value.Kind = PickleKind::Global;
  Value.Text = std::string(Module) + "." + std::string(Name);
  auto Allow = [&](PickleGlobal Global) {
    Value.Global = Global;
    return make(std::move(Value));
  };
  if (Module == "collections" && Name == "OrderedDict")
    return Allow(PickleGlobal::OrderedDict);
  if (Module == "torch._utils" && Name == "_rebuild_tensor_v2")
    return Allow(PickleGlobal::RebuildTensor);
  if (Module == "torch._utils" && Name == "_rebuild_parameter")
    return Allow(PickleGlobal::RebuildParameter);
  if (Module == "torch") {
    if (c10::ScalarType Type = storageClassType(Name);
        Type != c10::ScalarType::Undefined) {
      Value.DType = Type;
      return Allow(PickleGlobal::StorageClass);
    }
  }
  // Typed-container tags: pure data builders. torch::pickle_save writes them
  // into Python-format files too (a Dict[str, Tensor] gets restore_type_tag).
  if (Module == "torch.jit._pickle") {
    if (Name == "restore_type_tag")
      return Allow(PickleGlobal::ScriptTypeTag);
    for (const char *Builder : ScriptListBuilders)
      if (Name == Builder)
        return Allow(PickleGlobal::ScriptListBuilder);
  }
  if (Policy.AllowScriptClasses &&
      (Module == "__torch__" || Module.rfind("__torch__.", 0) == 0))
    return Allow(PickleGlobal::ScriptClass);
  throw Error(checkpointMessage(File, "forbidden global '" + Value.Text +
                                          "' in " + Record));
}

std::vector<int64_t> Unpickler::intTuple(uint32_t Index, const char *What) {
  const PickleValue &Value = value(Index);
  if (Value.Kind != PickleKind::Tuple && Value.Kind != PickleKind::List)
    fail(std::string(What) + " is not a tuple");
  // Checked before copying: one memoised tuple may be shared by every tensor.
  if (Value.Items.size() > MaxTensorDims)
    fail("tensor size has " + std::to_string(Value.Items.size()) +
         " dimensions (limit " + std::to_string(MaxTensorDims) + ")");
  std::vector<int64_t> Out;
  for (uint32_t Item : Value.Items) {
    if (value(Item).Kind != PickleKind::Int)
      fail(std::string(What) + " holds a non-integer");
    if (value(Item).Int < 0)
      fail(std::string(What) + " holds a negative value");
    Out.push_back(value(Item).Int);
  }
  return Out;
}

uint32_t Unpickler::rebuildTensor(uint32_t ArgsIndex) {
  // _rebuild_tensor_v2(storage, offset, size, stride, requires_grad,
  //                    backward_hooks[, metadata])
  // Args stays valid: nothing is made before the last use.
  const std::vector<uint32_t> &Args = value(ArgsIndex).Items;
  if (Args.size() != 6 && Args.size() != 7)
    fail("_rebuild_tensor_v2 takes 6 or 7 arguments, got " +
         std::to_string(Args.size()));
  if (value(Args[0]).Kind != PickleKind::Storage)
    fail("_rebuild_tensor_v2 needs a storage");
  if (value(Args[1]).Kind != PickleKind::Int || value(Args[1]).Int < 0)
    fail("_rebuild_tensor_v2 needs a non-negative storage offset");
  PickleValue Tensor;
  Tensor.Kind = PickleKind::Tensor;
  Tensor.DType = value(Args[0]).DType;
  Tensor.Items = {Args[0]};
  Tensor.Int = value(Args[1]).Int;
  uint32_t SizeIndex = Args[2], StrideIndex = Args[3];
  Tensor.Sizes = intTuple(SizeIndex, "tensor size");
  Tensor.Strides = intTuple(StrideIndex, "tensor stride");
  if (Tensor.Sizes.size() != Tensor.Strides.size())
    fail("tensor size and stride differ in length");
  return make(std::move(Tensor));
}

uint32_t Unpickler::call(uint32_t Callable, uint32_t ArgsIndex) {
  const PickleValue &Function = value(Callable);
  if (Function.Kind != PickleKind::Global)
    fail("REDUCE on a value that is not callable");
  if (value(ArgsIndex).Kind != PickleKind::Tuple)
    fail("REDUCE arguments are not a tuple");
  // Read in place, never copied: a long tuple may be passed many times. Only
  // the cases that make a value do so after their last use of Args.
  const std::vector<uint32_t> &Args = value(ArgsIndex).Items;
  const std::string &Name = Function.Text;
  switch (Function.Global) {
  case PickleGlobal::OrderedDict: {
    if (!Args.empty())
      fail("OrderedDict with arguments is not supported");
    PickleValue Dict;
    Dict.Kind = PickleKind::Dict;
    return make(std::move(Dict));
  }
  case PickleGlobal::RebuildTensor:
    return rebuildTensor(ArgsIndex);
  case PickleGlobal::RebuildParameter:
    if (Args.empty() || value(Args[0]).Kind != PickleKind::Tensor)
      fail("_rebuild_parameter needs a tensor");
    return Args[0];
  case PickleGlobal::ScriptClass: {
    if (!Args.empty())
      fail("'" + Name + "' called with arguments");
    PickleValue Object;
    Object.Kind = PickleKind::Object;
    Object.Text = Name; // copied before make() may move the arena
    return make(std::move(Object));
  }
  case PickleGlobal::ScriptListBuilder:
    if (Args.size() != 1 || value(Args[0]).Kind != PickleKind::List)
      fail("'" + Name + "' needs one list");
    return Args[0];
  case PickleGlobal::ScriptTypeTag:
    if (Args.empty())
      fail("'" + Name + "' needs a value");
    return Args[0];
  case PickleGlobal::StorageClass:
    break;
  }
  fail("'" + Name + "' cannot be called");
}

uint32_t Unpickler::loadPersistent(uint32_t IdIndex) {
  // ('storage', torch.FloatStorage, key, location, numel)
  const PickleValue &Id = value(IdIndex);
  if (Id.Kind != PickleKind::Tuple || Id.Items.size() != 5)
    fail("unsupported persistent id (expected a 5-tuple)");
  const PickleValue &Tag = value(Id.Items[0]);
  const PickleValue &Class = value(Id.Items[1]);
  const PickleValue &Key = value(Id.Items[2]);
  const PickleValue &Numel = value(Id.Items[4]);
  if (Tag.Kind != PickleKind::String || Tag.Text != "storage")
    fail("unsupported persistent id (expected 'storage')");
  if (Class.Kind != PickleKind::Global || Class.Global != PickleGlobal::StorageClass)
    fail("persistent id names no storage class");
  if (Key.Kind != PickleKind::String && Key.Kind != PickleKind::Int)
    fail("persistent id has an invalid storage key");
  if (Numel.Kind != PickleKind::Int || Numel.Int < 0)
    fail("persistent id has an invalid element count");
  PickleValue Storage;
  Storage.Kind = PickleKind::Storage;
  Storage.DType = Class.DType;
  Storage.Text = Key.Kind == PickleKind::String ? Key.Text : std::to_string(Key.Int);
  Storage.Int = Numel.Int;
  return make(std::move(Storage));
}

void Unpickler::build(uint32_t State) {
  uint32_t Target = top();
  switch (value(Target).Kind) {
  case PickleKind::Object:
    value(Target).Items = {State};
    return;
  case PickleKind::Dict:   // OrderedDict's _metadata attribute: not needed.
  case PickleKind::Tensor: // a Parameter's extra state: not needed.
    return;
  default:
    fail("BUILD on a value that is not an object");
  }
}

void Unpickler::appendTo(uint32_t List, const std::vector<uint32_t> &Items) {
  if (value(List).Kind != PickleKind::List)
    fail("APPEND to a value that is not a list");
  std::vector<uint32_t> &Target = value(List).Items;
  Target.insert(Target.end(), Items.begin(), Items.end());
  Tree.Work += Items.size();
}

void Unpickler::setItems(uint32_t Dict, const std::vector<uint32_t> &Items) {
  if (value(Dict).Kind != PickleKind::Dict)
    fail("SETITEM on a value that is not a dict");
  if (Items.size() % 2 != 0)
    fail("SETITEMS with an odd number of items");
  std::vector<uint32_t> &Target = value(Dict).Items;
  Target.insert(Target.end(), Items.begin(), Items.end());
  Tree.Work += Items.size();
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
    Marks.push_back(Stack.size());
    return;
  case Pop:
    if (!Marks.empty() && Stack.size() == Marks.back())
      Marks.pop_back();
    else
      pop();
    return;
  case PopMark:
    popToMark(Scratch);
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
    PickleValue Value;
    Value.Kind = PickleKind::Float;
    std::memcpy(&Value.Float, &Bits, sizeof(Bits));
    push(make(std::move(Value)));
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
    PickleValue Value;
    Value.Kind = Op == EmptyTuple  ? PickleKind::Tuple
                 : Op == EmptyList ? PickleKind::List
                                   : PickleKind::Dict;
    push(make(std::move(Value)));
    return;
  }
  case TupleOp:
  case ListOp: {
    PickleValue Value;
    Value.Kind = Op == TupleOp ? PickleKind::Tuple : PickleKind::List;
    popToMark(Value.Items);
    push(make(std::move(Value)));
    return;
  }
  case Tuple1:
  case Tuple2:
  case Tuple3: {
    PickleValue Value;
    Value.Kind = PickleKind::Tuple;
    Value.Items.resize(Op - Tuple1 + 1);
    for (size_t I = Value.Items.size(); I > 0; --I) // no wrap below 0
      Value.Items[I - 1] = pop();
    Tree.Work += Value.Items.size();
    push(make(std::move(Value)));
    return;
  }
  case DictOp: {
    popToMark(Scratch);
    PickleValue Value;
    Value.Kind = PickleKind::Dict;
    uint32_t Dict = make(std::move(Value));
    setItems(Dict, Scratch);
    push(Dict);
    return;
  }
  case Append: {
    uint32_t Item = pop();
    appendTo(top(), {Item});
    return;
  }
  case Appends:
    popToMark(Scratch);
    appendTo(top(), Scratch);
    return;
  case SetItem: {
    uint32_t Value = pop();
    uint32_t Key = pop();
    setItems(top(), {Key, Value});
    return;
  }
  case SetItems:
    popToMark(Scratch);
    setItems(top(), Scratch);
    return;
  case GlobalOp: {
    std::string_view Module = readLine();
    std::string_view Name = readLine();
    push(resolveGlobal(Module, Name));
    return;
  }
  case StackGlobal: {
    uint32_t Name = pop();
    uint32_t Module = pop();
    if (value(Name).Kind != PickleKind::String ||
        value(Module).Kind != PickleKind::String)
      fail("STACK_GLOBAL needs two strings");
    std::string ModuleText = value(Module).Text, NameText = value(Name).Text;
    push(resolveGlobal(ModuleText, NameText));
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
    uint32_t Top = top();
    if (!Memo.count(Key))
      checkBudget(Memo.size() + 1, "memo entries");
    Memo[Key] = Top;
    return;
  }
  case Memoize: {
    uint32_t Top = top();
    checkBudget(Memo.size() + 1, "memo entries");
    Memo[Memo.size()] = Top;
    return;
  }
  case BinGet:
  case LongBinGet: {
    uint64_t Key = readLittle(Op == BinGet ? 1 : 4);
    auto It = Memo.find(Key);
    if (It == Memo.end())
      fail("memo index " + std::to_string(Key) + " out of range");
    push(It->second);
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

PickleTree unpickle(std::string_view Bytes, const std::string &File,
                    const std::string &Record, const PicklePolicy &Policy) {
  return Unpickler(Bytes, File, Record, Policy).run();
}

} // namespace modelcompat
