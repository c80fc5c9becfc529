// The engine's invariants (DiffInvariants.h) over the JSON of every golden
// diff case: no key renamed to itself, no type retyped to itself, and no
// layout finding of a class whose sources are byte-identical between old/
// and new/. DiffGoldenTest proves expected.json is what the engine prints.
#include "modelcompat/diff/DiffInvariants.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;
using namespace modelcompat;

namespace {

fs::path goldenRoot() { return fs::path(MODELCOMPAT_TEST_SOURCE_DIR) / "tests/golden/diff"; }

std::string readText(const fs::path &Path) {
  std::ifstream In(Path, std::ios::binary);
  std::stringstream Buffer;
  Buffer << In.rdbuf();
  return Buffer.str();
}

std::optional<std::string> optionalText(const nlohmann::json &Value, const char *Name) {
  auto It = Value.find(Name);
  if (It == Value.end() || !It->is_string())
    return std::nullopt;
  return It->get<std::string>();
}

/// The project files a file includes with quotes, resolved next to it or
/// at the root, transitively.
std::set<std::string> includesOf(const fs::path &Root, const std::string &File) {
  std::set<std::string> Seen;
  std::vector<std::string> Work{File};
  static const std::regex Include("#include \"([^\"]+)\"");
  while (!Work.empty()) {
    std::string Current = Work.back();
    Work.pop_back();
    std::string Text = readText(Root / Current);
    for (std::sregex_iterator It(Text.begin(), Text.end(), Include), End; It != End; ++It) {
      for (fs::path Candidate :
           {fs::path(Current).parent_path() / (*It)[1].str(), fs::path((*It)[1].str())}) {
        std::string Relative = Candidate.lexically_normal().generic_string();
        if (fs::exists(Root / Relative) && Seen.insert(Relative).second)
          Work.push_back(Relative);
      }
    }
  }
  return Seen;
}

/// Files of a case identical in old/ and new/, along with what they include,
/// and included by no file that changed.
std::set<std::string> unchangedSources(const fs::path &Case) {
  std::set<std::string> Paths;
  for (const char *Side : {"old", "new"})
    for (const auto &Entry : fs::recursive_directory_iterator(Case / Side))
      if (Entry.is_regular_file())
        Paths.insert(fs::relative(Entry.path(), Case / Side).generic_string());
  auto Same = [&](const std::string &Path) {
    return fs::exists(Case / "old" / Path) && fs::exists(Case / "new" / Path) &&
           readText(Case / "old" / Path) == readText(Case / "new" / Path);
  };
  std::set<std::string> Unchanged;
  for (const std::string &Path : Paths) {
    if (!Same(Path))
      continue;
    bool Ok = true;
    for (const char *Side : {"old", "new"})
      if (fs::exists(Case / Side / Path))
        for (const std::string &Included : includesOf(Case / Side, Path))
          Ok = Ok && Same(Included);
    for (const std::string &Other : Paths)
      for (const char *Side : {"old", "new"})
        if (!Same(Other) && fs::exists(Case / Side / Other) &&
            includesOf(Case / Side, Other).count(Path))
          Ok = false;
    if (Ok)
      Unchanged.insert(Path);
  }
  return Unchanged;
}

} // namespace

TEST(GoldenInvariants, HoldForEveryGoldenDiffCase) {
  size_t Cases = 0;
  for (const fs::directory_entry &Entry : fs::directory_iterator(goldenRoot())) {
    fs::path Json = Entry.path() / "expected.json";
    if (!fs::exists(Json))
      continue;
    ++Cases;
    nlohmann::json Document = nlohmann::json::parse(readText(Json));
    std::set<std::string> Unchanged = unchangedSources(Entry.path());
    std::vector<Change> Changes;
    std::set<std::string> UnchangedClasses;
    for (const nlohmann::json &Item : Document.at("changes")) {
      Change C;
      C.Module = Item.value("module", "");
      C.OldModule = optionalText(Item, "old_module").value_or("");
      std::optional<ChangeKind> Kind = parseChangeKind(Item.at("kind").get<std::string>());
      ASSERT_TRUE(Kind) << Entry.path();
      C.Kind = *Kind;
      C.OldKey = optionalText(Item, "old_key");
      C.NewKey = optionalText(Item, "new_key");
      C.OldLayer = optionalText(Item, "old_layer").value_or("");
      C.NewLayer = optionalText(Item, "new_layer").value_or("");
      C.Reason = optionalText(Item, "reason").value_or("");
      C.File = Item.value("file", "");
      if (Unchanged.count(C.File))
        UnchangedClasses.insert(C.Module);
      Changes.push_back(C);
    }
    for (const InvariantViolation &V : diffInvariantViolations(Changes, UnchangedClasses))
      ADD_FAILURE() << Entry.path().filename().string() << ": " << V.Message;
  }
  EXPECT_GE(Cases, 20u);
}

TEST(GoldenInvariants, TheCheckCatchesEachKindOfViolation) {
  Change Renamed;
  Renamed.Module = "ns::DownImpl";
  Renamed.Kind = ChangeKind::Renamed;
  Renamed.OldKey = Renamed.NewKey = "down.0.weight";
  Change Retyped;
  Retyped.Module = "ns::NetImpl";
  Retyped.Kind = ChangeKind::Retyped;
  Retyped.NewKey = "down";
  Retyped.OldLayer = Retyped.NewLayer = "ns::Downsample";
  Change Added;
  Added.Module = "ns::SameImpl";
  Added.Kind = ChangeKind::Added;
  Added.NewKey = "w";
  std::vector<InvariantViolation> Found =
      diffInvariantViolations({Renamed, Retyped, Added}, {"ns::SameImpl"});
  ASSERT_EQ(Found.size(), 3u);
  EXPECT_EQ(Found[0].Message, "renamed 'down.0.weight' to itself in 'ns::DownImpl'");
  EXPECT_EQ(Found[1].Message,
            "retyped 'down' from 'ns::Downsample' to the same type in 'ns::NetImpl'");
  EXPECT_EQ(Found[2].Message, "added finding in 'ns::SameImpl', whose sources did not change");
}

TEST(GoldenInvariants, AClassWhoseBaseClassHeaderChangedIsNotUnchanged) {
  // cnnbase.h is identical at both commits, but it includes nnbase.h,
  // which gained a layer: CnnBase's inherited keys change with it.
  auto scan = [](const std::string &Base) {
    ScanResult Scan;
    ModuleSchema Derived;
    Derived.ClassName = "rl::CnnBase";
    Derived.File = "model/cnnbase.h";
    Derived.BaseClasses = {Base};
    ModuleSchema Parent;
    Parent.ClassName = Base;
    Parent.File = "model/nnbase.h";
    Scan.Modules = {Derived, Parent};
    Scan.Files = {ScannedFile{"model/cnnbase.h", {"model/nnbase.h"}, {}, false, {}, true, {}},
                  ScannedFile{"model/nnbase.h", {}, {}, false, {}, true, {}},
                  ScannedFile{"model/other.h", {}, {}, false, {}, true, {}}};
    return Scan;
  };
  ScanResult Base = scan("rl::NNBase"), Head = scan("rl::NNBase");
  EXPECT_EQ(unchangedClasses(Base, Head, {"model/cnnbase.h"}), std::set<std::string>{});
  EXPECT_EQ(unchangedClasses(Base, Head, {"model/cnnbase.h", "model/nnbase.h"}),
            (std::set<std::string>{"rl::CnnBase", "rl::NNBase"}));
}
