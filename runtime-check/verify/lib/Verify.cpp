//===- Verify.cpp - modelcompat verify: the whole pipeline ---------------===//
#include "modelcompat/verify/Verify.h"
#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/ReadFile.h"
#include "modelcompat/support/StableHash.h"
#include "modelcompat/verify/GitRevision.h"
#include "modelcompat/verify/HarnessBuild.h"
#include "modelcompat/verify/ScopedDirectory.h"
#include "modelcompat/verify/Subprocess.h"
#include "modelcompat/verify/VerifyManifest.h"
#include "modelcompat/verify/VerifyReport.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace modelcompat {
namespace {

constexpr const char *MigrationsPath = "modelcompat/migrations";
constexpr const char *SeededLabel = "seeded checkpoint (created by the base harness)";

/// One checkpoint as the harnesses see it.
struct CheckpointJob {
  std::string Label; ///< As the user gave it; reports show this.
  std::string Path;  ///< Absolute.
  bool Create = false;
};

std::vector<CheckpointJob> collectCheckpoints(const VerifyOptions &Options,
                                              const std::string &RunDir) {
  std::vector<CheckpointJob> Jobs;
  std::error_code EC;
  for (const std::string &Path : Options.Checkpoints) {
    if (!fs::is_regular_file(Path, EC))
      throw Error("checkpoint '" + Path + "' does not exist or is not a file");
    Jobs.push_back({Path, fs::absolute(Path).string(), false});
  }
  if (!Options.CheckpointDir.empty()) {
    if (!fs::is_directory(Options.CheckpointDir, EC))
      throw Error("checkpoint directory '" + Options.CheckpointDir + "' does not exist");
    std::vector<std::string> Files;
    for (const fs::directory_entry &Entry : fs::directory_iterator(Options.CheckpointDir, EC))
      if (Entry.is_regular_file() && Entry.path().filename().string()[0] != '.')
        Files.push_back(Entry.path().string());
    if (Files.empty())
      throw Error("checkpoint directory '" + Options.CheckpointDir + "' holds no files");
    std::sort(Files.begin(), Files.end());
    for (const std::string &File : Files)
      Jobs.push_back({File, fs::absolute(File).string(), false});
  }
  if (Jobs.empty())
    Jobs.push_back({SeededLabel, (fs::path(RunDir) / "seeded.safetensors").string(), true});
  return Jobs;
}

std::string progressPrefix() { return "modelcompat verify: "; }

/// The migrations HEAD carries: a copy of modelcompat/migrations/ from its
/// tree (the exported build tree is gone by now), or the user's --migrations.
std::string prepareMigrations(const VerifyOptions &Options, const std::string &Repo,
                              const ResolvedRevision &Head, const std::string &RunDir,
                              std::string &Description) {
  if (!Options.MigrationsDir.empty()) {
    std::error_code EC;
    if (!fs::is_directory(Options.MigrationsDir, EC))
      throw Error("migrations directory '" + Options.MigrationsDir + "' does not exist");
    Description = Options.MigrationsDir;
    return fs::absolute(Options.MigrationsDir).string();
  }
  Description = std::string(MigrationsPath) + " at " + Head.shortCommit();
  fs::path Tree = fs::path(RunDir) / "head-migrations";
  fs::create_directories(Tree);
  if (!directoryExistsAtCommit(Repo, Head.Commit, MigrationsPath)) {
    // No migrations at HEAD: nothing to apply, which the ledger will judge.
    return (Tree / MigrationsPath).string();
  }
  std::string Archive = (Tree / "migrations.tar").string();
  SubprocessResult Pack = runSubprocess({"git", "-C", Repo, "archive", "--format=tar", "-o",
                                         Archive, Head.Commit, "--", MigrationsPath});
  if (Pack.ExitCode != 0 ||
      runSubprocess({"tar", "-xf", Archive, "-C", Tree.string()}).ExitCode != 0)
    throw Error("cannot read " + std::string(MigrationsPath) + " at commit " + Head.shortCommit() +
                ": " + Pack.Error);
  return (Tree / MigrationsPath).string();
}

json inputsJson(const ModelEntry &Model) {
  json Inputs = json::array();
  for (const InputSpec &Input : Model.Inputs)
    Inputs.push_back(
        {{"shape", Input.Shape}, {"dtype", Input.DType}, {"low", Input.Low}, {"high", Input.High}});
  return Inputs;
}

/// Runs one harness executable on a config and returns its result JSON.
json runHarnessExecutable(const std::string &Executable, const json &Config,
                          const std::string &RunDir, const std::string &Name,
                          const std::string &What) {
  std::string ConfigPath = (fs::path(RunDir) / (Name + ".config.json")).string();
  std::string LogPath = (fs::path(RunDir) / (Name + ".log")).string();
  writeFileAtomically(ConfigPath, Config.dump(2) + "\n");
  SubprocessOptions Options;
  Options.LogFile = LogPath;
  SubprocessResult Run = runSubprocess({Executable, ConfigPath}, Options);
  std::string Log;
  {
    std::ifstream In(LogPath);
    Log.assign(std::istreambuf_iterator<char>(In), {});
  }
  if (Run.ExitCode != 0) {
    // The harness says "modelcompat: error: ..." for errors it understands.
    const std::string Marker = "modelcompat: error: ";
    size_t At = Log.rfind(Marker);
    if (At != std::string::npos) {
      std::string Message = Log.substr(At + Marker.size());
      Message = Message.substr(0, Message.find('\n'));
      throw Error(What + ": " + Message);
    }
    std::string Tail = Log.size() > 2000 ? Log.substr(Log.size() - 2000) : Log;
    throw Error(What + " crashed (exit code " + std::to_string(Run.ExitCode) +
                "); its output ends with:\n" + Tail);
  }
  json Result = json::parse(readFile(Config.at("result").get<std::string>()), nullptr, false);
  if (Result.is_discarded())
    throw Error(What + " wrote an unreadable result");
  return Result;
}

/// The spec files verify applies, for the report: path relative to the
/// migrations directory and the parsed document, sorted by path.
json migrationSpecsJson(const std::string &Dir) {
  json Specs = json::array();
  std::error_code EC;
  if (!fs::is_directory(Dir, EC))
    return Specs;
  std::vector<fs::path> Files;
  for (const auto &Entry : fs::recursive_directory_iterator(Dir, EC))
    if (Entry.is_regular_file() && Entry.path().extension() == ".json")
      Files.push_back(Entry.path());
  std::sort(Files.begin(), Files.end());
  for (const fs::path &File : Files) {
    json Spec = json::parse(readFile(File.string()), nullptr, false);
    Specs.push_back({{"file", fs::relative(File, Dir).string()},
                     {"spec", Spec.is_discarded() ? json("(not valid JSON)") : Spec}});
  }
  return Specs;
}

json revisionJson(const ResolvedRevision &Revision) {
  return {{"rev", Revision.Spec}, {"commit", Revision.Commit}};
}

} // namespace

