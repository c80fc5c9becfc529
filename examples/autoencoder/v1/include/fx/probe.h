#pragma once

// MODELCOMPAT_PROBE(name, tensor) records an intermediate tensor for
// `modelcompat verify`, which names the first probe whose values diverge.
// It costs nothing unless the verify harness enables it. CMakeLists.txt
// defines FX_MODELCOMPAT_PROBES when modelcompat's runtime is available;
// otherwise the probes compile to nothing.
#ifdef FX_MODELCOMPAT_PROBES
#include <modelcompat/runtime/Probe.h>
#else
#define MODELCOMPAT_PROBE(name, tensor) ((void)0)
#endif
