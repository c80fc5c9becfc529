//===- PchCache.cpp - libtorch, precompiled once and cached on disk -------===//
//
// Reading libtorch's headers costs most of a parse (~20 s). With a cache
// directory, <torch/torch.h> is precompiled once per set of flags, Clang
// version and libtorch install, and later parses load it (~2.5 s).
//
//===----------------------------------------------------------------------===//
#include "ExtractInternal.h"
#include "modelcompat/extract/ParserIdentity.h"

#include "modelcompat/support/StableHash.h"

#include "clang/Basic/FileManager.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/VirtualFileSystem.h"

namespace modelcompat::extract {

namespace {

/// Quiet diagnostics: a failed build only means no cache.
class IgnoreDiagnostics : public clang::DiagnosticConsumer {};

bool buildPch(const std::vector<std::string> &Args, const std::string &Output) {
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Memory->addFile(TorchPrefixPath, 0, llvm::MemoryBuffer::getMemBuffer(TorchPrefixSource));
  auto Overlay =
      llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(llvm::vfs::getRealFileSystem());
  Overlay->pushOverlay(Memory);
  auto Files = llvm::makeIntrusiveRefCnt<clang::FileManager>(clang::FileSystemOptions(), Overlay);
  std::vector<std::string> CommandLine = {clangDriverPath(), "-x", "c++-header"};
  CommandLine.insert(CommandLine.end(), Args.begin(), Args.end());
  for (const char *Flag : QuietParseFlags)
    CommandLine.push_back(Flag);
  CommandLine.push_back("-fpch-instantiate-templates");
  // Without the input files' times: a precompiled libtorch restored from a
  // CI cache, or the same packages on another machine, have other times on
  // the same bytes. With times, Clang rejects it as modified and, validating
  // by content instead (-fpch-validate-input-files-content), still fails to
  // match the headers' #pragma once records (keyed by time) and includes
  // libtorch twice. Sizes are still checked, and the file's name carries the
  // parser identity (libtorch's version and configuration, by content).
  CommandLine.push_back("-Xclang");
  CommandLine.push_back("-fno-pch-timestamp");
  CommandLine.push_back(TorchPrefixPath);
  CommandLine.push_back("-o");
  CommandLine.push_back(Output);
  IgnoreDiagnostics Quiet;
  clang::tooling::ToolInvocation Invocation(
      CommandLine, std::make_unique<clang::GeneratePCHAction>(), Files.get());
  Invocation.setDiagnosticConsumer(&Quiet);
  return Invocation.run() && Quiet.getNumErrors() == 0;
}

} // namespace

std::string precompiledTorchHeader(const std::vector<std::string> &Args,
                                   const ScanOptions &Options) {
  if (Options.CacheDir.empty())
    return "";
  StableHash Hash;
  Hash.add(parserIdentity());
  for (const std::string &Arg : Args)
    Hash.add(Arg);
  llvm::SmallString<256> Path(Options.CacheDir);
  llvm::sys::fs::make_absolute(Path);
  llvm::sys::path::append(Path, "torch-" + Hash.hex() + ".pch");
  if (llvm::sys::fs::exists(Path))
    return Path.str().str();
  if (llvm::sys::fs::create_directories(Options.CacheDir))
    return "";
  // Built beside its final name and renamed, so readers never see half a file.
  std::string Temporary =
      Path.str().str() + ".tmp." + std::to_string(llvm::sys::Process::getProcessId());
  if (!buildPch(Args, Temporary) || llvm::sys::fs::rename(Temporary, Path)) {
    llvm::sys::fs::remove(Temporary);
    return "";
  }
  return Path.str().str();
}

} // namespace modelcompat::extract
