//===- Parallel.h - Independent work on a bounded number of threads -*- C++ -*-===//
//
// `-j N`: the scanner's parses are independent (each builds its own
// compiler, file manager and in-memory tree), so they run on N threads.
// Results go into slots by index and are merged in index order by the
// caller, so the output does not depend on N or on timing.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SUPPORT_PARALLEL_H
#define MODELCOMPAT_SUPPORT_PARALLEL_H

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace modelcompat {

/// The default for -j: the number of cores (1 when it cannot be told).
unsigned defaultJobs();

/// The value of a -j flag (nullopt: defaultJobs()); a usage error naming
/// Command unless it is a whole number from 1 to 256.
unsigned parseJobs(const std::string &Command, const std::optional<std::string> &Value);

/// Calls Task(I) once for each I in [0, Count), at most Jobs at a time
/// (Jobs <= 1: in order, on the calling thread). Tasks must not touch each
/// other's data. When tasks throw, every task still runs to its end and the
/// exception of the lowest index is rethrown, so failures are deterministic.
void forEachIndex(unsigned Jobs, std::size_t Count, const std::function<void(std::size_t)> &Task);

} // namespace modelcompat

#endif
