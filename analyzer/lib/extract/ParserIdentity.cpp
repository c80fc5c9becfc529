//===- ParserIdentity.cpp - Clang version and libtorch install, hashed ----===//
#include "modelcompat/extract/ParserIdentity.h"
#include "ExtractInternal.h"

#include "modelcompat/support/StableHash.h"

#include "llvm/Support/FileSystem.h"

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

} // namespace

std::string parserIdentityFor(const std::string &TorchIncludeDirs) {
  StableHash Hash;
  Hash.add(extract::clangVersion());
  for (const std::string &Dir : extract::splitSearchPath(TorchIncludeDirs))
    addTorchHeaders(Hash, Dir);
  return Hash.hex();
}

std::string parserIdentity() { return parserIdentityFor(MODELCOMPAT_TORCH_INCLUDE_DIRS); }

} // namespace modelcompat
