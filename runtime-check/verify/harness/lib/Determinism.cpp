//===- Determinism.cpp - Devices, seeds and inputs for verify ------------===//
#include "Determinism.h"
#include "modelcompat/support/Error.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/cuda.h>

#include <cstdlib>
#include <map>

namespace modelcompat::harness {
namespace {

// at::Context's setters differ between libtorch 1.x and 2.x: call whichever
// overload this one has, and skip what it lacks (overload rank picks the
// first viable: int beats long).
template <typename Ctx>
auto setDeterministicAlgorithms(Ctx &C, int)
    -> decltype(C.setDeterministicAlgorithms(true, false), void()) {
  C.setDeterministicAlgorithms(true, /*warn_only=*/false);
}
template <typename Ctx>
auto setDeterministicAlgorithms(Ctx &C, long)
    -> decltype(C.setDeterministicAlgorithms(true), void()) {
  C.setDeterministicAlgorithms(true);
}

template <typename Ctx>
auto disableTF32CuBLAS(Ctx &C, int) -> decltype(C.setAllowTF32CuBLAS(false), void()) {
  C.setAllowTF32CuBLAS(false);
}
template <typename Ctx> void disableTF32CuBLAS(Ctx &, long) {}

template <typename Ctx>
auto highestMatmulPrecision(Ctx &C, int)
    -> decltype(C.setFloat32MatmulPrecision(std::string("highest")), void()) {
  C.setFloat32MatmulPrecision(std::string("highest"));
}
template <typename Ctx> void highestMatmulPrecision(Ctx &, long) {}

} // namespace

torch::Device resolveDevice(const std::string &Choice) {
  if (Choice == "cpu")
    return torch::kCPU;
  bool Available = torch::cuda::is_available();
  if (Choice == "cuda" && !Available)
    throw Error("--device cuda: no CUDA device is available to this libtorch "
                "(" TORCH_VERSION ")");
  if (Choice == "cuda" || (Choice == "auto" && Available))
    return torch::Device(torch::kCUDA, 0);
  if (Choice == "auto")
    return torch::kCPU;
  throw Error("unknown device '" + Choice + "' (expected auto|cpu|cuda)");
}

void configureDeterminism(const torch::Device &Device) {
  if (!Device.is_cuda())
    return;
  // cuBLAS is only deterministic with a fixed workspace; read at CUDA init.
  ::setenv("CUBLAS_WORKSPACE_CONFIG", ":4096:8", /*overwrite=*/0);
  at::Context &Ctx = at::globalContext();
  setDeterministicAlgorithms(Ctx, 0);
  Ctx.setBenchmarkCuDNN(false);
  Ctx.setDeterministicCuDNN(true);
  Ctx.setAllowTF32CuDNN(false);
  disableTF32CuBLAS(Ctx, 0);
  highestMatmulPrecision(Ctx, 0);
}

void seedEverything(uint64_t Seed) {
  torch::manual_seed(Seed);
  if (torch::cuda::is_available())
    torch::cuda::manual_seed_all(Seed);
}

c10::ScalarType parseDType(const std::string &Name) {
  static const std::map<std::string, c10::ScalarType> Table = {
      {"float32", torch::kFloat32},   {"float64", torch::kFloat64}, {"float16", torch::kFloat16},
      {"bfloat16", torch::kBFloat16}, {"int64", torch::kInt64},     {"int32", torch::kInt32},
      {"bool", torch::kBool}};
  auto It = Table.find(Name);
  if (It == Table.end())
    throw Error("unknown dtype '" + Name + "'");
  return It->second;
}

std::vector<torch::Tensor> makeInputs(const std::vector<InputDescription> &Inputs, uint64_t Seed,
                                      const torch::Device &Device) {
  at::Generator Generator = at::detail::createCPUGenerator(Seed);
  std::vector<torch::Tensor> Tensors;
  for (const InputDescription &Input : Inputs) {
    c10::ScalarType Type = parseDType(Input.DType);
    torch::Tensor Value;
    if (c10::isFloatingType(Type)) {
      // Drawn in float32 and then cast, so every float dtype sees the same
      // numbers, rounded.
      Value = at::randn(Input.Shape, Generator, torch::dtype(torch::kFloat32)).to(Type);
    } else if (Type == torch::kBool) {
      Value =
          at::randint(0, 2, Input.Shape, Generator, torch::dtype(torch::kInt64)).to(torch::kBool);
    } else {
      Value =
          at::randint(Input.Low, Input.High, Input.Shape, Generator, torch::dtype(torch::kInt64))
              .to(Type);
    }
    Tensors.push_back(Value.to(Device));
  }
  return Tensors;
}

} // namespace modelcompat::harness
