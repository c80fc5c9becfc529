//===- ForwardRecord.cpp - Outputs and probes of one forward pass --------===//
#include "ForwardRecord.h"
#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/ReadFile.h"

#include <nlohmann/json.hpp>

#include <map>

namespace modelcompat::harness {

void addProbe(ForwardRecord &Record, const std::string &Name, const torch::Tensor &Value) {
  if (!Value.defined())
    return; // nothing to compare
  size_t Seen = 0;
  for (const RecordedTensor &Probe : Record.Probes)
    if (Probe.Name == Name || Probe.Name.rfind(Name + "#", 0) == 0)
      ++Seen;
  Record.Probes.push_back({Seen ? Name + "#" + std::to_string(Seen + 1) : Name,
                           Value.detach().to(torch::kCPU).contiguous().clone()});
}

void saveForwardRecord(const ForwardRecord &Record, const std::string &Path) {
  nlohmann::json Index = {{"outputs", nlohmann::json::array()},
                          {"probes", nlohmann::json::array()}};
  std::vector<torch::Tensor> Tensors;
  for (const RecordedTensor &Output : Record.Outputs) {
    Index["outputs"].push_back(Output.Name);
    Tensors.push_back(Output.Value);
  }
  for (const RecordedTensor &Probe : Record.Probes) {
    Index["probes"].push_back(Probe.Name);
    Tensors.push_back(Probe.Value);
  }
  torch::save(Tensors, Path);
  writeFileAtomically(Path + ".json", Index.dump(2) + "\n");
}

ForwardRecord loadForwardRecord(const std::string &Path) {
  nlohmann::json Index = nlohmann::json::parse(readFile(Path + ".json"), nullptr, false);
  if (Index.is_discarded() || !Index.contains("outputs") || !Index.contains("probes"))
    throw Error("'" + Path + ".json' is not a forward record index");
  std::vector<torch::Tensor> Tensors;
  torch::load(Tensors, Path);
  if (Tensors.size() != Index["outputs"].size() + Index["probes"].size())
    throw Error("'" + Path + "' does not match its index");
  ForwardRecord Record;
  size_t I = 0;
  for (const auto &Name : Index["outputs"])
    Record.Outputs.push_back({Name.get<std::string>(), Tensors[I++]});
  for (const auto &Name : Index["probes"])
    Record.Probes.push_back({Name.get<std::string>(), Tensors[I++]});
  return Record;
}

} // namespace modelcompat::harness
