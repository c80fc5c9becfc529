//===- HarnessBuild.cpp - Build the verify harness at one revision -------===//
#include "modelcompat/verify/HarnessBuild.h"
#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/CMakeCommands.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/ReadFile.h"
#include "modelcompat/support/StableHash.h"
#include "modelcompat/verify/BuildFailure.h"
#include "modelcompat/verify/ConfigureFailure.h"
#include "modelcompat/verify/MainDefinition.h"
#include "modelcompat/verify/ScopedDirectory.h"
#include "modelcompat/verify/Subprocess.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace modelcompat {
namespace {

constexpr const char *PackageConfigName = "modelcompatConfig.cmake";
/// Written by the package: the files whose identity keys the cache.
constexpr const char *PackageFilesName = "modelcompatPackageFiles.txt";
/// Marks a cache entry whose build finished.
constexpr const char *CompleteStamp = "modelcompat-build-complete";

bool hasPackageConfig(const fs::path &Dir) {
  std::error_code EC;
  return !Dir.empty() && fs::is_regular_file(Dir / PackageConfigName, EC);
}

std::string firstLineOf(const std::string &Text) { return Text.substr(0, Text.find('\n')); }

/// "Name:size:mtime", or "Name:missing".
std::string fileIdentity(const std::string &Name, const fs::path &File) {
  struct stat Info {};
  if (::stat(File.c_str(), &Info) != 0)
    return Name + ":missing\n";
  return Name + ":" + std::to_string(Info.st_size) + ":" + std::to_string(Info.st_mtim.tv_sec) +
         "." + std::to_string(Info.st_mtim.tv_nsec) + "\n";
}

/// Size and modification time of each file the package lists (its libraries
/// and its CMake helper, relative to the package directory).
std::string packageFilesIdentity(const fs::path &PackageDir) {
  std::ifstream In(PackageDir / PackageFilesName);
  std::string Line, Identity;
  while (std::getline(In, Line))
    if (!Line.empty())
      Identity +=
          fileIdentity(Line, fs::path(Line).is_absolute() ? fs::path(Line) : PackageDir / Line);
  return Identity;
}

std::string toolVersion(const std::string &Program) {
  if (!programExists(Program))
    return Program + ": absent";
  SubprocessResult Result = runSubprocess({Program, "--version"});
  return Program + ": " + firstLineOf(Result.Output);
}

std::string cmakeQuoted(const std::string &Text) {
  // A bracket argument needs no escaping unless the text closes it.
  std::string Equals = "=";
  while (Text.find("]" + Equals + "]") != std::string::npos)
    Equals += "=";
  return "[" + Equals + "[" + Text + "]" + Equals + "]";
}

/// The value of a per-revision map (construct_at, prelude_at) for the
/// request's revision, or Default.
template <typename T>
T chooseAt(const HarnessBuildRequest &Request, const std::map<std::string, T> &At, const T &Default,
           const std::string &Field) {
  for (const auto &[Rev, Value] : At) {
    std::optional<std::string> Commit = tryResolveCommit(Request.Repo, Rev);
    if (!Commit)
      throw Error(std::string(VerifyManifestName) + ": " + Field + ": unknown revision '" + Rev +
                  "'");
    if (*Commit == Request.Revision.Commit)
      return Value;
  }
  return Default;
}

ConstructCode chooseConstruct(const HarnessBuildRequest &Request, const ModelEntry &Model,
                              size_t Index) {
  std::string Field = "models[" + std::to_string(Index) + "]";
  return {chooseAt(Request, Model.PreludeAt, Model.Prelude, Field + ".prelude_at"),
          chooseAt(Request, Model.ConstructAt, Model.Construct, Field + ".construct_at")};
}

/// The project folders the wrapper adds, each once, in manifest order.
std::vector<std::string> projectFolders(const VerifyManifest &Manifest) {
  std::vector<std::string> Folders;
  for (const ModelEntry &Model : Manifest.Models)
    if (std::find(Folders.begin(), Folders.end(), Model.Project) == Folders.end())
      Folders.push_back(Model.Project);
  return Folders;
}

/// Every project folder must hold a CMakeLists.txt at the revision; checked
/// before exporting, so the error names the field rather than a CMake log.
void checkProjectFolders(const HarnessBuildRequest &Request, const std::string &Revision) {
  const VerifyManifest &Manifest = *Request.Manifest;
  for (size_t I = 0; I < Manifest.Models.size(); ++I) {
    const std::string &Folder = Manifest.Models[I].Project;
    if (readFileAtCommit(Request.Repo, Request.Revision.Commit,
                         Folder.empty() ? "CMakeLists.txt" : Folder + "/CMakeLists.txt"))
      continue;
    std::string Field = std::string(VerifyManifestName) + ": models[" + std::to_string(I) + "]";
    if (Folder.empty())
      throw Error(Field + ": revision " + Revision +
                  " has no CMakeLists.txt at the repository root; name the "
                  "folder that holds the model's CMake project in \"project\"");
    throw Error(Field + ".project: '" + Folder + "' holds no CMakeLists.txt at revision " +
                Revision);
  }
}

/// Holds an exclusive lock on a file while alive, so two verify runs never
/// build the same cache entry at once.
class FileLock {
public:
  explicit FileLock(const std::string &Path) {
    Fd = ::open(Path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (Fd < 0 || ::flock(Fd, LOCK_EX) != 0)
      throw Error("cannot lock '" + Path + "'");
  }
  ~FileLock() {
    if (Fd >= 0)
      ::close(Fd); // releases the lock
  }
  FileLock(const FileLock &) = delete;
  FileLock &operator=(const FileLock &) = delete;

private:
  int Fd = -1;
};

std::string elapsedSince(std::chrono::steady_clock::time_point Start) {
  double Seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
  char Buffer[32];
  std::snprintf(Buffer, sizeof(Buffer), "%.1f s", Seconds);
  return Buffer;
}

unsigned defaultJobs() {
  if (const char *Jobs = std::getenv("MODELCOMPAT_JOBS"))
    if (int Value = std::atoi(Jobs); Value > 0)
      return static_cast<unsigned>(Value);
  unsigned Cores = std::thread::hardware_concurrency();
  return Cores ? Cores : 2;
}

/// The files defining main() in the project folders the manifest names.
std::vector<std::string> mainSourcesOf(const VerifyManifest &Manifest,
                                       const std::string &SourceDir) {
  std::vector<std::string> Folders = projectFolders(Manifest);
  if (std::find(Folders.begin(), Folders.end(), "") != Folders.end())
    Folders = {""}; // the whole tree
  std::vector<std::string> Files;
  for (const std::string &Folder : Folders)
    for (std::string &File : findMainSources(SourceDir, Folder))
      Files.push_back(std::move(File));
  std::sort(Files.begin(), Files.end());
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
  return Files;
}

} // namespace

HarnessToolchain findHarnessToolchain() {
  fs::path PackageDir;
  if (const char *Env = std::getenv("MODELCOMPAT_PACKAGE_DIR"); Env && *Env) {
    if (!hasPackageConfig(Env))
      throw Error("MODELCOMPAT_PACKAGE_DIR='" + std::string(Env) + "' holds no " +
                  PackageConfigName);
    PackageDir = Env;
  } else if (std::string Self = currentExecutablePath();
             !Self.empty() &&
             hasPackageConfig(fs::path(Self).parent_path() / MODELCOMPAT_INSTALL_PACKAGE_RELDIR)) {
    PackageDir = fs::path(Self).parent_path() / MODELCOMPAT_INSTALL_PACKAGE_RELDIR;
  } else if (hasPackageConfig(MODELCOMPAT_BUILD_PACKAGE_DIR)) {
    PackageDir = MODELCOMPAT_BUILD_PACKAGE_DIR;
  } else {
    throw Error("cannot find the modelcompat CMake package (" + std::string(PackageConfigName) +
                ") that verify builds its harness with; set "
                "MODELCOMPAT_PACKAGE_DIR to its directory");
  }
  HarnessToolchain Toolchain;
  Toolchain.PackageDir = fs::absolute(PackageDir).lexically_normal().string();
  const char *Cxx = std::getenv("CXX");
  StableHash Hash;
  Hash.add(MODELCOMPAT_VERSION)
      .add(Toolchain.PackageDir)
      .add(packageFilesIdentity(Toolchain.PackageDir))
      // This program writes the wrapper project, which no package file holds.
      .add(fileIdentity("modelcompat", currentExecutablePath()))
      .add(toolVersion(Cxx && *Cxx ? Cxx : "c++"))
      .add(toolVersion("cmake"));
  Toolchain.Fingerprint = Hash.hex();
  return Toolchain;
}

std::string harnessTargetName(const std::string &ModelName) {
  std::string Name = "harness_" + ModelName;
  for (char &C : Name)
    if (C == '.' || C == '-')
      C = '_';
  return Name;
}

std::string harnessCacheKey(const HarnessBuildRequest &Request, const HarnessToolchain &Toolchain) {
  StableHash Hash;
  Hash.add(Request.Revision.Commit).add(Request.ManifestHash).add(Toolchain.Fingerprint);
  for (size_t I = 0; I < Request.Manifest->Models.size(); ++I) {
    ConstructCode Code = chooseConstruct(Request, Request.Manifest->Models[I], I);
    Hash.add(Code.Expression);
    // Prelude statements join the key only when there are any, so keys of
    // manifests without a prelude stay as they were.
    for (const std::string &Statement : Code.Prelude)
      Hash.add("prelude").add(Statement);
  }
  return Request.Revision.shortCommit() + "-" + Hash.hex();
}

std::string generateModelSource(const ModelEntry &Model, const ConstructCode &Code,
                                const ResolvedRevision &Revision) {
  std::ostringstream Out;
  Out << "// Generated by `modelcompat verify` for model '" << Model.Name << "' at commit "
      << Revision.Commit << ".\n"
      << "// Wraps the manifest's construct and forward expressions for the\n"
      << "// harness; do not edit.\n";
  for (const std::string &Include : Model.Includes)
    Out << "#include \"" << Include << "\"\n";
  Out << "#include \"modelcompat/harness/ModelUnderTest.h\"\n\n"
      << "namespace {\n\n";
  if (Code.Prelude.empty()) {
    Out << "auto constructModel() { return " << Code.Expression << "; }\n\n";
  } else {
    Out << "auto constructModel() {\n";
    for (const std::string &Statement : Code.Prelude)
      Out << "  " << Statement << "\n";
    Out << "  return " << Code.Expression << ";\n}\n\n";
  }
  Out << "class GeneratedModel final : public modelcompat::harness::ModelUnderTest {\n"
      << "public:\n"
      << "  std::shared_ptr<torch::nn::Module> module() override {\n"
      << "    return modelcompat::harness::modulePointer(model);\n"
      << "  }\n\n"
      << "  std::vector<torch::Tensor>\n"
      << "  forward(const std::vector<torch::Tensor> &inputs) override {\n"
      << "    (void)inputs;\n"
      << "    return modelcompat::harness::flattenOutputs(" << Model.Forward << ");\n"
      << "  }\n\n"
      << "private:\n"
      << "  decltype(constructModel()) model = constructModel();\n"
      << "};\n\n"
      << "} // namespace\n\n"
      << "std::unique_ptr<modelcompat::harness::ModelUnderTest>\n"
      << "modelcompat::harness::makeModelUnderTest() {\n"
      << "  return std::make_unique<GeneratedModel>();\n"
      << "}\n";
  return Out.str();
}

ProjectNames readProjectNames(const VerifyManifest &Manifest, const std::string &SourceDir) {
  ProjectNames Names;
  for (const std::string &Folder : projectFolders(Manifest)) {
    fs::path Lists = fs::path(SourceDir) / Folder / "CMakeLists.txt";
    std::error_code EC;
    if (!fs::is_regular_file(Lists, EC))
      continue;
    for (const CMakeCommand &Command : parseCMakeCommands(readFile(Lists.string())))
      if ((Command.Name == "project" || Command.Name == "PROJECT") && !Command.Arguments.empty()) {
        Names[Folder] = Command.Arguments.front();
        break;
      }
  }
  return Names;
}

std::string generateWrapperProject(const VerifyManifest &Manifest, const std::string &SourceDir,
                                   const std::vector<std::string> &MainSources,
                                   const ProjectNames &Names) {
  auto inTree = [&](const std::string &Relative) {
    return Relative.empty() ? SourceDir : SourceDir + "/" + Relative;
  };
  std::ostringstream Out;
  Out << "# Generated by `modelcompat verify`: the revision's tree plus one\n"
      << "# harness executable per model of modelcompat.json.\n"
      << "cmake_minimum_required(VERSION 3.18)\n"
      << "project(modelcompat_verify_wrapper LANGUAGES C CXX)\n"
      << "find_package(modelcompat REQUIRED CONFIG)\n"
      << "modelcompat_expose_probe_headers()\n";
  // A project added as a sub-directory would read the wrapper's name in
  // add_executable(${CMAKE_PROJECT_NAME} ...); each sees its own, as in its
  // own build, and the wrapper's is restored. (CMAKE_SOURCE_DIR cannot be
  // given the same way: CMake sets it afresh in every directory.)
  Out << "# Each project sees its own name, as in its own build.\n";
  for (const std::string &Folder : projectFolders(Manifest)) {
    auto Name = Names.find(Folder);
    Out << "set(CMAKE_PROJECT_NAME "
        << (Name == Names.end() ? "${PROJECT_NAME}" : cmakeQuoted(Name->second)) << ")\n";
    Out << "add_subdirectory(" << cmakeQuoted(inTree(Folder))
        << (Folder.empty() ? " model" : " " + cmakeQuoted("projects/" + Folder))
        << " EXCLUDE_FROM_ALL)\n";
  }
  Out << "set(CMAKE_PROJECT_NAME \"${PROJECT_NAME}\")\n";
  Out << "# The tree's sources that define main(): an executable target's\n"
      << "# harness is built without them.\n"
      << "set(modelcompat_main_sources";
  for (const std::string &File : MainSources)
    Out << "\n  " << cmakeQuoted(inTree(File));
  Out << ")\n";
  for (const ModelEntry &Model : Manifest.Models) {
    Out << "modelcompat_add_verify_harness(" << harnessTargetName(Model.Name) << " TARGET "
        << cmakeQuoted(Model.Target) << " SOURCE " << cmakeQuoted("model_" + Model.Name + ".cpp")
        << "\n  MAIN_SOURCES ${modelcompat_main_sources}";
    if (!Model.Exclude.empty()) {
      Out << " EXCLUDE";
      for (const std::string &File : Model.Exclude)
        Out << " " << cmakeQuoted(inTree(File));
    }
    Out << ")\n";
  }
  return Out.str();
}

HarnessBuild buildHarness(const HarnessBuildRequest &Request, const HarnessToolchain &Toolchain,
                          const ProgressFn &Progress) {
  const VerifyManifest &Manifest = *Request.Manifest;
  std::string Label =
      Request.Role + " " + Request.Revision.shortCommit() +
      (Request.Revision.Spec == Request.Revision.Commit ? "" : " (" + Request.Revision.Spec + ")");
  // How errors name the revision: "1a2b3c4d5e6f (head, 'HEAD')".
  std::string Revision =
      Request.Revision.shortCommit() + " (" + Request.Role + ", '" + Request.Revision.Spec + "')";
  std::string Key = harnessCacheKey(Request, Toolchain);
  fs::path Builds = fs::path(Request.CacheDir) / "builds";
  std::error_code EC;
  fs::create_directories(Builds, EC);
  if (EC)
    throw Error("cannot create the cache directory '" + Builds.string() + "': " + EC.message());
  FileLock Lock((Builds / (Key + ".lock")).string());

  HarnessBuild Result;
  Result.Directory = (Builds / Key).string();
  fs::path Entry(Result.Directory), BuildDir = Entry / "build";
  for (const ModelEntry &Model : Manifest.Models)
    Result.Executables[Model.Name] = (BuildDir / harnessTargetName(Model.Name)).string();
  bool Complete = fs::exists(Entry / CompleteStamp, EC);
  for (const auto &Executable : Result.Executables)
    Complete = Complete && fs::exists(Executable.second, EC);
  if (Complete) {
    Result.Cached = true;
    Progress(Label + ": using the cached build " + Result.Directory);
    return Result;
  }

  checkProjectFolders(Request, Revision);
  // A stale, unfinished entry (an interrupted run) is rebuilt from scratch.
  fs::remove_all(Entry, EC);
  ScopedDirectory EntryGuard(Entry.string(), ScopedDirectory::Create);
  ScopedDirectory Source((Entry / "src").string(), ScopedDirectory::Create);
  auto Start = std::chrono::steady_clock::now();
  Progress(Label + ": exporting the tree");
  exportTree(Request.Repo, Request.Revision.Commit, Source.path());

  fs::path Wrapper = Entry / "wrapper";
  writeFileAtomically((Wrapper / "CMakeLists.txt").string(),
                      generateWrapperProject(Manifest, Source.path(),
                                             mainSourcesOf(Manifest, Source.path()),
                                             readProjectNames(Manifest, Source.path())));
  for (size_t I = 0; I < Manifest.Models.size(); ++I) {
    const ModelEntry &Model = Manifest.Models[I];
    writeFileAtomically(
        (Wrapper / ("model_" + Model.Name + ".cpp")).string(),
        generateModelSource(Model, chooseConstruct(Request, Model, I), Request.Revision));
  }

  std::string Log = (Entry / "build.log").string();
  SubprocessOptions LogTo;
  LogTo.LogFile = Log;
  std::vector<std::string> Configure = {"cmake", "-S", Wrapper.string(), "-B", BuildDir.string()};
  if (programExists("ninja"))
    Configure.insert(Configure.end(), {"-G", "Ninja"});
  Configure.insert(Configure.end(), Manifest.CMakeArgs.begin(), Manifest.CMakeArgs.end());
  Configure.push_back("-Dmodelcompat_DIR=" + Toolchain.PackageDir);
  Progress(Label + ": configuring (log: " + Log + ")");
  int Code = runSubprocess(Configure, LogTo).ExitCode;
  // Read now: the exported tree's paths in it are shown relative to it.
  std::string ConfigureCause =
      Code == 0 ? "" : describeConfigureFailure(readFile(Log), Source.path());
  bool Configured = Code == 0;
  if (Configured) {
    Progress(Label + ": building");
    unsigned Jobs = Request.Jobs ? Request.Jobs : defaultJobs();
    Code = runSubprocess({"cmake", "--build", BuildDir.string(), "-j", std::to_string(Jobs)}, LogTo)
               .ExitCode;
  }
  std::string BuildCause =
      Configured && Code != 0 ? describeBuildFailure(readFile(Log), Source.path()) : "";
  if (Code != 0) {
    std::string KeptLog = Log;
    if (!Request.KeepBuild) {
      fs::path Logs = fs::path(Request.CacheDir) / "logs";
      fs::create_directories(Logs, EC);
      KeptLog = (Logs / (Key + ".log")).string();
      fs::rename(Log, KeptLog, EC);
      if (EC)
        KeptLog = Log, EntryGuard.keep();
    } else {
      EntryGuard.keep();
      Source.keep();
    }
    if (Configured)
      throw Error("revision " + Revision + " does not build" +
                  (BuildCause.empty() ? "" : ": " + BuildCause) + "; build log: " + KeptLog);
    throw Error("verify: configuring revision " + Revision + " failed" +
                (ConfigureCause.empty() ? "" : ": " + ConfigureCause) + "; log: " + KeptLog);
  }
  writeFileAtomically((Entry / CompleteStamp).string(), Request.Revision.Commit + "\n");
  EntryGuard.keep();
  if (Request.KeepBuild) {
    Source.keep();
    Progress(Label + ": kept the exported tree " + Source.path());
  }
  Progress(Label + ": built in " + elapsedSince(Start));
  return Result;
}

} // namespace modelcompat
