//===- RenameInference.cpp - Propose renames among removed/added keys ----===//
#include "modelcompat/diff/RenameInference.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

namespace modelcompat {
namespace {

// Weights of the evidence; they add up to 1.
constexpr double TypeWeight = 0.3;
constexpr double ShapeWeight = 0.3;
constexpr double NameWeight = 0.25;
constexpr double OrderWeight = 0.15;

/// Lower-case words of a key: split at '.', '_', '-', digit runs and
/// camelCase humps ("projAttn.weight0" -> proj, attn, weight, 0).
std::set<std::string> wordTokens(const std::string &Key) {
  std::set<std::string> Words;
  std::string Word;
  auto Flush = [&] {
    if (!Word.empty())
      Words.insert(Word);
    Word.clear();
  };
  for (size_t I = 0; I < Key.size(); ++I) {
    unsigned char C = Key[I];
    if (!std::isalnum(C) && C != '{' && C != '}') {
      Flush();
      continue;
    }
    bool Digit = std::isdigit(C);
    if (!Word.empty()) {
      unsigned char Last = Word.back();
      bool Boundary =
          (Digit != bool(std::isdigit(Last))) || (std::isupper(C) && std::islower(Key[I - 1]));
      if (Boundary)
        Flush();
    }
    Word += static_cast<char>(std::tolower(C));
  }
  Flush();
  return Words;
}

std::vector<std::string> segments(const std::string &Key) {
  std::vector<std::string> Out;
  size_t Start = 0;
  while (true) {
    size_t Dot = Key.find('.', Start);
    Out.push_back(Key.substr(Start, Dot - Start));
    if (Dot == std::string::npos)
      return Out;
    Start = Dot + 1;
  }
}

std::string lastSegment(const std::string &Key) {
  size_t Dot = Key.rfind('.');
  return Dot == std::string::npos ? Key : Key.substr(Dot + 1);
}

bool isBuiltinLayer(const std::string &Layer) { return Layer.rfind("torch::", 0) == 0; }

/// Whether two shapes differ only by a one-to-one renaming of identifiers.
bool equivalentUpToNames(const SymbolicShape &Old, const SymbolicShape &New) {
  if (Old.size() != New.size())
    return false;
  std::vector<std::pair<std::string, std::string>> Pairs;
  for (size_t I = 0; I < Old.size(); ++I)
    Pairs.emplace_back(Old[I], New[I]);
  IdentifierRenaming Local = learnIdentifierRenaming(Pairs);
  return equivalentShapes(Old, New, Local);
}

double round2(double Value) { return std::round(Value * 100) / 100; }

/// Keeps the renames of a builtin layer's keys only where the layer moved
/// whole: every removed key of the old layer goes to the new one, and every
/// added key of the new layer comes from it. A lone `num_batches_tracked`
/// paired across two different norms (the others removed and added) says
/// nothing true about where the layer went.
std::vector<ProposedRename> withWholeLayers(std::vector<ProposedRename> Chosen,
                                            const std::vector<KeyRef> &Removed,
                                            const std::vector<KeyRef> &Added) {
  auto LayerKey = [](const KeyRef &Ref) {
    return isBuiltinLayer(Ref.Key->Layer) && Ref.Key->Key.find('.') != std::string::npos;
  };
  std::map<std::string, size_t> RemovedPerOwner, AddedPerOwner;
  for (const KeyRef &Ref : Removed)
    ++RemovedPerOwner[ownerPath(Ref.Key->Key)];
  for (const KeyRef &Ref : Added)
    ++AddedPerOwner[ownerPath(Ref.Key->Key)];
  std::map<std::pair<std::string, std::string>, size_t> Moved;
  for (const ProposedRename &P : Chosen)
    ++Moved[{ownerPath(Removed[P.Removed].Key->Key), ownerPath(Added[P.Added].Key->Key)}];
  std::vector<ProposedRename> Kept;
  for (ProposedRename &P : Chosen) {
    const KeyRef &Old = Removed[P.Removed], &New = Added[P.Added];
    std::string From = ownerPath(Old.Key->Key), To = ownerPath(New.Key->Key);
    size_t Together = Moved[{From, To}];
    if (LayerKey(Old) && LayerKey(New) &&
        (Together != RemovedPerOwner[From] || Together != AddedPerOwner[To]))
      continue;
    Kept.push_back(std::move(P));
  }
  return Kept;
}

} // namespace

double nameSimilarity(const std::string &Old, const std::string &New) {
  std::set<std::string> A = wordTokens(Old), B = wordTokens(New);
  size_t Common = 0;
  for (const std::string &Word : A)
    Common += B.count(Word);
  size_t Union = A.size() + B.size() - Common;
  double Overlap = Union ? double(Common) / Union : 1.0;

  std::vector<std::string> SA = segments(Old), SB = segments(New);
  size_t Trailing = 0;
  while (Trailing < SA.size() && Trailing < SB.size() &&
         SA[SA.size() - 1 - Trailing] == SB[SB.size() - 1 - Trailing])
    ++Trailing;
  double Suffix = double(Trailing) / std::max(SA.size(), SB.size());
  return (Overlap + Suffix) / 2;
}

ProposedRename scoreRename(const KeyRef &Removed, const KeyRef &Added,
                           const RenameContext &Context) {
  ProposedRename Proposal;
  const StateKey &Old = *Removed.Key, &New = *Added.Key;
  if (Old.Kind != New.Kind || Old.Kind == EntryKind::Unresolved)
    return Proposal;
  bool SameType = sameLayerType(Old.Layer, New.Layer, Context.ClassNames);
  // weight -> bias is never a rename, whatever the names around them.
  if ((isBuiltinLayer(Old.Layer) || isBuiltinLayer(New.Layer)) &&
      lastSegment(Old.Key) != lastSegment(New.Key))
    return Proposal;
  double ShapeScore = 0;
  bool SameShape = false, SameUpToNames = false;
  if (Old.Shape && New.Shape) {
    if (equivalentShapes(*Old.Shape, *New.Shape, Context.Renaming)) {
      ShapeScore = 1;
      SameShape = true;
    } else if (equivalentUpToNames(*Old.Shape, *New.Shape)) {
      // Moved into a sub-module whose constructor names its parameter
      // differently: [ch, ch] -> [dim, dim].
      ShapeScore = 0.7;
      SameUpToNames = true;
    } else {
      return Proposal; // A rename that also reshapes is a removal and an addition.
    }
  } else if (!Old.Shape && !New.Shape) {
    ShapeScore = 0.5;
  } else {
    ShapeScore = 0.3;
  }
  double Name = nameSimilarity(Old.Key, New.Key);
  double Order = 1 - std::fabs(Removed.Position - Added.Position);
  double Score = TypeWeight * (SameType ? 1 : 0) + ShapeWeight * ShapeScore + NameWeight * Name +
                 OrderWeight * Order;
  Proposal.Score = Score;
  Proposal.Confidence = round2(Score);

  std::vector<std::string> Reasons;
  if (SameType && SameShape)
    Reasons.push_back("same type and shape");
  else if (SameType && SameUpToNames)
    Reasons.push_back("same type, shape up to parameter names");
  else if (SameType)
    Reasons.push_back("same type");
  else if (SameShape)
    Reasons.push_back("same shape");
  else if (SameUpToNames)
    Reasons.push_back("shape up to parameter names");
  if (Name >= 0.5)
    Reasons.push_back("similar name");
  if (Order >= 0.9)
    Reasons.push_back("same position");
  for (size_t I = 0; I < Reasons.size(); ++I)
    Proposal.Reason += (I ? ", " : "") + Reasons[I];
  if (Proposal.Reason.empty())
    Proposal.Reason = "same kind";
  return Proposal;
}

std::vector<ProposedRename> proposeRenames(const std::vector<KeyRef> &Removed,
                                           const std::vector<KeyRef> &Added,
                                           const RenameContext &Context) {
  std::vector<ProposedRename> Candidates;
  for (size_t R = 0; R < Removed.size(); ++R)
    for (size_t A = 0; A < Added.size(); ++A) {
      ProposedRename P = scoreRename(Removed[R], Added[A], Context);
      if (P.Confidence > 0 && P.Confidence >= Context.Threshold) {
        P.Removed = R;
        P.Added = A;
        Candidates.push_back(std::move(P));
      }
    }
  std::stable_sort(
      Candidates.begin(), Candidates.end(),
      [](const ProposedRename &X, const ProposedRename &Y) { return X.Score > Y.Score; });
  std::vector<ProposedRename> Chosen;
  std::set<size_t> UsedRemoved, UsedAdded;
  for (ProposedRename &P : Candidates) {
    if (UsedRemoved.count(P.Removed) || UsedAdded.count(P.Added))
      continue;
    UsedRemoved.insert(P.Removed);
    UsedAdded.insert(P.Added);
    Chosen.push_back(std::move(P));
  }
  Chosen = withWholeLayers(std::move(Chosen), Removed, Added);
  std::sort(Chosen.begin(), Chosen.end(),
            [](const ProposedRename &X, const ProposedRename &Y) { return X.Removed < Y.Removed; });
  return Chosen;
}

} // namespace modelcompat
