# Sourced by scripts/test and scripts/demo, which share build/: the flags
# both configure it with, so neither makes the other rebuild it.

# The Clang the main build's analyzer links: MODELCOMPAT_LLVM_VERSION if set;
# else 14 (Debian 12's, the oldest supported) where installed; else 19
# (Debian 13 has no Clang 14).
main_llvm_version() {
  if [ -n "${MODELCOMPAT_LLVM_VERSION:-}" ]; then
    echo "$MODELCOMPAT_LLVM_VERSION"
  elif [ -d /usr/lib/llvm-14/lib/cmake/clang ]; then
    echo 14
  else
    echo 19
  fi
}

# ccache where installed: a second build (scripts/test's other Clang) reuses
# the first one's Clang-free objects, and a rerun its unchanged ones.
launcher_flags=()
if command -v ccache >/dev/null; then
  launcher_flags=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
