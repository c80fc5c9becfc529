#include "modelcompat/schema/SchemaJson.h"
#include "modelcompat/support/Error.h"

#include <gtest/gtest.h>

using namespace modelcompat;

namespace {

ModuleSchema attentionBlock() {
  ModuleSchema Module;
  Module.ClassName = "ns::AttnBlockImpl";
  Module.Holder = "ns::AttnBlock";
  Module.File = "models/attn.h";
  Module.Line = 12;
  StateEntry ToQ;
  ToQ.Name = "to_q";
  ToQ.Kind = EntryKind::Module;
  ToQ.Type = "torch::nn::Linear";
  ToQ.Line = 15;
  ToQ.Keys = {{"to_q.weight", EntryKind::Parameter, SymbolicShape{"ch", "ch"}, std::nullopt,
               std::nullopt, "torch::nn::Linear", 15, 5}};
  Module.Entries.push_back(ToQ);
  return Module;
}

} // namespace

TEST(SchemaJson, WritesTheDocumentedContract) {
  ScanResult Result;
  Result.Modules.push_back(attentionBlock());
  flattenStateDicts(Result.Modules);
  EXPECT_EQ(
      scanResultToJson(Result).dump(),
      R"({"diagnostics":[],"files_with_errors":[],"modules":[{"class":"ns::AttnBlockImpl","entries":[{"condition":null,"kind":"module","line":15,"name":"to_q","shape":null,"type":"torch::nn::Linear"}],"file":"models/attn.h","holder":"ns::AttnBlock","line":12,"state_dict":[{"condition":null,"key":"to_q.weight","kind":"parameter","layer":"torch::nn::Linear","line":15,"shape":["ch","ch"]}]}],"schema_version":1})");
}

TEST(SchemaJson, FullDetailRoundTrips) {
  ScanResult Result;
  Result.Modules.push_back(attentionBlock());
  Result.Files.push_back({"models/attn.h", {"models/common.h"}, {}, false});
  flattenStateDicts(Result.Modules);
  nlohmann::json Full = scanResultToJson(Result, SchemaJsonDetail::Full);
  ScanResult Back = scanResultFromJson(Full, "test");
  EXPECT_EQ(scanResultToJson(Back, SchemaJsonDetail::Full), Full);
}

TEST(SchemaJson, TheLibtorchReleaseParsedAgainstIsWrittenWhenKnownAndReadBack) {
  ScanResult Result;
  Result.Modules.push_back(attentionBlock());
  EXPECT_FALSE(scanResultToJson(Result).contains("libtorch")) << "unknown: left out";
  Result.Libtorch = "2.6.0";
  nlohmann::json Json = scanResultToJson(Result);
  EXPECT_EQ(Json.at("libtorch"), "2.6.0");
  EXPECT_EQ(scanResultFromJson(Json, "test").Libtorch, "2.6.0");
  Json.erase("libtorch");
  EXPECT_EQ(scanResultFromJson(Json, "test").Libtorch, "") << "older scans have none";
}

TEST(SchemaJson, ConstructorArgumentsRoundTrip) {
  ScanResult Result;
  Result.Modules.push_back(attentionBlock());
  StateEntry Attn;
  Attn.Name = "attn";
  Attn.Kind = EntryKind::Module;
  Attn.Type = "ns::Attention";
  Attn.ModuleClass = "ns::AttentionImpl";
  Attn.Arguments = {{"dim", "options.channels()"}, {"include_fc", "false"}};
  Result.Modules[0].Entries.push_back(Attn);
  nlohmann::json Json = scanResultToJson(Result, SchemaJsonDetail::Full);
  nlohmann::json Expected = {{"dim", "options.channels()"}, {"include_fc", "false"}};
  EXPECT_EQ(Json["modules"][0]["entries"][1]["arguments"], Expected);
  ScanResult Back = scanResultFromJson(Json, "test");
  EXPECT_EQ(Back.Modules[0].Entries[1].Arguments, Attn.Arguments);
}

TEST(SchemaJson, ArgumentsThatAreNotTextAreRejected) {
  nlohmann::json Json = scanResultToJson([] {
    ScanResult Result;
    Result.Modules.push_back(attentionBlock());
    return Result;
  }());
  Json["modules"][0]["entries"][0]["arguments"] = {{"dim", 3}};
  try {
    scanResultFromJson(Json, "cache entry abc");
    FAIL() << "expected an error";
  } catch (const Error &E) {
    EXPECT_STREQ(E.what(), "malformed schema in cache entry abc (class ns::AttnBlockImpl): "
                           "argument \"dim\" of "
                           "entry \"to_q\" is not a string");
  }
}

