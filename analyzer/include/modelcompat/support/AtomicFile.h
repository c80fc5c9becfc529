//===- AtomicFile.h - Write output files atomically -------------*- C++ -*-===//
#ifndef MODELCOMPAT_SUPPORT_ATOMICFILE_H
#define MODELCOMPAT_SUPPORT_ATOMICFILE_H

#include <functional>
#include <ostream>
#include <string>

namespace modelcompat {

/// Whether an existing destination may be replaced. The rule (docs/cli.md):
/// report files (scan, diff, verify outputs) are replaced; user data
/// (migrations, checkpoints) is refused unless the user passes --force.
enum class OverwritePolicy { Refuse, Replace };

/// Writes Contents to Path through a temporary file in the same directory,
/// fsync'd, then renamed into place, so readers never see a half-written
/// file. Refuse is race-free: the rename itself refuses an existing Path
/// (renameat2 RENAME_NOREPLACE, else link). Creates missing parent
/// directories. Throws Error naming Path on failure ("refusing to overwrite
/// existing file 'P' (use --force to replace it)" for Refuse); a failed write,
/// even one whose Write callback throws, leaves no temporary file.
void writeFileAtomically(const std::string &Path, const std::string &Contents,
                         OverwritePolicy Policy = OverwritePolicy::Replace);

/// Like writeFileAtomically, but streams: Write fills the temporary file.
void writeFileAtomically(const std::string &Path, const std::function<void(std::ostream &)> &Write,
                         OverwritePolicy Policy = OverwritePolicy::Replace);

} // namespace modelcompat

#endif
