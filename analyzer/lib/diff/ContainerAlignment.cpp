//===- ContainerAlignment.cpp - Index shifts in Sequential & co. ---------===//
#include "modelcompat/diff/ContainerAlignment.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

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
      return ItemKey{Key.substr(0, Start - 1), unsigned(std::stoul(Segment)), Key.substr(Dot + 1)};
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
        Line += (Renaming ? comparableExpression(Dim, *Renaming) : comparableExpression(Dim)) + ",";
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
      Table[I][J] = A[I].second == B[J].second ? Table[I + 1][J + 1] + 1
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

/// Proper prefixes of a key at its dots: "a.b.c" -> "a", "a.b".
std::vector<std::string> prefixesOf(const std::string &Key) {
  std::vector<std::string> Out;
  for (size_t Dot = Key.find('.'); Dot != std::string::npos; Dot = Key.find('.', Dot + 1))
    Out.push_back(Key.substr(0, Dot));
  return Out;
}

/// "attn.to_q" -> "to_q".
std::string lastSegment(const std::string &Prefix) {
  size_t Dot = Prefix.rfind('.');
  return Dot == std::string::npos ? Prefix : Prefix.substr(Dot + 1);
}

/// One side's candidate sub-trees: prefixes whose keys are all unpaired.
struct Subtree {
  std::string Prefix;
  size_t Depth = 0;
  size_t First = 0;            ///< Index of its first key in the side's list.
  std::vector<size_t> Members; ///< Indexes into the unpaired list, in order.
  std::string Signature;
};

std::string keyLine(const StateKey &Key, const std::string &Suffix,
                    const IdentifierRenaming *Renaming) {
  auto Norm = [&](const std::string &Text) {
    return Renaming ? comparableExpression(Text, *Renaming) : comparableExpression(Text);
  };
  std::string Line = Suffix + "|" + entryKindName(Key.Kind) + "|";
  if (Key.Shape)
    for (const std::string &Dim : *Key.Shape)
      Line += Norm(Dim) + ",";
  else
    Line += "?";
  Line += "|" + (Key.Layer.rfind("torch::", 0) == 0 ? Key.Layer : "");
  Line += "|" + Norm(Key.Condition.value_or(""));
  return Line;
}

std::vector<Subtree> candidateSubtrees(const std::vector<KeyRef> &All,
                                       const std::vector<KeyRef> &Unpaired,
                                       const IdentifierRenaming *Renaming) {
  std::map<std::string, size_t> KeysUnder;
  std::map<std::string, size_t> FirstIndex;
  for (size_t I = 0; I < All.size(); ++I)
    for (const std::string &Prefix : prefixesOf(All[I].Key->Key)) {
      ++KeysUnder[Prefix];
      FirstIndex.emplace(Prefix, I);
    }
  std::map<std::string, Subtree> ByPrefix;
  for (size_t I = 0; I < Unpaired.size(); ++I)
    for (const std::string &Prefix : prefixesOf(Unpaired[I].Key->Key)) {
      Subtree &Tree = ByPrefix[Prefix];
      Tree.Prefix = Prefix;
      Tree.Members.push_back(I);
    }
  std::vector<Subtree> Out;
  for (auto &[Prefix, Tree] : ByPrefix) {
    if (Tree.Members.size() != KeysUnder[Prefix])
      continue;
    Tree.Depth = std::count(Prefix.begin(), Prefix.end(), '.');
    Tree.First = FirstIndex[Prefix];
    std::vector<std::string> Lines;
    for (size_t Member : Tree.Members) {
      const StateKey &Key = *Unpaired[Member].Key;
      Lines.push_back(keyLine(Key, Key.Key.substr(Prefix.size() + 1), Renaming));
    }
    std::sort(Lines.begin(), Lines.end());
    for (const std::string &Line : Lines)
      Tree.Signature += Line + "\n";
    Out.push_back(std::move(Tree));
  }
  std::sort(Out.begin(), Out.end(), [](const Subtree &A, const Subtree &B) {
    return std::tie(A.Depth, A.First) < std::tie(B.Depth, B.First);
  });
  return Out;
}

} // namespace

