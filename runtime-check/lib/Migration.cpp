//===- Migration.cpp - The operations generated migrations call ----------===//
//
// Every operation rewrites keys of one instance inside the state dict,
// records provenance on what it writes and marks the old keys it used as
// consumed. Operations are idempotent (see Migration.h), which is what makes
// a whole migration idempotent and lets a chain skip steps already done.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/runtime/Migration.h"
#include "modelcompat/migrate/MigrationSpec.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/ShapeText.h"

#include <algorithm>
#include <sstream>

namespace modelcompat {

namespace {

std::string quoted(const std::string &Key) { return "'" + Key + "'"; }

std::string joined(const std::vector<std::string> &Keys) {
  std::string Out;
  for (const std::string &Key : Keys)
    Out += (Out.empty() ? "" : ", ") + quoted(Key);
  return Out;
}

/// Looks Key up among the parameters, then the buffers, of Module.
torch::Tensor findTensor(const torch::nn::Module &Module, const std::string &Key) {
  auto Parameters = Module.named_parameters(/*recurse=*/true);
  if (const torch::Tensor *Found = Parameters.find(Key))
    return *Found;
  auto Buffers = Module.named_buffers(/*recurse=*/true);
  if (const torch::Tensor *Found = Buffers.find(Key))
    return *Found;
  return {};
}

} // namespace

MigrationScope::MigrationScope(StateDict &Dict, MigrationRecord &Record, std::string Prefix,
                               const torch::nn::Module *NewInstance, std::string MigrationId)
    : Dict(Dict), Record(Record), Prefix(std::move(Prefix)), NewInstance(NewInstance),
      MigrationId(std::move(MigrationId)) {}

std::string MigrationScope::where() const {
  std::string Instance = Prefix.empty() ? "the root" : quoted(Prefix.substr(0, Prefix.size() - 1));
  return "migration '" + MigrationId + "' at " + Instance;
}

void MigrationScope::note(const std::string &Text) {
  Record.Notices.push_back(where() + ": " + Text);
}

void MigrationScope::fail(const std::string &Text) const { throw Error(where() + ": " + Text); }

bool MigrationScope::has(const std::string &Key) const { return Dict.contains(fullKey(Key)); }

bool MigrationScope::newModelHas(const std::string &Key) const {
  return NewInstance && findTensor(*NewInstance, Key).defined();
}

torch::Tensor MigrationScope::newModelTensor(const std::string &Key) const {
  if (!NewInstance)
    fail("step for " + quoted(fullKey(Key)) + " needs the new model");
  torch::Tensor Found = findTensor(*NewInstance, Key);
  if (!Found.defined())
    fail("the new model has no tensor " + quoted(fullKey(Key)));
  return Found;
}

std::vector<std::string> MigrationScope::rootsOf(const std::string &FullKey) const {
  // Provenance names the keys of the original checkpoint, through chains of
  // renames and transforms.
  const StateDictItem *Item = Dict.find(FullKey);
  if (!Item || Item->Origin.Origin == Provenance::Kind::Untouched)
    return {FullKey};
  return Item->Origin.From;
}

void MigrationScope::rename(const std::string &From, const std::string &To) {
  const std::string Old = fullKey(From), New = fullKey(To);
  if (Old == New)
    return;
  const bool HasOld = Dict.contains(Old), HasNew = Dict.contains(New);
  if (HasOld && HasNew)
    fail("cannot rename " + quoted(Old) + " to " + quoted(New) + ": " + quoted(New) +
         " is already taken");
  if (!HasOld) {
    if (HasNew)
      return note(quoted(Old) + " already renamed to " + quoted(New) + "; nothing to do");
    if (NewInstance && !newModelHas(To))
      return note("neither " + quoted(Old) + " nor " + quoted(New) +
                  " exists here or in the new model; nothing to do");
    fail("cannot rename " + quoted(Old) + " to " + quoted(New) +
         ": the state dict has neither key");
  }
  StateDictItem Item = *Dict.find(Old);
  Provenance Origin = Item.Origin;
  if (Origin.Origin != Provenance::Kind::Initialised) {
    Origin.From = rootsOf(Old);
    if (Origin.Origin == Provenance::Kind::Untouched) {
      Origin.Origin = Provenance::Kind::Copied;
      Origin.Detail = "rename";
    }
  }
  Dict.erase(Old);
  Dict.set(New, Item.Value, std::move(Origin));
  Record.Consumed.insert(Old);
  Record.ProducedBy[New] = MigrationId;
  ++Changes;
}

void MigrationScope::initLike(const std::string &Key, const char *Source,
                              const std::function<torch::Tensor(const torch::Tensor &)> &Make) {
  const std::string Full = fullKey(Key);
  if (Dict.contains(Full))
    return note(quoted(Full) + " is already in the state dict; init from " + Source + " skipped");
  if (!NewInstance) {
    Record.Deferred.push_back(Full + " (init from " + Source + ")");
    return note(quoted(Full) + ": init from " + Source +
                " deferred until the checkpoint is loaded into the new model");
  }
  torch::Tensor Value;
  {
    torch::NoGradGuard NoGrad;
    Value = Make(newModelTensor(Key).detach()).clone();
  }
  Dict.set(Full, Value, {Provenance::Kind::Initialised, {}, Source});
  Record.ProducedBy[Full] = MigrationId;
  ++Changes;
}

void MigrationScope::initFromNewModel(const std::string &Key) {
  initLike(Key, "new_model", [](const torch::Tensor &Like) { return Like; });
}

void MigrationScope::initZeros(const std::string &Key) {
  initLike(Key, "zeros", [](const torch::Tensor &Like) { return torch::zeros_like(Like); });
}

void MigrationScope::initOnes(const std::string &Key) {
  initLike(Key, "ones", [](const torch::Tensor &Like) { return torch::ones_like(Like); });
}

void MigrationScope::initIdentity(const std::string &Key) {
  initLike(Key, "identity", [this, &Key](const torch::Tensor &Like) {
    if (Like.dim() != 2 || Like.size(0) != Like.size(1))
      fail("cannot init " + quoted(fullKey(Key)) +
           " as identity: the new model's tensor has shape " + shapeText(Like.sizes().vec()) +
           ", not a square matrix");
    return torch::eye(Like.size(0), Like.options());
  });
}

void MigrationScope::initValue(const std::string &Key, double Value) {
  std::ostringstream Source;
  Source << "value " << Value;
  const std::string Name = Source.str();
  initLike(Key, Name.c_str(),
           [Value](const torch::Tensor &Like) { return torch::full_like(Like, Value); });
}

void MigrationScope::drop(const std::string &Key, const std::string &Reason) {
  const std::string Full = fullKey(Key);
  if (!Dict.erase(Full))
    return note(quoted(Full) + " is not in the state dict; nothing to drop");
  Record.Dropped[Full] = Reason;
  ++Changes;
}

void MigrationScope::reshape(const std::string &From, const std::string &To,
                             const std::vector<int64_t> &Shape) {
  const std::string Old = fullKey(From), New = fullKey(To);
  const StateDictItem *Item = Dict.find(Old);
  if (!Item) {
    if (Old != New && Dict.contains(New))
      return note(quoted(Old) + " already reshaped into " + quoted(New) + "; nothing to do");
    if (NewInstance && !newModelHas(To))
      return note(quoted(Old) + " exists neither here nor in the new model; "
                                "nothing to do");
    fail("cannot reshape " + quoted(Old) + ": not in the state dict");
  }
  if (Old != New && Dict.contains(New))
    fail("cannot reshape " + quoted(Old) + " into " + quoted(New) + ": " + quoted(New) +
         " is already taken");
  if (Old == New && Item->Value.sizes().vec() == Shape)
    return note(quoted(Old) + " already has shape " + shapeText(Shape) + "; nothing to do");
  torch::Tensor Value;
  try {
    Value = Item->Value.reshape(Shape).contiguous();
  } catch (const std::exception &) { // c10::Error
    fail("cannot reshape " + quoted(Old) + " of shape " + shapeText(Item->Value.sizes().vec()) +
         " to " + shapeText(Shape));
  }
  Provenance Origin{Provenance::Kind::Transformed, rootsOf(Old), "reshape"};
  if (Old != New)
    Dict.erase(Old);
  Dict.set(New, Value, std::move(Origin));
  Record.Consumed.insert(Old);
  Record.ProducedBy[New] = MigrationId;
  ++Changes;
}

void MigrationScope::split(const std::string &From, const std::vector<std::string> &To,
                           int64_t Dim) {
  const std::string Old = fullKey(From);
  std::vector<std::string> New;
  size_t Present = 0;
  for (const std::string &Key : To) {
    New.push_back(fullKey(Key));
    Present += Dict.contains(New.back());
  }
  const StateDictItem *Item = Dict.find(Old);
  if (!Item) {
    if (Present == New.size())
      return note(quoted(Old) + " already split into " + joined(New) + "; nothing to do");
    fail("cannot split " + quoted(Old) + ": not in the state dict");
  }
  if (Present)
    fail("cannot split " + quoted(Old) + " into " + joined(New) +
         ": a target key is already taken");
  const torch::Tensor &Value = Item->Value;
  const int64_t Rank = Value.dim();
  if (To.empty() || Dim < -Rank || Dim >= Rank ||
      Value.size(Dim) % static_cast<int64_t>(To.size()) != 0)
    fail("cannot split " + quoted(Old) + " of shape " + shapeText(Value.sizes().vec()) + " into " +
         std::to_string(To.size()) + " equal parts along dim " + std::to_string(Dim));
  std::vector<torch::Tensor> Parts = Value.chunk(static_cast<int64_t>(To.size()), Dim);
  std::vector<std::string> Roots = rootsOf(Old);
  Dict.erase(Old);
  for (size_t I = 0; I < New.size(); ++I) {
    Dict.set(New[I], Parts[I].clone(), {Provenance::Kind::Transformed, Roots, "split"});
    Record.ProducedBy[New[I]] = MigrationId;
  }
  Record.Consumed.insert(Old);
  ++Changes;
}

void MigrationScope::merge(const std::vector<std::string> &From, const std::string &To,
                           int64_t Dim) {
  const std::string New = fullKey(To);
  std::vector<std::string> Old, Missing;
  for (const std::string &Key : From) {
    Old.push_back(fullKey(Key));
    if (!Dict.contains(Old.back()))
      Missing.push_back(Old.back());
  }
  if (Missing.size() == Old.size() && Dict.contains(New))
    return note(joined(Old) + " already merged into " + quoted(New) + "; nothing to do");
  if (!Missing.empty())
    fail("cannot merge into " + quoted(New) + ": missing " + joined(Missing));
  if (Dict.contains(New))
    fail("cannot merge " + joined(Old) + " into " + quoted(New) + ": " + quoted(New) +
         " is already taken");
  std::vector<torch::Tensor> Parts;
  std::vector<std::string> Roots;
  for (const std::string &Key : Old) {
    Parts.push_back(Dict.find(Key)->Value);
    for (std::string &Root : rootsOf(Key))
      if (std::find(Roots.begin(), Roots.end(), Root) == Roots.end())
        Roots.push_back(std::move(Root));
  }
  torch::Tensor Value;
  try {
    Value = torch::cat(Parts, Dim);
  } catch (const std::exception &) { // c10::Error
    std::string Shapes;
    for (const torch::Tensor &Part : Parts)
      Shapes += (Shapes.empty() ? "" : ", ") + shapeText(Part.sizes().vec());
    fail("cannot merge " + joined(Old) + " (shapes " + Shapes + ") along dim " +
         std::to_string(Dim));
  }
  for (const std::string &Key : Old) {
    Dict.erase(Key);
    Record.Consumed.insert(Key);
  }
  Dict.set(New, Value, {Provenance::Kind::Transformed, Roots, "merge"});
  Record.ProducedBy[New] = MigrationId;
  ++Changes;
}

void MigrationScope::forEachMatch(
    const std::string &Pattern,
    const std::function<void(const std::vector<std::pair<std::string, std::string>> &)> &Body)
    const {
  // Collect first: Body rewrites the state dict.
  std::vector<std::vector<std::pair<std::string, std::string>>> Matches;
  for (const StateDictItem &Item : Dict.items()) {
    if (Item.Key.compare(0, Prefix.size(), Prefix) != 0)
      continue;
    auto Bindings = matchKeyPattern(Pattern, Item.Key.substr(Prefix.size()));
    if (Bindings && std::find(Matches.begin(), Matches.end(), *Bindings) == Matches.end())
      Matches.push_back(std::move(*Bindings));
  }
  for (const auto &Bindings : Matches)
    Body(Bindings);
}

void MigrationScope::forEachNewModelMatch(
    const std::string &Pattern,
    const std::function<void(const std::vector<std::pair<std::string, std::string>> &)> &Body)
    const {
  if (!NewInstance)
    return;
  std::vector<std::vector<std::pair<std::string, std::string>>> Matches;
  auto Visit = [&](const std::string &Key) {
    auto Bindings = matchKeyPattern(Pattern, Key);
    if (Bindings && std::find(Matches.begin(), Matches.end(), *Bindings) == Matches.end())
      Matches.push_back(std::move(*Bindings));
  };
  for (const auto &Item : NewInstance->named_parameters(/*recurse=*/true))
    Visit(Item.key());
  for (const auto &Item : NewInstance->named_buffers(/*recurse=*/true))
    Visit(Item.key());
  for (const auto &Bindings : Matches)
    Body(Bindings);
}

std::string
MigrationScope::expand(const std::string &Pattern,
                       const std::vector<std::pair<std::string, std::string>> &Bindings) {
  return expandKeyPattern(Pattern, Bindings);
}

std::string RegisteredMigration::id() const {
  MigrationSpec Spec;
  Spec.Module = Module;
  Spec.FromCommit = FromCommit;
  Spec.ToCommit = ToCommit;
  return Spec.id();
}

MigrationRegistry &MigrationRegistry::global() {
  static MigrationRegistry Registry;
  return Registry;
}

void MigrationRegistry::add(RegisteredMigration Migration) {
  Migrations.push_back(std::move(Migration));
}

} // namespace modelcompat
