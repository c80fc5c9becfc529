// A small stand-in for libtorch's <torch/torch.h>, for fast analyzer unit
// tests. It mirrors the real headers' *structure* where the analyzer looks:
// namespaces (c10 / at / torch with using-directives), torch::nn::Module's
// register_* members, Cloneable<T> (virtual base), ModuleHolder<Impl> and
// TORCH_MODULE, options classes with TORCH_ARG setters, ExpandingArray,
// Sequential / ModuleList / ModuleDict with NamedAnyModule, and the tensor
// factories with IntArrayRef. tests/integration/RealHeadersTest.cpp proves the
// analyzer sees the same schema here as with the real headers (StubTorchGivesTheSameSchema).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#define TORCH_ARG(T, name)                                                    \
 public:                                                                      \
  inline auto name(const T& new_##name)->decltype(*this) {                    \
    this->name##_ = new_##name;                                               \
    return *this;                                                             \
  }                                                                           \
  inline auto name(T&& new_##name)->decltype(*this) {                         \
    this->name##_ = std::move(new_##name);                                    \
    return *this;                                                             \
  }                                                                           \
  inline const T& name() const noexcept { return this->name##_; }             \
  inline T& name() noexcept { return this->name##_; }                         \
                                                                              \
 private:                                                                     \
  T name##_

namespace c10 {
enum class ScalarType { Byte, Char, Short, Int, Long, Half, Float, Double, Bool };
constexpr ScalarType kByte = ScalarType::Byte;
constexpr ScalarType kInt = ScalarType::Int;
constexpr ScalarType kLong = ScalarType::Long;
constexpr ScalarType kFloat = ScalarType::Float;
constexpr ScalarType kFloat32 = ScalarType::Float;
constexpr ScalarType kDouble = ScalarType::Double;
constexpr ScalarType kBool = ScalarType::Bool;

template <typename T>
class ArrayRef {
 public:
  ArrayRef() = default;
  ArrayRef(const T& one) : data_(&one), size_(1) {}
  ArrayRef(const std::vector<T>& v) : data_(v.data()), size_(v.size()) {}
  ArrayRef(const std::initializer_list<T>& v) : data_(v.begin()), size_(v.size()) {}
  size_t size() const { return size_; }

 private:
  const T* data_ = nullptr;
  size_t size_ = 0;
};
using IntArrayRef = ArrayRef<int64_t>;

class TensorOptions {
 public:
  TensorOptions() = default;
  TensorOptions(ScalarType dtype) : dtype_(dtype) {}
  TensorOptions dtype(ScalarType dtype) const { TensorOptions o = *this; o.dtype_ = dtype; return o; }
  TensorOptions requires_grad(bool r) const { TensorOptions o = *this; o.requires_grad_ = r; return o; }

 private:
  ScalarType dtype_ = ScalarType::Float;
  bool requires_grad_ = false;
};

template <typename T>
std::string to_string(T value) { return std::to_string(value); }
} // namespace c10

namespace at {
using namespace c10;
class Tensor {
 public:
  Tensor() = default;
  bool defined() const { return defined_; }
  int64_t size(int64_t) const { return 0; }
  Tensor& uniform_(double, double) { return *this; }
  Tensor& normal_(double = 0, double = 1) { return *this; }
  Tensor& fill_(double) { return *this; }
  Tensor& zero_() { return *this; }
  Tensor to(ScalarType) const { return *this; }
  Tensor t() const { return *this; }
  Tensor clone() const { return *this; }
  Tensor& set_requires_grad(bool) { return *this; }
  Tensor operator*(double) const { return *this; }
  Tensor operator/(double) const { return *this; }
  Tensor operator+(double) const { return *this; }
  Tensor operator-(double) const { return *this; }

 private:
  bool defined_ = false;
};
} // namespace at

namespace torch {
using namespace at;
inline TensorOptions dtype(ScalarType t) { return TensorOptions(t); }
inline Tensor zeros(IntArrayRef, TensorOptions = {}) { return {}; }
inline Tensor ones(IntArrayRef, TensorOptions = {}) { return {}; }
inline Tensor empty(IntArrayRef, TensorOptions = {}) { return {}; }
inline Tensor randn(IntArrayRef, TensorOptions = {}) { return {}; }
inline Tensor rand(IntArrayRef, TensorOptions = {}) { return {}; }
inline Tensor full(IntArrayRef, double, TensorOptions = {}) { return {}; }
inline Tensor eye(int64_t, TensorOptions = {}) { return {}; }
inline Tensor arange(double, TensorOptions = {}) { return {}; }

namespace nn {

template <typename Contained>
class ModuleHolder;

class Module : public std::enable_shared_from_this<Module> {
 public:
  explicit Module(std::string name) : name_(std::move(name)) {}
  Module() = default;
  virtual ~Module() = default;

  Tensor& register_parameter(std::string name, Tensor tensor, bool requires_grad = true);
  Tensor& register_buffer(std::string name, Tensor tensor);
  template <typename ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string name,
                                              std::shared_ptr<ModuleType> module);
  template <typename ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string name,
                                              ModuleHolder<ModuleType> module_holder);

 private:
  std::string name_;
};

template <typename Contained>
class ModuleHolder {
 public:
  ModuleHolder() : impl_(std::make_shared<Contained>()) {}
  ModuleHolder(std::nullptr_t) {}
  template <typename Head, typename... Tail>
  explicit ModuleHolder(Head&& head, Tail&&... tail)
      : impl_(new Contained(std::forward<Head>(head), std::forward<Tail>(tail)...)) {}
  ModuleHolder(std::shared_ptr<Contained> module) : impl_(std::move(module)) {}
  Contained* operator->() { return impl_.get(); }
  const Contained* operator->() const { return impl_.get(); }
  Contained& operator*() { return *impl_; }
  const std::shared_ptr<Contained>& ptr() const { return impl_; }
  Contained* get() { return impl_.get(); }

 protected:
  std::shared_ptr<Contained> impl_;
};

template <typename ModuleType>
std::shared_ptr<ModuleType> Module::register_module(std::string,
                                                    std::shared_ptr<ModuleType> module) {
  return module;
}
template <typename ModuleType>
std::shared_ptr<ModuleType> Module::register_module(std::string name,
                                                    ModuleHolder<ModuleType> module_holder) {
  return register_module(std::move(name), module_holder.ptr());
}

template <typename Derived>
class Cloneable : public virtual Module {
 public:
  using Module::Module;
  virtual void reset() = 0;
};

#define TORCH_MODULE_IMPL(Name, ImplType)                              \
  class Name : public torch::nn::ModuleHolder<ImplType> { /* NOLINT */ \
   public:                                                             \
    using torch::nn::ModuleHolder<ImplType>::ModuleHolder;             \
    using Impl = ImplType;                                             \
  }
#define TORCH_MODULE(Name) TORCH_MODULE_IMPL(Name, Name##Impl)

template <size_t D, typename T = int64_t>
class ExpandingArray {
 public:
  ExpandingArray(std::initializer_list<T> list) {}
  ExpandingArray(const std::vector<T>& values) {}
  ExpandingArray(T single_size) {}
};

// ---- options ---------------------------------------------------------------
struct LinearOptions {
  LinearOptions(int64_t in_features, int64_t out_features)
      : in_features_(in_features), out_features_(out_features) {}
  TORCH_ARG(int64_t, in_features);
  TORCH_ARG(int64_t, out_features);
  TORCH_ARG(bool, bias) = true;
};

struct BilinearOptions {
  BilinearOptions(int64_t in1_features, int64_t in2_features, int64_t out_features)
      : in1_features_(in1_features), in2_features_(in2_features), out_features_(out_features) {}
  TORCH_ARG(int64_t, in1_features);
  TORCH_ARG(int64_t, in2_features);
  TORCH_ARG(int64_t, out_features);
  TORCH_ARG(bool, bias) = true;
};

template <size_t D>
struct ConvOptions {
  ConvOptions(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : in_channels_(in_channels), out_channels_(out_channels), kernel_size_(kernel_size) {}
  TORCH_ARG(int64_t, in_channels);
  TORCH_ARG(int64_t, out_channels);
  TORCH_ARG(ExpandingArray<D>, kernel_size);
  TORCH_ARG(ExpandingArray<D>, stride) = 1;
  TORCH_ARG(ExpandingArray<D>, padding) = 0;
  TORCH_ARG(ExpandingArray<D>, dilation) = 1;
  TORCH_ARG(int64_t, groups) = 1;
  TORCH_ARG(bool, bias) = true;
};
using Conv1dOptions = ConvOptions<1>;
using Conv2dOptions = ConvOptions<2>;
using Conv3dOptions = ConvOptions<3>;

template <size_t D>
struct ConvTransposeOptions {
  ConvTransposeOptions(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : in_channels_(in_channels), out_channels_(out_channels), kernel_size_(kernel_size) {}
  TORCH_ARG(int64_t, in_channels);
  TORCH_ARG(int64_t, out_channels);
  TORCH_ARG(ExpandingArray<D>, kernel_size);
  TORCH_ARG(ExpandingArray<D>, stride) = 1;
  TORCH_ARG(ExpandingArray<D>, padding) = 0;
  TORCH_ARG(int64_t, groups) = 1;
  TORCH_ARG(bool, bias) = true;
};
using ConvTranspose2dOptions = ConvTransposeOptions<2>;

struct BatchNormOptions {
  BatchNormOptions(int64_t num_features) : num_features_(num_features) {}
  TORCH_ARG(int64_t, num_features);
  TORCH_ARG(double, eps) = 1e-5;
  TORCH_ARG(double, momentum) = 0.1;
  TORCH_ARG(bool, affine) = true;
  TORCH_ARG(bool, track_running_stats) = true;
};
using BatchNorm1dOptions = BatchNormOptions;
using BatchNorm2dOptions = BatchNormOptions;

struct InstanceNormOptions {
  InstanceNormOptions(int64_t num_features) : num_features_(num_features) {}
  TORCH_ARG(int64_t, num_features);
  TORCH_ARG(double, eps) = 1e-5;
  TORCH_ARG(double, momentum) = 0.1;
  TORCH_ARG(bool, affine) = false;
  TORCH_ARG(bool, track_running_stats) = false;
};
using InstanceNorm1dOptions = InstanceNormOptions;

struct TransformerOptions {
  TransformerOptions() = default;
  TransformerOptions(int64_t d_model, int64_t nhead) : d_model_(d_model), nhead_(nhead) {}
  TransformerOptions(int64_t d_model, int64_t nhead, int64_t num_encoder_layers,
                     int64_t num_decoder_layers)
      : d_model_(d_model), nhead_(nhead), num_encoder_layers_(num_encoder_layers),
        num_decoder_layers_(num_decoder_layers) {}
  TORCH_ARG(int64_t, d_model) = 512;
  TORCH_ARG(int64_t, nhead) = 8;
  TORCH_ARG(int64_t, num_encoder_layers) = 6;
  TORCH_ARG(int64_t, num_decoder_layers) = 6;
  TORCH_ARG(int64_t, dim_feedforward) = 2048;
  TORCH_ARG(double, dropout) = 0.1;
};

struct LayerNormOptions {
  LayerNormOptions(std::vector<int64_t> normalized_shape)
      : normalized_shape_(std::move(normalized_shape)) {}
  TORCH_ARG(std::vector<int64_t>, normalized_shape);
  TORCH_ARG(double, eps) = 1e-5;
  TORCH_ARG(bool, elementwise_affine) = true;
};

struct GroupNormOptions {
  GroupNormOptions(int64_t num_groups, int64_t num_channels)
      : num_groups_(num_groups), num_channels_(num_channels) {}
  TORCH_ARG(int64_t, num_groups);
  TORCH_ARG(int64_t, num_channels);
  TORCH_ARG(double, eps) = 1e-5;
  TORCH_ARG(bool, affine) = true;
};

struct EmbeddingOptions {
  EmbeddingOptions(int64_t num_embeddings, int64_t embedding_dim)
      : num_embeddings_(num_embeddings), embedding_dim_(embedding_dim) {}
  TORCH_ARG(int64_t, num_embeddings);
  TORCH_ARG(int64_t, embedding_dim);
};

struct MultiheadAttentionOptions {
  MultiheadAttentionOptions(int64_t embed_dim, int64_t num_heads)
      : embed_dim_(embed_dim), num_heads_(num_heads) {}
  TORCH_ARG(int64_t, embed_dim);
  TORCH_ARG(int64_t, num_heads);
  TORCH_ARG(double, dropout) = 0.0;
  TORCH_ARG(bool, bias) = true;
};

namespace detail {
template <typename Derived>
struct RNNOptionsBase {
  RNNOptionsBase(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  TORCH_ARG(int64_t, input_size);
  TORCH_ARG(int64_t, hidden_size);
  TORCH_ARG(int64_t, num_layers) = 1;
  TORCH_ARG(bool, bias) = true;
  TORCH_ARG(bool, batch_first) = false;
  TORCH_ARG(bool, bidirectional) = false;
};
} // namespace detail
struct LSTMOptions {
  LSTMOptions(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  TORCH_ARG(int64_t, input_size);
  TORCH_ARG(int64_t, hidden_size);
  TORCH_ARG(int64_t, num_layers) = 1;
  TORCH_ARG(bool, bias) = true;
  TORCH_ARG(bool, batch_first) = false;
  TORCH_ARG(bool, bidirectional) = false;
  TORCH_ARG(int64_t, proj_size) = 0;
};
struct GRUOptions {
  GRUOptions(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  TORCH_ARG(int64_t, input_size);
  TORCH_ARG(int64_t, hidden_size);
  TORCH_ARG(int64_t, num_layers) = 1;
  TORCH_ARG(bool, bias) = true;
  TORCH_ARG(bool, batch_first) = false;
  TORCH_ARG(bool, bidirectional) = false;
};

struct DropoutOptions {
  DropoutOptions(double p = 0.5) : p_(p) {}
  TORCH_ARG(double, p);
  TORCH_ARG(bool, inplace) = false;
};

// ---- layers ----------------------------------------------------------------
class LinearImpl : public Cloneable<LinearImpl> {
 public:
  LinearImpl(int64_t in_features, int64_t out_features)
      : LinearImpl(LinearOptions(in_features, out_features)) {}
  explicit LinearImpl(const LinearOptions& options_) : options(options_) {}
  void reset() override {}
  LinearOptions options;
  Tensor weight;
  Tensor bias;
};
TORCH_MODULE(Linear);

class BilinearImpl : public Cloneable<BilinearImpl> {
 public:
  BilinearImpl(int64_t in1, int64_t in2, int64_t out)
      : BilinearImpl(BilinearOptions(in1, in2, out)) {}
  explicit BilinearImpl(const BilinearOptions& options_) : options(options_) {}
  void reset() override {}
  BilinearOptions options;
};
TORCH_MODULE(Bilinear);

template <size_t D, typename Derived>
class ConvNdImpl : public Cloneable<Derived> {
 public:
  explicit ConvNdImpl(ConvOptions<D> options_) : options(std::move(options_)) {}
  void reset() override {}
  ConvOptions<D> options;
  Tensor weight;
  Tensor bias;
};

#define MODELCOMPAT_STUB_CONV(D)                                              \
  class Conv##D##dImpl : public ConvNdImpl<D, Conv##D##dImpl> {              \
   public:                                                                    \
    Conv##D##dImpl(int64_t input_channels, int64_t output_channels,           \
                   ExpandingArray<D> kernel_size)                             \
        : Conv##D##dImpl(Conv##D##dOptions(input_channels, output_channels,   \
                                           kernel_size)) {}                   \
    explicit Conv##D##dImpl(Conv##D##dOptions options_)                       \
        : ConvNdImpl(std::move(options_)) {}                                  \
  };                                                                          \
  TORCH_MODULE(Conv##D##d)
MODELCOMPAT_STUB_CONV(1);
MODELCOMPAT_STUB_CONV(2);
MODELCOMPAT_STUB_CONV(3);

class ConvTranspose2dImpl : public Cloneable<ConvTranspose2dImpl> {
 public:
  ConvTranspose2dImpl(int64_t in, int64_t out, ExpandingArray<2> kernel_size)
      : ConvTranspose2dImpl(ConvTranspose2dOptions(in, out, kernel_size)) {}
  explicit ConvTranspose2dImpl(ConvTranspose2dOptions options_) : options(options_) {}
  void reset() override {}
  ConvTranspose2dOptions options;
};
TORCH_MODULE(ConvTranspose2d);

template <typename Derived>
class NormImplBase : public Cloneable<Derived> {
 public:
  explicit NormImplBase(const BatchNormOptions& options_) : options(options_) {}
  void reset() override {}
  BatchNormOptions options;
};
class BatchNorm1dImpl : public NormImplBase<BatchNorm1dImpl> {
 public:
  explicit BatchNorm1dImpl(int64_t num_features)
      : BatchNorm1dImpl(BatchNormOptions(num_features)) {}
  explicit BatchNorm1dImpl(const BatchNormOptions& options_) : NormImplBase(options_) {}
};
TORCH_MODULE(BatchNorm1d);
class BatchNorm2dImpl : public NormImplBase<BatchNorm2dImpl> {
 public:
  explicit BatchNorm2dImpl(int64_t num_features)
      : BatchNorm2dImpl(BatchNormOptions(num_features)) {}
  explicit BatchNorm2dImpl(const BatchNormOptions& options_) : NormImplBase(options_) {}
};
TORCH_MODULE(BatchNorm2d);

class InstanceNorm1dImpl : public Cloneable<InstanceNorm1dImpl> {
 public:
  explicit InstanceNorm1dImpl(int64_t num_features)
      : InstanceNorm1dImpl(InstanceNormOptions(num_features)) {}
  explicit InstanceNorm1dImpl(const InstanceNormOptions& options_) : options(options_) {}
  void reset() override {}
  InstanceNormOptions options;
};
TORCH_MODULE(InstanceNorm1d);

class TransformerImpl : public Cloneable<TransformerImpl> {
 public:
  explicit TransformerImpl(TransformerOptions options_) : options(std::move(options_)) {}
  void reset() override {}
  TransformerOptions options;
};
TORCH_MODULE(Transformer);

class LayerNormImpl : public Cloneable<LayerNormImpl> {
 public:
  LayerNormImpl(std::vector<int64_t> normalized_shape)
      : LayerNormImpl(LayerNormOptions(normalized_shape)) {}
  explicit LayerNormImpl(LayerNormOptions options_) : options(options_) {}
  void reset() override {}
  LayerNormOptions options;
};
TORCH_MODULE(LayerNorm);

class GroupNormImpl : public Cloneable<GroupNormImpl> {
 public:
  GroupNormImpl(int64_t num_groups, int64_t num_channels)
      : GroupNormImpl(GroupNormOptions(num_groups, num_channels)) {}
  explicit GroupNormImpl(const GroupNormOptions& options_) : options(options_) {}
  void reset() override {}
  GroupNormOptions options;
};
TORCH_MODULE(GroupNorm);

class EmbeddingImpl : public Cloneable<EmbeddingImpl> {
 public:
  EmbeddingImpl(int64_t num_embeddings, int64_t embedding_dim)
      : EmbeddingImpl(EmbeddingOptions(num_embeddings, embedding_dim)) {}
  explicit EmbeddingImpl(EmbeddingOptions options_) : options(options_) {}
  void reset() override {}
  EmbeddingOptions options;
};
TORCH_MODULE(Embedding);

class MultiheadAttentionImpl : public Cloneable<MultiheadAttentionImpl> {
 public:
  MultiheadAttentionImpl(int64_t embed_dim, int64_t num_heads)
      : MultiheadAttentionImpl(MultiheadAttentionOptions(embed_dim, num_heads)) {}
  explicit MultiheadAttentionImpl(const MultiheadAttentionOptions& options_) : options(options_) {}
  void reset() override {}
  MultiheadAttentionOptions options;
};
TORCH_MODULE(MultiheadAttention);

class LSTMImpl : public Cloneable<LSTMImpl> {
 public:
  LSTMImpl(int64_t input_size, int64_t hidden_size)
      : LSTMImpl(LSTMOptions(input_size, hidden_size)) {}
  explicit LSTMImpl(const LSTMOptions& options_) : options(options_) {}
  void reset() override {}
  LSTMOptions options;
};
TORCH_MODULE(LSTM);

class GRUImpl : public Cloneable<GRUImpl> {
 public:
  GRUImpl(int64_t input_size, int64_t hidden_size)
      : GRUImpl(GRUOptions(input_size, hidden_size)) {}
  explicit GRUImpl(const GRUOptions& options_) : options(options_) {}
  void reset() override {}
  GRUOptions options;
};
TORCH_MODULE(GRU);

#define MODELCOMPAT_STUB_STATELESS(Name)                                      \
  class Name##Impl : public Cloneable<Name##Impl> {                          \
   public:                                                                    \
    Name##Impl() = default;                                                   \
    template <typename... Args>                                               \
    explicit Name##Impl(Args&&...) {}                                         \
    void reset() override {}                                                  \
  };                                                                          \
  TORCH_MODULE(Name)
MODELCOMPAT_STUB_STATELESS(ReLU);
MODELCOMPAT_STUB_STATELESS(GELU);
MODELCOMPAT_STUB_STATELESS(Dropout);
MODELCOMPAT_STUB_STATELESS(Dropout2d);
MODELCOMPAT_STUB_STATELESS(MaxPool2d);
MODELCOMPAT_STUB_STATELESS(Identity);
MODELCOMPAT_STUB_STATELESS(Flatten);

// ---- containers ------------------------------------------------------------
class AnyModule {
 public:
  template <typename ModuleType>
  AnyModule(std::shared_ptr<ModuleType> module) {}
  template <typename ModuleType>
  AnyModule(const ModuleHolder<ModuleType>& module_holder) {}
};

class NamedAnyModule {
 public:
  template <typename ModuleType>
  NamedAnyModule(std::string name, std::shared_ptr<ModuleType> module_ptr)
      : name_(std::move(name)) {}
  template <typename M>
  NamedAnyModule(std::string name, M&& module) : name_(std::move(name)) {}
  template <typename M>
  NamedAnyModule(std::string name, const ModuleHolder<M>& module_holder)
      : name_(std::move(name)) {}

 private:
  std::string name_;
};

class SequentialImpl : public Cloneable<SequentialImpl> {
 public:
  SequentialImpl() = default;
  template <typename... Modules>
  explicit SequentialImpl(Modules&&... modules) {}
  explicit SequentialImpl(std::initializer_list<NamedAnyModule> named_modules) {}
  void reset() override {}
  template <typename ModuleType>
  void push_back(std::shared_ptr<ModuleType> module_ptr) {}
  template <typename ModuleType>
  void push_back(std::string name, std::shared_ptr<ModuleType> module_ptr) {}
  template <typename M>
  void push_back(M&& module) {}
  template <typename M>
  void push_back(std::string name, M&& module) {}
  size_t size() const { return 0; }
};
class Sequential : public ModuleHolder<SequentialImpl> {
 public:
  using ModuleHolder<SequentialImpl>::ModuleHolder;
  Sequential() : ModuleHolder() {}
  Sequential(std::initializer_list<NamedAnyModule> named_modules)
      : ModuleHolder(std::make_shared<SequentialImpl>(std::move(named_modules))) {}
};

class ModuleListImpl : public Cloneable<ModuleListImpl> {
 public:
  ModuleListImpl() = default;
  template <typename... Modules>
  explicit ModuleListImpl(Modules&&... modules) {}
  void reset() override {}
  void push_back(std::shared_ptr<Module> module) {}
  template <typename M>
  void push_back(M&& module) {}
  template <typename M>
  void push_back(const ModuleHolder<M>& module_holder) {}
  size_t size() const { return 0; }
};
TORCH_MODULE(ModuleList);

class ModuleDictImpl : public Cloneable<ModuleDictImpl> {
 public:
  ModuleDictImpl() = default;
  explicit ModuleDictImpl(
      const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& modules) {}
  void reset() override {}
  void insert(const std::string& key, std::shared_ptr<Module> module) {}
  template <typename M>
  void insert(const std::string& key, ModuleHolder<M> module) {}
  size_t size() const { return 0; }
};
TORCH_MODULE(ModuleDict);

} // namespace nn
} // namespace torch
