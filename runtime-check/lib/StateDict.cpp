//===- StateDict.cpp -----------------------------------------------------===//
#include "modelcompat/runtime/StateDict.h"
