//===- ParserIdentity.cpp - Clang version and libtorch install, hashed ----===//
#include "modelcompat/extract/ParserIdentity.h"
#include "ExtractInternal.h"

#include "modelcompat/support/StableHash.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cctype>
#include <optional>
#include <vector>

namespace modelcompat {

namespace {

/// The headers that name a libtorch release and its build configuration:
/// the umbrella, the version (both install layouts) and the configuration
/// CMake generated. Few and small, so reading them costs microseconds.
constexpr const char *IdentifyingHeaders[] = {"/torch/torch.h", "/torch/version.h",
                                              "/torch/csrc/api/include/torch/torch.h",
                                              "/ATen/Config.h", "/c10/macros/cmake_macros.h"};

/// The libtorch install under Dir, by its identifying headers' paths and
/// contents, not their modification times: a CI cache restored on another
/// runner, or the same packages installed on another machine, give the
/// files new times but the same bytes, and entries keyed by this must
/// still hit there. Hashing every libtorch header (8,000 files, 23 MB)
/// would cost more than a warm diff. A rebuild that changes headers but not
/// the version or the configuration goes unnoticed unless a size changes
/// (the precompiled header checks sizes, see PchCache.cpp); CI caches are
/// keyed on the package versions too (docs/ci.md).
void addTorchHeaders(StableHash &Hash, const std::string &Dir) {
  for (const char *Header : IdentifyingHeaders) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Contents =
        llvm::MemoryBuffer::getFile(Dir + Header, /*IsText=*/false,
                                    /*RequiresNullTerminator=*/false);
    if (!Contents)
      continue;
    Hash.add(Dir + Header);
    Hash.add((*Contents)->getBuffer());
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

namespace {

/// The value of `#define Name <number>` in Text, or nullopt.
std::optional<long> definedNumber(llvm::StringRef Text, llvm::StringRef Name) {
  for (llvm::StringRef Line : llvm::split(Text, '\n')) {
    Line = Line.trim();
    if (!Line.consume_front("#define") || Line.ltrim().substr(0, Name.size()) != Name)
      continue;
    Line = Line.ltrim().drop_front(Name.size());
    long Value = 0;
    if (!Line.empty() && std::isspace(static_cast<unsigned char>(Line.front())) &&
        !Line.trim().getAsInteger(10, Value))
      return Value;
  }
  return std::nullopt;
}

} // namespace

std::string libtorchVersionFor(const std::string &TorchIncludeDirs) {
  // Both install layouts: pip's wheel and Debian's package.
  for (const std::string &Dir : extract::splitSearchPath(TorchIncludeDirs))
    for (const char *Header : {"/torch/version.h", "/torch/csrc/api/include/torch/version.h"}) {
      llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Contents =
          llvm::MemoryBuffer::getFile(Dir + Header, /*IsText=*/true);
      if (!Contents)
        continue;
      llvm::StringRef Text = (*Contents)->getBuffer();
      std::optional<long> Major = definedNumber(Text, "TORCH_VERSION_MAJOR");
      std::optional<long> Minor = definedNumber(Text, "TORCH_VERSION_MINOR");
      std::optional<long> Patch = definedNumber(Text, "TORCH_VERSION_PATCH");
      if (Major && Minor && Patch)
        return std::to_string(*Major) + "." + std::to_string(*Minor) + "." + std::to_string(*Patch);
    }
  return "";
}

std::string parsedLibtorchVersion() {
  static const std::string Version = libtorchVersionFor(MODELCOMPAT_TORCH_INCLUDE_DIRS);
  return Version;
}

std::string parserIdentity() {
  // Once per process: a diff asks for every key and every precompiled header.
  static const std::string Identity = parserIdentityFor(MODELCOMPAT_TORCH_INCLUDE_DIRS);
  return Identity;
}

} // namespace modelcompat
