//===- SubmoduleFindings.h - One report per change, at its class -*- C++ -*-===//
#ifndef MODELCOMPAT_DIFF_SUBMODULEFINDINGS_H
#define MODELCOMPAT_DIFF_SUBMODULEFINDINGS_H

#include "modelcompat/diff/ClassMatching.h"
#include "modelcompat/diff/KeyDiff.h"

#include <vector>

namespace modelcompat {

/// Drops a class's findings on the keys of a user sub-module when the
/// sub-module's own class reports the same change (same kind, same keys
/// relative to the sub-module). A parent that constructs the sub-module
/// with other arguments compares its flattened keys itself (comparedKeys),
/// for what the arguments change; the changes made inside the sub-module's
/// class are that class's findings and are reported there once, not again
/// under every parent's prefix.
void dropFindingsReportedBySubmodules(std::vector<Change> &Changes,
                                      const std::vector<ClassMatch> &Matches,
                                      const ClassDiffContext &Context);

} // namespace modelcompat

#endif
