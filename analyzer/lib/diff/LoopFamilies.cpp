//===- LoopFamilies.cpp - Unrolled loop items against symbolic families --===//
#include "modelcompat/diff/LoopFamilies.h"
#include "modelcompat/schema/BuiltinLayouts.h"
#include "modelcompat/schema/ConditionLogic.h"
#include "modelcompat/schema/ShapeExpression.h"
#include "modelcompat/support/IdentifierChars.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

namespace modelcompat {
namespace {

/// A pattern split into literal text and "{name}" placeholders.
struct PatternPiece {
  std::string Text;
  bool Placeholder = false;
};

std::vector<PatternPiece> splitPattern(const std::string &Pattern) {
  std::vector<PatternPiece> Pieces;
  for (size_t I = 0; I < Pattern.size();) {
    size_t Open = Pattern.find('{', I);
    size_t Close = Open == std::string::npos ? Open : Pattern.find('}', Open);
    if (Close == std::string::npos) {
      Pieces.push_back({Pattern.substr(I), false});
      break;
    }
    if (Open > I)
      Pieces.push_back({Pattern.substr(I, Open - I), false});
    Pieces.push_back({Pattern.substr(Open + 1, Close - Open - 1), true});
    I = Close + 1;
  }
  return Pieces;
}

bool matchPieces(const std::vector<PatternPiece> &Pieces, size_t Piece, const std::string &Key,
                 size_t Pos, std::map<std::string, std::string> &Values) {
  if (Piece == Pieces.size())
    return Pos == Key.size();
  const PatternPiece &P = Pieces[Piece];
  if (!P.Placeholder)
    return Key.compare(Pos, P.Text.size(), P.Text) == 0 &&
           matchPieces(Pieces, Piece + 1, Key, Pos + P.Text.size(), Values);
  if (Pos < Key.size() && Key[Pos] == '{') {
    size_t Close = Key.find('}', Pos);
    if (Close == std::string::npos)
      return false;
    Values[P.Text] = Key.substr(Pos + 1, Close - Pos - 1);
    return matchPieces(Pieces, Piece + 1, Key, Close + 1, Values);
  }
  size_t End = Pos;
  while (End < Key.size() && std::isdigit(static_cast<unsigned char>(Key[End])))
    ++End;
  for (; End > Pos; --End) {
    Values[P.Text] = Key.substr(Pos, End - Pos);
    if (matchPieces(Pieces, Piece + 1, Key, End, Values))
      return true;
  }
  Values.erase(P.Text);
  return false;
}

bool isPlainIdentifier(const std::string &Text) {
  if (Text.empty() || std::isdigit(static_cast<unsigned char>(Text[0])))
    return false;
  return std::all_of(Text.begin(), Text.end(), isIdentifierChar);
}

bool isNumber(const std::string &Text) {
  return !Text.empty() && std::all_of(Text.begin(), Text.end(), [](char C) {
    return std::isdigit(static_cast<unsigned char>(C));
  });
}

/// "blocks.{i}" of "blocks.{i}.conv.weight": up to the end of the segment
/// that holds the first placeholder; "" for a concrete key.
std::string familyPrefix(const std::string &Key) {
  size_t Open = Key.find('{');
  if (Open == std::string::npos)
    return "";
  size_t Close = Key.find('}', Open);
  size_t End = Close == std::string::npos ? std::string::npos : Key.find('.', Close);
  return End == std::string::npos ? Key : Key.substr(0, End);
}

/// Where the last segment of an unresolved key naming what produces an
/// entry's unknown contents begins ("fpn_inner1.{make(in[0], out)}": the
/// dot before "{make(...)}"); npos for other keys. Such a key's name part
/// is a registration's name, read like any other.
size_t producerSegment(const StateKey &Key) {
  const std::string &Text = Key.Key;
  if (Key.Kind != EntryKind::Unresolved || Text.empty() || Text.back() != '}')
    return std::string::npos;
  // The brace group that closes at the end, walked back to its opening.
  int Depth = 0;
  for (size_t I = Text.size(); I-- > 0;) {
    if (Text[I] == '}')
      ++Depth;
    else if (Text[I] == '{' && --Depth == 0)
      // A producer is a call; "{i}" after a dot is a loop index.
      return I > 1 && Text[I - 1] == '.' && Text.find('(', I) != std::string::npos
                 ? I - 1
                 : std::string::npos;
  }
  return std::string::npos;
}

/// Whether a key takes part in family matching: any known key, and an
/// unresolved one only where it is an entry's unknown contents (its name is
/// known, what fills it is named by its producer).
bool takesPartInFamilies(const StateKey &Key) {
  return Key.Kind != EntryKind::Unresolved || producerSegment(Key) != std::string::npos;
}

/// The key without its producer segment: the registration's own name.
std::string registeredPart(const StateKey &Key) {
  size_t Producer = producerSegment(Key);
  return Producer == std::string::npos ? Key.Key : Key.Key.substr(0, Producer);
}

size_t segmentCount(const std::string &Key) { return std::count(Key.begin(), Key.end(), '.') + 1; }

/// The first Count dot-separated segments of Key.
std::string firstSegments(const std::string &Key, size_t Count) {
  size_t Pos = 0;
  for (size_t I = 0; I < Count; ++I) {
    Pos = Key.find('.', Pos);
    if (Pos == std::string::npos)
      return I + 1 == Count ? Key : "";
    if (I + 1 < Count)
      ++Pos;
  }
  return Key.substr(0, Pos);
}

/// "blocks.{0..3}" for the items blocks.0 .. blocks.3 of family blocks.{i}.
std::string itemsText(const std::string &Family, const std::vector<std::string> &Items,
                      const std::vector<std::string> &Indexes) {
  if (Items.size() == 1)
    return Items.front();
  std::vector<long long> Numbers;
  for (const std::string &Index : Indexes) {
    if (!isNumber(Index) || Index.size() > 15)
      return Items.front() + " .. " + Items.back();
    Numbers.push_back(std::stoll(Index));
  }
  std::sort(Numbers.begin(), Numbers.end());
  bool Consecutive = true;
  for (size_t I = 1; I < Numbers.size(); ++I)
    Consecutive = Consecutive && Numbers[I] == Numbers[I - 1] + 1;
  std::string Range;
  if (Consecutive)
    Range = std::to_string(Numbers.front()) + ".." + std::to_string(Numbers.back());
  else
    for (long long N : Numbers)
      Range += (Range.empty() ? "" : ",") + std::to_string(N);
  size_t Open = Family.find('{'), Close = Family.find('}', Open);
  return Family.substr(0, Open) + "{" + Range + "}" + Family.substr(Close + 1);
}

/// The one identifier Text uses ("i" of "i + 1", "2 * i"), if it uses
/// exactly one.
std::optional<std::string> soleIdentifier(const std::string &Text) {
  std::optional<std::string> Found;
  for (size_t I = 0; I < Text.size();) {
    if (!isIdentifierStart(Text[I])) {
      // Skip a whole number, so "1e" or "0x1" parts are not identifiers.
      do
        ++I;
      while (I < Text.size() && std::isalnum(static_cast<unsigned char>(Text[I])) &&
             std::isdigit(static_cast<unsigned char>(Text[I - 1])));
      continue;
    }
    size_t End = I;
    while (End < Text.size() && isIdentifierChar(Text[End]))
      ++End;
    std::string Name = Text.substr(I, End - I);
    if (Found && *Found != Name)
      return std::nullopt;
    Found = Name;
    I = End;
  }
  return Found;
}

/// Largest index tried when solving a placeholder for its loop index.
constexpr long long MaxSolvedIndex = 4096;

/// The loop indices an item binds, as the names its shapes use. A
/// placeholder that is the index ("i") binds it to the item's value; one
/// that is an expression of one index ("i + 1" of `"level" +
/// std::to_string(i + 1)`) binds the index to the value that gives the
/// item's, so the shape `in_channels[i]` of item level1 reads
/// `in_channels[0]`.
ConstructorArguments loopBindings(const std::map<std::string, std::string> &Values) {
  ConstructorArguments Bindings;
  for (const auto &[Name, Value] : Values) {
    if (isPlainIdentifier(Name)) {
      if (isNumber(Value) || isPlainIdentifier(Value))
        Bindings[Name] = Value;
      continue;
    }
    std::optional<std::string> Index = soleIdentifier(Name);
    if (!Index || !isNumber(Value) || Value.size() > 9 || Bindings.count(*Index))
      continue;
    for (long long Candidate = 0; Candidate <= MaxSolvedIndex; ++Candidate) {
      std::string Given =
          foldExpressionText(bindConstructorArguments(Name, {{*Index, std::to_string(Candidate)}}));
      if (Given == Value) {
        Bindings[*Index] = std::to_string(Candidate);
        break;
      }
    }
  }
  return Bindings;
}

std::string bindingsText(const ConstructorArguments &Bindings) {
  std::string Text;
  for (const auto &[Name, Value] : Bindings)
    Text += (Text.empty() ? "" : ", ") + Name + " = " + Value;
  return Text;
}

/// Matches the families of one side against the items of the other.
class FamilyMatcher {
public:
  FamilyMatcher(const std::vector<KeyRef> &Families, std::vector<bool> &FamilyTaken,
                const std::vector<KeyRef> &Items, std::vector<bool> &ItemTaken, bool FamiliesAtHead,
                const IdentifierRenaming &Renaming,
                const std::map<std::string, std::string> *ClassNames)
      : Families(Families), FamilyTaken(FamilyTaken), Items(Items), ItemTaken(ItemTaken),
        FamiliesAtHead(FamiliesAtHead), Renaming(Renaming), ClassNames(ClassNames) {}

