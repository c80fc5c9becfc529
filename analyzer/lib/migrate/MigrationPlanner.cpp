//===- MigrationPlanner.cpp - From diff findings to migration specs ------===//
//
// Per module class, the findings are sorted into a pool of old-only keys
// (removed, renamed-from) and new-only keys (added, renamed-to). Known
// structural relations (fused qkv) are taken out of the pools first, then
// confident renames, then what is left: removed keys are dropped only when no
// new-only key is left that could have replaced them, added buffers take the
// new model's value, and everything else becomes a todo.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/migrate/MigrationPlanner.h"
#include "modelcompat/support/ShapeText.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

namespace modelcompat {

namespace {

/// How rules' reasons and todos quote shapes: "[1,16,ch]", "[?]" when unknown.
constexpr ShapeStyle RuleShapeStyle{",", "[?]"};

/// One key that exists at only one side, and the finding that says so.
struct LooseKey {
  std::string Key;
  EntryKind Entry = EntryKind::Parameter;
  std::optional<SymbolicShape> Shape;
  bool Used = false;
};

/// A rename proposal and whether something else already explains its keys.
struct Proposal {
  const Change *Finding = nullptr;
  bool Superseded = false;
};

/// A rule with its explanation, before ordering.
struct NotedRule {
  MigrationRule Rule;
  std::string Note;
};

/// The rules of one module class, in the order they are applied.
struct RuleSet {
  std::vector<NotedRule> Drops, Structural, Renames, Reshapes, Inits, Todos;
};

std::string formatConfidence(double Confidence) {
  char Buffer[32];
  std::snprintf(Buffer, sizeof(Buffer), "%.2f", Confidence);
  return Buffer;
}

std::vector<std::string> splitKey(const std::string &Key) {
  std::vector<std::string> Segments;
  size_t Start = 0;
  while (true) {
    size_t Dot = Key.find('.', Start);
    Segments.push_back(Key.substr(Start, Dot - Start));
    if (Dot == std::string::npos)
      return Segments;
    Start = Dot + 1;
  }
}

std::string joinKey(const std::vector<std::string> &Segments, size_t Begin, size_t End) {
  std::string Out;
  for (size_t I = Begin; I < End; ++I)
    Out += (I == Begin ? "" : ".") + Segments[I];
  return Out;
}

bool isNumber(const std::string &Text) {
  return !Text.empty() &&
         std::all_of(Text.begin(), Text.end(), [](char C) { return C >= '0' && C <= '9'; });
}

bool isIntegerLiteral(const std::string &Text) { return isNumber(Text); }

//===-- Fused projections --------------------------------------------------===//

/// A fused layer name token and the parts it concatenates, in order.
struct FusedToken {
  const char *Token;
  std::vector<std::string> Parts;
};

const std::vector<FusedToken> &fusedTokens() {
  static const std::vector<FusedToken> Table = {
      {"qkv", {"q", "k", "v"}},
      {"kv", {"k", "v"}},
      {"qk", {"q", "k"}},
  };
  return Table;
}

std::string longPartName(const std::string &Part) {
  static const std::map<std::string, std::string> Names = {
      {"q", "query"}, {"k", "key"}, {"v", "value"}};
  return Names.at(Part);
}

/// The layer names a part of Fused may have had: "to_qkv" -> "to_q", and the
/// common spellings "q", "to_q", "q_proj", "query".
std::vector<std::string> partNames(const std::string &Fused, size_t TokenAt, size_t TokenSize,
                                   const std::string &Part) {
  std::string Replaced = Fused;
  Replaced.replace(TokenAt, TokenSize, Part);
  std::string ReplacedLong = Fused;
  ReplacedLong.replace(TokenAt, TokenSize, longPartName(Part));
  std::vector<std::string> Names = {Replaced, ReplacedLong,   "to_" + Part,
                                    Part,     Part + "_proj", longPartName(Part)};
  std::sort(Names.begin(), Names.end());
  Names.erase(std::unique(Names.begin(), Names.end()), Names.end());
  return Names;
}

/// A fused key and the part keys it is made of.
struct FusedMatch {
  size_t FusedIndex = 0;
  std::vector<size_t> PartIndices;
};

/// Finds, for a key "P.S.T" of Fused whose layer name S holds a fused token,
/// one loose key per part in Parts ("P'.to_q.T", ...), all with the same
/// parent P'. Prefers the fused key's own parent.
std::optional<FusedMatch> findFusedParts(const std::vector<LooseKey> &Fused, size_t FusedIndex,
                                         const std::vector<LooseKey> &Parts) {
  const LooseKey &Key = Fused[FusedIndex];
  std::vector<std::string> Segments = splitKey(Key.Key);
  if (Segments.size() < 2)
    return std::nullopt;
  const std::string &Layer = Segments[Segments.size() - 2];
  const std::string &Tail = Segments.back();
  std::string Parent = joinKey(Segments, 0, Segments.size() - 2);
  for (const FusedToken &Token : fusedTokens()) {
    // The token must be a word of the layer name: "to_qkv", "qkv_proj",
    // not "ackvx".
    size_t At = Layer.find(Token.Token);
    size_t Size = std::string(Token.Token).size();
    if (At == std::string::npos || (At > 0 && Layer[At - 1] != '_') ||
        (At + Size < Layer.size() && Layer[At + Size] != '_'))
      continue;
    // Candidate parents: the fused key's own first, then any other one.
    std::map<std::string, std::vector<std::optional<size_t>>> ByParent;
    for (size_t P = 0; P < Token.Parts.size(); ++P) {
      std::vector<std::string> Names = partNames(Layer, At, Size, Token.Parts[P]);
      for (size_t I = 0; I < Parts.size(); ++I) {
        if (Parts[I].Used || Parts[I].Entry != Key.Entry)
          continue;
        std::vector<std::string> Other = splitKey(Parts[I].Key);
        if (Other.size() < 2 || Other.back() != Tail ||
            !std::count(Names.begin(), Names.end(), Other[Other.size() - 2]))
          continue;
        auto &Slots = ByParent[joinKey(Other, 0, Other.size() - 2)];
        Slots.resize(Token.Parts.size());
        if (Slots[P]) // Two spellings of one part: ambiguous, never guess.
          Slots[P] = Parts.size();
        else
          Slots[P] = I;
      }
    }
    auto Complete = [&](const std::vector<std::optional<size_t>> &Slots) {
      return std::all_of(Slots.begin(), Slots.end(),
                         [&](const auto &Slot) { return Slot && *Slot < Parts.size(); });
    };
    std::vector<std::string> Candidates;
    if (ByParent.count(Parent) && Complete(ByParent[Parent]))
      Candidates.push_back(Parent);
    else
      for (const auto &[Name, Slots] : ByParent)
        if (Complete(Slots))
          Candidates.push_back(Name);
    if (Candidates.size() != 1)
      continue;
    FusedMatch Match;
    Match.FusedIndex = FusedIndex;
    for (const auto &Slot : ByParent[Candidates.front()])
      Match.PartIndices.push_back(*Slot);
    return Match;
  }
  return std::nullopt;
}

std::string describeShapes(const std::vector<LooseKey> &Keys, const std::vector<size_t> &Indices) {
  std::string Out;
  for (size_t I : Indices)
    Out += (Out.empty() ? "" : " + ") + shapeText(Keys[I].Shape, RuleShapeStyle);
  return Out;
}

//===-- Repeated blocks ------------------------------------------------------===//

/// A rename with its generalised form, when one exists.
struct RenameCandidate {
  std::string From, To;
  double Confidence = 0;
  std::string Reason;
};

/// The placeholder name that Key does not use yet.
std::string freePlaceholder(const std::string &From, const std::string &To) {
  for (const char *Name : {"i", "j", "k", "n", "m"}) {
    std::string Braced = std::string("{") + Name + "}";
    if (From.find(Braced) == std::string::npos && To.find(Braced) == std::string::npos)
      return Braced;
  }
  return "{index}";
}

/// Renames of repeated blocks ("heads.0.proj.bias" -> "heads.0.out.bias",
/// "heads.1..." -> "heads.1...") become one "{i}" pattern when the indices
/// run 0..n-1 with n >= 2; index shifts and lone indices stay concrete.
std::vector<RenameCandidate> generaliseRenames(std::vector<RenameCandidate> Renames) {
  struct Template {
    std::string From, To;
    std::vector<std::pair<long long, size_t>> Members; // index, rename
  };
  std::map<std::pair<std::string, std::string>, Template> Templates;
  for (size_t R = 0; R < Renames.size(); ++R) {
    std::vector<std::string> From = splitKey(Renames[R].From);
    std::vector<std::string> To = splitKey(Renames[R].To);
    std::string Placeholder = freePlaceholder(Renames[R].From, Renames[R].To);
    bool Done = false;
    for (size_t F = 0; F < From.size() && !Done; ++F) {
      if (!isNumber(From[F]) || From[F].size() > 9)
        continue;
      for (size_t T = 0; T < To.size() && !Done; ++T) {
        if (To[T] != From[F])
          continue;
        std::vector<std::string> FromPattern = From, ToPattern = To;
        FromPattern[F] = Placeholder;
        ToPattern[T] = Placeholder;
        Template &Entry = Templates[{joinKey(FromPattern, 0, FromPattern.size()),
                                     joinKey(ToPattern, 0, ToPattern.size())}];
        Entry.From = joinKey(FromPattern, 0, FromPattern.size());
        Entry.To = joinKey(ToPattern, 0, ToPattern.size());
        Entry.Members.emplace_back(std::stoll(From[F]), R);
        Done = true;
      }
    }
  }
  std::vector<bool> Generalised(Renames.size(), false);
  std::vector<RenameCandidate> Out;
  for (auto &[Name, Entry] : Templates) {
    std::sort(Entry.Members.begin(), Entry.Members.end());
    bool Contiguous = Entry.Members.size() >= 2;
    for (size_t I = 0; I < Entry.Members.size() && Contiguous; ++I)
      Contiguous = Entry.Members[I].first == static_cast<long long>(I);
    if (!Contiguous)
      continue;
    RenameCandidate Pattern{Entry.From, Entry.To, 1.0, ""};
    for (const auto &[Index, R] : Entry.Members) {
      Generalised[R] = true;
      if (Renames[R].Confidence < Pattern.Confidence || Pattern.Reason.empty()) {
        Pattern.Confidence = std::min(Pattern.Confidence, Renames[R].Confidence);
        Pattern.Reason = Renames[R].Reason;
      }
    }
    Pattern.Reason += "; seen for indices 0.." + std::to_string(Entry.Members.size() - 1);
    Out.push_back(Pattern);
  }
  for (size_t R = 0; R < Renames.size(); ++R)
    if (!Generalised[R])
      Out.push_back(Renames[R]);
  std::sort(Out.begin(), Out.end(), [](const auto &A, const auto &B) {
    return std::tie(A.From, A.To) < std::tie(B.From, B.To);
  });
  return Out;
}

/// Orders renames so that none writes a key another still has to read
/// ("head.2" -> "head.1" after "head.1" -> "head.0"). Renames that form a
/// cycle cannot be ordered and come back in Cycle.
std::vector<RenameCandidate> orderRenames(std::vector<RenameCandidate> Renames,
                                          std::vector<RenameCandidate> &Cycle) {
  std::vector<RenameCandidate> Ordered;
  while (!Renames.empty()) {
    std::set<std::string> Sources;
    for (const RenameCandidate &Rename : Renames)
      Sources.insert(Rename.From);
    auto Ready =
        std::stable_partition(Renames.begin(), Renames.end(), [&](const RenameCandidate &Rename) {
          return !Sources.count(Rename.To);
        });
    if (Ready == Renames.begin()) {
      Cycle = std::move(Renames);
      break;
    }
    Ordered.insert(Ordered.end(), Renames.begin(), Ready);
    Renames.erase(Renames.begin(), Ready);
  }
  return Ordered;
}

//===-- Reshapes ---------------------------------------------------------------===//

/// The concrete target of a reshape whose relation is known: only singleton
/// dimensions appear or disappear ([out, in] -> [out, in, 1]), and at most
/// one dimension of the new shape is symbolic (it becomes -1).
std::optional<std::vector<long long>> knownReshape(const SymbolicShape &Old,
                                                   const SymbolicShape &New) {
  auto WithoutOnes = [](const SymbolicShape &Shape) {
    SymbolicShape Out;
    for (const std::string &Dim : Shape)
      if (Dim != "1")
        Out.push_back(Dim);
    return Out;
  };
  if (Old == New || WithoutOnes(Old) != WithoutOnes(New))
    return std::nullopt;
  std::vector<long long> Shape;
  bool Inferred = false;
  for (const std::string &Dim : New) {
    if (isIntegerLiteral(Dim) && Dim.size() <= 15) {
      Shape.push_back(std::stoll(Dim));
      continue;
    }
    if (Inferred)
      return std::nullopt;
    Inferred = true;
    Shape.push_back(-1);
  }
  return Shape;
}

//===-- One module class -------------------------------------------------------===//

/// Plans the migration of one module class from its findings.
class ModulePlanner {
public:
  ModulePlanner(std::string Module, const MigrationPlanOptions &Options, MigrationPlan &Plan)
      : Module(std::move(Module)), Options(Options), Plan(Plan) {}

