//===- CheckpointIoBench.cpp - Checkpoint readers vs libtorch's -----------===//
//
// Writes a ~1 GB state dict of transformer-like layer shapes in each format,
// then, in this one run, measures inspect time, load time (and load + read
// every byte, since modelcompat maps lazily) and peak RSS growth of
// modelcompat's readers against torch::load and torch::pickle_load on the
// same tensors, and prints the ratios the checkpoint issue sets as goals.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/runtime/Checkpoint.h"

#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/ReadFile.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

using namespace modelcompat;

namespace {

constexpr int64_t Vocabulary = 32000, Width = 1024, Hidden = 4096, Layers = 16;

StateDict transformerStateDict() {
  torch::manual_seed(0);
  StateDict Dict;
  auto Add = [&](const std::string &Key, std::vector<int64_t> Shape) {
    Dict.set(Key, torch::randn(Shape));
  };
  Add("embed.weight", {Vocabulary, Width});
  for (int64_t L = 0; L < Layers; ++L) {
    std::string P = "layers." + std::to_string(L) + ".";
    for (const char *Proj : {"q", "k", "v", "o"}) {
      Add(P + "attn." + Proj + ".weight", {Width, Width});
      Add(P + "attn." + Proj + ".bias", {Width});
    }
    Add(P + "mlp.fc1.weight", {Hidden, Width});
    Add(P + "mlp.fc1.bias", {Hidden});
    Add(P + "mlp.fc2.weight", {Width, Hidden});
    Add(P + "mlp.fc2.bias", {Width});
    for (const char *Norm : {"norm1", "norm2"}) {
      Add(P + Norm + ".weight", {Width});
      Add(P + Norm + ".bias", {Width});
    }
  }
  Add("lm_head.weight", {Vocabulary, Width});
  return Dict;
}

double statusMiB(const char *Field) {
  std::ifstream In("/proc/self/status");
  std::string Line;
  while (std::getline(In, Line))
    if (Line.rfind(Field, 0) == 0)
      return std::stod(Line.substr(std::strlen(Field) + 1)) / 1024.0;
  return 0;
}

void resetPeakRss() { std::ofstream("/proc/self/clear_refs") << "5"; }

/// Reads every byte, as using the tensors would (mapped pages fault in).
uint64_t touch(const torch::Tensor &Tensor) {
  torch::Tensor Flat = Tensor.contiguous();
  const uint64_t *Words = static_cast<const uint64_t *>(Flat.data_ptr());
  uint64_t Sum = 0;
  for (size_t I = 0, N = Flat.nbytes() / 8; I < N; ++I)
    Sum ^= Words[I];
  return Sum;
}

struct Measurement {
  double LoadSeconds = 0;  ///< until the reader returned
  double TouchSeconds = 0; ///< until every byte had been read
  double PeakMiB = 0;      ///< peak RSS growth over the baseline
};

/// Load returns the tensors it read; they stay alive until the peak is taken.
Measurement measure(const std::function<std::vector<torch::Tensor>()> &Load) {
  using Clock = std::chrono::steady_clock;
  resetPeakRss();
  double Base = statusMiB("VmRSS:");
  Measurement M;
  auto Start = Clock::now();
  std::vector<torch::Tensor> Tensors = Load();
  M.LoadSeconds = std::chrono::duration<double>(Clock::now() - Start).count();
  uint64_t Sum = 0;
  for (const torch::Tensor &Tensor : Tensors)
    Sum += touch(Tensor);
  M.TouchSeconds = std::chrono::duration<double>(Clock::now() - Start).count();
  M.PeakMiB = statusMiB("VmHWM:") - Base;
  if (Sum == 42)
    std::cout << ""; // keeps the reads
  return M;
}

std::vector<torch::Tensor> valuesOf(const StateDict &Dict) {
  std::vector<torch::Tensor> Out;
  for (const StateDictItem &Item : Dict.items())
    Out.push_back(Item.Value);
  return Out;
}

double bestInspectMs(const std::string &Path, size_t Expected) {
  double Best = 1e9;
  for (int Run = 0; Run < 5; ++Run) {
    auto Start = std::chrono::steady_clock::now();
    CheckpointInfo Info = inspectCheckpoint(Path);
    double Ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - Start).count();
    if (Info.Tensors.size() != Expected)
      throw std::runtime_error("inspect found the wrong number of tensors");
    Best = std::min(Best, Ms);
  }
  return Best;
}

void printRow(const std::string &Name, const Measurement &M, double TensorMiB) {
  std::printf("  %-34s load %7.3f s   load+read %7.3f s   peak RSS +%7.0f MiB (%.2fx tensors)\n",
              Name.c_str(), M.LoadSeconds, M.TouchSeconds, M.PeakMiB, M.PeakMiB / TensorMiB);
}

} // namespace

