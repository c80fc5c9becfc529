//===- HarnessMain.cpp - main() of a verify harness executable ----------===//
//
// `harness_<model> CONFIG.json`: runs the base or head half of a verify run
// as the orchestrator's config says and writes its result JSON. Exit 0 with
// a result (pass or fail inside), 1 with "modelcompat: error: ..." on stderr.
//
//===----------------------------------------------------------------------===//
#include "HarnessRun.h"

#include <exception>
#include <iostream>

int main(int Argc, char **Argv) {
  if (Argc != 2) {
    std::cerr << "usage: " << Argv[0] << " CONFIG.json\n"
              << "(run by `modelcompat verify`; not meant to be run by hand)\n";
    return 2;
  }
  try {
    modelcompat::harness::runHarness(Argv[1]);
    return 0;
  } catch (const std::exception &E) {
    std::cerr << "modelcompat: error: " << E.what() << "\n";
    return 1;
  }
}
