//===- ClangCompat.h - What differs between Clang 14 and 19, in one place -===//
//
// The analyzer builds against Clang/LLVM 14 to 19 (MODELCOMPAT_LLVM_VERSION).
// Each API that changed between them has one spelling here, and the rest of
// the extractor uses only that spelling: no version test outside this file.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_EXTRACT_CLANGCOMPAT_H
#define MODELCOMPAT_EXTRACT_CLANGCOMPAT_H

#include "clang/Basic/FileEntry.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/PPCallbacks.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"

namespace modelcompat::extract::compat {

/// Whether Text starts with Prefix (StringRef::startswith until LLVM 16,
/// starts_with from 18; 19 has only the second).
inline bool startsWith(llvm::StringRef Text, llvm::StringRef Prefix) {
  return Text.size() >= Prefix.size() && Text.take_front(Prefix.size()) == Prefix;
}

/// Whether Text ends with Suffix (endswith / ends_with, as startsWith).
inline bool endsWith(llvm::StringRef Text, llvm::StringRef Suffix) {
  return Text.size() >= Suffix.size() && Text.take_back(Suffix.size()) == Suffix;
}

/// The path by which File was entered, or "" for a buffer without a file
/// (FileEntry::getName is gone in Clang 19; FileEntryRef is in all).
inline llvm::StringRef fileName(const clang::SourceManager &SM, clang::FileID File) {
  if (auto Entry = SM.getFileEntryRefForID(File))
    return Entry->getName();
  return "";
}

/// PPCallbacks that hear of each #include with the included file's path ("" if
/// it was not found). InclusionDirective took a FileEntry pointer in Clang 14,
/// an Optional<FileEntryRef> in 15, an OptionalFileEntryRef from 16, and gained
/// ModuleImported in 18.
class InclusionCallbacks : public clang::PPCallbacks {
public:
  /// An #include of FileName at HashLoc, resolved to Path.
  virtual void inclusion(clang::SourceLocation HashLoc, llvm::StringRef FileName,
                         llvm::StringRef Path) = 0;

#if LLVM_VERSION_MAJOR <= 14
  using IncludedFile = const clang::FileEntry *;
#elif LLVM_VERSION_MAJOR == 15
  using IncludedFile = llvm::Optional<clang::FileEntryRef>;
#else
  using IncludedFile = clang::OptionalFileEntryRef;
#endif

  void InclusionDirective(clang::SourceLocation HashLoc, const clang::Token &,
                          llvm::StringRef FileName, bool, clang::CharSourceRange, IncludedFile File,
                          llvm::StringRef, llvm::StringRef, const clang::Module *,
#if LLVM_VERSION_MAJOR >= 18
                          bool,
#endif
                          clang::SrcMgr::CharacteristicKind) override {
    inclusion(HashLoc, FileName, File ? File->getName() : llvm::StringRef());
  }
};

} // namespace modelcompat::extract::compat

#endif
