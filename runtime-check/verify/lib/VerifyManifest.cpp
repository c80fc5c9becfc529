//===- VerifyManifest.cpp - modelcompat.json: what verify builds ---------===//
#include "modelcompat/verify/VerifyManifest.h"
#include "modelcompat/support/Error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

using nlohmann::json;

namespace modelcompat {
namespace {

const std::set<std::string> &knownDTypes() {
  static const std::set<std::string> Names = {"float32", "float64", "float16", "bfloat16",
                                              "int64",   "int32",   "bool"};
  return Names;
}

/// Validates one JSON value at a named path; every error names the path.
class FieldReader {
public:
  explicit FieldReader(std::string Origin) : Origin(std::move(Origin)) {}

  [[noreturn]] void fail(const std::string &Field, const std::string &What) const {
    throw Error(Origin + ": " + Field + ": " + What);
  }

  void requireObject(const json &Value, const std::string &Field,
                     const std::set<std::string> &Allowed) const {
    if (!Value.is_object())
      fail(Field, "expected an object");
    for (const auto &Item : Value.items())
      if (!Allowed.count(Item.key()))
        fail(Field.empty() ? Item.key() : Field + "." + Item.key(),
             "unknown key (expected one of " + joined(Allowed) + ")");
  }

  std::string string(const json &Value, const std::string &Field) const {
    if (!Value.is_string() || Value.get<std::string>().empty())
      fail(Field, "expected a non-empty string");
    return Value.get<std::string>();
  }

  double nonNegative(const json &Value, const std::string &Field) const {
    if (!Value.is_number() || Value.get<double>() < 0)
      fail(Field, "expected a non-negative number");
    return Value.get<double>();
  }

  int64_t integer(const json &Value, const std::string &Field) const {
    if (!Value.is_number_integer())
      fail(Field, "expected an integer");
    return Value.get<int64_t>();
  }

  /// A string, or a non-empty array of strings (What names one element).
  std::vector<std::string> strings(const json &Value, const std::string &Field,
                                   const std::string &What) const {
    std::vector<std::string> Items;
    if (!Value.is_array())
      return {string(Value, Field)};
    for (size_t I = 0; I < Value.size(); ++I)
      Items.push_back(string(Value[I], Field + "[" + std::to_string(I) + "]"));
    if (Items.empty())
      fail(Field, "expected at least one " + What);
    return Items;
  }

  /// A path inside the repository, relative to its root, normalised
  /// ("sample/" -> "sample", "." -> "").
  std::string repositoryPath(const json &Value, const std::string &Field) const {
    std::string Text = string(Value, Field);
    std::filesystem::path Path(Text);
    if (Path.is_absolute())
      fail(Field, "'" + Text + "' must be relative to the repository root");
    for (const auto &Part : Path)
      if (Part == "..")
        fail(Field, "'" + Text + "' leaves the repository ('..' is not allowed)");
    std::string Normal = Path.lexically_normal().generic_string();
    while (!Normal.empty() && Normal.back() == '/')
      Normal.pop_back();
    return Normal == "." ? "" : Normal;
  }

