//===- CppMigrationEmitter.cpp - Planned migrations as libtorch C++ ------===//
#include "modelcompat/migrate/CppMigrationEmitter.h"

#include <cctype>
#include <cstdio>
#include <sstream>

namespace modelcompat {

namespace {

constexpr size_t CommentWidth = 80;

std::string shortCommit(const std::string &Sha) { return Sha.substr(0, 12); }

/// One line of comment text: no line breaks, and no trailing backslash that
/// would splice the next source line into the comment.
std::string commentText(const std::string &Text) {
  std::string Out;
  for (char C : Text)
    Out += (C == '\n' || C == '\r' || C == '\t' || C == '\v' || C == '\f') ? ' ' : C;
  while (!Out.empty() && (Out.back() == '\\' || Out.back() == ' '))
    Out.pop_back();
  return Out;
}

/// Writes Text as "//" comment lines of at most CommentWidth columns.
void writeComment(std::ostream &Out, const std::string &Indent, const std::string &Lead,
                  const std::string &Text) {
  std::istringstream Words(commentText(Text));
  std::string Word, Line;
  auto Flush = [&] {
    Out << Indent << Lead << (Line.empty() ? "" : " ") << Line << "\n";
    Line.clear();
  };
  while (Words >> Word) {
    if (!Line.empty() &&
        Indent.size() + Lead.size() + 1 + Line.size() + 1 + Word.size() > CommentWidth)
      Flush();
    Line += (Line.empty() ? "" : " ") + Word;
  }
  if (!Line.empty())
    Flush();
}

bool hasPlaceholder(const std::string &Key) { return Key.find('{') != std::string::npos; }

std::string keyList(const std::vector<std::string> &Keys, const std::string &Expand) {
  std::string Out = "{";
  for (size_t I = 0; I < Keys.size(); ++I) {
    if (I)
      Out += ", ";
    Out += Expand.empty() ? cppStringLiteral(Keys[I])
                          : "scope.expand(" + cppStringLiteral(Keys[I]) + ", " + Expand + ")";
  }
  return Out + "}";
}

std::string formatDouble(double Value) {
  char Buffer[64];
  std::snprintf(Buffer, sizeof(Buffer), "%.17g", Value);
  std::string Text = Buffer;
  if (Text.find_first_of(".eEn") == std::string::npos)
    Text += ".0";
  return Text;
}

/// The statements of one rule; a rule over repeated blocks ("{i}") becomes a
/// loop over the matching keys, each key built with scope.expand().
class RuleWriter {
public:
  RuleWriter(std::ostream &Out) : Out(Out) {}

  void write(const MigrationRule &Rule) {
    if (Rule.Op == RuleOp::Todo) {
      Out << "  MODELCOMPAT_TODO(" << cppStringLiteral(todoMessage(Rule)) << ");\n";
      return;
    }
    std::string Pattern = patternOf(Rule);
    if (Pattern.empty()) {
      statement(Rule, "  ", "");
      return;
    }
    // The keys an init creates are not in the old checkpoint: their
    // instances are the new model's.
    Out << (Rule.Op == RuleOp::Init ? "  scope.forEachNewModelMatch(" : "  scope.forEachMatch(")
        << cppStringLiteral(Pattern) << ", [&](const auto& bindings) {\n";
    statement(Rule, "    ", "bindings");
    Out << "  });\n";
  }

private:
  /// The key whose matches drive a rule over repeated blocks; "" if none.
  static std::string patternOf(const MigrationRule &Rule) {
    switch (Rule.Op) {
    case RuleOp::Rename:
    case RuleOp::Reshape:
    case RuleOp::Split:
      return hasPlaceholder(Rule.From) ? Rule.From : "";
    case RuleOp::Merge:
      return !Rule.Keys.empty() && hasPlaceholder(Rule.Keys.front()) ? Rule.Keys.front() : "";
    case RuleOp::Init:
    case RuleOp::Drop:
      return hasPlaceholder(Rule.Key) ? Rule.Key : "";
    case RuleOp::Todo:
      return "";
    }
    return "";
  }

  std::string key(const std::string &Key, const std::string &Bindings) const {
    if (Bindings.empty())
      return cppStringLiteral(Key);
    return "scope.expand(" + cppStringLiteral(Key) + ", " + Bindings + ")";
  }

