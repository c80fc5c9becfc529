//===- HarnessRun.h - The base and head halves of verify --------*- C++ -*-===//
#ifndef MODELCOMPAT_HARNESS_HARNESSRUN_H
#define MODELCOMPAT_HARNESS_HARNESSRUN_H

#include <string>

namespace modelcompat::harness {

/// Reads the config the orchestrator wrote (docs/runtime-check.md, "The
/// harness"), runs the base half (load strictly, record) or the head half
/// (load through migrations, run, compare) and writes the result JSON.
void runHarness(const std::string &ConfigPath);

} // namespace modelcompat::harness

#endif
