#include "modelcompat/migrate/MigrationSpec.h"
#include "modelcompat/support/Error.h"

#include <gtest/gtest.h>

using namespace modelcompat;
using nlohmann::json;

TEST(MigrationSpec, RoundTripsEveryOp) {
  json Document = json::parse(R"({"schema_version": 1, "module": "ns::AttnBlockImpl",
    "from": {"commit": "aaa"}, "to": {"commit": "bbb"},
    "rules": [
      {"op": "rename", "from": "proj_attn.weight", "to": "attn.out_proj.weight", "confidence": 0.86},
      {"op": "rename", "from": "heads.{i}.proj.bias", "to": "heads.{i}.out.bias"},
      {"op": "init", "key": "up.0.outpad", "source": "new_model"},
      {"op": "init", "key": "scale", "source": "value", "value": 0.5},
      {"op": "init", "key": "attn.out_proj.weight", "source": "identity"},
      {"op": "drop", "key": "background", "reason": "buffer removed"},
      {"op": "reshape", "from": "pos", "to": "pos", "shape": [1, 32]},
      {"op": "split", "from": "qkv.weight", "keys": ["q.weight", "k.weight"], "dim": 0},
      {"op": "merge", "keys": ["q.weight", "k.weight"], "to": "qk.weight", "dim": 0},
      {"op": "todo", "keys": ["pos_embed"], "reason": "decide how to resize"}]})");
  MigrationSpec Spec = migrationSpecFromJson(Document, "spec.json");
  ASSERT_EQ(Spec.Rules.size(), 10u);
  EXPECT_EQ(Spec.id(), "ns::AttnBlockImpl@aaa..bbb");
  EXPECT_EQ(migrationSpecToJson(Spec), Document);
}

TEST(MigrationSpec, RejectsARuleWithoutItsFieldsNamingIt) {
  json Document = json::parse(R"({"schema_version": 1, "module": "M",
    "from": {"commit": "a"}, "to": {"commit": "b"},
    "rules": [{"op": "drop", "key": "x"}]})");
  try {
    migrationSpecFromJson(Document, "m.json");
    FAIL();
  } catch (const Error &E) {
    EXPECT_STREQ(E.what(), "invalid migration spec 'm.json': rule 0: needs a "
                           "non-empty string \"reason\"");
  }
}

TEST(MigrationSpec, RejectsUnknownOp) {
  json Document = json::parse(R"({"schema_version": 1, "module": "M",
    "from": {"commit": "a"}, "to": {"commit": "b"}, "rules": [{"op": "eval"}]})");
  EXPECT_THROW(migrationSpecFromJson(Document, "m.json"), Error);
}

TEST(KeyPattern, BindsPlaceholdersToOneSegment) {
  auto Bindings = matchKeyPattern("heads.{i}.proj.bias", "heads.12.proj.bias");
  ASSERT_TRUE(Bindings);
  ASSERT_EQ(Bindings->size(), 1u);
  EXPECT_EQ((*Bindings)[0].second, "12");
  EXPECT_EQ(expandKeyPattern("heads.{i}.out.bias", *Bindings), "heads.12.out.bias");
  EXPECT_FALSE(matchKeyPattern("heads.{i}.proj.bias", "heads.1.2.proj.bias"));
  EXPECT_FALSE(matchKeyPattern("heads.{i}.proj.bias", "heads..proj.bias"));
  EXPECT_TRUE(matchKeyPattern("layer{i}.weight", "layer3.weight"));
}
