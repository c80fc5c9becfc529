//===- Checkpoint.cpp - Dispatch to one reader per format ----------------===//
#include "modelcompat/runtime/Checkpoint.h"

#include "CheckpointFile.h"
#include "Safetensors.h"
#include "ZipArchive.h"
#include "ZipCheckpoint.h"

#include "modelcompat/support/Error.h"

namespace modelcompat {
namespace {

/// One row per format: how to inspect it and how to load it.
struct CheckpointReader {
  CheckpointFormat Format;
  const char *Name;
  CheckpointInfo (*Inspect)(const CheckpointFile &, const CheckpointLoadOptions &);
  StateDict (*Load)(const CheckpointFile &, const CheckpointLoadOptions &);
  /// Whether Options.Key is applied by the reader (dict selection) rather
  /// than as a key prefix afterwards.
  bool SelectsKeyItself;
};

const CheckpointReader Readers[] = {
    {CheckpointFormat::Libtorch, "libtorch", inspectZipCheckpoint, loadZipCheckpoint, false},
    {CheckpointFormat::PythonZip, "python-zip", inspectZipCheckpoint, loadZipCheckpoint, true},
    {CheckpointFormat::Safetensors, "safetensors", inspectSafetensors, loadSafetensors, false},
};

const CheckpointReader &readerFor(CheckpointFormat Format) {
  for (const CheckpointReader &Reader : Readers)
    if (Reader.Format == Format)
      return Reader;
  throw Error("unknown checkpoint format");
}

CheckpointFormat sniff(const CheckpointFile &File) {
  std::string_view Bytes = File.bytes();
  if (looksLikeZip(Bytes))
    return detectZipFlavour(File);
  if (looksLikeSafetensors(Bytes))
    return CheckpointFormat::Safetensors;
  if (Bytes.size() >= 2 && static_cast<unsigned char>(Bytes[0]) == 0x80)
    File.fail("legacy (pre-1.6, non-zip) torch.save files are not supported; "
              "re-save with a current PyTorch");
  File.fail("unrecognised format (expected a zip archive from torch.save / "
            "torch::save, or safetensors)");
}

/// Applies Key as a prefix: "model" keeps "model.x" as "x".
template <typename Item, typename KeyOf>
std::vector<Item> selectPrefix(std::vector<Item> Items, KeyOf Key,
                               const CheckpointLoadOptions &Options, const CheckpointFile &File) {
  if (Options.Key.empty())
    return Items;
  std::string Prefix = Options.Key + ".";
  std::vector<Item> Kept;
  for (Item &Entry : Items) {
    std::string &Name = Key(Entry);
    if (Name.rfind(Prefix, 0) == 0) {
      Name.erase(0, Prefix.size());
      Kept.push_back(std::move(Entry));
    }
  }
  if (Kept.empty())
    File.fail("no tensor keys start with '" + Prefix + "' (from --key)");
  return Kept;
}

} // namespace

std::string formatName(CheckpointFormat Format) { return readerFor(Format).Name; }

std::string dtypeName(c10::ScalarType Type) {
  switch (Type) {
  case c10::kDouble:
    return "float64";
  case c10::kFloat:
    return "float32";
  case c10::kHalf:
    return "float16";
  case c10::kBFloat16:
    return "bfloat16";
  case c10::kLong:
    return "int64";
  case c10::kInt:
    return "int32";
  case c10::kShort:
    return "int16";
  case c10::kChar:
    return "int8";
  case c10::kByte:
    return "uint8";
  case c10::kBool:
    return "bool";
  case c10::kComplexFloat:
    return "complex64";
  case c10::kComplexDouble:
    return "complex128";
  default:
    return c10::toString(Type);
  }
}

uint64_t CheckpointInfo::totalBytes() const {
  uint64_t Total = 0;
  for (const TensorInfo &Tensor : Tensors)
    if (__builtin_add_overflow(Total, Tensor.Bytes, &Total))
      throw Error(checkpointMessage(Path, "the tensors' total byte count overflows"));
  return Total;
}

CheckpointFormat detectCheckpointFormat(const std::string &Path) {
  return sniff(*CheckpointFile::open(Path));
}

StateDict loadCheckpoint(const std::string &Path, const CheckpointLoadOptions &Options) {
  std::shared_ptr<CheckpointFile> File = CheckpointFile::open(Path);
  const CheckpointReader &Reader = readerFor(sniff(*File));
  StateDict Loaded = Reader.Load(*File, Options);
  if (Reader.SelectsKeyItself || Options.Key.empty())
    return Loaded;
  std::vector<StateDictItem> Items = selectPrefix(
      Loaded.items(), [](StateDictItem &Item) -> std::string & { return Item.Key; }, Options,
      *File);
  StateDict Selected;
  Selected.Metadata = Loaded.Metadata;
  for (StateDictItem &Item : Items)
    Selected.set(Item.Key, std::move(Item.Value), std::move(Item.Origin));
  return Selected;
}

CheckpointInfo inspectCheckpoint(const std::string &Path, const CheckpointLoadOptions &Options) {
  std::shared_ptr<CheckpointFile> File = CheckpointFile::open(Path);
  const CheckpointReader &Reader = readerFor(sniff(*File));
  CheckpointInfo Info = Reader.Inspect(*File, Options);
  if (!Reader.SelectsKeyItself)
    Info.Tensors = selectPrefix(
        std::move(Info.Tensors), [](TensorInfo &Tensor) -> std::string & { return Tensor.Key; },
        Options, *File);
  return Info;
}

void saveCheckpoint(const StateDict &Dict, const std::string &Path, CheckpointFormat Format,
                    OverwritePolicy Policy) {
  switch (Format) {
  case CheckpointFormat::Safetensors:
    return saveSafetensors(Dict, Path, Policy);
  case CheckpointFormat::Libtorch:
    return saveLibtorchArchive(Dict, Path, Policy);
  case CheckpointFormat::PythonZip:
    break;
  }
  throw Error("cannot write '" + Path +
              "': the python-zip format is read-only; "
              "write safetensors or libtorch");
}

} // namespace modelcompat
