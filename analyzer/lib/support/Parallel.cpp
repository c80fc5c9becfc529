//===- Parallel.cpp - Independent work on a bounded number of threads -----===//
#include "modelcompat/support/Parallel.h"
#include "modelcompat/support/Error.h"

#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace modelcompat {

/// More workers than this buy nothing and cost a parse's memory each.
constexpr unsigned MaxJobs = 256;

unsigned defaultJobs() {
  unsigned Cores = std::thread::hardware_concurrency();
  return Cores == 0 ? 1 : std::min(Cores, MaxJobs);
}

unsigned parseJobs(const std::string &Command, const std::optional<std::string> &Value) {
  if (!Value)
    return defaultJobs();
  bool Digits = !Value->empty() && Value->size() <= 3 &&
                Value->find_first_not_of("0123456789") == std::string::npos;
  unsigned Jobs = Digits ? static_cast<unsigned>(std::stoul(*Value)) : 0;
  if (Jobs < 1 || Jobs > MaxJobs)
    throw usageError(Command + ": invalid value '" + *Value +
                     "' for '--jobs' (expected a number of parallel parses from 1 to " +
                     std::to_string(MaxJobs) + ")");
  return Jobs;
}

void forEachIndex(unsigned Jobs, std::size_t Count, const std::function<void(std::size_t)> &Task) {
  std::vector<std::exception_ptr> Failures(Count);
  auto RunOne = [&](std::size_t I) {
    try {
      Task(I);
    } catch (...) {
      Failures[I] = std::current_exception();
    }
  };
  if (Jobs <= 1 || Count <= 1) {
    for (std::size_t I = 0; I < Count; ++I)
      RunOne(I);
  } else {
    std::atomic<std::size_t> Next{0};
    std::vector<std::thread> Workers;
    std::size_t Threads = std::min<std::size_t>(Jobs, Count);
    for (std::size_t W = 0; W < Threads; ++W)
      Workers.emplace_back([&] {
        for (std::size_t I = Next++; I < Count; I = Next++)
          RunOne(I);
      });
    for (std::thread &Worker : Workers)
      Worker.join();
  }
  for (const std::exception_ptr &Failure : Failures)
    if (Failure)
      std::rethrow_exception(Failure);
}

} // namespace modelcompat
