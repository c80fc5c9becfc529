//===- BuiltinLayouts.cpp - Expand libtorch layers from the layout table --===//
//
// The table (BuiltinLayoutsTable.cpp) says what each layer registers; this
// file only reads it and interprets it: bind the call's arguments and
// options over the table's defaults, then evaluate each key's condition and
// shape as expressions over those bindings. Nothing here throws: the
// extractor calls it from Clang callbacks.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/schema/BuiltinLayouts.h"

#include "BuiltinLayoutsInternal.h"
#include "modelcompat/schema/ShapeExpression.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

namespace modelcompat {
namespace builtin {

using shape::conjunction;
using shape::Expr;
using shape::ExprPtr;
using shape::foldExpression;
using shape::parseExpression;
using shape::printExpression;
using shape::substituteExpression;
using shape::Substitution;

namespace {

/// A ConvNd kernel (ExpandingArray<D>) or LayerNorm's normalized_shape.
constexpr int VectorArray = -1;
/// Repeats with a constant count up to this are unrolled; longer ones keep
/// their index as a placeholder, like loops with unknown bounds.
constexpr long long MaxUnrolled = 64;

/// One key, sub-module or repeated group of a layer's record.
struct KeyTemplate {
  std::string Key;  ///< May hold "{index}" of enclosing repeats.
  std::string Kind; ///< "parameter", "buffer", "module" or "repeat".
  std::optional<std::vector<std::string>> Shape;
  std::optional<std::string> Dtype;
  std::string When;                           ///< Condition expression; empty when unconditional.
  std::string Layer;                          ///< Modules: the sub-module's table name.
  std::vector<std::string> Arguments;         ///< Modules.
  std::map<std::string, std::string> Options; ///< Modules.
  std::string Count;                          ///< Repeats.
  std::vector<KeyTemplate> Keys;              ///< Repeats.
};

/// One record of the table, with "like" already applied.
struct LayerLayout {
  std::string Name;
  BuiltinRole Role = BuiltinRole::Layer;
  std::vector<std::string> Arguments;
  std::map<std::string, int> Arrays; ///< Name -> length, or VectorArray.
  std::map<std::string, std::string> Options;
  /// Older libtorch spellings of an option -> the name used here
  /// ("with_bias" -> "bias"): one layout, whatever release the code targets.
  std::map<std::string, std::string> OptionAliases;
  std::map<std::string, std::string> Let;
  std::vector<KeyTemplate> Keys;
  /// The releases the record holds for: [Since, Until); unset ends are open.
  std::optional<TorchRelease> Since;
  std::optional<TorchRelease> Until;
  /// Options whose value is a user's module (Transformer's custom_encoder):
  /// a call that sets one registers state the table cannot know.
  std::vector<std::string> OpaqueOptions;

