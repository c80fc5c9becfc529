//===- VerifyManifest.h - modelcompat.json: what verify builds --*- C++ -*-===//
//
// The manifest at the repository root (read from HEAD's tree) names, for each
// model, the CMake target that holds it, how to construct it and call its
// forward, and its inputs. docs/runtime-check.md documents the format.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_VERIFY_VERIFYMANIFEST_H
#define MODELCOMPAT_VERIFY_VERIFYMANIFEST_H

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace modelcompat {

/// The file name verify reads at the repository root.
inline constexpr const char *VerifyManifestName = "modelcompat.json";

/// The manifest version this build reads.
inline constexpr int VerifyManifestVersion = 1;

/// One input tensor of a forward pass.
struct InputSpec {
  std::vector<int64_t> Shape;
  std::string DType = "float32"; ///< float32 float64 float16 bfloat16 int64 int32 bool
  /// Integer inputs are drawn uniformly from [Low, High); floats are normal.
  int64_t Low = 0, High = 10;
};

/// A per-model override of the comparison tolerances.
struct ToleranceOverride {
  std::optional<double> RTol, ATol;
};

/// One model verify builds and runs.
struct ModelEntry {
  std::string Name; ///< Used in reports and file names: [A-Za-z0-9_.-]+.
  /// The CMake target that holds the model: a library, or an executable whose
  /// sources the harness compiles without the file that defines main().
  std::string Target;
  /// The repository folder whose CMakeLists.txt the wrapper adds ("" for the
  /// top level): relative, normalised, no "..".
  std::string Project;
  /// Sources (repository-relative) an executable target's harness leaves out,
  /// besides the detected main() files.
  std::vector<std::string> Exclude;
  std::vector<std::string> Includes; ///< Headers the harness includes.
  /// C++ statements run before `construct`, in the same scope.
  std::vector<std::string> Prelude;
  /// Revision (as written, or sha) -> prelude at that revision.
  std::map<std::string, std::vector<std::string>> PreludeAt;
  std::string Construct; ///< C++ expression making the model holder.
  /// Revision (as written, or sha) -> construct expression at that revision.
  std::map<std::string, std::string> ConstructAt;
  std::vector<InputSpec> Inputs;
  std::string Forward; ///< C++ expression over `model` and `inputs`.
  ToleranceOverride Tolerance;
};

/// The whole manifest.
struct VerifyManifest {
  std::vector<std::string> CMakeArgs; ///< build.cmake_args
  std::vector<ModelEntry> Models;
};

/// Parses and validates Text. Errors name Origin ("modelcompat.json at
/// 1a2b3c4d5e6f") and the field ("models[0].inputs[1].dtype").
VerifyManifest parseVerifyManifest(const std::string &Text, const std::string &Origin);

/// The fields of a manifest whose string values still hold a TODO marker
/// ("TODO:", what `modelcompat init` writes where only the user knows the
/// value), as paths: "models[0].construct", "models[0].inputs"; an
/// object's keys in sorted order.
std::vector<std::string> todoMarkerFields(const nlohmann::json &Document);

/// The forward expression used when the manifest gives none:
/// "model->forward(inputs[0], inputs[1])".
std::string defaultForward(size_t InputCount);

} // namespace modelcompat

#endif
