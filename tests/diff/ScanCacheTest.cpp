// The cache's bookkeeping, with a line-based stand-in for the scanner so the
// tests run in milliseconds: `param NAME` registers a parameter of the
// file's class, `#include "F"` includes a project file (transitively), a
// `use NAME` line takes the parameter NAME from the included file's
// `define NAME` line, as a constant from a header would, and `extend H NAME`
// registers NAME (or what a `define` makes of it) in H's class, as an
// out-of-line constructor would; such a line starts with the constructor's
// C++ spelling (`C_c::C_c() extend c.h NAME`), which the cache looks for to
// know which includers can add to a header's class. With the real Clang
// scanner, tests/cli/DiffCacheTest.cpp runs such scenarios through the binary
// (an included header changed, a header rescanned with its includers) and
// tests/extract/ScanCacheKeyTest.cpp the key's inputs outside the tree.
#include "modelcompat/diff/ScanCache.h"
#include "modelcompat/schema/SchemaJson.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace modelcompat;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> linesOf(const std::string &Text) {
  std::vector<std::string> Lines;
  std::istringstream In(Text);
  for (std::string Line; std::getline(In, Line);)
    Lines.push_back(Line);
  return Lines;
}

/// The stand-in scanner; counts the targets it was asked for.
struct LineScanner {
  std::vector<std::vector<std::string>> Calls;

  ScanResult operator()(const SourceTree &Tree, const std::vector<std::string> &Targets,
                        const ScanOptions &Options) {
    EXPECT_FALSE(Options.Flatten);
    Calls.push_back(Targets);
    std::map<std::string, const SourceFile *> Files;
    for (const SourceFile &File : Tree.Files)
      Files[File.Path] = &File;
    ScanResult Result;
    std::map<std::string, ModuleSchema> Modules;
    for (const std::string &Path : Targets) {
      ScannedFile Scanned{Path, {}, {}, false};
      std::map<std::string, std::string> Defines;
      std::vector<std::string> Pending = {Path};
      while (!Pending.empty()) {
        std::string Current = Pending.back();
        Pending.pop_back();
        auto It = Files.find(Current);
        if (It == Files.end())
          continue;
        for (const std::string &Line : linesOf(It->second->Content)) {
          if (Line.rfind("#include \"", 0) == 0) {
            std::string Included = Line.substr(10, Line.size() - 11);
            if (std::find(Scanned.Includes.begin(), Scanned.Includes.end(), Included) ==
                Scanned.Includes.end()) {
              Scanned.Includes.push_back(Included);
              Pending.push_back(Included);
            }
          } else if (Line.rfind("define ", 0) == 0) {
            std::istringstream Words(Line.substr(7));
            std::string Name, Value;
            Words >> Name >> Value;
            Defines[Name] = Value;
          }
        }
      }
      // `param` lines register in the file's own class; `extend H NAME`
      // registers NAME in H's class, like an out-of-line constructor.
      auto ModuleOf = [&](const std::string &File) -> ModuleSchema & {
        ModuleSchema &M = Modules[File];
        if (M.ClassName.empty()) {
          M.ClassName = "C_" + fs::path(File).stem().string();
          M.File = File;
        }
        return M;
      };
      auto Register = [](ModuleSchema &M, const std::string &Name, unsigned LineNo) {
        StateEntry Entry;
        Entry.Name = Name;
        Entry.Line = LineNo;
        Entry.Keys.push_back(StateKey{Name, EntryKind::Parameter, SymbolicShape{"4"}, std::nullopt,
                                      std::nullopt, "", LineNo, 1});
        M.Entries.push_back(std::move(Entry));
      };
      unsigned LineNo = 0;
      for (const std::string &Line : linesOf(Files.at(Path)->Content)) {
        ++LineNo;
        std::string Name;
        if (Line.rfind("param ", 0) == 0)
          Name = Line.substr(6);
        else if (Line.rfind("use ", 0) == 0)
          Name = Defines.count(Line.substr(4)) ? Defines[Line.substr(4)] : "{unknown}";
        else if (Line == "broken")
          Result.FilesWithErrors.push_back(Path);
        else if (Line.find("extend ") != std::string::npos) {
          std::istringstream Words(Line.substr(Line.find("extend ") + 7));
          std::string File, Member;
          Words >> File >> Member;
          Register(ModuleOf(File), Defines.count(Member) ? Defines[Member] : Member, LineNo);
        }
        if (!Name.empty())
          Register(ModuleOf(Path), Name, LineNo);
      }
      Result.Files.push_back(std::move(Scanned));
    }
    for (auto &[File, Module] : Modules)
      Result.Modules.push_back(std::move(Module));
    return Result;
  }
};

