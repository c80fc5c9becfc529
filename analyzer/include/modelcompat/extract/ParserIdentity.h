//===- ParserIdentity.h - What a scan depends on besides the sources -*- C++ -*-===//
#ifndef MODELCOMPAT_EXTRACT_PARSERIDENTITY_H
#define MODELCOMPAT_EXTRACT_PARSERIDENTITY_H

#include <string>

namespace modelcompat {

/// Identifies what a scan's result depends on outside the scanned tree: the
/// Clang version and the libtorch headers it parses against (their paths,
/// sizes and modification times). Caches keyed by it are invalidated when
/// libtorch is upgraded under an unchanged modelcompat.
std::string parserIdentity();

/// parserIdentity for libtorch headers under TorchIncludeDirs (a
/// colon-separated search path) instead of the ones modelcompat was built with.
std::string parserIdentityFor(const std::string &TorchIncludeDirs);

} // namespace modelcompat

#endif
