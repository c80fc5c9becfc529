//===- HarnessRun.cpp - The base and head halves of verify ---------------===//
#include "HarnessRun.h"
#include "Determinism.h"
#include "ForwardRecord.h"
#include "HarnessLoad.h"
#include "modelcompat/harness/ModelUnderTest.h"
#include "modelcompat/harness/TensorCompare.h"
#include "modelcompat/runtime/Checkpoint.h"
#include "modelcompat/runtime/Probe.h"
#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/ReadFile.h"

#include <nlohmann/json.hpp>
#include <torch/version.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

using nlohmann::json;

namespace modelcompat::harness {
namespace {

/// What the orchestrator asks for (docs/runtime-check.md, "The harness").
struct HarnessConfig {
  std::string Mode; ///< "base" or "head"
  std::string Model;
  std::string Device = "auto";
  bool TrainMode = false;
  bool Seeding = true;
  uint64_t Seed = 0;
  uint64_t InputSeed = 0;
  std::vector<InputDescription> Inputs;
  struct Checkpoint {
    std::string Label, Path, Record;
    bool Create = false; ///< Base: create Path from a seeded initialisation.
  };
  std::vector<Checkpoint> Checkpoints;
  std::string MigrationsDir;
  bool CrossDevice = false;
  std::optional<double> RTol, ATol;
  std::string ResultPath;
};

HarnessConfig readConfig(const std::string &Path) {
  json Doc = json::parse(readFile(Path), nullptr, false);
  if (Doc.is_discarded())
    throw Error("'" + Path + "' is not valid JSON");
  HarnessConfig Config;
  try {
    Config.Mode = Doc.at("mode").get<std::string>();
    Config.Model = Doc.at("model").get<std::string>();
    Config.Device = Doc.at("device").get<std::string>();
    Config.TrainMode = Doc.at("train_mode").get<bool>();
    Config.Seeding = Doc.at("seeding").get<bool>();
    Config.Seed = Doc.at("seed").get<uint64_t>();
    Config.InputSeed = Doc.at("input_seed").get<uint64_t>();
    for (const json &Input : Doc.at("inputs"))
      Config.Inputs.push_back({Input.at("shape").get<std::vector<int64_t>>(),
                               Input.at("dtype").get<std::string>(), Input.at("low").get<int64_t>(),
                               Input.at("high").get<int64_t>()});
    for (const json &Ckpt : Doc.at("checkpoints"))
      Config.Checkpoints.push_back(
          {Ckpt.at("label").get<std::string>(), Ckpt.at("path").get<std::string>(),
           Ckpt.at("record").get<std::string>(), Ckpt.value("create", false)});
    Config.MigrationsDir = Doc.value("migrations", "");
    Config.CrossDevice = Doc.value("cross_device", false);
    if (Doc.contains("rtol"))
      Config.RTol = Doc["rtol"].get<double>();
    if (Doc.contains("atol"))
      Config.ATol = Doc["atol"].get<double>();
    Config.ResultPath = Doc.at("result").get<std::string>();
  } catch (const json::exception &E) {
    throw Error("'" + Path + "': invalid harness config: " + E.what());
  }
  return Config;
}

/// JSON has no inf or NaN: they are written as strings.
json number(double Value) {
  if (std::isnan(Value))
    return "nan";
  if (std::isinf(Value))
    return Value > 0 ? "inf" : "-inf";
  return Value;
}

/// The model under test on its device, in eval or train mode.
struct PreparedModel {
  std::unique_ptr<ModelUnderTest> Model;
  std::shared_ptr<torch::nn::Module> Module;
};

/// One forward pass, seeded as configured, recording outputs and probes.
/// For a Sequential root, each child's output is recorded as a probe too
/// (a second, identically seeded pass through the children).
ForwardRecord runForward(PreparedModel &Prepared, const HarnessConfig &Config,
                         const torch::Device &Device) {
  torch::NoGradGuard NoGrad;
  std::vector<torch::Tensor> Inputs = makeInputs(Config.Inputs, Config.InputSeed, Device);
  ForwardRecord Record;
  ProbeRecorderOptions OnCpu;
  OnCpu.ToCpu = true;
  ProbeRecorder Probes(OnCpu);
  {
    ProbeSession Session(Probes);
    if (Config.Seeding)
      seedEverything(Config.Seed);
    std::vector<torch::Tensor> Outputs = Prepared.Model->forward(Inputs);
    for (size_t I = 0; I < Outputs.size(); ++I)
      Record.Outputs.push_back(
          {std::to_string(I), Outputs[I].detach().to(torch::kCPU).contiguous()});
  }
  for (const ProbeRecord &Probe : Probes.records())
    addProbe(Record, Probe.Name, Probe.Value);
  // A Sequential root: each child's output is a probe too, from a second,
  // identically seeded pass through the children (probes inside them off).
  if (auto Sequential = std::dynamic_pointer_cast<torch::nn::SequentialImpl>(Prepared.Module);
      Sequential && Inputs.size() == 1) {
    if (Config.Seeding)
      seedEverything(Config.Seed);
    ProbeRecorder Children(OnCpu);
    torch::nn::Sequential Holder(Sequential);
    forwardRecordingChildren(Holder, Inputs[0], Children);
    for (const ProbeRecord &Probe : Children.records())
      addProbe(Record, Probe.Name, Probe.Value);
  }
  return Record;
}

PreparedModel prepare(const HarnessConfig &Config, bool SeedConstruction) {
  if (SeedConstruction)
    seedEverything(Config.Seed);
  PreparedModel Prepared;
  Prepared.Model = makeModelUnderTest();
  Prepared.Module = Prepared.Model->module();
  return Prepared;
}

void place(PreparedModel &Prepared, const HarnessConfig &Config, const torch::Device &Device) {
  Prepared.Module->to(Device);
  Prepared.Module->train(Config.TrainMode);
}

json describeDevice(const torch::Device &Device) { return Device.str(); }

json runBase(const HarnessConfig &Config) {
  torch::Device Device = resolveDevice(Config.Device);
  configureDeterminism(Device);
  json Result = {{"mode", "base"},
                 {"model", Config.Model},
                 {"device", describeDevice(Device)},
                 {"torch", TORCH_VERSION},
                 {"checkpoints", json::array()}};
  for (const HarnessConfig::Checkpoint &Ckpt : Config.Checkpoints) {
    json Entry = {{"label", Ckpt.Label}, {"created", Ckpt.Create}};
    if (Ckpt.Create) {
      PreparedModel Seeded = prepare(Config, /*SeedConstruction=*/true);
      saveModelCheckpoint(*Seeded.Module, Ckpt.Path);
    }
    PreparedModel Prepared = prepare(Config, /*SeedConstruction=*/false);
    LoadOutcome Load = loadStrictly(*Prepared.Module, Ckpt.Path, Ckpt.Label);
    Entry["load"] = {{"strict", Load.strict()}, {"problems", Load.Problems}};
    if (Load.strict()) {
      place(Prepared, Config, Device);
      saveForwardRecord(runForward(Prepared, Config, Device), Ckpt.Record);
    }
    Result["checkpoints"].push_back(Entry);
  }
  return Result;
}

json comparisonJson(const std::string &Name, const torch::Tensor &Expected,
                    const torch::Tensor &Actual, const TensorComparison &C) {
  return {{"name", Name},
          {"dtype", dtypeName(Expected.scalar_type())},
          {"shape", Expected.sizes().vec()},
          {"match", C.Match},
          {"problem", C.Problem},
          {"max_abs_error", number(C.MaxAbsError)},
          {"max_rel_error", number(C.MaxRelError)},
          {"mismatched", C.Mismatched},
          {"total", C.Total},
          {"rtol", C.Used.RTol},
          {"atol", C.Used.ATol}};
}

TensorComparison compareWithConfig(const HarnessConfig &Config, const torch::Tensor &Expected,
                                   const torch::Tensor &Actual) {
  DevicePairing Pairing =
      Config.CrossDevice ? DevicePairing::CrossDevice : DevicePairing::SameDevice;
  return compareTensors(
      Expected, Actual,
      effectiveTolerance(Expected.scalar_type(), Pairing, Config.RTol, Config.ATol));
}

std::string baseName(const std::string &ProbeName) {
  return ProbeName.substr(0, ProbeName.find('#'));
}

/// The ledger entries that explain a divergent probe: those under the
/// probe's name that a migration wrote (else all under it), else every entry
/// a migration wrote.
json ledgerNear(const json &Ledger, const std::string &Probe) {
  json Written = json::array(), Under = json::array(), WrittenUnder = json::array();
  std::string Prefix = baseName(Probe) + ".";
  for (const json &Entry : Ledger.value("entries", json::array())) {
    bool IsUnder = Entry.value("key", "").rfind(Prefix, 0) == 0;
    bool IsWritten = Entry.value("provenance", "") != "untouched";
    if (IsUnder)
      Under.push_back(Entry);
    if (IsWritten)
      Written.push_back(Entry);
    if (IsUnder && IsWritten)
      WrittenUnder.push_back(Entry);
  }
  if (!WrittenUnder.empty())
    return WrittenUnder;
  return Under.empty() ? Written : Under;
}

std::string formatError(double Value) {
  char Buffer[32];
  std::snprintf(Buffer, sizeof(Buffer), "%.3g", Value);
  return Buffer;
}

json runHeadCheckpoint(const HarnessConfig &Config, const HarnessConfig::Checkpoint &Ckpt,
                       const torch::Device &Device) {
  json Entry = {{"label", Ckpt.Label}};
  PreparedModel Prepared = prepare(Config, /*SeedConstruction=*/false);
  LoadOutcome Load = loadMigrated(*Prepared.Module, Ckpt.Path, Ckpt.Label, Config.MigrationsDir);
  Entry["load"] = {{"strict", Load.strict()}, {"problems", Load.Problems}};
  Entry["ledger"] = Load.Ledger;
  place(Prepared, Config, Device);
  ForwardRecord Head = runForward(Prepared, Config, Device);
  ForwardRecord Base = loadForwardRecord(Ckpt.Record);

  bool OutputsMatch = Head.Outputs.size() == Base.Outputs.size();
  json Explanations = json::array();
  if (!OutputsMatch)
    Explanations.push_back("the head forward returns " + std::to_string(Head.Outputs.size()) +
                           " tensors, the base " + std::to_string(Base.Outputs.size()));
  Entry["outputs"] = json::array();
  for (size_t I = 0; I < std::min(Head.Outputs.size(), Base.Outputs.size()); ++I) {
    TensorComparison C = compareWithConfig(Config, Base.Outputs[I].Value, Head.Outputs[I].Value);
    OutputsMatch &= C.Match;
    Entry["outputs"].push_back(
        comparisonJson(Base.Outputs[I].Name, Base.Outputs[I].Value, Head.Outputs[I].Value, C));
  }

  // Probes in the head's call order; the first that diverges localises it.
  Entry["probes"] = json::array();
  Entry["first_divergent_probe"] = nullptr;
  json Missing = json::array();
  for (const RecordedTensor &Probe : Head.Probes) {
    auto It = std::find_if(Base.Probes.begin(), Base.Probes.end(),
                           [&](const RecordedTensor &B) { return B.Name == Probe.Name; });
    if (It == Base.Probes.end())
      continue;
    TensorComparison C = compareWithConfig(Config, It->Value, Probe.Value);
    Entry["probes"].push_back(comparisonJson(Probe.Name, It->Value, Probe.Value, C));
    if (!C.Match && Entry["first_divergent_probe"].is_null())
      Entry["first_divergent_probe"] = {{"name", Probe.Name},
                                        {"max_abs_error", number(C.MaxAbsError)},
                                        {"ledger", ledgerNear(Load.Ledger, Probe.Name)}};
  }
  for (const RecordedTensor &Probe : Base.Probes)
    if (std::none_of(Head.Probes.begin(), Head.Probes.end(),
                     [&](const RecordedTensor &H) { return H.Name == Probe.Name; }))
      Missing.push_back(Probe.Name);
  Entry["probes_missing_in_head"] = Missing;

  // Run again: a forward pass that does not repeat itself cannot be compared.
  ForwardRecord Again = runForward(Prepared, Config, Device);
  double RepeatError = 0;
  bool Repeatable = Again.Outputs.size() == Head.Outputs.size();
  for (size_t I = 0; Repeatable && I < Head.Outputs.size(); ++I) {
    TensorComparison C = compareWithConfig(Config, Head.Outputs[I].Value, Again.Outputs[I].Value);
    Repeatable &= C.Match;
    RepeatError = std::max(RepeatError, C.MaxAbsError);
  }
  Entry["repeatable"] = Repeatable;
  if (!Repeatable)
    Explanations.push_back(std::string("the forward pass is not repeatable: two runs of the head "
                                       "model on the same inputs differ (max abs error ") +
                           formatError(RepeatError) + "); " +
                           (Config.Seeding
                                ? "forward() uses randomness verify does not seed (a private "
                                  "generator, std::rand) or nondeterministic kernels"
                                : "forward() draws random numbers (e.g. randn_like) and seeding "
                                  "is disabled (--no-seed); without it verify seeds the global "
                                  "generators before every forward"));
  if (!Load.strict())
    Explanations.push_back("the checkpoint does not load strictly through the "
                           "migrations at head");
  Entry["explanations"] = Explanations;
  Entry["status"] = Load.strict() && OutputsMatch ? "pass" : "fail";
  return Entry;
}

json runHead(const HarnessConfig &Config) {
  torch::Device Device = resolveDevice(Config.Device);
  configureDeterminism(Device);
  json Result = {{"mode", "head"},
                 {"model", Config.Model},
                 {"device", describeDevice(Device)},
                 {"torch", TORCH_VERSION},
                 {"checkpoints", json::array()}};
  for (const HarnessConfig::Checkpoint &Ckpt : Config.Checkpoints)
    Result["checkpoints"].push_back(runHeadCheckpoint(Config, Ckpt, Device));
  return Result;
}

} // namespace

void runHarness(const std::string &ConfigPath) {
  HarnessConfig Config = readConfig(ConfigPath);
  json Result;
  if (Config.Mode == "base")
    Result = runBase(Config);
  else if (Config.Mode == "head")
    Result = runHead(Config);
  else
    throw Error("'" + ConfigPath + "': unknown mode '" + Config.Mode + "'");
  writeFileAtomically(Config.ResultPath, Result.dump(2) + "\n");
}

} // namespace modelcompat::harness
