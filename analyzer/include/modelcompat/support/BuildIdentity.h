//===- BuildIdentity.h - Which build of modelcompat is running --*- C++ -*-===//
#ifndef MODELCOMPAT_SUPPORT_BUILDIDENTITY_H
#define MODELCOMPAT_SUPPORT_BUILDIDENTITY_H

#include <string>

namespace modelcompat {

/// The GNU build ID of the running executable (the linker's hash of its
/// code, in hex), so that caches of results keyed by it are not shared
/// between two builds of different code with the same version number.
/// Without a build ID note: "exe:" and a hash of the executable's path, size
/// and modification time.
std::string buildIdentity();

} // namespace modelcompat

#endif
