//===- MigrationInstances.h - Where a module class sits in a model -*- C++ -*-===//
//
// A migration is written for one module class; the engine applies it at every
// instance of that class in the model being loaded. Instances come from the
// new model itself (Module::name() over its module tree) or, when there is no
// model at hand (migrate-checkpoint), from a scan JSON walked from a root
// class, with "{i}" container entries matched against the checkpoint's keys.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_RUNTIME_MIGRATIONINSTANCES_H
#define MODELCOMPAT_RUNTIME_MIGRATIONINSTANCES_H

#include "modelcompat/schema/ModuleSchema.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace modelcompat {

/// One module instance inside a model.
struct ModuleInstance {
  std::string Prefix;                        ///< Its path with a trailing dot; "" for the root.
  std::string ClassName;                     ///< Module::name(), or the scan's class name.
  const torch::nn::Module *Module = nullptr; ///< Null when found in a scan.
};

/// Every module of Model (itself first), in pre-order, as named_modules()
/// lists them. Works on modules not owned by a shared_ptr.
std::vector<ModuleInstance> findModuleInstances(const torch::nn::Module &Model);

/// Every module instance reachable from RootClass in Schema, in pre-order.
/// Entries named with placeholders ("blocks.{i}") become one instance per
/// distinct concrete prefix among Keys (the state dict's keys). Throws Error
/// when RootClass is not in Schema.
std::vector<ModuleInstance> findSchemaInstances(const ScanResult &Schema,
                                                const std::string &RootClass,
                                                const std::vector<std::string> &Keys);

/// The class to walk Schema from when the user named none: the only class
/// that no other class registers and that contains (or is) ModuleClass.
/// Returns "" when no class contains ModuleClass; throws a usage Error
/// naming the candidates (and --root-class) when several do.
std::string inferRootClass(const ScanResult &Schema, const std::string &ModuleClass);

/// Whether an instance of class InstanceClass (as Module::name() spells it)
/// is an instance of the class a migration names: equal, or equal after
/// adding the "Impl" suffix of a TORCH_MODULE holder, ignoring a leading
/// "::".
bool isInstanceOf(const std::string &InstanceClass, const std::string &MigrationClass);

} // namespace modelcompat

#endif
