#include "support/Golden.h"
#include "support/Process.h"
#include "support/TempDirectory.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace modelcompat::test {

std::string goldenPath(const std::string &Relative) {
  if (fs::path(Relative).is_absolute())
    return Relative;
  return std::string(MODELCOMPAT_TEST_SOURCE_DIR) + "/tests/golden/" + Relative;
}

::testing::AssertionResult matchesGolden(const std::string &Actual,
                                         const std::string &Path) {
  std::string Full = goldenPath(Path);
  const char *Update = std::getenv("MODELCOMPAT_UPDATE_GOLDENS");
  if (Update && std::string(Update) == "1") {
    fs::create_directories(fs::path(Full).parent_path());
    std::ofstream(Full, std::ios::binary) << Actual;
    return ::testing::AssertionSuccess() << "rewrote " << Full;
  }
  std::ifstream In(Full, std::ios::binary);
  if (!In)
    return ::testing::AssertionFailure()
           << "golden file " << Full
           << " is missing; run with MODELCOMPAT_UPDATE_GOLDENS=1 to create it";
  std::stringstream Expected;
  Expected << In.rdbuf();
  if (Expected.str() == Actual)
    return ::testing::AssertionSuccess();
  TempDirectory Temp;
  std::string ActualFile = Temp.write("actual", Actual);
  ProcessResult Diff = runProcess({"diff", "-u", Full, ActualFile});
  return ::testing::AssertionFailure()
         << "output differs from " << Full
         << " (MODELCOMPAT_UPDATE_GOLDENS=1 rewrites it):\n"
         << Diff.Output;
}

} // namespace modelcompat::test
