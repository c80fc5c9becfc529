//===- TempDirectory.h - A directory removed when the test ends -*- C++ -*-===//
#ifndef MODELCOMPAT_TESTS_TEMPDIRECTORY_H
#define MODELCOMPAT_TESTS_TEMPDIRECTORY_H

#include <filesystem>
#include <string>

namespace modelcompat::test {

/// A fresh directory under the system temp dir, removed on destruction.
class TempDirectory {
public:
  TempDirectory();
  ~TempDirectory();
  TempDirectory(const TempDirectory &) = delete;
  TempDirectory &operator=(const TempDirectory &) = delete;

  const std::filesystem::path &path() const { return Path; }
  /// Path / Relative, as a string.
  std::string file(const std::string &Relative) const;
  /// Writes Contents to Path / Relative, creating parent directories.
  std::string write(const std::string &Relative, const std::string &Contents) const;

private:
  std::filesystem::path Path;
};

} // namespace modelcompat::test

#endif
