// composeInheritedEntries: a derived class takes its bases' registrations
// from the merged scan, whichever parse saw the base's constructor.
#include "modelcompat/schema/ModuleSchema.h"

#include <gtest/gtest.h>

using namespace modelcompat;
using Names = std::vector<std::string>;

namespace {

StateEntry tensor(const std::string &Name, const std::string &InheritedFrom = "") {
  StateEntry Entry;
  Entry.Name = Name;
  Entry.Kind = EntryKind::Parameter;
  Entry.InheritedFrom = InheritedFrom;
  StateKey Key;
  Key.Key = Name;
  Entry.Keys.push_back(Key);
  return Entry;
}

ModuleSchema module(const std::string &Name, const std::string &File,
                    std::vector<StateEntry> Entries, Names Bases = {}, Names BaseFiles = {}) {
  ModuleSchema Module;
  Module.ClassName = Name;
  Module.File = File;
  Module.Entries = std::move(Entries);
  Module.BaseClasses = std::move(Bases);
  Module.BaseClassFiles = std::move(BaseFiles);
  return Module;
}

const ModuleSchema &find(const std::vector<ModuleSchema> &Modules, const std::string &Name,
                         const std::string &File) {
  for (const ModuleSchema &Module : Modules)
    if (Module.ClassName == Name && Module.File == File)
      return Module;
  throw std::runtime_error("no class " + Name + " in " + File);
}

/// "name<-Base" for inherited entries, "name" for own ones.
Names entries(const ModuleSchema &Module) {
  Names Out;
  for (const StateEntry &Entry : Module.Entries)
    Out.push_back(Entry.Name + (Entry.InheritedFrom.empty() ? "" : "<-" + Entry.InheritedFrom));
  return Out;
}

Names stateKeys(const ModuleSchema &Module) {
  Names Out;
  for (const StateKey &Key : Module.StateDict)
    Out.push_back(Key.Key);
  return Out;
}

} // namespace

TEST(InheritedEntries, ABaseSeenInAnotherParseGivesTheDerivedClassItsEntries) {
  // CnnBase's parse did not see NNBase's constructor (nnbase.cpp): it
  // inherited nothing. The merged scan has NNBase whole.
  std::vector<ModuleSchema> Modules = {module("rl::NNBase", "model/nnbase.h", {tensor("gru_w")}),
                                       module("rl::CnnBase", "model/cnnbase.h", {tensor("conv_w")},
                                              {"rl::NNBase"}, {"model/nnbase.h"})};
  flattenStateDicts(Modules);
  const ModuleSchema &Cnn = find(Modules, "rl::CnnBase", "model/cnnbase.h");
  EXPECT_EQ(entries(Cnn), (Names{"gru_w<-rl::NNBase", "conv_w"}));
  EXPECT_EQ(stateKeys(Cnn), (Names{"gru_w", "conv_w"}));
}

TEST(InheritedEntries, ComposingAgainChangesNothing) {
  // Cache entries are stored composed and composed again when merged.
  std::vector<ModuleSchema> Modules = {
      module("A", "a.h", {tensor("a")}),
      module("B", "b.h", {tensor("a", "A"), tensor("b")}, {"A"}, {"a.h"}),
      module("C", "c.h", {tensor("c")}, {"B"}, {"b.h"})};
  composeInheritedEntries(Modules);
  EXPECT_EQ(entries(find(Modules, "C", "c.h")), (Names{"a<-A", "b<-B", "c"}));
  std::vector<ModuleSchema> Again = Modules;
  composeInheritedEntries(Again);
  for (std::size_t I = 0; I < Modules.size(); ++I)
    EXPECT_EQ(entries(Again[I]), entries(Modules[I])) << Modules[I].ClassName;
}

TEST(InheritedEntries, EachDerivedClassTakesTheNamesakeBaseItsFileResolved) {
  // Two sample folders each define a BaseImpl with other registrations.
  std::vector<ModuleSchema> Modules = {
      module("BaseImpl", "one/base.h", {tensor("first")}),
      module("BaseImpl", "two/base.h", {tensor("second")}),
      module("NetImpl", "two/net.h", {tensor("own")}, {"BaseImpl"}, {"two/base.h"})};
  composeInheritedEntries(Modules);
  EXPECT_EQ(entries(find(Modules, "NetImpl", "two/net.h")), (Names{"second<-BaseImpl", "own"}));
}

TEST(InheritedEntries, AnUnscannedBaseLeavesTheEntriesAsParsed) {
  std::vector<ModuleSchema> Modules = {module("NetImpl", "net.h",
                                              {tensor("lib_w", "lib::BaseImpl"), tensor("own")},
                                              {"lib::BaseImpl"}, {""})};
  composeInheritedEntries(Modules);
  EXPECT_EQ(entries(Modules[0]), (Names{"lib_w<-lib::BaseImpl", "own"}));
}

TEST(InheritedEntries, CircularInheritanceTerminates) {
  // Only a broken scan can say so; it must not hang or grow.
  std::vector<ModuleSchema> Modules = {module("A", "a.h", {tensor("a")}, {"B"}, {"b.h"}),
                                       module("B", "b.h", {tensor("b")}, {"A"}, {"a.h"})};
  composeInheritedEntries(Modules);
  EXPECT_LE(Modules[0].Entries.size(), 3u);
  EXPECT_LE(Modules[1].Entries.size(), 3u);
}
