//===- Safetensors.cpp - Read and write safetensors files ----------------===//
#include "Safetensors.h"

#include "modelcompat/support/Error.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace modelcompat {
namespace {

struct DTypeName {
  const char *Name;
  c10::ScalarType Type;
};

constexpr DTypeName DTypes[] = {
    {"F64", c10::kDouble}, {"F32", c10::kFloat}, {"F16", c10::kHalf},  {"BF16", c10::kBFloat16},
    {"I64", c10::kLong},   {"I32", c10::kInt},   {"I16", c10::kShort}, {"I8", c10::kChar},
    {"U8", c10::kByte},    {"BOOL", c10::kBool},
};

c10::ScalarType dtypeFromName(const std::string &Name) {
  for (const DTypeName &Entry : DTypes)
    if (Name == Entry.Name)
      return Entry.Type;
  return c10::ScalarType::Undefined;
}

uint64_t readHeaderLength(std::string_view Bytes) {
  uint64_t Length = 0;
  for (unsigned I = 0; I < 8; ++I)
    Length |= uint64_t(static_cast<unsigned char>(Bytes[I])) << (8 * I);
  return Length;
}

SafetensorsEntry parseEntry(const CheckpointFile &File, const std::string &Key,
                            const nlohmann::json &Value, uint64_t DataSize) {
  auto Fail = [&](const std::string &What) { File.fail("tensor '" + Key + "': " + What); };
  if (!Value.is_object())
    Fail("header entry is not an object");
  SafetensorsEntry Entry;
  Entry.Key = Key;
  auto DType = Value.find("dtype");
  if (DType == Value.end() || !DType->is_string())
    Fail("missing string 'dtype'");
  Entry.DType = dtypeFromName(DType->get<std::string>());
  if (Entry.DType == c10::ScalarType::Undefined)
    Fail("unknown dtype '" + DType->get<std::string>() + "'");
  auto Shape = Value.find("shape");
  if (Shape == Value.end() || !Shape->is_array())
    Fail("missing array 'shape'");
  uint64_t Numel = 1;
  for (const nlohmann::json &Dim : *Shape) {
    if (!Dim.is_number_unsigned() || Dim.get<uint64_t>() > INT64_MAX)
      Fail("shape holds something other than a non-negative integer");
    uint64_t Size = Dim.get<uint64_t>();
    if (__builtin_mul_overflow(Numel, Size, &Numel))
      Fail("shape overflows");
    Entry.Shape.push_back(static_cast<int64_t>(Size));
  }
  auto Offsets = Value.find("data_offsets");
  if (Offsets == Value.end() || !Offsets->is_array() || Offsets->size() != 2 ||
      !(*Offsets)[0].is_number_unsigned() || !(*Offsets)[1].is_number_unsigned())
    Fail("'data_offsets' must be two non-negative integers");
  Entry.Begin = (*Offsets)[0].get<uint64_t>();
  Entry.End = (*Offsets)[1].get<uint64_t>();
  if (Entry.Begin > Entry.End || Entry.End > DataSize)
    Fail("data_offsets [" + std::to_string(Entry.Begin) + ", " + std::to_string(Entry.End) +
         "] outside the data section of " + std::to_string(DataSize) + " bytes");
  uint64_t Bytes = 0;
  if (__builtin_mul_overflow(Numel, c10::elementSize(Entry.DType), &Bytes) ||
      Bytes != Entry.End - Entry.Begin)
    Fail("data_offsets span " + std::to_string(Entry.End - Entry.Begin) +
         " bytes, but shape and dtype need " + std::to_string(Bytes));
  return Entry;
}

void parseMetadata(const CheckpointFile &File, const nlohmann::json &Value,
                   SafetensorsHeader &Header) {
  if (!Value.is_object())
    File.fail("'__metadata__' is not an object");
  for (auto It = Value.begin(); It != Value.end(); ++It) {
    if (!It.value().is_string())
      File.fail("'__metadata__' value of '" + It.key() + "' is not a string");
    Header.Metadata[It.key()] = It.value().get<std::string>();
  }
}

} // namespace

bool looksLikeSafetensors(std::string_view Bytes) { return Bytes.size() > 8 && Bytes[8] == '{'; }

std::string safetensorsDTypeName(c10::ScalarType Type) {
  for (const DTypeName &Entry : DTypes)
    if (Type == Entry.Type)
      return Entry.Name;
  return "";
}

