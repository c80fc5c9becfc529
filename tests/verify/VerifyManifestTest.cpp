//===- VerifyManifestTest.cpp - modelcompat.json parsing ------------------===//
#include "modelcompat/verify/VerifyManifest.h"
#include "modelcompat/support/Error.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using namespace modelcompat;

namespace {

constexpr const char *Origin = "modelcompat.json at 0123456789ab";

std::string errorOf(const std::string &Text) {
  try {
    parseVerifyManifest(Text, Origin);
  } catch (const Error &E) {
    return E.what();
  }
  return "(no error)";
}

} // namespace

TEST(VerifyManifest, ReadsTheIssueExample) {
  VerifyManifest Manifest = parseVerifyManifest(R"json({"schema_version": 1,
   "build": {"cmake_args": ["-DCMAKE_BUILD_TYPE=Release"]},
   "models": [{
     "name": "autoencoder",
     "target": "fx_models",
     "include": "fx/model.h",
     "construct": "fx::Model(fx::ModelOptions(4))",
     "construct_at": {"abc123": "fx::Model(4)"},
     "inputs": [{"shape": [2, 4, 8, 8], "dtype": "float32"}],
     "forward": "model->forward(inputs[0])",
     "tolerance": {"rtol": 1.3e-6, "atol": 1e-5}
   }]})json",
                                                Origin);
  ASSERT_EQ(Manifest.Models.size(), 1u);
  const ModelEntry &Model = Manifest.Models[0];
  EXPECT_EQ(Manifest.CMakeArgs, std::vector<std::string>{"-DCMAKE_BUILD_TYPE=Release"});
  EXPECT_EQ(Model.Name, "autoencoder");
  EXPECT_EQ(Model.Target, "fx_models");
  EXPECT_EQ(Model.Includes, std::vector<std::string>{"fx/model.h"});
  EXPECT_EQ(Model.Construct, "fx::Model(fx::ModelOptions(4))");
  EXPECT_EQ(Model.ConstructAt.at("abc123"), "fx::Model(4)");
  ASSERT_EQ(Model.Inputs.size(), 1u);
  EXPECT_EQ(Model.Inputs[0].Shape, (std::vector<int64_t>{2, 4, 8, 8}));
  EXPECT_EQ(Model.Inputs[0].DType, "float32");
  EXPECT_EQ(Model.Forward, "model->forward(inputs[0])");
  EXPECT_DOUBLE_EQ(*Model.Tolerance.RTol, 1.3e-6);
  EXPECT_DOUBLE_EQ(*Model.Tolerance.ATol, 1e-5);
}

TEST(VerifyManifest, ForwardDefaultsToAllInputs) {
  VerifyManifest Manifest = parseVerifyManifest(
      R"json({"schema_version": 1, "models": [{"name": "m", "target": "t",
          "include": ["a.h", "b.h"], "construct": "M()",
          "inputs": [{"shape": [1]}, {"shape": [2], "dtype": "int64", "high": 5}]}]})json",
      Origin);
  const ModelEntry &Model = Manifest.Models[0];
  EXPECT_EQ(Model.Forward, "model->forward(inputs[0], inputs[1])");
  EXPECT_EQ(Model.Includes, (std::vector<std::string>{"a.h", "b.h"}));
  EXPECT_EQ(Model.Inputs[1].High, 5);
  EXPECT_FALSE(Model.Tolerance.RTol.has_value());
}

