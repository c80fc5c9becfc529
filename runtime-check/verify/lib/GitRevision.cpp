//===- GitRevision.cpp - Read revisions without touching the work tree ---===//
#include "modelcompat/verify/GitRevision.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/verify/Subprocess.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace modelcompat {
namespace {

std::string trimmed(std::string Text) {
  while (!Text.empty() && (Text.back() == '\n' || Text.back() == '\r' || Text.back() == ' '))
    Text.pop_back();
  return Text;
}

std::string firstLine(const std::string &Text) { return trimmed(Text.substr(0, Text.find('\n'))); }

SubprocessResult git(const std::string &Repo, std::vector<std::string> Args) {
  // No pager, no prompts, no optional locks: reading must not write .git/index.
  Args.insert(Args.begin(), {"git", "--no-pager", "-C", Repo});
  SubprocessOptions Options;
  Options.Environment = {"GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0"};
  return runSubprocess(Args, Options);
}

} // namespace

std::string findRepositoryRoot(const std::string &Dir) {
  SubprocessResult Result = git(Dir, {"rev-parse", "--show-toplevel"});
  if (Result.ExitCode != 0)
    throw Error("'" + Dir + "' is not inside a git repository: " + firstLine(Result.Error));
  return trimmed(Result.Output);
}

std::optional<std::string> tryResolveCommit(const std::string &Repo, const std::string &Spec) {
  SubprocessResult Result =
      git(Repo, {"rev-parse", "--verify", "--quiet", "--end-of-options", Spec + "^{commit}"});
  if (Result.ExitCode != 0)
    return std::nullopt;
  return trimmed(Result.Output);
}

ResolvedRevision resolveRevision(const std::string &Repo, const std::string &Spec) {
  std::optional<std::string> Commit = tryResolveCommit(Repo, Spec);
  if (!Commit)
    throw Error("unknown revision '" + Spec + "' in repository '" + Repo + "'");
  return {Spec, *Commit};
}

bool directoryExistsAtCommit(const std::string &Repo, const std::string &Commit,
                             const std::string &Path) {
  // `rev:path^{tree}` would read "^{tree}" as part of the path.
  SubprocessResult Result = git(Repo, {"cat-file", "-t", Commit + ":" + Path});
  return Result.ExitCode == 0 && trimmed(Result.Output) == "tree";
}

std::optional<std::string> readFileAtCommit(const std::string &Repo, const std::string &Commit,
                                            const std::string &Path) {
  SubprocessResult Result = git(Repo, {"cat-file", "blob", Commit + ":" + Path});
  if (Result.ExitCode != 0)
    return std::nullopt;
  return Result.Output;
}

void exportTree(const std::string &Repo, const std::string &Commit,
                const std::string &Destination) {
  std::string Archive = (fs::path(Destination) / ".modelcompat-tree.tar").string();
  SubprocessResult Pack = git(Repo, {"archive", "--format=tar", "-o", Archive, Commit});
  if (Pack.ExitCode != 0)
    throw Error("cannot export the tree of commit " + Commit.substr(0, 12) +
                ": git archive: " + firstLine(Pack.Error));
  SubprocessResult Unpack = runSubprocess({"tar", "-xf", Archive, "-C", Destination});
  std::error_code EC;
  fs::remove(Archive, EC);
  if (Unpack.ExitCode != 0)
    throw Error("cannot export the tree of commit " + Commit.substr(0, 12) +
                ": tar: " + firstLine(Unpack.Error));
}

} // namespace modelcompat