  bool holdsFor(const TorchRelease &Release) const {
    return !(Since && Release < *Since) && !(Until && !(Release < *Until));
  }
};

struct LayoutTable {
  std::vector<LayerLayout> Layouts;
  /// A name's records in table order: older release ranges first.
  std::map<std::string, std::vector<size_t>> ByName;
};

std::map<std::string, std::string> stringMap(const nlohmann::json &Object) {
  std::map<std::string, std::string> Map;
  for (const auto &[Name, Value] : Object.items())
    Map[Name] = Value.get<std::string>();
  return Map;
}

KeyTemplate readKey(const nlohmann::json &Json) {
  KeyTemplate Key;
  if (Json.contains("repeat")) {
    Key.Kind = "repeat";
    Key.Key = Json.at("repeat").get<std::string>();
    Key.Count = Json.at("count").get<std::string>();
    for (const nlohmann::json &Inner : Json.at("keys"))
      Key.Keys.push_back(readKey(Inner));
    return Key;
  }
  Key.Key = Json.at("key").get<std::string>();
  Key.Kind = Json.at("kind").get<std::string>();
  if (Json.contains("shape"))
    Key.Shape = Json.at("shape").get<std::vector<std::string>>();
  if (Json.contains("dtype"))
    Key.Dtype = Json.at("dtype").get<std::string>();
  Key.When = Json.value("when", "");
  Key.Layer = Json.value("layer", "");
  Key.Arguments = Json.value("arguments", std::vector<std::string>{});
  if (Json.contains("options"))
    Key.Options = stringMap(Json.at("options"));
  return Key;
}

/// "since"/"until" of a record; a malformed release makes the table unreadable.
std::optional<TorchRelease> releaseField(const nlohmann::json &Json, const char *Field) {
  if (!Json.is_object() || !Json.contains(Field))
    return std::nullopt;
  std::optional<TorchRelease> Release = parseTorchRelease(Json.at(Field).get<std::string>());
  if (!Release)
    throw std::invalid_argument(std::string("bad release in ") + Field);
  return Release;
}

LayerLayout readLayout(const nlohmann::json &Json) {
  LayerLayout Layout;
  Layout.Name = Json.at("name").get<std::string>();
  Layout.Since = releaseField(Json, "since");
  Layout.Until = releaseField(Json, "until");
  Layout.OpaqueOptions = Json.value("opaque_options", std::vector<std::string>{});
  Layout.Arguments = Json.value("arguments", std::vector<std::string>{});
  if (Json.contains("arrays"))
    for (const auto &[Name, Length] : Json.at("arrays").items())
      Layout.Arrays[Name] = Length.is_string() ? VectorArray : Length.get<int>();
  if (Json.contains("options"))
    Layout.Options = stringMap(Json.at("options"));
  if (Json.contains("option_aliases"))
    Layout.OptionAliases = stringMap(Json.at("option_aliases"));
  if (Json.contains("let"))
    Layout.Let = stringMap(Json.at("let"));
  for (const nlohmann::json &Key : Json.value("keys", nlohmann::json::array()))
    Layout.Keys.push_back(readKey(Key));
  return Layout;
}

void addLayout(LayoutTable &Table, LayerLayout Layout) {
  Table.ByName[Layout.Name].push_back(Table.Layouts.size());
  Table.Layouts.push_back(std::move(Layout));
}

LayoutTable readTable() {
  LayoutTable Table;
  nlohmann::json Json = nlohmann::json::parse(builtinLayoutTable(), nullptr, false);
  if (Json.is_discarded())
    return Table;
  try {
    // "like" copies an earlier record; the fields given replace its fields.
    std::map<std::string, nlohmann::json> Merged;
    for (const nlohmann::json &Record : Json.at("layers")) {
      nlohmann::json Full = Record;
      if (Record.contains("like")) {
        Full = Merged.at(Record.at("like").get<std::string>());
        for (const auto &[Field, Value] : Record.items())
          Full[Field] = Value;
      }
      Merged[Full.at("name").get<std::string>()] = Full;
      addLayout(Table, readLayout(Full));
    }
    for (const auto &[Field, Role] : {std::pair{"parameter_free", BuiltinRole::ParameterFree},
                                      std::pair{"containers", BuiltinRole::Container}})
      for (const nlohmann::json &Entry : Json.at(Field)) {
        // A name, or {"name": ..., "since"/"until": ...} for an entry
        // some releases lack.
        LayerLayout Layout;
        Layout.Name =
            Entry.is_string() ? Entry.get<std::string>() : Entry.at("name").get<std::string>();
        Layout.Since = releaseField(Entry, "since");
        Layout.Until = releaseField(Entry, "until");
        Layout.Role = Role;
        addLayout(Table, std::move(Layout));
      }
  } catch (const std::exception &) {
    // A malformed table is a bug the unit tests catch; callers see no layers.
    return LayoutTable();
  }
  return Table;
}

const LayoutTable &table() {
  static const LayoutTable Table = readTable();
  return Table;
}

/// The record of Name that holds for Release; without a release, the
/// newest record. nullptr when there is none.
const LayerLayout *findLayoutIn(std::string_view Name, std::optional<TorchRelease> Release) {
  auto It = table().ByName.find(std::string(Name));
  if (It == table().ByName.end())
    return nullptr;
  for (auto Index = It->second.rbegin(); Index != It->second.rend(); ++Index) {
    const LayerLayout &Layout = table().Layouts[*Index];
    if (!Release || Layout.holdsFor(*Release))
      return &Layout;
  }
  return nullptr;
}

/// The record a layer of that name is expanded with: the one for Release,
/// else (the code names a layer the parsed libtorch lacks, so it was
/// written for another release: legacy BatchNorm, recovered) the newest.
const LayerLayout *findLayout(std::string_view Name,
                              std::optional<TorchRelease> Release = std::nullopt) {
  if (const LayerLayout *Layout = findLayoutIn(Name, Release))
    return Layout;
  return findLayoutIn(Name, std::nullopt);
}

/// A value given for one of a layer's names; nullptr when it is not known.
using ProvidedValues = std::map<std::string, ExprPtr>;

/// Parses a call's source text; text the parser does not know stays opaque.
ExprPtr parseSourceValue(const std::string &Text) {
  if (ExprPtr E = parseExpression(Text))
    return foldExpression(E);
  auto Opaque = std::make_shared<Expr>();
  Opaque->Text = foldExpressionText(Text);
  return Opaque;
}

std::vector<StateKey> expandLayout(const LayerLayout &Layout, const ProvidedValues &Provided,
                                   std::optional<TorchRelease> Release);

/// Expands one layer's keys over the values its call provides.
class Expander {
public:
  Expander(const LayerLayout &Layout, const ProvidedValues &Provided,
           std::optional<TorchRelease> Release)
      : Layout(Layout), Provided(Provided), Release(Release) {}

