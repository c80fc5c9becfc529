//===- BuildFailure.cpp - Why a configured revision did not build --------===//
#include "modelcompat/verify/BuildFailure.h"

#include <regex>
#include <sstream>

namespace modelcompat {
namespace {

constexpr size_t MaxLength = 300;

std::string shortened(std::string Text) {
  return Text.size() > MaxLength ? Text.substr(0, MaxLength) + "..." : Text;
}

std::string relativeTo(const std::string &Path, const std::string &Dir) {
  std::string Prefix = Dir.empty() || Dir.back() == '/' ? Dir : Dir + "/";
  return !Prefix.empty() && Path.rfind(Prefix, 0) == 0 ? Path.substr(Prefix.size()) : Path;
}

/// "path:line:col: error: message" (GCC and Clang; "fatal error" too).
std::string compilerError(const std::string &Line, const std::string &SourceDir) {
  static const std::regex Diagnostic(R"(^(.+?):(\d+):(\d+): (?:fatal )?error: (.*)$)");
  std::smatch Match;
  if (!std::regex_match(Line, Match, Diagnostic))
    return "";
  return relativeTo(Match[1], SourceDir) + ":" + Match[2].str() + ":" + Match[3].str() +
         ": error: " + Match[4].str();
}

/// The linker's own words for the two errors a project's link gives most.
std::string linkerError(const std::string &Line) {
  for (const char *Phrase : {"undefined reference to ", "cannot find -l"}) {
    size_t At = Line.find(Phrase);
    if (At != std::string::npos)
      return Line.substr(At);
  }
  return "";
}

} // namespace

std::string describeBuildFailure(const std::string &Log, const std::string &SourceDir) {
  std::istringstream In(Log);
  std::string Line, FirstLinkerError;
  while (std::getline(In, Line)) {
    std::string Compiler = compilerError(Line, SourceDir);
    if (!Compiler.empty())
      return shortened(Compiler);
    if (FirstLinkerError.empty())
      FirstLinkerError = linkerError(Line);
  }
  return shortened(FirstLinkerError);
}

} // namespace modelcompat
