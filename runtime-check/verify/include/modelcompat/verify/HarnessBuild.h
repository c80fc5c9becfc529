//===- HarnessBuild.h - Build the verify harness at one revision -*- C++ -*-===//
//
// For each revision verify generates a small CMake project that adds the
// revision's exported source tree and one harness executable per manifest
// model (the model's target + modelcompat::verify_harness), and builds it.
// Builds are cached per commit, manifest and toolchain.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_VERIFY_HARNESSBUILD_H
#define MODELCOMPAT_VERIFY_HARNESSBUILD_H

#include "modelcompat/verify/GitRevision.h"
#include "modelcompat/verify/VerifyManifest.h"

#include <functional>
#include <map>
#include <string>

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
  std::string Role;         ///< "base" or "head", for progress lines.
  const VerifyManifest *Manifest = nullptr;
  std::string ManifestHash; ///< Of the manifest bytes.
  std::string CacheDir;
  bool KeepBuild = false;   ///< Keep the exported tree and say where.
  unsigned Jobs = 0;        ///< Parallel build jobs; 0: the machine's cores.
};

/// The built harness of one revision.
struct HarnessBuild {
  std::string Directory; ///< The cache entry.
  std::map<std::string, std::string> Executables; ///< Model name -> harness.
  bool Cached = false;   ///< Reused from an earlier run.
};

/// Callback for progress lines ("modelcompat verify: base 1a2b3c: building").
using ProgressFn = std::function<void(const std::string &)>;

/// The cache entry name of a request: "<sha12>-<hash16>".
std::string harnessCacheKey(const HarnessBuildRequest &Request,
                            const HarnessToolchain &Toolchain);

/// The C++ source of the harness model for one model at one revision.
std::string generateModelSource(const ModelEntry &Model,
                                const std::string &ConstructExpression,
                                const ResolvedRevision &Revision);

/// The wrapper project's CMakeLists.txt.
std::string generateWrapperProject(const VerifyManifest &Manifest,
                                   const std::string &SourceDir);

/// The harness executable's target name for a model ("harness_autoencoder").
std::string harnessTargetName(const std::string &ModelName);

/// Builds (or reuses) the harness for Request. A build that fails throws
/// Error naming the revision and the kept build log. Temporary directories
/// are removed on every path.
HarnessBuild buildHarness(const HarnessBuildRequest &Request,
                          const HarnessToolchain &Toolchain,
                          const ProgressFn &Progress);

} // namespace modelcompat

#endif