  std::vector<StateKey> expand() {
    std::vector<StateKey> Keys;
    expandKeys(Layout.Keys, Keys);
    return Keys;
  }

  /// What Name stands for in this construction, as source text (an
  /// ExpandingArray as its braced elements); nullopt when it is unknown.
  std::optional<std::string> valueText(const std::string &Name) {
    Substitution Value = lookup(Name);
    if (Value.K == Substitution::Kind::Scalar && Value.Scalar)
      return printExpression(foldExpression(Value.Scalar));
    if (Value.K != Substitution::Kind::List)
      return std::nullopt;
    auto List = std::make_shared<Expr>();
    List->K = Expr::Kind::List;
    for (const ExprPtr &Element : Value.Elements)
      List->Operands.push_back(foldExpression(Element));
    return printExpression(List);
  }

private:
  /// The binding of Name: a loop index, a provided value, a table default
  /// or derived value, or free (left as written).
  Substitution lookup(const std::string &Name) {
    if (auto It = LoopIndices.find(Name); It != LoopIndices.end())
      return scalar(integer(It->second));
    if (auto It = Provided.find(Name); It != Provided.end())
      return shapeArray(Name, It->second);
    const std::map<std::string, std::string> *Sources[] = {&Layout.Options, &Layout.Let};
    for (const auto *Source : Sources)
      if (auto It = Source->find(Name); It != Source->end()) {
        if (InProgress.count(Name))
          return unknown();
        InProgress.insert(Name);
        ExprPtr Value = evaluate(It->second);
        InProgress.erase(Name);
        return shapeArray(Name, Value);
      }
    for (const std::string &Argument : Layout.Arguments)
      if (Argument == Name)
        return unknown(); // A required argument the call does not give.
    return Substitution();
  }

  /// Applies the table's "arrays": an ExpandingArray<D> given one value
  /// repeats it D times; a list must have D elements.
  Substitution shapeArray(const std::string &Name, const ExprPtr &Value) {
    if (!Value)
      return unknown();
    auto Array = Layout.Arrays.find(Name);
    if (Array == Layout.Arrays.end())
      return scalar(Value);
    Substitution B;
    B.K = Substitution::Kind::List;
    if (Value->K == Expr::Kind::List) {
      B.Elements = Value->Operands;
      if (Array->second != VectorArray && static_cast<int>(B.Elements.size()) != Array->second)
        return unknown();
      return B;
    }
    if (Array->second == VectorArray)
      return unknown();
    B.Elements.assign(Array->second, Value);
    return B;
  }

  static Substitution scalar(ExprPtr E) {
    Substitution B;
    B.K = Substitution::Kind::Scalar;
    B.Scalar = std::move(E);
    return B;
  }
  static Substitution unknown() {
    Substitution B;
    B.K = Substitution::Kind::Unknown;
    return B;
  }
  static ExprPtr integer(long long Value) {
    auto E = std::make_shared<Expr>();
    E->K = Expr::Kind::Integer;
    E->Value = Value;
    return E;
  }

  /// A table expression over the layer's names; nullptr when unknown.
  ExprPtr evaluate(const std::string &Template) {
    ExprPtr Parsed = parseExpression(Template);
    if (!Parsed)
      return nullptr;
    ExprPtr Value =
        substituteExpression(Parsed, [this](const std::string &Name) { return lookup(Name); });
    return Value ? foldExpression(Value) : nullptr;
  }

