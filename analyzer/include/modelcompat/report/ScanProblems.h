//===- ScanProblems.h - What a scan could not read, for people -*- C++ -*-===//
//
// A real repository scanned without its third-party libraries produces
// hundreds of compiler errors, most in files that define no module
// (main.cpp, training loops). By default each file that defines or may
// define a module class gets one line: its errors, the headers that were
// missing, the names declared in their place, the first error, and how many
// of its classes were read. --verbose prints every diagnostic instead.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_REPORT_SCANPROBLEMS_H
#define MODELCOMPAT_REPORT_SCANPROBLEMS_H

#include "modelcompat/schema/ModuleSchema.h"

#include <string>

namespace modelcompat {

/// How much of a scan's diagnostics to show.
enum class ScanProblemDetail {
  Summary, ///< One line per file that defines (or may define) a module class.
  Every,   ///< Every diagnostic, compiler style (--verbose).
};

/// The lines to print on stderr; each ends with Suffix (" (at v1)") and a
/// newline. Tool warnings that are not compiler errors (duplicate
/// registrations, constructors not found) are always printed. Every detail
/// ends with the scan's work (describeScanCounts).
std::string describeScanProblems(const ScanResult &Result, ScanProblemDetail Detail,
                                 const std::string &Suffix = "");

/// "modelcompat: note: 500 files: 380 parsed (21 parses), 120 skipped
/// (cannot define a module class), 0 reused" and Suffix, as one line.
std::string describeScanCounts(const ScanResult &Result, const std::string &Suffix = "");

} // namespace modelcompat

#endif
