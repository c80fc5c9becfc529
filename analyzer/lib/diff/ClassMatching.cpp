//===- ClassMatching.cpp - Pair module classes across two commits --------===//
#include "modelcompat/diff/ClassMatching.h"
#include "modelcompat/diff/ShapeEquivalence.h"
#include "modelcompat/schema/ConditionLogic.h"

#include <algorithm>
#include <functional>
#include <set>

namespace modelcompat {
namespace {

/// Indexes one side's classes by identity (name and file) and remembers
/// which are already paired.
class Side {
public:
  explicit Side(const std::vector<ModuleSchema> &Modules) {
    for (const ModuleSchema &Module : Modules) {
      ById[classIdOf(Module)] = &Module;
      ByName.emplace(Module.ClassName, &Module);
      Signatures[&Module] = layoutSignature(Module);
    }
  }

  /// The class called Name that stands for a class of File at the other
  /// side: the one defined in File, else the only one of that name.
  const ModuleSchema *namesake(const std::string &Name, const std::string &File) const {
    if (auto It = ById.find({Name, File}); It != ById.end())
      return It->second;
    auto [First, Last] = ByName.equal_range(Name);
    if (First != Last && std::next(First) == Last)
      return First->second;
    return nullptr;
  }
  bool hasName(const std::string &Name) const { return ByName.count(Name) != 0; }
  bool isFree(const ModuleSchema *Module) const { return !Used.count(Module); }
  void use(const ModuleSchema *Module) { Used.insert(Module); }
  const std::string &signature(const ModuleSchema *Module) const { return Signatures.at(Module); }
  /// Free classes in (name, file) order.
  std::vector<const ModuleSchema *> freeClasses() const {
    std::vector<const ModuleSchema *> Out;
    for (const auto &[Id, Module] : ById)
      if (isFree(Module))
        Out.push_back(Module);
    return Out;
  }

private:
  std::map<ClassId, const ModuleSchema *> ById;
  std::multimap<std::string, const ModuleSchema *> ByName;
  std::map<const ModuleSchema *, std::string> Signatures;
  std::set<const ModuleSchema *> Used;
};

/// Which of several candidates stands for a class: the only one, else the
/// only one in the same file, else the only one in the same folder.
const ModuleSchema *pickCandidate(const ModuleSchema &For,
                                  const std::vector<const ModuleSchema *> &Candidates) {
  if (Candidates.size() == 1)
    return Candidates.front();
  auto FolderOf = [](const std::string &File) {
    size_t Slash = File.rfind('/');
    return Slash == std::string::npos ? std::string() : File.substr(0, Slash);
  };
  for (auto Near : {std::function<bool(const ModuleSchema *)>(
                        [&](const ModuleSchema *C) { return C->File == For.File; }),
                    std::function<bool(const ModuleSchema *)>([&](const ModuleSchema *C) {
                      return FolderOf(C->File) == FolderOf(For.File);
                    })}) {
    std::vector<const ModuleSchema *> Kept;
    for (const ModuleSchema *C : Candidates)
      if (Near(C))
        Kept.push_back(C);
    if (Kept.size() == 1)
      return Kept.front();
    if (Kept.size() > 1)
      return nullptr;
  }
  return nullptr;
}

} // namespace

std::string layoutSignature(const ModuleSchema &Module) {
  std::string Out;
  for (const StateKey &Key : Module.StateDict) {
    Out += Key.Key + "|" + entryKindName(Key.Kind) + "|";
    if (Key.Shape)
      for (const std::string &Dim : *Key.Shape)
        Out += comparableExpression(Dim) + ",";
    else
      Out += "?";
    // User layers may be renamed along with the class; builtin ones may not.
    Out += "|" + (Key.Layer.rfind("torch::", 0) == 0 ? Key.Layer : "");
    Out += "|" + normaliseCondition(Key.Condition.value_or("")) + "\n";
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
    Matches.push_back({B, H, B->ClassName != H->ClassName, Base.signature(B) == Head.signature(H),
                       std::move(Reason)});
  };

  // 1. Same name, same layout: unchanged classes (the namesake in the same
  //    file first, so that same-named classes of other folders never mix).
  for (const ModuleSchema *B : Base.freeClasses())
    if (const ModuleSchema *H = Head.namesake(B->ClassName, B->File);
        H && Head.isFree(H) && Base.signature(B) == Head.signature(H))
      Pair(B, H, "same name");

  // 2. Identical layout under another name: a base class gone from head, or
  //    classes whose names were reused (A renamed B while C is renamed A).
  //    A head namesake that another base class claims by layout does not
  //    hold this class back, so the passes repeat until nothing pairs.
  for (bool Progress = true; Progress;) {
    Progress = false;
    for (const ModuleSchema *B : Base.freeClasses()) {
      if (!Base.isFree(B) || Base.signature(B).empty())
        continue;
      const ModuleSchema *HeadNamesake = Head.namesake(B->ClassName, B->File);
      std::vector<const ModuleSchema *> Candidates;
      for (const ModuleSchema *H : Head.freeClasses()) {
        if (Head.signature(H) != Base.signature(B))
          continue;
        const ModuleSchema *BaseNamesake = Base.namesake(H->ClassName, H->File);
        bool Gone = !HeadNamesake || !Head.isFree(HeadNamesake);
        bool Swapped = HeadNamesake && BaseNamesake &&
                       Head.signature(HeadNamesake) == Base.signature(BaseNamesake);
        if (Gone || Swapped)
          Candidates.push_back(H);
      }
      if (const ModuleSchema *H = pickCandidate(*B, Candidates)) {
        Pair(B, H, H->File == B->File ? "identical layout, same file" : "identical layout");
        Progress = true;
      }
    }
  }

  // 3. Same name, changed layout.
  for (const ModuleSchema *B : Base.freeClasses())
    if (const ModuleSchema *H = Head.namesake(B->ClassName, B->File); H && Head.isFree(H))
      Pair(B, H, "same name");

  // 4. The one class that left a file and the one that appeared in it.
  std::map<std::string, std::vector<const ModuleSchema *>> BaseByFile, HeadByFile;
  for (const ModuleSchema *B : Base.freeClasses())
    if (!Head.hasName(B->ClassName))
      BaseByFile[B->File].push_back(B);
  for (const ModuleSchema *H : Head.freeClasses())
    if (!Base.hasName(H->ClassName))
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
  auto Id = [](const ClassMatch &M) { return classIdOf(M.Head ? *M.Head : *M.Base); };
  std::sort(Matches.begin(), Matches.end(),
            [&](const ClassMatch &A, const ClassMatch &B) { return Id(A) < Id(B); });
  return Matches;
}

std::map<std::string, std::string> classNameMapping(const std::vector<ClassMatch> &Matches) {
  // Same-named classes of different files may pair differently; a name that
  // pairs with itself anywhere keeps itself, so that layer names compare
  // equal where they are (class identity proper is compared by ClassPairs).
  std::map<std::string, std::string> Mapping;
  auto Add = [&](const std::string &From, const std::string &To) {
    auto [It, Inserted] = Mapping.emplace(From, To);
    if (!Inserted && To == From)
      It->second = To;
  };
  for (const ClassMatch &M : Matches) {
    if (!M.Base || !M.Head)
      continue;
    Add(M.Base->ClassName, M.Head->ClassName);
    if (M.Base->Holder && M.Head->Holder)
      Add(*M.Base->Holder, *M.Head->Holder);
  }
  return Mapping;
}

ClassPairs classPairs(const std::vector<ClassMatch> &Matches) {
  ClassPairs Pairs;
  for (const ClassMatch &M : Matches)
    if (M.Base && M.Head)
      Pairs[M.Base] = M.Head;
  return Pairs;
}

} // namespace modelcompat
