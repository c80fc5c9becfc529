//===- ConstructorArguments.h - A sub-module's symbols at its call site -*- C++ -*-===//
//
// A sub-module's shapes are written in its own terms (`options.dim()`, a
// constructor parameter `in`); the parent that registers it passes
// expressions of its own (`AttentionOptions(options.channels())`). Flattening
// the child's keys into the parent rewrites the former into the latter, so
// that a layer moved into a new sub-module keeps the shape it had: the
// attention refactor of MONAI's AutoencoderKL is a move, not a reshape.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SCHEMA_CONSTRUCTORARGUMENTS_H
#define MODELCOMPAT_SCHEMA_CONSTRUCTORARGUMENTS_H

#include <map>
#include <string>
#include <vector>

namespace modelcompat {

/// Call-site expressions by the name of what they initialise: a constructor
/// parameter of the module or of its options, or an options setter.
using ConstructorArguments = std::map<std::string, std::string>;

/// Text, written inside a module class, in the terms of the call site:
/// `options.X()`, `options_.X()`, `this->options.X()` and a bare `X` become
/// Arguments[X] for every X bound there, and so does `P.X()` for each P of
/// OptionsParameters: a constructor parameter that takes the options whole
/// (`opts` of `ConvUnitImpl(Conv2dOptions opts)`), which the call site names
/// by option. Names not bound stay as written; text that is not an
/// expression the schema parser knows is returned as is.
std::string bindConstructorArguments(const std::string &Text, const ConstructorArguments &Arguments,
                                     const std::vector<std::string> &OptionsParameters = {});

} // namespace modelcompat

#endif