  void statement(const MigrationRule &Rule, const std::string &Indent,
                 const std::string &Bindings) {
    Out << Indent;
    switch (Rule.Op) {
    case RuleOp::Rename:
      Out << "scope.rename(" << key(Rule.From, Bindings) << ","
          << (Bindings.empty() ? " " : "\n" + Indent + std::string(13, ' '))
          << key(Rule.To, Bindings) << ");\n";
      break;
    case RuleOp::Init:
      switch (Rule.Source) {
      case InitSource::NewModel:
        Out << "scope.initFromNewModel(" << key(Rule.Key, Bindings) << ");\n";
        break;
      case InitSource::Zeros:
        Out << "scope.initZeros(" << key(Rule.Key, Bindings) << ");\n";
        break;
      case InitSource::Ones:
        Out << "scope.initOnes(" << key(Rule.Key, Bindings) << ");\n";
        break;
      case InitSource::Value:
        Out << "scope.initValue(" << key(Rule.Key, Bindings) << ", "
            << formatDouble(Rule.Value.value_or(0)) << ");\n";
        break;
      case InitSource::Identity:
        Out << "scope.initIdentity(" << key(Rule.Key, Bindings) << ");\n";
        break;
      }
      break;
    case RuleOp::Drop:
      Out << "scope.drop(" << key(Rule.Key, Bindings) << ", " << cppStringLiteral(Rule.Reason)
          << ");\n";
      break;
    case RuleOp::Reshape: {
      std::string Shape = "{";
      for (size_t I = 0; Rule.Shape && I < Rule.Shape->size(); ++I)
        Shape += (I ? ", " : "") + std::to_string((*Rule.Shape)[I]);
      Out << "scope.reshape(" << key(Rule.From, Bindings) << ", " << key(Rule.To, Bindings) << ", "
          << Shape << "});\n";
      break;
    }
    case RuleOp::Split:
      Out << "scope.split(" << key(Rule.From, Bindings) << ", " << keyList(Rule.Keys, Bindings)
          << ", /*dim=*/" << Rule.Dim.value_or(0) << ");\n";
      break;
    case RuleOp::Merge:
      Out << "scope.merge(" << keyList(Rule.Keys, Bindings) << ", " << key(Rule.To, Bindings)
          << ", /*dim=*/" << Rule.Dim.value_or(0) << ");\n";
      break;
    case RuleOp::Todo:
      break;
    }
  }

  std::ostream &Out;
};

} // namespace

std::string todoMessage(const MigrationRule &Rule) {
  std::string Keys;
  for (const std::string &Key : Rule.Keys)
    Keys += (Keys.empty() ? "" : ", ") + Key;
  return Keys + ": " + Rule.Reason;
}

std::string cppStringLiteral(const std::string &Text) {
  std::string Out = "\"";
  for (unsigned char C : Text) {
    if (C == '"' || C == '\\') {
      Out += '\\';
      Out += static_cast<char>(C);
    } else if (C == '?') {
      Out += "\\?"; // never a trigraph
    } else if (C < 0x20 || C >= 0x7f) {
      char Buffer[8];
      std::snprintf(Buffer, sizeof(Buffer), "\\%03o", C);
      Out += Buffer;
    } else {
      Out += static_cast<char>(C);
    }
  }
  return Out + "\"";
}

std::string cppIdentifier(const std::string &Text) {
  std::string Out;
  for (char C : Text) {
    bool Word = (C >= 'A' && C <= 'Z') || (C >= 'a' && C <= 'z') || (C >= '0' && C <= '9');
    if (Word)
      Out += C;
    else if (!Out.empty() && Out.back() != '_')
      Out += '_';
  }
  while (!Out.empty() && Out.back() == '_')
    Out.pop_back();
  return Out.empty() ? "module" : Out;
}

std::string emitCppMigration(const PlannedMigration &Migration, const std::string &FileStem) {
  const MigrationSpec &Spec = Migration.Spec;
  std::string Function = "migrate_" + cppIdentifier(Spec.Module);
  std::ostringstream Out;
  Out << "// " << commentText(FileStem) << ".cpp - generated by `modelcompat migrate`.\n"
      << "//\n";
  writeComment(Out, "", "//",
               "Migrates the state of every " + Spec.Module + " instance from commit " +
                   shortCommit(Spec.FromCommit) + " to " + shortCommit(Spec.ToCommit) +
                   ". Its declarative twin is " + FileStem +
                   ".json; keep the two in step. A MODELCOMPAT_TODO throws when "
                   "reached, so this migration cannot load a checkpoint until a "
                   "human has replaced each one.");
  Out << "\n#include <modelcompat/runtime/Migration.h>\n\nnamespace {\n\n";
  writeComment(Out, "", "///", Spec.Module + ": keys are relative to the instance being migrated.");
  for (const std::string &Note : Migration.Notes)
    writeComment(Out, "", "///", Note + ".");
  Out << "void " << Function << "(modelcompat::MigrationScope& scope) {\n";
  if (Spec.Rules.empty())
    Out << "  (void)scope; // The key layout did not change.\n";
  RuleWriter Writer(Out);
  for (size_t I = 0; I < Spec.Rules.size(); ++I) {
    const MigrationRule &Rule = Spec.Rules[I];
    std::string Note = I < Migration.RuleNotes.size() ? Migration.RuleNotes[I] : "";
    if (!Note.empty()) {
      Note[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(Note[0])));
      writeComment(Out, "  ", "//", Note + ".");
    }
    Writer.write(Rule);
  }
  Out << "}\n\n} // namespace\n\n"
      << "MODELCOMPAT_REGISTER_MIGRATION(\n"
      << "    " << cppIdentifier(FileStem) << ",\n"
      << "    " << cppStringLiteral(Spec.Module) << ",\n"
      << "    " << cppStringLiteral(Spec.FromCommit) << ",\n"
      << "    " << cppStringLiteral(Spec.ToCommit) << ",\n"
      << "    " << Function << ");\n";
  return Out.str();
}

} // namespace modelcompat
