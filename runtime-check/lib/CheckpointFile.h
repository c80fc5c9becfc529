//===- CheckpointFile.h - The bytes of one checkpoint file ------*- C++ -*-===//
//
// Every reader works on a CheckpointFile: the file mapped copy-on-write (so
// tensors can point straight into it and stay writable without ever touching
// the file), or an in-memory buffer for fuzzers. It also owns the one way
// readers report trouble: an Error that starts with the file's name.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_RUNTIME_CHECKPOINTFILE_H
#define MODELCOMPAT_RUNTIME_CHECKPOINTFILE_H

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace modelcompat {

/// The read-only bytes of a checkpoint and the name errors use for it.
class CheckpointFile : public std::enable_shared_from_this<CheckpointFile> {
public:
  /// Maps Path. Throws Error for a missing, unreadable or empty file and for
  /// a directory.
  static std::shared_ptr<CheckpointFile> open(const std::string &Path);
  /// Wraps a buffer (fuzzers, tests); Name stands in for the path.
  static std::shared_ptr<CheckpointFile> fromBuffer(std::string Name, std::string Data);
  ~CheckpointFile();
  CheckpointFile(const CheckpointFile &) = delete;
  CheckpointFile &operator=(const CheckpointFile &) = delete;

  const std::string &name() const { return Name; }
  std::string_view bytes() const { return {Data, Size}; }
  uint64_t size() const { return Size; }

  /// Throws Error("checkpoint 'NAME': What").
  [[noreturn]] void fail(const std::string &What) const;

  /// Throws Error("checkpoint 'NAME': tensor 'Key': BOOL data holds a byte
  /// other than 0 or 1") unless the Count bytes at Offset are all 0 or 1:
  /// any other byte is undefined behaviour in every kernel. Every reader
  /// checks bool data with it.
  void checkBoolBytes(uint64_t Offset, uint64_t Count, const std::string &Key) const;

  /// A 1-D tensor of Numel elements of Type starting at byte Offset, which
  /// the caller has checked lies inside the file. Shares the mapping when
  /// the address is aligned for Type (writes go to private copies of the
  /// pages), copies otherwise.
  torch::Tensor tensorAt(uint64_t Offset, int64_t Numel, c10::ScalarType Type) const;

private:
  CheckpointFile() = default;
  std::string Name;
  const char *Data = nullptr;
  uint64_t Size = 0;
  bool Mapped = false;
  std::string Buffer; ///< Owns the bytes of fromBuffer files.
};

/// The "checkpoint 'NAME': What" message every reader error uses.
std::string checkpointMessage(const std::string &Name, const std::string &What);

} // namespace modelcompat

#endif
