//===- CheckpointTestFiles.h - Byte-level checkpoint builders ---*- C++ -*-===//
//
// Builds zip archives, pickles and safetensors files byte by byte, so tests
// can write exactly the malformed input they need. Header-only and free of
// libtorch: the CLI tests include it too.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_TESTS_RUNTIME_CHECKPOINTTESTFILES_H
#define MODELCOMPAT_TESTS_RUNTIME_CHECKPOINTTESTFILES_H

#include "support/Process.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace modelcompat::test {

inline void appendLittle(std::string &Out, uint64_t Value, unsigned Width) {
  for (unsigned I = 0; I < Width; ++I)
    Out += static_cast<char>((Value >> (8 * I)) & 0xff);
}

inline uint32_t crc32Of(const std::string &Data) {
  uint32_t Crc = 0xffffffff;
  for (unsigned char Byte : Data) {
    Crc ^= Byte;
    for (int K = 0; K < 8; ++K)
      Crc = (Crc >> 1) ^ (0xedb88320 & (0u - (Crc & 1)));
  }
  return ~Crc;
}

/// A zip file of stored entries, as torch.save writes them.
inline std::string storedZip(const std::vector<std::pair<std::string, std::string>> &Entries) {
  std::string Out, Directory;
  for (const auto &[Name, Data] : Entries) {
    uint32_t Crc = crc32Of(Data);
    uint64_t Offset = Out.size();
    appendLittle(Out, 0x04034b50, 4);
    appendLittle(Out, 20, 2); // version
    appendLittle(Out, 0, 2);  // flags
    appendLittle(Out, 0, 2);  // stored
    appendLittle(Out, 0, 4);  // time, date
    appendLittle(Out, Crc, 4);
    appendLittle(Out, Data.size(), 4);
    appendLittle(Out, Data.size(), 4);
    appendLittle(Out, Name.size(), 2);
    appendLittle(Out, 0, 2);
    Out += Name + Data;
    appendLittle(Directory, 0x02014b50, 4);
    appendLittle(Directory, 20, 2);
    appendLittle(Directory, 20, 2);
    appendLittle(Directory, 0, 2);
    appendLittle(Directory, 0, 2);
    appendLittle(Directory, 0, 4);
    appendLittle(Directory, Crc, 4);
    appendLittle(Directory, Data.size(), 4);
    appendLittle(Directory, Data.size(), 4);
    appendLittle(Directory, Name.size(), 2);
    appendLittle(Directory, 0, 2); // extra
    appendLittle(Directory, 0, 2); // comment
    appendLittle(Directory, 0, 2); // disk
    appendLittle(Directory, 0, 2); // internal attributes
    appendLittle(Directory, 0, 4); // external attributes
    appendLittle(Directory, Offset, 4);
    Directory += Name;
  }
  uint64_t DirectoryOffset = Out.size();
  Out += Directory;
  appendLittle(Out, 0x06054b50, 4);
  appendLittle(Out, 0, 4);
  appendLittle(Out, Entries.size(), 2);
  appendLittle(Out, Entries.size(), 2);
  appendLittle(Out, Directory.size(), 4);
  appendLittle(Out, DirectoryOffset, 4);
  appendLittle(Out, 0, 2);
  return Out;
}

/// A safetensors file from its JSON header text and data section.
inline std::string safetensorsFile(const std::string &Header, const std::string &Data) {
  std::string Out;
  appendLittle(Out, Header.size(), 8);
  return Out + Header + Data;
}

/// Pickle fragments (protocol 2), for hand-written data.pkl records.
namespace pickle {
inline std::string unicode(const std::string &Text) {
  std::string Out = "X";
  appendLittle(Out, Text.size(), 4);
  return Out + Text;
}
inline std::string int1(uint8_t Value) { return std::string("K") + static_cast<char>(Value); }
inline std::string global(const std::string &Module, const std::string &Name) {
  return "c" + Module + "\n" + Name + "\n";
}
/// _rebuild_tensor_v2 over storage Key of Class (e.g. "FloatStorage"):
/// a 1-D view of Size elements (default: all Numel) at offset 0.
inline std::string tensor(const std::string &Class, const std::string &Key, uint8_t Numel,
                          int Size = -1) {
  return global("torch._utils", "_rebuild_tensor_v2") + "((" + unicode("storage") +
         global("torch", Class) + unicode(Key) + unicode("cpu") + int1(Numel) + "tQ" + int1(0) +
         int1(Size < 0 ? Numel : static_cast<uint8_t>(Size)) + "\x85" + int1(1) + "\x85" + "\x89" +
         global("collections", "OrderedDict") + ")Rt" + "R";
}
/// LONG_BINPUT / LONG_BINGET of memo slot Index.
inline std::string put(uint32_t Index) {
  std::string Out = "r";
  appendLittle(Out, Index, 4);
  return Out;
}
inline std::string get(uint32_t Index) {
  std::string Out = "j";
  appendLittle(Out, Index, 4);
  return Out;
}
/// A whole pickle: OrderedDict of (key, fragment) pairs.
inline std::string orderedDict(const std::vector<std::pair<std::string, std::string>> &Items) {
  std::string Out = std::string("\x80\x02") + global("collections", "OrderedDict") + ")R(";
  for (const auto &[Key, Value] : Items)
    Out += unicode(Key) + Value;
  return Out + "u.";
}
} // namespace pickle

/// A Python-style checkpoint zip: archive/data.pkl plus storage records.
inline std::string
pythonZip(const std::string &DataPickle,
          const std::vector<std::pair<std::string, std::string>> &Storages = {}) {
  std::vector<std::pair<std::string, std::string>> Entries = {{"archive/data.pkl", DataPickle}};
  for (const auto &[Key, Bytes] : Storages)
    Entries.emplace_back("archive/data/" + Key, Bytes);
  Entries.emplace_back("archive/version", "3\n");
  return storedZip(Entries);
}

/// Runs one of tests/support/python/ with /usr/bin/python3 (Debian's torch).
inline ProcessResult runPythonHelper(const std::string &Script,
                                     const std::vector<std::string> &Args) {
  std::vector<std::string> Argv = {MODELCOMPAT_PYTHON, std::string(MODELCOMPAT_TEST_SOURCE_DIR) +
                                                           "/tests/support/python/" + Script};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  return runProcess(Argv);
}

} // namespace modelcompat::test

#endif
