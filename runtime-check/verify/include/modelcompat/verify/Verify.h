//===- Verify.h - modelcompat verify: the whole pipeline --------*- C++ -*-===//
//
// resolveRevision (base, head) -> parseVerifyManifest (the manifest at head)
// -> buildHarness (base, head) -> runHarnessExecutable per model, base then
// head -> report. Torch-free: everything that needs libtorch happens in the
// harness executables it builds.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_VERIFY_VERIFY_H
#define MODELCOMPAT_VERIFY_VERIFY_H

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace modelcompat {

/// Everything `modelcompat verify` accepts (docs/cli.md, "verify").
struct VerifyOptions {
  std::string Repo = ".";
  std::string Base, Head;
  std::vector<std::string> Checkpoints; ///< --checkpoint, in order.
  std::string CheckpointDir;            ///< --checkpoints
  std::string Device = "auto";          ///< auto|cpu|cuda
  bool CrossDevice = false;             ///< CPU base against a CUDA head.
  bool TrainMode = false;
  bool Seeding = true;         ///< --no-seed turns it off.
  std::string Format = "text"; ///< text|json
  std::string OutputPath;      ///< -o; empty: stdout.
  std::string HtmlPath;        ///< --html
  std::string MigrationsDir;   ///< --migrations; empty: HEAD's tree.
  std::string CacheDir;        ///< --cache-dir; empty: the default.
  bool KeepBuild = false;
  unsigned Jobs = 0; ///< --jobs; 0: MODELCOMPAT_JOBS or cores.
};

/// The seed set before every forward pass, and the seed of the input
/// generator (documented in docs/runtime-check.md).
inline constexpr uint64_t ForwardSeed = 0;
inline constexpr uint64_t InputSeed = 1;

/// The default cache directory: $XDG_CACHE_HOME/modelcompat/verify or
/// ~/.cache/modelcompat/verify.
std::string defaultVerifyCacheDir();

/// Runs verify; writes the report to Out (or -o) and progress to Err.
/// Returns whether every model passed; throws Error for tool and usage
/// errors.
bool runVerify(const VerifyOptions &Options, std::ostream &Out, std::ostream &Err);

} // namespace modelcompat

#endif
