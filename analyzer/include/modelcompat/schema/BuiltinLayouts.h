//===- BuiltinLayouts.h - State layouts of libtorch's own layers -*- C++ -*-===//
//
// libtorch's builtin layers (Linear, Conv2d, BatchNorm2d, LSTM, ...) register
// their state inside libtorch, where the analyzer does not look. Their layouts
// come from a data table instead, checked against the real libtorch by
// tests/schema/BuiltinLayoutsTorchTest.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SCHEMA_BUILTINLAYOUTS_H
#define MODELCOMPAT_SCHEMA_BUILTINLAYOUTS_H

#include "modelcompat/schema/ConstructorArguments.h"
#include "modelcompat/schema/ModuleSchema.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelcompat {

/// What a libtorch type is to the analyzer.
enum class BuiltinRole {
  Layer,         ///< Has state described by the table (Linear, Conv2d, ...).
  ParameterFree, ///< Contributes no keys (ReLU, Dropout, MaxPool2d, ...).
  Container,     ///< Sequential, ModuleList, ModuleDict: children are entries.
};

/// A libtorch release, as far as layouts depend on it: major and minor.
struct TorchRelease {
  int Major = 0;
  int Minor = 0;
  friend bool operator<(const TorchRelease &A, const TorchRelease &B) {
    return A.Major != B.Major ? A.Major < B.Major : A.Minor < B.Minor;
  }
  friend bool operator==(const TorchRelease &A, const TorchRelease &B) {
    return A.Major == B.Major && A.Minor == B.Minor;
  }
};

/// The release a version string names: "2.6.0+debian", "1.13" -> {2, 6},
/// {1, 13}; nullopt when Text does not start with "major.minor".
std::optional<TorchRelease> parseTorchRelease(std::string_view Text);

/// A builtin layer's construction as written in source, reduced to text.
struct LayerCall {
  std::string Layer; ///< Table name: "Conv2d" (see builtinLayerName).
  /// Positional arguments of the layer's or its options' constructor,
  /// normalised source text; braced lists as "{3, 5}".
  std::vector<std::string> Arguments;
  /// Options set by chained setters: "bias" -> "false", "groups" -> "g".
  std::map<std::string, std::string> Options;
  /// Built from options the class's caller passes whole (`Conv2d(options)`,
  /// `options` the constructor's one parameter): the names Options leaves
  /// are the layer's own, as expandBuiltinLayerOverItsNames writes them,
  /// for the caller's builtinLayerArguments to bind.
  bool OverOwnNames = false;
};

/// The table name of a libtorch type given by its qualified spelling:
/// "torch::nn::Conv2d", "torch::nn::Conv2dImpl", "torch::nn::Conv2dOptions"
/// and "torch::nn::ModuleHolder<torch::nn::Conv2dImpl>" all give "Conv2d".
/// nullopt when the type is not a known libtorch module.
std::optional<std::string> builtinLayerName(std::string_view QualifiedType);

/// The role of a table name from builtinLayerName.
std::optional<BuiltinRole> builtinRole(std::string_view LayerName);

/// The keys a builtin layer registers, relative to the layer, with symbolic
/// shapes substituted from Call and conditions for options that are not
/// literal constants. Each key's Layer is "torch::nn::" + Call.Layer.
/// Release is the libtorch the code is parsed against: the table's record
/// for that release is used (a layout that changed between releases has
/// one record per range); nullopt, or a layer Release does not have (code
/// written for an older release: legacy BatchNorm), uses the newest record.
/// Unknown layers, and calls that set an option the table cannot see
/// through (Transformer's custom_encoder), give no keys.
std::vector<StateKey> expandBuiltinLayer(const LayerCall &Call,
                                         std::optional<TorchRelease> Release = std::nullopt);

/// The keys of the builtin layer LayerName written over the layer's own
/// names: its positional arguments and options as the table names them
/// (`in_channels`, `bias`), an ExpandingArray<D> as `kernel_size[0]` ...
/// `kernel_size[D-1]`. This is the state of a class that only inherits the
/// layer's constructors (`using Conv2dImpl::Conv2dImpl;`): the caller's
/// builtinLayerArguments bind it. Unknown layers give no keys.
std::vector<StateKey> expandBuiltinLayerOverItsNames(std::string_view LayerName,
                                                     std::optional<TorchRelease> Release);

/// What a construction of a builtin layer gives each of the layer's names,
/// as source text: the call's arguments and options, the table's defaults
/// for the options it leaves out, an ExpandingArray as its braced elements
/// (`3` for kernel_size of Conv2d is `{3, 3}`). A required argument the
/// call lacks is left out.
ConstructorArguments builtinLayerArguments(const LayerCall &Call,
                                           std::optional<TorchRelease> Release);

/// Whether the libtorch Release has the table entry LayerName (of any
/// role): false for entries only older or only newer releases have.
bool builtinExistsIn(std::string_view LayerName, TorchRelease Release);

/// Every table name with role Layer, for tests that check the whole table.
std::vector<std::string> builtinLayerNames();

/// The table's older spellings of options, across its layers: the name an
/// older libtorch release used -> the name used today ("with_bias" ->
/// "bias", "layers" -> "num_layers").
const std::map<std::string, std::string> &olderOptionSpellings();

} // namespace modelcompat

#endif
