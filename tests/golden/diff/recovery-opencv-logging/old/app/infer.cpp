// The application: reads images with OpenCV; defines no module.
#include <nowhere-opencv2/highgui.hpp>
#include "../models/detector.hpp"

int run(const std::string &path) {
  cv::Mat image = cv::imread(path, cv::IMREAD_COLOR);
  cv::resize(image, image, cv::Size(64, 64));
  vision::Detector detector(10);
  auto input = torch::zeros({1, 3, 64, 64});
  cv::imshow("result", image);
  return detector->forward(input).size(0);
}
