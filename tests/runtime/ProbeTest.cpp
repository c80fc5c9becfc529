// MODELCOMPAT_PROBE: free unless a harness installs a recorder; with one,
// records names and clones in call order.
#include "modelcompat/runtime/Probe.h"

#include <gtest/gtest.h>

#include <thread>

using namespace modelcompat;

namespace {

/// A model that probes its intermediate values, as user code would.
class ProbedNetImpl : public torch::nn::Module {
public:
  ProbedNetImpl() {
    first = register_module("first", torch::nn::Linear(3, 3));
    second = register_module("second", torch::nn::Linear(3, 2));
  }
  torch::Tensor forward(torch::Tensor X) {
    X = first(X);
    MODELCOMPAT_PROBE("net.first", X);
    X = torch::relu(X);
    MODELCOMPAT_PROBE(std::string("net.") + "relu", X);
    X = second(X);
    MODELCOMPAT_PROBE("net.second", X);
    return X;
  }
  torch::nn::Linear first{nullptr}, second{nullptr};
};
TORCH_MODULE(ProbedNet);

} // namespace

TEST(Probe, DisabledProbesEvaluateNothing) {
  ASSERT_EQ(activeProbeRecorder(), nullptr);
  int Evaluations = 0;
  auto Expensive = [&] {
    ++Evaluations;
    return torch::ones({2});
  };
  MODELCOMPAT_PROBE((++Evaluations, "name"), Expensive());
  EXPECT_EQ(Evaluations, 0);

  ProbeRecorder Recorder;
  {
    ProbeSession Session(Recorder);
    MODELCOMPAT_PROBE((++Evaluations, "name"), Expensive());
  }
  EXPECT_EQ(Evaluations, 2);
  EXPECT_EQ(activeProbeRecorder(), nullptr);
}

TEST(Probe, RecordsClonesInCallOrder) {
  ProbedNet Net;
  torch::Tensor Input = torch::randn({4, 3});
  torch::Tensor Output = Net(Input); // not recorded: no session
  ProbeRecorder Recorder;
  {
    ProbeSession Session(Recorder);
    Output = Net(Input);
    Output = Net(Input);
  }
  Net(Input);
  EXPECT_EQ(Recorder.names(), (std::vector<std::string>{"net.first", "net.relu", "net.second",
                                                        "net.first", "net.relu", "net.second"}));
  std::vector<ProbeRecord> Records = Recorder.records();
  EXPECT_TRUE(torch::equal(Records[2].Value, Output));
  EXPECT_FALSE(Records[2].Value.is_same(Output));
  EXPECT_FALSE(Records[2].Value.requires_grad());
  torch::NoGradGuard NoGrad;
  Output.add_(1);
  EXPECT_FALSE(torch::equal(Records[5].Value, Output)); // a clone, not a view
  Recorder.clear();
  EXPECT_EQ(Recorder.size(), 0u);
}

TEST(Probe, SessionsNestAndRestore) {
  ProbeRecorder Outer, Inner;
  {
    ProbeSession A(Outer);
    MODELCOMPAT_PROBE("outer.1", torch::zeros({1}));
    {
      ProbeSession B(Inner);
      MODELCOMPAT_PROBE("inner", torch::zeros({1}));
    }
    MODELCOMPAT_PROBE("outer.2", torch::zeros({1}));
  }
  EXPECT_EQ(Outer.names(), (std::vector<std::string>{"outer.1", "outer.2"}));
  EXPECT_EQ(Inner.names(), (std::vector<std::string>{"inner"}));
}

TEST(Probe, ProbesFromOtherThreadsAreRecorded) {
  ProbeRecorder Recorder;
  ProbeSession Session(Recorder);
  std::thread Worker([] { MODELCOMPAT_PROBE("worker", torch::ones({1})); });
  Worker.join();
  EXPECT_EQ(Recorder.names(), (std::vector<std::string>{"worker"}));
}

TEST(Probe, SequentialChildrenAreRecordedOneByOne) {
  torch::nn::Sequential Model(torch::nn::Linear(3, 4), torch::nn::ReLU(), torch::nn::Linear(4, 2));
  torch::Tensor Input = torch::randn({2, 3});
  ProbeRecorder Recorder(ProbeRecorderOptions{/*ToCpu=*/true});
  torch::Tensor Output = forwardRecordingChildren(Model, Input, Recorder, "child.");
  EXPECT_EQ(Recorder.names(), (std::vector<std::string>{"child.0", "child.1", "child.2"}));
  EXPECT_TRUE(torch::equal(Output, Model->forward(Input)));
  EXPECT_TRUE(torch::equal(Recorder.records()[1].Value,
                           torch::relu(Model[0]->as<torch::nn::Linear>()->forward(Input))));
}
