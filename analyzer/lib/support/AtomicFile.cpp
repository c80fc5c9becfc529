//===- AtomicFile.cpp - Write output files atomically --------------------===//
#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/Error.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace modelcompat {
namespace {

std::string temporaryNameBeside(const fs::path &Target) {
  // The pid keeps concurrent writers apart; same directory keeps rename atomic.
  return (Target.parent_path() /
          ("." + Target.filename().string() + ".tmp." +
           std::to_string(::getpid())))
      .string();
}

void refuseExisting(const fs::path &Target, OverwritePolicy Policy) {
  std::error_code EC;
  if (Policy == OverwritePolicy::Refuse && fs::exists(Target, EC))
    throw Error("refusing to overwrite existing file '" + Target.string() +
                "' (use --force to replace it)");
}

} // namespace

void writeFileAtomically(const std::string &Path,
                         const std::function<void(std::ostream &)> &Write,
                         OverwritePolicy Policy) {
  fs::path Target(Path);
  refuseExisting(Target, Policy);
  std::error_code EC;
  if (Target.has_parent_path()) {
    fs::create_directories(Target.parent_path(), EC);
    if (EC)
      throw Error("cannot create directory '" +
                  Target.parent_path().string() + "': " + EC.message());
  }
  std::string Temp = temporaryNameBeside(Target);
  {
    std::ofstream Out(Temp, std::ios::binary | std::ios::trunc);
    if (!Out)
      throw Error("cannot write '" + Path + "': " + std::strerror(errno));
    Write(Out);
    Out.flush();
    if (!Out) {
      fs::remove(Temp, EC);
      throw Error("cannot write '" + Path + "': write failed");
    }
  }
  if (std::rename(Temp.c_str(), Path.c_str()) != 0) {
    std::string Reason = std::strerror(errno);
    fs::remove(Temp, EC);
    throw Error("cannot write '" + Path + "': " + Reason);
  }
}

void writeFileAtomically(const std::string &Path, const std::string &Contents,
                         OverwritePolicy Policy) {
  writeFileAtomically(
      Path, [&](std::ostream &Out) { Out.write(Contents.data(), Contents.size()); },
      Policy);
}

std::string readFile(const std::string &Path) {
  std::error_code EC;
  if (fs::is_directory(Path, EC))
    throw Error("'" + Path + "' is a directory, expected a file");
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    throw Error("cannot read '" + Path + "': " + std::strerror(errno));
  std::ostringstream Buffer;
  Buffer << In.rdbuf();
  return Buffer.str();
}

} // namespace modelcompat
