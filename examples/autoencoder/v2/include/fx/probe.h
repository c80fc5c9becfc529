#pragma once

// MODELCOMPAT_PROBE(name, tensor) records an intermediate tensor for
// `modelcompat verify`, which names the first probe whose values diverge.
// It costs nothing unless the verify harness enables it; without modelcompat's
// runtime headers on the include path it compiles to nothing.
#if defined(__has_include)
#if __has_include(<modelcompat/runtime/Probe.h>)
#include <modelcompat/runtime/Probe.h>
#endif
#endif

#ifndef MODELCOMPAT_PROBE
#define MODELCOMPAT_PROBE(name, tensor) ((void)0)
#endif
