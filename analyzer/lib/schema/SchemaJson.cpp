//===- SchemaJson.cpp - The scan JSON contract ---------------------------===//
#include "modelcompat/schema/SchemaJson.h"

#include "modelcompat/support/Error.h"

#include <algorithm>

namespace modelcompat {

using nlohmann::json;

namespace {

json optionalText(const std::optional<std::string> &Text) {
  return Text ? json(*Text) : json(nullptr);
}

json stateKeyToJson(const StateKey &Key) {
  json Out = {{"key", Key.Key},
              {"kind", entryKindName(Key.Kind)},
              {"shape", shapeToJson(Key.Shape)},
              {"condition", optionalText(Key.Condition)}};
  if (Key.Dtype)
    Out["dtype"] = *Key.Dtype;
  Out["layer"] = Key.Layer.empty() ? json(nullptr) : json(Key.Layer);
  Out["line"] = Key.Line;
  return Out;
}

json entryToJson(const StateEntry &Entry, SchemaJsonDetail Detail) {
  json Out = {{"name", Entry.Name},
              {"kind", entryKindName(Entry.Kind)},
              {"type", Entry.Type.empty() ? json(nullptr) : json(Entry.Type)},
              {"shape", shapeToJson(Entry.Shape)},
              {"condition", optionalText(Entry.Condition)},
              {"line", Entry.Line}};
  if (!Entry.ModuleClass.empty())
    Out["module_class"] = Entry.ModuleClass;
  if (!Entry.ModuleClassFile.empty())
    Out["module_class_file"] = Entry.ModuleClassFile;
  if (!Entry.Arguments.empty())
    Out["arguments"] = Entry.Arguments;
  if (!Entry.InheritedFrom.empty())
    Out["inherited_from"] = Entry.InheritedFrom;
  if (Entry.Dtype)
    Out["dtype"] = *Entry.Dtype;
  if (Entry.Kind == EntryKind::Unresolved)
    Out["expression"] = Entry.Expression;
  if (Detail == SchemaJsonDetail::Full) {
    Out["column"] = Entry.Column;
    json Keys = json::array();
    for (const StateKey &Key : Entry.Keys) {
      json K = stateKeyToJson(Key);
      K["column"] = Key.Column;
      Keys.push_back(std::move(K));
    }
    Out["keys"] = std::move(Keys);
  }
  return Out;
}

[[noreturn]] void malformed(const std::string &Origin, const std::string &What) {
  throw Error("malformed schema in " + Origin + ": " + What);
}

const json &member(const json &Object, const char *Name, const std::string &Origin) {
  if (!Object.is_object() || !Object.contains(Name))
    malformed(Origin, std::string("missing \"") + Name + "\"");
  return Object.at(Name);
}

std::string textMember(const json &Object, const char *Name, const std::string &Origin) {
  const json &Value = member(Object, Name, Origin);
  if (!Value.is_string())
    malformed(Origin, std::string("\"") + Name + "\" is not a string");
  return Value.get<std::string>();
}

std::optional<std::string> optionalTextMember(const json &Object, const char *Name) {
  auto It = Object.find(Name);
  if (It == Object.end() || !It->is_string())
    return std::nullopt;
  return It->get<std::string>();
}

unsigned unsignedMember(const json &Object, const char *Name) {
  auto It = Object.find(Name);
  return It != Object.end() && It->is_number_unsigned() ? It->get<unsigned>() : 0;
}

EntryKind kindMember(const json &Object, const std::string &Origin) {
  std::optional<EntryKind> Kind = parseEntryKind(textMember(Object, "kind", Origin));
  if (!Kind)
    malformed(Origin, "unknown kind '" + Object.at("kind").get<std::string>() + "'");
  return *Kind;
}

std::optional<SymbolicShape> shapeMember(const json &Object, const std::string &Origin) {
  auto It = Object.find("shape");
  if (It == Object.end() || It->is_null())
    return std::nullopt;
  if (!It->is_array())
    malformed(Origin, "\"shape\" is neither null nor an array");
  SymbolicShape Shape;
  for (const json &Dim : *It) {
    if (!Dim.is_string())
      malformed(Origin, "a shape dimension is not a string");
    Shape.push_back(Dim.get<std::string>());
  }
  return Shape;
}

StateKey stateKeyFromJson(const json &Value, const std::string &Origin) {
  StateKey Key;
  Key.Key = textMember(Value, "key", Origin);
  Key.Kind = kindMember(Value, Origin);
  Key.Shape = shapeMember(Value, Origin);
  Key.Dtype = optionalTextMember(Value, "dtype");
  Key.Condition = optionalTextMember(Value, "condition");
  Key.Layer = optionalTextMember(Value, "layer").value_or("");
  Key.Line = unsignedMember(Value, "line");
  Key.Column = unsignedMember(Value, "column");
  return Key;
}

StateEntry entryFromJson(const json &Value, const std::string &Origin) {
  StateEntry Entry;
  Entry.Name = textMember(Value, "name", Origin);
  Entry.Kind = kindMember(Value, Origin);
  Entry.Type = optionalTextMember(Value, "type").value_or("");
  Entry.ModuleClass = optionalTextMember(Value, "module_class").value_or("");
  Entry.ModuleClassFile = optionalTextMember(Value, "module_class_file").value_or("");
  Entry.InheritedFrom = optionalTextMember(Value, "inherited_from").value_or("");
  if (auto It = Value.find("arguments"); It != Value.end()) {
    if (!It->is_object())
      malformed(Origin, "\"arguments\" of entry \"" + Entry.Name + "\" is not an object");
    for (const auto &[Name, Argument] : It->items()) {
      if (!Argument.is_string())
        malformed(Origin,
                  "argument \"" + Name + "\" of entry \"" + Entry.Name + "\" is not a string");
      Entry.Arguments[Name] = Argument.get<std::string>();
    }
  }
  Entry.Shape = shapeMember(Value, Origin);
  Entry.Dtype = optionalTextMember(Value, "dtype");
  Entry.Condition = optionalTextMember(Value, "condition");
  Entry.Expression = optionalTextMember(Value, "expression").value_or("");
  Entry.Line = unsignedMember(Value, "line");
  Entry.Column = unsignedMember(Value, "column");
  if (auto It = Value.find("keys"); It != Value.end() && It->is_array())
    for (const json &Key : *It)
      Entry.Keys.push_back(stateKeyFromJson(Key, Origin));
  return Entry;
}

/// The array under Name, or null when the member is absent (an optional
/// field of older scans); an error naming it when it is not an array.
const json *optionalArray(const json &Value, const char *Name, const std::string &Origin) {
  auto It = Value.find(Name);
  if (It == Value.end())
    return nullptr;
  if (!It->is_array())
    malformed(Origin, std::string("\"") + Name + "\" is not an array");
  return &*It;
}

std::vector<std::string> stringArray(const json &Value, const char *Name,
                                     const std::string &Origin) {
  std::vector<std::string> Out;
  if (const json *Items = optionalArray(Value, Name, Origin))
    for (const json &Item : *Items)
      if (Item.is_string())
        Out.push_back(Item.get<std::string>());
  return Out;
}

json signatureToJson(const Signature &Parameters) {
  json Out = json::array();
  for (const ParameterSignature &Parameter : Parameters) {
    json Item = {{"type", Parameter.Type}, {"name", Parameter.Name}};
    if (Parameter.Default)
      Item["default"] = *Parameter.Default;
    if (!Parameter.OptionsClass.empty()) {
      Item["options_class"] = Parameter.OptionsClass;
      json Constructors = json::array();
      for (const Signature &Constructor : Parameter.OptionsConstructors)
        Constructors.push_back(signatureToJson(Constructor));
      Item["options_constructors"] = std::move(Constructors);
    }
    Out.push_back(std::move(Item));
  }
  return Out;
}

json signaturesToJson(const std::vector<Signature> &Signatures) {
  json Out = json::array();
  for (const Signature &Parameters : Signatures)
    Out.push_back(signatureToJson(Parameters));
  return Out;
}

Signature signatureFromJson(const json &Value, const std::string &Origin) {
  if (!Value.is_array())
    malformed(Origin, "a signature is not an array of parameters");
  Signature Out;
  for (const json &Item : Value) {
    if (!Item.is_object())
      malformed(Origin, "a parameter is not an object");
    ParameterSignature Parameter;
    Parameter.Type = textMember(Item, "type", Origin);
    Parameter.Name = textMember(Item, "name", Origin);
    Parameter.Default = optionalTextMember(Item, "default");
    if (std::optional<std::string> Options = optionalTextMember(Item, "options_class"))
      Parameter.OptionsClass = *Options;
    if (auto It = Item.find("options_constructors"); It != Item.end() && It->is_array())
      for (const json &Constructor : *It)
        Parameter.OptionsConstructors.push_back(signatureFromJson(Constructor, Origin));
    Out.push_back(std::move(Parameter));
  }
  return Out;
}

/// The signatures under Name ("constructors", "forward"); none when absent
/// (scans written before the fields existed).
std::vector<Signature> signaturesMember(const json &Value, const char *Name,
                                        const std::string &Origin) {
  std::vector<Signature> Out;
  if (const json *Items = optionalArray(Value, Name, Origin))
    for (const json &Item : *Items)
      Out.push_back(signatureFromJson(Item, Origin));
  return Out;
}

} // namespace

json shapeToJson(const std::optional<SymbolicShape> &Shape) {
  if (!Shape)
    return nullptr;
  return json(*Shape);
}

json moduleSchemaToJson(const ModuleSchema &Module, SchemaJsonDetail Detail) {
  json Entries = json::array();
  for (const StateEntry &Entry : Module.Entries)
    Entries.push_back(entryToJson(Entry, Detail));
  json Keys = json::array();
  for (const StateKey &Key : Module.StateDict)
    Keys.push_back(stateKeyToJson(Key));
  json Out = {{"class", Module.ClassName},     {"holder", optionalText(Module.Holder)},
              {"file", Module.File},           {"line", Module.Line},
              {"entries", std::move(Entries)}, {"state_dict", std::move(Keys)}};
  if (!Module.BaseClasses.empty())
    Out["bases"] = Module.BaseClasses;
  if (std::any_of(Module.BaseClassFiles.begin(), Module.BaseClassFiles.end(),
                  [](const std::string &File) { return !File.empty(); }))
    Out["base_files"] = Module.BaseClassFiles;
  if (Module.Unreadable)
    Out["unreadable"] = *Module.Unreadable;
  if (Module.Abstract)
    Out["abstract"] = true;
  if (!Module.Defaults.empty())
    Out["defaults"] = Module.Defaults;
  if (!Module.Constructors.empty())
    Out["constructors"] = signaturesToJson(Module.Constructors);
  if (!Module.Forwards.empty())
    Out["forward"] = signaturesToJson(Module.Forwards);
  return Out;
}

ModuleSchema moduleSchemaFromJson(const json &Value, const std::string &Origin) {
  ModuleSchema Module;
  Module.ClassName = textMember(Value, "class", Origin);
  Module.Holder = optionalTextMember(Value, "holder");
  Module.File = textMember(Value, "file", Origin);
  Module.Line = unsignedMember(Value, "line");
  const std::string Where = Origin + " (class " + Module.ClassName + ")";
  const json &Entries = member(Value, "entries", Where);
  if (!Entries.is_array())
    malformed(Where, "\"entries\" is not an array");
  for (const json &Entry : Entries)
    Module.Entries.push_back(entryFromJson(Entry, Where));
  if (auto It = Value.find("state_dict"); It != Value.end() && It->is_array())
    for (const json &Key : *It)
      Module.StateDict.push_back(stateKeyFromJson(Key, Where));
  Module.BaseClasses = stringArray(Value, "bases", Where);
  Module.BaseClassFiles = stringArray(Value, "base_files", Where);
  Module.Unreadable = optionalTextMember(Value, "unreadable");
  if (auto It = Value.find("abstract"); It != Value.end() && It->is_boolean())
    Module.Abstract = It->get<bool>();
  if (auto It = Value.find("defaults"); It != Value.end() && It->is_object())
    for (const auto &[Name, Text] : It->items())
      if (Text.is_string())
        Module.Defaults[Name] = Text.get<std::string>();
  Module.Constructors = signaturesMember(Value, "constructors", Where);
  Module.Forwards = signaturesMember(Value, "forward", Where);
  return Module;
}

json scanResultToJson(const ScanResult &Result, SchemaJsonDetail Detail) {
  json Modules = json::array();
  for (const ModuleSchema &Module : Result.Modules)
    Modules.push_back(moduleSchemaToJson(Module, Detail));
  json Diagnostics = json::array();
  for (const Diagnostic &Diag : Result.Diagnostics)
    Diagnostics.push_back({{"file", Diag.File},
                           {"line", Diag.Line},
                           {"column", Diag.Column},
                           {"severity", Diag.Severity},
                           {"message", Diag.Message}});
  json Out = {{"schema_version", ScanSchemaVersion},
              {"modules", std::move(Modules)},
              {"files_with_errors", Result.FilesWithErrors},
              {"diagnostics", std::move(Diagnostics)}};
  if (!Result.Libtorch.empty())
    Out["libtorch"] = Result.Libtorch;
  if (Detail == SchemaJsonDetail::Full) {
    json Files = json::array();
    for (const ScannedFile &File : Result.Files)
      Files.push_back({{"path", File.Path},
                       {"includes", File.Includes},
                       {"missing_includes", File.MissingIncludes},
                       {"synthesized", File.Synthesized},
                       {"external_includes", File.ExternalIncludes},
                       {"had_errors", File.HadErrors},
                       {"may_define_modules", File.MayDefineModules},
                       {"defined_class_names", File.DefinedClassNames}});
    Out["files"] = std::move(Files);
  } else {
    // What was recovered, per file: only files with missing headers.
    json Recovered = json::array();
    for (const ScannedFile &File : Result.Files)
      if (!File.MissingIncludes.empty() || !File.Synthesized.empty())
        Recovered.push_back({{"path", File.Path},
                             {"missing_includes", File.MissingIncludes},
                             {"synthesized", File.Synthesized}});
    if (!Recovered.empty())
      Out["recovered_files"] = std::move(Recovered);
  }
  return Out;
}

ScanResult scanResultFromJson(const json &Document, const std::string &Origin) {
  const json &Version = member(Document, "schema_version", Origin);
  if (!Version.is_number_integer() || Version.get<int>() != ScanSchemaVersion)
    malformed(Origin, "unsupported schema_version " + Version.dump());
  ScanResult Result;
  const json &Modules = member(Document, "modules", Origin);
  if (!Modules.is_array())
    malformed(Origin, "\"modules\" is not an array");
  for (const json &Module : Modules)
    Result.Modules.push_back(moduleSchemaFromJson(Module, Origin));
  Result.FilesWithErrors = stringArray(Document, "files_with_errors", Origin);
  Result.Libtorch = optionalTextMember(Document, "libtorch").value_or("");
  if (auto It = Document.find("diagnostics"); It != Document.end() && It->is_array())
    for (const json &Diag : *It)
      Result.Diagnostics.push_back({optionalTextMember(Diag, "file").value_or(""),
                                    unsignedMember(Diag, "line"), unsignedMember(Diag, "column"),
                                    optionalTextMember(Diag, "severity").value_or("error"),
                                    optionalTextMember(Diag, "message").value_or("")});
  if (auto It = Document.find("files"); It != Document.end() && It->is_array())
    for (const json &File : *It) {
      ScannedFile Scanned;
      Scanned.Path = textMember(File, "path", Origin);
      Scanned.Includes = stringArray(File, "includes", Origin);
      Scanned.MissingIncludes = stringArray(File, "missing_includes", Origin);
      if (File.contains("synthesized"))
        Scanned.Synthesized = stringArray(File, "synthesized", Origin);
      if (File.contains("external_includes"))
        Scanned.ExternalIncludes = stringArray(File, "external_includes", Origin);
      Scanned.HadErrors = File.value("had_errors", false);
      Scanned.MayDefineModules = File.value("may_define_modules", false);
      if (File.contains("defined_class_names"))
        Scanned.DefinedClassNames = stringArray(File, "defined_class_names", Origin);
      Result.Files.push_back(std::move(Scanned));
    }
  return Result;
}

} // namespace modelcompat
