//===- TensorCompareTest.cpp - assert_close semantics, seeds and inputs ---===//
#include "modelcompat/harness/TensorCompare.h"
#include "Determinism.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>

using namespace modelcompat::harness;

namespace {
constexpr double Float32RTol = 1.3e-6, Float32ATol = 1e-5;
const double NaN = std::numeric_limits<double>::quiet_NaN();
const double Inf = std::numeric_limits<double>::infinity();
} // namespace

TEST(TensorCompare, DefaultsFollowAssertClose) {
  Tolerance F32 = defaultTolerance(torch::kFloat32, DevicePairing::SameDevice);
  EXPECT_DOUBLE_EQ(F32.RTol, Float32RTol);
  EXPECT_DOUBLE_EQ(F32.ATol, Float32ATol);
  Tolerance F16 = defaultTolerance(torch::kFloat16, DevicePairing::SameDevice);
  EXPECT_DOUBLE_EQ(F16.RTol, 1e-3);
  EXPECT_DOUBLE_EQ(F16.ATol, 1e-5);
  Tolerance BF16 = defaultTolerance(torch::kBFloat16, DevicePairing::SameDevice);
  EXPECT_DOUBLE_EQ(BF16.RTol, 1.6e-2);
  EXPECT_DOUBLE_EQ(BF16.ATol, 1e-5);
  Tolerance F64 = defaultTolerance(torch::kFloat64, DevicePairing::SameDevice);
  EXPECT_DOUBLE_EQ(F64.RTol, 1e-7);
  EXPECT_DOUBLE_EQ(F64.ATol, 1e-7);
  Tolerance I64 = defaultTolerance(torch::kInt64, DevicePairing::SameDevice);
  EXPECT_EQ(I64.RTol, 0);
  EXPECT_EQ(I64.ATol, 0);
  Tolerance Cross = defaultTolerance(torch::kFloat32, DevicePairing::CrossDevice);
  EXPECT_GT(Cross.RTol, F32.RTol);
  // Overrides apply to floating tensors only; integers stay exact.
  Tolerance Over =
      effectiveTolerance(torch::kFloat32, DevicePairing::SameDevice, 1e-3, std::nullopt);
  EXPECT_DOUBLE_EQ(Over.RTol, 1e-3);
  EXPECT_DOUBLE_EQ(Over.ATol, Float32ATol);
  EXPECT_EQ(effectiveTolerance(torch::kInt64, DevicePairing::SameDevice, 1.0, 1.0).ATol, 0);
}

TEST(TensorCompare, CountsMismatchesAndReportsMaxErrors) {
  torch::Tensor Expected = torch::tensor({1.0, 2.0, 0.0, 4.0}, torch::kFloat64);
  torch::Tensor Actual = torch::tensor({1.0, 2.5, 1e-9, 4.0}, torch::kFloat64);
  TensorComparison C = compareTensors(Expected, Actual, {1e-7, 1e-7});
  EXPECT_FALSE(C.Match);
  EXPECT_EQ(C.Mismatched, 1); // 1e-9 against 0 is within atol
  EXPECT_EQ(C.Total, 4);
  EXPECT_DOUBLE_EQ(C.MaxAbsError, 0.5);
  EXPECT_EQ(C.MaxRelError, Inf); // 1e-9 / |0|
  EXPECT_TRUE(C.Problem.empty());
}

TEST(TensorCompare, ToleranceBoundaryIsInclusive) {
  torch::Tensor Expected = torch::tensor({100.0}, torch::kFloat64);
  // |a - e| == atol + rtol * |e| exactly: close.
  torch::Tensor Actual = torch::tensor({100.0 + 1.0 + 0.5}, torch::kFloat64);
  EXPECT_TRUE(compareTensors(Expected, Actual, {0.005, 1.0}).Match);
  EXPECT_FALSE(compareTensors(Expected, Actual, {0.004, 1.0}).Match);
}

TEST(TensorCompare, NaNNeverMatchesButEqualInfinitiesDo) {
  torch::Tensor Same = torch::tensor({NaN, 1.0}, torch::kFloat32);
  TensorComparison C = compareTensors(Same, Same.clone(), {1e-3, 1e-3});
  EXPECT_FALSE(C.Match);
  EXPECT_EQ(C.Mismatched, 1);
  torch::Tensor Infs = torch::tensor({Inf, -Inf}, torch::kFloat32);
  EXPECT_TRUE(compareTensors(Infs, Infs.clone(), {0, 0}).Match);
  EXPECT_FALSE(compareTensors(Infs, -Infs, {1, 1}).Match);
}

TEST(TensorCompare, ShapeAndDTypeMustAgree) {
  TensorComparison Shape = compareTensors(torch::zeros({2, 3}), torch::zeros({3, 2}), {1, 1});
  EXPECT_FALSE(Shape.Match);
  EXPECT_EQ(Shape.Problem, "shape [3, 2] != expected [2, 3]");
  TensorComparison Type =
      compareTensors(torch::zeros({2}), torch::zeros({2}, torch::kFloat64), {1, 1});
  EXPECT_FALSE(Type.Match);
  EXPECT_EQ(Type.Problem, "dtype float64 != expected float32");
}

