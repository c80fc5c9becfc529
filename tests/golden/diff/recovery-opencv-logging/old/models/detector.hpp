// Image models holding OpenCV types, logging through a project macro whose
// header lives in a directory no include path names, and one child whose
// type comes from a library that is not installed.
#ifndef MODELS_DETECTOR_HPP
#define MODELS_DETECTOR_HPP
#include <torch/torch.h>
#include <nowhere-opencv2/core.hpp>
#include <nowhere-fancy/fancy_layers.h>
#include "utils/logging.h"

namespace vision {

class BackboneImpl : public torch::nn::Module {
public:
  BackboneImpl(int64_t channels, const cv::Size &input_size);
  torch::Tensor forward(torch::Tensor x);

private:
  cv::Mat mean_image_;
  cv::Size input_size_;
  torch::nn::Conv2d conv_{nullptr};
  torch::nn::Linear proj_{nullptr};
};
TORCH_MODULE(Backbone);

class DetectorImpl : public torch::nn::Module {
public:
  explicit DetectorImpl(int64_t classes) {
    backbone_ = register_module("backbone", Backbone(32, cv::Size(64, 64)));
    attention_ = register_module("attention", fancy::SpatialAttention(32));
    classifier_ = register_module("classifier", torch::nn::Linear(32, classes));
    LOG_INFO("detector with %d classes", classes);
  }
  torch::Tensor forward(torch::Tensor x) { return classifier_->forward(backbone_->forward(x)); }

private:
  Backbone backbone_{nullptr};
  fancy::SpatialAttention attention_{nullptr};
  torch::nn::Linear classifier_{nullptr};
};
TORCH_MODULE(Detector);

} // namespace vision
#endif
