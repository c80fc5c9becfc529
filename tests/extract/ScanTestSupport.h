//===- ScanTestSupport.h - Scan inline sources against the stub torch.h -*- C++ -*-===//
#ifndef MODELCOMPAT_TESTS_EXTRACT_SCANTESTSUPPORT_H
#define MODELCOMPAT_TESTS_EXTRACT_SCANTESTSUPPORT_H

#include "modelcompat/extract/Scanner.h"
#include "support/StubTorch.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace modelcompat::test {

/// Scans in-memory files ({path, content}) with the stub torch.h.
inline ScanResult scanFiles(const std::vector<std::pair<std::string, std::string>> &Files,
                            bool Flatten = true) {
  SourceTree Tree;
  for (const auto &[Path, Content] : Files)
    Tree.Files.push_back({Path, Content, ""});
  ScanOptions Options;
  Options.ExtraArgs = {stubTorchFlag()};
  Options.Flatten = Flatten;
  return scanTree(Tree, {}, Options);
}

/// Scans one file, model.h, holding Source after #include <torch/torch.h>.
inline ScanResult scanSource(const std::string &Source, bool Flatten = true) {
  return scanFiles({{"model.h", "#include <torch/torch.h>\n" + Source}}, Flatten);
}

/// "key kind [d0, d1] dtype=... if cond": one line per state key.
inline std::string describeKey(const StateKey &Key) {
  std::string Out = Key.Key + " " + entryKindName(Key.Kind);
  if (Key.Shape) {
    Out += " [";
    for (size_t I = 0; I < Key.Shape->size(); ++I)
      Out += (I ? ", " : "") + (*Key.Shape)[I];
    Out += "]";
  }
  if (Key.Dtype)
    Out += " dtype=" + *Key.Dtype;
  if (Key.Condition)
    Out += " if " + *Key.Condition;
  return Out;
}

/// "name kind type=T class=C [shape] if cond": one line per entry.
inline std::string describeEntry(const StateEntry &Entry) {
  std::string Out = Entry.Name + " " + entryKindName(Entry.Kind);
  if (!Entry.Type.empty())
    Out += " type=" + Entry.Type;
  if (!Entry.ModuleClass.empty())
    Out += " class=" + Entry.ModuleClass;
  if (Entry.Shape) {
    Out += " [";
    for (size_t I = 0; I < Entry.Shape->size(); ++I)
      Out += (I ? ", " : "") + (*Entry.Shape)[I];
    Out += "]";
  }
  if (Entry.Dtype)
    Out += " dtype=" + *Entry.Dtype;
  if (Entry.Condition)
    Out += " if " + *Entry.Condition;
  if (Entry.Kind == EntryKind::Unresolved)
    Out += " expression=" + Entry.Expression;
  return Out;
}

/// The module named ClassName, or nullptr (with a test failure).
inline const ModuleSchema *findModule(const ScanResult &Result, const std::string &ClassName) {
  for (const ModuleSchema &Module : Result.Modules)
    if (Module.ClassName == ClassName)
      return &Module;
  ADD_FAILURE() << "no module class " << ClassName;
  return nullptr;
}

/// The described state keys of ClassName.
inline std::vector<std::string> stateKeys(const ScanResult &Result, const std::string &ClassName) {
  std::vector<std::string> Out;
  if (const ModuleSchema *Module = findModule(Result, ClassName))
    for (const StateKey &Key : Module->StateDict)
      Out.push_back(describeKey(Key));
  return Out;
}

/// The described entries of ClassName.
inline std::vector<std::string> entries(const ScanResult &Result, const std::string &ClassName) {
  std::vector<std::string> Out;
  if (const ModuleSchema *Module = findModule(Result, ClassName))
    for (const StateEntry &Entry : Module->Entries)
      Out.push_back(describeEntry(Entry));
  return Out;
}

/// The class names found, in order.
inline std::vector<std::string> classNames(const ScanResult &Result) {
  std::vector<std::string> Out;
  for (const ModuleSchema &Module : Result.Modules)
    Out.push_back(Module.ClassName);
  return Out;
}

/// "file:line:col: severity: message" for each diagnostic.
inline const ScannedFile *findScannedFile(const ScanResult &Result, const std::string &Path) {
  for (const ScannedFile &File : Result.Files)
    if (File.Path == Path)
      return &File;
  ADD_FAILURE() << "no scanned file " << Path;
  return nullptr;
}

inline std::vector<std::string> diagnostics(const ScanResult &Result) {
  std::vector<std::string> Out;
  for (const Diagnostic &Diag : Result.Diagnostics)
    Out.push_back(Diag.File + ":" + std::to_string(Diag.Line) + ":" + std::to_string(Diag.Column) +
                  ": " + Diag.Severity + ": " + Diag.Message);
  return Out;
}

} // namespace modelcompat::test

#endif
