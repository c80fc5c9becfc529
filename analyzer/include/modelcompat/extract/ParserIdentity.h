//===- ParserIdentity.h - What a scan depends on besides the sources -*- C++ -*-===//
#ifndef MODELCOMPAT_EXTRACT_PARSERIDENTITY_H
#define MODELCOMPAT_EXTRACT_PARSERIDENTITY_H

#include <string>

namespace modelcompat {

/// Identifies what a scan's result depends on outside the scanned tree: the
/// Clang version and the libtorch install it parses against (the paths and
/// contents of the headers naming its version and build configuration, not
/// their times). Caches keyed by it are invalidated when libtorch is
/// upgraded under an unchanged modelcompat, and stay valid on another
/// machine with the same packages. Computed once per process.
std::string parserIdentity();

/// parserIdentity for libtorch headers under TorchIncludeDirs (a
/// colon-separated search path) instead of the ones modelcompat was built with.
std::string parserIdentityFor(const std::string &TorchIncludeDirs);

/// The version of the libtorch a scan parses against ("1.13.0"), from the
/// version header of the install parserIdentity names; builtin layers are
/// expanded as that release lays them out. Empty when no header says.
/// Computed once per process.
std::string parsedLibtorchVersion();

/// parsedLibtorchVersion for libtorch headers under TorchIncludeDirs.
std::string libtorchVersionFor(const std::string &TorchIncludeDirs);

} // namespace modelcompat

#endif