  void run(std::vector<FamilyCoverage> &Out) {
    std::vector<std::string> Order;
    std::map<std::string, std::vector<size_t>> ByPrefix;
    for (size_t I = 0; I < Families.size(); ++I) {
      if (FamilyTaken[I] || !takesPartInFamilies(*Families[I].Key))
        continue;
      std::string Prefix = familyPrefix(registeredPart(*Families[I].Key));
      if (Prefix.empty())
        continue;
      if (!ByPrefix.count(Prefix))
        Order.push_back(Prefix);
      ByPrefix[Prefix].push_back(I);
    }
    std::vector<std::string> Unmatched;
    for (const std::string &Prefix : Order) {
      if (std::optional<FamilyCoverage> Found = matchFamily(Prefix, Prefix, ByPrefix[Prefix]))
        Out.push_back(std::move(*Found));
      else
        Unmatched.push_back(Prefix);
    }
    for (const std::string &Prefix : Unmatched)
      if (std::optional<FamilyCoverage> Found = matchRenamedFamily(Prefix, ByPrefix[Prefix]))
        Out.push_back(std::move(*Found));
  }

private:
  /// The keys of the other side under one instance of the family prefix.
  struct Item {
    std::string Prefix;                        ///< "blocks.2"
    std::map<std::string, std::string> Values; ///< i -> "2"
    std::vector<size_t> Keys;
  };

