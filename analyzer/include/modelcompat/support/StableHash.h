//===- StableHash.h - Hashes that are stable across runs --------*- C++ -*-===//
#ifndef MODELCOMPAT_SUPPORT_STABLEHASH_H
#define MODELCOMPAT_SUPPORT_STABLEHASH_H

#include <cstdint>
#include <string>
#include <string_view>

namespace modelcompat {

/// Accumulates a 64-bit FNV-1a hash; unlike std::hash it is the same in every
/// process and build, so it can key on-disk caches.
class StableHash {
public:
  /// Mixes Bytes in, followed by a separator so ("ab","c") != ("a","bc").
  StableHash &add(std::string_view Bytes);
  /// The hash as 16 lowercase hex digits.
  std::string hex() const;

private:
  std::uint64_t State = 1469598103934665603ULL;
};

} // namespace modelcompat

#endif
