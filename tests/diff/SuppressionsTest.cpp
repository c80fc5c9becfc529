#include "modelcompat/diff/Suppressions.h"
#include "modelcompat/support/Error.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>

using namespace modelcompat;
using nlohmann::json;

namespace {

Change renamed(const std::string &Module, const std::string &Old, const std::string &New) {
  Change C;
  C.Module = Module;
  C.Kind = ChangeKind::Renamed;
  C.OldKey = Old;
  C.NewKey = New;
  return C;
}

/// The usage error a document raises, or "(valid)".
std::string problemOf(const std::string &Text) {
  try {
    suppressionsFromJson(json::parse(Text), "supp.json");
  } catch (const Error &E) {
    EXPECT_EQ(E.kind(), ErrorKind::Usage);
    return E.what();
  }
  return "(valid)";
}

} // namespace

TEST(Suppressions, InvalidFilesAreUsageErrorsNamingTheProblem) {
  EXPECT_EQ(problemOf(R"([])"), "invalid suppressions file 'supp.json': expected a JSON "
                                "object with a \"suppressions\" array");
  EXPECT_EQ(problemOf(R"({"suppressions": [{"module": "A"}]})"),
            "invalid suppressions file 'supp.json': suppression 0: missing \"reason\"");
  EXPECT_EQ(problemOf(R"({"suppressions": [{"reason": "ok"}, {"reason": ""}]})"),
            "invalid suppressions file 'supp.json': suppression 1: \"reason\" must be a "
            "non-empty string");
  EXPECT_EQ(problemOf(R"({"suppressions": [{"reason": "r", "kind": "renamd"}]})"),
            "invalid suppressions file 'supp.json': suppression 0: unknown kind 'renamd' "
            "(expected added, removed, renamed, reshaped, retyped, condition-changed, "
            "class-renamed, unresolved, loop-bound-changed or shape-expression-changed)");
  EXPECT_EQ(problemOf(R"({"suppressions": [{"reason": "r", "modul": "A"}]})"),
            "invalid suppressions file 'supp.json': suppression 0: unknown field 'modul'");
  EXPECT_EQ(problemOf(R"({"schema_version": 2, "suppressions": []})"),
            "invalid suppressions file 'supp.json': unsupported schema_version 2 (expected 1)");
  EXPECT_EQ(problemOf(R"({"suppressions": [], "extra": 1})"),
            "invalid suppressions file 'supp.json': unknown field 'extra'");
  EXPECT_EQ(problemOf(R"({"schema_version": 1, "suppressions": [{"reason": "r"}]})"), "(valid)");
}

TEST(Suppressions, UnreadableAndMalformedFilesAreUsageErrors) {
  test::TempDirectory Dir;
  std::string Bad = Dir.write("bad.json", "{not json");
  try {
    readSuppressions(Bad);
    FAIL();
  } catch (const Error &E) {
    EXPECT_EQ(E.kind(), ErrorKind::Usage);
    EXPECT_EQ(std::string(E.what()), "invalid suppressions file '" + Bad + "': not valid JSON");
  }
  try {
    readSuppressions(Dir.file("missing.json"));
    FAIL();
  } catch (const Error &E) {
    EXPECT_EQ(E.kind(), ErrorKind::Usage);
    EXPECT_EQ(std::string(E.what()),
              "cannot read '" + Dir.file("missing.json") + "': No such file or directory");
  }
}

TEST(Suppressions, MatchModuleKeyAndKind) {
  SchemaDiff Diff;
  Diff.Changes = {renamed("ns::AttnBlockImpl", "proj_attn.weight", "attn.out_proj.weight"),
                  renamed("ns::AttnBlockImpl", "to_q.weight", "attn.to_q.weight"),
                  renamed("ns::OtherImpl", "proj_attn.weight", "x")};
  SuppressionFile File = suppressionsFromJson(json::parse(R"({"suppressions": [
      {"module": "ns::Attn*", "key": "proj_attn.*", "kind": "renamed", "reason": "retrained"},
      {"module": "ns::*", "key": "*.out_proj.*", "kind": "added", "reason": "never matches"}]})"),
                                              "supp.json");
  std::vector<size_t> Unmatched = applySuppressions(Diff, File);
  EXPECT_TRUE(Diff.Changes[0].Suppressed);
  EXPECT_EQ(Diff.Changes[0].SuppressionReason, "retrained");
  EXPECT_FALSE(Diff.Changes[1].Suppressed);
  EXPECT_FALSE(Diff.Changes[2].Suppressed);
  EXPECT_EQ(Unmatched, std::vector<size_t>{1});
  EXPECT_EQ(unmatchedSuppressionWarning(File, 1),
            "suppression 1 in 'supp.json' (module 'ns::*', key '*.out_proj.*', kind "
            "'added') matched no finding");
}

TEST(Suppressions, GlobMatching) {
  EXPECT_TRUE(matchesGlob("*", ""));
  EXPECT_TRUE(matchesGlob("ns::*Impl", "ns::AttnBlockImpl"));
  EXPECT_TRUE(matchesGlob("a?c", "abc"));
  EXPECT_TRUE(matchesGlob("*.weight", "attn.to_q.weight"));
  EXPECT_FALSE(matchesGlob("*.weight", "attn.to_q.bias"));
  EXPECT_FALSE(matchesGlob("ns::A*", "other::A"));
}
