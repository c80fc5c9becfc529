//===- ConfigureFailure.h - Why the wrapper project did not configure -*- C++ -*-===//
//
// When configuring a revision fails, the log is long and the cause is in the
// first "CMake Error" block: most often a package the user's project needs
// (find_package) that this machine lacks. verify names it in its one-line
// error, with the place in the user's CMake files that asked for it.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_VERIFY_CONFIGUREFAILURE_H
#define MODELCOMPAT_VERIFY_CONFIGUREFAILURE_H

#include <string>

namespace modelcompat {

/// The cause of a failed configure in one line, read from CMake's output
/// Log: "package 'OpenCV' not found (find_package in sample/CMakeLists.txt:4)"
/// for a missing package (config or module mode), else the first CMake
/// error's message; "" when the log holds no CMake error. Paths under
/// SourceDir (the exported tree) are shown relative to it.
std::string describeConfigureFailure(const std::string &Log, const std::string &SourceDir);

} // namespace modelcompat

#endif
