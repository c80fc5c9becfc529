//===- ModuleSchema.cpp - Entry kinds and state-dict flattening ----------===//
#include "modelcompat/schema/ModuleSchema.h"

#include <algorithm>
#include <map>
#include <set>

namespace modelcompat {

const char *entryKindName(EntryKind Kind) {
  switch (Kind) {
  case EntryKind::Parameter:
    return "parameter";
  case EntryKind::Buffer:
    return "buffer";
  case EntryKind::Module:
    return "module";
  case EntryKind::Unresolved:
    return "unresolved";
  }
  return "unresolved";
}

std::optional<EntryKind> parseEntryKind(const std::string &Name) {
  for (EntryKind Kind :
       {EntryKind::Parameter, EntryKind::Buffer, EntryKind::Module, EntryKind::Unresolved})
    if (Name == entryKindName(Kind))
      return Kind;
  return std::nullopt;
}

namespace {

/// A child's key with its shape and condition in the terms of the
/// registration that constructs the child; none when those arguments rule
/// the key out (a ResnetBlock built with in == out has no shortcut, as a
/// builtin with .bias(false) has no bias).
std::optional<StateKey> inParentTerms(const StateKey &Inner, const ConstructorArguments &Arguments,
                                      const std::vector<std::string> &OptionsParameters) {
  StateKey Key = Inner;
  if (Key.Shape)
    for (std::string &Dimension : *Key.Shape)
      Dimension = bindConstructorArguments(Dimension, Arguments, OptionsParameters);
  if (Key.Condition) {
    // Bound guards are folded: a settled one prints as "true" or "false".
    std::string Bound = bindConstructorArguments(*Key.Condition, Arguments, OptionsParameters);
    if (Bound == "false")
      return std::nullopt;
    Key.Condition = Bound == "true" ? std::nullopt : std::optional(Bound);
  }
  return Key;
}

/// The names of the parameters that take a module's options whole (`opts`
/// of `ConvUnitImpl(Conv2dOptions opts)`): a call site that passes one
/// options object names its arguments by option, as extract does.
std::vector<std::string> wholeOptionsParameters(const ModuleSchema &Module) {
  std::vector<std::string> Names;
  for (const Signature &Constructor : Module.Constructors) {
    if (Constructor.size() != 1 || Constructor[0].Name.empty())
      continue;
    std::string Type = Constructor[0].Type;
    while (!Type.empty() && (Type.back() == '&' || Type.back() == ' '))
      Type.pop_back();
    static constexpr std::string_view Suffix = "Options";
    if (Type.size() >= Suffix.size() &&
        Type.compare(Type.size() - Suffix.size(), Suffix.size(), Suffix) == 0)
      Names.push_back(Constructor[0].Name);
  }
  return Names;
}

/// Folders of a repository-relative path, outermost first.
std::vector<std::string> foldersOf(const std::string &File) {
  std::vector<std::string> Folders;
  size_t Start = 0;
  for (size_t Slash = File.find('/'); Slash != std::string::npos; Slash = File.find('/', Start)) {
    Folders.push_back(File.substr(Start, Slash - Start));
    Start = Slash + 1;
  }
  return Folders;
}

/// How many leading folders two files share.
size_t sharedFolders(const std::string &A, const std::string &B) {
  std::vector<std::string> FA = foldersOf(A), FB = foldersOf(B);
  size_t N = 0;
  while (N < FA.size() && N < FB.size() && FA[N] == FB[N])
    ++N;
  return N;
}

/// Flattens classes on demand, memoised, guarding against recursion.
class Flattener {
public:
  explicit Flattener(std::vector<ModuleSchema> &Modules) : Modules(Modules), Classes(Modules) {}

  void flattenAll() {
    for (ModuleSchema &Module : Modules)
      flatten(Module);
  }

private:
  const std::vector<StateKey> &flatten(ModuleSchema &Module) {
    if (Done.count(&Module))
      return Module.StateDict;
    InProgress.insert(&Module);
    Module.StateDict.clear();
    for (StateEntry &Entry : Module.Entries) {
      expandUserModule(Module, Entry);
      Module.StateDict.insert(Module.StateDict.end(), Entry.Keys.begin(), Entry.Keys.end());
    }
    InProgress.erase(&Module);
    Done.insert(&Module);
    return Module.StateDict;
  }