SourceTree tree(std::map<std::string, std::string> Files) {
  SourceTree Tree;
  for (auto &[Path, Content] : Files)
    Tree.Files.push_back({Path, Content, ""});
  return Tree;
}

std::vector<std::string> targetsOf(const SourceTree &Tree) {
  std::vector<std::string> Out;
  for (const SourceFile &File : Tree.Files)
    Out.push_back(File.Path);
  return Out;
}

struct ScanCacheTest : ::testing::Test {
  ScanResult run(const SourceTree &Tree, ScanCacheStats &Stats,
                 const std::string &Version = "1.0") {
    ScanFunction Scan = [this](const SourceTree &T, const std::vector<std::string> &Targets,
                               const ScanOptions &O) { return Scanner(T, Targets, O); };
    return scanWithCache(Tree, targetsOf(Tree), ScanOptions{},
                         ScanCacheOptions{Dir.file("cache"), Version}, Scan, Stats);
  }
  std::string json(const ScanResult &Result) { return scanResultToJson(Result).dump(); }

  test::TempDirectory Dir;
  LineScanner Scanner;
  SourceTree V1 = tree({{"names.h", "define kName proj\n"},
                        {"a.h", "#include \"names.h\"\nuse kName\nparam w\n"},
                        {"b.h", "param x\n"}});
};

} // namespace

TEST_F(ScanCacheTest, WarmRunScansNothingAndAnswersTheSame) {
  ScanCacheStats Cold, Warm;
  ScanResult First = run(V1, Cold);
  EXPECT_EQ(Cold.Scanned, (std::vector<std::string>{"a.h", "b.h", "names.h"}));
  ScanResult Second = run(V1, Warm);
  EXPECT_EQ(Warm.Hits, 3u);
  EXPECT_TRUE(Warm.Scanned.empty());
  EXPECT_EQ(Scanner.Calls.size(), 1u);
  EXPECT_EQ(json(First), json(Second));
  EXPECT_EQ(First.Modules[0].StateDict[0].Key, "proj");
}

TEST_F(ScanCacheTest, ChangingAnIncludedHeaderInvalidatesItsIncluders) {
  ScanCacheStats Cold, Changed;
  run(V1, Cold);
  SourceTree V2 = V1;
  V2.Files[2].Content = "define kName proj2\n"; // names.h
  ScanResult Result = run(V2, Changed);
  EXPECT_EQ(Changed.Scanned, (std::vector<std::string>{"a.h", "names.h"}));
  EXPECT_EQ(Result.Modules[0].ClassName, "C_a");
  EXPECT_EQ(Result.Modules[0].StateDict[0].Key, "proj2");
}

