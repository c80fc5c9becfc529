//===- OutOfLineMembers.cpp - Members a file defines for another's class --===//
#include "modelcompat/support/OutOfLineMembers.h"
#include "modelcompat/support/IdentifierChars.h"

#include <algorithm>
#include <cctype>

namespace modelcompat {

bool definesMemberOutOfLine(const std::string &Text, const std::string &Name,
                            const std::vector<std::string> &Members) {
  auto SkipSpaces = [&](std::size_t At) {
    while (At < Text.size() && std::isspace(static_cast<unsigned char>(Text[At])))
      ++At;
    return At;
  };
  for (std::size_t At = Text.find(Name); At != std::string::npos; At = Text.find(Name, At + 1)) {
    if (At > 0 && (isIdentifierChar(Text[At - 1]) || Text[At - 1] == '.'))
      continue;
    std::size_t Next = SkipSpaces(At + Name.size());
    if (Next < Text.size() && Text[Next] == '<') {
      std::size_t Close = Text.find('>', Next);
      Next = SkipSpaces(Close == std::string::npos ? Text.size() : Close + 1);
    }
    if (Text.compare(Next, 2, "::") != 0)
      continue;
    Next = SkipSpaces(Next + 2);
    if (Next < Text.size() && Text[Next] == '~')
      ++Next;
    std::size_t End = Next;
    while (End < Text.size() && isIdentifierChar(Text[End]))
      ++End;
    if (End == Next || SkipSpaces(End) >= Text.size() || Text[SkipSpaces(End)] != '(')
      continue;
    std::string Member = Text.substr(Next, End - Next);
    if (Members.empty() || std::count(Members.begin(), Members.end(), Member))
      return true;
  }
  return false;
}

} // namespace modelcompat
