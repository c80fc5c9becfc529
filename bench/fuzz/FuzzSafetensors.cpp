//===- FuzzSafetensors.cpp - libFuzzer target: the safetensors reader -----===//
#include "CheckpointFile.h"
#include "Safetensors.h"

#include "modelcompat/support/Error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  using namespace modelcompat;
  auto File = CheckpointFile::fromBuffer("fuzz.safetensors",
                                         std::string(reinterpret_cast<const char *>(Data), Size));
  try {
    inspectSafetensors(*File, {});
    StateDict Dict = loadSafetensors(*File, {});
    for (const StateDictItem &Item : Dict.items())
      (void)Item.Value.sum(); // touches every byte the reader handed out
  } catch (const Error &) {
  }
  return 0;
}
