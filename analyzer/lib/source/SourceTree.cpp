//===- SourceTree.cpp - Read a directory into a tree of sources -----------===//
#include "modelcompat/source/SourceTree.h"
#include "modelcompat/source/CppFiles.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/ReadFile.h"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace modelcompat {

SourceTree readSourceTree(const std::string &Root) {
  std::error_code EC;
  fs::path RootPath(Root);
  if (!fs::exists(RootPath, EC))
    throw Error("no such file or directory: '" + Root + "'");
  SourceTree Tree;
  if (!fs::is_directory(RootPath, EC)) {
    Tree.Files.push_back({RootPath.filename().string(), readFile(RootPath.string()), ""});
    return Tree;
  }
  fs::recursive_directory_iterator It(RootPath, fs::directory_options::skip_permission_denied, EC);
  if (EC)
    throw Error("cannot read directory '" + Root + "': " + EC.message());
  for (; It != fs::recursive_directory_iterator(); It.increment(EC)) {
    if (EC)
      throw Error("cannot read directory '" + Root + "': " + EC.message());
    const fs::path &Path = It->path();
    std::string Name = Path.filename().string();
    if (It->is_directory(EC)) {
      // Version control and hidden tool directories hold no sources.
      if (!Name.empty() && Name[0] == '.')
        It.disable_recursion_pending();
      continue;
    }
    if (!It->is_regular_file(EC) || !(isCppFile(Name) || Name == "CMakeLists.txt"))
      continue;
    Tree.Files.push_back(
        {fs::relative(Path, RootPath).generic_string(), readFile(Path.string()), ""});
  }
  std::sort(Tree.Files.begin(), Tree.Files.end(),
            [](const SourceFile &A, const SourceFile &B) { return A.Path < B.Path; });
  return Tree;
}

} // namespace modelcompat