TEST_F(ScanCacheTest, OutOfLineConstructorsInAnIncluderAreFollowed) {
  // c.h declares C_c; c.cpp includes it and registers `z` in C_c.
  SourceTree Split =
      tree({{"c.h", "param w\n"}, {"c.cpp", "#include \"c.h\"\nC_c::C_c() extend c.h z\n"}});
  auto KeysOf = [](const ScanResult &Result) {
    std::string Keys;
    for (const ModuleSchema &M : Result.Modules)
      for (const StateKey &K : M.StateDict)
        Keys += M.ClassName + "." + K.Key + " ";
    return Keys;
  };
  ScanCacheStats Cold, OnlyCppChanged, NewIncluder, Warm;
  EXPECT_EQ(KeysOf(run(Split, Cold)), "C_c.z C_c.w ");
  // Changing only the .cpp must not leave the header's class stale.
  Split.Files[0].Content = "#include \"c.h\"\nC_c::C_c() extend c.h y\n";
  EXPECT_EQ(KeysOf(run(Split, OnlyCppChanged)), "C_c.y C_c.w ");
  EXPECT_EQ(OnlyCppChanged.Scanned, (std::vector<std::string>{"c.cpp", "c.h"}));
  // A new file that adds members: the fresh scan wins, and is remembered.
  Split.Files.push_back({"d.cpp", "#include \"c.h\"\nC_c::C_c() extend c.h v\n", ""});
  EXPECT_EQ(KeysOf(run(Split, NewIncluder)), "C_c.y C_c.w C_c.v ");
  EXPECT_EQ(NewIncluder.Scanned, (std::vector<std::string>{"c.cpp", "c.h", "d.cpp"}));
  EXPECT_EQ(KeysOf(run(Split, Warm)), "C_c.y C_c.w C_c.v ");
  EXPECT_EQ(Warm.Misses, 0u);
}

// The repository of a diff over several commits, scanned incrementally:
// c.h's class is built by c.cpp (taking a name from names.h, which only
// c.cpp includes); main.cpp and util.h are bystanders.
struct ScanCacheContextTest : ScanCacheTest {
  SourceTree Commit =
      tree({{"c.h", "param w\n"},
            {"c.cpp", "#include \"c.h\"\n#include \"names.h\"\nC_c::C_c() extend c.h kName\n"},
            {"names.h", "define kName proj\n"},
            {"main.cpp", "#include \"c.h\"\n#include \"util.h\"\n"},
            {"util.h", "\n"}});
  std::string keysOf(const ScanResult &Result) {
    std::string Keys;
    for (const ModuleSchema &M : Result.Modules)
      for (const StateKey &K : M.StateDict)
        Keys += M.ClassName + "." + K.Key + " ";
    return Keys;
  }
  SourceFile &file(const std::string &Path) {
    return *std::find_if(Commit.Files.begin(), Commit.Files.end(),
                         [&](const SourceFile &F) { return F.Path == Path; });
  }
};

TEST_F(ScanCacheContextTest, AHeaderIsRescannedWithTheFilesThatDefineItsMembers) {
  ScanCacheStats Cold, MainComment, CppComment;
  EXPECT_EQ(keysOf(run(Commit, Cold)), "C_c.proj C_c.w ");
  // main.cpp includes c.h but defines none of its members: a comment there
  // leaves c.h's result as it was.
  file("main.cpp").Content += "// a comment\n";
  EXPECT_EQ(keysOf(run(Commit, MainComment)), "C_c.proj C_c.w ");
  EXPECT_EQ(MainComment.Scanned, (std::vector<std::string>{"main.cpp"}));
  // c.cpp defines C_c's constructor: a comment there changes c.h's key, and
  // c.h must be parsed with c.cpp, which holds its registrations.
  file("c.cpp").Content += "// a comment\n";
  EXPECT_EQ(keysOf(run(Commit, CppComment)), "C_c.proj C_c.w ");
  EXPECT_EQ(CppComment.Scanned, (std::vector<std::string>{"c.cpp", "c.h"}));
  EXPECT_EQ(Scanner.Calls.back(), CppComment.Scanned);
}

TEST_F(ScanCacheContextTest, WhatAnIncluderIncludesIsPartOfTheKey) {
  ScanCacheStats Cold, Renamed;
  run(Commit, Cold);
  // Only c.cpp includes names.h; the name c.h's class registers changes.
  file("names.h").Content = "define kName out\n";
  EXPECT_EQ(keysOf(run(Commit, Renamed)), "C_c.out C_c.w ");
  // c.h is parsed with the file that defines its class's constructor.
  EXPECT_EQ(Renamed.Scanned, (std::vector<std::string>{"c.cpp", "c.h", "names.h"}));
  EXPECT_EQ(Scanner.Calls.size(), 2u); // One round: the manifests named the includers.
}

