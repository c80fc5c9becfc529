//===- VerifyReport.cpp - The text report of verify ----------------------===//
#include "modelcompat/verify/VerifyReport.h"
#include "modelcompat/support/ShapeText.h"

#include <cstdio>
#include <sstream>

using nlohmann::json;

namespace modelcompat {
namespace {

std::string shortSha(const json &Revision) { return Revision.value("commit", "").substr(0, 12); }

std::string revisionText(const json &Revision) {
  std::string Sha = shortSha(Revision);
  std::string Rev = Revision.value("rev", "");
  return Rev.empty() || Revision.value("commit", "") == Rev ? Sha : Sha + " (" + Rev + ")";
}

std::string toleranceText(const json &Stats) {
  return "rtol " + formatErrorValue(Stats.value("rtol", json(0.0))) + ", atol " +
         formatErrorValue(Stats.value("atol", json(0.0)));
}

std::string statsText(const json &Stats) {
  auto Sizes = Stats.value("shape", json::array()).get<std::vector<std::int64_t>>();
  std::string Text = Stats.value("dtype", "") + " " + shapeText(Sizes) + ": ";
  if (!Stats.value("problem", "").empty())
    return Text + Stats.value("problem", "");
  return Text + "max abs error " + formatErrorValue(Stats["max_abs_error"]) + ", max rel error " +
         formatErrorValue(Stats["max_rel_error"]) + ", " +
         std::to_string(Stats.value("mismatched", 0)) + " of " +
         std::to_string(Stats.value("total", 0)) + " mismatched (" + toleranceText(Stats) + ")";
}

void renderLedgerProblems(std::ostream &Out, const json &Ledger) {
  for (const auto &Key : Ledger.value("unconsumed", json::array()))
    Out << "    unconsumed old tensor '" << Key.get<std::string>() << "'\n";
  for (const auto &Key : Ledger.value("unsourced", json::array()))
    Out << "    unsourced new tensor '" << Key.get<std::string>() << "'\n";
}

void renderCheckpoint(std::ostream &Out, const json &Model, const json &Ckpt) {
  bool Pass = Ckpt.value("status", "fail") == "pass";
  Out << "model '" << Model.value("name", "") << "', " << Ckpt.value("label", "") << ": "
      << (Pass ? "PASS" : "FAIL") << "\n";
  if (Ckpt.contains("base_load")) {
    Out << "  does not load strictly into the base code:\n";
    for (const auto &Problem : Ckpt["base_load"].value("problems", json::array()))
      Out << "    " << Problem.get<std::string>() << "\n";
  }
  const json &Load = Ckpt.value("load", json::object());
  if (!Load.value("strict", true) && !Ckpt.contains("base_load")) {
    Out << "  does not load strictly through the migrations at head:\n";
    for (const auto &Problem : Load.value("problems", json::array()))
      Out << "    " << Problem.get<std::string>() << "\n";
  }
  const json &Ledger = Ckpt.value("ledger", json::object());
  if (Load.value("problems", json::array()).empty())
    renderLedgerProblems(Out, Ledger);
  json Applied = Ledger.value("applied", json::array());
  if (!Applied.empty()) {
    Out << "  migrations applied:";
    for (const auto &Id : Applied)
      Out << " " << Id.get<std::string>();
    Out << "\n";
  }
  for (const json &Output : Ckpt.value("outputs", json::array()))
    Out << "  output " << Output.value("name", "") << " " << statsText(Output) << "\n";
  const json &Probes = Ckpt.value("probes", json::array());
  if (!Probes.empty()) {
    size_t Diverged = 0;
    for (const json &Probe : Probes)
      Diverged += Probe.value("match", false) ? 0 : 1;
    Out << "  probes: " << Probes.size() << " compared, " << Diverged << " diverged\n";
  }
  const json &First = Ckpt.value("first_divergent_probe", json());
  if (First.is_object()) {
    for (const json &Probe : Probes)
      if (Probe.value("name", "") == First.value("name", ""))
        Out << "  first divergent probe '" << First.value("name", "") << "' " << statsText(Probe)
            << "\n";
    for (const json &Entry : First.value("ledger", json::array()))
      Out << "    ledger: " << Entry.value("key", "") << " <- " << Entry.value("provenance", "")
          << "\n";
  }
  for (const auto &Name : Ckpt.value("probes_missing_in_head", json::array()))
    Out << "  note: probe '" << Name.get<std::string>()
        << "' was reached at base but not at head\n";
  for (const auto &Line : Ckpt.value("explanations", json::array()))
    Out << "  why: " << Line.get<std::string>() << "\n";
}

} // namespace

std::string formatErrorValue(const json &Value) {
  if (Value.is_string())
    return Value.get<std::string>();
  if (!Value.is_number())
    return "-";
  double Number = Value.get<double>();
  if (Number == 0)
    return "0";
  char Buffer[32];
  std::snprintf(Buffer, sizeof(Buffer), "%.2g", Number);
  return Buffer;
}

bool verifyPassed(const json &Report) {
  for (const json &Model : Report.value("models", json::array()))
    for (const json &Ckpt : Model.value("checkpoints", json::array()))
      if (Ckpt.value("status", "fail") != "pass")
        return false;
  return true;
}

std::string renderVerifyText(const json &Report) {
  std::ostringstream Out;
  bool Pass = verifyPassed(Report);
  Out << "verify " << revisionText(Report["base"]) << " -> " << revisionText(Report["head"]) << ": "
      << (Pass ? "PASS" : "FAIL") << "\n";
  for (const json &Model : Report.value("models", json::array())) {
    const json &Devices = Model.value("devices", json::object());
    Out << "model '" << Model.value("name", "") << "': device base " << Devices.value("base", "-")
        << ", head " << Devices.value("head", "-") << "; libtorch " << Model.value("torch", "")
        << "; " << (Report.value("train_mode", false) ? "train" : "eval") << " mode; "
        << (Report.value("seeding", true) ? "seeded" : "NOT seeded (--no-seed)")
        << "; migrations from " << Report.value("migrations", "") << "\n";
    for (const json &Ckpt : Model.value("checkpoints", json::array()))
      renderCheckpoint(Out, Model, Ckpt);
  }
  return Out.str();
}

} // namespace modelcompat
