//===- MigrationSpec.cpp - The modelcompat.migration spec ----------------===//
#include "modelcompat/migrate/MigrationSpec.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/ReadFile.h"

#include <array>
#include <utility>

namespace modelcompat {

using nlohmann::json;

namespace {

constexpr std::array<std::pair<RuleOp, const char *>, 7> RuleOpNames = {{
    {RuleOp::Rename, "rename"},
    {RuleOp::Init, "init"},
    {RuleOp::Drop, "drop"},
    {RuleOp::Reshape, "reshape"},
    {RuleOp::Split, "split"},
    {RuleOp::Merge, "merge"},
    {RuleOp::Todo, "todo"},
}};

constexpr std::array<std::pair<InitSource, const char *>, 5> InitSourceNames = {{
    {InitSource::NewModel, "new_model"},
    {InitSource::Zeros, "zeros"},
    {InitSource::Ones, "ones"},
    {InitSource::Value, "value"},
    {InitSource::Identity, "identity"},
}};

/// Validates one rule's fields while decoding, naming the rule in errors.
class RuleReader {
public:
  RuleReader(const json &Value, std::string Where) : Value(Value), Where(std::move(Where)) {}

  MigrationRule read() {
    if (!Value.is_object())
      fail("is not an object");
    MigrationRule Rule;
    std::string OpName = text("op");
    std::optional<RuleOp> Op = parseRuleOp(OpName);
    if (!Op)
      fail("unknown op '" + OpName + "'");
    Rule.Op = *Op;
    switch (Rule.Op) {
    case RuleOp::Rename:
      Rule.From = text("from");
      Rule.To = text("to");
      Rule.Confidence = number("confidence");
      break;
    case RuleOp::Init:
      Rule.Key = text("key");
      Rule.Source = source();
      Rule.Value = number("value");
      if (Rule.Source == InitSource::Value && !Rule.Value)
        fail("source \"value\" needs a numeric \"value\"");
      break;
    case RuleOp::Drop:
      Rule.Key = text("key");
      Rule.Reason = text("reason");
      break;
    case RuleOp::Reshape:
      Rule.From = text("from");
      Rule.To = Value.contains("to") ? text("to") : Rule.From;
      Rule.Shape = integers("shape");
      break;
    case RuleOp::Split:
      Rule.From = text("from");
      Rule.Keys = texts("keys");
      Rule.Dim = integer("dim");
      break;
    case RuleOp::Merge:
      Rule.Keys = texts("keys");
      Rule.To = text("to");
      Rule.Dim = integer("dim");
      break;
    case RuleOp::Todo:
      Rule.Keys = texts("keys");
      Rule.Reason = text("reason");
      break;
    }
    return Rule;
  }

private:
  [[noreturn]] void fail(const std::string &What) const { throw Error(Where + ": " + What); }

  std::string text(const char *Name) const {
    auto It = Value.find(Name);
    if (It == Value.end() || !It->is_string() || It->get<std::string>().empty())
      fail(std::string("needs a non-empty string \"") + Name + "\"");
    return It->get<std::string>();
  }

  std::vector<std::string> texts(const char *Name) const {
    auto It = Value.find(Name);
    if (It == Value.end() || !It->is_array() || It->empty())
      fail(std::string("needs a non-empty array \"") + Name + "\"");
    std::vector<std::string> Out;
    for (const json &Item : *It) {
      if (!Item.is_string())
        fail(std::string("\"") + Name + "\" holds a non-string");
      Out.push_back(Item.get<std::string>());
    }
    return Out;
  }

  std::optional<double> number(const char *Name) const {
    auto It = Value.find(Name);
    if (It == Value.end() || It->is_null())
      return std::nullopt;
    if (!It->is_number())
      fail(std::string("\"") + Name + "\" is not a number");
    return It->get<double>();
  }

  long long integer(const char *Name) const {
    auto It = Value.find(Name);
    if (It == Value.end() || !It->is_number_integer())
      fail(std::string("needs an integer \"") + Name + "\"");
    return It->get<long long>();
  }

  std::vector<long long> integers(const char *Name) const {
    auto It = Value.find(Name);
    if (It == Value.end() || !It->is_array())
      fail(std::string("needs an integer array \"") + Name + "\"");
    std::vector<long long> Out;
    for (const json &Item : *It) {
      if (!Item.is_number_integer())
        fail(std::string("\"") + Name + "\" holds a non-integer");
      Out.push_back(Item.get<long long>());
    }
    return Out;
  }

  InitSource source() const {
    std::string Name = text("source");
    std::optional<InitSource> Source = parseInitSource(Name);
    if (!Source)
      fail("unknown init source '" + Name + "'");
    return *Source;
  }

