//===- StateDict.h - Ordered tensors with provenance ------------*- C++ -*-===//
#ifndef MODELCOMPAT_RUNTIME_STATEDICT_H
#define MODELCOMPAT_RUNTIME_STATEDICT_H

// Placeholder; the checkpoint issue defines StateDict here.

#endif