  std::vector<Item> itemsOf(const std::string &Family) const {
    std::vector<Item> Found;
    std::map<std::string, size_t> ByPrefix;
    size_t Segments = segmentCount(Family);
    for (size_t I = 0; I < Items.size(); ++I) {
      const StateKey &Key = *Items[I].Key;
      if (ItemTaken[I] || !takesPartInFamilies(Key))
        continue;
      std::string Prefix = firstSegments(Key.Key, Segments);
      std::map<std::string, std::string> Values;
      if (Prefix.empty() || !matchesLoopPattern(Family, Prefix, &Values))
        continue;
      auto [It, New] = ByPrefix.emplace(Prefix, Found.size());
      if (New)
        Found.push_back({Prefix, Values, {}});
      Found[It->second].Keys.push_back(I);
    }
    return Found;
  }

  bool sameKind(size_t ItemKey, size_t Template) const {
    const StateKey &I = *Items[ItemKey].Key, &T = *Families[Template].Key;
    if (I.Kind != T.Kind)
      return false;
    return FamiliesAtHead ? sameLayerType(I.Layer, T.Layer, ClassNames)
                          : sameLayerType(T.Layer, I.Layer, ClassNames);
  }

  /// Text of the two sides in the same terms: base identifiers renamed.
  std::pair<std::string, std::string> inHeadTerms(const std::string &Item,
                                                  const std::string &Family) const {
    std::string BaseText = FamiliesAtHead ? Item : Family;
    std::string HeadText = FamiliesAtHead ? Family : Item;
    std::string Base = comparableExpression(BaseText, Renaming);
    std::string Head = comparableExpression(HeadText);
    return FamiliesAtHead ? std::pair(Base, Head) : std::pair(Head, Base);
  }

