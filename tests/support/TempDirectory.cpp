#include "support/TempDirectory.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace modelcompat::test {

TempDirectory::TempDirectory() {
  std::string Template = (fs::temp_directory_path() / "modelcompat-test-XXXXXX").string();
  if (!::mkdtemp(Template.data()))
    throw std::runtime_error("mkdtemp failed");
  Path = Template;
}

TempDirectory::~TempDirectory() {
  std::error_code EC;
  fs::remove_all(Path, EC);
}

std::string TempDirectory::file(const std::string &Relative) const {
  return (Path / Relative).string();
}

std::string TempDirectory::write(const std::string &Relative, const std::string &Contents) const {
  fs::path Target = Path / Relative;
  fs::create_directories(Target.parent_path());
  std::ofstream Out(Target, std::ios::binary);
  Out << Contents;
  return Target.string();
}

} // namespace modelcompat::test
