//===- FuzzZipCheckpoint.cpp - libFuzzer target: zip checkpoints ----------===//
//
// The whole Python-zip / libtorch path: central directory, data.pkl through
// the restricted unpickler, tensor collection, storages and views.
//
//===----------------------------------------------------------------------===//
#include "CheckpointFile.h"
#include "ZipCheckpoint.h"

#include "modelcompat/support/Error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  using namespace modelcompat;
  auto File = CheckpointFile::fromBuffer("fuzz.pt",
                                         std::string(reinterpret_cast<const char *>(Data), Size));
  try {
    detectZipFlavour(*File);
    inspectZipCheckpoint(*File, {});
    StateDict Dict = loadZipCheckpoint(*File, {});
    for (const StateDictItem &Item : Dict.items())
      (void)Item.Value.sum();
  } catch (const Error &) {
  }
  return 0;
}
