//===- PickleStateDict.cpp - Find the state dict in a pickle tree --------===//
#include "PickleStateDict.h"

#include "CheckpointFile.h"

#include "modelcompat/support/Error.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace modelcompat {
namespace {

/// TorchScript modules nest only as deep as the model does.
constexpr size_t MaxModuleDepth = 256;

class Collector {
public:
  Collector(const PickleTree &Tree, const std::string &File, PickleWalkStats &Stats)
      : Tree(Tree), File(File), Stats(Stats),
        KeyBudget(Tree.InputBytes * MaxKeyBytesPerPickleByte + MaxKeyBytesAllowance),
        MemoryBudget(pickleMemoryBudget(Tree.InputBytes)) {
    Stats.Memory = Tree.Memory;
  }

  std::vector<PickledTensor> fromDict(const CheckpointLoadOptions &Options);
  std::vector<PickledTensor> fromModule(const CheckpointLoadOptions &Options);

private:
  [[noreturn]] void fail(const std::string &What) const {
    throw Error(checkpointMessage(File, What));
  }
  PickleValue at(uint32_t Index) const { return Tree.at(Index); }
  PickleKind kindOf(uint32_t Index) const { return Tree.Values[Index].Kind; }
  bool holdsTensors(const PickleValue &Dict) const;
  /// Dict's (name, value) pairs as Python sees them: a repeated string key
  /// keeps its first place and its last value.
  std::vector<std::pair<uint32_t, uint32_t>> entries(const PickleValue &Dict);
  /// The value of Key in Dict (the last wins, as in Python), if any.
  std::optional<uint32_t> lookup(const PickleValue &Dict, const std::string &Key) const;
  void addTensor(const std::string &Key, const PickleValue &Tensor);
  void walkModule(uint32_t Object, const std::string &Prefix, size_t Depth);
  /// Charges Bytes of memory for the tensor Key, failing past the budget.
  void charge(uint64_t Bytes, const std::string &Key);
  /// Room for Count tensors in Out, charged before it is allocated.
  void reserveTensors(size_t Count, const std::string &Key);

