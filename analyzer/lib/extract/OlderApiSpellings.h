//===- OlderApiSpellings.h - Options of older libtorch releases -*- C++ -*-===//
//
// Code written for an older libtorch calls options that the installed one
// spells differently (`Conv2dOptions(...).with_bias(false)`, now `.bias`).
// Clang rejects the call, and the error makes the class unreadable. The
// builtin layout table knows the older spellings; where the compiler said
// exactly such a member is missing from a libtorch class, the next parse
// reads today's spelling at that place.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_EXTRACT_OLDERAPISPELLINGS_H
#define MODELCOMPAT_EXTRACT_OLDERAPISPELLINGS_H

#include "clang/Basic/Diagnostic.h"

#include <map>
#include <optional>
#include <string>
#include <tuple>

namespace modelcompat::extract {

/// One member name in a tree file to read in today's spelling.
struct Respelling {
  std::string File;    ///< Tree-relative.
  unsigned Offset = 0; ///< Of the name's first character in the file.
  std::string Older;   ///< As written ("with_bias").
  std::string Current; ///< As the installed libtorch spells it ("bias").
  bool operator<(const Respelling &Other) const {
    return std::tie(File, Offset) < std::tie(Other.File, Other.Offset);
  }
};

/// The respelling Info asks for: a "no member named X in C" error where C
/// is a libtorch class and X an older spelling of one of the table's
/// options, written in a tree file (not produced by a macro).
std::optional<Respelling> respellingFor(const clang::Diagnostic &Info);

/// Content with each of its respellings applied (those whose text is
/// still what they expect). A shorter name is padded with blanks before
/// the parenthesis, so the line's later columns do not move.
std::string respelled(std::string Content, const std::map<unsigned, Respelling> &AtOffsets);

} // namespace modelcompat::extract

#endif
