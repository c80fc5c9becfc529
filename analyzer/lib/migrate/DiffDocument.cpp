//===- DiffDocument.cpp - Read the JSON report of `diff` -----------------===//
#include "modelcompat/migrate/DiffDocument.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/ReadFile.h"

namespace modelcompat {

using nlohmann::json;

namespace {

/// Reads one change, naming it in errors.
class ChangeReader {
public:
  ChangeReader(const json &Value, std::string Where) : Value(Value), Where(std::move(Where)) {}

  Change read() const {
    if (!Value.is_object())
      fail("is not an object");
    Change Out;
    Out.Module = text("module");
    if (Out.Module.empty())
      fail("needs a non-empty string \"module\"");
    std::string Kind = text("kind");
    std::optional<ChangeKind> ParsedKind = parseChangeKind(Kind);
    if (!ParsedKind)
      fail("unknown kind '" + Kind + "'");
    Out.Kind = *ParsedKind;
    std::string Entry = text("entry_kind", "parameter");
    std::optional<EntryKind> ParsedEntry = parseEntryKind(Entry);
    if (!ParsedEntry)
      fail("unknown entry_kind '" + Entry + "'");
    Out.Entry = *ParsedEntry;
    Out.OldModule = text("old_module");
    Out.OldKey = optionalText("old_key");
    Out.NewKey = optionalText("new_key");
    Out.OldShape = shape("old_shape");
    Out.NewShape = shape("new_shape");
    Out.OldLayer = text("old_layer");
    Out.NewLayer = text("new_layer");
    Out.OldCondition = optionalText("old_condition");
    Out.NewCondition = optionalText("new_condition");
    if (auto It = Value.find("confidence"); It != Value.end() && !It->is_null()) {
      if (!It->is_number())
        fail("\"confidence\" is not a number");
      Out.Confidence = It->get<double>();
    }
    Out.Reason = text("reason");
    Out.Breaking = boolean("breaking", true);
    Out.CoveredBy = optionalText("covered_by");
    Out.Suppressed = boolean("suppressed", false);
    Out.File = text("file");
    if (auto It = Value.find("line"); It != Value.end() && It->is_number_unsigned())
      Out.Line = It->get<unsigned>();
    if (auto It = Value.find("column"); It != Value.end() && It->is_number_unsigned())
      Out.Column = It->get<unsigned>();
    Out.SuppressionReason = text("suppression_reason");
    return Out;
  }

private:
  [[noreturn]] void fail(const std::string &What) const { throw Error(Where + ": " + What); }

  std::string text(const char *Name, const std::string &Default = "") const {
    auto It = Value.find(Name);
    if (It == Value.end() || It->is_null())
      return Default;
    if (!It->is_string())
      fail(std::string("\"") + Name + "\" is not a string");
    return It->get<std::string>();
  }

  std::optional<std::string> optionalText(const char *Name) const {
    auto It = Value.find(Name);
    if (It == Value.end() || It->is_null())
      return std::nullopt;
    return text(Name);
  }

  std::optional<SymbolicShape> shape(const char *Name) const {
    auto It = Value.find(Name);
    if (It == Value.end() || It->is_null())
      return std::nullopt;
    if (!It->is_array())
      fail(std::string("\"") + Name + "\" is not an array");
    SymbolicShape Out;
    for (const json &Dim : *It) {
      if (!Dim.is_string())
        fail(std::string("\"") + Name + "\" holds a non-string");
      Out.push_back(Dim.get<std::string>());
    }
    return Out;
  }

  bool boolean(const char *Name, bool Default) const {
    auto It = Value.find(Name);
    if (It == Value.end() || It->is_null())
      return Default;
    if (!It->is_boolean())
      fail(std::string("\"") + Name + "\" is not a boolean");
    return It->get<bool>();
  }

  const json &Value;
  std::string Where;
};

} // namespace

DiffDocument diffDocumentFromJson(const json &Document, const std::string &Origin) {
  std::string Where = "invalid diff report '" + Origin + "'";
  if (!Document.is_object())
    throw Error(Where + ": not a JSON object");
  if (Document.value("schema_version", 0) != 1)
    throw Error(Where + ": unsupported or missing schema_version (expected 1)");
  DiffDocument Out;
  auto Side = [&](const char *Name, ResolvedRevision &Revision) {
    auto It = Document.find(Name);
    if (It == Document.end() || !It->is_object() || !It->contains("commit") ||
        !It->at("commit").is_string() || It->at("commit").get<std::string>().empty())
      throw Error(Where + ": missing \"" + Name + "\": {\"commit\": ...}");
    Revision.Commit = It->at("commit").get<std::string>();
    Revision.Spec = It->contains("rev") && It->at("rev").is_string()
                        ? It->at("rev").get<std::string>()
                        : Revision.Commit;
  };
  Side("base", Out.Base);
  Side("head", Out.Head);
  auto Changes = Document.find("changes");
  if (Changes == Document.end() || !Changes->is_array())
    throw Error(Where + ": missing \"changes\" array");
  for (size_t I = 0; I < Changes->size(); ++I)
    Out.Diff.Changes.push_back(
        ChangeReader((*Changes)[I], Where + ": change " + std::to_string(I)).read());
  if (auto It = Document.find("unresolved_files"); It != Document.end() && It->is_array())
    for (const json &File : *It)
      if (File.is_string())
        Out.Diff.UnresolvedFiles.push_back(File.get<std::string>());
  return Out;
}

DiffDocument readDiffDocument(const std::string &Path) {
  json Document = json::parse(readFile(Path), nullptr, /*allow_exceptions=*/false);
  if (Document.is_discarded())
    throw Error("invalid diff report '" + Path + "': not valid JSON");
  return diffDocumentFromJson(Document, Path);
}

} // namespace modelcompat