TEST(VerifyManifest, ErrorsNameTheField) {
  const std::string Model =
      R"json("name": "m", "target": "t", "include": "m.h", "construct": "M()")json";
  EXPECT_EQ(errorOf("{"), std::string(Origin) + ": not valid JSON");
  EXPECT_EQ(errorOf(R"json({"models": []})json"),
            std::string(Origin) + ": schema_version: missing");
  EXPECT_EQ(errorOf(R"json({"schema_version": 2, "models": []})json"),
            std::string(Origin) +
                ": schema_version: unsupported version 2 (this modelcompat reads 1)");
  EXPECT_EQ(errorOf(R"json({"schema_version": 1, "models": []})json"),
            std::string(Origin) + ": models: expected a non-empty array");
  EXPECT_EQ(errorOf(R"json({"schema_version": 1, "models": [{"name": "m"}]})json"),
            std::string(Origin) + ": models[0].target: missing");
  EXPECT_EQ(errorOf(R"json({"schema_version": 1, "models": [{)json" + Model +
                    R"json(, "inputs": [{"shape": [2, 0]}]}]})json"),
            std::string(Origin) + ": models[0].inputs[0].shape[1]: expected a positive integer");
  EXPECT_EQ(errorOf(R"json({"schema_version": 1, "models": [{)json" + Model +
                    R"json(, "inputs": [{"shape": [2], "dtype": "float8"}]}]})json"),
            std::string(Origin) +
                ": models[0].inputs[0].dtype: unknown dtype 'float8' (expected one of "
                "bfloat16, bool, float16, float32, float64, int32, int64)");
  EXPECT_EQ(errorOf(R"json({"schema_version": 1, "models": [{)json" + Model +
                    R"json(, "inputs": [{"shape": [2]}], "forwad": "x"}]})json"),
            std::string(Origin) + ": models[0].forwad: unknown key (expected one of construct, "
                                  "construct_at, exclude, forward, include, inputs, name, prelude, "
                                  "prelude_at, project, target, tolerance)");
  EXPECT_EQ(errorOf(R"json({"schema_version": 1, "models": [{)json" + Model +
                    R"json(, "inputs": [{"shape": [2]}], "tolerance": {"rtol": -1}}]})json"),
            std::string(Origin) + ": models[0].tolerance.rtol: expected a non-negative number");
  EXPECT_EQ(errorOf(R"json({"schema_version": 1, "models": [{)json" + Model +
                    R"json(, "inputs": [{"shape": [2]}]}, {)json" + Model +
                    R"json(, "inputs": [{"shape": [2]}]}]})json"),
            std::string(Origin) + ": models[1].name: duplicate model name 'm'");
  EXPECT_EQ(errorOf(R"json({"schema_version": 1, "models": [{"name": "a b", "target": "t",
                       "include": "m.h", "construct": "M()", "inputs": [{"shape": [2]}]}]})json"),
            std::string(Origin) +
                ": models[0].name: 'a b' may hold only letters, digits, '_', '-', '.'");
}

TEST(VerifyManifest, NamesEveryFieldThatStillHoldsATodoMarker) {
  nlohmann::json Draft = nlohmann::json::parse(R"json({"schema_version": 1,
   "models": [{"name": "Model", "target": "fx_models", "include": "fx/model.h",
     "construct": "fx::Model(fx::ModelOptions(/*TODO: int64_t in_channels*/))",
     "inputs": "TODO: forward(const torch::Tensor& x): one input, give its shape"},
    {"name": "Net", "target": "app", "include": ["net.h", "TODO: a header"],
     "construct": "Net()", "inputs": [{"shape": [1, 3]}]}]})json");
  EXPECT_EQ(todoMarkerFields(Draft),
            (std::vector<std::string>{"models[0].construct", "models[0].inputs",
                                      "models[1].include[1]"}));
  EXPECT_EQ(errorOf(Draft.dump()),
            std::string(Origin) +
                ": models[0].construct, models[0].inputs, models[1].include[1]: TODO "
                "markers left by 'modelcompat init'; replace each with the real value");
}

TEST(VerifyManifest, AFilledInDraftHasNoTodoMarkers) {
  EXPECT_EQ(todoMarkerFields(nlohmann::json::parse(
                R"json({"models": [{"construct": "fx::Model(4)", "inputs": [{"shape": [2]}],
                        "forward": "model->forward(inputs[0]) /* TODO later */"}]})json")),
            std::vector<std::string>{});
}

