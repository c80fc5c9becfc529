//===- SourceTextHints.cpp - What a file's text says before it is parsed --===//
#include "SourceTextHints.h"
#include "ClangCompat.h"
#include "modelcompat/support/IdentifierChars.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace modelcompat::extract {

namespace {

/// Whether Before (the text up to a base class's name, its qualifier
/// dropped) ends a base-clause's lead-in: `:`, `,`, or an access or
/// `virtual` keyword, then blanks.
bool followsBaseClauseLeadIn(llvm::StringRef Before) {
  Before = Before.rtrim();
  if (compat::endsWith(Before, ":") && !compat::endsWith(Before, "::"))
    return true;
  if (compat::endsWith(Before, ","))
    return true;
  for (llvm::StringRef Word : {"public", "protected", "private", "virtual"})
    if (compat::endsWith(Before, Word) &&
        (Before.size() == Word.size() ||
         !isIdentifierChar(Before[Before.size() - Word.size() - 1])))
      return true;
  return false;
}

llvm::StringRef skipBlanksAndComments(llvm::StringRef Text) {
  for (;;) {
    Text = Text.ltrim();
    if (compat::startsWith(Text, "//"))
      Text = Text.drop_until([](char C) { return C == '\n'; });
    else if (compat::startsWith(Text, "/*")) {
      std::size_t Close = Text.find("*/", 2);
      Text = Close == llvm::StringRef::npos ? llvm::StringRef() : Text.drop_front(Close + 2);
    } else
      return Text;
  }
}

/// Whether Text names torch::nn::Module as a base class (`: public
/// torch::nn::Module {`, `, nn::Module,`): not a parameter (`torch::nn::
/// Module &model`), not torch::nn::ModuleList.
bool namesModuleBase(llvm::StringRef Text) {
  constexpr llvm::StringRef Word = "nn::Module";
  for (std::size_t At = Text.find(Word); At != llvm::StringRef::npos;
       At = Text.find(Word, At + 1)) {
    std::size_t End = At + Word.size();
    if (End < Text.size() && isIdentifierChar(Text[End]))
      continue;
    llvm::StringRef After = skipBlanksAndComments(Text.drop_front(End));
    if (!compat::startsWith(After, "{") && !compat::startsWith(After, ","))
      continue;
    llvm::StringRef Before = Text.take_front(At);
    if (compat::endsWith(Before, "torch::"))
      Before = Before.drop_back(7);
    if (compat::endsWith(Before, "::"))
      Before = Before.drop_back(2);
    if (followsBaseClauseLeadIn(Before))
      return true;
  }
  return false;
}

/// The identifier at the start of Text, if any.
llvm::StringRef leadingIdentifier(llvm::StringRef Text) {
  std::size_t Length = 0;
  while (Length < Text.size() && isIdentifierChar(Text[Length]))
    ++Length;
  if (Length == 0 || std::isdigit(static_cast<unsigned char>(Text[0])))
    return {};
  return Text.take_front(Length);
}

/// After `class`/`struct` and blanks: the defined class's unqualified name
/// when a definition follows (the name, `::Name` parts, `final`, then `:`
/// or `{`), else empty (a forward declaration, a template parameter, an
/// elaborated type).
llvm::StringRef definedName(llvm::StringRef Text) {
  llvm::StringRef Name = leadingIdentifier(Text);
  if (Name.empty())
    return {};
  Text = Text.drop_front(Name.size()).ltrim();
  while (compat::startsWith(Text, "::")) {
    llvm::StringRef Part = leadingIdentifier(Text.drop_front(2).ltrim());
    if (Part.empty())
      return {};
    Name = Part;
    Text = Text.drop_front(2).ltrim().drop_front(Part.size()).ltrim();
  }
  if (compat::startsWith(Text, "final") && !isIdentifierChar(Text.size() > 5 ? Text[5] : ' '))
    Text = Text.drop_front(5).ltrim();
  bool Opens = compat::startsWith(Text, "{") ||
               (compat::startsWith(Text, ":") && !compat::startsWith(Text, "::"));
  return Opens ? Name : llvm::StringRef();
}

} // namespace

bool mayDefineModules(const std::string &Text) {
  llvm::StringRef View(Text);
  return View.contains("TORCH_MODULE") || View.contains("Cloneable") || namesModuleBase(View);
}

bool mayRegister(const std::string &Text) { return Text.find("register_") != std::string::npos; }

std::vector<std::string> definedClassNames(const std::string &Text) {
  llvm::StringRef View(Text);
  std::set<std::string> Names;
  for (llvm::StringRef Keyword : {"class", "struct"})
    for (std::size_t At = View.find(Keyword); At != llvm::StringRef::npos;
         At = View.find(Keyword, At + 1)) {
      std::size_t End = At + Keyword.size();
      if ((At > 0 && isIdentifierChar(View[At - 1])) ||
          (End < View.size() && isIdentifierChar(View[End])))
        continue;
      llvm::StringRef Name = definedName(View.drop_front(End).ltrim());
      if (!Name.empty())
        Names.insert(Name.str());
    }
  return {Names.begin(), Names.end()};
}

std::vector<IncludeDirective> includeDirectives(const std::string &Source) {
  std::vector<IncludeDirective> Out;
  llvm::StringRef Text = Source;
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    Line = Line.ltrim();
    if (!Line.consume_front("#"))
      continue;
    Line = Line.ltrim();
    if (!Line.consume_front("include") && !Line.consume_front("import"))
      continue;
    IncludeDirective Directive;
    Directive.Next = Line.consume_front("_next");
    Line = Line.ltrim();
    if (Line.empty() || (Line[0] != '<' && Line[0] != '"')) {
      Directive.Computed = true;
      Out.push_back(std::move(Directive));
      continue;
    }
    Directive.Quoted = Line[0] == '"';
    std::size_t End = Line.find(Directive.Quoted ? '"' : '>', 1);
    if (End != llvm::StringRef::npos && End > 1)
      Directive.Name = Line.substr(1, End - 1).str();
    Out.push_back(std::move(Directive));
  }
  return Out;
}

std::vector<std::pair<std::string, bool>> includeNames(const std::string &Text) {
  std::vector<std::pair<std::string, bool>> Out;
  for (IncludeDirective &Directive : includeDirectives(Text))
    if (!Directive.Next && !Directive.Name.empty())
      Out.push_back({std::move(Directive.Name), Directive.Quoted});
  return Out;
}

bool hasComputedInclude(const std::string &Text) {
  std::vector<IncludeDirective> Directives = includeDirectives(Text);
  return std::any_of(Directives.begin(), Directives.end(),
                     [](const IncludeDirective &Directive) { return Directive.Computed; });
}

} // namespace modelcompat::extract
