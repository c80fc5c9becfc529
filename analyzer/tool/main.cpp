//===- main.cpp - The modelcompat command-line tool ----------------------===//
#include "modelcompat/cli/Subcommand.h"

#include <iostream>

int main(int Argc, char **Argv) {
  modelcompat::CommandContext Context{std::cout, std::cerr};
  return modelcompat::runModelcompat({Argv + 1, Argv + Argc}, Context);
}
