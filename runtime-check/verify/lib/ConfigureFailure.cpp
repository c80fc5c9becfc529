//===- ConfigureFailure.cpp - Why the wrapper project did not configure --===//
#include "modelcompat/verify/ConfigureFailure.h"

#include <cctype>
#include <regex>
#include <sstream>
#include <vector>

namespace modelcompat {
namespace {

/// A place in CMake's error output: "path:line" and the command run there.
struct CallSite {
  std::string Location, Command;
};

/// One "CMake Error at LOC (CMD):" block: its message and call stack.
struct CMakeError {
  std::string Message;         ///< Indented lines, joined by single spaces.
  std::vector<CallSite> Sites; ///< The header's, then the call stack's.
};

/// "LOC (CMD)" -> {LOC, CMD}; lines without a command give an empty one.
CallSite parseCallSite(std::string Text) {
  static const std::regex Site(R"(^\s*(.*\S)\s+\(([A-Za-z_0-9]+)\):?\s*$)");
  std::smatch Match;
  if (!std::regex_match(Text, Match, Site))
    return {};
  return {Match[1], Match[2]};
}

std::vector<CMakeError> parseErrors(const std::string &Log) {
  std::vector<CMakeError> Errors;
  std::istringstream In(Log);
  std::string Line;
  CMakeError *Current = nullptr;
  bool InStack = false;
  while (std::getline(In, Line)) {
    if (Line.rfind("CMake Error", 0) == 0) {
      Errors.emplace_back();
      Current = &Errors.back();
      InStack = false;
      if (Line.rfind("CMake Error at ", 0) == 0)
        Current->Sites.push_back(parseCallSite(Line.substr(15)));
      continue;
    }
    if (!Current)
      continue;
    if (Line.rfind("Call Stack", 0) == 0) {
      InStack = true;
    } else if (Line.empty() || std::isspace(static_cast<unsigned char>(Line[0]))) {
      if (InStack) {
        if (!Line.empty())
          Current->Sites.push_back(parseCallSite(Line));
      } else {
        std::istringstream Words(Line);
        std::string Word;
        while (Words >> Word)
          Current->Message += (Current->Message.empty() ? "" : " ") + Word;
      }
    } else {
      Current = nullptr; // the block is over
    }
  }
  return Errors;
}

std::string relativeTo(const std::string &Location, const std::string &Dir) {
  std::string Prefix = Dir.empty() || Dir.back() == '/' ? Dir : Dir + "/";
  return !Prefix.empty() && Location.rfind(Prefix, 0) == 0 ? Location.substr(Prefix.size())
                                                           : Location;
}

/// The package a message says is missing, or "".
std::string missingPackage(const std::string &Message) {
  static const std::regex Patterns[] = {
      std::regex(R"re(Could not find a package configuration file provided by "([^"]+)")re"),
      std::regex(R"re(Could not find a configuration file for package "([^"]+)")re"),
      std::regex(R"re(Could NOT find ([A-Za-z0-9_.+-]+))re"),
  };
  std::smatch Match;
  for (const std::regex &Pattern : Patterns)
    if (std::regex_search(Message, Match, Pattern))
      return Match[1];
  return "";
}

} // namespace

std::string describeConfigureFailure(const std::string &Log, const std::string &SourceDir) {
  std::vector<CMakeError> Errors = parseErrors(Log);
  for (const CMakeError &Error : Errors) {
    std::string Package = missingPackage(Error.Message);
    if (Package.empty())
      continue;
    // The user's find_package, rather than one inside another package's
    // config file (find_dependency) that the user's call led to.
    const CallSite *Asked = nullptr;
    for (const CallSite &Site : Error.Sites) {
      if (Site.Command != "find_package" && Site.Command != "FIND_PACKAGE")
        continue;
      bool InTree = relativeTo(Site.Location, SourceDir) != Site.Location;
      if (!Asked || (InTree && relativeTo(Asked->Location, SourceDir) == Asked->Location))
        Asked = &Site;
    }
    std::string Text = "package '" + Package + "' not found";
    return Asked ? Text + " (find_package in " + relativeTo(Asked->Location, SourceDir) + ")"
                 : Text;
  }
  if (Errors.empty())
    return "";
  constexpr size_t MaxLength = 300;
  std::string Message = Errors.front().Message;
  if (Message.size() > MaxLength)
    Message = Message.substr(0, MaxLength) + "...";
  return Message;
}

} // namespace modelcompat