TEST_F(ScanCacheContextTest, AHeaderWithoutAClassDoesNotDependOnItsIncluders) {
  ScanCacheStats Cold, Comment;
  run(Commit, Cold);
  file("main.cpp").Content += "// a comment\n";
  run(Commit, Comment);
  EXPECT_EQ(std::count(Comment.Scanned.begin(), Comment.Scanned.end(), "util.h"), 0);
}

// The same within one run, without a directory: the head takes the base's
// results only where the key, context included, is unchanged.
TEST_F(ScanCacheContextTest, RunMemoryKeysTheContextToo) {
  ScanFunction Scan = [this](const SourceTree &T, const std::vector<std::string> &Targets,
                             const ScanOptions &O) { return Scanner(T, Targets, O); };
  ScanMemory Memory;
  ScanCacheOptions Options{"", "1.0"};
  Options.Memory = &Memory;
  ScanCacheStats Base, Head;
  SourceTree BaseTree = Commit;
  file("c.cpp").Content += "// a comment\n";
  scanWithCache(BaseTree, targetsOf(BaseTree), {}, Options, Scan, Base);
  ScanResult Result = scanWithCache(Commit, targetsOf(Commit), {}, Options, Scan, Head);
  EXPECT_EQ(keysOf(Result), "C_c.proj C_c.w ");
  EXPECT_EQ(Head.Scanned, (std::vector<std::string>{"c.cpp", "c.h"}));
}

TEST_F(ScanCacheTest, ToolVersionAndFlagsArePartOfTheKey) {
  ScanCacheStats Cold, OtherVersion;
  run(V1, Cold);
  run(V1, OtherVersion, "2.0");
  EXPECT_EQ(OtherVersion.Misses, 3u);
}

TEST_F(ScanCacheTest, CorruptEntriesAreWarnedAboutAndRescanned) {
  ScanCacheStats Cold, Warm;
  ScanResult Good = run(V1, Cold);
  for (const auto &Entry : fs::directory_iterator(Dir.file("cache/results")))
    std::ofstream(Entry.path()) << "{\"schema_version\": 1, \"modules\": 7}";
  ScanResult Again = run(V1, Warm);
  EXPECT_EQ(json(Again), json(Good));
  EXPECT_EQ(Warm.Misses, 3u);
  ASSERT_EQ(Warm.Warnings.size(), 3u);
  EXPECT_NE(
      Warm.Warnings[0].find("ignoring corrupt scan cache entry '" + Dir.file("cache/results/")),
      std::string::npos)
      << Warm.Warnings[0];
  EXPECT_NE(Warm.Warnings[0].find("\"modules\" is not an array); rescanning"), std::string::npos)
      << Warm.Warnings[0];
  ScanCacheStats Repaired;
  run(V1, Repaired);
  EXPECT_EQ(Repaired.Hits, 3u);
  EXPECT_TRUE(Repaired.Warnings.empty());
}

TEST_F(ScanCacheTest, TruncatedManifestIsIgnored) {
  ScanCacheStats Cold, Warm;
  run(V1, Cold);
  for (const auto &Entry : fs::directory_iterator(Dir.file("cache/manifests")))
    std::ofstream(Entry.path()) << "{\"path\": ";
  run(V1, Warm);
  EXPECT_EQ(Warm.Misses, 3u);
  EXPECT_EQ(Warm.Warnings.size(), 3u);
}

