// The C++ emitter: one statement per rule, literals that keep hostile names
// as data, TODOs that carry the rule's message.
#include "modelcompat/migrate/CppMigrationEmitter.h"

#include <gtest/gtest.h>

using namespace modelcompat;

namespace {

PlannedMigration migration(std::vector<MigrationRule> Rules, std::vector<std::string> Notes = {}) {
  PlannedMigration Out;
  Out.Spec.Module = "ns::AttnBlockImpl";
  Out.Spec.FromCommit = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
  Out.Spec.ToCommit = "9f8e7d6c5b4a39281706f5e4d3c2b1a098f7e6d5";
  Out.Spec.Rules = std::move(Rules);
  Out.RuleNotes = std::move(Notes);
  return Out;
}

/// The body of the generated function, between its braces.
std::string body(const std::string &Source) {
  size_t Open = Source.find("& scope) {\n");
  size_t Close = Source.find("\n}\n", Open);
  EXPECT_NE(Open, std::string::npos);
  return Source.substr(Open + 11, Close - Open - 10);
}

MigrationRule rule(RuleOp Op) {
  MigrationRule Rule;
  Rule.Op = Op;
  return Rule;
}

} // namespace

TEST(CppMigrationEmitter, TodoCarriesKeysAndReason) {
  MigrationRule Todo = rule(RuleOp::Todo);
  Todo.Keys = {"pos_embed"};
  Todo.Reason = "decide how to resize [1,16,ch] -> [1,32,ch]";
  EXPECT_EQ(todoMessage(Todo), "pos_embed: decide how to resize [1,16,ch] -> [1,32,ch]");
  EXPECT_EQ(body(emitCppMigration(migration({Todo}), "stem")),
            "  MODELCOMPAT_TODO(\"pos_embed: decide how to resize [1,16,ch] -> "
            "[1,32,ch]\");\n");
}

TEST(CppMigrationEmitter, EveryOpIsOneScopeCall) {
  MigrationRule Rename = rule(RuleOp::Rename);
  Rename.From = "proj_attn.weight";
  Rename.To = "attn.out_proj.weight";
  MigrationRule Init = rule(RuleOp::Init);
  Init.Key = "outpad";
  MigrationRule Zeros = rule(RuleOp::Init);
  Zeros.Key = "z";
  Zeros.Source = InitSource::Zeros;
  MigrationRule Value = rule(RuleOp::Init);
  Value.Key = "scale";
  Value.Source = InitSource::Value;
  Value.Value = 0.5;
  MigrationRule Identity = rule(RuleOp::Init);
  Identity.Key = "out_proj.weight";
  Identity.Source = InitSource::Identity;
  MigrationRule Drop = rule(RuleOp::Drop);
  Drop.Key = "background";
  Drop.Reason = "buffer removed";
  MigrationRule Reshape = rule(RuleOp::Reshape);
  Reshape.From = Reshape.To = "pos";
  Reshape.Shape = std::vector<long long>{16, -1};
  MigrationRule Split = rule(RuleOp::Split);
  Split.From = "qkv.weight";
  Split.Keys = {"q.weight", "k.weight"};
  Split.Dim = 0;
  MigrationRule Merge = rule(RuleOp::Merge);
  Merge.Keys = {"q.weight", "k.weight"};
  Merge.To = "qk.weight";
  Merge.Dim = 1;
  EXPECT_EQ(
      body(emitCppMigration(
          migration({Rename, Init, Zeros, Value, Identity, Drop, Reshape, Split, Merge}), "s")),
      "  scope.rename(\"proj_attn.weight\", \"attn.out_proj.weight\");\n"
      "  scope.initFromNewModel(\"outpad\");\n"
      "  scope.initZeros(\"z\");\n"
      "  scope.initValue(\"scale\", 0.5);\n"
      "  scope.initIdentity(\"out_proj.weight\");\n"
      "  scope.drop(\"background\", \"buffer removed\");\n"
      "  scope.reshape(\"pos\", \"pos\", {16, -1});\n"
      "  scope.split(\"qkv.weight\", {\"q.weight\", \"k.weight\"}, /*dim=*/0);\n"
      "  scope.merge({\"q.weight\", \"k.weight\"}, \"qk.weight\", /*dim=*/1);\n");
}

TEST(CppMigrationEmitter, PatternRulesLoopOverMatches) {
  MigrationRule Rename = rule(RuleOp::Rename);
  Rename.From = "heads.{i}.proj.bias";
  Rename.To = "heads.{i}.out.bias";
  MigrationRule Init = rule(RuleOp::Init);
  Init.Key = "up.{i}.outpad";
  EXPECT_EQ(body(emitCppMigration(migration({Rename, Init}, {"renamed", ""}), "s")),
            "  // Renamed.\n"
            "  scope.forEachMatch(\"heads.{i}.proj.bias\", [&](const auto& bindings) {\n"
            "    scope.rename(scope.expand(\"heads.{i}.proj.bias\", bindings),\n"
            "                 scope.expand(\"heads.{i}.out.bias\", bindings));\n"
            "  });\n"
            "  scope.forEachNewModelMatch(\"up.{i}.outpad\", [&](const auto& bindings) {\n"
            "    scope.initFromNewModel(scope.expand(\"up.{i}.outpad\", bindings));\n"
            "  });\n");
}

TEST(CppMigrationEmitter, HostileNamesStayInsideLiteralsAndComments) {
  EXPECT_EQ(cppStringLiteral("a\"); system(\"rm -rf /\"); //\\\n\xc3\xa9?"),
            "\"a\\\"); system(\\\"rm -rf /\\\"); //\\\\\\012\\303\\251\\?\"");
  EXPECT_EQ(cppIdentifier("ns::Attn<Block>*/"), "ns_Attn_Block");
  EXPECT_EQ(cppIdentifier("::"), "module");
  PlannedMigration Hostile = migration({}, {});
  Hostile.Spec.Module = "evil */ \\\n#include </etc/passwd>";
  Hostile.Notes = {"note with a line\nbreak \\"};
  std::string Source = emitCppMigration(Hostile, "evil");
  EXPECT_EQ(Source.find("\n#include </etc"), std::string::npos) << Source;
  EXPECT_NE(Source.find("    \"evil */ \\\\\\012#include </etc/passwd>\",\n"), std::string::npos)
      << Source;
  EXPECT_NE(Source.find("void migrate_evil_include_etc_passwd(modelcompat::MigrationScope& "
                        "scope) {\n  (void)scope;"),
            std::string::npos)
      << Source;
}
