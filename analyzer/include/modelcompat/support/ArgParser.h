//===- ArgParser.h - Flag parsing shared by every subcommand ----*- C++ -*-===//
#ifndef MODELCOMPAT_SUPPORT_ARGPARSER_H
#define MODELCOMPAT_SUPPORT_ARGPARSER_H

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace modelcompat {

/// Whether a flag takes a value, and how often it may appear.
enum class FlagArity { Switch, Value, RepeatedValue };

/// One flag a subcommand accepts.
struct FlagSpec {
  std::string Long;  ///< "--format"
  std::string Short; ///< "-o", or empty.
  FlagArity Arity = FlagArity::Switch;
  std::string ValueName; ///< "FILE", for help text.
  std::string Help;
  std::vector<std::string> Choices; ///< Allowed values, or empty for any.
};

/// The parsed command line of one subcommand.
class ParsedArgs {
public:
  /// Whether a switch or valued flag was given.
  bool has(const std::string &Long) const { return Values.count(Long) != 0; }
  /// The last value of a flag, or nullopt.
  std::optional<std::string> value(const std::string &Long) const;
  /// The value of a flag, or Default.
  std::string valueOr(const std::string &Long, const std::string &Default) const;
  /// Every value of a repeated flag, in order.
  std::vector<std::string> values(const std::string &Long) const;
  /// Arguments that are not flags, in order (before "--").
  const std::vector<std::string> &positionals() const { return Positionals; }
  /// Arguments after "--".
  const std::vector<std::string> &afterDashDash() const { return AfterDashDash; }
  /// Whether --help/-h was given.
  bool helpRequested() const { return Help; }

private:
  friend class ArgParser;
  std::map<std::string, std::vector<std::string>> Values;
  std::vector<std::string> Positionals;
  std::vector<std::string> AfterDashDash;
  bool Help = false;
};

/// Parses a subcommand's arguments against its flag table. Accepts
/// "--flag value", "--flag=value", "-o value" and "-ovalue". Throws a usage Error
/// ("modelcompat scan: unknown flag '--x'") on anything else.
class ArgParser {
public:
  ArgParser(std::string Command, std::vector<FlagSpec> Flags)
      : Command(std::move(Command)), Flags(std::move(Flags)) {}

  ParsedArgs parse(const std::vector<std::string> &Args) const;
  /// The flag table rendered for --help.
  std::string flagHelp() const;

private:
  const FlagSpec *find(const std::string &Name) const;

  std::string Command;
  std::vector<FlagSpec> Flags;
};

} // namespace modelcompat

#endif
