//===- ZipCheckpoint.h - Readers for zip checkpoints ------------*- C++ -*-===//
//
// Python torch.save files and libtorch/TorchScript archives share one layout:
// <archive>/data.pkl (the pickled object) and <archive>/data/<key> (one
// record per storage, stored uncompressed). TorchScript archives add
// constants.pkl and code/. Both are read through the restricted unpickler.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_RUNTIME_ZIPCHECKPOINT_H
#define MODELCOMPAT_RUNTIME_ZIPCHECKPOINT_H

#include "CheckpointFile.h"

#include "modelcompat/runtime/Checkpoint.h"

namespace modelcompat {

/// Libtorch or PythonZip, from the archive's entries. Throws Error when the
/// zip is malformed or has no data.pkl.
CheckpointFormat detectZipFlavour(const CheckpointFile &File);

/// Keys, dtypes and shapes from data.pkl, without reading any storage.
CheckpointInfo inspectZipCheckpoint(const CheckpointFile &File,
                                    const CheckpointLoadOptions &Options);

/// Every tensor; views of one storage share it (tied weights stay tied).
StateDict loadZipCheckpoint(const CheckpointFile &File, const CheckpointLoadOptions &Options);

} // namespace modelcompat

#endif
