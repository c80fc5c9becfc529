//===- ManifestDraft.cpp - A starting modelcompat.json from a scan -------===//
//
// rootModules → per root: name, target (CMake text), include, construct
// (declared constructors), inputs (declared forward) → the document.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/init/ManifestDraft.h"

#include "modelcompat/source/CppFiles.h"
#include "modelcompat/support/OutOfLineMembers.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace modelcompat {
namespace {

/// A C++ header, or a CUDA one (which only ever #includes into a .cu).
bool isHeader(const std::string &Path) {
  return hasExtension(Path, cppHeaderExtensions()) || hasExtension(Path, {".cuh"});
}

std::string todo(const std::string &Text) { return std::string(TodoMarker) + " " + Text; }

/// "/*TODO: int64_t in_channels*/": a constructor argument only the user knows.
std::string argumentMarker(const ParameterSignature &Parameter) {
  std::string Declaration = Parameter.Type;
  if (!Parameter.Name.empty())
    Declaration += " " + Parameter.Name;
  return "/*" + todo(Declaration) + "*/";
}

std::size_t requiredCount(const Signature &Parameters) {
  return static_cast<std::size_t>(
      std::count_if(Parameters.begin(), Parameters.end(),
                    [](const ParameterSignature &Parameter) { return !Parameter.Default; }));
}

/// The arguments for the parameters without a default (C++ fills in the
/// others), each a TODO marker.
std::string markers(const Signature &Parameters) {
  std::string Out;
  for (const ParameterSignature &Parameter : Parameters)
    if (!Parameter.Default)
      Out += (Out.empty() ? "" : ", ") + argumentMarker(Parameter);
  return Out;
}

/// The signature with the fewest parameters without a default; the first
/// such in declaration order.
const Signature *fewestRequired(const std::vector<Signature> &Signatures) {
  const Signature *Best = nullptr;
  for (const Signature &Candidate : Signatures)
    if (!Best || requiredCount(Candidate) < requiredCount(*Best))
      Best = &Candidate;
  return Best;
}

/// The one required parameter of Constructor when it is an options struct
/// with declared constructors (TORCH_ARG options are).
const ParameterSignature *optionsParameter(const Signature &Constructor) {
  if (requiredCount(Constructor) != 1)
    return nullptr;
  for (const ParameterSignature &Parameter : Constructor)
    if (!Parameter.Default)
      return Parameter.OptionsClass.empty() || Parameter.OptionsConstructors.empty() ? nullptr
                                                                                     : &Parameter;
  return nullptr;
}

/// The arguments of the construct call: nothing when a constructor needs
/// none; else the options struct's constructor when one constructor takes
/// just an options struct (libtorch style: its fields' defaults apply);
/// else TODO markers for the constructor with the fewest required
/// parameters.
std::string constructArguments(const ModuleSchema &Module) {
  const std::vector<Signature> &Constructors = Module.Constructors;
  if (Constructors.empty())
    return "";
  for (const Signature &Constructor : Constructors)
    if (requiredCount(Constructor) == 0)
      return "";
  for (const Signature &Constructor : Constructors)
    if (const ParameterSignature *Options = optionsParameter(Constructor))
      return Options->OptionsClass + "(" + markers(*fewestRequired(Options->OptionsConstructors)) +
             ")";
  return markers(*fewestRequired(Constructors));
}

/// The model's label: the holder's name without namespaces (or the class's
/// without "Impl"), letters, digits, '_', '-', '.' only.
std::string baseName(const ModuleSchema &Module) {
  std::string Name = unqualifiedName(Module.Holder ? *Module.Holder : Module.ClassName);
  if (!Module.Holder && Name.size() > 4 && Name.compare(Name.size() - 4, 4, "Impl") == 0)
    Name.resize(Name.size() - 4);
  for (char &C : Name)
    if (!std::isalnum(static_cast<unsigned char>(C)) && C != '_' && C != '-' && C != '.')
      C = '_';
  return Name.empty() ? "model" : Name;
}

/// Unique labels: a name two roots share gets its folder ("Net-samples.mnist"),
/// and a number when that is shared too.
std::vector<std::string> modelNames(const std::vector<const ModuleSchema *> &Roots) {
  std::map<std::string, int> Count;
  for (const ModuleSchema *Module : Roots)
    ++Count[baseName(*Module)];
  std::vector<std::string> Names;
  std::set<std::string> Taken;
  for (const ModuleSchema *Module : Roots) {
    std::string Name = baseName(*Module);
    if (Count[Name] > 1) {
      std::string Folder = Module->File.substr(
          0, Module->File.rfind('/') == std::string::npos ? 0 : Module->File.rfind('/'));
      std::replace(Folder.begin(), Folder.end(), '/', '.');
      if (!Folder.empty())
        Name += "-" + Folder;
    }
    std::string Unique = Name;
    for (int N = 2; !Taken.insert(Unique).second; ++N)
      Unique = Name + "-" + std::to_string(N);
    Names.push_back(Unique);
  }
  return Names;
}

/// The files that compile Module: its defining file and those defining a
/// member of it out of line (its constructor, reset(), forward()).
std::vector<std::string> definingFiles(const ModuleSchema &Module, const TreeText &Tree) {
  std::vector<std::string> Files{Module.File};
  std::string Name = unqualifiedName(Module.ClassName);
  for (const auto &[Path, Text] : Tree)
    if (Path != Module.File && !isHeader(Path) && definesMemberOutOfLine(Text, Name))
      Files.push_back(Path);
  return Files;
}

bool listsAny(const CMakeTarget &Target, const std::vector<std::string> &Files) {
  return std::any_of(Files.begin(), Files.end(), [&](const std::string &File) {
    return std::find(Target.Sources.begin(), Target.Sources.end(), File) != Target.Sources.end();
  });
}

/// The target that compiles Module: one whose sources list a file that
/// defines it, else (a header-only class) one whose sources include its
/// header; libraries before executables, then declaration order.
const CMakeTarget *targetOf(const ModuleSchema &Module, const ScanResult &Scan,
                            const TreeText &Tree, const std::vector<CMakeTarget> &Targets) {
  std::vector<std::string> Files = definingFiles(Module, Tree);
  std::vector<std::string> Includers;
  for (const ScannedFile &File : Scan.Files)
    if (std::find(File.Includes.begin(), File.Includes.end(), Module.File) != File.Includes.end())
      Includers.push_back(File.Path);
  for (const std::vector<std::string> *Wanted : {&Files, &Includers})
    for (CMakeTargetKind Kind : {CMakeTargetKind::Library, CMakeTargetKind::Executable})
      for (const CMakeTarget &Target : Targets)
        if (Target.Kind == Kind && listsAny(Target, *Wanted))
          return &Target;
  return nullptr;
}

/// The header as the harness finds it: relative to the deepest of the
/// target's include directories, or of its source folder (where verify also
/// looks), that holds it; else repository-relative.
std::string includeOf(const std::string &Header, const CMakeTarget *Target) {
  std::string Best = Header;
  if (!Target)
    return Best;
  std::size_t Depth = 0;
  std::vector<std::string> Searched = Target->IncludeDirectories;
  Searched.push_back(Target->ListsDir);
  for (const std::string &Dir : Searched) {
    bool Holds =
        Dir.empty() || (Header.size() > Dir.size() && Header.compare(0, Dir.size(), Dir) == 0 &&
                        Header[Dir.size()] == '/');
    if (Holds && (Dir.size() + 1 > Depth)) {
      Depth = Dir.size() + 1;
      Best = Dir.empty() ? Header : Header.substr(Dir.size() + 1);
    }
  }
  return Best;
}

/// A forward() signature as declared: "forward(const torch::Tensor& x)".
std::string describe(const Signature &Parameters) {
  std::string Out = "forward(";
  for (std::size_t I = 0; I < Parameters.size(); ++I) {
    Out += (I ? ", " : "") + Parameters[I].Type;
    if (!Parameters[I].Name.empty())
      Out += " " + Parameters[I].Name;
    if (Parameters[I].Default)
      Out += " = " + *Parameters[I].Default;
  }
  return Out + ")";
}

/// The class's forward() overloads, or those of its nearest user base that
/// declares one.
const std::vector<Signature> *forwardsOf(const ModuleSchema &Module, const ScanResult &Scan) {
  if (!Module.Forwards.empty())
    return &Module.Forwards;
  for (const std::string &Base : Module.BaseClasses)
    for (const ModuleSchema &Other : Scan.Modules)
      if (Other.ClassName == Base && !Other.Forwards.empty())
        return &Other.Forwards;
  return nullptr;
}

std::string inputsMarker(const ModuleSchema &Module, const ScanResult &Scan) {
  const std::vector<Signature> *Forwards = forwardsOf(Module, Scan);
  if (!Forwards)
    return todo("no forward() declared in " + Module.ClassName +
                "; give the inputs (and a forward expression)");
  std::string Text;
  for (const Signature &Forward : *Forwards)
    Text += (Text.empty() ? "" : " or ") + describe(Forward);
  std::size_t Inputs = requiredCount(Forwards->front());
  Text += Inputs == 1 ? ": one input, give its shape"
                      : ": " + std::to_string(Inputs) + " inputs, give their shapes";
  return todo(Text + " (and dtype when not float32)");
}

} // namespace

