//===- StateDict.cpp - Ordered tensors with provenance -------------------===//
#include "modelcompat/runtime/StateDict.h"

namespace modelcompat {

std::string Provenance::describe() const {
  auto Joined = [this] {
    std::string Out;
    for (const std::string &Key : From)
      Out += (Out.empty() ? "" : ", ") + Key;
    return Out;
  };
  switch (Origin) {
  case Kind::Untouched:
    return "untouched";
  case Kind::Copied:
    return "copied(" + Joined() + ")";
  case Kind::Transformed:
    return "transformed(" + Detail + ": " + Joined() + ")";
  case Kind::Initialised:
    return "initialised(" + Detail + ")";
  }
  return "untouched";
}

void StateDict::set(const std::string &Key, torch::Tensor Value, Provenance Origin) {
  if (StateDictItem *Existing = find(Key)) {
    Existing->Value = std::move(Value);
    Existing->Origin = std::move(Origin);
    return;
  }
  Index.emplace(Key, Items.size());
  Items.push_back({Key, std::move(Value), std::move(Origin)});
}

const StateDictItem *StateDict::find(const std::string &Key) const {
  auto It = Index.find(Key);
  return It == Index.end() ? nullptr : &Items[It->second];
}

StateDictItem *StateDict::find(const std::string &Key) {
  auto It = Index.find(Key);
  return It == Index.end() ? nullptr : &Items[It->second];
}

bool StateDict::erase(const std::string &Key) {
  auto It = Index.find(Key);
  if (It == Index.end())
    return false;
  Items.erase(Items.begin() + static_cast<std::ptrdiff_t>(It->second));
  reindex();
  return true;
}

std::vector<std::string> StateDict::keys() const {
  std::vector<std::string> Out;
  Out.reserve(Items.size());
  for (const StateDictItem &Item : Items)
    Out.push_back(Item.Key);
  return Out;
}

void StateDict::reindex() {
  Index.clear();
  for (size_t I = 0; I < Items.size(); ++I)
    Index.emplace(Items[I].Key, I);
}

} // namespace modelcompat
