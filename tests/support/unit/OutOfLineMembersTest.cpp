// What a file may add to a class another file defines, read from its text.
#include "modelcompat/support/OutOfLineMembers.h"

#include <gtest/gtest.h>

using namespace modelcompat;

TEST(OutOfLineMembers, ConstructorsResetAndHelpersOfTheNamedClass) {
  EXPECT_TRUE(definesMemberOutOfLine("LeNetImpl::LeNetImpl(int c) {}", "LeNetImpl"));
  EXPECT_TRUE(definesMemberOutOfLine("void Net :: reset () {}", "Net"));
  EXPECT_TRUE(definesMemberOutOfLine("template <class T> Box<T>::~Box() {}", "Box"));
  EXPECT_TRUE(definesMemberOutOfLine("void Net::build(int n) {}", "Net"));
  EXPECT_FALSE(definesMemberOutOfLine("void Net::build(int n) {}", "Net", {"Net", "reset"}));
  // Another class whose name ends like it, a use of the holder, a mention.
  EXPECT_FALSE(definesMemberOutOfLine("MyNet::MyNet() {}", "Net"));
  EXPECT_FALSE(definesMemberOutOfLine("auto n = Net(3); n->forward(x);", "Net"));
  EXPECT_FALSE(definesMemberOutOfLine("// Net is defined in net.h", "Net"));
  EXPECT_FALSE(definesMemberOutOfLine("ns::Net::kWidth", "Net"));
}