TEST_F(ScanCacheTest, UnwritableCacheWarnsOnceAndStillAnswers) {
  Dir.write("cache", "a file where the cache directory should be");
  ScanCacheStats Stats;
  ScanResult Result = run(V1, Stats);
  EXPECT_EQ(Result.Modules.size(), 2u);
  ASSERT_EQ(Stats.Warnings.size(), 1u);
  EXPECT_EQ(Stats.Warnings[0].rfind("cannot write the scan cache in '" + Dir.file("cache") +
                                        "', continuing without it: ",
                                    0),
            0u)
      << Stats.Warnings[0];
}

TEST_F(ScanCacheTest, NoDirectoryMeansNoCache) {
  ScanFunction Scan = [this](const SourceTree &T, const std::vector<std::string> &Targets,
                             const ScanOptions &O) { return Scanner(T, Targets, O); };
  ScanCacheStats A, B;
  scanWithCache(V1, targetsOf(V1), {}, {"", "1.0"}, Scan, A);
  scanWithCache(V1, targetsOf(V1), {}, {"", "1.0"}, Scan, B);
  EXPECT_EQ(B.Misses, 3u);
  EXPECT_FALSE(fs::exists(Dir.file("cache")));
}

// A diff's two commits within one run: without a directory, the head scan
// takes the base scan's result for every file whose key is unchanged.
TEST_F(ScanCacheTest, RunMemoryReusesUnchangedFilesWithoutADirectory) {
  ScanFunction Scan = [this](const SourceTree &T, const std::vector<std::string> &Targets,
                             const ScanOptions &O) { return Scanner(T, Targets, O); };
  ScanMemory Memory;
  ScanCacheOptions Options{"", "1.0"};
  Options.Memory = &Memory;
  SourceTree V2 = V1;
  V2.Files[2].Content = "define kName renamed\n"; // names.h: a.h includes it
  ScanCacheStats Base, Head;
  scanWithCache(V1, targetsOf(V1), {}, Options, Scan, Base);
  ScanResult Result = scanWithCache(V2, targetsOf(V2), {}, Options, Scan, Head);
  EXPECT_EQ(Head.Hits, 1u);
  EXPECT_EQ(Head.Scanned, (std::vector<std::string>{"a.h", "names.h"}));
  EXPECT_EQ(Result.Counts.Reused, 1u);
  EXPECT_EQ(Result.Modules[0].StateDict[0].Key, "renamed");
  EXPECT_FALSE(fs::exists(Dir.file("cache")));
}

TEST_F(ScanCacheTest, FilesWithErrorsAreCachedAsSuch) {
  SourceTree Broken = tree({{"a.h", "param w\nbroken\n"}});
  ScanCacheStats Cold, Warm;
  run(Broken, Cold);
  ScanResult Result = run(Broken, Warm);
  EXPECT_EQ(Warm.Hits, 1u);
  EXPECT_EQ(Result.FilesWithErrors, std::vector<std::string>{"a.h"});
}

TEST(UnchangedFiles, NeedTheFileAndItsIncludesUnchanged) {
  SourceTree Base = tree({{"a.h", "1"}, {"b.h", "2"}, {"c.h", "3"}});
  SourceTree Head = tree({{"a.h", "1"}, {"b.h", "2*"}, {"c.h", "3"}});
  ScanResult HeadScan;
  HeadScan.Files = {{"a.h", {"b.h"}, {}, false}, {"c.h", {}, {}, false}};
  EXPECT_EQ(unchangedFiles(Base, Head, HeadScan), (std::set<std::string>{"c.h"}));
}

TEST(DefaultCacheDirectory, FollowsXdgThenHome) {
  std::string Old = std::getenv("XDG_CACHE_HOME") ? std::getenv("XDG_CACHE_HOME") : "";
  ::setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(defaultCacheDirectory(), "/tmp/xdg/modelcompat");
  ::unsetenv("XDG_CACHE_HOME");
  ::setenv("HOME", "/home/someone", 1);
  EXPECT_EQ(defaultCacheDirectory(), "/home/someone/.cache/modelcompat");
  if (!Old.empty())
    ::setenv("XDG_CACHE_HOME", Old.c_str(), 1);
}