TEST(VerifyManifest, ReadsWhereTheModelLivesAndItsPrelude) {
  VerifyManifest Manifest = parseVerifyManifest(R"json({"schema_version": 1,
   "models": [{
     "name": "gan",
     "target": "dcgan",
     "project": "samples/dcgan/",
     "exclude": ["samples/dcgan/./train_utils.cpp"],
     "include": "model.h",
     "prelude": ["po::variables_map vm;", "vm.emplace(\"nz\", po::variable_value(100, false));"],
     "prelude_at": {"v1": "Options opts;"},
     "construct": "Generator(vm)",
     "inputs": [{"shape": [1, 100, 1, 1]}]
   }, {
     "name": "plain", "target": "t", "project": ".", "include": "m.h",
     "prelude": "Config cfg;", "construct": "M(cfg)", "inputs": [{"shape": [1]}]
   }]})json",
                                                Origin);
  const ModelEntry &Gan = Manifest.Models[0];
  EXPECT_EQ(Gan.Project, "samples/dcgan");
  EXPECT_EQ(Gan.Exclude, std::vector<std::string>{"samples/dcgan/train_utils.cpp"});
  EXPECT_EQ(Gan.Prelude,
            (std::vector<std::string>{"po::variables_map vm;",
                                      "vm.emplace(\"nz\", po::variable_value(100, false));"}));
  EXPECT_EQ(Gan.PreludeAt.at("v1"), std::vector<std::string>{"Options opts;"});
  const ModelEntry &Plain = Manifest.Models[1];
  EXPECT_EQ(Plain.Project, "");
  EXPECT_TRUE(Plain.Exclude.empty());
  EXPECT_EQ(Plain.Prelude, std::vector<std::string>{"Config cfg;"});
}

TEST(VerifyManifest, LayoutAndPreludeErrorsNameTheField) {
  auto withModelFields = [](const std::string &Fields) {
    return R"json({"schema_version": 1, "models": [{"name": "m", "target": "t",
        "include": "m.h", "construct": "M()", "inputs": [{"shape": [2]}], )json" +
           Fields + "}]}";
  };
  EXPECT_EQ(errorOf(withModelFields(R"json("project": "../other")json")),
            std::string(Origin) +
                ": models[0].project: '../other' leaves the repository ('..' is not "
                "allowed)");
  EXPECT_EQ(errorOf(withModelFields(R"json("project": "sample/../../x")json")),
            std::string(Origin) +
                ": models[0].project: 'sample/../../x' leaves the repository ('..' is "
                "not allowed)");
  EXPECT_EQ(errorOf(withModelFields(R"json("project": "/src/sample")json")),
            std::string(Origin) + ": models[0].project: '/src/sample' must be relative to the "
                                  "repository root");
  EXPECT_EQ(errorOf(withModelFields(R"json("project": 3)json")),
            std::string(Origin) + ": models[0].project: expected a non-empty string");
  EXPECT_EQ(errorOf(withModelFields(R"json("exclude": "main.cpp")json")),
            std::string(Origin) + ": models[0].exclude: expected an array of paths");
  EXPECT_EQ(errorOf(withModelFields(R"json("exclude": ["a.cpp", "../b.cpp"])json")),
            std::string(Origin) +
                ": models[0].exclude[1]: '../b.cpp' leaves the repository ('..' is not "
                "allowed)");
  EXPECT_EQ(errorOf(withModelFields(R"json("prelude": [])json")),
            std::string(Origin) + ": models[0].prelude: expected at least one statement");
  EXPECT_EQ(errorOf(withModelFields(R"json("prelude": ["Config c;", ""])json")),
            std::string(Origin) + ": models[0].prelude[1]: expected a non-empty string");
  EXPECT_EQ(errorOf(withModelFields(R"json("prelude_at": ["x"])json")),
            std::string(Origin) +
                ": models[0].prelude_at: expected an object from revision to statements");
  EXPECT_EQ(errorOf(withModelFields(R"json("prelude_at": {"v1": 1})json")),
            std::string(Origin) + ": models[0].prelude_at.v1: expected a non-empty string");
}
