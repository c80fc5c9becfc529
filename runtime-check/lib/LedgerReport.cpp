//===- LedgerReport.cpp - The ledger's text and JSON reports -------------===//
#include "modelcompat/runtime/Ledger.h"

#include "LedgerFormat.h"
#include "modelcompat/support/ShapeText.h"

#include <array>
#include <sstream>

namespace modelcompat {

using nlohmann::json;

namespace {

constexpr std::array<std::pair<c10::ScalarType, const char *>, 12> DtypeNames = {{
    {c10::ScalarType::Float, "float32"},
    {c10::ScalarType::Double, "float64"},
    {c10::ScalarType::Half, "float16"},
    {c10::ScalarType::BFloat16, "bfloat16"},
    {c10::ScalarType::Long, "int64"},
    {c10::ScalarType::Int, "int32"},
    {c10::ScalarType::Short, "int16"},
    {c10::ScalarType::Char, "int8"},
    {c10::ScalarType::Byte, "uint8"},
    {c10::ScalarType::Bool, "bool"},
    {c10::ScalarType::ComplexFloat, "complex64"},
    {c10::ScalarType::ComplexDouble, "complex128"},
}};

const char *kindName(Provenance::Kind Kind) {
  switch (Kind) {
  case Provenance::Kind::Untouched:
    return "untouched";
  case Provenance::Kind::Copied:
    return "copied";
  case Provenance::Kind::Transformed:
    return "transformed";
  case Provenance::Kind::Initialised:
    return "initialised";
  }
  return "untouched";
}

json provenanceToJson(const Provenance &Origin) {
  return {{"kind", kindName(Origin.Origin)},
          {"from", Origin.From},
          {"detail", Origin.Detail},
          {"text", Origin.describe()}};
}

json mismatchesToJson(const std::vector<TensorMismatch> &Mismatches) {
  json Out = json::array();
  for (const TensorMismatch &Mismatch : Mismatches)
    Out.push_back(
        {{"key", Mismatch.Key}, {"checkpoint", Mismatch.Checkpoint}, {"model", Mismatch.Model}});
  return Out;
}

} // namespace

std::string dtypeText(c10::ScalarType Type) {
  for (const auto &[Value, Name] : DtypeNames)
    if (Value == Type)
      return Name;
  return c10::toString(Type);
}

std::string LoadReport::toText(bool Verbose) const {
  std::ostringstream Out;
  for (const LedgerProblem &Problem : Problems)
    Out << Problem.Message << "\n";
  std::map<Provenance::Kind, size_t> ByKind;
  for (const LoadedTensor &Tensor : Loaded)
    ++ByKind[Tensor.Origin.Origin];
  if (Verbose) {
    for (const LoadedTensor &Tensor : Loaded) {
      Out << Source << ": loaded '" << Tensor.Key << "' " << shapeText(Tensor.Shape) << " "
          << Tensor.DType << ": " << Tensor.Origin.describe();
      if (!Tensor.Migration.empty())
        Out << " by " << Tensor.Migration;
      Out << "\n";
    }
    for (const auto &[Key, Reason] : Dropped)
      Out << Source << ": dropped '" << Key << "': " << Reason << "\n";
  }
  Out << Source << ": ledger for " << ModelClass << ": " << Loaded.size() << " loaded ("
      << ByKind[Provenance::Kind::Untouched] << " untouched, " << ByKind[Provenance::Kind::Copied]
      << " copied, " << ByKind[Provenance::Kind::Transformed] << " transformed, "
      << ByKind[Provenance::Kind::Initialised] << " initialised), " << Dropped.size()
      << " dropped, " << MissingKeys.size() << " missing, " << UnexpectedKeys.size()
      << " unexpected, " << ShapeMismatches.size() + DtypeMismatches.size()
      << " mismatched: " << (ok() ? "OK" : "FAILED") << "\n";
  return Out.str();
}

json LoadReport::toJson() const {
  json LoadedJson = json::array();
  for (const LoadedTensor &Tensor : Loaded) {
    json Item = {{"key", Tensor.Key},
                 {"shape", Tensor.Shape},
                 {"dtype", Tensor.DType},
                 {"provenance", provenanceToJson(Tensor.Origin)}};
    Item["migration"] = Tensor.Migration.empty() ? json(nullptr) : json(Tensor.Migration);
    LoadedJson.push_back(std::move(Item));
  }
  json DroppedJson = json::array();
  for (const auto &[Key, Reason] : Dropped)
    DroppedJson.push_back({{"key", Key}, {"reason", Reason}});
  json ProblemsJson = json::array();
  for (const LedgerProblem &Problem : Problems)
    ProblemsJson.push_back({{"kind", ledgerProblemName(Problem.Kind)},
                            {"severity", Problem.IsError ? "error" : "warning"},
                            {"key", Problem.Key},
                            {"message", Problem.Message}});
  return {{"checkpoint", Source},
          {"model", ModelClass},
          {"strict", Strict},
          {"status", ok() ? "ok" : "failed"},
          {"written", Written},
          {"applied_migrations", AppliedMigrations},
          {"loaded", std::move(LoadedJson)},
          {"missing_keys", MissingKeys},
          {"unexpected_keys", UnexpectedKeys},
          {"shape_mismatches", mismatchesToJson(ShapeMismatches)},
          {"dtype_mismatches", mismatchesToJson(DtypeMismatches)},
          {"dropped", std::move(DroppedJson)},
          {"problems", std::move(ProblemsJson)}};
}

} // namespace modelcompat
