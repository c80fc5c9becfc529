//===- OlderApiSpellings.cpp - Options of older libtorch releases ---------===//
#include "OlderApiSpellings.h"
#include "ExtractInternal.h"
#include "TorchTypes.h"

#include "modelcompat/schema/BuiltinLayouts.h"

#include "clang/AST/DeclBase.h"
#include "clang/AST/DeclarationName.h"
#include "clang/Basic/DiagnosticSema.h"
#include "clang/Basic/SourceManager.h"

namespace modelcompat::extract {

using namespace clang;

namespace {

/// The member name and the class of a "no member named X in C" error.
std::optional<std::pair<std::string, const Decl *>> missingMember(const clang::Diagnostic &Info) {
  if ((Info.getID() != diag::err_no_member && Info.getID() != diag::err_no_member_suggest) ||
      Info.getNumArgs() < 2 || Info.getArgKind(0) != DiagnosticsEngine::ak_declarationname ||
      Info.getArgKind(1) != DiagnosticsEngine::ak_declcontext)
    return std::nullopt;
  std::string Name = DeclarationName::getFromOpaqueInteger(Info.getRawArg(0)).getAsString();
  const auto *Context = reinterpret_cast<const DeclContext *>(Info.getRawArg(1));
  if (!Context)
    return std::nullopt;
  return std::make_pair(Name, cast<Decl>(Context));
}

} // namespace

std::optional<Respelling> respellingFor(const clang::Diagnostic &Info) {
  std::optional<std::pair<std::string, const Decl *>> Member = missingMember(Info);
  if (!Member || !isInTorchNamespace(Member->second) || !Info.hasSourceManager())
    return std::nullopt;
  const std::map<std::string, std::string> &Spellings = olderOptionSpellings();
  auto Current = Spellings.find(Member->first);
  if (Current == Spellings.end())
    return std::nullopt;
  const SourceManager &SM = Info.getSourceManager();
  SourceLocation Loc = Info.getLocation();
  if (Loc.isInvalid() || Loc.isMacroID())
    return std::nullopt;
  std::string File = relativeToRoot(SM.getFilename(Loc).str());
  if (File.empty())
    return std::nullopt;
  return Respelling{File, SM.getFileOffset(Loc), Member->first, Current->second};
}

std::string respelled(std::string Content, const std::map<unsigned, Respelling> &AtOffsets) {
  // From the end, so earlier offsets stay valid when a name grows.
  for (auto It = AtOffsets.rbegin(); It != AtOffsets.rend(); ++It) {
    const Respelling &Change = It->second;
    if (Content.compare(Change.Offset, Change.Older.size(), Change.Older) != 0)
      continue;
    std::string Replacement = Change.Current;
    if (Replacement.size() < Change.Older.size())
      Replacement.append(Change.Older.size() - Replacement.size(), ' ');
    Content.replace(Change.Offset, Change.Older.size(), Replacement);
  }
  return Content;
}

} // namespace modelcompat::extract
