//===- ErrorText.h - The message a call fails with, for tests -*- C++ -*-===//
#ifndef MODELCOMPAT_TESTS_SUPPORT_ERRORTEXT_H
#define MODELCOMPAT_TESTS_SUPPORT_ERRORTEXT_H

#include <exception>
#include <string>

namespace modelcompat::test {

/// The message Run throws (modelcompat::Error or any std::exception, as
/// libtorch's c10::Error), or "(no error)": error tests compare whole
/// messages, as users read them.
template <typename Call> std::string errorOf(Call &&Run) {
  try {
    Run();
  } catch (const std::exception &E) {
    return E.what();
  }
  return "(no error)";
}

} // namespace modelcompat::test

#endif
