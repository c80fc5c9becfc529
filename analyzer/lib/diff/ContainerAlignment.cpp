//===- ContainerAlignment.cpp - Index shifts in Sequential & co. ---------===//
#include "modelcompat/diff/ContainerAlignment.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace modelcompat {
namespace {

/// "head.2.conv.weight" -> container "head", index 2, rest "conv.weight".
struct ItemKey {
  std::string Container;
  unsigned Index = 0;
  std::string Rest;
};

std::optional<ItemKey> splitItemKey(const std::string &Key) {
  size_t Start = 0;
  while (Start < Key.size()) {
    size_t Dot = Key.find('.', Start);
    size_t End = Dot == std::string::npos ? Key.size() : Dot;
    std::string Segment = Key.substr(Start, End - Start);
    bool Digits = !Segment.empty() && Segment.size() < 9 &&
                  std::all_of(Segment.begin(), Segment.end(),
                              [](unsigned char C) { return std::isdigit(C); });
    if (Digits && Start > 0 && Dot != std::string::npos)
      return ItemKey{Key.substr(0, Start - 1), unsigned(std::stoul(Segment)),
                     Key.substr(Dot + 1)};
    if (Dot == std::string::npos)
      break;
    Start = Dot + 1;
  }
  return std::nullopt;
}

/// Container -> index -> the item's contents, one line per key, sorted.
using Items = std::map<std::string, std::map<unsigned, std::vector<std::string>>>;

Items collectItems(const std::vector<KeyRef> &Keys, const IdentifierRenaming *Renaming) {
  Items Out;
  for (const KeyRef &Ref : Keys) {
    std::optional<ItemKey> Item = splitItemKey(Ref.Key->Key);
    if (!Item)
      continue;
    std::string Line = Item->Rest + "|" + entryKindName(Ref.Key->Kind) + "|";
    if (Ref.Key->Shape)
      for (const std::string &Dim : *Ref.Key->Shape)
        Line += (Renaming ? normalizeExpression(Dim, *Renaming)
                          : normalizeExpression(Dim)) + ",";
    Line += "|" + (Ref.Key->Layer.rfind("torch::", 0) == 0 ? Ref.Key->Layer : "");
    Out[Item->Container][Item->Index].push_back(Line);
  }
  for (auto &[Container, ByIndex] : Out)
    for (auto &[Index, Lines] : ByIndex)
      std::sort(Lines.begin(), Lines.end());
  return Out;
}

/// Longest common subsequence of two item lists; the matched index pairs.
std::vector<std::pair<unsigned, unsigned>>
alignItems(const std::vector<std::pair<unsigned, std::vector<std::string>>> &A,
           const std::vector<std::pair<unsigned, std::vector<std::string>>> &B) {
  size_t N = A.size(), M = B.size();
  std::vector<std::vector<unsigned>> Table(N + 1, std::vector<unsigned>(M + 1, 0));
  for (size_t I = N; I-- > 0;)
    for (size_t J = M; J-- > 0;)
      Table[I][J] = A[I].second == B[J].second
                        ? Table[I + 1][J + 1] + 1
                        : std::max(Table[I + 1][J], Table[I][J + 1]);
  std::vector<std::pair<unsigned, unsigned>> Pairs;
  size_t I = 0, J = 0;
  while (I < N && J < M) {
    if (A[I].second == B[J].second) {
      Pairs.emplace_back(A[I].first, B[J].first);
      ++I, ++J;
    } else if (Table[I + 1][J] >= Table[I][J + 1]) {
      ++I;
    } else {
      ++J;
    }
  }
  return Pairs;
}

} // namespace

std::vector<ShiftedKey> alignContainerItems(const std::vector<KeyRef> &Base,
                                            const std::vector<KeyRef> &Head,
                                            const IdentifierRenaming &Renaming) {
  Items BaseItems = collectItems(Base, &Renaming);
  Items HeadItems = collectItems(Head, nullptr);
  std::vector<ShiftedKey> Shifted;
  for (const auto &[Container, BaseByIndex] : BaseItems) {
    auto HeadIt = HeadItems.find(Container);
    if (HeadIt == HeadItems.end())
      continue;
    std::vector<std::pair<unsigned, std::vector<std::string>>> A(BaseByIndex.begin(),
                                                                 BaseByIndex.end());
    std::vector<std::pair<unsigned, std::vector<std::string>>> B(HeadIt->second.begin(),
                                                                 HeadIt->second.end());
    for (const auto &[From, To] : alignItems(A, B)) {
      if (From == To)
        continue;
      std::string OldPrefix = Container + "." + std::to_string(From) + ".";
      std::string NewPrefix = Container + "." + std::to_string(To) + ".";
      for (const KeyRef &Ref : Base)
        if (Ref.Key->Key.rfind(OldPrefix, 0) == 0)
          Shifted.push_back({Ref.Key->Key,
                             NewPrefix + Ref.Key->Key.substr(OldPrefix.size()),
                             Container, From, To});
    }
  }
  return Shifted;
}

} // namespace modelcompat
