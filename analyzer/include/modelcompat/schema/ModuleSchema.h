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

#include <map>
#include <optional>
#include <string>
#include <tuple>
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
  std::string Key;                       ///< e.g. "attn.to_q.weight"; may hold
                                         ///< "{i}" for loop indices.
  EntryKind Kind = EntryKind::Parameter; ///< Parameter, Buffer or Unresolved.
  std::optional<SymbolicShape> Shape;    ///< Unknown when the source does not say.
  std::optional<std::string> Dtype;      ///< e.g. "torch::kLong", when visible.
  std::optional<std::string> Condition;  ///< Source text of the guard, if any.
  std::string Layer;                     ///< Type of the module that owns the key directly
                                         ///< ("torch::nn::Conv2d", "ns::AttnImpl"); empty for
                                         ///< tensors registered by the class itself.
  unsigned Line = 0;                     ///< Line, in this class's file, of the registration
                                         ///< that produced the key.
  unsigned Column = 0;
};

/// One registration made by a module class.
struct StateEntry {
  std::string Name; ///< Registered name; dotted for container children
                    ///< ("head.0", "blocks.{i}").
  EntryKind Kind = EntryKind::Parameter;
  std::string Type;                   ///< Module entries: the type as registered, qualified
                                      ///< ("torch::nn::Linear", "ns::Attention"); tensors: "".
  std::string ModuleClass;            ///< Module entries of user classes: the resolved
                                      ///< Impl class ("ns::AttentionImpl"); else "".
  std::string ModuleClassFile;        ///< The file that defines ModuleClass, as
                                      ///< Clang resolved it; "" when unknown (scans
                                      ///< written before the field existed).
  ConstructorArguments Arguments;     ///< User sub-modules: what the registration
                                      ///< passes, by parameter or option name.
  std::optional<SymbolicShape> Shape; ///< Tensors only.
  std::optional<std::string> Dtype;
  std::optional<std::string> Condition;
  std::string Expression; ///< Unresolved entries: the source text of the name.
  unsigned Line = 0;
  unsigned Column = 0;
  /// The user base class (qualified) whose constructor makes this
  /// registration; "" for the class's own. Inherited entries come first.
  std::string InheritedFrom;
  /// Keys this entry contributes, relative to the class: a tensor's own key,
  /// a builtin layer's expanded keys, or (after flattenStateDicts) a user
  /// sub-module's keys. Not part of the scan JSON's "entries".
  std::vector<StateKey> Keys;
};

/// One parameter of a module's constructor or forward(), as declared.
struct ParameterSignature {
  std::string Type; ///< As written: "const ModelOptions &", "int64_t".
  std::string Name; ///< "" for an unnamed parameter.
  /// The default argument's normalised text; nullopt when it has none.
  std::optional<std::string> Default;
  /// When Type is a user options struct (not libtorch's, not a module) that
  /// the project defines: its qualified name, and the parameter lists of its
  /// declared constructors (copy and move left out; none for an aggregate).
  std::string OptionsClass;
  std::vector<std::vector<ParameterSignature>> OptionsConstructors;
};

/// A parameter list, in declaration order.
using Signature = std::vector<ParameterSignature>;

/// The schema of one module class.
struct ModuleSchema {
  std::string ClassName;             ///< Qualified: "ns::AttnBlockImpl".
  std::optional<std::string> Holder; ///< TORCH_MODULE holder: "ns::AttnBlock".
  std::string File;                  ///< Relative to the scanned root.
  unsigned Line = 0;
  std::vector<StateEntry> Entries;      ///< In registration order.
  std::vector<StateKey> StateDict;      ///< Flattened, in registration order.
  std::vector<std::string> BaseClasses; ///< Qualified user bases that are modules.
  /// Parallel to BaseClasses: the file that defines each, as Clang
  /// resolved it ("" when unknown: scans written before the field).
  std::vector<std::string> BaseClassFiles;
  /// Set when compile errors left the class's registrations unreadable
  /// (an error inside its constructors, reset() or member declarations, or
  /// a constructor no parse could match): the first such error,
  /// "file:line: message". Such a class is compared as unresolved.
  std::optional<std::string> Unreadable;
  /// Whether it declares or inherits a pure virtual function: no object of
  /// it exists, so no checkpoint of its own; its registrations count only
  /// through the classes derived from it (composed into theirs).
  bool Abstract = false;
  /// What its shapes' names are when nobody passes them: constructor default
  /// arguments, options fields' initialisers (by option name), member
  /// initialisers; normalised source text ("groups" -> "1").
  ConstructorArguments Defaults;
  /// Its public constructors' parameter lists, in declaration order (copy
  /// and move constructors left out), and those of its forward() overloads:
  /// what `modelcompat init` drafts a construct expression and inputs from.
  /// Not compared by diff.
  std::vector<Signature> Constructors;
  std::vector<Signature> Forwards;
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
  std::string Path;                         ///< Relative to the scanned root.
  std::vector<std::string> Includes;        ///< Project files it includes, transitively.
  std::vector<std::string> MissingIncludes; ///< Includes served as empty files.
  bool HadErrors = false;
  /// Names no header provided that the scan declared for it (the file or
  /// a project header it includes), e.g. "cv::Mat", "LOG_INFO(...)".
  std::vector<std::string> Synthesized;
  /// Whether its text names what a module class definition needs
  /// (nn::Module, Cloneable, TORCH_MODULE): a file without them defines no
  /// module class (out-of-line constructors belong to a class elsewhere).
  bool MayDefineModules = false;
  /// The unqualified names of the classes its text defines (module or not):
  /// a class missing from a file with errors that still defines its name
  /// may be hidden by them; one whose name is gone was removed or renamed.
  std::vector<std::string> DefinedClassNames;
  /// Headers outside the tree it includes, transitively (absolute paths),
  /// other than libtorch's and Clang's own: part of its cache key.
  std::vector<std::string> ExternalIncludes;
};

