//===- ReadFile.cpp - Read a whole file into memory -----------------------===//
#include "modelcompat/support/ReadFile.h"
#include "modelcompat/support/Error.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace modelcompat {

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
