//===- ZipArchive.h - The central directory of a zip checkpoint -*- C++ -*-===//
//
// torch.save and torch::save write zip archives with stored (uncompressed)
// entries; TorchScript code entries may be deflated, but readers never need
// them. Every offset and size is checked against the file before use.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_RUNTIME_ZIPARCHIVE_H
#define MODELCOMPAT_RUNTIME_ZIPARCHIVE_H

#include "CheckpointFile.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace modelcompat {

/// One file inside the archive.
struct ZipEntry {
  std::string Name;
  uint16_t Method = 0;     ///< 0 stored, 8 deflate.
  uint64_t DataOffset = 0; ///< Of the entry's bytes, within the file.
  uint64_t Size = 0;       ///< Uncompressed size.
  uint64_t CompressedSize = 0;
};

/// The entries of a zip file, read from its central directory.
class ZipArchive {
public:
  /// Reads the directory of File; throws Error naming File on anything
  /// malformed (truncated file, offsets outside it, bad signatures).
  explicit ZipArchive(const CheckpointFile &File);

  const std::vector<ZipEntry> &entries() const { return Entries; }
  /// The entry called Name, or nullptr.
  const ZipEntry *find(const std::string &Name) const;
  /// The bytes of a stored entry; throws Error for a compressed one.
  std::string_view read(const ZipEntry &Entry) const;

private:
  void readDirectory();
  void readEntry(uint64_t &Cursor, uint64_t End);
  void resolveData(ZipEntry &Entry, uint64_t LocalHeader);

  const CheckpointFile &File;
  std::vector<ZipEntry> Entries;
  std::unordered_map<std::string, size_t> Index;
};

/// Whether Bytes start like a zip file ("PK\x03\x04").
bool looksLikeZip(std::string_view Bytes);

} // namespace modelcompat

#endif
