//===- AtomicFile.cpp - Write output files atomically --------------------===//
#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/Error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace modelcompat {
namespace {

std::string temporaryNameBeside(const fs::path &Target) {
  // The pid keeps concurrent writers apart; same directory keeps rename atomic.
  return (Target.parent_path() /
          ("." + Target.filename().string() + ".tmp." + std::to_string(::getpid())))
      .string();
}

std::string refusal(const fs::path &Target) {
  return "refusing to overwrite existing file '" + Target.string() +
         "' (use --force to replace it)";
}

/// Flushes the temporary file's data to disk before it is renamed into
/// place, so a crash never leaves a complete-looking empty file.
bool syncFile(const std::string &Path) {
  int Fd = ::open(Path.c_str(), O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return false;
  bool Synced = ::fsync(Fd) == 0;
  ::close(Fd);
  return Synced;
}

/// Moves Temp to Target. Refuse: only if Target does not exist, decided by
/// the kernel in the same step (no window between a check and the rename).
/// Returns errno, 0 on success.
int moveIntoPlace(const std::string &Temp, const std::string &Target, OverwritePolicy Policy) {
  if (Policy == OverwritePolicy::Replace)
    return std::rename(Temp.c_str(), Target.c_str()) == 0 ? 0 : errno;
  if (::renameat2(AT_FDCWD, Temp.c_str(), AT_FDCWD, Target.c_str(), RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    return errno;
  // A file system without RENAME_NOREPLACE: link() refuses an existing name too.
  if (::link(Temp.c_str(), Target.c_str()) != 0)
    return errno;
  ::unlink(Temp.c_str());
  return 0;
}

} // namespace

void writeFileAtomically(const std::string &Path, const std::function<void(std::ostream &)> &Write,
                         OverwritePolicy Policy) {
  fs::path Target(Path);
  std::error_code EC;
  // Checked early too, so a refusal costs no writing; the rename decides.
  if (Policy == OverwritePolicy::Refuse && fs::exists(Target, EC))
    throw Error(refusal(Target));
  if (Target.has_parent_path()) {
    fs::create_directories(Target.parent_path(), EC);
    if (EC)
      throw Error("cannot create directory '" + Target.parent_path().string() +
                  "': " + EC.message());
  }
  std::string Temp = temporaryNameBeside(Target);
  // Whatever fails from here on, including Write itself, removes Temp.
  auto Fail = [&](const std::string &Why) {
    fs::remove(Temp, EC);
    throw Error("cannot write '" + Path + "': " + Why);
  };
  {
    std::ofstream Out(Temp, std::ios::binary | std::ios::trunc);
    if (!Out)
      Fail(std::strerror(errno));
    try {
      Write(Out);
    } catch (...) {
      Out.close();
      fs::remove(Temp, EC);
      throw;
    }
    Out.flush();
    if (!Out)
      Fail("write failed");
  }
  if (!syncFile(Temp))
    Fail(std::string("cannot sync: ") + std::strerror(errno));
  if (int Errno = moveIntoPlace(Temp, Path, Policy)) {
    fs::remove(Temp, EC);
    if (Errno == EEXIST && Policy == OverwritePolicy::Refuse)
      throw Error(refusal(Target));
    throw Error("cannot write '" + Path + "': " + std::strerror(Errno));
  }
}

void writeFileAtomically(const std::string &Path, const std::string &Contents,
                         OverwritePolicy Policy) {
  writeFileAtomically(
      Path, [&](std::ostream &Out) { Out.write(Contents.data(), Contents.size()); }, Policy);
}

} // namespace modelcompat
