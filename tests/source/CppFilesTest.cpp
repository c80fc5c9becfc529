//===- CppFilesTest.cpp - The one list of C++ file name endings -----------===//
#include "modelcompat/source/CppFiles.h"

#include <gtest/gtest.h>

using namespace modelcompat;

TEST(CppFiles, HeadersAndSourcesOfEverySpelling) {
  for (const char *Path : {"a.h", "a.hh", "a.hpp", "a.hxx", "a.cpp", "a.cc", "a.cxx"})
    EXPECT_TRUE(isCppFile(Path)) << Path;
  EXPECT_FALSE(isCppFile("README.md"));
  EXPECT_FALSE(isCppFile("kernel.cuh"));
  EXPECT_EQ(cppFileExtensionsText(), ".h .hh .hpp .hxx .cpp .cc .cxx");
}

TEST(CppFiles, OnlySourcesAreCompiledOnTheirOwn) {
  EXPECT_TRUE(isCppSourceFile("net.cxx"));
  EXPECT_FALSE(isCppSourceFile("net.hxx"));
}

TEST(CppFiles, ATreeForAScanAlsoHoldsFragmentsAndCMakeLists) {
  const std::vector<std::string> &All = includableFileExtensions();
  for (const std::string &Extension : cppFileExtensions())
    EXPECT_TRUE(hasExtension("x" + Extension, All)) << Extension;
  EXPECT_TRUE(hasExtension("ops/kernel.inl", All));
  EXPECT_TRUE(hasExtension("src/CMakeLists.txt", All));
}
