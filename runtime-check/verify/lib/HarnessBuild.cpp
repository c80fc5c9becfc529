//===- HarnessBuild.cpp - Build the verify harness at one revision -------===//
#include "modelcompat/verify/HarnessBuild.h"
#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/StableHash.h"
#include "modelcompat/verify/ScopedDirectory.h"
#include "modelcompat/verify/Subprocess.h"

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
/// Written by the package: the libraries whose identity keys the cache.
constexpr const char *PackageFilesName = "modelcompatPackageFiles.txt";
/// Marks a cache entry whose build finished.
constexpr const char *CompleteStamp = "modelcompat-build-complete";

bool hasPackageConfig(const fs::path &Dir) {
  std::error_code EC;
  return !Dir.empty() && fs::is_regular_file(Dir / PackageConfigName, EC);
}

std::string firstLineOf(const std::string &Text) {
  return Text.substr(0, Text.find('\n'));
}

/// Size and modification time of each library the package lists.
std::string packageFilesIdentity(const fs::path &PackageDir) {
  std::ifstream In(PackageDir / PackageFilesName);
  std::string Line, Identity;
  while (std::getline(In, Line)) {
    if (Line.empty())
      continue;
    fs::path File = fs::path(Line).is_absolute() ? fs::path(Line) : PackageDir / Line;
    struct stat Info {};
    if (::stat(File.c_str(), &Info) != 0) {
      Identity += Line + ":missing\n";
      continue;
    }
    Identity += Line + ":" + std::to_string(Info.st_size) + ":" +
                std::to_string(Info.st_mtim.tv_sec) + "." +
                std::to_string(Info.st_mtim.tv_nsec) + "\n";
  }
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

std::string chooseConstruct(const HarnessBuildRequest &Request,
                            const ModelEntry &Model, size_t Index) {
  for (const auto &[Rev, Expression] : Model.ConstructAt) {
    std::optional<std::string> Commit = tryResolveCommit(Request.Repo, Rev);
    if (!Commit)
      throw Error(std::string(VerifyManifestName) + ": models[" +
                  std::to_string(Index) + "].construct_at: unknown revision '" +
                  Rev + "'");
    if (*Commit == Request.Revision.Commit)
      return Expression;
  }
  return Model.Construct;
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
  double Seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - Start)
                       .count();
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
             hasPackageConfig(fs::path(Self).parent_path() /
                              MODELCOMPAT_INSTALL_PACKAGE_RELDIR)) {
    PackageDir = fs::path(Self).parent_path() / MODELCOMPAT_INSTALL_PACKAGE_RELDIR;
  } else if (hasPackageConfig(MODELCOMPAT_BUILD_PACKAGE_DIR)) {
    PackageDir = MODELCOMPAT_BUILD_PACKAGE_DIR;
  } else {
    throw Error("cannot find the modelcompat CMake package (" +
                std::string(PackageConfigName) +
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

std::string harnessCacheKey(const HarnessBuildRequest &Request,
                            const HarnessToolchain &Toolchain) {
  StableHash Hash;
  Hash.add(Request.Revision.Commit)
      .add(Request.ManifestHash)
      .add(Toolchain.Fingerprint);
  for (size_t I = 0; I < Request.Manifest->Models.size(); ++I)
    Hash.add(chooseConstruct(Request, Request.Manifest->Models[I], I));
  return Request.Revision.shortCommit() + "-" + Hash.hex();
}

std::string generateModelSource(const ModelEntry &Model,
                                const std::string &ConstructExpression,
                                const ResolvedRevision &Revision) {
  std::ostringstream Out;
  Out << "// Generated by `modelcompat verify` for model '" << Model.Name
      << "' at commit " << Revision.Commit << ".\n"
      << "// Wraps the manifest's construct and forward expressions for the\n"
      << "// harness; do not edit.\n";
  for (const std::string &Include : Model.Includes)
    Out << "#include \"" << Include << "\"\n";
  Out << "#include \"modelcompat/harness/ModelUnderTest.h\"\n\n"
      << "namespace {\n\n"
      << "auto constructModel() { return " << ConstructExpression << "; }\n\n"
      << "class GeneratedModel final : public modelcompat::harness::ModelUnderTest {\n"
      << "public:\n"
      << "  std::shared_ptr<torch::nn::Module> module() override {\n"
      << "    return modelcompat::harness::modulePointer(model);\n"
      << "  }\n\n"
      << "  std::vector<torch::Tensor>\n"
      << "  forward(const std::vector<torch::Tensor> &inputs) override {\n"
      << "    (void)inputs;\n"
      << "    return modelcompat::harness::flattenOutputs(" << Model.Forward
      << ");\n"
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

std::string generateWrapperProject(const VerifyManifest &Manifest,
                                   const std::string &SourceDir) {
  std::ostringstream Out;
  Out << "# Generated by `modelcompat verify`: the revision's tree plus one\n"
      << "# harness executable per model of modelcompat.json.\n"
      << "cmake_minimum_required(VERSION 3.18)\n"
      << "project(modelcompat_verify_wrapper LANGUAGES C CXX)\n"
      << "find_package(modelcompat REQUIRED CONFIG)\n"
      << "modelcompat_expose_probe_headers()\n"
      << "add_subdirectory(" << cmakeQuoted(SourceDir) << " model EXCLUDE_FROM_ALL)\n";
  for (const ModelEntry &Model : Manifest.Models)
    Out << "modelcompat_add_verify_harness(" << harnessTargetName(Model.Name)
        << " TARGET " << cmakeQuoted(Model.Target) << " SOURCE "
        << cmakeQuoted("model_" + Model.Name + ".cpp") << ")\n";
  return Out.str();
}

HarnessBuild buildHarness(const HarnessBuildRequest &Request,
                          const HarnessToolchain &Toolchain,
                          const ProgressFn &Progress) {
  const VerifyManifest &Manifest = *Request.Manifest;
  std::string Label = Request.Role + " " + Request.Revision.shortCommit() +
                      (Request.Revision.Spec == Request.Revision.Commit
                           ? ""
                           : " (" + Request.Revision.Spec + ")");
  std::string Key = harnessCacheKey(Request, Toolchain);
  fs::path Builds = fs::path(Request.CacheDir) / "builds";
  std::error_code EC;
  fs::create_directories(Builds, EC);
  if (EC)
    throw Error("cannot create the cache directory '" + Builds.string() +
                "': " + EC.message());
  FileLock Lock((Builds / (Key + ".lock")).string());

  HarnessBuild Result;
  Result.Directory = (Builds / Key).string();
  fs::path Entry(Result.Directory), BuildDir = Entry / "build";
  for (const ModelEntry &Model : Manifest.Models)
    Result.Executables[Model.Name] =
        (BuildDir / harnessTargetName(Model.Name)).string();
  bool Complete = fs::exists(Entry / CompleteStamp, EC);
  for (const auto &Executable : Result.Executables)
    Complete = Complete && fs::exists(Executable.second, EC);
  if (Complete) {
    Result.Cached = true;
    Progress(Label + ": using the cached build " + Result.Directory);
    return Result;
  }

  // A stale, unfinished entry (an interrupted run) is rebuilt from scratch.
  fs::remove_all(Entry, EC);
  ScopedDirectory EntryGuard(Entry.string(), ScopedDirectory::Create);
  ScopedDirectory Source((Entry / "src").string(), ScopedDirectory::Create);
  auto Start = std::chrono::steady_clock::now();
  Progress(Label + ": exporting the tree");
  exportTree(Request.Repo, Request.Revision.Commit, Source.path());

  fs::path Wrapper = Entry / "wrapper";
  writeFileAtomically((Wrapper / "CMakeLists.txt").string(),
                      generateWrapperProject(Manifest, Source.path()));
  for (size_t I = 0; I < Manifest.Models.size(); ++I) {
    const ModelEntry &Model = Manifest.Models[I];
    writeFileAtomically(
        (Wrapper / ("model_" + Model.Name + ".cpp")).string(),
        generateModelSource(Model, chooseConstruct(Request, Model, I),
                            Request.Revision));
  }

  std::string Log = (Entry / "build.log").string();
  SubprocessOptions LogTo;
  LogTo.LogFile = Log;
  std::vector<std::string> Configure = {"cmake", "-S", Wrapper.string(), "-B",
                                        BuildDir.string()};
  if (programExists("ninja"))
    Configure.insert(Configure.end(), {"-G", "Ninja"});
  Configure.insert(Configure.end(), Manifest.CMakeArgs.begin(),
                   Manifest.CMakeArgs.end());
  Configure.push_back("-Dmodelcompat_DIR=" + Toolchain.PackageDir);
  Progress(Label + ": configuring (log: " + Log + ")");
  int Code = runSubprocess(Configure, LogTo).ExitCode;
  if (Code == 0) {
    Progress(Label + ": building");
    unsigned Jobs = Request.Jobs ? Request.Jobs : defaultJobs();
    Code = runSubprocess({"cmake", "--build", BuildDir.string(), "-j",
                          std::to_string(Jobs)},
                         LogTo)
               .ExitCode;
  }
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
    throw Error("revision " + Request.Revision.Commit.substr(0, 12) + " (" +
                Request.Role + ", '" + Request.Revision.Spec +
                "') does not build; build log: " + KeptLog);
  }
  writeFileAtomically((Entry / CompleteStamp).string(),
                      Request.Revision.Commit + "\n");
  EntryGuard.keep();
  if (Request.KeepBuild) {
    Source.keep();
    Progress(Label + ": kept the exported tree " + Source.path());
  }
  Progress(Label + ": built in " + elapsedSince(Start));
  return Result;
}

} // namespace modelcompat
