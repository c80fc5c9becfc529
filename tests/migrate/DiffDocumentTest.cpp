// Reading a saved `diff --format json` report.
#include "modelcompat/migrate/DiffDocument.h"
#include "modelcompat/support/Error.h"

#include <gtest/gtest.h>

using namespace modelcompat;
using nlohmann::json;

TEST(DiffDocument, ReadsTheReportContract) {
  DiffDocument Document = diffDocumentFromJson(json::parse(R"({"schema_version": 1,
    "base": {"rev": "v1", "commit": "aaa"}, "head": {"rev": "HEAD", "commit": "bbb"},
    "changes": [{"module": "ns::AttnBlockImpl", "kind": "renamed", "entry_kind": "parameter",
                 "old_key": "proj_attn.weight", "new_key": "attn.out_proj.weight",
                 "old_shape": ["ch", "ch"], "new_shape": ["ch", "ch"], "confidence": 0.86,
                 "reason": "same type and shape",
                 "breaking": true, "covered_by": null, "suppressed": false,
                 "file": "models/attn.h", "line": 42}],
    "unresolved_files": ["models/broken.h"],
    "summary": {"total": 1, "breaking": 1, "covered": 0, "suppressed": 0}})"),
                                               "d.json");
  EXPECT_EQ(Document.Base.Spec, "v1");
  EXPECT_EQ(Document.Base.Commit, "aaa");
  EXPECT_EQ(Document.Head.Commit, "bbb");
  ASSERT_EQ(Document.Diff.Changes.size(), 1u);
  const Change &C = Document.Diff.Changes[0];
  EXPECT_EQ(C.Kind, ChangeKind::Renamed);
  EXPECT_EQ(*C.OldKey, "proj_attn.weight");
  EXPECT_EQ(*C.NewShape, (SymbolicShape{"ch", "ch"}));
  EXPECT_EQ(*C.Confidence, 0.86);
  EXPECT_FALSE(C.CoveredBy);
  EXPECT_EQ(C.Line, 42u);
  EXPECT_EQ(Document.Diff.UnresolvedFiles, std::vector<std::string>{"models/broken.h"});
}

TEST(DiffDocument, ErrorsNameTheFileAndTheChange) {
  auto Message = [](const char *Text) {
    try {
      diffDocumentFromJson(json::parse(Text), "d.json");
    } catch (const Error &E) {
      return std::string(E.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(Message(R"({"schema_version": 2})"),
            "invalid diff report 'd.json': unsupported or missing schema_version (expected 1)");
  EXPECT_EQ(Message(R"({"schema_version": 1, "base": {"commit": "a"}, "changes": []})"),
            "invalid diff report 'd.json': missing \"head\": {\"commit\": ...}");
  EXPECT_EQ(Message(R"({"schema_version": 1, "base": {"commit": "a"}, "head": {"commit": "b"},
    "changes": [{"module": "M", "kind": "moved"}]})"),
            "invalid diff report 'd.json': change 0: unknown kind 'moved'");
}