  /// Whether one item key has what the family gives for its index; sets
  /// Coverage.Covered to false, with the reason, when it cannot be shown.
  void compareInstance(size_t ItemKey, size_t Template,
                       const std::map<std::string, std::string> &Values, const std::string &Family,
                       FamilyCoverage &Coverage) const {
    const StateKey &I = *Items[ItemKey].Key, &T = *Families[Template].Key;
    ConstructorArguments Bindings = loopBindings(Values);
    std::string Where = "'" + I.Key + "'";
    std::string With = Bindings.empty() ? "" : " with " + bindingsText(Bindings);
    if (size_t Producer = producerSegment(T); Producer != std::string::npos) {
      // Unknown contents are the same only when made by the same call.
      std::string Made = T.Key.substr(Producer + 2, T.Key.size() - Producer - 3);
      auto It = Values.find(Made);
      std::string Bound = bindConstructorArguments(Made, Bindings);
      if (It == Values.end() || producerSegment(I) == std::string::npos) {
        Coverage.Covered = false;
        Coverage.Reason = Where + " is not made by '" + Made + "'" + With;
        return;
      }
      auto [ItemText, FamilyText] = inHeadTerms(It->second, Bound);
      if (ItemText != FamilyText) {
        Coverage.Covered = false;
        Coverage.Reason = Where + " is made by '" + It->second + "' where '" + T.Key +
                          "' makes it by '" + Bound + "'" + With;
        return;
      }
    }
    if (I.Shape && T.Shape) {
      bool Equal = I.Shape->size() == T.Shape->size();
      SymbolicShape Bound;
      for (size_t D = 0; D < T.Shape->size(); ++D)
        Bound.push_back(bindConstructorArguments((*T.Shape)[D], Bindings));
      for (size_t D = 0; Equal && D < Bound.size(); ++D) {
        auto [ItemText, FamilyText] = inHeadTerms((*I.Shape)[D], Bound[D]);
        Equal = ItemText == FamilyText;
      }
      if (!Equal) {
        Coverage.Covered = false;
        Coverage.Reason = Where + " has shape " + shapeText(I.Shape, FindingShapeStyle) +
                          " where '" + T.Key + "' gives " + shapeText(Bound, FindingShapeStyle) +
                          With;
        return;
      }
    }
    std::string FamilyCondition =
        T.Condition ? bindConstructorArguments(*T.Condition, Bindings) : "";
    auto [ItemCondition, BoundCondition] = inHeadTerms(I.Condition.value_or(""), FamilyCondition);
    if (normaliseCondition(ItemCondition) != normaliseCondition(BoundCondition)) {
      Coverage.Covered = false;
      Coverage.Reason =
          Where + " is registered " + (I.Condition ? "if '" + *I.Condition + "'" : "always") +
          " where '" + T.Key + "' is registered " +
          (FamilyCondition.empty() ? "always" : "if '" + FamilyCondition + "'") + With;
    }
    (void)Family;
  }