int main(int Argc, char **Argv) {
  std::string Dir = Argc > 1 ? Argv[1] : ".";
  std::string Safetensors = Dir + "/model.safetensors", Libtorch = Dir + "/model.pt",
              PlainDict = Dir + "/plain_dict.pt";
  size_t Count = 0;
  double TensorMiB = 0;
  {
    StateDict Dict = transformerStateDict();
    Count = Dict.size();
    c10::Dict<std::string, torch::Tensor> Plain;
    for (const StateDictItem &Item : Dict.items()) {
      TensorMiB += Item.Value.nbytes() / 1048576.0;
      Plain.insert(Item.Key, Item.Value);
    }
    std::printf("state dict: %zu tensors, %.0f MiB (float32, %ld layers of width %ld)\n", Count,
                TensorMiB, static_cast<long>(Layers), static_cast<long>(Width));
    saveSafetensors(Dict, Safetensors);
    torch::save(valuesOf(Dict), Libtorch); // keys "0", "1", ... for torch::load
    std::vector<char> Pickled = torch::pickle_save(Plain);
    writeFileAtomically(PlainDict, std::string(Pickled.begin(), Pickled.end()));
  }
  std::printf("formats: %s=%s %s=%s %s=%s\n\n", Safetensors.c_str(),
              formatName(detectCheckpointFormat(Safetensors)).c_str(), Libtorch.c_str(),
              formatName(detectCheckpointFormat(Libtorch)).c_str(), PlainDict.c_str(),
              formatName(detectCheckpointFormat(PlainDict)).c_str());

  std::printf("inspect (best of 5):\n");
  double InspectSafetensors = bestInspectMs(Safetensors, Count);
  double InspectLibtorch = bestInspectMs(Libtorch, Count);
  double InspectPlain = bestInspectMs(PlainDict, Count);
  std::printf("  safetensors %.2f ms, libtorch %.2f ms, python-zip %.2f ms\n\n", InspectSafetensors,
              InspectLibtorch, InspectPlain);

  std::printf("full load (files warm in the page cache):\n");
  Measurement OurSafetensors = measure([&] { return valuesOf(loadCheckpoint(Safetensors)); });
  printRow("modelcompat safetensors", OurSafetensors, TensorMiB);
  Measurement OurLibtorch = measure([&] { return valuesOf(loadCheckpoint(Libtorch)); });
  printRow("modelcompat libtorch archive", OurLibtorch, TensorMiB);
  Measurement TorchLoad = measure([&] {
    std::vector<torch::Tensor> Tensors;
    torch::load(Tensors, Libtorch);
    return Tensors;
  });
  printRow("torch::load (same archive)", TorchLoad, TensorMiB);
  Measurement OurPlain = measure([&] { return valuesOf(loadCheckpoint(PlainDict)); });
  printRow("modelcompat python-zip (plain dict)", OurPlain, TensorMiB);
  Measurement TorchPickle = measure([&] {
    std::string Bytes = readFile(PlainDict);
    c10::IValue Value = torch::pickle_load(std::vector<char>(Bytes.begin(), Bytes.end()));
    std::vector<torch::Tensor> Tensors;
    for (const auto &Entry : Value.toGenericDict())
      Tensors.push_back(Entry.value().toTensor());
    return Tensors;
  });
  printRow("torch::pickle_load (same file)", TorchPickle, TensorMiB);

  auto Goal = [](bool Met) { return Met ? "met" : "NOT met"; };
  double MaxInspect = std::max({InspectSafetensors, InspectLibtorch, InspectPlain});
  std::printf("\ngoals:\n");
  std::printf("  inspect under 50 ms: worst %.2f ms -> %s\n", MaxInspect, Goal(MaxInspect < 50));
  std::printf("  safetensors load vs torch::load: %.1fx faster to return, %.2fx faster "
              "including reading every byte -> %s\n",
              TorchLoad.LoadSeconds / OurSafetensors.LoadSeconds,
              TorchLoad.TouchSeconds / OurSafetensors.TouchSeconds,
              Goal(OurSafetensors.TouchSeconds <= TorchLoad.TouchSeconds));
  std::printf("  safetensors peak RSS %.2fx tensor bytes (goal <= 1.1x) -> %s\n",
              OurSafetensors.PeakMiB / TensorMiB, Goal(OurSafetensors.PeakMiB <= 1.1 * TensorMiB));
  std::printf("  python-zip load / torch::pickle_load: %.3fx to return, %.2fx including "
              "reading every byte (goal <= 1.2x) -> %s\n",
              OurPlain.LoadSeconds / TorchPickle.LoadSeconds,
              OurPlain.TouchSeconds / TorchPickle.TouchSeconds,
              Goal(OurPlain.TouchSeconds <= 1.2 * TorchPickle.TouchSeconds));
  return 0;
}
