//===- FuzzPickle.cpp - libFuzzer target: the restricted unpickler --------===//
//
// data.pkl bytes alone (no zip), with both policies, then the state-dict
// walk over whatever tree came out.
//
//===----------------------------------------------------------------------===//
#include "PickleReader.h"
#include "PickleStateDict.h"

#include "modelcompat/support/Error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  using namespace modelcompat;
  std::string_view Bytes(reinterpret_cast<const char *>(Data), Size);
  for (bool Script : {false, true}) {
    PicklePolicy Policy;
    Policy.AllowScriptClasses = Script;
    try {
      PickleTree Tree = unpickle(Bytes, "fuzz.pt", "archive/data.pkl", Policy);
      collectPickledTensors(Tree, Script ? CheckpointFormat::Libtorch : CheckpointFormat::PythonZip,
                            {}, "fuzz.pt");
    } catch (const Error &) {
    }
  }
  return 0;
}
