//===- BuildIdentity.cpp - Which build of modelcompat is running ---------===//
#include "modelcompat/support/BuildIdentity.h"
#include "modelcompat/support/StableHash.h"

#include <elf.h>
#include <link.h>

#include <cstring>
#include <filesystem>

namespace fs = std::filesystem;

namespace modelcompat {
namespace {

/// The NT_GNU_BUILD_ID note among the first loaded object's (the main
/// program's) PT_NOTE segments.
int findBuildId(struct dl_phdr_info *Info, size_t, void *Out) {
  auto &Id = *static_cast<std::string *>(Out);
  for (ElfW(Half) I = 0; I < Info->dlpi_phnum; ++I) {
    const ElfW(Phdr) &Segment = Info->dlpi_phdr[I];
    if (Segment.p_type != PT_NOTE)
      continue;
    const char *Note = reinterpret_cast<const char *>(Info->dlpi_addr + Segment.p_vaddr);
    const char *End = Note + Segment.p_memsz;
    while (Note + sizeof(ElfW(Nhdr)) <= End) {
      ElfW(Nhdr) Header;
      std::memcpy(&Header, Note, sizeof(Header));
      const char *Name = Note + sizeof(Header);
      const char *Desc = Name + ((Header.n_namesz + 3) & ~3u);
      if (Header.n_type == NT_GNU_BUILD_ID && Header.n_namesz == 4 &&
          std::memcmp(Name, "GNU", 4) == 0 && Desc + Header.n_descsz <= End) {
        static const char Hex[] = "0123456789abcdef";
        for (ElfW(Word) B = 0; B < Header.n_descsz; ++B) {
          unsigned char Byte = static_cast<unsigned char>(Desc[B]);
          Id += Hex[Byte >> 4];
          Id += Hex[Byte & 15];
        }
        return 1;
      }
      Note = Desc + ((Header.n_descsz + 3) & ~3u);
    }
  }
  return 1; // only the main program
}

} // namespace

std::string buildIdentity() {
  std::string Id;
  dl_iterate_phdr(findBuildId, &Id);
  if (!Id.empty())
    return Id;
  std::error_code EC;
  fs::path Exe = fs::read_symlink("/proc/self/exe", EC);
  StableHash Hash;
  Hash.add(Exe.string());
  Hash.add(std::to_string(fs::file_size(Exe, EC)));
  Hash.add(std::to_string(fs::last_write_time(Exe, EC).time_since_epoch().count()));
  return "exe:" + Hash.hex();
}

} // namespace modelcompat
