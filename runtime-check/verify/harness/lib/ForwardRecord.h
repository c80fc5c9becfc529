//===- ForwardRecord.h - Outputs and probes of one forward pass -*- C++ -*-===//
#ifndef MODELCOMPAT_HARNESS_FORWARDRECORD_H
#define MODELCOMPAT_HARNESS_FORWARDRECORD_H

#include <torch/torch.h>

#include <string>
#include <vector>

namespace modelcompat::harness {

/// One named tensor of a forward pass.
struct RecordedTensor {
  /// Outputs: "0", "1", ... in flattening order. Probes: the probe's name,
  /// with "#2", "#3" appended to repeated calls of the same name.
  std::string Name;
  torch::Tensor Value; ///< On the CPU, contiguous, detached.
};

/// What one forward pass produced.
struct ForwardRecord {
  std::vector<RecordedTensor> Outputs;
  std::vector<RecordedTensor> Probes; ///< In call order.
};

/// Adds a probe value, numbering repeated names ("block", "block#2").
void addProbe(ForwardRecord &Record, const std::string &Name, const torch::Tensor &Value);

/// Writes Record to Path (tensors) and Path + ".json" (names, in order).
void saveForwardRecord(const ForwardRecord &Record, const std::string &Path);
/// Reads what saveForwardRecord wrote; throws Error naming Path.
ForwardRecord loadForwardRecord(const std::string &Path);

} // namespace modelcompat::harness

#endif
