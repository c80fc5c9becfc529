#include "support/Golden.h"
#include "support/Process.h"
#include "support/TempDirectory.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace modelcompat::test {

std::string goldenPath(const std::string &Relative) {
  if (fs::path(Relative).is_absolute())
    return Relative;
  return std::string(MODELCOMPAT_TEST_SOURCE_DIR) + "/tests/golden/" + Relative;
}

bool updatingGoldens() {
  const char *Value = std::getenv(UpdateGoldensVariable);
  if (!Value || std::string(Value).empty())
    return false;
  if (std::string(Value) == "1")
    return true;
  throw std::runtime_error(std::string(UpdateGoldensVariable) + " is '" + Value +
                           "': set it to 1 to rewrite golden files, or unset it");
}

::testing::AssertionResult matchesGolden(const std::string &Actual, const std::string &Path) {
  std::string Full = goldenPath(Path);
  if (updatingGoldens()) {
    fs::create_directories(fs::path(Full).parent_path());
    std::ofstream(Full, std::ios::binary) << Actual;
    return ::testing::AssertionSuccess() << "rewrote " << Full;
  }
  std::ifstream In(Full, std::ios::binary);
  if (!In)
    return ::testing::AssertionFailure() << "golden file " << Full << " is missing; run with "
                                         << UpdateGoldensVariable << "=1 to create it";
  std::stringstream Expected;
  Expected << In.rdbuf();
  if (Expected.str() == Actual)
    return ::testing::AssertionSuccess();
  TempDirectory Temp;
  std::string ActualFile = Temp.write("actual", Actual);
  ProcessResult Diff = runProcess({"diff", "-u", Full, ActualFile});
  return ::testing::AssertionFailure()
         << "output differs from " << Full << " (" << UpdateGoldensVariable << "=1 rewrites it):\n"
         << Diff.Output;
}

::testing::AssertionResult matchesGoldenFolder(const std::map<std::string, std::string> &Files,
                                               const std::string &Dir) {
  std::string Full = goldenPath(Dir);
  ::testing::AssertionResult Result = ::testing::AssertionSuccess();
  auto Fail = [&Result](const std::string &Message) {
    if (Result)
      Result = ::testing::AssertionFailure();
    Result << Message << "\n";
  };
  for (const auto &[Name, Contents] : Files)
    if (::testing::AssertionResult One = matchesGolden(Contents, Full + "/" + Name); !One)
      Fail(One.message());
  if (fs::is_directory(Full))
    for (const fs::directory_entry &Entry : fs::directory_iterator(Full)) {
      if (Files.count(Entry.path().filename().string()))
        continue;
      if (updatingGoldens())
        fs::remove_all(Entry.path());
      else
        Fail("stale golden file " + Entry.path().string() + " (" + UpdateGoldensVariable +
             "=1 removes it)");
    }
  return Result;
}

} // namespace modelcompat::test
