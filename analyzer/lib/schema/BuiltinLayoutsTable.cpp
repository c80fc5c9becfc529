//===- BuiltinLayoutsTable.cpp - The layouts of libtorch's layers, as data ===//
//
// One record per libtorch layer: its positional arguments, option defaults,
// derived values and the keys it registers, in libtorch's registration order,
// with shapes and conditions written as C++ expressions over those names.
// The format is described in docs/builtin-layouts.md; every record of role
// "layers" is checked against libtorch 1.13 and 2.6 by BuiltinLayoutsTorchTest;
// "since" and "until" bound a record to the releases that have it.
//
//===----------------------------------------------------------------------===//
#include "BuiltinLayoutsInternal.h"

namespace modelcompat {
namespace builtin {

std::string_view builtinLayoutTable() {
  static constexpr std::string_view Table = R"json({
"layers": [
  {"name": "Linear",
   "arguments": ["in_features", "out_features"],
   "options": {"bias": "true"},
   "option_aliases": {"with_bias": "bias"},
   "keys": [
     {"key": "weight", "kind": "parameter", "shape": ["out_features", "in_features"]},
     {"key": "bias", "kind": "parameter", "shape": ["out_features"], "when": "bias"}]},

  {"name": "Bilinear",
   "arguments": ["in1_features", "in2_features", "out_features"],
   "options": {"bias": "true"},
   "keys": [
     {"key": "weight", "kind": "parameter", "shape": ["out_features", "in1_features", "in2_features"]},
     {"key": "bias", "kind": "parameter", "shape": ["out_features"], "when": "bias"}]},

  {"name": "Conv1d",
   "arguments": ["in_channels", "out_channels", "kernel_size"],
   "arrays": {"kernel_size": 1},
   "options": {"groups": "1", "bias": "true"},
   "option_aliases": {"with_bias": "bias"},
   "keys": [
     {"key": "weight", "kind": "parameter", "shape": ["out_channels", "in_channels / groups", "kernel_size..."]},
     {"key": "bias", "kind": "parameter", "shape": ["out_channels"], "when": "bias"}]},
  {"name": "Conv2d", "like": "Conv1d", "arrays": {"kernel_size": 2}},
  {"name": "Conv3d", "like": "Conv1d", "arrays": {"kernel_size": 3}},

  {"name": "ConvTranspose1d", "like": "Conv1d",
   "keys": [
     {"key": "weight", "kind": "parameter", "shape": ["in_channels", "out_channels / groups", "kernel_size..."]},
     {"key": "bias", "kind": "parameter", "shape": ["out_channels"], "when": "bias"}]},
  {"name": "ConvTranspose2d", "like": "ConvTranspose1d", "arrays": {"kernel_size": 2}},
  {"name": "ConvTranspose3d", "like": "ConvTranspose1d", "arrays": {"kernel_size": 3}},

  {"name": "BatchNorm1d",
   "arguments": ["num_features"],
   "options": {"affine": "true", "track_running_stats": "true"},
   "option_aliases": {"stateful": "track_running_stats"},
   "keys": [
     {"key": "weight", "kind": "parameter", "shape": ["num_features"], "when": "affine"},
     {"key": "bias", "kind": "parameter", "shape": ["num_features"], "when": "affine"},
     {"key": "running_mean", "kind": "buffer", "shape": ["num_features"], "when": "track_running_stats"},
     {"key": "running_var", "kind": "buffer", "shape": ["num_features"], "when": "track_running_stats"},
     {"key": "num_batches_tracked", "kind": "buffer", "shape": [], "dtype": "torch::kLong",
      "when": "track_running_stats"}]},
  {"name": "BatchNorm2d", "like": "BatchNorm1d"},
  {"name": "BatchNorm3d", "like": "BatchNorm1d"},

  {"name": "InstanceNorm1d", "like": "BatchNorm1d",
   "options": {"affine": "false", "track_running_stats": "false"}},
  {"name": "InstanceNorm2d", "like": "InstanceNorm1d"},
  {"name": "InstanceNorm3d", "like": "InstanceNorm1d"},

  {"name": "BatchNorm", "until": "1.5",
   "note": "legacy torch::nn::BatchNorm of libtorch < 1.5 (stateful was renamed track_running_stats in 1.4); absent from the libtorch releases this table is verified against",
   "arguments": ["num_features"],
   "options": {"affine": "true", "stateful": "true", "track_running_stats": "stateful"},
   "keys": [
     {"key": "weight", "kind": "parameter", "shape": ["num_features"], "when": "affine"},
     {"key": "bias", "kind": "parameter", "shape": ["num_features"], "when": "affine"},
     {"key": "running_mean", "kind": "buffer", "shape": ["num_features"], "when": "track_running_stats"},
     {"key": "running_var", "kind": "buffer", "shape": ["num_features"], "when": "track_running_stats"}]},

  {"name": "GroupNorm",
   "arguments": ["num_groups", "num_channels"],
   "options": {"affine": "true"},
   "keys": [
     {"key": "weight", "kind": "parameter", "shape": ["num_channels"], "when": "affine"},
     {"key": "bias", "kind": "parameter", "shape": ["num_channels"], "when": "affine"}]},

  {"name": "LayerNorm",
   "arguments": ["normalized_shape"],
   "arrays": {"normalized_shape": "vector"},
   "options": {"elementwise_affine": "true"},
   "keys": [
     {"key": "weight", "kind": "parameter", "shape": ["normalized_shape..."], "when": "elementwise_affine"},
     {"key": "bias", "kind": "parameter", "shape": ["normalized_shape..."], "when": "elementwise_affine"}]},

  {"name": "Embedding",
   "arguments": ["num_embeddings", "embedding_dim"],
   "keys": [
     {"key": "weight", "kind": "parameter", "shape": ["num_embeddings", "embedding_dim"]}]},
  {"name": "EmbeddingBag", "like": "Embedding"},

  {"name": "PReLU",
   "options": {"num_parameters": "1"},
   "keys": [
     {"key": "weight", "kind": "parameter", "shape": ["num_parameters"]}]},

  {"name": "MultiheadAttention",
   "arguments": ["embed_dim", "num_heads"],
   "options": {"bias": "true", "add_bias_kv": "false", "kdim": "embed_dim", "vdim": "embed_dim"},
   "let": {"same_embed_dim": "kdim == embed_dim && vdim == embed_dim"},
   "keys": [
     {"key": "in_proj_weight", "kind": "parameter", "shape": ["3 * embed_dim", "embed_dim"],
      "when": "same_embed_dim"},
     {"key": "q_proj_weight", "kind": "parameter", "shape": ["embed_dim", "embed_dim"], "when": "!same_embed_dim"},
     {"key": "k_proj_weight", "kind": "parameter", "shape": ["embed_dim", "kdim"], "when": "!same_embed_dim"},
     {"key": "v_proj_weight", "kind": "parameter", "shape": ["embed_dim", "vdim"], "when": "!same_embed_dim"},
     {"key": "in_proj_bias", "kind": "parameter", "shape": ["3 * embed_dim"], "when": "bias"},
     {"key": "bias_k", "kind": "parameter", "shape": ["1", "1", "embed_dim"], "when": "add_bias_kv"},
     {"key": "bias_v", "kind": "parameter", "shape": ["1", "1", "embed_dim"], "when": "add_bias_kv"},
     {"key": "out_proj", "kind": "module", "layer": "Linear",
      "arguments": ["embed_dim", "embed_dim"], "options": {"bias": "bias"}}]},

  {"name": "RNN",
   "arguments": ["input_size", "hidden_size"],
   "options": {"num_layers": "1", "bias": "true", "bidirectional": "false"},
   "option_aliases": {"with_bias": "bias", "layers": "num_layers"},
   "let": {"gate_size": "hidden_size",
           "num_directions": "bidirectional ? 2 : 1",
           "layer_input_size": "layer == 0 ? input_size : hidden_size * num_directions"},
   "keys": [
     {"repeat": "layer", "count": "num_layers", "keys": [
       {"key": "weight_ih_l{layer}", "kind": "parameter", "shape": ["gate_size", "layer_input_size"]},
       {"key": "weight_hh_l{layer}", "kind": "parameter", "shape": ["gate_size", "hidden_size"]},
       {"key": "bias_ih_l{layer}", "kind": "parameter", "shape": ["gate_size"], "when": "bias"},
       {"key": "bias_hh_l{layer}", "kind": "parameter", "shape": ["gate_size"], "when": "bias"},
       {"key": "weight_ih_l{layer}_reverse", "kind": "parameter", "shape": ["gate_size", "layer_input_size"],
        "when": "bidirectional"},
       {"key": "weight_hh_l{layer}_reverse", "kind": "parameter", "shape": ["gate_size", "hidden_size"],
        "when": "bidirectional"},
       {"key": "bias_ih_l{layer}_reverse", "kind": "parameter", "shape": ["gate_size"],
        "when": "bidirectional && bias"},
       {"key": "bias_hh_l{layer}_reverse", "kind": "parameter", "shape": ["gate_size"],
        "when": "bidirectional && bias"}]}]},
  {"name": "GRU", "like": "RNN",
   "let": {"gate_size": "3 * hidden_size",
           "num_directions": "bidirectional ? 2 : 1",
           "layer_input_size": "layer == 0 ? input_size : hidden_size * num_directions"}},
  {"name": "LSTM",
   "arguments": ["input_size", "hidden_size"],
   "options": {"num_layers": "1", "bias": "true", "bidirectional": "false", "proj_size": "0"},
   "option_aliases": {"with_bias": "bias", "layers": "num_layers"},
   "let": {"gate_size": "4 * hidden_size",
           "num_directions": "bidirectional ? 2 : 1",
           "real_hidden_size": "proj_size > 0 ? proj_size : hidden_size",
           "layer_input_size": "layer == 0 ? input_size : real_hidden_size * num_directions"},
   "keys": [
     {"repeat": "layer", "count": "num_layers", "keys": [
       {"key": "weight_ih_l{layer}", "kind": "parameter", "shape": ["gate_size", "layer_input_size"]},
       {"key": "weight_hh_l{layer}", "kind": "parameter", "shape": ["gate_size", "real_hidden_size"]},
       {"key": "bias_ih_l{layer}", "kind": "parameter", "shape": ["gate_size"], "when": "bias"},
       {"key": "bias_hh_l{layer}", "kind": "parameter", "shape": ["gate_size"], "when": "bias"},
       {"key": "weight_hr_l{layer}", "kind": "parameter", "shape": ["proj_size", "hidden_size"],
        "when": "proj_size > 0"},
       {"key": "weight_ih_l{layer}_reverse", "kind": "parameter", "shape": ["gate_size", "layer_input_size"],
        "when": "bidirectional"},
       {"key": "weight_hh_l{layer}_reverse", "kind": "parameter", "shape": ["gate_size", "real_hidden_size"],
        "when": "bidirectional"},
       {"key": "bias_ih_l{layer}_reverse", "kind": "parameter", "shape": ["gate_size"],
        "when": "bidirectional && bias"},
       {"key": "bias_hh_l{layer}_reverse", "kind": "parameter", "shape": ["gate_size"],
        "when": "bidirectional && bias"},
       {"key": "weight_hr_l{layer}_reverse", "kind": "parameter", "shape": ["proj_size", "hidden_size"],
        "when": "bidirectional && proj_size > 0"}]}]},

  {"name": "RNNCell",
   "arguments": ["input_size", "hidden_size"],
   "options": {"bias": "true"},
   "let": {"gate_size": "hidden_size"},
   "keys": [
     {"key": "weight_ih", "kind": "parameter", "shape": ["gate_size", "input_size"]},
     {"key": "weight_hh", "kind": "parameter", "shape": ["gate_size", "hidden_size"]},
     {"key": "bias_ih", "kind": "parameter", "shape": ["gate_size"], "when": "bias"},
     {"key": "bias_hh", "kind": "parameter", "shape": ["gate_size"], "when": "bias"}]},
  {"name": "GRUCell", "like": "RNNCell", "let": {"gate_size": "3 * hidden_size"}},
  {"name": "LSTMCell", "like": "RNNCell", "let": {"gate_size": "4 * hidden_size"}},

  {"name": "TransformerEncoderLayer",
   "arguments": ["d_model", "nhead"],
   "options": {"dim_feedforward": "2048"},
   "keys": [
     {"key": "self_attn", "kind": "module", "layer": "MultiheadAttention", "arguments": ["d_model", "nhead"]},
     {"key": "linear1", "kind": "module", "layer": "Linear", "arguments": ["d_model", "dim_feedforward"]},
     {"key": "linear2", "kind": "module", "layer": "Linear", "arguments": ["dim_feedforward", "d_model"]},
     {"key": "norm1", "kind": "module", "layer": "LayerNorm", "arguments": ["{d_model}"]},
     {"key": "norm2", "kind": "module", "layer": "LayerNorm", "arguments": ["{d_model}"]}]},
  {"name": "TransformerDecoderLayer",
   "arguments": ["d_model", "nhead"],
   "options": {"dim_feedforward": "2048"},
   "keys": [
     {"key": "self_attn", "kind": "module", "layer": "MultiheadAttention", "arguments": ["d_model", "nhead"]},
     {"key": "multihead_attn", "kind": "module", "layer": "MultiheadAttention", "arguments": ["d_model", "nhead"]},
     {"key": "linear1", "kind": "module", "layer": "Linear", "arguments": ["d_model", "dim_feedforward"]},
     {"key": "linear2", "kind": "module", "layer": "Linear", "arguments": ["dim_feedforward", "d_model"]},
     {"key": "norm1", "kind": "module", "layer": "LayerNorm", "arguments": ["{d_model}"]},
     {"key": "norm2", "kind": "module", "layer": "LayerNorm", "arguments": ["{d_model}"]},
     {"key": "norm3", "kind": "module", "layer": "LayerNorm", "arguments": ["{d_model}"]}]},

  {"name": "Transformer",
   "note": "reset() builds a TransformerEncoder and a TransformerDecoder, each a ModuleList of layers and a LayerNorm, unless the user passes their own",
   "arguments": ["d_model", "nhead", "num_encoder_layers", "num_decoder_layers"],
   "options": {"d_model": "512", "nhead": "8", "num_encoder_layers": "6", "num_decoder_layers": "6",
               "dim_feedforward": "2048"},
   "opaque_options": ["custom_encoder", "custom_decoder"],
   "keys": [
     {"repeat": "layer", "count": "num_encoder_layers", "keys": [
       {"key": "encoder.layers.{layer}", "kind": "module", "layer": "TransformerEncoderLayer",
        "arguments": ["d_model", "nhead"], "options": {"dim_feedforward": "dim_feedforward"}}]},
     {"key": "encoder.norm", "kind": "module", "layer": "LayerNorm", "arguments": ["{d_model}"]},
     {"repeat": "layer", "count": "num_decoder_layers", "keys": [
       {"key": "decoder.layers.{layer}", "kind": "module", "layer": "TransformerDecoderLayer",
        "arguments": ["d_model", "nhead"], "options": {"dim_feedforward": "dim_feedforward"}}]},
     {"key": "decoder.norm", "kind": "module", "layer": "LayerNorm", "arguments": ["{d_model}"]}]}
],

"parameter_free": [
  "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d",
  "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d",
  "AvgPool1d", "AvgPool2d", "AvgPool3d", "MaxPool1d", "MaxPool2d", "MaxPool3d",
  "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d", "LPPool1d", "LPPool2d",
  {"name": "LPPool3d", "since": "2.6",
   "note": "2.6 is the oldest release checked that has it (1.13 lacks it); its first release is not checked"},
  "FractionalMaxPool2d", "FractionalMaxPool3d",
  "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ZeroPad2d",
  {"name": "ZeroPad1d", "since": "2.6", "note": "as LPPool3d"},
  {"name": "ZeroPad3d", "since": "2.6", "note": "as LPPool3d"},
  "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d",
  "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d",
  "Dropout", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout",
  {"name": "FeatureDropout", "until": "1.4"},
  "CELU", "ELU", "GELU", "GLU", "Hardshrink", "Hardtanh", "LeakyReLU", "LogSigmoid",
  "LogSoftmax", "Mish", "RReLU", "ReLU", "ReLU6", "SELU", "SiLU", "Sigmoid",
  "Softmax", "Softmax2d", "Softmin", "Softplus", "Softshrink", "Softsign", "Tanh",
  "Tanhshrink", "Threshold",
  "Identity", "Flatten", "Unflatten", "Fold", "Unfold", "Upsample",
  "PixelShuffle", "PixelUnshuffle", "CosineSimilarity", "PairwiseDistance",
  "LocalResponseNorm", "CrossMapLRN2d", "Functional",
  "BCELoss", "BCEWithLogitsLoss", "CTCLoss", "CosineEmbeddingLoss", "CrossEntropyLoss",
  "HingeEmbeddingLoss", "HuberLoss", "KLDivLoss", "L1Loss", "MSELoss", "MarginRankingLoss",
  "MultiLabelMarginLoss", "MultiLabelSoftMarginLoss", "MultiMarginLoss", "NLLLoss",
  "PoissonNLLLoss", "SmoothL1Loss", "SoftMarginLoss", "TripletMarginLoss",
  "TripletMarginWithDistanceLoss"
],

"containers": ["Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict"]
})json";
  return Table;
}

} // namespace builtin
} // namespace modelcompat