  void expandUserModule(const ModuleSchema &Owner, StateEntry &Entry) {
    if (Entry.Kind != EntryKind::Module)
      return;
    // The resolver hands out const pointers into Modules, which this class
    // owns mutably.
    auto *Child = const_cast<ModuleSchema *>(Classes.resolve(Entry, Owner));
    if (!Child || InProgress.count(Child))
      return;
    Entry.Keys.clear();
    std::vector<std::string> OptionsParameters = wholeOptionsParameters(*Child);
    for (const StateKey &Inner : flatten(*Child)) {
      std::optional<StateKey> Bound = inParentTerms(Inner, Entry.Arguments, OptionsParameters);
      if (!Bound)
        continue;
      StateKey &Key = *Bound;
      Key.Key = Entry.Name + "." + Inner.Key;
      if (Key.Layer.empty())
        Key.Layer = Child->ClassName;
      if (Entry.Condition)
        Key.Condition = Key.Condition ? "(" + *Entry.Condition + ") && (" + *Key.Condition + ")"
                                      : *Entry.Condition;
      Key.Line = Entry.Line;
      Key.Column = Entry.Column;
      Entry.Keys.push_back(std::move(Key));
    }
  }

  std::vector<ModuleSchema> &Modules;
  ClassResolver Classes;
  std::set<const ModuleSchema *> Done;
  std::set<const ModuleSchema *> InProgress;
};

} // namespace

std::string unqualifiedName(const std::string &ClassName) {
  std::size_t Colons = ClassName.rfind("::");
  return Colons == std::string::npos ? ClassName : ClassName.substr(Colons + 2);
}

ClassId classIdOf(const ModuleSchema &Module) { return {Module.ClassName, Module.File}; }

ClassResolver::ClassResolver(const std::vector<ModuleSchema> &Modules) {
  for (const ModuleSchema &Module : Modules) {
    ByName.emplace(Module.ClassName, &Module);
    if (Module.Holder && *Module.Holder != Module.ClassName)
      ByName.emplace(*Module.Holder, &Module);
  }
}

const ModuleSchema *ClassResolver::resolve(const StateEntry &Entry,
                                           const ModuleSchema &Owner) const {
  if (Entry.Kind != EntryKind::Module)
    return nullptr;
  for (const std::string &Name : {Entry.ModuleClass, Entry.Type}) {
    if (Name.empty())
      continue;
    auto [First, Last] = ByName.equal_range(Name);
    if (First == Last)
      continue;
    // The class Clang resolved, when the scan recorded where it lives.
    if (!Entry.ModuleClassFile.empty() && Name == Entry.ModuleClass) {
      for (auto It = First; It != Last; ++It)
        if (It->second->File == Entry.ModuleClassFile)
          return It->second;
      return nullptr;
    }
    if (std::next(First) == Last)
      return First->second;
    // Older scans: the namesake nearest to the registering class, if one is
    // strictly nearest.
    const ModuleSchema *Best = nullptr;
    long BestScore = -1;
    bool Tie = false;
    for (auto It = First; It != Last; ++It) {
      const std::string &File = It->second->File;
      long Score = File == Owner.File ? 1000000 : long(sharedFolders(File, Owner.File));
      if (Score > BestScore) {
        Best = It->second;
        BestScore = Score;
        Tie = false;
      } else if (Score == BestScore) {
        Tie = true;
      }
    }
    return Tie ? nullptr : Best;
  }
  return nullptr;
}

void flattenStateDicts(std::vector<ModuleSchema> &Modules) {
  std::stable_sort(
      Modules.begin(), Modules.end(),
      [](const ModuleSchema &A, const ModuleSchema &B) { return classIdOf(A) < classIdOf(B); });
  composeInheritedEntries(Modules);
  Flattener(Modules).flattenAll();
}

} // namespace modelcompat
