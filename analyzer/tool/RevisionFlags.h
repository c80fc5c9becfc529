//===- RevisionFlags.h - The flags of the revision commands -----*- C++ -*-===//
//
// diff, migrate and init read revisions from git and scan them
// (modelcompat/revisions/RevisionDiff.h); these are the flags they share,
// with one wording of each, and the request those flags make.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_TOOL_REVISIONFLAGS_H
#define MODELCOMPAT_TOOL_REVISIONFLAGS_H

#include "modelcompat/revisions/RevisionDiff.h"
#include "modelcompat/support/ArgParser.h"

#include <string>
#include <vector>

namespace modelcompat {

/// The scan flags diff, migrate and init share (-p/--compile-commands,
/// --extra-arg, --cache-dir, --no-cache, -j/--jobs, --verbose), appended to
/// a command's own flags: one wording of each.
std::vector<FlagSpec> withRevisionScanFlags(std::vector<FlagSpec> Own);

/// Fills a request from the scan flags the revision commands share (--repo,
/// -p/--compile-commands, --extra-arg, --cache-dir, --no-cache, -j/--jobs,
/// --verbose, the paths after `--`); the revisions are the caller's.
RevisionDiffRequest revisionScanRequest(const ParsedArgs &Args, const std::string &Command);

/// Fills a request from the flags both commands share (--repo,
/// -p/--compile-commands, --extra-arg, --cache-dir, --no-cache, -j/--jobs,
/// the paths after `--`) and the two positionals. --migrations is the
/// caller's. Command names the command in usage errors.
RevisionDiffRequest revisionDiffRequest(const ParsedArgs &Args, const std::string &Command);

} // namespace modelcompat

#endif
