//===- Determinism.h - Devices, seeds and inputs for verify ----*- C++ -*-===//
#ifndef MODELCOMPAT_HARNESS_DETERMINISM_H
#define MODELCOMPAT_HARNESS_DETERMINISM_H

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace modelcompat::harness {

/// "cpu", "cuda" or "auto" (CUDA when available) to a device. Throws Error
/// when CUDA is asked for and this libtorch or machine has none.
torch::Device resolveDevice(const std::string &Choice);

/// On CUDA: deterministic algorithms on, cuDNN benchmark off, TF32 off for
/// matmul and cuDNN, and a deterministic cuBLAS workspace. Must run before
/// the first CUDA operation. Nothing to do on the CPU.
void configureDeterminism(const torch::Device &Device);

/// torch::manual_seed and, when CUDA is present, every GPU's seed.
void seedEverything(uint64_t Seed);

/// One input as the orchestrator describes it.
struct InputDescription {
  std::vector<int64_t> Shape;
  std::string DType = "float32";
  int64_t Low = 0, High = 10;
};

/// The inputs of a forward pass: drawn on the CPU from a generator seeded
/// with Seed (never the global one), in order, then moved to Device, so every
/// device and every run sees the same values.
std::vector<torch::Tensor> makeInputs(const std::vector<InputDescription> &Inputs, uint64_t Seed,
                                      const torch::Device &Device);

/// torch's dtype name to a scalar type; throws Error for an unknown name.
c10::ScalarType parseDType(const std::string &Name);

} // namespace modelcompat::harness

#endif
