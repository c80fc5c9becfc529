#include "JsonSchemaValidator.h"

#include <regex>
#include <set>

namespace modelcompat::test {
namespace {

using nlohmann::json;

class Validator {
public:
  explicit Validator(const json &Root) : Root(Root) {}

  void check(const json &Schema, const json &Value, const std::string &Path,
             std::vector<std::string> &Errors) const {
    if (!Schema.is_object()) {
      Errors.push_back(Path + ": schema is not an object");
      return;
    }
    for (const auto &[Keyword, Argument] : Schema.items()) {
      if (Ignored.count(Keyword))
        continue;
      if (Keyword == "$ref")
        check(resolve(Argument.get<std::string>()), Value, Path, Errors);
      else if (Keyword == "type")
        checkType(Argument, Value, Path, Errors);
      else if (Keyword == "enum") {
        bool Found = false;
        for (const json &Choice : Argument)
          Found |= Choice == Value;
        if (!Found)
          Errors.push_back(Path + ": " + Value.dump() + " is not one of " + Argument.dump());
      } else if (Keyword == "properties") {
        if (Value.is_object())
          for (const auto &[Name, Sub] : Argument.items())
            if (Value.contains(Name))
              check(Sub, Value[Name], Path + "/" + Name, Errors);
      } else if (Keyword == "additionalProperties") {
        if (!Value.is_object())
          continue;
        const json Known = Schema.value("properties", json::object());
        for (const auto &[Name, Sub] : Value.items()) {
          if (Known.contains(Name))
            continue;
          if (Argument.is_boolean() && !Argument.get<bool>())
            Errors.push_back(Path + ": unexpected property '" + Name + "'");
          else if (Argument.is_object())
            check(Argument, Sub, Path + "/" + Name, Errors);
        }
      } else if (Keyword == "required") {
        if (Value.is_object())
          for (const json &Name : Argument)
            if (!Value.contains(Name.get<std::string>()))
              Errors.push_back(Path + ": missing required property '" + Name.get<std::string>() +
                               "'");
      } else if (Keyword == "items") {
        if (Value.is_array())
          for (size_t I = 0; I < Value.size(); ++I)
            check(Argument, Value[I], Path + "/" + std::to_string(I), Errors);
      } else if (Keyword == "minItems") {
        if (Value.is_array() && Value.size() < Argument.get<size_t>())
          Errors.push_back(Path + ": fewer than " + Argument.dump() + " items");
      } else if (Keyword == "uniqueItems") {
        if (Value.is_array() && Argument.get<bool>()) {
          std::set<std::string> Seen;
          for (const json &Item : Value)
            if (!Seen.insert(Item.dump()).second)
              Errors.push_back(Path + ": duplicate item " + Item.dump());
        }
      } else if (Keyword == "minimum") {
        if (Value.is_number() && Value.get<double>() < Argument.get<double>())
          Errors.push_back(Path + ": below minimum " + Argument.dump());
      } else if (Keyword == "maximum") {
        if (Value.is_number() && Value.get<double>() > Argument.get<double>())
          Errors.push_back(Path + ": above maximum " + Argument.dump());
      } else if (Keyword == "pattern") {
        if (Value.is_string() &&
            !std::regex_search(Value.get<std::string>(), std::regex(Argument.get<std::string>())))
          Errors.push_back(Path + ": does not match " + Argument.dump());
      } else if (Keyword == "format") {
        checkFormat(Argument.get<std::string>(), Value, Path, Errors);
      } else if (Keyword == "anyOf" || Keyword == "oneOf") {
        size_t Passing = 0;
        for (const json &Sub : Argument) {
          std::vector<std::string> Local;
          check(Sub, Value, Path, Local);
          Passing += Local.empty();
        }
        if (Passing == 0 || (Keyword == "oneOf" && Passing != 1))
          Errors.push_back(Path + ": " + std::to_string(Passing) + " of the " + Keyword +
                           " alternatives match");
      } else if (Keyword == "allOf") {
        for (const json &Sub : Argument)
          check(Sub, Value, Path, Errors);
      } else if (Keyword == "not") {
        std::vector<std::string> Local;
        check(Argument, Value, Path, Local);
        if (Local.empty())
          Errors.push_back(Path + ": matches a 'not' schema");
      } else {
        Errors.push_back(Path + ": validator does not support keyword '" + Keyword + "'");
      }
    }
  }

private:
  const json &resolve(const std::string &Ref) const {
    if (Ref == "#")
      return Root;
    return Root.at(json::json_pointer(Ref.substr(1)));
  }

  static bool hasType(const std::string &Type, const json &Value) {
    if (Type == "object")
      return Value.is_object();
    if (Type == "array")
      return Value.is_array();
    if (Type == "string")
      return Value.is_string();
    if (Type == "boolean")
      return Value.is_boolean();
    if (Type == "integer")
      return Value.is_number_integer();
    if (Type == "number")
      return Value.is_number();
    if (Type == "null")
      return Value.is_null();
    return false;
  }

  static void checkType(const json &Argument, const json &Value, const std::string &Path,
                        std::vector<std::string> &Errors) {
    bool Ok = false;
    if (Argument.is_array())
      for (const json &Type : Argument)
        Ok |= hasType(Type.get<std::string>(), Value);
    else
      Ok = hasType(Argument.get<std::string>(), Value);
    if (!Ok)
      Errors.push_back(Path + ": expected type " + Argument.dump() + ", got " + Value.type_name());
  }

  static void checkFormat(const std::string &Format, const json &Value, const std::string &Path,
                          std::vector<std::string> &Errors) {
    if (!Value.is_string())
      return;
    const std::string Text = Value.get<std::string>();
    static const std::regex Uri("^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]*$");
    static const std::regex UriReference("^[^\\s]*$");
    if (Format == "uri" && !std::regex_match(Text, Uri))
      Errors.push_back(Path + ": '" + Text + "' is not an absolute URI");
    else if (Format == "uri-reference" && !std::regex_match(Text, UriReference))
      Errors.push_back(Path + ": '" + Text + "' is not a URI reference");
  }

  const json &Root;
  const std::set<std::string> Ignored = {"$schema",     "id",      "title",
                                         "description", "default", "definitions"};
};

} // namespace

std::vector<std::string> validateJsonSchema(const json &Schema, const json &Instance) {
  std::vector<std::string> Errors;
  Validator(Schema).check(Schema, Instance, "", Errors);
  return Errors;
}

} // namespace modelcompat::test