  const PickleTree &Tree;
  const std::string &File;
  PickleWalkStats &Stats; ///< Counted as it goes: tests read it after an error.
  std::vector<PickledTensor> Out;
  std::set<uint32_t> OnPath;
  /// Modules already walked, with the prefix they were read under.
  std::unordered_map<uint32_t, std::string> Walked;
  uint64_t KeyBudget;
  uint64_t MemoryBudget;
};

/// What a string holds on the heap (none within the small-string buffer).
uint64_t heapBytes(const std::string &Text) {
  return Text.size() < sizeof(std::string) / 2 ? 0 : Text.size() + 1;
}

/// What entries() holds per dict item: its pair and its position entry.
constexpr uint64_t EntryBytes = sizeof(std::pair<uint32_t, uint32_t>) +
                                sizeof(std::pair<std::string_view, size_t>) + 3 * sizeof(void *);

std::string describeKinds(const PickleValue &Value) {
  switch (Value.Kind) {
  case PickleKind::Dict:
    return "a dict";
  case PickleKind::List:
  case PickleKind::Tuple:
    return "a sequence";
  case PickleKind::Tensor:
    return "a tensor";
  case PickleKind::Object:
    return "an object";
  default:
    return "a plain value";
  }
}

bool Collector::holdsTensors(const PickleValue &Dict) const {
  for (size_t I = 1; I < Dict.Items.size(); I += 2)
    if (kindOf(Dict.Items[I]) == PickleKind::Tensor)
      return true;
  return false;
}

std::vector<std::pair<uint32_t, uint32_t>> Collector::entries(const PickleValue &Dict) {
  charge(Dict.Items.size() / 2 * EntryBytes, "");
  std::vector<std::pair<uint32_t, uint32_t>> Out;
  Out.reserve(Dict.Items.size() / 2);
  std::unordered_map<std::string_view, size_t> Position; // text lives in the tree
  for (size_t I = 0; I + 1 < Dict.Items.size(); I += 2) {
    ++Stats.Visits;
    uint32_t Name = Dict.Items[I], Value = Dict.Items[I + 1];
    if (kindOf(Name) == PickleKind::String) {
      auto [It, Fresh] = Position.try_emplace(at(Name).Text, Out.size());
      if (!Fresh) {
        Out[It->second].second = Value;
        continue;
      }
    }
    Out.emplace_back(Name, Value);
  }
  return Out;
}

std::optional<uint32_t> Collector::lookup(const PickleValue &Dict, const std::string &Key) const {
  std::optional<uint32_t> Found;
  for (size_t I = 0; I + 1 < Dict.Items.size(); I += 2) {
    PickleValue Name = at(Dict.Items[I]);
    if (Name.Kind == PickleKind::String && Name.Text == Key)
      Found = Dict.Items[I + 1];
  }
  return Found;
}

void Collector::addTensor(const std::string &Key, const PickleValue &Tensor) {
  if (Out.size() >= MaxTensorsPerFile)
    fail("more than " + std::to_string(MaxTensorsPerFile) + " tensors");
  Stats.KeyBytes += Key.size();
  if (Stats.KeyBytes > KeyBudget)
    fail("tensor keys total more than " + std::to_string(KeyBudget) +
         " bytes (limit: " + std::to_string(MaxKeyBytesPerPickleByte) +
         " per byte of data.pkl, plus " + std::to_string(MaxKeyBytesAllowance) + ")");
  PickleValue Storage = at(Tensor.Items[0]);
  if (Out.size() == Out.capacity())
    reserveTensors(std::max<size_t>(16, 2 * Out.capacity()), Key);
  charge(heapBytes(Key) + heapBytes(std::string(Storage.Text)) +
             2 * Tensor.Sizes.size() * sizeof(int64_t),
         Key);
  PickledTensor Item{Key,           Storage.DType, std::string(Storage.Text),
                     Storage.Int,   Tensor.Int,    Tensor.Sizes,
                     Tensor.Strides};
  // numel and bytes never wrap: an overflow is an error, as in PyTorch.
  uint64_t Numel = 1, Bytes = 0;
  for (int64_t Size : Item.Sizes)
    if (__builtin_mul_overflow(Numel, static_cast<uint64_t>(Size), &Numel) ||
        Numel > static_cast<uint64_t>(INT64_MAX))
      fail("tensor '" + Key + "': numel: integer multiplication overflow");
  if (__builtin_mul_overflow(Numel, c10::elementSize(Item.DType), &Bytes) ||
      Bytes > static_cast<uint64_t>(INT64_MAX))
    fail("tensor '" + Key + "': byte count overflows");
  Item.Numel = static_cast<int64_t>(Numel);
  Item.Bytes = static_cast<int64_t>(Bytes);
  if (Item.Numel > Item.StorageNumel && Item.Numel > MaxOverlappingViewNumel)
    fail("tensor '" + Key + "': a view of " + std::to_string(Item.Numel) +
         " elements over a storage of " + std::to_string(Item.StorageNumel) +
         " exceeds the limit of " + std::to_string(MaxOverlappingViewNumel) +
         " elements for overlapping views");
  // The furthest element the view reaches must lie inside the storage.
  bool Empty = false;
  uint64_t Last = static_cast<uint64_t>(Item.StorageOffset);
  for (size_t D = 0; D < Item.Sizes.size(); ++D) {
    if (Item.Sizes[D] == 0)
      Empty = true;
    uint64_t Step;
    if (Item.Sizes[D] > 0 &&
        (__builtin_mul_overflow(static_cast<uint64_t>(Item.Sizes[D] - 1),
                                static_cast<uint64_t>(Item.Strides[D]), &Step) ||
         __builtin_add_overflow(Last, Step, &Last)))
      fail("tensor '" + Key + "': view size overflows");
  }
  if (!Empty && Last >= static_cast<uint64_t>(Item.StorageNumel))
    fail("tensor '" + Key + "': view reaches element " + std::to_string(Last) +
         " of a storage of " + std::to_string(Item.StorageNumel) + " elements");
  Out.push_back(std::move(Item));
}

void Collector::charge(uint64_t Bytes, const std::string &Key) {
  if (Bytes > MemoryBudget - Stats.Memory)
    fail((Key.empty() ? "" : "tensor '" + Key + "': ") + "more than " +
         std::to_string(MemoryBudget) + " bytes of memory for a data.pkl of " +
         std::to_string(Tree.InputBytes) + " bytes");
  Stats.Memory += Bytes;
}

void Collector::reserveTensors(size_t Count, const std::string &Key) {
  if (Count <= Out.capacity())
    return;
  // The old array stays charged: it lives on while the new one is filled.
  charge(uint64_t(Count - Out.capacity()) * sizeof(PickledTensor), Key);
  Out.reserve(Count);
}

std::vector<PickledTensor> Collector::fromDict(const CheckpointLoadOptions &Options) {
  PickleValue Dict = at(Tree.Root);
  if (Dict.Kind == PickleKind::List || Dict.Kind == PickleKind::Tuple) {
    // torch.save([t0, t1]): keys are the positions.
    size_t Tensors = 0;
    for (size_t I = 0; I < Dict.Items.size(); ++I)
      Tensors += kindOf(Dict.Items[I]) == PickleKind::Tensor;
    reserveTensors(Tensors, "");
    for (size_t I = 0; I < Dict.Items.size(); ++I)
      if (kindOf(Dict.Items[I]) == PickleKind::Tensor)
        addTensor(std::to_string(I), at(Dict.Items[I]));
    if (!Options.Key.empty())
      fail("--key '" + Options.Key + "' given, but the file holds a list");
    return std::move(Out);
  }
  if (Dict.Kind == PickleKind::Tensor) {
    addTensor("0", Dict);
    return std::move(Out);
  }
  if (Dict.Kind != PickleKind::Dict)
    fail("expected a dict of tensors, found " + describeKinds(Dict));
  if (!Options.Key.empty()) {
    std::string Path;
    for (size_t Start = 0; Start <= Options.Key.size();) {
      size_t Dot = Options.Key.find('.', Start);
      if (Dot == std::string::npos)
        Dot = Options.Key.size();
      std::string Part = Options.Key.substr(Start, Dot - Start);
      // A key that itself contains dots wins over walking down.
      if (std::optional<uint32_t> Whole = lookup(Dict, Options.Key.substr(Start));
          Whole && kindOf(*Whole) == PickleKind::Dict) {
        Dict = at(*Whole);
        break;
      }
      std::optional<uint32_t> Next = lookup(Dict, Part);
      Path += (Path.empty() ? "" : ".") + Part;
      if (!Next)
        fail("key '" + Path + "' not found");
      PickleValue NextValue = at(*Next);
      if (NextValue.Kind != PickleKind::Dict)
        fail("key '" + Path + "' holds " + describeKinds(NextValue) + ", not a dict of tensors");
      Dict = std::move(NextValue);
      Start = Dot + 1;
    }
  } else if (!holdsTensors(Dict)) {
    std::string Candidates;
    for (size_t I = 0; I + 1 < Dict.Items.size(); I += 2) {
      PickleValue Name = at(Dict.Items[I]);
      PickleValue Value = at(Dict.Items[I + 1]);
      if (Name.Kind == PickleKind::String && Value.Kind == PickleKind::Dict && holdsTensors(Value))
        Candidates += (Candidates.empty() ? "" : ", ") + std::string(Name.Text);
    }
    if (!Candidates.empty())
      fail("the top-level dict holds no tensors; select a nested state dict "
           "with --key (candidates: " +
           Candidates + ")");
  }
  std::vector<std::pair<uint32_t, uint32_t>> Entries = entries(Dict);
  size_t Tensors = 0;
  for (auto [Name, Value] : Entries)
    Tensors += kindOf(Value) == PickleKind::Tensor;
  reserveTensors(Tensors, "");
  for (auto [Name, Value] : Entries) {
    if (kindOf(Value) != PickleKind::Tensor)
      continue; // epoch counters, extra state: not tensors
    if (kindOf(Name) != PickleKind::String)
      fail("a tensor is stored under a key that is not a string");
    addTensor(std::string(at(Name).Text), at(Value));
  }
  return std::move(Out);
}

void Collector::walkModule(uint32_t Object, const std::string &Prefix, size_t Depth) {
  if (Depth > MaxModuleDepth)
    fail("modules nested deeper than " + std::to_string(MaxModuleDepth));
  if (!OnPath.insert(Object).second)
    fail("module '" + Prefix + "' contains itself");
  // Each object is walked once: a module shared through the memo would
  // otherwise be walked once per path, doubling the work at every level.
  if (auto [It, Fresh] = Walked.try_emplace(Object, Prefix); !Fresh)
    fail("module '" + Prefix.substr(0, Prefix.size() - 1) + "' is the module already read as '" +
         It->second.substr(0, It->second.size() - 1) + "' (shared sub-modules are not supported)");
  ++Stats.Visits;
  PickleValue Value = at(Object);
  if (!Value.Items.empty() && kindOf(Value.Items[0]) == PickleKind::Dict) {
    for (auto [Name, Attribute] : entries(at(Value.Items[0]))) {
      if (kindOf(Name) != PickleKind::String)
        continue;
      std::string Key = Prefix + std::string(at(Name).Text);
      if (kindOf(Attribute) == PickleKind::Tensor)
        addTensor(Key, at(Attribute));
      else if (kindOf(Attribute) == PickleKind::Object)
        walkModule(Attribute, Key + ".", Depth + 1);
    }
  }
  OnPath.erase(Object);
}

std::vector<PickledTensor> Collector::fromModule(const CheckpointLoadOptions &Options) {
  PickleValue Root = at(Tree.Root);
  if (Root.Kind != PickleKind::Object)
    fail("expected a TorchScript module in data.pkl, found " + describeKinds(Root));
  walkModule(Tree.Root, "", 0);
  return std::move(Out);
}

} // namespace

std::vector<PickledTensor> collectPickledTensors(const PickleTree &Tree, CheckpointFormat Format,
                                                 const CheckpointLoadOptions &Options,
                                                 const std::string &File, PickleWalkStats *Stats) {
  PickleWalkStats Unused;
  Collector Walk(Tree, File, Stats ? *Stats : Unused);
  if (Format == CheckpointFormat::Libtorch)
    return Walk.fromModule(Options);
  return Walk.fromDict(Options);
}

} // namespace modelcompat
