//===- MainDefinition.h - Which sources define main() -----------*- C++ -*-===//
//
// A model compiled straight into an executable (main.cpp next to model.cpp)
// is verified by compiling the executable's sources without the file that
// defines main(): the harness brings its own. The files are found from
// their text, so the user's CMake project needs no change.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_VERIFY_MAINDEFINITION_H
#define MODELCOMPAT_VERIFY_MAINDEFINITION_H

#include <string>
#include <vector>

namespace modelcompat {

/// Whether Source (C or C++ text) defines main() at global scope:
/// `int main(...) {` (or `auto main(...) -> int {`) outside every brace,
/// comment, string literal and preprocessor line.
bool definesMain(const std::string &Source);

/// The C and C++ sources under Root/Folder ("" for all of Root) that define
/// main(), as Root-relative paths, sorted. Dot-directories are skipped.
std::vector<std::string> findMainSources(const std::string &Root, const std::string &Folder);

} // namespace modelcompat

#endif
