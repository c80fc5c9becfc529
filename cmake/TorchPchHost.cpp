// Compiles nothing: the target exists to build the shared precompiled
// <torch/torch.h> that libtorch-heavy targets reuse (see modelcompat_torch_pch).
