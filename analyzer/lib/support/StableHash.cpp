//===- StableHash.cpp - Hashes that are stable across runs ---------------===//
#include "modelcompat/support/StableHash.h"

#include <cstdio>

namespace modelcompat {

StableHash &StableHash::add(std::string_view Bytes) {
  constexpr std::uint64_t Prime = 1099511628211ULL;
  for (unsigned char C : Bytes)
    State = (State ^ C) * Prime;
  State = (State ^ 0xffu) * Prime;
  return *this;
}

std::string StableHash::hex() const {
  char Buffer[17];
  std::snprintf(Buffer, sizeof(Buffer), "%016llx", static_cast<unsigned long long>(State));
  return Buffer;
}

} // namespace modelcompat
