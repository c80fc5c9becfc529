//===- TensorCompare.h - assert_close semantics for verify ------*- C++ -*-===//
//
// Elementwise |actual - expected| <= atol + rtol * |expected|, as
// torch.testing.assert_close, except that NaN never matches (verify compares
// an old model against its migrated self; a NaN is always news). Equal
// infinities match. Shapes and dtypes must be equal.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_HARNESS_TENSORCOMPARE_H
#define MODELCOMPAT_HARNESS_TENSORCOMPARE_H

#include <torch/torch.h>

#include <cstdint>
#include <optional>
#include <string>

namespace modelcompat::harness {

/// Relative and absolute tolerance.
struct Tolerance {
  double RTol = 0;
  double ATol = 0;
};

/// Whether base and head run on the same device kind.
enum class DevicePairing { SameDevice, CrossDevice };

/// assert_close's defaults per dtype (float32 1.3e-6/1e-5, float16 1e-3/1e-5,
/// bfloat16 1.6e-2/1e-5, float64 1e-7/1e-7, exact for integers and bool);
/// looser, documented ones for a CPU base against a CUDA head.
Tolerance defaultTolerance(c10::ScalarType Type, DevicePairing Pairing);

/// The defaults with the manifest's per-model overrides applied; integer and
/// bool tensors always compare exactly.
Tolerance effectiveTolerance(c10::ScalarType Type, DevicePairing Pairing,
                             std::optional<double> RTol, std::optional<double> ATol);

/// What comparing one tensor found.
struct TensorComparison {
  bool Match = false;
  std::string Problem;    ///< Shape or dtype mismatch; empty otherwise.
  double MaxAbsError = 0; ///< NaN when a NaN is involved.
  double MaxRelError = 0; ///< inf where expected is 0 and actual is not.
  int64_t Mismatched = 0; ///< Elements outside the tolerance.
  int64_t Total = 0;      ///< Elements compared.
  Tolerance Used;
};

/// Compares Actual (head) against Expected (base) on the CPU, in float64.
TensorComparison compareTensors(const torch::Tensor &Expected, const torch::Tensor &Actual,
                                Tolerance Tol);

} // namespace modelcompat::harness

#endif