  static std::string joined(const std::set<std::string> &Names) {
    std::string Text;
    for (const std::string &Name : Names)
      Text += (Text.empty() ? "" : ", ") + Name;
    return Text;
  }

private:
  std::string Origin;
};

InputSpec parseInput(const FieldReader &Reader, const json &Value, const std::string &Field) {
  Reader.requireObject(Value, Field, {"shape", "dtype", "low", "high"});
  InputSpec Input;
  if (!Value.contains("shape") || !Value["shape"].is_array())
    Reader.fail(Field + ".shape", "expected an array of positive integers");
  for (size_t I = 0; I < Value["shape"].size(); ++I) {
    int64_t Dim = Reader.integer(Value["shape"][I], Field + ".shape[" + std::to_string(I) + "]");
    if (Dim <= 0)
      Reader.fail(Field + ".shape[" + std::to_string(I) + "]", "expected a positive integer");
    Input.Shape.push_back(Dim);
  }
  if (Value.contains("dtype")) {
    Input.DType = Reader.string(Value["dtype"], Field + ".dtype");
    if (!knownDTypes().count(Input.DType))
      Reader.fail(Field + ".dtype", "unknown dtype '" + Input.DType + "' (expected one of " +
                                        FieldReader::joined(knownDTypes()) + ")");
  }
  if (Value.contains("low"))
    Input.Low = Reader.integer(Value["low"], Field + ".low");
  if (Value.contains("high"))
    Input.High = Reader.integer(Value["high"], Field + ".high");
  if (Input.High <= Input.Low)
    Reader.fail(Field + ".high", "must be greater than low");
  return Input;
}

ModelEntry parseModel(const FieldReader &Reader, const json &Value, const std::string &Field) {
  Reader.requireObject(Value, Field,
                       {"name", "target", "project", "exclude", "include", "prelude", "prelude_at",
                        "construct", "construct_at", "inputs", "forward", "tolerance"});
  ModelEntry Model;
  for (const char *Required : {"name", "target", "include", "construct", "inputs"})
    if (!Value.contains(Required))
      Reader.fail(Field + "." + Required, "missing");
  Model.Name = Reader.string(Value["name"], Field + ".name");
  if (!std::all_of(Model.Name.begin(), Model.Name.end(), [](char C) {
        return std::isalnum(static_cast<unsigned char>(C)) || C == '_' || C == '-' || C == '.';
      }))
    Reader.fail(Field + ".name",
                "'" + Model.Name + "' may hold only letters, digits, '_', '-', '.'");
  Model.Target = Reader.string(Value["target"], Field + ".target");
  if (Value.contains("project"))
    Model.Project = Reader.repositoryPath(Value["project"], Field + ".project");
  if (Value.contains("exclude")) {
    const json &Exclude = Value["exclude"];
    if (!Exclude.is_array())
      Reader.fail(Field + ".exclude", "expected an array of paths");
    for (size_t I = 0; I < Exclude.size(); ++I)
      Model.Exclude.push_back(
          Reader.repositoryPath(Exclude[I], Field + ".exclude[" + std::to_string(I) + "]"));
  }
  Model.Includes = Reader.strings(Value["include"], Field + ".include", "header");
  if (Value.contains("prelude"))
    Model.Prelude = Reader.strings(Value["prelude"], Field + ".prelude", "statement");
  if (Value.contains("prelude_at")) {
    const json &At = Value["prelude_at"];
    if (!At.is_object())
      Reader.fail(Field + ".prelude_at", "expected an object from revision to statements");
    for (const auto &Item : At.items())
      Model.PreludeAt[Item.key()] =
          Reader.strings(Item.value(), Field + ".prelude_at." + Item.key(), "statement");
  }
  Model.Construct = Reader.string(Value["construct"], Field + ".construct");
  if (Value.contains("construct_at")) {
    const json &At = Value["construct_at"];
    if (!At.is_object())
      Reader.fail(Field + ".construct_at", "expected an object from revision to expression");
    for (const auto &Item : At.items())
      Model.ConstructAt[Item.key()] =
          Reader.string(Item.value(), Field + ".construct_at." + Item.key());
  }
  const json &Inputs = Value["inputs"];
  if (!Inputs.is_array() || Inputs.empty())
    Reader.fail(Field + ".inputs", "expected a non-empty array");
  for (size_t I = 0; I < Inputs.size(); ++I)
    Model.Inputs.push_back(
        parseInput(Reader, Inputs[I], Field + ".inputs[" + std::to_string(I) + "]"));
  Model.Forward = Value.contains("forward") ? Reader.string(Value["forward"], Field + ".forward")
                                            : defaultForward(Model.Inputs.size());
  if (Value.contains("tolerance")) {
    const json &Tolerance = Value["tolerance"];
    Reader.requireObject(Tolerance, Field + ".tolerance", {"rtol", "atol"});
    if (Tolerance.contains("rtol"))
      Model.Tolerance.RTol = Reader.nonNegative(Tolerance["rtol"], Field + ".tolerance.rtol");
    if (Tolerance.contains("atol"))
      Model.Tolerance.ATol = Reader.nonNegative(Tolerance["atol"], Field + ".tolerance.atol");
  }
  return Model;
}

void collectTodoMarkers(const json &Value, const std::string &Field,
                        std::vector<std::string> &Out) {
  if (Value.is_string()) {
    if (Value.get<std::string>().find("TODO:") != std::string::npos)
      Out.push_back(Field);
  } else if (Value.is_array()) {
    for (size_t I = 0; I < Value.size(); ++I)
      collectTodoMarkers(Value[I], Field + "[" + std::to_string(I) + "]", Out);
  } else if (Value.is_object()) {
    for (const auto &Item : Value.items())
      collectTodoMarkers(Item.value(), Field.empty() ? Item.key() : Field + "." + Item.key(), Out);
  }
}

} // namespace

std::vector<std::string> todoMarkerFields(const json &Document) {
  std::vector<std::string> Fields;
  collectTodoMarkers(Document, "", Fields);
  return Fields;
}

std::string defaultForward(size_t InputCount) {
  std::string Text = "model->forward(";
  for (size_t I = 0; I < InputCount; ++I)
    Text += (I ? ", inputs[" : "inputs[") + std::to_string(I) + "]";
  return Text + ")";
}

VerifyManifest parseVerifyManifest(const std::string &Text, const std::string &Origin) {
  json Document = json::parse(Text, nullptr, /*allow_exceptions=*/false);
  if (Document.is_discarded())
    throw Error(Origin + ": not valid JSON");
  // Before the fields are read: a marker stands where an array belongs
  // ("inputs"), and the user needs every marker named, not the first one.
  if (std::vector<std::string> Todos = todoMarkerFields(Document); !Todos.empty()) {
    std::string Fields;
    for (const std::string &Field : Todos)
      Fields += (Fields.empty() ? "" : ", ") + Field;
    throw Error(Origin + ": " + Fields + ": TODO markers left by 'modelcompat init'; " +
                "replace each with the real value");
  }
  FieldReader Reader(Origin);
  Reader.requireObject(Document, "", {"schema_version", "build", "models"});
  if (!Document.contains("schema_version"))
    Reader.fail("schema_version", "missing");
  if (Reader.integer(Document["schema_version"], "schema_version") != VerifyManifestVersion)
    Reader.fail("schema_version", "unsupported version " + Document["schema_version"].dump() +
                                      " (this modelcompat reads " +
                                      std::to_string(VerifyManifestVersion) + ")");
  VerifyManifest Manifest;
  if (Document.contains("build")) {
    const json &Build = Document["build"];
    Reader.requireObject(Build, "build", {"cmake_args"});
    if (Build.contains("cmake_args")) {
      if (!Build["cmake_args"].is_array())
        Reader.fail("build.cmake_args", "expected an array of strings");
      for (size_t I = 0; I < Build["cmake_args"].size(); ++I)
        Manifest.CMakeArgs.push_back(
            Reader.string(Build["cmake_args"][I], "build.cmake_args[" + std::to_string(I) + "]"));
    }
  }
  if (!Document.contains("models") || !Document["models"].is_array() || Document["models"].empty())
    Reader.fail("models", "expected a non-empty array");
  std::set<std::string> Names;
  for (size_t I = 0; I < Document["models"].size(); ++I) {
    std::string Field = "models[" + std::to_string(I) + "]";
    ModelEntry Model = parseModel(Reader, Document["models"][I], Field);
    if (!Names.insert(Model.Name).second)
      Reader.fail(Field + ".name", "duplicate model name '" + Model.Name + "'");
    Manifest.Models.push_back(std::move(Model));
  }
  return Manifest;
}

} // namespace modelcompat
