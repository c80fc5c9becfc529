//===- BuildFailure.h - Why a configured revision did not build -*- C++ -*-===//
//
// When building a revision fails, the cause sits among thousands of lines of
// compiler output: most often code of the revision that the installed
// libtorch or compiler rejects (an API that was removed, a missing include).
// verify names the first error in its one-line message, so a user sees
// whether the revision or the manifest is at fault without opening the log.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_VERIFY_BUILDFAILURE_H
#define MODELCOMPAT_VERIFY_BUILDFAILURE_H

#include <string>

namespace modelcompat {

/// The first error of a failed build in one line, read from the build's
/// output Log: the first compiler error as GCC and Clang print it
/// ("Models.h:63:50: error: cannot convert 'at::Tensor' to 'double'"), else
/// the first linker error ("undefined reference to `main'", "cannot find
/// -lpython3.10"); "" when the log holds neither. Paths under SourceDir (the
/// exported tree) are shown relative to it.
std::string describeBuildFailure(const std::string &Log, const std::string &SourceDir);

} // namespace modelcompat

#endif