std::vector<const ModuleSchema *> rootModules(const ScanResult &Scan) {
  ClassResolver Resolver(Scan.Modules);
  std::set<const ModuleSchema *> Children;
  std::set<std::string> Bases;
  for (const ModuleSchema &Module : Scan.Modules) {
    for (const StateEntry &Entry : Module.Entries)
      if (Entry.Kind == EntryKind::Module)
        if (const ModuleSchema *Child = Resolver.resolve(Entry, Module); Child && Child != &Module)
          Children.insert(Child);
    Bases.insert(Module.BaseClasses.begin(), Module.BaseClasses.end());
  }
  std::vector<const ModuleSchema *> Roots;
  for (const ModuleSchema &Module : Scan.Modules)
    if (!Children.count(&Module) && !Bases.count(Module.ClassName))
      Roots.push_back(&Module);
  std::sort(Roots.begin(), Roots.end(), [](const ModuleSchema *A, const ModuleSchema *B) {
    return classIdOf(*A) < classIdOf(*B);
  });
  return Roots;
}

std::string draftConstruct(const ModuleSchema &Module) {
  std::string Arguments = constructArguments(Module);
  if (Module.Holder)
    return *Module.Holder + "(" + Arguments + ")";
  return "std::make_shared<" + Module.ClassName + ">(" + Arguments + ")";
}