TEST(FlattenStateDicts, RewritesChildShapesThroughTheRegistrationsArguments) {
  ModuleSchema Child;
  Child.ClassName = "ns::AttentionImpl";
  StateEntry OutProj;
  OutProj.Name = "out_proj";
  OutProj.Kind = EntryKind::Module;
  OutProj.Type = "torch::nn::Linear";
  OutProj.Keys = {{"out_proj.weight", EntryKind::Parameter,
                   SymbolicShape{"options.dim()", "options.dim()"}, std::nullopt,
                   std::string("options.include_fc()"), "torch::nn::Linear", 9, 5}};
  Child.Entries.push_back(OutProj);
  ModuleSchema Parent;
  Parent.ClassName = "ns::AttnBlockImpl";
  StateEntry Attn;
  Attn.Name = "attn";
  Attn.Kind = EntryKind::Module;
  Attn.ModuleClass = "ns::AttentionImpl";
  Attn.Arguments = {{"dim", "options.channels()"}, {"include_fc", "true"}};
  Parent.Entries.push_back(Attn);
  std::vector<ModuleSchema> Modules = {Parent, Child};
  flattenStateDicts(Modules);
  const StateKey &Key = Modules[1].StateDict.at(0);
  EXPECT_EQ(Key.Key, "attn.out_proj.weight");
  EXPECT_EQ(Key.Shape, (SymbolicShape{"options.channels()", "options.channels()"}));
  EXPECT_EQ(Key.Condition, std::nullopt) << "settled by include_fc = true";
  EXPECT_EQ(Modules[0].StateDict.at(0).Shape, (SymbolicShape{"options.dim()", "options.dim()"}));

  Attn.Arguments["include_fc"] = "false";
  Parent.Entries = {Attn};
  std::vector<ModuleSchema> WithoutFc = {Parent, Child};
  flattenStateDicts(WithoutFc);
  EXPECT_TRUE(WithoutFc[1].StateDict.empty()) << "include_fc = false: no out_proj";
}

TEST(SchemaJson, MalformedDocumentNamesItsOrigin) {
  try {
    scanResultFromJson(nlohmann::json::parse(R"({"schema_version":1})"), "cache entry abc");
    FAIL() << "expected an error";
  } catch (const Error &E) {
    EXPECT_STREQ(E.what(), "malformed schema in cache entry abc: missing \"modules\"");
  }
}

TEST(FlattenStateDicts, ExpandsUserSubmodulesRecursively) {
  ModuleSchema Inner = attentionBlock();
  ModuleSchema Outer;
  Outer.ClassName = "ns::EncoderImpl";
  StateEntry Attn;
  Attn.Name = "attn";
  Attn.Kind = EntryKind::Module;
  Attn.Type = "ns::AttnBlock";
  Attn.Line = 30;
  Attn.Condition = "use_attn";
  Outer.Entries.push_back(Attn);
  std::vector<ModuleSchema> Modules = {Outer, Inner};
  flattenStateDicts(Modules);
  ASSERT_EQ(Modules[1].ClassName, "ns::EncoderImpl");
  ASSERT_EQ(Modules[1].StateDict.size(), 1u);
  const StateKey &Key = Modules[1].StateDict[0];
  EXPECT_EQ(Key.Key, "attn.to_q.weight");
  EXPECT_EQ(Key.Layer, "torch::nn::Linear");
  EXPECT_EQ(Key.Line, 30u);
  EXPECT_EQ(Key.Condition, "use_attn");
}

TEST(FlattenStateDicts, SurvivesARecursiveClass) {
  ModuleSchema Self;
  Self.ClassName = "ns::LoopImpl";
  StateEntry Child;
  Child.Name = "child";
  Child.Kind = EntryKind::Module;
  Child.ModuleClass = "ns::LoopImpl";
  Self.Entries.push_back(Child);
  std::vector<ModuleSchema> Modules = {Self};
  flattenStateDicts(Modules);
  EXPECT_TRUE(Modules[0].StateDict.empty());
}
