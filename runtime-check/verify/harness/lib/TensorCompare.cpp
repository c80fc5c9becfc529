//===- TensorCompare.cpp - assert_close semantics for verify -------------===//
#include "modelcompat/harness/TensorCompare.h"
#include "modelcompat/runtime/Checkpoint.h"
#include "modelcompat/support/ShapeText.h"

#include <limits>

namespace modelcompat::harness {

Tolerance defaultTolerance(c10::ScalarType Type, DevicePairing Pairing) {
  bool Cross = Pairing == DevicePairing::CrossDevice;
  switch (Type) {
  case c10::ScalarType::Float:
  case c10::ScalarType::ComplexFloat:
    // CUDA kernels reorder reductions: ~1e-6 relative per op, compounded.
    return Cross ? Tolerance{1e-4, 1e-4} : Tolerance{1.3e-6, 1e-5};
  case c10::ScalarType::Half:
    return Cross ? Tolerance{5e-3, 1e-3} : Tolerance{1e-3, 1e-5};
  case c10::ScalarType::BFloat16:
    return Cross ? Tolerance{3.2e-2, 1e-3} : Tolerance{1.6e-2, 1e-5};
  case c10::ScalarType::Double:
  case c10::ScalarType::ComplexDouble:
    return Cross ? Tolerance{1e-6, 1e-6} : Tolerance{1e-7, 1e-7};
  default:
    return {0, 0};
  }
}

Tolerance effectiveTolerance(c10::ScalarType Type, DevicePairing Pairing,
                             std::optional<double> RTol, std::optional<double> ATol) {
  Tolerance Tol = defaultTolerance(Type, Pairing);
  if (!c10::isFloatingType(Type) && !c10::isComplexType(Type))
    return Tol;
  if (RTol)
    Tol.RTol = *RTol;
  if (ATol)
    Tol.ATol = *ATol;
  return Tol;
}

TensorComparison compareTensors(const torch::Tensor &Expected, const torch::Tensor &Actual,
                                Tolerance Tol) {
  TensorComparison Result;
  Result.Used = Tol;
  if (Expected.sizes() != Actual.sizes()) {
    Result.Problem = "shape " + shapeText(Actual.sizes().vec()) + " != expected " +
                     shapeText(Expected.sizes().vec());
    Result.MaxAbsError = Result.MaxRelError = std::numeric_limits<double>::infinity();
    Result.Total = Result.Mismatched = std::max(Expected.numel(), Actual.numel());
    return Result;
  }
  if (Expected.scalar_type() != Actual.scalar_type()) {
    Result.Problem = "dtype " + dtypeName(Actual.scalar_type()) + " != expected " +
                     dtypeName(Expected.scalar_type());
    Result.MaxAbsError = Result.MaxRelError = std::numeric_limits<double>::infinity();
    Result.Total = Result.Mismatched = Expected.numel();
    return Result;
  }
  Result.Total = Expected.numel();
  if (Result.Total == 0) {
    Result.Match = true;
    return Result;
  }
  torch::NoGradGuard NoGrad;
  auto AsDouble = [](const torch::Tensor &T) {
    torch::Tensor Cpu = T.detach().to(torch::kCPU);
    if (Cpu.is_complex())
      Cpu = torch::view_as_real(Cpu.resolve_conj());
    return Cpu.to(torch::kDouble);
  };
  torch::Tensor E = AsDouble(Expected), A = AsDouble(Actual);
  torch::Tensor Equal = A.eq(E); // equal infinities; never NaN
  torch::Tensor Finite = torch::isfinite(A).logical_and(torch::isfinite(E));
  torch::Tensor Diff = (A - E).abs().masked_fill(Equal, 0.0);
  torch::Tensor Close =
      Equal.logical_or(Finite.logical_and(Diff.le(Tol.ATol + Tol.RTol * E.abs())));
  if (Expected.is_complex()) // both parts of an element must be close
    Close = Close.all(-1);
  Result.Mismatched = Close.logical_not().sum().item<int64_t>();
  torch::Tensor Rel = (Diff / E.abs()).masked_fill(Equal, 0.0);
  Result.MaxAbsError = Diff.max().item<double>();
  Result.MaxRelError = Rel.max().item<double>();
  Result.Match = Result.Mismatched == 0;
  return Result;
}

} // namespace modelcompat::harness
