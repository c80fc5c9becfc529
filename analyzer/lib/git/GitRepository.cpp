//===- GitRepository.cpp - Read commits straight from git objects --------===//
#include "modelcompat/git/GitRepository.h"
#include "modelcompat/support/Error.h"

#include <git2.h>

#include <algorithm>
#include <mutex>

namespace modelcompat {
namespace {

/// libgit2 wants one global init; it is never shut down (the process ends).
void initLibgit2Once() {
  static std::once_flag Once;
  std::call_once(Once, [] { git_libgit2_init(); });
}

std::string lastGitError() {
  const git_error *E = git_error_last();
  return E && E->message ? E->message : "unknown libgit2 error";
}

std::string withoutTrailingSlash(std::string Path) {
  while (Path.size() > 1 && Path.back() == '/')
    Path.pop_back();
  return Path;
}

bool endsWith(const std::string &Text, const std::string &Suffix) {
  return Text.size() >= Suffix.size() &&
         Text.compare(Text.size() - Suffix.size(), Suffix.size(), Suffix) == 0;
}

/// Owns one libgit2 object and frees it with git_object_free.
struct ObjectDeleter {
  void operator()(git_object *Object) const { git_object_free(Object); }
};
using ObjectPtr = std::unique_ptr<git_object, ObjectDeleter>;

/// A blob found while walking a tree; read after the walk so that nothing
/// can throw through libgit2's C callback.
struct BlobRef {
  std::string Path;
  git_oid Id;
};

struct WalkState {
  const TreeFilter *Filter;
  std::vector<BlobRef> Blobs;
};

bool passesFilter(const std::string &Path, const TreeFilter &Filter) {
  if (!isUnderAnyPath(Path, Filter.Paths))
    return false;
  if (Filter.Extensions.empty())
    return true;
  return std::any_of(Filter.Extensions.begin(), Filter.Extensions.end(),
                     [&](const std::string &Ext) { return endsWith(Path, Ext); });
}

int collectBlob(const char *Root, const git_tree_entry *Entry, void *Payload) {
  auto &State = *static_cast<WalkState *>(Payload);
  if (git_tree_entry_type(Entry) != GIT_OBJECT_BLOB ||
      git_tree_entry_filemode(Entry) == GIT_FILEMODE_LINK)
    return 0;
  std::string Path = std::string(Root) + git_tree_entry_name(Entry);
  if (passesFilter(Path, *State.Filter))
    State.Blobs.push_back({std::move(Path), *git_tree_entry_id(Entry)});
  return 0;
}

std::string oidText(const git_oid &Id) {
  char Buffer[GIT_OID_HEXSZ + 1];
  git_oid_tostr(Buffer, sizeof(Buffer), &Id);
  return Buffer;
}

} // namespace

bool isUnderAnyPath(const std::string &Path, const std::vector<std::string> &Prefixes) {
  if (Prefixes.empty())
    return true;
  for (std::string Prefix : Prefixes) {
    Prefix = withoutTrailingSlash(Prefix);
    if (Prefix == "." || Prefix.empty() || Path == Prefix ||
        (Path.size() > Prefix.size() && Path.compare(0, Prefix.size(), Prefix) == 0 &&
         Path[Prefix.size()] == '/'))
      return true;
  }
  return false;
}

struct GitRepository::Impl {
  git_repository *Repo = nullptr;
  ~Impl() { git_repository_free(Repo); }
};

GitRepository::GitRepository(std::unique_ptr<Impl> State) : State(std::move(State)) {}
GitRepository::GitRepository(GitRepository &&) noexcept = default;
GitRepository &GitRepository::operator=(GitRepository &&) noexcept = default;
GitRepository::~GitRepository() = default;

GitRepository GitRepository::open(const std::string &Path) {
  initLibgit2Once();
  auto State = std::make_unique<Impl>();
  if (git_repository_open_ext(&State->Repo, Path.c_str(), 0, nullptr) != 0)
    throw Error("'" + Path + "' is not a git repository (" + lastGitError() + ")");
  const char *Shown = git_repository_is_bare(State->Repo) ? git_repository_path(State->Repo)
                                                          : git_repository_workdir(State->Repo);
  GitRepository Repo(std::move(State));
  Repo.DisplayPath = withoutTrailingSlash(Shown ? Shown : Path);
  return Repo;
}

bool GitRepository::isBare() const { return git_repository_is_bare(State->Repo) != 0; }

ResolvedRevision GitRepository::resolve(const std::string &Rev) const {
  git_object *Raw = nullptr;
  if (Rev.empty() || git_revparse_single(&Raw, State->Repo, Rev.c_str()) != 0)
    throw Error("unknown revision '" + Rev + "' in repository '" + DisplayPath + "'");
  ObjectPtr Object(Raw);
  git_object *Peeled = nullptr;
  if (git_object_peel(&Peeled, Object.get(), GIT_OBJECT_COMMIT) != 0)
    throw Error("revision '" + Rev + "' in repository '" + DisplayPath + "' is not a commit");
  ObjectPtr Commit(Peeled);
  return {Rev, oidText(*git_object_id(Commit.get()))};
}

SourceTree GitRepository::readTree(const ResolvedRevision &Revision,
                                   const TreeFilter &Filter) const {
  auto Fail = [&](const std::string &What) {
    return Error("cannot read " + What + " of commit " + Revision.Commit + " ('" + Revision.Spec +
                 "') in repository '" + DisplayPath + "': " + lastGitError());
  };
  git_oid Id;
  git_commit *RawCommit = nullptr;
  if (git_oid_fromstr(&Id, Revision.Commit.c_str()) != 0 ||
      git_commit_lookup(&RawCommit, State->Repo, &Id) != 0)
    throw Fail("the commit object");
  ObjectPtr CommitObject(reinterpret_cast<git_object *>(RawCommit));
  git_tree *RawTree = nullptr;
  if (git_commit_tree(&RawTree, RawCommit) != 0)
    throw Fail("the tree");
  ObjectPtr TreeObject(reinterpret_cast<git_object *>(RawTree));

  WalkState Walk{&Filter, {}};
  if (git_tree_walk(RawTree, GIT_TREEWALK_PRE, collectBlob, &Walk) != 0)
    throw Fail("the tree");

  SourceTree Tree;
  for (const BlobRef &Ref : Walk.Blobs) {
    git_blob *RawBlob = nullptr;
    if (git_blob_lookup(&RawBlob, State->Repo, &Ref.Id) != 0)
      throw Fail("blob '" + Ref.Path + "'");
    ObjectPtr Blob(reinterpret_cast<git_object *>(RawBlob));
    const char *Data = static_cast<const char *>(git_blob_rawcontent(RawBlob));
    Tree.Files.push_back(
        {Ref.Path, std::string(Data, Data + git_blob_rawsize(RawBlob)), oidText(Ref.Id)});
  }
  std::sort(Tree.Files.begin(), Tree.Files.end(),
            [](const SourceFile &A, const SourceFile &B) { return A.Path < B.Path; });
  return Tree;
}

} // namespace modelcompat