TEST(TensorCompare, Float32DefaultsAcceptRoundingButNotChange) {
  torch::manual_seed(0);
  torch::Tensor Expected = torch::randn({64});
  Tolerance Tol = defaultTolerance(torch::kFloat32, DevicePairing::SameDevice);
  EXPECT_TRUE(compareTensors(Expected, Expected * (1 + 1e-7), Tol).Match);
  EXPECT_FALSE(compareTensors(Expected, Expected + 1e-3, Tol).Match);
}

TEST(Determinism, InputsComeFromTheirOwnGenerator) {
  std::vector<InputDescription> Inputs = {{{2, 3}, "float32"}, {{4}, "int64", 0, 5}};
  torch::manual_seed(123);
  std::vector<torch::Tensor> First = makeInputs(Inputs, 1, torch::kCPU);
  torch::manual_seed(456); // the global generator does not matter
  std::vector<torch::Tensor> Second = makeInputs(Inputs, 1, torch::kCPU);
  ASSERT_EQ(First.size(), 2u);
  EXPECT_TRUE(torch::equal(First[0], Second[0]));
  EXPECT_TRUE(torch::equal(First[1], Second[1]));
  EXPECT_EQ(First[1].scalar_type(), torch::kInt64);
  EXPECT_TRUE(First[1].ge(0).all().item<bool>() && First[1].lt(5).all().item<bool>());
  EXPECT_FALSE(torch::equal(makeInputs(Inputs, 2, torch::kCPU)[0], First[0]));
}

TEST(Determinism, SeedingMakesSamplingRepeat) {
  torch::Tensor Std = torch::ones({16});
  seedEverything(7);
  torch::Tensor A = torch::randn_like(Std);
  seedEverything(7);
  torch::Tensor B = torch::randn_like(Std);
  EXPECT_TRUE(torch::equal(A, B));
}

TEST(Determinism, CudaDeviceIsRefusedWithoutAGpu) {
  if (torch::cuda::is_available())
    GTEST_SKIP() << "a GPU is present; the refusal applies only without one";
  EXPECT_EQ(resolveDevice("auto"), torch::Device(torch::kCPU));
  try {
    resolveDevice("cuda");
    FAIL() << "expected an error";
  } catch (const std::exception &E) {
    EXPECT_EQ(std::string(E.what()).rfind("--device cuda: no CUDA device is available", 0), 0u);
  }
}

// The settings are global flags of at::Context, so they can be checked on a
// CPU-only libtorch too: what a CUDA run would start with.
TEST(Determinism, CudaDeviceGetsDeterministicSettingsBeforeAnyCudaWork) {
  at::Context &Ctx = at::globalContext();
  const bool Deterministic = Ctx.deterministicAlgorithms();
  ::unsetenv("CUBLAS_WORKSPACE_CONFIG");
  configureDeterminism(torch::Device(torch::kCUDA, 0));
  EXPECT_TRUE(Ctx.deterministicAlgorithms());
  EXPECT_FALSE(Ctx.benchmarkCuDNN());
  EXPECT_TRUE(Ctx.deterministicCuDNN());
  EXPECT_FALSE(Ctx.allowTF32CuDNN());
  EXPECT_FALSE(Ctx.allowTF32CuBLAS());
  ASSERT_NE(std::getenv("CUBLAS_WORKSPACE_CONFIG"), nullptr);
  EXPECT_STREQ(std::getenv("CUBLAS_WORKSPACE_CONFIG"), ":4096:8");
  // A value the user set is kept.
  ::setenv("CUBLAS_WORKSPACE_CONFIG", ":16:8", 1);
  configureDeterminism(torch::Device(torch::kCUDA, 0));
  EXPECT_STREQ(std::getenv("CUBLAS_WORKSPACE_CONFIG"), ":16:8");
  Ctx.setDeterministicAlgorithms(Deterministic, false);
}

TEST(Determinism, CpuDeviceLeavesTheGlobalSettingsAlone) {
  at::Context &Ctx = at::globalContext();
  const bool Deterministic = Ctx.deterministicAlgorithms();
  const bool Benchmark = Ctx.benchmarkCuDNN();
  configureDeterminism(torch::kCPU);
  EXPECT_EQ(Ctx.deterministicAlgorithms(), Deterministic);
  EXPECT_EQ(Ctx.benchmarkCuDNN(), Benchmark);
}

TEST(Determinism, CudaRunsAreRepeatable) {
  if (!torch::cuda::is_available())
    GTEST_SKIP() << "no CUDA device: the CUDA determinism settings are not exercised";
  torch::Device Cuda = resolveDevice("cuda");
  configureDeterminism(Cuda);
  std::vector<InputDescription> Inputs = {{{8, 16}, "float32"}};
  torch::nn::Linear Layer(16, 16);
  Layer->to(Cuda);
  torch::Tensor X = makeInputs(Inputs, 1, Cuda)[0];
  EXPECT_TRUE(torch::equal(Layer(X), Layer(X)));
  EXPECT_FALSE(at::globalContext().benchmarkCuDNN());
  EXPECT_FALSE(at::globalContext().allowTF32CuDNN());
}