  std::optional<SymbolicShape> evaluateShape(const std::vector<std::string> &Template) {
    SymbolicShape Shape;
    static constexpr std::string_view Spread = "...";
    for (const std::string &Dimension : Template) {
      if (Dimension.size() > Spread.size() &&
          Dimension.compare(Dimension.size() - Spread.size(), Spread.size(), Spread) == 0) {
        Substitution List = lookup(Dimension.substr(0, Dimension.size() - 3));
        if (List.K != Substitution::Kind::List)
          return std::nullopt;
        for (const ExprPtr &Element : List.Elements)
          Shape.push_back(printExpression(foldExpression(Element)));
        continue;
      }
      ExprPtr Value = evaluate(Dimension);
      if (!Value)
        return std::nullopt;
      Shape.push_back(printExpression(Value));
    }
    return Shape;
  }

  std::string keyName(std::string Key) const {
    for (const auto &[Index, Value] : LoopIndices) {
      std::string Placeholder = "{" + Index + "}";
      for (size_t At = Key.find(Placeholder); At != std::string::npos; At = Key.find(Placeholder))
        Key.replace(At, Placeholder.size(), std::to_string(Value));
    }
    return Key;
  }

  /// The key's condition: nullptr when it always holds, a false Boolean
  /// when it never does.
  ExprPtr condition(const KeyTemplate &Key) {
    if (Key.When.empty())
      return nullptr;
    ExprPtr Value = evaluate(Key.When);
    if (!Value) {
      auto Opaque = std::make_shared<Expr>();
      Opaque->Text = Key.When;
      return Opaque;
    }
    if (Value->K == Expr::Kind::Boolean && Value->Value)
      return nullptr;
    return Value;
  }

  static bool isFalse(const ExprPtr &E) { return E && E->K == Expr::Kind::Boolean && !E->Value; }

  void expandKeys(const std::vector<KeyTemplate> &Templates, std::vector<StateKey> &Keys) {
    for (const KeyTemplate &Key : Templates) {
      if (Key.Kind == "repeat") {
        expandRepeat(Key, Keys);
        continue;
      }
      ExprPtr When = condition(Key);
      if (isFalse(When))
        continue;
      if (Key.Kind == "module") {
        expandModule(Key, When, Keys);
        continue;
      }
      StateKey State;
      State.Key = keyName(Key.Key);
      State.Kind = Key.Kind == "buffer" ? EntryKind::Buffer : EntryKind::Parameter;
      if (Key.Shape)
        State.Shape = evaluateShape(*Key.Shape);
      State.Dtype = Key.Dtype;
      if (When)
        State.Condition = printExpression(When);
      State.Layer = "torch::nn::" + Layout.Name;
      Keys.push_back(std::move(State));
    }
  }

  void expandRepeat(const KeyTemplate &Repeat, std::vector<StateKey> &Keys) {
    ExprPtr Count = evaluate(Repeat.Count);
    if (!Count || Count->K != Expr::Kind::Integer || Count->Value < 0 ||
        Count->Value > MaxUnrolled) {
      expandKeys(Repeat.Keys, Keys); // The index stays free: "{layer}".
      return;
    }
    for (long long I = 0; I < Count->Value; ++I) {
      LoopIndices[Repeat.Key] = I;
      expandKeys(Repeat.Keys, Keys);
    }
    LoopIndices.erase(Repeat.Key);
  }

  void expandModule(const KeyTemplate &Module, const ExprPtr &When, std::vector<StateKey> &Keys) {
    const LayerLayout *Child = findLayout(Module.Layer, Release);
    if (!Child)
      return;
    ProvidedValues ChildValues;
    for (size_t I = 0; I < Module.Arguments.size() && I < Child->Arguments.size(); ++I)
      ChildValues[Child->Arguments[I]] = evaluate(Module.Arguments[I]);
    for (const auto &[Name, Template] : Module.Options)
      ChildValues[Name] = evaluate(Template);
    for (StateKey Inner : expandLayout(*Child, ChildValues, Release)) {
      Inner.Key = keyName(Module.Key) + "." + Inner.Key;
      if (When) {
        ExprPtr Combined = When;
        if (Inner.Condition)
          Combined = conjunction(When, parseSourceValue(*Inner.Condition));
        Inner.Condition = printExpression(Combined);
      }
      Keys.push_back(std::move(Inner));
    }
  }

