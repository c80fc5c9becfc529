//===- InspectCommand.cpp - modelcompat inspect ---------------------------===//
//
// Lists the tensors of a checkpoint from its headers alone: keys, dtypes,
// shapes, bytes and the format.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/cli/Subcommand.h"

#include "modelcompat/cli/ExitCode.h"
#include "modelcompat/runtime/Checkpoint.h"
#include "modelcompat/support/ArgParser.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/ShapeText.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace modelcompat {
namespace {

const ArgParser &inspectParser() {
  static const ArgParser Parser(
      "inspect", {{"--format",
                   "",
                   FlagArity::Value,
                   "FORMAT",
                   "output format: text or json",
                   {"text", "json"}},
                  {"--key",
                   "",
                   FlagArity::Value,
                   "KEY",
                   "select a nested state dict ({\"model\": sd} -> model) or key prefix",
                   {}}});
  return Parser;
}

void printText(const CheckpointInfo &Info, std::ostream &Out) {
  Out << "file: " << Info.Path << "\n"
      << "format: " << formatName(Info.Format) << "\n"
      << "tensors: " << Info.Tensors.size() << "\n"
      << "bytes: " << Info.totalBytes() << "\n";
  for (const auto &[Name, Value] : Info.Metadata)
    Out << "metadata: " << Name << " = " << Value << "\n";
  if (Info.Tensors.empty())
    return;
  // Columns sized to their widest cell, so the table stays readable. Rows
  // are made one at a time: a table of every row would be one more copy of
  // the whole file's keys.
  auto RowOf = [](const TensorInfo &Tensor) {
    return std::array<std::string, 4>{Tensor.Key, Tensor.DType, shapeText(Tensor.Shape),
                                      std::to_string(Tensor.Bytes)};
  };
  const std::array<std::string, 4> Header = {"KEY", "DTYPE", "SHAPE", "BYTES"};
  std::array<size_t, 4> Width{};
  auto Widen = [&](const std::array<std::string, 4> &Row) {
    for (size_t C = 0; C < 4; ++C)
      Width[C] = std::max(Width[C], Row[C].size());
  };
  Widen(Header);
  for (const TensorInfo &Tensor : Info.Tensors)
    Widen(RowOf(Tensor));
  auto Print = [&](const std::array<std::string, 4> &Row) {
    for (size_t C = 0; C < 3; ++C)
      Out << Row[C] << std::string(Width[C] - Row[C].size() + 2, ' ');
    Out << std::string(Width[3] - Row[3].size(), ' ') << Row[3] << "\n";
  };
  Out << "\n";
  Print(Header);
  for (const TensorInfo &Tensor : Info.Tensors)
    Print(RowOf(Tensor));
}

void printJson(const CheckpointInfo &Info, std::ostream &Out) {
  nlohmann::ordered_json Json;
  Json["file"] = Info.Path;
  Json["format"] = formatName(Info.Format);
  Json["total_bytes"] = Info.totalBytes();
  Json["metadata"] = Info.Metadata;
  Json["tensors"] = nlohmann::ordered_json::array();
  for (const TensorInfo &Tensor : Info.Tensors)
    Json["tensors"].push_back({{"key", Tensor.Key},
                               {"dtype", Tensor.DType},
                               {"shape", Tensor.Shape},
                               {"bytes", Tensor.Bytes}});
  Out << Json.dump(2) << "\n";
}

} // namespace

int runInspectCommand(const std::vector<std::string> &Args, CommandContext &Context) {
  ParsedArgs Parsed = inspectParser().parse(Args);
  if (Parsed.helpRequested()) {
    Context.Out << "usage: modelcompat inspect CKPT [--format text|json] [--key KEY]\n\n"
                   "Lists the tensors of a checkpoint (libtorch archive, Python "
                   "torch.save zip or safetensors)\nfrom its headers only.\n\n"
                << inspectParser().flagHelp()
                << "\nexamples:\n"
                   "  modelcompat inspect model.safetensors\n"
                   "  modelcompat inspect checkpoint.pt --key model --format json\n"
                   "\nexit codes: 0 listed, 1 unreadable or malformed checkpoint, "
                   "2 usage error.\n";
    return ExitOk;
  }
  if (Parsed.positionals().size() != 1)
    throw usageError("inspect: expected one checkpoint file (see --help)");
  CheckpointLoadOptions Options;
  Options.Key = Parsed.valueOr("--key", "");
  CheckpointInfo Info = inspectCheckpoint(Parsed.positionals().front(), Options);
  if (Parsed.valueOr("--format", "text") == "json")
    printJson(Info, Context.Out);
  else
    printText(Info, Context.Out);
  return ExitOk;
}

} // namespace modelcompat
