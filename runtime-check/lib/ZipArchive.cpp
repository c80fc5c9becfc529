//===- ZipArchive.cpp - The central directory of a zip checkpoint --------===//
#include "ZipArchive.h"

#include <algorithm>

namespace modelcompat {
namespace {

constexpr uint32_t LocalHeaderSignature = 0x04034b50;
constexpr uint32_t CentralHeaderSignature = 0x02014b50;
constexpr uint32_t EndSignature = 0x06054b50;
constexpr uint32_t Zip64EndSignature = 0x06064b50;
constexpr uint32_t Zip64LocatorSignature = 0x07064b50;
constexpr uint64_t EndRecordSize = 22;
constexpr uint64_t Zip64LocatorSize = 20;
constexpr uint64_t Zip64EndRecordSize = 56;
constexpr uint64_t CentralHeaderSize = 46;
constexpr uint64_t LocalHeaderSize = 30;
constexpr uint64_t MaxCommentSize = 0xffff;

uint64_t readLittle(std::string_view Bytes, uint64_t Offset, unsigned Width) {
  uint64_t Value = 0;
  for (unsigned I = 0; I < Width; ++I)
    Value |= uint64_t(static_cast<unsigned char>(Bytes[Offset + I])) << (8 * I);
  return Value;
}

} // namespace

bool looksLikeZip(std::string_view Bytes) {
  return Bytes.size() >= 4 && Bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
}

ZipArchive::ZipArchive(const CheckpointFile &File) : File(File) { readDirectory(); }

void ZipArchive::readDirectory() {
  std::string_view Bytes = File.bytes();
  uint64_t Size = Bytes.size();
  if (Size < EndRecordSize)
    File.fail("truncated zip archive (no end of central directory record)");
  // The end record sits at the very end, before an optional comment.
  uint64_t Lowest =
      Size - EndRecordSize > MaxCommentSize ? Size - EndRecordSize - MaxCommentSize : 0;
  uint64_t End = Size;
  // Downwards without wrapping below 0 (the fuzz build traps unsigned wraps).
  for (uint64_t Next = Size - EndRecordSize + 1; Next > Lowest;) {
    uint64_t At = --Next;
    if (readLittle(Bytes, At, 4) == EndSignature &&
        At + EndRecordSize + readLittle(Bytes, At + 20, 2) == Size) {
      End = At;
      break;
    }
  }
  if (End == Size)
    File.fail("truncated zip archive (no end of central directory record)");
  uint64_t Count = readLittle(Bytes, End + 10, 2);
  uint64_t DirectorySize = readLittle(Bytes, End + 12, 4);
  uint64_t DirectoryOffset = readLittle(Bytes, End + 16, 4);
  if (Count == 0xffff || DirectorySize == 0xffffffff || DirectoryOffset == 0xffffffff) {
    // Zip64: a locator just before the end record points at the real one.
    if (End < Zip64LocatorSize ||
        readLittle(Bytes, End - Zip64LocatorSize, 4) != Zip64LocatorSignature)
      File.fail("corrupt zip archive (missing zip64 end of central directory locator)");
    uint64_t Record = readLittle(Bytes, End - Zip64LocatorSize + 8, 8);
    if (Record > Size || Size - Record < Zip64EndRecordSize ||
        readLittle(Bytes, Record, 4) != Zip64EndSignature)
      File.fail("corrupt zip archive (bad zip64 end of central directory record)");
    Count = readLittle(Bytes, Record + 32, 8);
    DirectorySize = readLittle(Bytes, Record + 40, 8);
    DirectoryOffset = readLittle(Bytes, Record + 48, 8);
  }
  if (DirectoryOffset > End || DirectorySize > End - DirectoryOffset)
    File.fail("truncated zip archive (central directory outside the file)");
  if (Count > DirectorySize / CentralHeaderSize)
    File.fail("corrupt zip archive (central directory too small for " + std::to_string(Count) +
              " entries)");
  uint64_t Cursor = DirectoryOffset;
  uint64_t DirectoryEnd = DirectoryOffset + DirectorySize;
  Entries.reserve(Count);
  for (uint64_t I = 0; I < Count; ++I)
    readEntry(Cursor, DirectoryEnd);
}

void ZipArchive::readEntry(uint64_t &Cursor, uint64_t End) {
  std::string_view Bytes = File.bytes();
  if (End - Cursor < CentralHeaderSize || readLittle(Bytes, Cursor, 4) != CentralHeaderSignature)
    File.fail("corrupt zip archive (bad central directory entry at offset " +
              std::to_string(Cursor) + ")");
  ZipEntry Entry;
  uint16_t Flags = readLittle(Bytes, Cursor + 8, 2);
  Entry.Method = readLittle(Bytes, Cursor + 10, 2);
  Entry.CompressedSize = readLittle(Bytes, Cursor + 20, 4);
  Entry.Size = readLittle(Bytes, Cursor + 24, 4);
  uint64_t NameSize = readLittle(Bytes, Cursor + 28, 2);
  uint64_t ExtraSize = readLittle(Bytes, Cursor + 30, 2);
  uint64_t CommentSize = readLittle(Bytes, Cursor + 32, 2);
  uint64_t LocalHeader = readLittle(Bytes, Cursor + 42, 4);
  uint64_t Variable = NameSize + ExtraSize + CommentSize;
  if (End - Cursor - CentralHeaderSize < Variable)
    File.fail("corrupt zip archive (central directory entry at offset " + std::to_string(Cursor) +
              " runs past the directory)");
  Entry.Name.assign(Bytes.substr(Cursor + CentralHeaderSize, NameSize));
  if (Flags & 0x1)
    File.fail("zip entry '" + Entry.Name + "' is encrypted");
  // Zip64 extra field: the 8-byte values of whichever fields overflowed.
  uint64_t Extra = Cursor + CentralHeaderSize + NameSize;
  uint64_t ExtraEnd = Extra + ExtraSize;
  while (ExtraEnd - Extra >= 4) {
    uint64_t Id = readLittle(Bytes, Extra, 2);
    uint64_t Length = readLittle(Bytes, Extra + 2, 2);
    if (ExtraEnd - Extra - 4 < Length)
      break;
    if (Id == 0x0001) {
      uint64_t Field = Extra + 4, FieldEnd = Field + Length;
      for (uint64_t *Value : {&Entry.Size, &Entry.CompressedSize, &LocalHeader}) {
        if (*Value != 0xffffffff)
          continue;
        if (FieldEnd - Field < 8)
          File.fail("corrupt zip archive (short zip64 field for '" + Entry.Name + "')");
        *Value = readLittle(Bytes, Field, 8);
        Field += 8;
      }
    }
    Extra += 4 + Length;
  }
  Cursor += CentralHeaderSize + Variable;
  resolveData(Entry, LocalHeader);
  Index.emplace(Entry.Name, Entries.size()); // the first of duplicates wins
  Entries.push_back(std::move(Entry));
}

void ZipArchive::resolveData(ZipEntry &Entry, uint64_t LocalHeader) {
  std::string_view Bytes = File.bytes();
  uint64_t Size = Bytes.size();
  if (LocalHeader > Size || Size - LocalHeader < LocalHeaderSize ||
      readLittle(Bytes, LocalHeader, 4) != LocalHeaderSignature)
    File.fail("corrupt zip archive (bad local header for '" + Entry.Name + "')");
  uint64_t Start = LocalHeader + LocalHeaderSize + readLittle(Bytes, LocalHeader + 26, 2) +
                   readLittle(Bytes, LocalHeader + 28, 2);
  if (Start > Size || Size - Start < Entry.CompressedSize)
    File.fail("truncated zip archive (entry '" + Entry.Name + "' runs past the end of the file)");
  if (Entry.Method == 0 && Entry.CompressedSize != Entry.Size)
    File.fail("corrupt zip archive (stored entry '" + Entry.Name +
              "' has different compressed and uncompressed sizes)");
  Entry.DataOffset = Start;
}

const ZipEntry *ZipArchive::find(const std::string &Name) const {
  auto It = Index.find(Name);
  return It == Index.end() ? nullptr : &Entries[It->second];
}

std::string_view ZipArchive::read(const ZipEntry &Entry) const {
  if (Entry.Method != 0)
    File.fail("zip entry '" + Entry.Name + "' is compressed (method " +
              std::to_string(Entry.Method) + "); checkpoints store tensors uncompressed");
  return File.bytes().substr(Entry.DataOffset, Entry.Size);
}

} // namespace modelcompat
