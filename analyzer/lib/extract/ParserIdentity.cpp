//===- ParserIdentity.cpp - Clang version and libtorch install, hashed ----===//
#include "modelcompat/extract/ParserIdentity.h"
#include "ExtractInternal.h"

#include "modelcompat/support/StableHash.h"

#include "llvm/Support/FileSystem.h"

#include <vector>

namespace modelcompat {

namespace {

/// The libtorch install under Dir: its main headers' times and sizes (not
/// their contents: reading them on every run would cost more than it saves).
void addTorchHeaders(StableHash &Hash, const std::string &Dir) {
  for (const char *Header :
       {"/torch/torch.h", "/torch/version.h", "/torch/csrc/api/include/torch/torch.h"}) {
    llvm::sys::fs::file_status Status;
    if (llvm::sys::fs::status(Dir + Header, Status))
      continue;
    Hash.add(Dir + Header);
    Hash.add(std::to_string(Status.getSize()));
    Hash.add(
        std::to_string(Status.getLastModificationTime().time_since_epoch().count()));
  }
}

/// Where libtorch's own headers live under one of its include directories
/// (which may be /usr/include, shared with every other library).
constexpr const char *TorchHeaderDirs[] = {"/torch/", "/ATen/", "/c10/", "/caffe2/"};

std::vector<std::string> headersOutsideTheKey() {
  std::vector<std::string> Prefixes = {std::string(MODELCOMPAT_CLANG_RESOURCE_DIR) + "/"};
  for (const std::string &Dir : extract::splitSearchPath(MODELCOMPAT_TORCH_INCLUDE_DIRS))
    for (const char *Sub : TorchHeaderDirs)
      Prefixes.push_back(Dir + Sub);
  return Prefixes;
}

} // namespace

bool extract::isKeyedExternalHeader(const std::string &Path) {
  static const std::vector<std::string> Skipped = headersOutsideTheKey();
  if (Path.empty() || Path.front() != '/' || Path.rfind("/modelcompat-", 0) == 0)
    return false;
  for (const std::string &Prefix : Skipped)
    if (Path.rfind(Prefix, 0) == 0)
      return false;
  return true;
}

std::string parserIdentityFor(const std::string &TorchIncludeDirs) {
  StableHash Hash;
  // The Clang and its builtin headers: a PCH or cached parse from another
  // Clang is never read (Clang 14 and 19 builds may share a cache directory).
  Hash.add(extract::clangVersion());
  Hash.add(extract::clangResourceDir());
  for (const std::string &Dir : extract::splitSearchPath(TorchIncludeDirs))
    addTorchHeaders(Hash, Dir);
  return Hash.hex();
}

std::string parserIdentity() { return parserIdentityFor(MODELCOMPAT_TORCH_INCLUDE_DIRS); }

} // namespace modelcompat