  /// The one other spelling of Family's last segment the untaken items use
  /// with a number where Family has its placeholder ("fpn_layer{i + 1}" for
  /// the family "fpn_layers{i + 1}" and items fpn_layer1 ..); none when the
  /// family has several placeholders, or the items several such spellings.
  std::optional<std::string> renamedItemPattern(const std::string &Family) const {
    std::vector<PatternPiece> Pieces = splitPattern(Family);
    size_t Placeholders = std::count_if(Pieces.begin(), Pieces.end(),
                                        [](const PatternPiece &P) { return P.Placeholder; });
    size_t LastDot = Family.rfind('.');
    std::string Parent = LastDot == std::string::npos ? "" : Family.substr(0, LastDot + 1);
    if (Placeholders != 1 || Parent.find('{') != std::string::npos)
      return std::nullopt;
    std::string Placeholder;
    for (const PatternPiece &P : Pieces)
      if (P.Placeholder)
        Placeholder = P.Text;
    std::set<std::string> Spellings;
    size_t Segments = segmentCount(Family);
    for (size_t I = 0; I < Items.size(); ++I) {
      const std::string &Key = Items[I].Key->Key;
      std::string Prefix = firstSegments(Key, Segments);
      if (ItemTaken[I] || Prefix.empty() || Prefix.compare(0, Parent.size(), Parent) != 0 ||
          Prefix.find('{') != std::string::npos)
        continue;
      size_t End = Prefix.size();
      while (End > Parent.size() && !std::isdigit(static_cast<unsigned char>(Prefix[End - 1])))
        --End;
      size_t Begin = End;
      while (Begin > Parent.size() && std::isdigit(static_cast<unsigned char>(Prefix[Begin - 1])))
        --Begin;
      if (Begin == End)
        continue;
      std::string Pattern = Prefix.substr(0, Begin) + "{" + Placeholder + "}" + Prefix.substr(End);
      if (Pattern != Family)
        Spellings.insert(Pattern);
    }
    if (Spellings.size() != 1)
      return std::nullopt;
    return *Spellings.begin();
  }

  /// Family against items whose name's text changed with the loop: each
  /// item is renamed to the family's instance at its index.
  std::optional<FamilyCoverage> matchRenamedFamily(const std::string &Family,
                                                   const std::vector<size_t> &Templates) {
    std::optional<std::string> ItemPattern = renamedItemPattern(Family);
    if (!ItemPattern)
      return std::nullopt;
    for (size_t T : Templates)
      if (!loopPlaceholders(registeredPart(*Families[T].Key).substr(Family.size())).empty())
        return std::nullopt; // Nested families: not renamed item by item.
    std::vector<Item> Found = itemsOf(*ItemPattern);
    std::optional<FamilyCoverage> Coverage = matchFamily(Family, *ItemPattern, Templates);
    if (!Coverage || !Coverage->Covered)
      return Coverage;
    std::string Placeholder = loopPlaceholders(Family).front();
    for (const Item &I : Found) {
      std::string Instance = Family;
      std::string Spelled = "{" + Placeholder + "}";
      Instance.replace(Instance.find(Spelled), Spelled.size(), I.Values.at(Placeholder));
      Coverage->RenamedItems.push_back(FamiliesAtHead ? std::pair(I.Prefix, Instance)
                                                      : std::pair(Instance, I.Prefix));
    }
    Coverage->Reason = "the loop items' name changed with the loop: '" +
                       (FamiliesAtHead ? Coverage->OldFamily : Coverage->NewFamily) + "' and '" +
                       Family + "' have the same keys per item, paired by index";
    return Coverage;
  }

