//===- LibtorchArchive.cpp - Write libtorch archives ----------------------===//
//
// A libtorch archive is what torch::save(module) writes: one
// serialize::OutputArchive per module, tensors as its attributes and
// sub-modules as nested archives. Writing dotted keys as that tree is what
// makes torch::load(module, path) read the result.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/runtime/Checkpoint.h"

#include "modelcompat/support/Error.h"

#include <memory>

namespace modelcompat {
namespace {

/// One module level: its tensors and children in first-seen order.
struct ArchiveNode {
  std::vector<std::pair<std::string, torch::Tensor>> Tensors;
  std::vector<std::pair<std::string, std::unique_ptr<ArchiveNode>>> Children;
  ArchiveNode *child(const std::string &Name) {
    for (auto &[Existing, Node] : Children)
      if (Existing == Name)
        return Node.get();
    Children.emplace_back(Name, std::make_unique<ArchiveNode>());
    return Children.back().second.get();
  }
  bool hasTensor(const std::string &Name) const {
    for (const auto &[Existing, Tensor] : Tensors)
      if (Existing == Name)
        return true;
    return false;
  }
  bool hasChild(const std::string &Name) const {
    for (const auto &[Existing, Node] : Children)
      if (Existing == Name)
        return true;
    return false;
  }
};

/// Buffers rather than parameters: what libtorch layers register as buffers.
bool looksLikeBuffer(const std::string &Name, const torch::Tensor &Tensor) {
  return !Tensor.is_floating_point() || Name == "running_mean" || Name == "running_var";
}

void writeNode(const ArchiveNode &Node, torch::serialize::OutputArchive &Archive,
               const std::shared_ptr<torch::jit::CompilationUnit> &Unit) {
  for (const auto &[Name, Tensor] : Node.Tensors)
    Archive.write(Name, Tensor, looksLikeBuffer(Name, Tensor));
  for (const auto &[Name, Child] : Node.Children) {
    torch::serialize::OutputArchive Nested(Unit);
    writeNode(*Child, Nested, Unit);
    Archive.write(Name, Nested);
  }
}

} // namespace

void saveLibtorchArchive(const StateDict &Dict, const std::string &Path, OverwritePolicy Policy) {
  ArchiveNode Root;
  for (const StateDictItem &Item : Dict.items()) {
    ArchiveNode *Node = &Root;
    size_t Start = 0;
    auto Conflict = [&](const std::string &Why) {
      throw Error("cannot write '" + Path + "': key '" + Item.Key + "' " + Why);
    };
    for (size_t Dot; (Dot = Item.Key.find('.', Start)) != std::string::npos; Start = Dot + 1) {
      std::string Part = Item.Key.substr(Start, Dot - Start);
      if (Part.empty())
        Conflict("has an empty path segment");
      if (Node->hasTensor(Part))
        Conflict("nests under a tensor");
      Node = Node->child(Part);
    }
    std::string Leaf = Item.Key.substr(Start);
    if (Leaf.empty())
      Conflict("has an empty path segment");
    if (Node->hasChild(Leaf))
      Conflict("is also a module path");
    Node->Tensors.emplace_back(Leaf, Item.Value.detach().to(torch::kCPU));
  }
  auto Unit = std::make_shared<torch::jit::CompilationUnit>();
  torch::serialize::OutputArchive Archive(Unit);
  writeNode(Root, Archive, Unit);
  writeFileAtomically(
      Path, [&](std::ostream &Out) { Archive.save_to(Out); }, Policy);
}

} // namespace modelcompat
