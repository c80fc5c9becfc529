//===- ZipCheckpoint.cpp - Readers for zip checkpoints -------------------===//
#include "ZipCheckpoint.h"

#include "PickleStateDict.h"
#include "ZipArchive.h"

#include <unordered_map>

namespace modelcompat {
namespace {

/// The archive, its top-level folder and the tensors data.pkl describes.
struct ZipContents {
  CheckpointFormat Format;
  std::string Prefix; ///< "archive/": every record name starts with it.
  std::vector<PickledTensor> Tensors;
};

/// The "<prefix>data.pkl" entry: at the top level or one folder down.
const ZipEntry *findDataPickle(const ZipArchive &Archive) {
  for (const ZipEntry &Entry : Archive.entries()) {
    const std::string &Name = Entry.Name;
    size_t Slash = Name.find('/');
    if (Name == "data.pkl" ||
        (Slash != std::string::npos && Name.compare(Slash + 1, std::string::npos, "data.pkl") == 0))
      return &Entry;
  }
  return nullptr;
}

CheckpointFormat flavourOf(const ZipArchive &Archive, const std::string &Prefix) {
  if (Archive.find(Prefix + "constants.pkl"))
    return CheckpointFormat::Libtorch;
  for (const ZipEntry &Entry : Archive.entries())
    if (Entry.Name.rfind(Prefix + "code/", 0) == 0)
      return CheckpointFormat::Libtorch;
  return CheckpointFormat::PythonZip;
}

std::string prefixOf(const CheckpointFile &File, const ZipArchive &Archive,
                     const ZipEntry *&Pickle) {
  Pickle = findDataPickle(Archive);
  if (!Pickle)
    File.fail("zip archive has no data.pkl (not a PyTorch checkpoint)");
  return Pickle->Name.substr(0, Pickle->Name.size() - std::string("data.pkl").size());
}

ZipContents readContents(const CheckpointFile &File, const ZipArchive &Archive,
                         const CheckpointLoadOptions &Options) {
  const ZipEntry *Pickle = nullptr;
  ZipContents Contents;
  Contents.Prefix = prefixOf(File, Archive, Pickle);
  Contents.Format = flavourOf(Archive, Contents.Prefix);
  if (const ZipEntry *Order = Archive.find(Contents.Prefix + "byteorder")) {
    if (Archive.read(*Order) != "little")
      File.fail("big-endian checkpoints are not supported");
  }
  PicklePolicy Policy;
  Policy.AllowScriptClasses = Contents.Format == CheckpointFormat::Libtorch;
  PickleTree Tree = unpickle(Archive.read(*Pickle), File.name(), Pickle->Name, Policy);
  Contents.Tensors = collectPickledTensors(Tree, Contents.Format, Options, File.name());
  return Contents;
}

} // namespace

CheckpointFormat detectZipFlavour(const CheckpointFile &File) {
  ZipArchive Archive(File);
  const ZipEntry *Pickle = nullptr;
  std::string Prefix = prefixOf(File, Archive, Pickle);
  return flavourOf(Archive, Prefix);
}

CheckpointInfo inspectZipCheckpoint(const CheckpointFile &File,
                                    const CheckpointLoadOptions &Options) {
  ZipArchive Archive(File);
  ZipContents Contents = readContents(File, Archive, Options);
  CheckpointInfo Info;
  Info.Path = File.name();
  Info.Format = Contents.Format;
  // Moved, not copied: both lists at once would double the peak.
  Info.Tensors.reserve(Contents.Tensors.size());
  for (PickledTensor &Tensor : Contents.Tensors)
    Info.Tensors.push_back({std::move(Tensor.Key), dtypeName(Tensor.DType), std::move(Tensor.Sizes),
                            static_cast<uint64_t>(Tensor.Bytes)});
  return Info;
}

StateDict loadZipCheckpoint(const CheckpointFile &File, const CheckpointLoadOptions &Options) {
  ZipArchive Archive(File);
  ZipContents Contents = readContents(File, Archive, Options);
  // One tensor per storage record; every view of it shares its memory.
  std::unordered_map<std::string, torch::Tensor> Storages;
  StateDict Dict;
  for (const PickledTensor &Tensor : Contents.Tensors) {
    auto [It, Fresh] = Storages.try_emplace(Tensor.StorageKey);
    if (Fresh) {
      std::string Record = Contents.Prefix + "data/" + Tensor.StorageKey;
      const ZipEntry *Entry = Archive.find(Record);
      if (!Entry)
        File.fail("tensor '" + Tensor.Key + "': storage record '" + Record + "' is missing");
      Archive.read(*Entry); // refuses compressed records
      uint64_t Needed = 0;
      if (__builtin_mul_overflow(static_cast<uint64_t>(Tensor.StorageNumel),
                                 c10::elementSize(Tensor.DType), &Needed) ||
          Entry->Size < Needed)
        File.fail("tensor '" + Tensor.Key + "': storage record '" + Record + "' holds " +
                  std::to_string(Entry->Size) + " bytes, expected " + std::to_string(Needed));
      if (Tensor.DType == c10::kBool)
        File.checkBoolBytes(Entry->DataOffset, Needed, Tensor.Key);
      It->second = File.tensorAt(Entry->DataOffset, Tensor.StorageNumel, Tensor.DType);
    } else if (It->second.scalar_type() != Tensor.DType ||
               It->second.numel() != Tensor.StorageNumel) {
      File.fail("tensor '" + Tensor.Key + "': storage '" + Tensor.StorageKey +
                "' is shared with a different dtype or size");
    }
    Dict.set(Tensor.Key, It->second.as_strided(Tensor.Sizes, Tensor.Strides, Tensor.StorageOffset));
  }
  return Dict;
}

} // namespace modelcompat
