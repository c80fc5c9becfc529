//===- Probe.h - Named intermediate tensors for locating a divergence -*- C++ -*-===//
//
// Header-only. Model code may mark intermediate values in forward():
//
//   torch::Tensor EncoderImpl::forward(torch::Tensor X) {
//     for (size_t I = 0; I < blocks->size(); ++I) {
//       X = blocks[I]->as<Block>()->forward(X);
//       MODELCOMPAT_PROBE("encoder.block" + std::to_string(I), X);
//     }
//     ...
//
// A probe costs one relaxed atomic load and a branch unless a harness has
// installed a ProbeRecorder; the name and tensor expressions are not even
// evaluated then. With a recorder installed (ProbeSession), every probe
// records its name and a detached clone of the tensor in call order, so
// `verify` can name the first probe whose values diverge between the base
// and the head model.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_RUNTIME_PROBE_H
#define MODELCOMPAT_RUNTIME_PROBE_H

#include <torch/torch.h>

#include <atomic>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace modelcompat {

/// One recorded probe.
struct ProbeRecord {
  std::string Name;
  torch::Tensor Value; ///< A detached clone, taken when the probe ran.
};

/// How a recorder stores what probes hand it.
struct ProbeRecorderOptions {
  /// Move recorded tensors to the CPU (so a CUDA head compares with a CPU
  /// base, and device memory is not held).
  bool ToCpu = false;
};

/// Collects probes in call order. Thread-safe: probes may fire from any
/// thread while the recorder is installed.
class ProbeRecorder {
public:
  explicit ProbeRecorder(ProbeRecorderOptions Options = {}) : Options(Options) {}

  /// Records a detached clone of Value under Name.
  void record(std::string Name, const torch::Tensor &Value) {
    torch::Tensor Copy;
    if (Value.defined()) {
      torch::NoGradGuard NoGrad;
      Copy = Options.ToCpu ? Value.detach().to(torch::kCPU, /*non_blocking=*/false,
                                               /*copy=*/true)
                           : Value.detach().clone();
    }
    std::lock_guard<std::mutex> Lock(Mutex);
    Records.push_back({std::move(Name), std::move(Copy)});
  }

  /// What was recorded, in call order.
  std::vector<ProbeRecord> records() const {
    std::lock_guard<std::mutex> Lock(Mutex);
    return Records;
  }
  /// The recorded names, in call order.
  std::vector<std::string> names() const {
    std::lock_guard<std::mutex> Lock(Mutex);
    std::vector<std::string> Out;
    for (const ProbeRecord &Record : Records)
      Out.push_back(Record.Name);
    return Out;
  }
  size_t size() const {
    std::lock_guard<std::mutex> Lock(Mutex);
    return Records.size();
  }
  /// Forgets everything recorded so far.
  void clear() {
    std::lock_guard<std::mutex> Lock(Mutex);
    Records.clear();
  }

private:
  ProbeRecorderOptions Options;
  mutable std::mutex Mutex;
  std::vector<ProbeRecord> Records;
};

namespace probe_detail {
/// The installed recorder, or null. One per process (an inline variable, so
/// the model's library and the harness share it).
inline std::atomic<ProbeRecorder *> Active{nullptr};
} // namespace probe_detail

/// The recorder probes currently write to, or null when probing is off.
inline ProbeRecorder *activeProbeRecorder() {
  return probe_detail::Active.load(std::memory_order_acquire);
}

/// Installs a recorder for its lifetime and restores the previous one
/// (usually none) afterwards.
class ProbeSession {
public:
  explicit ProbeSession(ProbeRecorder &Recorder)
      : Previous(probe_detail::Active.exchange(&Recorder, std::memory_order_acq_rel)) {}
  ~ProbeSession() { probe_detail::Active.store(Previous, std::memory_order_release); }
  ProbeSession(const ProbeSession &) = delete;
  ProbeSession &operator=(const ProbeSession &) = delete;

private:
  ProbeRecorder *Previous;
};

/// Runs a Sequential child by child, recording each child's output as a
/// probe named "<Prefix><index>" ("0", "1", ... by default): how verify
/// compares models whose top level is a Sequential. Returns the output.
inline torch::Tensor forwardRecordingChildren(torch::nn::Sequential &Model, torch::Tensor Input,
                                              ProbeRecorder &Recorder,
                                              const std::string &Prefix = "") {
  size_t Index = 0;
  for (auto &Child : *Model) {
    Input = Child.forward(Input);
    Recorder.record(Prefix + std::to_string(Index++), Input);
  }
  return Input;
}

} // namespace modelcompat

/// Records Tensor under Name when a harness has enabled probing; otherwise
/// costs one atomic load and evaluates neither argument.
#define MODELCOMPAT_PROBE(Name, Tensor)                                                            \
  do {                                                                                             \
    if (::modelcompat::ProbeRecorder *ModelcompatProbeRecorder_ =                                  \
            ::modelcompat::activeProbeRecorder())                                                  \
      ModelcompatProbeRecorder_->record((Name), (Tensor));                                         \
  } while (false)

#endif
