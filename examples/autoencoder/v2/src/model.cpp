#include "fx/model.h"

#include "fx/probe.h"

namespace fx {

ModelOptions::ModelOptions(int64_t in_channels) : in_channels_(in_channels) {}

ModelImpl::ModelImpl(const ModelOptions& options_) : options(options_) {
  reset();
}

void ModelImpl::reset() {
  const int64_t latent = options.latent_channels();
  encoder = register_module(
      "encoder",
      Encoder(EncoderOptions(options.in_channels(), latent)
                  .channels(options.channels())
                  .num_groups(options.num_groups())));
  quant_conv = register_module(
      "quant_conv",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(2 * latent, 2 * latent, 1)));
  post_quant_conv = register_module(
      "post_quant_conv",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(latent, latent, 1)));
  decoder = register_module(
      "decoder",
      Decoder(DecoderOptions(latent, options.in_channels())
                  .channels(options.channels())
                  .num_groups(options.num_groups())));
}

torch::Tensor ModelImpl::encode(const torch::Tensor& x) {
  std::vector<torch::Tensor> moments = quant_conv(encoder(x)).chunk(2, 1);
  torch::Tensor mean = moments[0];
  if (!options.sample_posterior())
    return mean;
  torch::Tensor std = torch::exp(0.5 * moments[1].clamp(-30.0, 20.0));
  return mean + std * torch::randn_like(std);
}

torch::Tensor ModelImpl::decode(const torch::Tensor& z) {
  return decoder(post_quant_conv(z));
}

torch::Tensor ModelImpl::forward(const torch::Tensor& x) {
  torch::Tensor z = encode(x);
  MODELCOMPAT_PROBE("latent", z);
  return decode(z);
}

} // namespace fx
