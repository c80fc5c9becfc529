//===- AtomicFile.h - Write output files atomically -------------*- C++ -*-===//
#ifndef MODELCOMPAT_SUPPORT_ATOMICFILE_H
#define MODELCOMPAT_SUPPORT_ATOMICFILE_H

#include <functional>
#include <ostream>
#include <string>

namespace modelcompat {

/// Whether an existing destination may be replaced.
enum class OverwritePolicy { Refuse, Replace };

/// Writes Contents to Path through a temporary file in the same directory and
/// a rename, so readers never see a half-written file. Creates missing parent
/// directories. Throws Error naming Path on failure, or when Path exists and
/// Policy is Refuse.
void writeFileAtomically(const std::string &Path, const std::string &Contents,
                         OverwritePolicy Policy = OverwritePolicy::Replace);

/// Like writeFileAtomically, but streams: Write fills the temporary file.
void writeFileAtomically(const std::string &Path,
                         const std::function<void(std::ostream &)> &Write,
                         OverwritePolicy Policy = OverwritePolicy::Replace);

/// Reads a whole file; throws Error naming Path when it cannot.
std::string readFile(const std::string &Path);

} // namespace modelcompat

#endif
