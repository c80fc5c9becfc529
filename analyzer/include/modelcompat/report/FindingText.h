//===- FindingText.h - Words shared by every report format ------*- C++ -*-===//
#ifndef MODELCOMPAT_REPORT_FINDINGTEXT_H
#define MODELCOMPAT_REPORT_FINDINGTEXT_H

#include "modelcompat/diff/SchemaDiff.h"

#include <string>
#include <vector>

namespace modelcompat {

/// Every finding kind, in documentation order.
const std::vector<ChangeKind> &allChangeKinds();

/// "state-dict-renamed": the rule id of a kind in every format.
std::string findingRuleId(ChangeKind Kind);

/// One-sentence description of a kind (SARIF shortDescription).
std::string findingSummary(ChangeKind Kind);

/// What a kind means and what to do about it (SARIF help text).
std::string findingHelp(ChangeKind Kind);

/// The message of one finding, without location or rule id:
/// "parameter 'proj_attn.weight' of 'AttnBlockImpl' renamed to
/// 'attn.out_proj.weight' (confidence 0.86: same type and shape)", plus
/// "; covered by <spec>" when a migration maps it.
std::string findingMessage(const Change &C);

/// "warning" for a breaking finding no migration covers, else "note".
const char *findingSeverity(const Change &C);

/// "0.86": confidences with two decimals.
std::string formatConfidence(double Confidence);

/// One line that counts the findings, e.g. "3 state-dict changes between v1
/// (1a2b3c4d5e6f) and HEAD (7a8b9c0d1e2f): 2 breaking (1 covered by
/// migrations), 0 suppressed".
/// "; scan at base: N files with errors, R classes recovered, U unresolved;
/// at head: ..." when either side had errors or missing headers; else "".
std::string scanHealthText(const SchemaDiff &Diff);

std::string summaryLine(const SchemaDiff &Diff, const std::string &BaseName,
                        const std::string &HeadName);

} // namespace modelcompat

#endif
