//===- StateDict.h - Ordered tensors with provenance ------------*- C++ -*-===//
#ifndef MODELCOMPAT_RUNTIME_STATEDICT_H
#define MODELCOMPAT_RUNTIME_STATEDICT_H

#include <torch/torch.h>

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace modelcompat {

/// Where a tensor in a StateDict came from; the ledger reports it.
struct Provenance {
  enum class Kind {
    Untouched,   ///< As read from the checkpoint.
    Copied,      ///< Moved from another key (a rename).
    Transformed, ///< Computed from other keys (reshape, split, merge).
    Initialised, ///< Created without an old tensor (new_model, zeros, ...).
  };
  Kind Origin = Kind::Untouched;
  std::vector<std::string> From; ///< Old keys it was made from.
  std::string Detail;            ///< The op ("rename", "split") or source
                                 ///< ("new_model", "zeros"); and the rule id.

  /// "untouched", "copied(a)", "transformed(split: a)", "initialised(zeros)".
  std::string describe() const;
};

/// One key of a StateDict.
struct StateDictItem {
  std::string Key;
  torch::Tensor Value;
  Provenance Origin;
};

/// An ordered map from key to tensor, with provenance per entry and
/// string metadata (safetensors __metadata__, applied migrations).
class StateDict {
public:
  /// Inserts or replaces Key, keeping the original position on replace.
  void set(const std::string &Key, torch::Tensor Value, Provenance Origin = {});
  /// The item for Key, or nullptr.
  const StateDictItem *find(const std::string &Key) const;
  StateDictItem *find(const std::string &Key);
  bool contains(const std::string &Key) const { return find(Key) != nullptr; }
  /// Removes Key; returns whether it was there.
  bool erase(const std::string &Key);
  /// Keys in insertion order.
  std::vector<std::string> keys() const;
  const std::vector<StateDictItem> &items() const { return Items; }
  size_t size() const { return Items.size(); }
  bool empty() const { return Items.empty(); }

  /// Free-form string metadata carried with the tensors.
  std::map<std::string, std::string> Metadata;

private:
  void reindex();
  std::vector<StateDictItem> Items;
  std::unordered_map<std::string, size_t> Index;
};

} // namespace modelcompat

#endif
