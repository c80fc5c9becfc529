//===- CppFiles.cpp - Which files are C++ sources and headers -------------===//
#include "modelcompat/source/CppFiles.h"

namespace modelcompat {

const std::vector<std::string> &cppHeaderExtensions() {
  static const std::vector<std::string> Extensions = {".h", ".hh", ".hpp", ".hxx"};
  return Extensions;
}

const std::vector<std::string> &cppSourceExtensions() {
  static const std::vector<std::string> Extensions = {".cpp", ".cc", ".cxx"};
  return Extensions;
}

const std::vector<std::string> &cppFileExtensions() {
  static const std::vector<std::string> Extensions = [] {
    std::vector<std::string> All = cppHeaderExtensions();
    All.insert(All.end(), cppSourceExtensions().begin(), cppSourceExtensions().end());
    return All;
  }();
  return Extensions;
}

const std::vector<std::string> &includableFileExtensions() {
  static const std::vector<std::string> Extensions = [] {
    std::vector<std::string> All = cppFileExtensions();
    for (const char *Fragment : {".inc", ".ipp", ".inl", ".tpp", ".cuh"})
      All.push_back(Fragment);
    // Not C++, but the scan reads the flags it states (CMakeFlags.cpp).
    All.push_back("CMakeLists.txt");
    return All;
  }();
  return Extensions;
}

std::string cppFileExtensionsText() {
  std::string Text;
  for (const std::string &Extension : cppFileExtensions())
    Text += (Text.empty() ? "" : " ") + Extension;
  return Text;
}

bool hasExtension(std::string_view Path, const std::vector<std::string> &Extensions) {
  for (const std::string &Extension : Extensions)
    if (Path.size() >= Extension.size() &&
        Path.compare(Path.size() - Extension.size(), Extension.size(), Extension) == 0)
      return true;
  return false;
}

bool isCppFile(std::string_view Path) { return hasExtension(Path, cppFileExtensions()); }

bool isCppSourceFile(std::string_view Path) { return hasExtension(Path, cppSourceExtensions()); }

} // namespace modelcompat
