//===- ManifestDraft.h - A starting modelcompat.json from a scan -*- C++ -*-===//
//
// `modelcompat init` drafts the manifest `verify` reads (docs/runtime-check.md)
// from a scan of one revision and its CMake files: one model per root module
// class, with the holder, the header, the target that compiles it, a
// construct expression, and TODO markers where only a human knows the value
// (a constructor argument without a default, the inputs' shapes).
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_INIT_MANIFESTDRAFT_H
#define MODELCOMPAT_INIT_MANIFESTDRAFT_H

#include "modelcompat/init/CMakeTargets.h"
#include "modelcompat/schema/ModuleSchema.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace modelcompat {

/// The text every marker init writes starts with; `verify` refuses a
/// manifest that still holds one (todoMarkerFields, verify/VerifyManifest.h).
inline constexpr const char *TodoMarker = "TODO:";

/// The root module classes of a scan: those no other class registers as a
/// sub-module and that are no user base of another module class (a base is
/// built through the classes deriving from it). Sorted by class, then file.
std::vector<const ModuleSchema *> rootModules(const ScanResult &Scan);

/// The drafted manifest and what it leaves to the user.
struct ManifestDraft {
  nlohmann::ordered_json Document;
  /// One line per root class: "fx::ModelImpl (models[0])".
  std::vector<std::string> Models;
  /// The fields that hold a TODO marker: "models[0].construct".
  std::vector<std::string> Todos;
};

/// Drafts the manifest for Scan's root classes; Tree holds the revision's
/// CMakeLists.txt files and C++ sources (the defining file and the files
/// that define members out of line select the target). A scan with no
/// module class yields no models.
ManifestDraft draftManifest(const ScanResult &Scan, const TreeText &Tree);

/// The construct expression for Module: its holder (or a std::make_shared
/// of the class) called with the arguments its constructor needs, TODO
/// markers for those without a default (see docs/runtime-check.md,
/// "Starting a manifest", for which constructor is chosen).
std::string draftConstruct(const ModuleSchema &Module);

} // namespace modelcompat

#endif