std::vector<MovedSubtree> alignSubtrees(const std::vector<KeyRef> &Base,
                                        const std::vector<KeyRef> &Head,
                                        const std::vector<KeyRef> &Removed,
                                        const std::vector<KeyRef> &Added,
                                        const IdentifierRenaming &Renaming) {
  std::vector<Subtree> BaseTrees = candidateSubtrees(Base, Removed, &Renaming);
  std::vector<Subtree> HeadTrees = candidateSubtrees(Head, Added, nullptr);
  std::vector<bool> RemovedTaken(Removed.size()), AddedTaken(Added.size());
  auto Free = [](const Subtree &Tree, const std::vector<bool> &Taken) {
    return std::none_of(Tree.Members.begin(), Tree.Members.end(),
                        [&](size_t M) { return Taken[M]; });
  };
  auto InOrder = [](std::vector<const Subtree *> Trees) {
    std::sort(Trees.begin(), Trees.end(),
              [](const Subtree *A, const Subtree *B) { return A->First < B->First; });
    return Trees;
  };
  std::vector<MovedSubtree> Moves;
  std::map<std::string, size_t> GroupSizes;
  for (const Subtree &Old : BaseTrees) {
    if (!Free(Old, RemovedTaken))
      continue;
    // Both sides' free candidates with these contents, in key order: the
    // k-th at base pairs with the k-th at head.
    std::vector<const Subtree *> Olds, News;
    for (const Subtree &Tree : BaseTrees)
      if (Tree.Signature == Old.Signature && Free(Tree, RemovedTaken))
        Olds.push_back(&Tree);
    for (const Subtree &Tree : HeadTrees)
      if (Tree.Signature == Old.Signature && Free(Tree, AddedTaken))
        News.push_back(&Tree);
    Olds = InOrder(Olds);
    News = InOrder(News);
    // A candidate whose last segment names the same child ("to_q" ->
    // "attn.to_q") pairs by name; the others pair by order.
    auto Twin = [](const Subtree &Tree,
                   const std::vector<const Subtree *> &Others) -> const Subtree * {
      const Subtree *Found = nullptr;
      for (const Subtree *Other : Others)
        if (lastSegment(Other->Prefix) == lastSegment(Tree.Prefix)) {
          if (Found)
            return nullptr;
          Found = Other;
        }
      return Found;
    };
    const Subtree *Picked = Twin(Old, News);
    std::string How = "same name";
    if (!Picked) {
      std::vector<const Subtree *> LoneOlds, LoneNews;
      for (const Subtree *Tree : Olds)
        if (!Twin(*Tree, News))
          LoneOlds.push_back(Tree);
      for (const Subtree *Tree : News)
        if (!Twin(*Tree, Olds))
          LoneNews.push_back(Tree);
      size_t Rank = std::find(LoneOlds.begin(), LoneOlds.end(), &Old) - LoneOlds.begin();
      if (Rank >= LoneNews.size())
        continue;
      Picked = LoneNews[Rank];
      // The group's size when its first member paired, so that its last
      // member is not "the only one" left.
      size_t Group = GroupSizes.emplace(Old.Signature, std::max(LoneOlds.size(), LoneNews.size()))
                         .first->second;
      How = Group == 1 ? "the only one" : "paired by order among " + std::to_string(Group);
    }
    const Subtree &New = *Picked;
    MovedSubtree Move;
    Move.OldPrefix = Old.Prefix;
    Move.NewPrefix = New.Prefix;
    std::map<std::string, size_t> NewBySuffix;
    for (size_t Member : New.Members)
      NewBySuffix[Added[Member].Key->Key.substr(New.Prefix.size())] = Member;
    for (size_t Member : Old.Members) {
      size_t Target = NewBySuffix.at(Removed[Member].Key->Key.substr(Old.Prefix.size()));
      Move.Keys.emplace_back(Member, Target);
      RemovedTaken[Member] = AddedTaken[Target] = true;
    }
    Move.Confidence = How.rfind("paired by order", 0) == 0 ? 0.85 : 0.95;
    Move.Reason = "same sub-module layout (" + std::to_string(Old.Members.size()) +
                  (Old.Members.size() == 1 ? " key), " : " keys), ") + How;
    Moves.push_back(std::move(Move));
  }
  return Moves;
}

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
          Shifted.push_back({Ref.Key->Key, NewPrefix + Ref.Key->Key.substr(OldPrefix.size()),
                             Container, From, To});
    }
  }
  return Shifted;
}

} // namespace modelcompat
