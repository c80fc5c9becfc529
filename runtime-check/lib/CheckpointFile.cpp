//===- CheckpointFile.cpp - The bytes of one checkpoint file -------------===//
#include "CheckpointFile.h"

#include "modelcompat/support/Error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace modelcompat {

std::string checkpointMessage(const std::string &Name, const std::string &What) {
  return "checkpoint '" + Name + "': " + What;
}

void CheckpointFile::fail(const std::string &What) const {
  throw Error(checkpointMessage(Name, What));
}

std::shared_ptr<CheckpointFile> CheckpointFile::open(const std::string &Path) {
  auto Fail = [&](const std::string &What) { throw Error(checkpointMessage(Path, What)); };
  int Fd = ::open(Path.c_str(), O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    Fail(std::string("cannot open: ") + std::strerror(errno));
  struct stat Info;
  if (::fstat(Fd, &Info) != 0) {
    int Saved = errno;
    ::close(Fd);
    Fail(std::string("cannot stat: ") + std::strerror(Saved));
  }
  if (S_ISDIR(Info.st_mode)) {
    ::close(Fd);
    Fail("is a directory, expected a file");
  }
  if (!S_ISREG(Info.st_mode)) {
    ::close(Fd);
    Fail("is not a regular file");
  }
  if (Info.st_size == 0) {
    ::close(Fd);
    Fail("empty file");
  }
  // MAP_PRIVATE + PROT_WRITE: tensors over the mapping may be written by a
  // migration; the kernel gives them private copies and the file never changes.
  void *Address = ::mmap(nullptr, static_cast<size_t>(Info.st_size), PROT_READ | PROT_WRITE,
                         MAP_PRIVATE, Fd, 0);
  int Saved = errno;
  ::close(Fd);
  if (Address == MAP_FAILED)
    Fail(std::string("cannot map: ") + std::strerror(Saved));
  std::shared_ptr<CheckpointFile> File(new CheckpointFile());
  File->Name = Path;
  File->Data = static_cast<const char *>(Address);
  File->Size = static_cast<uint64_t>(Info.st_size);
  File->Mapped = true;
  return File;
}

std::shared_ptr<CheckpointFile> CheckpointFile::fromBuffer(std::string Name, std::string Data) {
  std::shared_ptr<CheckpointFile> File(new CheckpointFile());
  File->Name = std::move(Name);
  File->Buffer = std::move(Data);
  File->Data = File->Buffer.data();
  File->Size = File->Buffer.size();
  return File;
}

CheckpointFile::~CheckpointFile() {
  if (Mapped)
    ::munmap(const_cast<char *>(Data), Size);
}

void CheckpointFile::checkBoolBytes(uint64_t Offset, uint64_t Count, const std::string &Key) const {
  std::string_view Raw = bytes().substr(Offset, Count);
  if (Raw.find_first_not_of(std::string_view("\0\1", 2)) != std::string_view::npos)
    fail("tensor '" + Key + "': BOOL data holds a byte other than 0 or 1");
}

torch::Tensor CheckpointFile::tensorAt(uint64_t Offset, int64_t Numel, c10::ScalarType Type) const {
  auto Options = torch::TensorOptions().dtype(Type);
  size_t ElementSize = c10::elementSize(Type);
  const char *Address = Data + Offset;
  if (Numel == 0)
    return torch::empty({0}, Options);
  bool Aligned = reinterpret_cast<uintptr_t>(Address) % ElementSize == 0;
  if (!Aligned || !Mapped) {
    // Buffers are copied too: a fuzzer's input dies before the tensors do.
    torch::Tensor Copy = torch::empty({Numel}, Options);
    std::memcpy(Copy.data_ptr(), Address, static_cast<size_t>(Numel) * ElementSize);
    return Copy;
  }
  std::shared_ptr<const CheckpointFile> Keep = shared_from_this();
  return torch::from_blob(
      const_cast<char *>(Address), {Numel}, [Keep](void *) {}, Options);
}

} // namespace modelcompat
