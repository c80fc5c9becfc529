//===- MigrationInstances.cpp - Where a module class sits in a model -----===//
#include "modelcompat/runtime/MigrationInstances.h"
#include "modelcompat/migrate/MigrationSpec.h"
#include "modelcompat/support/Error.h"

#include <algorithm>
#include <set>

namespace modelcompat {

namespace {

void walkModule(const torch::nn::Module &Module, const std::string &Prefix,
                std::vector<ModuleInstance> &Out) {
  Out.push_back({Prefix, Module.name(), &Module});
  for (const auto &Child : Module.named_children())
    walkModule(*Child.value(), Prefix + Child.key() + ".", Out);
}

std::string withoutLeadingColons(const std::string &Name) {
  return Name.rfind("::", 0) == 0 ? Name.substr(2) : Name;
}

const ModuleSchema *findClass(const ScanResult &Schema, const std::string &Name) {
  const std::string Wanted = withoutLeadingColons(Name);
  for (const ModuleSchema &Module : Schema.Modules)
    if (Module.ClassName == Wanted || (Module.Holder && *Module.Holder == Wanted))
      return &Module;
  return nullptr;
}

/// The class a module entry instantiates: the resolved Impl class, a user
/// class found through its holder, or the registered type (builtins).
std::string entryClass(const ScanResult &Schema, const StateEntry &Entry) {
  if (!Entry.ModuleClass.empty())
    return Entry.ModuleClass;
  if (const ModuleSchema *Module = findClass(Schema, Entry.Type))
    return Module->ClassName;
  return Entry.Type;
}

/// The prefix patterns of every instance below Class, pre-order.
void walkSchema(const ScanResult &Schema, const std::string &Class, const std::string &Prefix,
                std::vector<std::string> &Stack, std::vector<ModuleInstance> &Out) {
  Out.push_back({Prefix, Class, nullptr});
  const ModuleSchema *Module = findClass(Schema, Class);
  if (!Module || std::count(Stack.begin(), Stack.end(), Module->ClassName))
    return; // a builtin layer, an unknown class, or a cycle in the sources
  Stack.push_back(Module->ClassName);
  for (const StateEntry &Entry : Module->Entries)
    if (Entry.Kind == EntryKind::Module)
      walkSchema(Schema, entryClass(Schema, Entry), Prefix + Entry.Name + ".", Stack, Out);
  Stack.pop_back();
}

size_t segmentCount(const std::string &Prefix) {
  return static_cast<size_t>(std::count(Prefix.begin(), Prefix.end(), '.'));
}

/// The concrete prefixes among Keys that match the pattern Prefix.
std::vector<std::string> concretePrefixes(const std::string &Prefix,
                                          const std::vector<std::string> &Keys) {
  const std::string Pattern = Prefix.substr(0, Prefix.size() - 1);
  const size_t Segments = segmentCount(Prefix);
  std::vector<std::string> Out;
  for (const std::string &Key : Keys) {
    size_t End = 0;
    for (size_t I = 0; I < Segments && End != std::string::npos; ++I)
      End = Key.find('.', I ? End + 1 : 0);
    if (End == std::string::npos)
      continue;
    std::string Head = Key.substr(0, End);
    if (matchKeyPattern(Pattern, Head) &&
        std::find(Out.begin(), Out.end(), Head + ".") == Out.end())
      Out.push_back(Head + ".");
  }
  return Out;
}

} // namespace

std::vector<ModuleInstance> findModuleInstances(const torch::nn::Module &Model) {
  std::vector<ModuleInstance> Out;
  walkModule(Model, "", Out);
  return Out;
}

std::vector<ModuleInstance> findSchemaInstances(const ScanResult &Schema,
                                                const std::string &RootClass,
                                                const std::vector<std::string> &Keys) {
  const ModuleSchema *Root = findClass(Schema, RootClass);
  if (!Root)
    throw Error("root class '" + RootClass + "' is not in the model schema");
  std::vector<ModuleInstance> Patterns;
  std::vector<std::string> Stack;
  walkSchema(Schema, Root->ClassName, "", Stack, Patterns);
  std::vector<ModuleInstance> Out;
  for (const ModuleInstance &Instance : Patterns) {
    if (Instance.Prefix.find('{') == std::string::npos) {
      Out.push_back(Instance);
      continue;
    }
    for (std::string &Prefix : concretePrefixes(Instance.Prefix, Keys))
      Out.push_back({std::move(Prefix), Instance.ClassName, nullptr});
  }
  return Out;
}

std::string inferRootClass(const ScanResult &Schema, const std::string &ModuleClass) {
  std::set<std::string> Registered;
  for (const ModuleSchema &Module : Schema.Modules)
    for (const StateEntry &Entry : Module.Entries)
      if (Entry.Kind == EntryKind::Module)
        Registered.insert(entryClass(Schema, Entry));
  std::vector<std::string> Candidates;
  for (const ModuleSchema &Module : Schema.Modules) {
    if (Registered.count(Module.ClassName))
      continue;
    std::vector<ModuleInstance> Instances;
    std::vector<std::string> Stack;
    walkSchema(Schema, Module.ClassName, "", Stack, Instances);
    if (std::any_of(Instances.begin(), Instances.end(), [&](const ModuleInstance &Instance) {
          return isInstanceOf(Instance.ClassName, ModuleClass);
        }))
      Candidates.push_back(Module.ClassName);
  }
  if (Candidates.size() <= 1)
    return Candidates.empty() ? "" : Candidates.front();
  std::string Names;
  for (const std::string &Name : Candidates)
    Names += (Names.empty() ? "'" : ", '") + Name + "'";
  throw usageError("several model classes contain '" + ModuleClass + "' (" + Names +
                   "); name the model with --root-class");
}

bool isInstanceOf(const std::string &InstanceClass, const std::string &MigrationClass) {
  const std::string Instance = withoutLeadingColons(InstanceClass);
  const std::string Wanted = withoutLeadingColons(MigrationClass);
  return Instance == Wanted || Instance == Wanted + "Impl";
}

} // namespace modelcompat