  void add(const Change &Finding) { Findings.push_back(&Finding); }

  /// Appends the module's migration to the plan, when it needs one.
  void plan(const std::string &BaseCommit, const std::string &HeadCommit);

private:
  void collect();
  void planFusions();
  void planRenames();
  void planRemoved();
  void planAdded();
  void planReshape(const std::string &Key, const SymbolicShape &Old, const SymbolicShape &New,
                   const std::string &Why);
  void todo(std::vector<std::string> Keys, std::string Reason, std::string Note = "");

  std::string Module;
  const MigrationPlanOptions &Options;
  MigrationPlan &Plan;
  std::vector<const Change *> Findings;

  std::string OldModule;
  std::vector<LooseKey> OldOnly, NewOnly;
  std::vector<Proposal> Proposals;
  std::vector<std::string> Notes;
  bool Uncertain = false; ///< Something could not be analysed.
  bool Breaking = false;  ///< A finding that needs a migration to load.
  bool Skipped = false;
  RuleSet Rules;
};

void ModulePlanner::todo(std::vector<std::string> Keys, std::string Reason, std::string Note) {
  MigrationRule Rule;
  Rule.Op = RuleOp::Todo;
  Rule.Keys = std::move(Keys);
  Rule.Reason = std::move(Reason);
  Rules.Todos.push_back({std::move(Rule), std::move(Note)});
}

void ModulePlanner::collect() {
  for (const Change *Finding : Findings) {
    if (Finding->Breaking)
      Breaking = true;
    switch (Finding->Kind) {
    case ChangeKind::Added:
      if (Finding->NewKey)
        NewOnly.push_back({*Finding->NewKey, Finding->Entry, Finding->NewShape});
      break;
    case ChangeKind::Removed:
      if (Finding->OldKey)
        OldOnly.push_back({*Finding->OldKey, Finding->Entry, Finding->OldShape});
      break;
    case ChangeKind::Renamed:
      // A moved sub-module holds no tensor of its own: the diff lists the
      // keys inside it as renames of their own, which become the rules.
      if (Finding->Entry == EntryKind::Module && Finding->OldKey && Finding->NewKey) {
        Notes.push_back("sub-module '" + *Finding->OldKey + "' moved to '" + *Finding->NewKey +
                        "': its keys are renamed one by one");
        break;
      }
      if (Finding->OldKey && Finding->NewKey) {
        OldOnly.push_back({*Finding->OldKey, Finding->Entry, Finding->OldShape});
        NewOnly.push_back({*Finding->NewKey, Finding->Entry, Finding->NewShape});
        Proposals.push_back({Finding});
      }
      break;
    case ChangeKind::Reshaped: {
      std::string Key = Finding->NewKey.value_or(Finding->OldKey.value_or(""));
      if (Finding->OldShape && Finding->NewShape)
        planReshape(Key, *Finding->OldShape, *Finding->NewShape, "reshaped");
      else
        todo({Key}, "decide how to resize (shape changed)");
      break;
    }
    case ChangeKind::Retyped: {
      std::string Key = Finding->NewKey.value_or(Finding->OldKey.value_or(""));
      std::string Types = "'" + Finding->OldLayer + "' -> '" + Finding->NewLayer + "'";
      if (Finding->OldShape && Finding->NewShape && *Finding->OldShape != *Finding->NewShape)
        planReshape(Key, *Finding->OldShape, *Finding->NewShape, "retyped " + Types);
      else
        Notes.push_back("'" + Key + "' retyped " + Types +
                        " with the same key and shape: no rule needed");
      break;
    }
    case ChangeKind::ConditionChanged:
      Notes.push_back("'" + Finding->NewKey.value_or(Finding->OldKey.value_or("")) +
                      "' is registered under a new condition ('" +
                      Finding->OldCondition.value_or("always") + "' -> '" +
                      Finding->NewCondition.value_or("always") +
                      "'): checkpoints saved with the other setting lack it");
      break;
    case ChangeKind::ClassRenamed:
      OldModule = Finding->OldModule;
      break;
    case ChangeKind::LoopBoundChanged:
      Notes.push_back("'" + Finding->OldKey.value_or("") + "' became '" +
                      Finding->NewKey.value_or("") +
                      "' with the same keys per item: no rule needed");
      break;
    case ChangeKind::ShapeExpressionChanged:
      Notes.push_back("'" + Finding->NewKey.value_or("") + "' has a new shape expression, " +
                      Finding->Reason + ": no rule needed for checkpoints saved with those values");
      break;
    case ChangeKind::Unresolved:
      Uncertain = true;
      if (Finding->OldKey || Finding->NewKey)
        todo({Finding->NewKey.value_or(Finding->OldKey.value_or(""))},
             "could not be analysed: " + Finding->Reason);
      else
        Skipped = true;
      break;
    }
  }
}

void ModulePlanner::planReshape(const std::string &Key, const SymbolicShape &Old,
                                const SymbolicShape &New, const std::string &Why) {
  if (std::optional<std::vector<long long>> Shape = knownReshape(Old, New)) {
    MigrationRule Rule;
    Rule.Op = RuleOp::Reshape;
    Rule.From = Rule.To = Key;
    Rule.Shape = *Shape;
    Rules.Reshapes.push_back({Rule, Why + " " + shapeText(Old, RuleShapeStyle) + " -> " +
                                        shapeText(New, RuleShapeStyle) +
                                        ": only singleton dimensions differ"});
    return;
  }
  todo({Key},
       "decide how to resize " + shapeText(Old, RuleShapeStyle) + " -> " +
           shapeText(New, RuleShapeStyle),
       Why + "; the shapes are not related by a known reshape");
}

void ModulePlanner::planFusions() {
  // merge: old to_q/to_k/to_v -> new qkv; split: the reverse.
  for (bool Merge : {true, false}) {
    std::vector<LooseKey> &Fused = Merge ? NewOnly : OldOnly;
    std::vector<LooseKey> &Parts = Merge ? OldOnly : NewOnly;
    for (size_t F = 0; F < Fused.size(); ++F) {
      if (Fused[F].Used)
        continue;
      std::optional<FusedMatch> Match = findFusedParts(Fused, F, Parts);
      if (!Match)
        continue;
      MigrationRule Rule;
      Rule.Op = Merge ? RuleOp::Merge : RuleOp::Split;
      Rule.Dim = 0;
      std::vector<std::string> PartKeys;
      for (size_t P : Match->PartIndices) {
        PartKeys.push_back(Parts[P].Key);
        Parts[P].Used = true;
      }
      Fused[F].Used = true;
      Rule.Keys = PartKeys;
      std::string FusedShape = shapeText(Fused[F].Shape, RuleShapeStyle);
      std::string Note;
      if (Merge) {
        Rule.To = Fused[F].Key;
        Note = "fused projection: '" + Fused[F].Key + "' " + FusedShape + " concatenates " +
               describeShapes(Parts, Match->PartIndices) + " along dim 0";
      } else {
        Rule.From = Fused[F].Key;
        Note = "fused projection taken apart: '" + Fused[F].Key + "' " + FusedShape +
               " splits into " + describeShapes(Parts, Match->PartIndices) + " along dim 0";
      }
      Rules.Structural.push_back({Rule, Note});
    }
  }
  // A rename proposal whose keys a fusion explains is superseded.
  auto UsedKey = [](const std::vector<LooseKey> &Keys, const std::string &Key) {
    return std::any_of(Keys.begin(), Keys.end(),
                       [&](const LooseKey &Loose) { return Loose.Used && Loose.Key == Key; });
  };
  for (Proposal &Entry : Proposals)
    if (UsedKey(OldOnly, *Entry.Finding->OldKey) || UsedKey(NewOnly, *Entry.Finding->NewKey))
      Entry.Superseded = true;
}

void ModulePlanner::planRenames() {
  auto MarkUsed = [](std::vector<LooseKey> &Keys, const std::string &Key) {
    for (LooseKey &Loose : Keys)
      if (Loose.Key == Key && !Loose.Used) {
        Loose.Used = true;
        return;
      }
  };
  std::vector<RenameCandidate> Accepted;
  for (Proposal &Entry : Proposals) {
    const Change &Finding = *Entry.Finding;
    double Confidence = Finding.Confidence.value_or(0);
    RenameProposal Printed{Module,     *Finding.OldKey, *Finding.NewKey,
                           Confidence, Finding.Reason,  false};
    if (Entry.Superseded) {
      Printed.Outcome = "superseded by a fused-projection rule";
      Plan.Renames.push_back(Printed);
      continue;
    }
    MarkUsed(OldOnly, *Finding.OldKey);
    MarkUsed(NewOnly, *Finding.NewKey);
    if (Confidence < Options.MinRenameConfidence) {
      todo({*Finding.OldKey, *Finding.NewKey},
           "possible rename to '" + *Finding.NewKey + "' (confidence " +
               formatConfidence(Confidence) + ": " + Finding.Reason +
               "): confirm it or map the keys by hand",
           "rename proposal below the " + formatConfidence(Options.MinRenameConfidence) +
               " threshold");
      Printed.Outcome =
          "todo (confidence below " + formatConfidence(Options.MinRenameConfidence) + ")";
      Plan.Renames.push_back(Printed);
      continue;
    }
    Printed.Accepted = true;
    Printed.Outcome = "rename rule";
    Plan.Renames.push_back(Printed);
    Accepted.push_back({*Finding.OldKey, *Finding.NewKey, Confidence, Finding.Reason});
    if (Finding.OldShape && Finding.NewShape && *Finding.OldShape != *Finding.NewShape)
      planReshape(*Finding.NewKey, *Finding.OldShape, *Finding.NewShape,
                  "renamed from '" + *Finding.OldKey + "' and reshaped");
  }
  std::vector<RenameCandidate> Cycle;
  for (const RenameCandidate &Rename :
       orderRenames(generaliseRenames(std::move(Accepted)), Cycle)) {
    MigrationRule Rule;
    Rule.Op = RuleOp::Rename;
    Rule.From = Rename.From;
    Rule.To = Rename.To;
    Rule.Confidence = Rename.Confidence;
    Rules.Renames.push_back({Rule, "renamed (confidence " + formatConfidence(Rename.Confidence) +
                                       ": " + Rename.Reason + ")"});
  }
  if (!Cycle.empty()) {
    std::vector<std::string> Keys;
    for (const RenameCandidate &Rename : Cycle)
      Keys.push_back(Rename.From);
    todo(Keys, "these renames form a cycle: move the tensors through a temporary key");
  }
}

void ModulePlanner::planRemoved() {
  std::vector<std::string> Replacements;
  for (const LooseKey &Key : NewOnly)
    if (!Key.Used)
      Replacements.push_back(Key.Key);
  for (LooseKey &Key : OldOnly) {
    if (Key.Used)
      continue;
    Key.Used = true;
    std::string What = std::string(entryKindName(Key.Entry)) + " removed";
    if (Replacements.empty() && !Uncertain) {
      MigrationRule Rule;
      Rule.Op = RuleOp::Drop;
      Rule.Key = Key.Key;
      Rule.Reason = What + "; nothing added to the class replaces it";
      Rules.Drops.push_back({Rule, ""});
      continue;
    }
    std::string Candidates;
    for (const std::string &Replacement : Replacements)
      Candidates += (Candidates.empty() ? "'" : ", '") + Replacement + "'";
    todo({Key.Key}, Replacements.empty()
                        ? What + ", but the class was not fully analysed: drop it or map it"
                        : What + "; it may live on in " + Candidates + ": map it or drop it");
  }
}

void ModulePlanner::planAdded() {
  // Added parameters of one layer share a todo: "gate.weight", "gate.bias".
  std::map<std::string, std::vector<const LooseKey *>> Parameters;
  for (LooseKey &Key : NewOnly) {
    if (Key.Used)
      continue;
    Key.Used = true;
    if (Key.Entry == EntryKind::Buffer) {
      MigrationRule Rule;
      Rule.Op = RuleOp::Init;
      Rule.Key = Key.Key;
      Rule.Source = InitSource::NewModel;
      Rules.Inits.push_back({Rule,
                             "buffer added: buffers are not trained, so it takes the value the new "
                             "code constructs"});
      continue;
    }
    std::vector<std::string> Segments = splitKey(Key.Key);
    Parameters[joinKey(Segments, 0, Segments.size() - 1) + "|" + entryKindName(Key.Entry)]
        .push_back(&Key);
  }
  for (const auto &[Group, Keys] : Parameters) {
    std::vector<std::string> Names;
    std::string Shapes;
    for (const LooseKey *Key : Keys) {
      Names.push_back(Key->Key);
      Shapes += (Shapes.empty() ? "" : ", ") + shapeText(Key->Shape, RuleShapeStyle);
    }
    const LooseKey &First = *Keys.front();
    std::string Reason;
    if (First.Entry == EntryKind::Parameter)
      Reason = "trainable parameter added (" + Shapes +
               "): trained weights cannot be invented; initialise or train it";
    else
      Reason = "added, but its kind could not be analysed: initialise it";
    todo(Names, Reason);
  }
}

void ModulePlanner::plan(const std::string &BaseCommit, const std::string &HeadCommit) {
  // The diff sorts its findings, but a plan must not depend on that.
  std::stable_sort(Findings.begin(), Findings.end(), [](const Change *A, const Change *B) {
    auto Rank = [](const Change *C) {
      return std::make_tuple(static_cast<int>(C->Kind), C->OldKey.value_or(""),
                             C->NewKey.value_or(""));
    };
    return Rank(A) < Rank(B);
  });
  collect();
  if (Skipped) {
    Plan.Warnings.push_back("no migration for '" + Module +
                            "': the class could not be analysed at one side");
    return;
  }
  planFusions();
  std::stable_sort(Rules.Structural.begin(), Rules.Structural.end(),
                   [](const NotedRule &A, const NotedRule &B) {
                     auto Fused = [](const MigrationRule &Rule) {
                       return Rule.Op == RuleOp::Merge ? Rule.To : Rule.From;
                     };
                     return Fused(A.Rule) < Fused(B.Rule);
                   });
  planRenames();
  planRemoved();
  planAdded();

  PlannedMigration Migration;
  Migration.Spec.Module = Module;
  Migration.Spec.FromCommit = BaseCommit;
  Migration.Spec.ToCommit = HeadCommit;
  Migration.OldModule = OldModule;
  if (!OldModule.empty())
    Notes.insert(Notes.begin(), "class renamed from '" + OldModule + "'");
  Migration.Notes = Notes;
  for (std::vector<NotedRule> *Group : {&Rules.Drops, &Rules.Structural, &Rules.Renames,
                                        &Rules.Reshapes, &Rules.Inits, &Rules.Todos})
    for (NotedRule &Rule : *Group) {
      Migration.Spec.Rules.push_back(std::move(Rule.Rule));
      Migration.RuleNotes.push_back(std::move(Rule.Note));
    }
  // A class whose only findings need no rule (a retype with the same layout)
  // still gets an empty spec when they are breaking, so that `diff` can see
  // them covered; a class that was only renamed needs nothing.
  if (Migration.Spec.Rules.empty() && !(Breaking && !Notes.empty() && OldModule.empty()))
    return;
  Plan.Migrations.push_back(std::move(Migration));
}

} // namespace

bool PlannedMigration::hasTodo() const {
  return std::any_of(Spec.Rules.begin(), Spec.Rules.end(),
                     [](const MigrationRule &Rule) { return Rule.Op == RuleOp::Todo; });
}

std::string formatRenameProposals(const MigrationPlan &Plan) {
  std::string Out;
  for (const RenameProposal &Rename : Plan.Renames)
    Out += Rename.Module + ": '" + Rename.From + "' -> '" + Rename.To + "' (confidence " +
           formatConfidence(Rename.Confidence) +
           (Rename.Reason.empty() ? "" : ": " + Rename.Reason) + "): " + Rename.Outcome + "\n";
  return Out;
}

MigrationPlan planMigrations(const SchemaDiff &Diff, const std::string &BaseCommit,
                             const std::string &HeadCommit, const MigrationPlanOptions &Options) {
  MigrationPlan Plan;
  std::map<std::string, ModulePlanner> Modules;
  for (const Change &Finding : Diff.Changes) {
    if (Finding.Module.empty())
      continue;
    if (!Options.IncludeCoveredAndSuppressed && (Finding.CoveredBy || Finding.Suppressed))
      continue;
    auto It = Modules.try_emplace(Finding.Module, Finding.Module, Options, Plan).first;
    It->second.add(Finding);
  }
  for (auto &[Name, Planner] : Modules)
    Planner.plan(BaseCommit, HeadCommit);
  std::stable_sort(Plan.Renames.begin(), Plan.Renames.end(),
                   [](const RenameProposal &A, const RenameProposal &B) {
                     return std::tie(A.Module, A.From, A.To) < std::tie(B.Module, B.From, B.To);
                   });
  return Plan;
}

} // namespace modelcompat
