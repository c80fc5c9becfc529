//===- FindingText.cpp - Words shared by every report format -------------===//
#include "modelcompat/report/FindingText.h"
#include "modelcompat/diff/DiffSummary.h"
#include "modelcompat/diff/ShapeEquivalence.h"

#include <cstdio>

namespace modelcompat {
namespace {

/// The documentation of one kind; a table rather than a switch per use.
struct KindText {
  ChangeKind Kind;
  const char *Summary;
  const char *Help;
};

const std::vector<KindText> &kindTexts() {
  static const std::vector<KindText> Table = {
      {ChangeKind::Added, "A state-dict key was added to a module class.",
       "The module registers a parameter or buffer it did not register before. "
       "Strict loading of an old checkpoint fails with a missing key. Breaking: "
       "add a migration that initialises the key (an 'init' rule), or suppress "
       "the finding if old checkpoints are never loaded."},
      {ChangeKind::Removed, "A state-dict key was removed from a module class.",
       "The module no longer registers a parameter or buffer. Strict loading of "
       "an old checkpoint fails with an unexpected key. Breaking: add a migration "
       "that drops the key (a 'drop' rule with a reason)."},
      {ChangeKind::Renamed, "A state-dict key was probably renamed or moved.",
       "A removed key and an added key of the same class look alike (kind, layer "
       "type, shape, registration order, name). This is a proposal with a "
       "confidence, never an assumption: it stays breaking until a migration "
       "with a 'rename' rule confirms it."},
      {ChangeKind::Reshaped, "The shape of a state-dict key changed.",
       "The symbolic shape of the tensor differs after normalisation (and after "
       "constructor-parameter renames are accounted for). Old checkpoints load "
       "a tensor of the wrong size. Breaking: add a 'reshape' rule or "
       "re-initialise the key."},
      {ChangeKind::Retyped, "A layer was replaced by another type with the same keys.",
       "A sub-module kept its name but changed its type (for example "
       "BatchNorm1d to BatchNorm2d). Its keys and shapes still load; any key or "
       "shape that changed with it is reported separately. Informational: check "
       "that the new layer means the same thing for the old weights."},
      {ChangeKind::ConditionChanged, "The condition under which a key is registered changed.",
       "The key is now registered under a different condition (or became or "
       "stopped being conditional), so some configurations may miss it or gain "
       "it. Breaking: check the configurations your checkpoints were saved with."},
      {ChangeKind::ClassRenamed, "A module class was renamed with the same layout.",
       "The class (and its TORCH_MODULE holder) has a new name but the same "
       "state-dict layout, found by layout and file. Checkpoints still load. "
       "Informational."},
      {ChangeKind::Unresolved, "Part of the model could not be analysed.",
       "A file failed to parse at one commit, or a registration's name could not "
       "be resolved, so its classes cannot be compared. Breaking, because "
       "nothing proves the change is safe: fix the parse errors (see the "
       "diagnostics) or the include paths (-p, --extra-arg)."},
      {ChangeKind::LoopBoundChanged,
       "Unrolled items became a loop family with the same keys, or back.",
       "A loop with a literal bound registers numbered items (blocks.0 .. "
       "blocks.3); with a bound read from a member, a size() or the options the "
       "same registrations form a symbolic family (blocks.{i}). Every item has "
       "the same keys, kinds, layer types and shapes as the family, so a "
       "checkpoint saved with the same number of items still loads. "
       "Informational: check that the configurations your checkpoints were "
       "saved with give the same item count."},
      {ChangeKind::ShapeExpressionChanged,
       "A shape expression changed but is equal under the declared defaults.",
       "The symbolic shape of a key is written differently (planes became "
       "planes * (base_width / 64) * groups), and evaluating both sides with "
       "the defaults the code declares (default arguments, TORCH_ARG "
       "initialisers, member initialisers) gives the same shape. Checkpoints "
       "saved with those defaults still load. Informational: configurations "
       "that override the named values may see a different shape."},
  };
  return Table;
}

const KindText &textOf(ChangeKind Kind) {
  for (const KindText &Text : kindTexts())
    if (Text.Kind == Kind)
      return Text;
  return kindTexts().back();
}

std::string quoted(const std::string &Text) { return "'" + Text + "'"; }

std::string entryWord(EntryKind Kind) {
  return Kind == EntryKind::Unresolved ? "registration" : entryKindName(Kind);
}

std::string subject(const Change &C, const std::string &Key) {
  return entryWord(C.Entry) + " " + quoted(Key);
}

std::string conditionSuffix(const std::optional<std::string> &Condition) {
  return Condition ? " if " + quoted(*Condition) : "";
}

std::string shapeSuffix(const std::optional<SymbolicShape> &Shape) {
  return Shape ? " with shape " + shapeText(Shape, FindingShapeStyle) : "";
}

std::string keyMessage(const Change &C) {
  const std::string Old = C.OldKey.value_or(""), New = C.NewKey.value_or("");
  const std::string Class = quoted(C.Module);
  switch (C.Kind) {
  case ChangeKind::Added:
    return subject(C, New) + " added to " + Class + shapeSuffix(C.NewShape) +
           conditionSuffix(C.NewCondition);
  case ChangeKind::Removed:
    return subject(C, Old) + " removed from " + Class;
  case ChangeKind::Renamed:
    return subject(C, Old) + " of " + Class + " renamed to " + quoted(New) + " (confidence " +
           formatConfidence(C.Confidence.value_or(0)) + ": " + C.Reason + ")";
  case ChangeKind::Reshaped: {
    std::string Text = subject(C, New) + " of " + Class + " reshaped from " +
                       shapeText(C.OldShape, FindingShapeStyle) + " to " +
                       shapeText(C.NewShape, FindingShapeStyle);
    if (C.OldLayer != C.NewLayer)
      Text += " (layer " + quoted(C.OldLayer) + " became " + quoted(C.NewLayer) + ")";
    if (!C.Reason.empty())
      Text += ": " + C.Reason;
    return Text;
  }
  case ChangeKind::ShapeExpressionChanged:
    return subject(C, New) + " of " + Class + " has the shape expression " +
           shapeText(C.NewShape, FindingShapeStyle) + " instead of " +
           shapeText(C.OldShape, FindingShapeStyle) + ", " + C.Reason;
  case ChangeKind::LoopBoundChanged:
    return "loop items " + quoted(Old) + " of " + Class + " became " + quoted(New) +
           " with the same keys per item (" + C.Reason + ")";
  case ChangeKind::Retyped:
    if (C.OldLayer == C.NewLayer)
      return subject(C, New) + " of " + Class + " retyped: " + C.Reason;
    return subject(C, New) + " of " + Class + " retyped from " + quoted(C.OldLayer) + " to " +
           quoted(C.NewLayer);
  case ChangeKind::ConditionChanged:
    if (!C.OldCondition)
      return subject(C, New) + " of " + Class + " is now registered only if " +
             quoted(*C.NewCondition);
    if (!C.NewCondition)
      return subject(C, New) + " of " + Class + " is now registered unconditionally (was only if " +
             quoted(*C.OldCondition) + ")";
    return subject(C, New) + " of " + Class + " condition changed from " + quoted(*C.OldCondition) +
           " to " + quoted(*C.NewCondition);
  case ChangeKind::Unresolved:
    if (!C.OldKey && !C.NewKey)
      return C.Module.empty() ? "module classes could not be analysed: " + C.Reason
                              : "class " + Class + " could not be analysed: " + C.Reason;
    return subject(C, C.NewKey ? New : Old) + " of " + Class +
           " could not be compared: " + C.Reason;
  case ChangeKind::ClassRenamed: {
    std::string Text = "class " + quoted(C.OldModule) + " renamed to " + Class;
    Text += C.Reason.rfind("identical layout", 0) == 0 ? " with identical layout"
                                                       : " (" + C.Reason + ")";
    if (!C.OldLayer.empty())
      Text += ", holder " + quoted(C.OldLayer) + " renamed to " + quoted(C.NewLayer);
    return Text;
  }
  }
  return "";
}

} // namespace

const std::vector<ChangeKind> &allChangeKinds() {
  static const std::vector<ChangeKind> Kinds = [] {
    std::vector<ChangeKind> Out;
    for (const KindText &Text : kindTexts())
      Out.push_back(Text.Kind);
    return Out;
  }();
  return Kinds;
}

std::string findingRuleId(ChangeKind Kind) {
  return std::string("state-dict-") + changeKindName(Kind);
}

std::string findingSummary(ChangeKind Kind) { return textOf(Kind).Summary; }

std::string findingHelp(ChangeKind Kind) { return textOf(Kind).Help; }

std::string findingMessage(const Change &C) {
  std::string Text = keyMessage(C);
  if (C.CoveredBy)
    Text += "; covered by " + *C.CoveredBy;
  return Text;
}

const char *findingSeverity(const Change &C) {
  return C.Breaking && !C.CoveredBy ? "warning" : "note";
}

std::string formatConfidence(double Confidence) {
  char Buffer[16];
  std::snprintf(Buffer, sizeof(Buffer), "%.2f", Confidence);
  return Buffer;
}

std::string summaryLine(const SchemaDiff &Diff, const std::string &BaseName,
                        const std::string &HeadName) {
  DiffSummary S = summarizeDiff(Diff);
  std::string Between = " between " + BaseName + " and " + HeadName;
  if (S.Total == 0)
    return "summary: no state-dict changes" + Between + scanHealthText(Diff);
  std::string Line = "summary: " + std::to_string(S.Total) +
                     (S.Total == 1 ? " state-dict change" : " state-dict changes") + Between +
                     ": " + std::to_string(S.Breaking) + " breaking (" +
                     std::to_string(S.UncoveredBreaking) + " uncovered), " +
                     std::to_string(S.Covered) + " covered by migrations, " +
                     std::to_string(S.Suppressed) + " suppressed";
  if (!Diff.UnresolvedFiles.empty())
    Line += "; " + std::to_string(Diff.UnresolvedFiles.size()) +
            (Diff.UnresolvedFiles.size() == 1 ? " file" : " files") + " could not be analysed";
  return Line + scanHealthText(Diff);
}

std::string scanHealthText(const SchemaDiff &Diff) {
  if (!Diff.BaseScan.troubled() && !Diff.HeadScan.troubled())
    return "";
  auto Side = [](const ScanHealth &Health) {
    return std::to_string(Health.FilesWithErrors) +
           (Health.FilesWithErrors == 1 ? " file" : " files") + " with errors, " +
           std::to_string(Health.ClassesRecovered) +
           (Health.ClassesRecovered == 1 ? " class" : " classes") + " recovered, " +
           std::to_string(Health.ClassesUnreadable) + " unresolved";
  };
  return "; scan at base: " + Side(Diff.BaseScan) + "; at head: " + Side(Diff.HeadScan);
}

} // namespace modelcompat
