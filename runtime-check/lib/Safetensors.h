//===- Safetensors.h - Read and write safetensors files ---------*- C++ -*-===//
//
// Layout: an 8-byte little-endian header length N, N bytes of JSON
// ({"key": {"dtype": "F32", "shape": [..], "data_offsets": [b, e]}, ...,
// "__metadata__": {"k": "v"}}), then the data section the offsets index.
// The whole header is validated before any tensor byte is touched.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_RUNTIME_SAFETENSORS_H
#define MODELCOMPAT_RUNTIME_SAFETENSORS_H

#include "CheckpointFile.h"

#include "modelcompat/runtime/Checkpoint.h"

#include <map>
#include <string>
#include <vector>

namespace modelcompat {

/// Headers longer than this are refused before parsing (the reference
/// implementation's limit).
constexpr uint64_t MaxSafetensorsHeaderBytes = 100'000'000;

/// One tensor entry of a validated header.
struct SafetensorsEntry {
  std::string Key;
  c10::ScalarType DType = c10::ScalarType::Undefined;
  std::vector<int64_t> Shape;
  uint64_t Begin = 0, End = 0; ///< Within the data section.
};

/// A validated header: entries in data order, and the metadata.
struct SafetensorsHeader {
  std::vector<SafetensorsEntry> Entries;
  std::map<std::string, std::string> Metadata;
  uint64_t DataStart = 0; ///< File offset of the data section.
};

/// Whether Bytes look like safetensors: a header length, then '{'.
bool looksLikeSafetensors(std::string_view Bytes);

/// Parses and validates File's header; throws Error naming the file and key.
SafetensorsHeader readSafetensorsHeader(const CheckpointFile &File);

/// inspect for safetensors: the header only.
CheckpointInfo inspectSafetensors(const CheckpointFile &File, const CheckpointLoadOptions &Options);

/// Every tensor, mapped from the file where aligned.
StateDict loadSafetensors(const CheckpointFile &File, const CheckpointLoadOptions &Options);

/// The safetensors name of a dtype ("F32"), or empty when it has none.
std::string safetensorsDTypeName(c10::ScalarType Type);

} // namespace modelcompat

#endif