  const LayerLayout &Layout;
  const ProvidedValues &Provided;
  std::optional<TorchRelease> Release;
  std::map<std::string, long long> LoopIndices;
  std::set<std::string> InProgress;
};

std::vector<StateKey> expandLayout(const LayerLayout &Layout, const ProvidedValues &Provided,
                                   std::optional<TorchRelease> Release) {
  return Expander(Layout, Provided, Release).expand();
}

/// The names a layer's keys are written over: its positional arguments, then
/// its options.
std::vector<std::string> layerNames(const LayerLayout &Layout) {
  std::vector<std::string> Names = Layout.Arguments;
  for (const auto &[Option, Default] : Layout.Options)
    Names.push_back(Option);
  return Names;
}

/// Each of Layout's names as itself (`in_channels`), an ExpandingArray<D>
/// as its elements (`kernel_size[0]` ...). A vector's length is the
/// caller's: it is left out, so shapes spread over it stay unknown.
ProvidedValues ownNames(const LayerLayout &Layout) {
  ProvidedValues Own;
  for (const std::string &Name : layerNames(Layout)) {
    auto Whole = std::make_shared<Expr>();
    Whole->Text = Name;
    auto Array = Layout.Arrays.find(Name);
    if (Array == Layout.Arrays.end()) {
      Own[Name] = Whole;
      continue;
    }
    if (Array->second == VectorArray)
      continue;
    auto Elements = std::make_shared<Expr>();
    Elements->K = Expr::Kind::List;
    for (int I = 0; I < Array->second; ++I) {
      auto Position = std::make_shared<Expr>();
      Position->K = Expr::Kind::Integer;
      Position->Value = I;
      auto Element = std::make_shared<Expr>();
      Element->K = Expr::Kind::Index;
      Element->Operands = {Whole, Position};
      Elements->Operands.push_back(Element);
    }
    Own[Name] = Elements;
  }
  return Own;
}

/// The values Call gives the names of Layout, options by their current
/// spelling.
ProvidedValues providedValues(const LayerLayout &Layout, const LayerCall &Call) {
  ProvidedValues Provided;
  for (size_t I = 0; I < Call.Arguments.size() && I < Layout.Arguments.size(); ++I)
    Provided[Layout.Arguments[I]] = parseSourceValue(Call.Arguments[I]);
  for (const auto &[Name, Value] : Call.Options) {
    auto Alias = Layout.OptionAliases.find(Name);
    Provided[Alias == Layout.OptionAliases.end() ? Name : Alias->second] = parseSourceValue(Value);
  }
  return Provided;
}

std::string trim(std::string_view Text) {
  size_t Begin = Text.find_first_not_of(" \t\n");
  size_t End = Text.find_last_not_of(" \t\n");
  return Begin == std::string_view::npos ? std::string()
                                         : std::string(Text.substr(Begin, End - Begin + 1));
}

/// "Wrapper<Inner>" -> "Inner" for the wrappers a layer's type appears in.
std::optional<std::string> unwrap(const std::string &Type) {
  for (std::string_view Wrapper : {"torch::nn::ModuleHolder<", "std::shared_ptr<"}) {
    if (Type.rfind(Wrapper, 0) == 0 && Type.back() == '>')
      return trim(std::string_view(Type).substr(Wrapper.size(), Type.size() - Wrapper.size() - 1));
  }
  return std::nullopt;
}

bool endsWith(const std::string &Text, std::string_view Suffix) {
  return Text.size() > Suffix.size() &&
         Text.compare(Text.size() - Suffix.size(), Suffix.size(), Suffix) == 0;
}

} // namespace

std::vector<std::string> builtinNamesWithRole(BuiltinRole Role) {
  std::vector<std::string> Names;
  for (const LayerLayout &Layout : table().Layouts)
    if (Layout.Role == Role && std::find(Names.begin(), Names.end(), Layout.Name) == Names.end())
      Names.push_back(Layout.Name);
  return Names;
}

} // namespace builtin

std::optional<std::string> builtinLayerName(std::string_view QualifiedType) {
  std::string Type = builtin::trim(QualifiedType);
  while (true) {
    if (Type.rfind("::", 0) == 0)
      Type = Type.substr(2);
    std::optional<std::string> Inner = builtin::unwrap(Type);
    if (!Inner)
      break;
    Type = *Inner;
  }
  static constexpr std::string_view Namespace = "torch::nn::";
  if (Type.rfind(Namespace, 0) != 0)
    return std::nullopt;
  std::string Name = Type.substr(Namespace.size());
  // Templates of the dimension: ConvOptions<2>, MaxPoolOptions<2>.
  std::string Dimension;
  if (size_t Open = Name.find('<'); Open != std::string::npos) {
    Dimension = builtin::trim(std::string_view(Name).substr(Open + 1, Name.size() - Open - 2));
    if (Name.back() != '>' || Dimension.size() != 1 ||
        !std::isdigit(static_cast<unsigned char>(Dimension[0])))
      return std::nullopt;
    Name = Name.substr(0, Open);
  }
  for (std::string_view Suffix : {"Impl", "Options"})
    if (builtin::endsWith(Name, Suffix)) {
      Name.resize(Name.size() - Suffix.size());
      break;
    }
  if (!Dimension.empty())
    Name += Dimension + "d";
  if (Name.find(':') != std::string::npos || !builtin::findLayout(Name))
    return std::nullopt;
  // BatchNorm{1,2,3}d and InstanceNorm{1,2,3}d share their options type:
  // "BatchNormOptions" does not say which layer it builds.
  if (Name == "BatchNorm" && builtin::endsWith(Type, "Options"))
    return std::nullopt;
  return Name;
}

std::optional<BuiltinRole> builtinRole(std::string_view LayerName) {
  const builtin::LayerLayout *Layout = builtin::findLayout(LayerName);
  if (!Layout)
    return std::nullopt;
  return Layout->Role;
}

std::optional<TorchRelease> parseTorchRelease(std::string_view Text) {
  TorchRelease Release;
  size_t At = 0;
  auto Number = [&](int &Out) {
    size_t Start = At;
    long long Value = 0;
    while (At < Text.size() && std::isdigit(static_cast<unsigned char>(Text[At])) && At - Start < 6)
      Value = Value * 10 + (Text[At++] - '0');
    Out = static_cast<int>(Value);
    return At > Start;
  };
  if (!Number(Release.Major) || At >= Text.size() || Text[At++] != '.' || !Number(Release.Minor))
    return std::nullopt;
  if (At < Text.size() && std::isdigit(static_cast<unsigned char>(Text[At])))
    return std::nullopt; // More digits than any release has.
  return Release;
}

bool builtinExistsIn(std::string_view LayerName, TorchRelease Release) {
  return builtin::findLayoutIn(LayerName, Release) != nullptr;
}

std::vector<StateKey> expandBuiltinLayer(const LayerCall &Call,
                                         std::optional<TorchRelease> Release) {
  const builtin::LayerLayout *Layout = builtin::findLayout(Call.Layer, Release);
  if (!Layout || Layout->Role != BuiltinRole::Layer)
    return {};
  for (const std::string &Option : Layout->OpaqueOptions)
    if (Call.Options.count(Option))
      return {};
  builtin::ProvidedValues Provided = builtin::providedValues(*Layout, Call);
  if (Call.OverOwnNames)
    Provided.merge(builtin::ownNames(*Layout)); // What the call sets wins.
  return builtin::expandLayout(*Layout, Provided, Release);
}

std::vector<StateKey> expandBuiltinLayerOverItsNames(std::string_view LayerName,
                                                     std::optional<TorchRelease> Release) {
  LayerCall Call;
  Call.Layer = LayerName;
  Call.OverOwnNames = true;
  return expandBuiltinLayer(Call, Release);
}

ConstructorArguments builtinLayerArguments(const LayerCall &Call,
                                           std::optional<TorchRelease> Release) {
  ConstructorArguments Out;
  const builtin::LayerLayout *Layout = builtin::findLayout(Call.Layer, Release);
  if (!Layout || Layout->Role != BuiltinRole::Layer)
    return Out;
  builtin::ProvidedValues Provided = builtin::providedValues(*Layout, Call);
  builtin::Expander Values(*Layout, Provided, Release);
  for (const std::string &Name : builtin::layerNames(*Layout)) {
    if (Call.OverOwnNames && !Provided.count(Name)) {
      Out[Name] = Name; // Still for this class's own caller to give.
      continue;
    }
    if (std::optional<std::string> Text = Values.valueText(Name))
      Out[Name] = *Text;
  }
  return Out;
}

std::vector<std::string> builtinLayerNames() {
  return builtin::builtinNamesWithRole(BuiltinRole::Layer);
}

const std::map<std::string, std::string> &olderOptionSpellings() {
  static const std::map<std::string, std::string> Spellings = [] {
    std::map<std::string, std::string> Out;
    for (const builtin::LayerLayout &Layout : builtin::table().Layouts)
      Out.insert(Layout.OptionAliases.begin(), Layout.OptionAliases.end());
    return Out;
  }();
  return Spellings;
}

} // namespace modelcompat