ManifestDraft draftManifest(const ScanResult &Scan, const TreeText &Tree) {
  ManifestDraft Draft;
  std::vector<const ModuleSchema *> Roots = rootModules(Scan);
  std::vector<std::string> Names = modelNames(Roots);
  std::vector<CMakeTarget> Targets = readCMakeTargets(Tree);
  bool TopLevelLists = Tree.count("CMakeLists.txt") != 0;
  nlohmann::ordered_json Models = nlohmann::ordered_json::array();
  for (std::size_t I = 0; I < Roots.size(); ++I) {
    const ModuleSchema &Module = *Roots[I];
    std::string Field = "models[" + std::to_string(I) + "]";
    const CMakeTarget *Target = targetOf(Module, Scan, Tree, Targets);
    nlohmann::ordered_json Model;
    Model["name"] = Names[I];
    if (Target && !Target->ProjectDir.empty() && !TopLevelLists)
      Model["project"] = Target->ProjectDir;
    Model["target"] =
        Target ? Target->Name
               : todo("no CMake target lists " + Module.File + " or a file defining " +
                      Module.ClassName + "; name the library or executable that compiles it");
    Model["include"] = isHeader(Module.File)
                           ? includeOf(Module.File, Target)
                           : todo(Module.ClassName + " is defined in " + Module.File +
                                  ", not in a header; name a header that declares it");
    Model["construct"] = draftConstruct(Module);
    Model["inputs"] = inputsMarker(Module, Scan);
    for (const char *Key : {"target", "include", "construct", "inputs"})
      if (Model[Key].get<std::string>().find(TodoMarker) != std::string::npos)
        Draft.Todos.push_back(Field + "." + Key);
    Draft.Models.push_back(Module.ClassName + " (" + Field + ")");
    Models.push_back(std::move(Model));
  }
  Draft.Document["schema_version"] = 1;
  Draft.Document["build"] = {{"cmake_args", {"-DCMAKE_BUILD_TYPE=Release"}}};
  Draft.Document["models"] = std::move(Models);
  return Draft;
}

} // namespace modelcompat
