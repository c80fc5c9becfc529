//===- AtomicFileTest.cpp - Atomic, fsync'd, race-free output files -------===//
#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/ReadFile.h"
#include "support/ErrorText.h"
#include "support/TempDirectory.h"

#include "modelcompat/support/Error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

using namespace modelcompat;
using namespace modelcompat::test;
namespace fs = std::filesystem;

namespace {

/// Everything in Dir, so a leftover temporary file shows.
std::vector<std::string> listing(const fs::path &Dir) {
  std::vector<std::string> Names;
  for (const fs::directory_entry &Entry : fs::directory_iterator(Dir))
    Names.push_back(Entry.path().filename().string());
  std::sort(Names.begin(), Names.end());
  return Names;
}

} // namespace

TEST(AtomicFile, ReplaceOverwritesReportFiles) {
  TempDirectory Dir;
  std::string Path = Dir.write("report.json", "old");
  writeFileAtomically(Path, "new");
  EXPECT_EQ(readFile(Path), "new");
  EXPECT_EQ(listing(Dir.path()), std::vector<std::string>{"report.json"});
}

TEST(AtomicFile, RefuseKeepsUserData) {
  TempDirectory Dir;
  std::string Path = Dir.write("spec.json", "mine");
  EXPECT_EQ(errorOf([&] { writeFileAtomically(Path, "theirs", OverwritePolicy::Refuse); }),
            "refusing to overwrite existing file '" + Path + "' (use --force to replace it)");
  EXPECT_EQ(readFile(Path), "mine");
  EXPECT_EQ(listing(Dir.path()), std::vector<std::string>{"spec.json"});
}

TEST(AtomicFile, RefusalIsDecidedByTheRename) {
  // Another writer creates the file after the early check, while this one
  // writes: the rename refuses, the other writer's file stays.
  TempDirectory Dir;
  std::string Path = Dir.file("spec.json");
  std::string Error = errorOf([&] {
    writeFileAtomically(
        Path,
        [&](std::ostream &Out) {
          Dir.write("spec.json", "the other writer");
          Out << "late";
        },
        OverwritePolicy::Refuse);
  });
  EXPECT_EQ(Error,
            "refusing to overwrite existing file '" + Path + "' (use --force to replace it)");
  EXPECT_EQ(readFile(Path), "the other writer");
  EXPECT_EQ(listing(Dir.path()), std::vector<std::string>{"spec.json"});
}

TEST(AtomicFile, RefuseWritesANewFile) {
  TempDirectory Dir;
  std::string Path = Dir.file("sub/dir/spec.json");
  writeFileAtomically(Path, "fresh", OverwritePolicy::Refuse);
  EXPECT_EQ(readFile(Path), "fresh");
  EXPECT_EQ(listing(Dir.path() / "sub" / "dir"), std::vector<std::string>{"spec.json"});
}

TEST(AtomicFile, AFailedWriteLeavesNoTemporaryFile) {
  TempDirectory Dir;
  std::string Path = Dir.write("out.bin", "before");
  EXPECT_EQ(errorOf([&] {
              writeFileAtomically(Path, [](std::ostream &Out) {
                Out << "half";
                throw Error("tensor 'w' cannot be written");
              });
            }),
            "tensor 'w' cannot be written");
  EXPECT_EQ(readFile(Path), "before");
  EXPECT_EQ(listing(Dir.path()), std::vector<std::string>{"out.bin"});
}
