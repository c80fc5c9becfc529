//===- ModelUnderTest.h - The model a verify harness runs -------*- C++ -*-===//
//
// `modelcompat verify` generates one small source per manifest model that
// implements makeModelUnderTest() with the manifest's `construct` and
// `forward` expressions; the harness library (main, loading, seeding,
// recording, comparing) is compiled once and linked to it.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_HARNESS_MODELUNDERTEST_H
#define MODELCOMPAT_HARNESS_MODELUNDERTEST_H

#include <torch/torch.h>

#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace modelcompat::harness {

/// A constructed model and its forward call, type-erased.
class ModelUnderTest {
public:
  virtual ~ModelUnderTest() = default;
  /// The model's root module.
  virtual std::shared_ptr<torch::nn::Module> module() = 0;
  /// Runs the manifest's forward expression on Inputs; every tensor it
  /// returns, flattened in order.
  virtual std::vector<torch::Tensor> forward(const std::vector<torch::Tensor> &Inputs) = 0;
};

/// Defined by the generated source: constructs the model.
std::unique_ptr<ModelUnderTest> makeModelUnderTest();

/// The root module of a TORCH_MODULE holder.
template <typename ImplT>
std::shared_ptr<torch::nn::Module> modulePointer(const torch::nn::ModuleHolder<ImplT> &Holder) {
  return Holder.ptr();
}

/// The root module of a shared_ptr to a module.
template <typename ImplT>
std::shared_ptr<torch::nn::Module> modulePointer(const std::shared_ptr<ImplT> &Ptr) {
  return Ptr;
}

namespace detail {
inline void flattenInto(std::vector<torch::Tensor> &Out, const torch::Tensor &T) {
  Out.push_back(T);
}
inline void flattenInto(std::vector<torch::Tensor> &Out, const std::vector<torch::Tensor> &Ts) {
  Out.insert(Out.end(), Ts.begin(), Ts.end());
}
template <typename A, typename B>
void flattenInto(std::vector<torch::Tensor> &Out, const std::pair<A, B> &P);
template <typename... Ts>
void flattenInto(std::vector<torch::Tensor> &Out, const std::tuple<Ts...> &T) {
  std::apply([&](const auto &...Items) { (flattenInto(Out, Items), ...); }, T);
}
template <typename A, typename B>
void flattenInto(std::vector<torch::Tensor> &Out, const std::pair<A, B> &P) {
  flattenInto(Out, P.first);
  flattenInto(Out, P.second);
}
} // namespace detail

/// Every tensor in a forward result (a tensor, a vector of tensors, tuples
/// and pairs of those), in order.
template <typename T> std::vector<torch::Tensor> flattenOutputs(const T &Value) {
  std::vector<torch::Tensor> Out;
  detail::flattenInto(Out, Value);
  return Out;
}

} // namespace modelcompat::harness

#endif
