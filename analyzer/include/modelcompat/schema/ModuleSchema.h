//===- ModuleSchema.h - The state-dict schema of module classes -*- C++ -*-===//
//
// The vocabulary shared by every layer (see docs/design.md): a *module* is a
// class deriving from torch::nn::Module; an *entry* is one registration it
// makes (parameter, buffer or sub-module); a *state key* is one key its
// state_dict() produces, relative to the class, after sub-modules and builtin
// layers are expanded. Shapes are *symbolic*: normalised source text of the
// expressions that size each dimension.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SCHEMA_MODULESCHEMA_H
#define MODELCOMPAT_SCHEMA_MODULESCHEMA_H

#include "modelcompat/schema/ConstructorArguments.h"

#include <optional>
#include <string>
#include <vector>

namespace modelcompat {

/// What a registration (or a state key) holds.
enum class EntryKind { Parameter, Buffer, Module, Unresolved };

/// "parameter", "buffer", "module" or "unresolved".
const char *entryKindName(EntryKind Kind);
/// The inverse of entryKindName; nullopt for an unknown word.
std::optional<EntryKind> parseEntryKind(const std::string &Name);

/// A symbolic shape: one normalised expression per dimension.
using SymbolicShape = std::vector<std::string>;

/// One key of a module's flattened state_dict(), relative to the class.
struct StateKey {
  std::string Key;                    ///< e.g. "attn.to_q.weight"; may hold
                                      ///< "{i}" for loop indices.
  EntryKind Kind = EntryKind::Parameter; ///< Parameter, Buffer or Unresolved.
  std::optional<SymbolicShape> Shape; ///< Unknown when the source does not say.
  std::optional<std::string> Dtype;   ///< e.g. "torch::kLong", when visible.
  std::optional<std::string> Condition; ///< Source text of the guard, if any.
  std::string Layer;    ///< Type of the module that owns the key directly
                        ///< ("torch::nn::Conv2d", "ns::AttnImpl"); empty for
                        ///< tensors registered by the class itself.
  unsigned Line = 0;    ///< Line, in this class's file, of the registration
                        ///< that produced the key.
  unsigned Column = 0;
};

/// One registration made by a module class.
struct StateEntry {
  std::string Name;  ///< Registered name; dotted for container children
                     ///< ("head.0", "blocks.{i}").
  EntryKind Kind = EntryKind::Parameter;
  std::string Type;  ///< Module entries: the type as registered, qualified
                     ///< ("torch::nn::Linear", "ns::Attention"); tensors: "".
  std::string ModuleClass; ///< Module entries of user classes: the resolved
                           ///< Impl class ("ns::AttentionImpl"); else "".
  ConstructorArguments Arguments; ///< User sub-modules: what the registration
                                  ///< passes, by parameter or option name.
  std::optional<SymbolicShape> Shape; ///< Tensors only.
  std::optional<std::string> Dtype;
  std::optional<std::string> Condition;
  std::string Expression; ///< Unresolved entries: the source text of the name.
  unsigned Line = 0;
  unsigned Column = 0;
  /// Keys this entry contributes, relative to the class: a tensor's own key,
  /// a builtin layer's expanded keys, or (after flattenStateDicts) a user
  /// sub-module's keys. Not part of the scan JSON's "entries".
  std::vector<StateKey> Keys;
};

/// The schema of one module class.
struct ModuleSchema {
  std::string ClassName;             ///< Qualified: "ns::AttnBlockImpl".
  std::optional<std::string> Holder; ///< TORCH_MODULE holder: "ns::AttnBlock".
  std::string File;                  ///< Relative to the scanned root.
  unsigned Line = 0;
  std::vector<StateEntry> Entries;   ///< In registration order.
  std::vector<StateKey> StateDict;   ///< Flattened, in registration order.
  std::vector<std::string> BaseClasses; ///< Qualified user bases that are modules.
};

/// A compiler diagnostic, with its path relative to the scanned root.
struct Diagnostic {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  std::string Severity; ///< "error", "warning", "fatal", "note".
  std::string Message;
};

/// What one scanned file contributed, for caching and reporting.
struct ScannedFile {
  std::string Path;                  ///< Relative to the scanned root.
  std::vector<std::string> Includes; ///< Project files it includes, transitively.
  std::vector<std::string> MissingIncludes; ///< Includes served as empty files.
  bool HadErrors = false;
  /// Headers outside the tree it includes, transitively (absolute paths),
  /// other than libtorch's and Clang's own: part of its cache key.
  std::vector<std::string> ExternalIncludes;
};

/// The result of scanning a set of files.
struct ScanResult {
  std::vector<ModuleSchema> Modules; ///< Sorted by ClassName.
  std::vector<std::string> FilesWithErrors; ///< Sorted.
  std::vector<Diagnostic> Diagnostics;
  std::vector<ScannedFile> Files;    ///< Sorted by Path.
};

/// Fills each module's StateDict from its entries' Keys, expanding entries
/// whose ModuleClass (or Type, matched against holders) names another module
/// in Modules. The child's shapes and conditions are rewritten in the
/// parent's terms through the entry's Arguments. Cycles and unknown classes
/// leave the entry's own Keys as they are. Sorts Modules by ClassName.
void flattenStateDicts(std::vector<ModuleSchema> &Modules);

} // namespace modelcompat

#endif
