//===- ScopedDirectory.cpp - A directory removed unless kept -------------===//
#include "modelcompat/verify/ScopedDirectory.h"
#include "modelcompat/support/Error.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace fs = std::filesystem;

namespace modelcompat {

ScopedDirectory::ScopedDirectory(const std::string &Path, Mode How) {
  std::error_code EC;
  if (How == Temporary) {
    std::string Template = Path + "-XXXXXX";
    fs::create_directories(fs::path(Template).parent_path(), EC);
    if (!::mkdtemp(Template.data()))
      throw Error("cannot create a temporary directory '" + Template +
                  "': " + std::strerror(errno));
    this->Path = Template;
    return;
  }
  fs::create_directories(Path, EC);
  if (EC)
    throw Error("cannot create directory '" + Path + "': " + EC.message());
  this->Path = Path;
}

ScopedDirectory::~ScopedDirectory() {
  if (Kept)
    return;
  std::error_code EC;
  fs::remove_all(Path, EC);
}

std::string temporaryDirectoryPrefix(const std::string &Prefix) {
  return (fs::temp_directory_path() / Prefix).string();
}

} // namespace modelcompat