SafetensorsHeader readSafetensorsHeader(const CheckpointFile &File) {
  std::string_view Bytes = File.bytes();
  if (Bytes.size() < 8)
    File.fail("too short for a safetensors header (" + std::to_string(Bytes.size()) + " bytes)");
  uint64_t Length = readHeaderLength(Bytes);
  if (Length > MaxSafetensorsHeaderBytes)
    File.fail("safetensors header length " + std::to_string(Length) + " exceeds the limit of " +
              std::to_string(MaxSafetensorsHeaderBytes) + " bytes");
  if (Length > Bytes.size() - 8)
    File.fail("safetensors header length " + std::to_string(Length) + " exceeds the file size of " +
              std::to_string(Bytes.size()) + " bytes");
  std::string_view Text = Bytes.substr(8, Length);
  nlohmann::json Json = nlohmann::json::parse(Text.begin(), Text.end(), nullptr,
                                              /*allow_exceptions=*/false);
  if (Json.is_discarded())
    File.fail("safetensors header is not valid JSON");
  if (!Json.is_object())
    File.fail("safetensors header is not a JSON object");
  SafetensorsHeader Header;
  Header.DataStart = 8 + Length;
  uint64_t DataSize = Bytes.size() - Header.DataStart;
  for (auto It = Json.begin(); It != Json.end(); ++It) {
    if (It.key() == "__metadata__")
      parseMetadata(File, It.value(), Header);
    else
      Header.Entries.push_back(parseEntry(File, It.key(), It.value(), DataSize));
  }
  // Data order, which is the writer's order; then no two may share a byte.
  std::stable_sort(
      Header.Entries.begin(), Header.Entries.end(),
      [](const SafetensorsEntry &A, const SafetensorsEntry &B) { return A.Begin < B.Begin; });
  const SafetensorsEntry *Previous = nullptr;
  for (const SafetensorsEntry &Entry : Header.Entries) {
    if (Entry.Begin == Entry.End)
      continue;
    if (Previous && Entry.Begin < Previous->End)
      File.fail("tensors '" + Previous->Key + "' and '" + Entry.Key +
                "' overlap in the data section");
    Previous = &Entry;
  }
  return Header;
}

CheckpointInfo inspectSafetensors(const CheckpointFile &File, const CheckpointLoadOptions &) {
  SafetensorsHeader Header = readSafetensorsHeader(File);
  CheckpointInfo Info;
  Info.Path = File.name();
  Info.Format = CheckpointFormat::Safetensors;
  Info.Metadata = Header.Metadata;
  for (const SafetensorsEntry &Entry : Header.Entries)
    Info.Tensors.push_back(
        {Entry.Key, dtypeName(Entry.DType), Entry.Shape, Entry.End - Entry.Begin});
  return Info;
}

StateDict loadSafetensors(const CheckpointFile &File, const CheckpointLoadOptions &) {
  SafetensorsHeader Header = readSafetensorsHeader(File);
  StateDict Dict;
  Dict.Metadata = Header.Metadata;
  for (const SafetensorsEntry &Entry : Header.Entries) {
    int64_t Numel = static_cast<int64_t>((Entry.End - Entry.Begin) / c10::elementSize(Entry.DType));
    if (Entry.DType == c10::kBool)
      File.checkBoolBytes(Header.DataStart + Entry.Begin, Entry.End - Entry.Begin, Entry.Key);
    torch::Tensor Flat = File.tensorAt(Header.DataStart + Entry.Begin, Numel, Entry.DType);
    Dict.set(Entry.Key, Flat.view(Entry.Shape));
  }
  return Dict;
}

} // namespace modelcompat

namespace modelcompat {

void saveSafetensors(const StateDict &Dict, const std::string &Path, OverwritePolicy Policy) {
  // Contiguous CPU copies only where needed; shared tensors are written once
  // per key, as safetensors has no aliasing.
  std::vector<torch::Tensor> Data;
  nlohmann::ordered_json Header = nlohmann::ordered_json::object();
  if (!Dict.Metadata.empty())
    Header["__metadata__"] = Dict.Metadata;
  uint64_t Offset = 0;
  for (const StateDictItem &Item : Dict.items()) {
    if (Item.Key == "__metadata__")
      throw Error("cannot write '" + Path + "': key '__metadata__' is reserved in safetensors");
    std::string DType = safetensorsDTypeName(Item.Value.scalar_type());
    if (DType.empty())
      throw Error("cannot write '" + Path + "': tensor '" + Item.Key + "' has dtype " +
                  dtypeName(Item.Value.scalar_type()) + ", which safetensors cannot hold");
    torch::Tensor Tensor = Item.Value.detach().to(torch::kCPU).contiguous();
    uint64_t Bytes = static_cast<uint64_t>(Tensor.numel()) * Tensor.element_size();
    Header[Item.Key] = {{"dtype", DType},
                        {"shape", Tensor.sizes().vec()},
                        {"data_offsets", {Offset, Offset + Bytes}}};
    Offset += Bytes;
    Data.push_back(std::move(Tensor));
  }
  std::string Text = Header.dump();
  Text.append((8 - Text.size() % 8) % 8, ' '); // keeps the data 8-byte aligned
  writeFileAtomically(
      Path,
      [&](std::ostream &Out) {
        uint64_t Length = Text.size();
        char LengthBytes[8];
        for (unsigned I = 0; I < 8; ++I)
          LengthBytes[I] = static_cast<char>((Length >> (8 * I)) & 0xff);
        Out.write(LengthBytes, 8);
        Out.write(Text.data(), static_cast<std::streamsize>(Text.size()));
        for (const torch::Tensor &Tensor : Data)
          Out.write(static_cast<const char *>(Tensor.data_ptr()),
                    static_cast<std::streamsize>(Tensor.numel() * Tensor.element_size()));
      },
      Policy);
}

} // namespace modelcompat
