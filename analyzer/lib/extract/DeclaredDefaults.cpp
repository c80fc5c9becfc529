//===- DeclaredDefaults.cpp - The defaults a module class declares -------===//
#include "DeclaredDefaults.h"
#include "TorchTypes.h"

#include <set>

using namespace clang;

namespace modelcompat::extract {
namespace {

/// Collects name -> value, forgetting names given two different values.
class DefaultsBuilder {
public:
  explicit DefaultsBuilder(const ExpressionReader &Reader) : Reader(Reader) {}

  void add(const std::string &Name, const Expr *Value) {
    if (Name.empty() || !Value || Conflicting.count(Name))
      return;
    std::string Text = Reader.normalisedText(Value, Environment());
    auto [It, New] = Defaults.emplace(Name, Text);
    if (!New && It->second != Text) {
      Defaults.erase(It);
      Conflicting.insert(Name);
    }
  }

  /// Fields with initialisers; an options struct's TORCH_ARG fields are
  /// `name_`, read through the accessor `name()`.
  void addFields(const CXXRecordDecl *Record, bool StripUnderscore) {
    if (!Record || !Record->hasDefinition())
      return;
    for (const FieldDecl *Field : Record->getDefinition()->fields()) {
      if (!Field->hasInClassInitializer() || !Field->getType()->isScalarType())
        continue;
      std::string Name = Field->getNameAsString();
      if (StripUnderscore && !Name.empty() && Name.back() == '_')
        Name.pop_back();
      add(Name, Field->getInClassInitializer());
    }
  }

  ConstructorArguments take() { return std::move(Defaults); }

private:
  const ExpressionReader &Reader;
  ConstructorArguments Defaults;
  std::set<std::string> Conflicting;
};

} // namespace

const CXXRecordDecl *optionsRecord(QualType Type) {
  const CXXRecordDecl *Record = recordOf(Type.getNonReferenceType());
  if (!Record || isInTorchNamespace(Record) || isTorchModuleClass(Record) || holderImpl(Record) ||
      sharedPointee(Record) || Record->isInStdNamespace())
    return nullptr;
  return Record;
}

ConstructorArguments declaredDefaults(const CXXRecordDecl *Record, const ExpressionReader &Reader) {
  DefaultsBuilder Builder(Reader);
  if (!Record || !Record->hasDefinition())
    return {};
  Record = Record->getDefinition();
  for (const CXXConstructorDecl *Constructor : Record->ctors()) {
    if (Constructor->isImplicit() || Constructor->isCopyOrMoveConstructor())
      continue;
    for (const ParmVarDecl *Param : Constructor->parameters()) {
      if (Param->hasDefaultArg() && !Param->hasUnparsedDefaultArg() &&
          !Param->hasUninstantiatedDefaultArg() && Param->getType()->isScalarType())
        Builder.add(Param->getNameAsString(), Param->getDefaultArg());
      Builder.addFields(optionsRecord(Param->getType()), true);
    }
  }
  for (const FieldDecl *Field : Record->fields())
    Builder.addFields(optionsRecord(Field->getType()), true);
  Builder.addFields(Record, false);
  return Builder.take();
}

} // namespace modelcompat::extract
