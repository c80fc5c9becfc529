//===- IdentifierChars.h - Characters of a C++ identifier -------*- C++ -*-===//
//
// The text scanners (shape expressions, source hints, recovery's reading of
// uses) need only ASCII identifiers: names in the code they read are
// spelled that way, and a byte of a UTF-8 sequence is never taken for one.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SUPPORT_IDENTIFIERCHARS_H
#define MODELCOMPAT_SUPPORT_IDENTIFIERCHARS_H

#include <cctype>

namespace modelcompat {

/// A letter or '_': what an identifier starts with.
inline bool isIdentifierStart(char C) {
  return std::isalpha(static_cast<unsigned char>(C)) || C == '_';
}

/// A letter, a digit or '_': what an identifier continues with.
inline bool isIdentifierChar(char C) {
  return std::isalnum(static_cast<unsigned char>(C)) || C == '_';
}

} // namespace modelcompat

#endif
