//===- HarnessBuild.h - Build the verify harness at one revision -*- C++ -*-===//
//
// For each revision verify generates a small CMake project that adds the
// revision's exported source tree (its top level, or the manifest's project
// folders) and one harness executable per manifest model (the model's
// library target + modelcompat::verify_harness, or the model's executable
// target without its main()), and builds it. Builds are cached per commit,
// manifest and toolchain.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_VERIFY_HARNESSBUILD_H
#define MODELCOMPAT_VERIFY_HARNESSBUILD_H

#include "modelcompat/verify/GitRevision.h"
#include "modelcompat/verify/VerifyManifest.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace modelcompat {

/// Where the modelcompat CMake package lives and what identifies it.
struct HarnessToolchain {
  std::string PackageDir; ///< The directory holding modelcompatConfig.cmake.
  /// Hash of the package's libraries, the compiler and cmake: part of every
  /// cache key, so a rebuilt modelcompat or another compiler rebuilds.
  std::string Fingerprint;
};

/// Finds the modelcompat package: $MODELCOMPAT_PACKAGE_DIR, the install
/// tree beside the running executable, or the build tree it was built in.
/// Throws Error when none holds modelcompatConfig.cmake.
HarnessToolchain findHarnessToolchain();

/// One revision to build.
struct HarnessBuildRequest {
  std::string Repo;
  ResolvedRevision Revision;
  std::string Role; ///< "base" or "head", for progress lines.
  const VerifyManifest *Manifest = nullptr;
  std::string ManifestHash; ///< Of the manifest bytes.
  std::string CacheDir;
  bool KeepBuild = false; ///< Keep the exported tree and say where.
  unsigned Jobs = 0;      ///< Parallel build jobs; 0: the machine's cores.
};

/// The built harness of one revision.
struct HarnessBuild {
  std::string Directory;                          ///< The cache entry.
  std::map<std::string, std::string> Executables; ///< Model name -> harness.
  bool Cached = false;                            ///< Reused from an earlier run.
};

/// Callback for progress lines ("modelcompat verify: base 1a2b3c: building").
using ProgressFn = std::function<void(const std::string &)>;

/// The cache entry name of a request: "<sha12>-<hash16>".
std::string harnessCacheKey(const HarnessBuildRequest &Request, const HarnessToolchain &Toolchain);

/// How a model is constructed at one revision: the prelude statements and
/// the construct expression chosen for it (prelude_at, construct_at).
struct ConstructCode {
  std::vector<std::string> Prelude;
  std::string Expression;
};

/// The C++ source of the harness model for one model at one revision.
std::string generateModelSource(const ModelEntry &Model, const ConstructCode &Code,
                                const ResolvedRevision &Revision);

/// Project folder ("" the tree's root) -> the name its CMakeLists.txt gives
/// in its first project() command.
using ProjectNames = std::map<std::string, std::string>;

/// The name in the first project() command of each of the manifest's project
/// folders under SourceDir; folders without one are left out.
ProjectNames readProjectNames(const VerifyManifest &Manifest, const std::string &SourceDir);

/// The wrapper project's CMakeLists.txt for the tree exported to SourceDir.
/// MainSources: the tree's files that define main() (SourceDir-relative),
/// which an executable target's harness leaves out. Each project folder is
/// added as a sub-directory, but sees CMAKE_PROJECT_NAME (from Names) as in
/// its own top-level build.
std::string generateWrapperProject(const VerifyManifest &Manifest, const std::string &SourceDir,
                                   const std::vector<std::string> &MainSources,
                                   const ProjectNames &Names = {});

/// The harness executable's target name for a model ("harness_autoencoder").
std::string harnessTargetName(const std::string &ModelName);

/// Builds (or reuses) the harness for Request. A configure or build that
/// fails throws Error naming the revision, the cause where the log tells it
/// (a missing package) and the kept log. Temporary directories
/// are removed on every path.
HarnessBuild buildHarness(const HarnessBuildRequest &Request, const HarnessToolchain &Toolchain,
                          const ProgressFn &Progress);

} // namespace modelcompat

#endif
