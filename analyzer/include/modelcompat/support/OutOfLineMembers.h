//===- OutOfLineMembers.h - Members a file defines for another's class -*- C++ -*-===//
#ifndef MODELCOMPAT_SUPPORT_OUTOFLINEMEMBERS_H
#define MODELCOMPAT_SUPPORT_OUTOFLINEMEMBERS_H

#include <string>
#include <vector>

namespace modelcompat {

/// Whether Text defines a member of class Name out of line (`Name::Name(`,
/// `Name<T>::reset (`, `Name::~Name(`): any member, or one of Members.
/// Textual, so it is cheap and needs no parse: what a file may add to a
/// class another file defines (the scanner's unreadable classes, the scan
/// cache's contexts).
bool definesMemberOutOfLine(const std::string &Text, const std::string &Name,
                            const std::vector<std::string> &Members = {});

} // namespace modelcompat

#endif
