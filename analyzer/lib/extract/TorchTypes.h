//===- TorchTypes.h - Recognise libtorch's module types ---------*- C++ -*-===//
//
// Questions about types that every part of the extractor asks: is this class
// a torch::nn::Module (directly, through user bases, Cloneable<T>, or class
// templates)? Is it a TORCH_MODULE holder, and of which Impl?
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_EXTRACT_TORCHTYPES_H
#define MODELCOMPAT_EXTRACT_TORCHTYPES_H

#include "modelcompat/schema/BuiltinLayouts.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"

#include <optional>
#include <string>

namespace modelcompat::extract {

/// The class a type names: through references, pointers to it not included,
/// elaborations and template specialisations (dependent ones give the
/// template's pattern). nullptr for non-class types.
const clang::CXXRecordDecl *recordOf(clang::QualType Type);

/// The pattern a template specialisation was instantiated from, or Record.
const clang::CXXRecordDecl *patternOf(const clang::CXXRecordDecl *Record);

/// Whether Record is torch::nn::Module or derives from it.
bool isTorchModuleClass(const clang::CXXRecordDecl *Record);

/// The Impl a ModuleHolder (or a class derived from one, as TORCH_MODULE
/// writes) holds; nullptr when Record is no holder.
const clang::CXXRecordDecl *holderImpl(const clang::CXXRecordDecl *Record);

/// The T of std::shared_ptr<T>; nullptr for other types.
const clang::CXXRecordDecl *sharedPointee(const clang::CXXRecordDecl *Record);

/// Whether Decl is declared inside namespace torch (libtorch's own types).
bool isInTorchNamespace(const clang::Decl *Decl);

/// Whether a value of Type could hold module state: a libtorch type (a
/// tensor, a layer, a holder), a module class, or a class or template
/// argument holding one. Scalars, text and plain classes of them (a config
/// struct, a helper functor) cannot.
bool mayHoldModuleState(clang::QualType Type);

/// The qualified name of a class, without template arguments.
std::string qualifiedName(const clang::CXXRecordDecl *Record);

/// The release whose layouts builtin layers take: the libtorch the scan
/// parses against (a layer's layout may differ between releases).
std::optional<TorchRelease> parsedTorchRelease();

/// A libtorch layer whose constructors a class inherits.
struct InheritedLayer {
  std::string Layer;             ///< Table name: "Conv2d".
  const clang::UsingDecl *Using; ///< `using Conv2dImpl::Conv2dImpl;`
};

/// The builtin layer whose constructors Class inherits with a
/// using-declaration; such a class is built as that layer is, from the
/// caller's arguments. nullopt for any other class.
std::optional<InheritedLayer> inheritedLayer(const clang::CXXRecordDecl *Class);

} // namespace modelcompat::extract

#endif