  const json &Value;
  std::string Where;
};

json ruleToJson(const MigrationRule &Rule) {
  json Out = {{"op", ruleOpName(Rule.Op)}};
  switch (Rule.Op) {
  case RuleOp::Rename:
    Out["from"] = Rule.From;
    Out["to"] = Rule.To;
    if (Rule.Confidence)
      Out["confidence"] = *Rule.Confidence;
    break;
  case RuleOp::Init:
    Out["key"] = Rule.Key;
    Out["source"] = initSourceName(Rule.Source);
    if (Rule.Value)
      Out["value"] = *Rule.Value;
    break;
  case RuleOp::Drop:
    Out["key"] = Rule.Key;
    Out["reason"] = Rule.Reason;
    break;
  case RuleOp::Reshape:
    Out["from"] = Rule.From;
    Out["to"] = Rule.To;
    Out["shape"] = Rule.Shape.value_or(std::vector<long long>{});
    break;
  case RuleOp::Split:
    Out["from"] = Rule.From;
    Out["keys"] = Rule.Keys;
    Out["dim"] = Rule.Dim.value_or(0);
    break;
  case RuleOp::Merge:
    Out["keys"] = Rule.Keys;
    Out["to"] = Rule.To;
    Out["dim"] = Rule.Dim.value_or(0);
    break;
  case RuleOp::Todo:
    Out["keys"] = Rule.Keys;
    Out["reason"] = Rule.Reason;
    break;
  }
  return Out;
}

} // namespace

const char *ruleOpName(RuleOp Op) {
  for (const auto &[Value, Name] : RuleOpNames)
    if (Value == Op)
      return Name;
  return "todo";
}

std::optional<RuleOp> parseRuleOp(const std::string &Name) {
  for (const auto &[Value, Text] : RuleOpNames)
    if (Name == Text)
      return Value;
  return std::nullopt;
}

const char *initSourceName(InitSource Source) {
  for (const auto &[Value, Name] : InitSourceNames)
    if (Value == Source)
      return Name;
  return "new_model";
}

std::optional<InitSource> parseInitSource(const std::string &Name) {
  for (const auto &[Value, Text] : InitSourceNames)
    if (Name == Text)
      return Value;
  return std::nullopt;
}

std::string MigrationSpec::id() const {
  auto Short = [](const std::string &Sha) { return Sha.substr(0, 12); };
  return Module + "@" + Short(FromCommit) + ".." + Short(ToCommit);
}

json migrationSpecToJson(const MigrationSpec &Spec) {
  json Rules = json::array();
  for (const MigrationRule &Rule : Spec.Rules)
    Rules.push_back(ruleToJson(Rule));
  return {{"schema_version", MigrationSpecVersion},
          {"module", Spec.Module},
          {"from", {{"commit", Spec.FromCommit}}},
          {"to", {{"commit", Spec.ToCommit}}},
          {"rules", std::move(Rules)}};
}

MigrationSpec migrationSpecFromJson(const json &Document, const std::string &Origin) {
  auto Fail = [&](const std::string &What) -> void {
    throw Error("invalid migration spec '" + Origin + "': " + What);
  };
  if (!Document.is_object())
    Fail("not a JSON object");
  auto Version = Document.find("schema_version");
  if (Version == Document.end() || !Version->is_number_integer() ||
      Version->get<int>() != MigrationSpecVersion)
    Fail("unsupported or missing schema_version (expected 1)");
  MigrationSpec Spec;
  auto Module = Document.find("module");
  if (Module == Document.end() || !Module->is_string() || Module->get<std::string>().empty())
    Fail("missing \"module\"");
  Spec.Module = Module->get<std::string>();
  auto Commit = [&](const char *Side) {
    auto It = Document.find(Side);
    if (It == Document.end() || !It->is_object() || !It->contains("commit") ||
        !It->at("commit").is_string())
      Fail(std::string("missing \"") + Side + "\": {\"commit\": ...}");
    return It->at("commit").get<std::string>();
  };
  Spec.FromCommit = Commit("from");
  Spec.ToCommit = Commit("to");
  auto Rules = Document.find("rules");
  if (Rules == Document.end() || !Rules->is_array())
    Fail("missing \"rules\" array");
  for (size_t I = 0; I < Rules->size(); ++I)
    Spec.Rules.push_back(RuleReader((*Rules)[I], "invalid migration spec '" + Origin + "': rule " +
                                                     std::to_string(I))
                             .read());
  return Spec;
}

MigrationSpec readMigrationSpec(const std::string &Path) {
  std::string Text = readFile(Path);
  json Document = json::parse(Text, nullptr, /*allow_exceptions=*/false);
  if (Document.is_discarded())
    throw Error("invalid migration spec '" + Path + "': not valid JSON");
  return migrationSpecFromJson(Document, Path);
}

} // namespace modelcompat
