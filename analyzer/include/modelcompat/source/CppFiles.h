//===- CppFiles.h - Which files are C++ sources and headers -----*- C++ -*-===//
//
// The one list of file name endings every reader of a tree agrees on: what
// `scan PATH` recurses into, what `diff` reads from a commit, what the scan
// parses, and which files the build compiles on their own.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SOURCE_CPPFILES_H
#define MODELCOMPAT_SOURCE_CPPFILES_H

#include <string>
#include <string_view>
#include <vector>

namespace modelcompat {

/// The file name endings of C++ headers (.h .hh .hpp .hxx).
const std::vector<std::string> &cppHeaderExtensions();

/// The file name endings of C++ source files (.cpp .cc .cxx): translation
/// units the build compiles on their own.
const std::vector<std::string> &cppSourceExtensions();

/// Headers, then sources: the files a scan parses
/// (.h .hh .hpp .hxx .cpp .cc .cxx).
const std::vector<std::string> &cppFileExtensions();

/// cppFileExtensions() plus fragments that are only ever #included
/// (.inc .ipp .inl .tpp .cuh), and CMakeLists.txt (the scan reads the flags
/// it states): what a tree must hold for a scan.
const std::vector<std::string> &includableFileExtensions();

/// cppFileExtensions() as the user reads them: ".h .hh .hpp .hxx .cpp .cc .cxx".
std::string cppFileExtensionsText();

/// Whether Path ends in one of Extensions.
bool hasExtension(std::string_view Path, const std::vector<std::string> &Extensions);

/// Whether Path names a C++ header or source file (cppFileExtensions).
bool isCppFile(std::string_view Path);

/// Whether Path names a C++ source file (cppSourceExtensions).
bool isCppSourceFile(std::string_view Path);

} // namespace modelcompat

#endif