std::string defaultVerifyCacheDir() {
  if (const char *Xdg = std::getenv("XDG_CACHE_HOME"); Xdg && *Xdg)
    return (fs::path(Xdg) / "modelcompat" / "verify").string();
  const char *Home = std::getenv("HOME");
  return (fs::path(Home && *Home ? Home : "/tmp") / ".cache" / "modelcompat" / "verify").string();
}

bool runVerify(const VerifyOptions &Options, std::ostream &Out, std::ostream &Err) {
  auto Progress = [&](const std::string &Line) {
    Err << progressPrefix() << Line << "\n" << std::flush;
  };
  std::string Repo = findRepositoryRoot(Options.Repo);
  ResolvedRevision Base = resolveRevision(Repo, Options.Base);
  ResolvedRevision Head = resolveRevision(Repo, Options.Head);

  std::optional<std::string> ManifestText = readFileAtCommit(Repo, Head.Commit, VerifyManifestName);
  if (!ManifestText)
    throw Error(std::string("no ") + VerifyManifestName + " at the root of head commit " +
                Head.shortCommit() + " ('" + Head.Spec + "'); see docs/runtime-check.md");
  VerifyManifest Manifest = parseVerifyManifest(*ManifestText, std::string(VerifyManifestName) +
                                                                   " at " + Head.shortCommit());

  ScopedDirectory RunDir(temporaryDirectoryPrefix("modelcompat-verify"),
                         ScopedDirectory::Temporary);
  std::vector<CheckpointJob> Checkpoints = collectCheckpoints(Options, RunDir.path());
  std::string MigrationsDescription;
  std::string MigrationsDir =
      prepareMigrations(Options, Repo, Head, RunDir.path(), MigrationsDescription);

  HarnessToolchain Toolchain = findHarnessToolchain();
  HarnessBuildRequest Request;
  Request.Repo = Repo;
  Request.Manifest = &Manifest;
  Request.ManifestHash = StableHash().add(*ManifestText).hex();
  Request.CacheDir =
      fs::absolute(Options.CacheDir.empty() ? defaultVerifyCacheDir() : Options.CacheDir).string();
  Request.KeepBuild = Options.KeepBuild;
  Request.Jobs = Options.Jobs;
  Request.Revision = Base;
  Request.Role = "base";
  HarnessBuild BaseBuild = buildHarness(Request, Toolchain, Progress);
  Request.Revision = Head;
  Request.Role = "head";
  HarnessBuild HeadBuild = buildHarness(Request, Toolchain, Progress);

  std::string BaseDevice = Options.CrossDevice ? "cpu" : Options.Device;
  std::string HeadDevice = Options.CrossDevice ? "cuda" : Options.Device;
  json Report = {{"schema_version", VerifyReportVersion},
                 {"base", revisionJson(Base)},
                 {"head", revisionJson(Head)},
                 {"seeding", Options.Seeding},
                 {"train_mode", Options.TrainMode},
                 {"cross_device", Options.CrossDevice},
                 {"migrations", MigrationsDescription},
                 {"migration_specs", migrationSpecsJson(MigrationsDir)},
                 {"models", json::array()}};
  for (const ModelEntry &Model : Manifest.Models) {
    json Common = {{"model", Model.Name},
                   {"train_mode", Options.TrainMode},
                   {"seeding", Options.Seeding},
                   {"seed", ForwardSeed},
                   {"input_seed", InputSeed},
                   {"inputs", inputsJson(Model)},
                   {"cross_device", Options.CrossDevice}};
    if (Model.Tolerance.RTol)
      Common["rtol"] = *Model.Tolerance.RTol;
    if (Model.Tolerance.ATol)
      Common["atol"] = *Model.Tolerance.ATol;
    json BaseConfig = Common, HeadConfig = Common;
    BaseConfig["mode"] = "base";
    BaseConfig["device"] = BaseDevice;
    BaseConfig["result"] = (fs::path(RunDir.path()) / (Model.Name + ".base.json")).string();
    BaseConfig["checkpoints"] = json::array();
    for (size_t I = 0; I < Checkpoints.size(); ++I)
      BaseConfig["checkpoints"].push_back(
          {{"label", Checkpoints[I].Label},
           {"path", Checkpoints[I].Path},
           {"create", Checkpoints[I].Create},
           {"record",
            (fs::path(RunDir.path()) / (Model.Name + ".record" + std::to_string(I))).string()}});
    Progress("running model '" + Model.Name + "' at base " + Base.shortCommit());
    json BaseResult = runHarnessExecutable(
        BaseBuild.Executables.at(Model.Name), BaseConfig, RunDir.path(), Model.Name + ".base",
        "the base harness of model '" + Model.Name + "' (" + Base.shortCommit() + ")");

    json ModelReport = {{"name", Model.Name},
                        {"devices", {{"base", BaseResult.value("device", "")}}},
                        {"torch", BaseResult.value("torch", "")},
                        {"checkpoints", json::array()}};
    HeadConfig["mode"] = "head";
    HeadConfig["device"] = HeadDevice;
    HeadConfig["migrations"] = MigrationsDir;
    HeadConfig["result"] = (fs::path(RunDir.path()) / (Model.Name + ".head.json")).string();
    HeadConfig["checkpoints"] = json::array();
    std::vector<json> BaseFailures(Checkpoints.size());
    for (size_t I = 0; I < Checkpoints.size(); ++I) {
      const json &Loaded = BaseResult["checkpoints"][I]["load"];
      if (Loaded.value("strict", false)) {
        json Job = BaseConfig["checkpoints"][I];
        Job["create"] = false;
        HeadConfig["checkpoints"].push_back(Job);
        continue;
      }
      BaseFailures[I] = {
          {"label", Checkpoints[I].Label},
          {"status", "fail"},
          {"load", {{"strict", false}, {"problems", json::array()}}},
          {"base_load", Loaded},
          {"explanations", json::array({"the checkpoint does not load strictly into the base "
                                        "code, so there is nothing to compare against"})}};
    }
    json HeadResult = {{"checkpoints", json::array()}};
    if (!HeadConfig["checkpoints"].empty()) {
      Progress("running model '" + Model.Name + "' at head " + Head.shortCommit());
      HeadResult = runHarnessExecutable(
          HeadBuild.Executables.at(Model.Name), HeadConfig, RunDir.path(), Model.Name + ".head",
          "the head harness of model '" + Model.Name + "' (" + Head.shortCommit() + ")");
      ModelReport["devices"]["head"] = HeadResult.value("device", "");
    }
    size_t NextHead = 0;
    bool Pass = true;
    for (size_t I = 0; I < Checkpoints.size(); ++I) {
      json Entry =
          BaseFailures[I].is_null() ? HeadResult["checkpoints"][NextHead++] : BaseFailures[I];
      Pass &= Entry.value("status", "fail") == "pass";
      ModelReport["checkpoints"].push_back(Entry);
    }
    ModelReport["status"] = Pass ? "pass" : "fail";
    Report["models"].push_back(ModelReport);
  }
  bool Passed = verifyPassed(Report);
  Report["status"] = Passed ? "pass" : "fail";

  std::string Rendered =
      Options.Format == "json" ? Report.dump(2) + "\n" : renderVerifyText(Report);
  if (Options.OutputPath.empty())
    Out << Rendered;
  else
    writeFileAtomically(Options.OutputPath, Rendered);
  if (!Options.HtmlPath.empty())
    writeFileAtomically(Options.HtmlPath, renderVerifyHtml(Report));
  return Passed;
}

} // namespace modelcompat
