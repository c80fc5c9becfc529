// A committed spec covers what its rules map; a todo covers nothing.
#include "modelcompat/migrate/SpecCoverage.h"

#include <gtest/gtest.h>

using namespace modelcompat;

TEST(SpecCoverage, RulesConsumeAndSourceKeysButTodosCoverNothing) {
  MigrationSpec Spec = migrationSpecFromJson(nlohmann::json::parse(R"({"schema_version": 1,
    "module": "ns::AttnBlockImpl", "from": {"commit": "a"}, "to": {"commit": "b"},
    "rules": [
      {"op": "rename", "from": "heads.{i}.proj.bias", "to": "heads.{i}.out.bias"},
      {"op": "init", "key": "outpad", "source": "new_model"},
      {"op": "drop", "key": "background", "reason": "gone"},
      {"op": "merge", "keys": ["to_q.weight", "to_k.weight"], "to": "qk.weight", "dim": 0},
      {"op": "split", "from": "kv.bias", "keys": ["k.bias", "v.bias"], "dim": 0},
      {"op": "todo", "keys": ["pos_embed"], "reason": "resize"}]})"),
                                             "m.json");
  MigrationCoverage Coverage = coverageOfSpec(Spec, "modelcompat/migrations/m.json");
  EXPECT_EQ(Coverage.Path, "modelcompat/migrations/m.json");
  EXPECT_EQ(Coverage.Module, "ns::AttnBlockImpl");
  EXPECT_EQ(Coverage.OldKeys, (std::vector<std::string>{"heads.{i}.proj.bias", "background",
                                                        "to_q.weight", "to_k.weight", "kv.bias"}));
  EXPECT_EQ(Coverage.NewKeys, (std::vector<std::string>{"heads.{i}.out.bias", "outpad", "qk.weight",
                                                        "k.bias", "v.bias"}));
}
