# Sourced by scripts/test and scripts/demo, which share build/: the Clang the
# main build's analyzer links, so neither switches the other's build to
# another Clang. MODELCOMPAT_LLVM_VERSION if set; else 14 (Debian 12's, the
# oldest supported) where installed; else 19 (Debian 13 has no Clang 14).
main_llvm_version() {
  if [ -n "${MODELCOMPAT_LLVM_VERSION:-}" ]; then
    echo "$MODELCOMPAT_LLVM_VERSION"
  elif [ -d /usr/lib/llvm-14/lib/cmake/clang ]; then
    echo 14
  else
    echo 19
  fi
}
