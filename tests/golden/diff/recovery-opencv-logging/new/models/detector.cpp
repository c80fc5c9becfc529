#include "detector.hpp"

namespace vision {

BackboneImpl::BackboneImpl(int64_t channels, const cv::Size &input_size)
    : input_size_(input_size) {
  mean_image_ = cv::Mat::zeros(input_size.height, input_size.width, CV_32FC3);
  conv_ = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, channels, 5)));
  proj_ = register_module("proj",
                          torch::nn::Linear(channels * input_size.area(), channels));
  LOG_DEBUG() << "backbone " << channels;
}

torch::Tensor BackboneImpl::forward(torch::Tensor x) {
  cv::Mat preview = cv::imread("preview.png");
  LOG_INFO("forward %d", preview.rows);
  return proj_->forward(conv_->forward(x));
}

} // namespace vision
