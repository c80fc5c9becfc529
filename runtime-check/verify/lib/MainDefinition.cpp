//===- MainDefinition.cpp - Which sources define main() ------------------===//
#include "modelcompat/verify/MainDefinition.h"
#include "modelcompat/support/IdentifierChars.h"
#include "modelcompat/support/ReadFile.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace modelcompat {
namespace {

/// Source with comments, string and character literals and preprocessor
/// lines replaced by spaces (newlines kept), so that braces and words in
/// them do not count.
std::string codeOnly(const std::string &Source) {
  std::string Code = Source;
  size_t N = Source.size();
  auto blank = [&](size_t From, size_t To) {
    for (size_t I = From; I < To && I < N; ++I)
      if (Code[I] != '\n')
        Code[I] = ' ';
  };
  bool LineStart = true;
  for (size_t I = 0; I < N;) {
    char C = Source[I];
    if (LineStart && C == '#') {
      size_t End = I;
      while (End < N && Source[End] != '\n')
        End += Source[End] == '\\' && End + 1 < N ? 2 : 1;
      blank(I, End);
      I = End;
      continue;
    }
    if (C == '\n')
      LineStart = true;
    else if (!std::isspace(static_cast<unsigned char>(C)))
      LineStart = false;
    if (C == '/' && I + 1 < N && Source[I + 1] == '/') {
      size_t End = Source.find('\n', I);
      End = End == std::string::npos ? N : End;
      blank(I, End);
      I = End;
    } else if (C == '/' && I + 1 < N && Source[I + 1] == '*') {
      size_t End = Source.find("*/", I + 2);
      End = End == std::string::npos ? N : End + 2;
      blank(I, End);
      I = End;
    } else if (C == '"' && I > 0 && Source[I - 1] == 'R' &&
               (I < 2 || !isIdentifierChar(Source[I - 2]) ||
                std::string("uUL8").find(Source[I - 2]) != std::string::npos)) {
      // R"delim( ... )delim"
      size_t Open = Source.find('(', I);
      std::string Close =
          Open == std::string::npos ? "" : ")" + Source.substr(I + 1, Open - I - 1) + "\"";
      size_t End = Close.empty() ? std::string::npos : Source.find(Close, Open);
      End = End == std::string::npos ? N : End + Close.size();
      blank(I, End);
      I = End;
    } else if (C == '"' ||
               (C == '\'' && !(I > 0 && std::isdigit(static_cast<unsigned char>(Source[I - 1]))))) {
      // A string or character literal; a quote after a digit separates digits.
      size_t End = I + 1;
      while (End < N && Source[End] != C && Source[End] != '\n')
        End += Source[End] == '\\' ? 2 : 1;
      blank(I, End + 1);
      I = End + 1;
    } else {
      ++I;
    }
  }
  return Code;
}

size_t skipSpaces(const std::string &Code, size_t I) {
  while (I < Code.size() && std::isspace(static_cast<unsigned char>(Code[I])))
    ++I;
  return I;
}

bool wordAt(const std::string &Code, size_t I, const std::string &Word) {
  return Code.compare(I, Word.size(), Word) == 0 &&
         (I + Word.size() == Code.size() || !isIdentifierChar(Code[I + Word.size()]));
}

/// The word that ends just before I (skipping spaces), or "".
std::string wordBefore(const std::string &Code, size_t I) {
  while (I > 0 && std::isspace(static_cast<unsigned char>(Code[I - 1])))
    --I;
  size_t End = I;
  while (I > 0 && isIdentifierChar(Code[I - 1]))
    --I;
  return Code.substr(I, End - I);
}

/// Whether `main` at At is followed by a parameter list and a body.
bool isDefinitionAt(const std::string &Code, size_t At) {
  size_t I = skipSpaces(Code, At + 4);
  if (I >= Code.size() || Code[I] != '(')
    return false;
  int Depth = 0;
  for (; I < Code.size(); ++I) {
    Depth += Code[I] == '(' ? 1 : Code[I] == ')' ? -1 : 0;
    if (Depth == 0)
      break;
  }
  I = skipSpaces(Code, I + 1);
  if (Code.compare(I, 2, "->") == 0) { // auto main() -> int {
    I = skipSpaces(Code, I + 2);
    if (!wordAt(Code, I, "int"))
      return false;
    I = skipSpaces(Code, I + 3);
  }
  return I < Code.size() && (Code[I] == '{' || wordAt(Code, I, "try"));
}

bool isSourceFile(const fs::path &Path) {
  static const std::set<std::string> Extensions = {".c",   ".cc", ".cpp", ".cxx",
                                                   ".c++", ".C",  ".cu"};
  return Extensions.count(Path.extension().string()) > 0;
}

} // namespace

bool definesMain(const std::string &Source) {
  std::string Code = codeOnly(Source);
  int Depth = 0;
  for (size_t I = 0; I < Code.size(); ++I) {
    char C = Code[I];
    if (C == '{' || C == '}') {
      Depth += C == '{' ? 1 : -1;
      continue;
    }
    if (Depth != 0 || !wordAt(Code, I, "main") || (I > 0 && isIdentifierChar(Code[I - 1])))
      continue;
    std::string Type = wordBefore(Code, I);
    if ((Type == "int" || Type == "auto") && isDefinitionAt(Code, I))
      return true;
  }
  return false;
}

std::vector<std::string> findMainSources(const std::string &Root, const std::string &Folder) {
  std::vector<std::string> Found;
  std::error_code EC;
  fs::path Start = Folder.empty() ? fs::path(Root) : fs::path(Root) / Folder;
  fs::recursive_directory_iterator It(Start, EC), End;
  for (; !EC && It != End; It.increment(EC)) {
    const fs::path &Path = It->path();
    if (It->is_directory() && Path.filename().string().rfind('.', 0) == 0) {
      It.disable_recursion_pending();
      continue;
    }
    if (It->is_regular_file() && isSourceFile(Path) && definesMain(readFile(Path.string())))
      Found.push_back(fs::relative(Path, Root).generic_string());
  }
  std::sort(Found.begin(), Found.end());
  return Found;
}

} // namespace modelcompat
