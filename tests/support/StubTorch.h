//===- StubTorch.h - The stub <torch/torch.h> the analyzer's tests parse -===//
//
// A few hundred lines declaring the libtorch names the tests use: a parse
// takes a second instead of libtorch's twenty. Only tests/integration and
// DiffRealTorchTest parse the real headers.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_TESTS_SUPPORT_STUBTORCH_H
#define MODELCOMPAT_TESTS_SUPPORT_STUBTORCH_H

#include <string>

namespace modelcompat::test {

/// The folder holding the stub torch/torch.h.
inline std::string stubTorchDir() {
  return std::string(MODELCOMPAT_TEST_SOURCE_DIR) + "/tests/support/stub_torch";
}

/// The compiler flag that puts the stub first on the include path.
inline std::string stubTorchFlag() { return "-I" + stubTorchDir(); }

} // namespace modelcompat::test

#endif
