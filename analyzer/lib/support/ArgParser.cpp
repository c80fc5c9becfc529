//===- ArgParser.cpp - Flag parsing shared by every subcommand -----------===//
#include "modelcompat/support/ArgParser.h"
#include "modelcompat/support/Error.h"

#include <algorithm>

namespace modelcompat {

std::optional<std::string> ParsedArgs::value(const std::string &Long) const {
  auto It = Values.find(Long);
  if (It == Values.end() || It->second.empty())
    return std::nullopt;
  return It->second.back();
}

std::string ParsedArgs::valueOr(const std::string &Long, const std::string &Default) const {
  return value(Long).value_or(Default);
}

std::vector<std::string> ParsedArgs::values(const std::string &Long) const {
  auto It = Values.find(Long);
  return It == Values.end() ? std::vector<std::string>{} : It->second;
}

const FlagSpec *ArgParser::find(const std::string &Name) const {
  for (const FlagSpec &Flag : Flags)
    if (Flag.Long == Name || (!Flag.Short.empty() && Flag.Short == Name))
      return &Flag;
  return nullptr;
}

ParsedArgs ArgParser::parse(const std::vector<std::string> &Args) const {
  ParsedArgs Parsed;
  auto Usage = [&](const std::string &What) { return usageError(Command + ": " + What); };
  for (size_t I = 0; I < Args.size(); ++I) {
    const std::string &Arg = Args[I];
    if (Arg == "--") {
      Parsed.AfterDashDash.assign(Args.begin() + I + 1, Args.end());
      break;
    }
    if (Arg == "--help" || Arg == "-h") {
      Parsed.Help = true;
      continue;
    }
    if (Arg.size() < 2 || Arg[0] != '-') {
      Parsed.Positionals.push_back(Arg);
      continue;
    }
    std::string Name = Arg;
    std::optional<std::string> Inline;
    if (size_t Eq = Arg.find('='); Arg.rfind("--", 0) == 0 && Eq != std::string::npos) {
      Name = Arg.substr(0, Eq);
      Inline = Arg.substr(Eq + 1);
    }
    const FlagSpec *Flag = find(Name);
    // A short flag with its value joined, as make and compilers take it: -j4.
    if (!Flag && !Inline && Arg.size() > 2 && Arg[1] != '-') {
      const FlagSpec *Short = find(Arg.substr(0, 2));
      if (Short && Short->Arity != FlagArity::Switch) {
        Flag = Short;
        Name = Arg.substr(0, 2);
        Inline = Arg.substr(2);
      }
    }
    if (!Flag)
      throw Usage("unknown flag '" + Name + "' (see --help)");
    if (Flag->Arity == FlagArity::Switch) {
      if (Inline)
        throw Usage("flag '" + Flag->Long + "' takes no value");
      Parsed.Values[Flag->Long];
      continue;
    }
    if (!Inline && I + 1 >= Args.size())
      throw Usage("flag '" + Name + "' needs a value (" + Flag->ValueName + ")");
    std::string Value = Inline ? *Inline : Args[++I];
    if (!Flag->Choices.empty() &&
        std::find(Flag->Choices.begin(), Flag->Choices.end(), Value) == Flag->Choices.end()) {
      std::string Allowed;
      for (const std::string &Choice : Flag->Choices)
        Allowed += (Allowed.empty() ? "" : "|") + Choice;
      throw Usage("invalid value '" + Value + "' for '" + Flag->Long + "' (expected " + Allowed +
                  ")");
    }
    std::vector<std::string> &Slot = Parsed.Values[Flag->Long];
    if (Flag->Arity == FlagArity::Value)
      Slot.clear();
    Slot.push_back(Value);
  }
  return Parsed;
}

std::string ArgParser::flagHelp() const {
  std::string Out;
  for (const FlagSpec &Flag : Flags) {
    std::string Left = "  " + (Flag.Short.empty() ? "" : Flag.Short + ", ") + Flag.Long;
    if (Flag.Arity != FlagArity::Switch)
      Left += " " + Flag.ValueName;
    if (Left.size() < 30)
      Left.resize(30, ' ');
    else
      Left += "\n" + std::string(30, ' ');
    Out += Left + Flag.Help + "\n";
  }
  return Out;
}

} // namespace modelcompat
