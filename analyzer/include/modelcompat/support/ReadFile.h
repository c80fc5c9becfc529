//===- ReadFile.h - Read a whole file into memory ---------------*- C++ -*-===//
#ifndef MODELCOMPAT_SUPPORT_READFILE_H
#define MODELCOMPAT_SUPPORT_READFILE_H

#include <string>

namespace modelcompat {

/// Reads a whole file; throws Error naming Path when it cannot ("cannot read
/// 'P': <reason>", or "'P' is a directory, expected a file").
std::string readFile(const std::string &Path);

} // namespace modelcompat

#endif
