//===- TorchTypes.cpp - Recognise libtorch's module types -----------------===//
#include "TorchTypes.h"

#include "modelcompat/extract/ParserIdentity.h"

#include "clang/AST/DeclTemplate.h"

#include <set>

using namespace clang;

namespace modelcompat::extract {

namespace {

bool hasQualifiedName(const NamedDecl *Decl, llvm::StringRef Name) {
  return Decl && Decl->getQualifiedNameAsString() == Name;
}

bool derivesFromModule(const CXXRecordDecl *Record, std::set<const CXXRecordDecl *> &Seen) {
  if (!Record)
    return false;
  Record = patternOf(Record);
  if (hasQualifiedName(Record, "torch::nn::Module"))
    return true;
  if (!Seen.insert(Record).second)
    return false;
  const CXXRecordDecl *Definition = Record->getDefinition();
  if (!Definition)
    return false;
  for (const CXXBaseSpecifier &Base : Definition->bases())
    if (derivesFromModule(recordOf(Base.getType()), Seen))
      return true;
  return false;
}

} // namespace

const CXXRecordDecl *recordOf(QualType Type) {
  if (Type.isNull())
    return nullptr;
  Type = Type.getNonReferenceType();
  if (const CXXRecordDecl *Record = Type->getAsCXXRecordDecl())
    return Record;
  if (const auto *Specialization = Type->getAs<TemplateSpecializationType>()) {
    TemplateDecl *Template = Specialization->getTemplateName().getAsTemplateDecl();
    if (const auto *ClassTemplate = dyn_cast_or_null<ClassTemplateDecl>(Template))
      return ClassTemplate->getTemplatedDecl();
  }
  if (const auto *Injected = Type->getAs<InjectedClassNameType>())
    return Injected->getDecl();
  return nullptr;
}

const CXXRecordDecl *patternOf(const CXXRecordDecl *Record) {
  if (const auto *Specialization = dyn_cast_or_null<ClassTemplateSpecializationDecl>(Record)) {
    llvm::PointerUnion<ClassTemplateDecl *, ClassTemplatePartialSpecializationDecl *> From =
        Specialization->getSpecializedTemplateOrPartial();
    if (auto *Template = From.dyn_cast<ClassTemplateDecl *>())
      return Template->getTemplatedDecl();
    if (auto *Partial = From.dyn_cast<ClassTemplatePartialSpecializationDecl *>())
      return Partial;
  }
  return Record;
}

bool isTorchModuleClass(const CXXRecordDecl *Record) {
  std::set<const CXXRecordDecl *> Seen;
  return derivesFromModule(Record, Seen);
}

const CXXRecordDecl *holderImpl(const CXXRecordDecl *Record) {
  for (unsigned Depth = 0; Record && Depth < 8; ++Depth) {
    if (const auto *Specialization = dyn_cast<ClassTemplateSpecializationDecl>(Record)) {
      if (hasQualifiedName(Specialization, "torch::nn::ModuleHolder") &&
          Specialization->getTemplateArgs().size() >= 1 &&
          Specialization->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
        return recordOf(Specialization->getTemplateArgs()[0].getAsType());
    }
    const CXXRecordDecl *Definition = Record->getDefinition();
    if (!Definition || Definition->getNumBases() == 0)
      return nullptr;
    const CXXRecordDecl *Next = nullptr;
    for (const CXXBaseSpecifier &Base : Definition->bases()) {
      QualType BaseType = Base.getType();
      if (const auto *Specialization = BaseType->getAs<TemplateSpecializationType>()) {
        TemplateDecl *Template = Specialization->getTemplateName().getAsTemplateDecl();
        llvm::ArrayRef<TemplateArgument> Arguments = Specialization->template_arguments();
        if (hasQualifiedName(Template, "torch::nn::ModuleHolder") && !Arguments.empty() &&
            Arguments[0].getKind() == TemplateArgument::Type)
          return recordOf(Arguments[0].getAsType());
      }
      if (!Next)
        Next = recordOf(BaseType);
    }
    Record = Next;
  }
  return nullptr;
}

const CXXRecordDecl *sharedPointee(const CXXRecordDecl *Record) {
  const auto *Specialization = dyn_cast_or_null<ClassTemplateSpecializationDecl>(Record);
  if (!Specialization || Specialization->getName() != "shared_ptr" ||
      !Specialization->isInStdNamespace() || Specialization->getTemplateArgs().size() < 1 ||
      Specialization->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return nullptr;
  return recordOf(Specialization->getTemplateArgs()[0].getAsType());
}

bool isInTorchNamespace(const Decl *Decl) {
  for (const DeclContext *Context = Decl ? Decl->getDeclContext() : nullptr; Context;
       Context = Context->getParent())
    if (const auto *Namespace = dyn_cast<NamespaceDecl>(Context))
      if (isa<TranslationUnitDecl>(Namespace->getParent()->getRedeclContext()) &&
          (Namespace->getName() == "torch" || Namespace->getName() == "at" ||
           Namespace->getName() == "c10"))
        return true;
  return false;
}

namespace {

bool mayHoldModuleState(QualType Type, unsigned Depth) {
  // Deep nesting, dependent or incomplete types: assume the worst.
  if (Depth > 4 || Type.isNull() || Type->isDependentType())
    return true;
  Type = Type.getNonReferenceType();
  while (Type->isPointerType() || Type->isArrayType())
    Type = Type->isPointerType() ? Type->getPointeeType()
                                 : QualType(Type->getPointeeOrArrayElementType(), 0);
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record)
    return false;
  if (isInTorchNamespace(Record) || isTorchModuleClass(Record) || holderImpl(Record))
    return true;
  if (const auto *Specialization = dyn_cast<ClassTemplateSpecializationDecl>(Record))
    for (const TemplateArgument &Argument : Specialization->getTemplateArgs().asArray())
      if (Argument.getKind() == TemplateArgument::Type &&
          mayHoldModuleState(Argument.getAsType(), Depth + 1))
        return true;
  if (Record->isInStdNamespace())
    return false;
  if (!Record->hasDefinition())
    return true;
  for (const CXXBaseSpecifier &Base : Record->getDefinition()->bases())
    if (mayHoldModuleState(Base.getType(), Depth + 1))
      return true;
  for (const FieldDecl *Field : Record->getDefinition()->fields())
    if (mayHoldModuleState(Field->getType(), Depth + 1))
      return true;
  return false;
}

} // namespace

bool mayHoldModuleState(QualType Type) { return mayHoldModuleState(Type, 0); }

std::string qualifiedName(const CXXRecordDecl *Record) {
  return Record ? patternOf(Record)->getQualifiedNameAsString() : "";
}

std::optional<TorchRelease> parsedTorchRelease() {
  static const std::optional<TorchRelease> Release = parseTorchRelease(parsedLibtorchVersion());
  return Release;
}

std::optional<InheritedLayer> inheritedLayer(const CXXRecordDecl *Class) {
  const CXXRecordDecl *Definition = Class ? Class->getDefinition() : nullptr;
  if (!Definition)
    return std::nullopt;
  for (const Decl *Member : Definition->decls()) {
    const auto *Using = dyn_cast<UsingDecl>(Member);
    if (!Using || Using->getDeclName().getNameKind() != DeclarationName::CXXConstructorName)
      continue;
    const NestedNameSpecifier *Qualifier = Using->getQualifier();
    const CXXRecordDecl *Base = Qualifier && Qualifier->getAsType()
                                    ? recordOf(QualType(Qualifier->getAsType(), 0))
                                    : nullptr;
    if (!Base || !isInTorchNamespace(Base))
      continue;
    std::optional<std::string> Layer = builtinLayerName(qualifiedName(Base));
    if (Layer && builtinRole(*Layer) == BuiltinRole::Layer)
      return InheritedLayer{*Layer, Using};
  }
  return std::nullopt;
}

} // namespace modelcompat::extract
