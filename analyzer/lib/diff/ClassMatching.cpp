//===- ClassMatching.cpp - Pair module classes across two commits --------===//
#include "modelcompat/diff/ClassMatching.h"
#include "modelcompat/schema/ConditionLogic.h"
#include "modelcompat/diff/ShapeEquivalence.h"

#include <algorithm>
#include <set>

namespace modelcompat {
namespace {

/// Indexes one side's classes and remembers which are already paired.
class Side {
public:
  explicit Side(const std::vector<ModuleSchema> &Modules) {
    for (const ModuleSchema &Module : Modules) {
      ByName[Module.ClassName] = &Module;
      Signatures[&Module] = layoutSignature(Module);
    }
  }

  const ModuleSchema *find(const std::string &Name) const {
    auto It = ByName.find(Name);
    return It == ByName.end() ? nullptr : It->second;
  }
  bool isFree(const ModuleSchema *Module) const { return !Used.count(Module); }
  void use(const ModuleSchema *Module) { Used.insert(Module); }
  const std::string &signature(const ModuleSchema *Module) const {
    return Signatures.at(Module);
  }
  /// Free classes in name order.
  std::vector<const ModuleSchema *> freeClasses() const {
    std::vector<const ModuleSchema *> Out;
    for (const auto &[Name, Module] : ByName)
      if (isFree(Module))
        Out.push_back(Module);
    return Out;
  }

private:
  std::map<std::string, const ModuleSchema *> ByName;
  std::map<const ModuleSchema *, std::string> Signatures;
  std::set<const ModuleSchema *> Used;
};

} // namespace

std::string layoutSignature(const ModuleSchema &Module) {
  std::string Out;
  for (const StateKey &Key : Module.StateDict) {
    Out += Key.Key + "|" + entryKindName(Key.Kind) + "|";
    if (Key.Shape)
      for (const std::string &Dim : *Key.Shape)
        Out += normalizeExpression(Dim) + ",";
    else
      Out += "?";
    // User layers may be renamed along with the class; builtin ones may not.
    Out += "|" + (Key.Layer.rfind("torch::", 0) == 0 ? Key.Layer : "");
    Out += "|" + normalizeCondition(Key.Condition.value_or("")) + "\n";
  }
  return Out;
}

std::vector<ClassMatch> matchClasses(const std::vector<ModuleSchema> &BaseModules,
                                     const std::vector<ModuleSchema> &HeadModules) {
  Side Base(BaseModules), Head(HeadModules);
  std::vector<ClassMatch> Matches;
  auto Pair = [&](const ModuleSchema *B, const ModuleSchema *H, std::string Reason) {
    Base.use(B);
    Head.use(H);
    Matches.push_back({B, H, B->ClassName != H->ClassName,
                       Base.signature(B) == Head.signature(H), std::move(Reason)});
  };

  // 1. Same name, same layout: unchanged classes.
  for (const ModuleSchema *B : Base.freeClasses())
    if (const ModuleSchema *H = Head.find(B->ClassName);
        H && Base.signature(B) == Head.signature(H))
      Pair(B, H, "same name");

  // 2. Identical layout under another name: a base class gone from head, or
  //    two classes that swapped names. The only candidate with that layout,
  //    or the only one in the same file.
  for (const ModuleSchema *B : Base.freeClasses()) {
    if (Base.signature(B).empty())
      continue;
    std::vector<const ModuleSchema *> Candidates;
    for (const ModuleSchema *H : Head.freeClasses()) {
      if (Head.signature(H) != Base.signature(B))
        continue;
      const ModuleSchema *HeadNamesake = Head.find(B->ClassName);
      const ModuleSchema *BaseNamesake = Base.find(H->ClassName);
      bool Gone = !HeadNamesake;
      bool Swapped = HeadNamesake && BaseNamesake &&
                     Head.signature(HeadNamesake) == Base.signature(BaseNamesake);
      if (Gone || Swapped)
        Candidates.push_back(H);
    }
    if (Candidates.size() > 1) {
      std::vector<const ModuleSchema *> SameFile;
      for (const ModuleSchema *H : Candidates)
        if (H->File == B->File)
          SameFile.push_back(H);
      Candidates = SameFile;
    }
    if (Candidates.size() == 1)
      Pair(B, Candidates.front(),
           Candidates.front()->File == B->File ? "identical layout, same file"
                                               : "identical layout");
  }

  // 3. Same name, changed layout.
  for (const ModuleSchema *B : Base.freeClasses())
    if (const ModuleSchema *H = Head.find(B->ClassName); H && Head.isFree(H))
      Pair(B, H, "same name");

  // 4. The one class that left a file and the one that appeared in it.
  std::map<std::string, std::vector<const ModuleSchema *>> BaseByFile, HeadByFile;
  for (const ModuleSchema *B : Base.freeClasses())
    if (!Head.find(B->ClassName))
      BaseByFile[B->File].push_back(B);
  for (const ModuleSchema *H : Head.freeClasses())
    if (!Base.find(H->ClassName))
      HeadByFile[H->File].push_back(H);
  for (const auto &[File, Bs] : BaseByFile) {
    auto It = HeadByFile.find(File);
    if (Bs.size() == 1 && It != HeadByFile.end() && It->second.size() == 1)
      Pair(Bs.front(), It->second.front(), "only class that left and entered its file");
  }

  for (const ModuleSchema *B : Base.freeClasses())
    Matches.push_back({B, nullptr, false, false, "only at base"});
  for (const ModuleSchema *H : Head.freeClasses())
    Matches.push_back({nullptr, H, false, false, "only at head"});
  auto Name = [](const ClassMatch &M) {
    return M.Head ? M.Head->ClassName : M.Base->ClassName;
  };
  std::sort(Matches.begin(), Matches.end(),
            [&](const ClassMatch &A, const ClassMatch &B) { return Name(A) < Name(B); });
  return Matches;
}

std::map<std::string, std::string>
classNameMapping(const std::vector<ClassMatch> &Matches) {
  std::map<std::string, std::string> Mapping;
  for (const ClassMatch &M : Matches) {
    if (!M.Base || !M.Head)
      continue;
    Mapping[M.Base->ClassName] = M.Head->ClassName;
    if (M.Base->Holder && M.Head->Holder)
      Mapping[*M.Base->Holder] = *M.Head->Holder;
  }
  return Mapping;
}

} // namespace modelcompat