  std::optional<FamilyCoverage> matchFamily(const std::string &Family,
                                            const std::string &ItemPattern,
                                            const std::vector<size_t> &Templates) {
    std::vector<Item> Found = itemsOf(ItemPattern);
    if (Found.empty())
      return std::nullopt;
    FamilyCoverage Coverage;
    for (const Item &I : Found) {
      std::set<size_t> Used;
      for (size_t Key : I.Keys) {
        std::string Suffix = Items[Key].Key->Key.substr(I.Prefix.size());
        bool Matched = false;
        for (size_t T : Templates) {
          std::map<std::string, std::string> Values = I.Values;
          std::string Pattern = Families[T].Key->Key.substr(Family.size());
          if (!matchesLoopPattern(Pattern, Suffix, &Values) || !sameKind(Key, T))
            continue;
          for (const auto &[Name, Value] : I.Values)
            Values[Name] = Value;
          if (Coverage.Covered)
            compareInstance(Key, T, Values, Family, Coverage);
          Used.insert(T);
          Matched = true;
          break;
        }
        if (!Matched)
          return std::nullopt; // Another structure: not this family's items.
      }
      if (Used.size() != Templates.size())
        return std::nullopt;
    }

    std::string FirstPlaceholder;
    for (const PatternPiece &Piece : splitPattern(Family))
      if (Piece.Placeholder) {
        FirstPlaceholder = Piece.Text;
        break;
      }
    std::vector<std::string> Prefixes, Indexes;
    bool Symbolic = true;
    for (const Item &I : Found) {
      Prefixes.push_back(I.Prefix);
      auto It = I.Values.find(FirstPlaceholder);
      Indexes.push_back(It == I.Values.end() ? "" : It->second);
      Symbolic = Symbolic && I.Prefix.find('{') != std::string::npos;
    }
    Coverage.SameFamily = Symbolic && Found.size() == 1 && Coverage.Covered;
    std::string ItemText = itemsText(ItemPattern, Prefixes, Indexes);
    (FamiliesAtHead ? Coverage.OldFamily : Coverage.NewFamily) = ItemText;
    (FamiliesAtHead ? Coverage.NewFamily : Coverage.OldFamily) = Family;
    std::vector<size_t> &ItemKeys = FamiliesAtHead ? Coverage.OldKeys : Coverage.NewKeys;
    std::vector<size_t> &FamilyKeys = FamiliesAtHead ? Coverage.NewKeys : Coverage.OldKeys;
    for (const Item &I : Found)
      for (size_t Key : I.Keys) {
        ItemKeys.push_back(Key);
        ItemTaken[Key] = true;
      }
    for (size_t T : Templates) {
      FamilyKeys.push_back(T);
      FamilyTaken[T] = true;
    }
    std::string Count =
        std::to_string(Found.size()) + (Found.size() == 1 ? " item of " : " items of ") +
        std::to_string(Templates.size()) + (Templates.size() == 1 ? " key" : " keys");
    if (!Coverage.Covered)
      Coverage.Reason = "'" + ItemText + "' and the loop family '" + Family +
                        "' have the same keys, but " + Coverage.Reason;
    else
      Coverage.Reason = FamiliesAtHead ? Count + "; the item count now comes from the loop bound"
                                       : Count + "; the loop is now unrolled with a fixed count";
    return Coverage;
  }

  const std::vector<KeyRef> &Families;
  std::vector<bool> &FamilyTaken;
  const std::vector<KeyRef> &Items;
  std::vector<bool> &ItemTaken;
  bool FamiliesAtHead;
  const IdentifierRenaming &Renaming;
  const std::map<std::string, std::string> *ClassNames;
};

} // namespace

std::vector<std::string> loopPlaceholders(const std::string &Key) {
  std::vector<std::string> Names;
  for (const PatternPiece &Piece : splitPattern(Key))
    if (Piece.Placeholder)
      Names.push_back(Piece.Text);
  return Names;
}

bool matchesLoopPattern(const std::string &Pattern, const std::string &Key,
                        std::map<std::string, std::string> *Values) {
  std::map<std::string, std::string> Local;
  std::map<std::string, std::string> &Out = Values ? *Values : Local;
  return matchPieces(splitPattern(Pattern), 0, Key, 0, Out);
}

std::vector<FamilyCoverage>
matchLoopFamilies(const std::vector<KeyRef> &Base, const std::vector<KeyRef> &Head,
                  const IdentifierRenaming &Renaming,
                  const std::map<std::string, std::string> *ClassNames) {
  std::vector<FamilyCoverage> Out;
  std::vector<bool> BaseTaken(Base.size()), HeadTaken(Head.size());
  FamilyMatcher(Head, HeadTaken, Base, BaseTaken, true, Renaming, ClassNames).run(Out);
  FamilyMatcher(Base, BaseTaken, Head, HeadTaken, false, Renaming, ClassNames).run(Out);
  return Out;
}

} // namespace modelcompat
