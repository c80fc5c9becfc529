//===- ScopedDirectory.h - A directory removed unless kept ------*- C++ -*-===//
#ifndef MODELCOMPAT_VERIFY_SCOPEDDIRECTORY_H
#define MODELCOMPAT_VERIFY_SCOPEDDIRECTORY_H

#include <string>

namespace modelcompat {

/// Owns a directory and removes it, with everything inside, when destroyed
/// (also while an exception unwinds) unless keep() was called.
class ScopedDirectory {
public:
  enum Mode {
    Create,   ///< Create exactly Path (and its parents).
    Temporary ///< mkdtemp: Path is a prefix; a unique suffix is appended.
  };
  /// Throws Error naming the path when it cannot be created.
  ScopedDirectory(const std::string &Path, Mode How);
  ~ScopedDirectory();
  ScopedDirectory(const ScopedDirectory &) = delete;
  ScopedDirectory &operator=(const ScopedDirectory &) = delete;

  const std::string &path() const { return Path; }
  /// Leaves the directory in place on destruction.
  void keep() { Kept = true; }

private:
  std::string Path;
  bool Kept = false;
};

/// A fresh directory under the system temp dir named "<Prefix>-XXXXXX".
std::string temporaryDirectoryPrefix(const std::string &Prefix);

} // namespace modelcompat

#endif