/// The work a scan did, for --verbose and benchmarks; not part of the
/// scan's JSON or of cache entries.
struct ScanCounts {
  std::size_t Parses = 0;  ///< Translation units Clang parsed (rounds included).
  std::size_t Skipped = 0; ///< Targets not parsed: they cannot define a module class.
  std::size_t Reused = 0;  ///< Targets whose result came from the cache (disk or run).
};

/// The result of scanning a set of files.
struct ScanResult {
  std::vector<ModuleSchema> Modules;        ///< Sorted by ClassName.
  std::vector<std::string> FilesWithErrors; ///< Sorted.
  std::vector<Diagnostic> Diagnostics;
  std::vector<ScannedFile> Files; ///< Sorted by Path.
  ScanCounts Counts;
  /// The libtorch release parsed against ("2.6.0"), whose layouts the
  /// builtin layers' keys follow; empty when unknown.
  std::string Libtorch;
};

/// The identity of a module class: qualified name plus defining file. Two
/// sample folders may each hold an `ns::DownsampleImpl`; they are different
/// classes.
struct ClassId {
  std::string Name;
  std::string File;
  bool operator<(const ClassId &Other) const {
    return std::tie(Name, File) < std::tie(Other.Name, Other.File);
  }
  bool operator==(const ClassId &Other) const { return Name == Other.Name && File == Other.File; }
};

/// A class name without its namespaces: "ns::AttnBlockImpl" -> "AttnBlockImpl".
std::string unqualifiedName(const std::string &ClassName);

/// The ClassId of a schema.
ClassId classIdOf(const ModuleSchema &Module);

/// Finds the class a module entry instantiates among one scan's classes:
/// the class named by the entry's ModuleClass (or holder Type) *and* defined
/// in its ModuleClassFile. Without a recorded file, a unique class of that
/// name, else the namesake in the registering class's file, else the one in
/// the nearest folder; never a guess between equally near namesakes.
class ClassResolver {
public:
  explicit ClassResolver(const std::vector<ModuleSchema> &Modules);
  /// The class Entry (registered by Owner) instantiates, or null for builtin
  /// layers, unknown and ambiguous types.
  const ModuleSchema *resolve(const StateEntry &Entry, const ModuleSchema &Owner) const;

private:
  std::multimap<std::string, const ModuleSchema *> ByName; ///< Class and holder.
};

/// Gives each class the registrations of its user base classes as the scan
/// as a whole knows them: a base's constructor may live in a file the
/// derived class's parse never saw (one .cpp per class), so the entries a
/// single parse inherited can be short. Each class's inherited entries are
/// replaced by its bases' composed entries, bases first, when every base
/// resolves (ClassResolver) to a scanned class; else they stay as parsed.
/// Idempotent.
void composeInheritedEntries(std::vector<ModuleSchema> &Modules);

/// Fills each module's StateDict from its entries' Keys, expanding entries
/// whose class (resolved by ClassResolver: name and defining file) is another
/// module in Modules. The child's shapes and conditions are rewritten in the
/// parent's terms through the entry's Arguments. Cycles and unknown classes
/// leave the entry's own Keys as they are. Composes inherited entries first
/// (composeInheritedEntries). Sorts Modules by ClassName.
void flattenStateDicts(std::vector<ModuleSchema> &Modules);

} // namespace modelcompat

#endif
