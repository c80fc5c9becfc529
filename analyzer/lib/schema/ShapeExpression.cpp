//===- ShapeExpression.cpp - Parse, fold and print C++ expressions --------===//
//
// Lexer → recursive-descent parser → fold → print. Anything the parser does
// not know falls back to whitespace normalisation (foldExpressionText).
//
//===----------------------------------------------------------------------===//
#include "modelcompat/schema/ShapeExpression.h"
#include "modelcompat/support/IdentifierChars.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>
#include <optional>

namespace modelcompat {
namespace shape {
namespace {

struct Token {
  enum class Kind { Number, Identifier, Literal, Punct, End };
  Kind K = Kind::End;
  std::string Text;
};

/// Splits source text into tokens. Qualified names ("std::max") and template
/// arguments followed by "(", "{" or "::" ("static_cast<int64_t>(x)") become
/// one identifier token. nullopt on characters C++ expressions do not use.
class Lexer {
public:
  explicit Lexer(std::string_view Text) : Text(Text) {}

  std::optional<std::vector<Token>> lex() {
    std::vector<Token> Tokens;
    while (true) {
      skipSpaces();
      if (Pos >= Text.size())
        break;
      char C = Text[Pos];
      if (std::isdigit(static_cast<unsigned char>(C)) ||
          (C == '.' && Pos + 1 < Text.size() &&
           std::isdigit(static_cast<unsigned char>(Text[Pos + 1])))) {
        Tokens.push_back({Token::Kind::Number, lexNumber()});
      } else if (isIdentifierStart(C) || startsQualifier()) {
        Tokens.push_back({Token::Kind::Identifier, lexIdentifier()});
      } else if (C == '"' || C == '\'') {
        std::optional<std::string> Literal = lexLiteral(C);
        if (!Literal)
          return std::nullopt;
        Tokens.push_back({Token::Kind::Literal, *Literal});
      } else {
        std::optional<std::string> Punct = lexPunct();
        if (!Punct)
          return std::nullopt;
        Tokens.push_back({Token::Kind::Punct, *Punct});
      }
    }
    Tokens.push_back({Token::Kind::End, ""});
    return Tokens;
  }

private:
  void skipSpaces() {
    while (Pos < Text.size() && std::isspace(static_cast<unsigned char>(Text[Pos])))
      ++Pos;
  }

  size_t nextNonSpace(size_t From) const {
    while (From < Text.size() && std::isspace(static_cast<unsigned char>(Text[From])))
      ++From;
    return From;
  }

  bool startsQualifier() const {
    return Text.substr(Pos, 2) == "::" && Pos + 2 < Text.size() &&
           isIdentifierStart(Text[nextNonSpace(Pos + 2)]);
  }

  std::string lexNumber() {
    size_t Start = Pos;
    bool Hex = Text.substr(Pos, 2) == "0x" || Text.substr(Pos, 2) == "0X";
    while (Pos < Text.size()) {
      char C = Text[Pos];
      if (isIdentifierChar(C) || C == '.' || C == '\'') {
        ++Pos;
      } else if ((C == '+' || C == '-') && !Hex && (Text[Pos - 1] == 'e' || Text[Pos - 1] == 'E')) {
        ++Pos;
      } else {
        break;
      }
    }
    std::string Number(Text.substr(Start, Pos - Start));
    Number.erase(std::remove(Number.begin(), Number.end(), '\''), Number.end());
    return Number;
  }

  std::string lexIdentifier() {
    std::string Name;
    while (true) {
      if (Text.substr(Pos, 2) == "::") {
        Name += "::";
        Pos = nextNonSpace(Pos + 2);
      }
      while (Pos < Text.size() && isIdentifierChar(Text[Pos]))
        Name += Text[Pos++];
      lexTemplateArguments(Name);
      size_t Next = nextNonSpace(Pos);
      if (Text.substr(Next, 2) == "::" && Next + 2 < Text.size() &&
          isIdentifierStart(Text[nextNonSpace(Next + 2)])) {
        Pos = Next;
        continue;
      }
      return Name;
    }
  }

  /// Appends "<...>" to Name when it is a template argument list: balanced,
  /// made of names, numbers, commas and pointers, and followed by "(", "{"
  /// or "::". Otherwise leaves "<" to be read as less-than.
  void lexTemplateArguments(std::string &Name) {
    size_t Open = nextNonSpace(Pos);
    if (Open >= Text.size() || Text[Open] != '<')
      return;
    int Depth = 0;
    std::string Arguments;
    size_t I = Open;
    for (; I < Text.size(); ++I) {
      char C = Text[I];
      if (C == '<') {
        ++Depth;
      } else if (C == '>') {
        if (--Depth == 0)
          break;
      } else if (!(isIdentifierChar(C) || C == ':' || C == ',' || C == '*' ||
                   std::isspace(static_cast<unsigned char>(C)))) {
        return;
      }
      if (std::isspace(static_cast<unsigned char>(C)))
        continue;
      Arguments += C;
      if (C == ',')
        Arguments += ' ';
    }
    if (I >= Text.size())
      return;
    size_t After = nextNonSpace(I + 1);
    if (After >= Text.size() ||
        !(Text[After] == '(' || Text[After] == '{' || Text.substr(After, 2) == "::"))
      return;
    Name += Arguments + ">";
    Pos = I + 1;
  }

  std::optional<std::string> lexLiteral(char Quote) {
    size_t Start = Pos++;
    while (Pos < Text.size() && Text[Pos] != Quote) {
      if (Text[Pos] == '\\')
        ++Pos;
      ++Pos;
    }
    if (Pos >= Text.size())
      return std::nullopt;
    ++Pos;
    return std::string(Text.substr(Start, Pos - Start));
  }

  std::optional<std::string> lexPunct() {
    static const char *const TwoCharacter[] = {
        "->", "::", "==", "!=", "<=", ">=", "&&", "||", "<<", ">>"};
    for (const char *Op : TwoCharacter)
      if (Text.substr(Pos, 2) == Op) {
        Pos += 2;
        return std::string(Op);
      }
    static const std::string_view OneCharacter = "+-*/%<>!~&|^?:()[]{},.";
    if (OneCharacter.find(Text[Pos]) == std::string_view::npos)
      return std::nullopt;
    return std::string(1, Text[Pos++]);
  }

  std::string_view Text;
  size_t Pos = 0;
};

int binaryPrecedence(const std::string &Op) {
  static const std::pair<const char *, int> Table[] = {
      {"||", 2}, {"&&", 3}, {"|", 4},  {"^", 5},  {"&", 6},  {"==", 7},
      {"!=", 7}, {"<", 8},  {">", 8},  {"<=", 8}, {">=", 8}, {"<<", 9},
      {">>", 9}, {"+", 10}, {"-", 10}, {"*", 11}, {"/", 11}, {"%", 11}};
  for (const auto &[Name, Precedence] : Table)
    if (Op == Name)
      return Precedence;
  return 0;
}

constexpr int ConditionalPrecedence = 1;
constexpr int UnaryPrecedence = 12;
constexpr int PostfixPrecedence = 13;
constexpr int PrimaryPrecedence = 14;

ExprPtr makeNode(Expr::Kind K, std::string Text, std::vector<ExprPtr> Operands = {}) {
  auto E = std::make_shared<Expr>();
  E->K = K;
  E->Text = std::move(Text);
  E->Operands = std::move(Operands);
  return E;
}

ExprPtr makeInteger(long long Value) {
  auto E = std::make_shared<Expr>();
  E->K = Expr::Kind::Integer;
  E->Value = Value;
  return E;
}

ExprPtr makeBoolean(bool Value) {
  auto E = std::make_shared<Expr>();
  E->K = Expr::Kind::Boolean;
  E->Value = Value;
  return E;
}

/// Decimal or hexadecimal integer literals with u/l suffixes.
std::optional<long long> integerLiteral(const std::string &Text) {
  size_t End = Text.size();
  while (End > 0 && std::strchr("uUlL", Text[End - 1]))
    --End;
  std::string Digits = Text.substr(0, End);
  int Base = 10;
  if (Digits.size() > 2 && (Digits[1] == 'x' || Digits[1] == 'X') && Digits[0] == '0') {
    Base = 16;
    Digits = Digits.substr(2);
  }
  if (Digits.empty())
    return std::nullopt;
  long long Value = 0;
  for (char C : Digits) {
    int Digit;
    if (std::isdigit(static_cast<unsigned char>(C)))
      Digit = C - '0';
    else if (Base == 16 && std::isxdigit(static_cast<unsigned char>(C)))
      Digit = std::tolower(static_cast<unsigned char>(C)) - 'a' + 10;
    else
      return std::nullopt;
    if (__builtin_mul_overflow(Value, Base, &Value) || __builtin_add_overflow(Value, Digit, &Value))
      return std::nullopt;
  }
  return Value;
}

class Parser {
public:
  explicit Parser(std::vector<Token> Tokens) : Tokens(std::move(Tokens)) {}

  ExprPtr parseAll() {
    ExprPtr E = parseExpression(ConditionalPrecedence);
    if (!E || peek().K != Token::Kind::End)
      return nullptr;
    return E;
  }

private:
  const Token &peek() const { return Tokens[Pos]; }
  bool peekPunct(const char *Text) const {
    return peek().K == Token::Kind::Punct && peek().Text == Text;
  }
  bool acceptPunct(const char *Text) {
    if (!peekPunct(Text))
      return false;
    ++Pos;
    return true;
  }

  ExprPtr parseExpression(int MinPrecedence) {
    ExprPtr Left = parseUnary();
    while (Left) {
      if (MinPrecedence <= ConditionalPrecedence && acceptPunct("?")) {
        ExprPtr Then = parseExpression(ConditionalPrecedence);
        if (!Then || !acceptPunct(":"))
          return nullptr;
        ExprPtr Else = parseExpression(ConditionalPrecedence);
        if (!Else)
          return nullptr;
        Left = makeNode(Expr::Kind::Conditional, "", {Left, Then, Else});
        continue;
      }
      if (peek().K != Token::Kind::Punct)
        break;
      int Precedence = binaryPrecedence(peek().Text);
      if (Precedence == 0 || Precedence < MinPrecedence)
        break;
      std::string Op = Tokens[Pos++].Text;
      ExprPtr Right = parseExpression(Precedence + 1);
      if (!Right)
        return nullptr;
      Left = makeNode(Expr::Kind::Binary, Op, {Left, Right});
    }
    return Left;
  }

  ExprPtr parseUnary() {
    for (const char *Op : {"-", "+", "!", "~", "*", "&"})
      if (acceptPunct(Op)) {
        ExprPtr Operand = parseUnary();
        return Operand ? makeNode(Expr::Kind::Unary, Op, {Operand}) : nullptr;
      }
    ExprPtr Primary = parsePrimary();
    return Primary ? parsePostfix(Primary) : nullptr;
  }

  /// Comma-separated expressions up to Close, which is consumed.
  std::optional<std::vector<ExprPtr>> parseList(const char *Close) {
    std::vector<ExprPtr> Elements;
    while (!acceptPunct(Close)) {
      ExprPtr Element = parseExpression(ConditionalPrecedence);
      if (!Element)
        return std::nullopt;
      Elements.push_back(Element);
      if (!acceptPunct(",") && !peekPunct(Close))
        return std::nullopt;
    }
    return Elements;
  }

  ExprPtr parsePrimary() {
    Token T = peek();
    switch (T.K) {
    case Token::Kind::Number: {
      ++Pos;
      if (std::optional<long long> Value = integerLiteral(T.Text))
        return makeInteger(*Value);
      return makeNode(Expr::Kind::Atom, T.Text);
    }
    case Token::Kind::Identifier:
      ++Pos;
      if (T.Text == "true" || T.Text == "false")
        return makeBoolean(T.Text == "true");
      if (acceptPunct("{")) {
        std::optional<std::vector<ExprPtr>> Elements = parseList("}");
        return Elements ? makeNode(Expr::Kind::List, T.Text, *Elements) : nullptr;
      }
      return makeNode(Expr::Kind::Atom, T.Text);
    case Token::Kind::Literal:
      ++Pos;
      return makeNode(Expr::Kind::Atom, T.Text);
    case Token::Kind::Punct:
      if (acceptPunct("(")) {
        ExprPtr Inner = parseExpression(ConditionalPrecedence);
        return Inner && acceptPunct(")") ? Inner : nullptr;
      }
      if (acceptPunct("{")) {
        std::optional<std::vector<ExprPtr>> Elements = parseList("}");
        return Elements ? makeNode(Expr::Kind::List, "", *Elements) : nullptr;
      }
      return nullptr;
    case Token::Kind::End:
      return nullptr;
    }
    return nullptr;
  }

  ExprPtr parsePostfix(ExprPtr E) {
    while (true) {
      if (acceptPunct("(")) {
        std::optional<std::vector<ExprPtr>> Arguments = parseList(")");
        if (!Arguments)
          return nullptr;
        std::vector<ExprPtr> Operands{E};
        Operands.insert(Operands.end(), Arguments->begin(), Arguments->end());
        E = makeNode(Expr::Kind::Call, "", Operands);
      } else if (acceptPunct("[")) {
        ExprPtr Index = parseExpression(ConditionalPrecedence);
        if (!Index || !acceptPunct("]"))
          return nullptr;
        E = makeNode(Expr::Kind::Index, "", {E, Index});
      } else if (peekPunct(".") || peekPunct("->")) {
        std::string Op = Tokens[Pos++].Text;
        if (peek().K != Token::Kind::Identifier)
          return nullptr;
        E = makeNode(Expr::Kind::Member, Op + Tokens[Pos++].Text, {E});
      } else {
        return E;
      }
    }
  }

  std::vector<Token> Tokens;
  size_t Pos = 0;
};

int precedence(const Expr &E) {
  switch (E.K) {
  case Expr::Kind::Integer:
    return E.Value < 0 ? UnaryPrecedence : PrimaryPrecedence;
  case Expr::Kind::Unary:
    return UnaryPrecedence;
  case Expr::Kind::Binary:
    return binaryPrecedence(E.Text);
  case Expr::Kind::Conditional:
    return ConditionalPrecedence;
  case Expr::Kind::Call:
  case Expr::Kind::Member:
  case Expr::Kind::Index:
    return PostfixPrecedence;
  case Expr::Kind::Boolean:
  case Expr::Kind::Atom:
  case Expr::Kind::List:
    return PrimaryPrecedence;
  }
  return PrimaryPrecedence;
}

std::string wrap(const ExprPtr &E, int Needed) {
  std::string Text = printExpression(E);
  return precedence(*E) < Needed ? "(" + Text + ")" : Text;
}

std::string joinPrinted(const std::vector<ExprPtr> &Elements, size_t From) {
  std::string Text;
  for (size_t I = From; I < Elements.size(); ++I)
    Text += (I > From ? ", " : "") + printExpression(Elements[I]);
  return Text;
}

bool isInteger(const ExprPtr &E, long long *Value = nullptr) {
  if (E->K != Expr::Kind::Integer)
    return false;
  if (Value)
    *Value = E->Value;
  return true;
}

bool isBoolean(const ExprPtr &E, bool *Value = nullptr) {
  if (E->K != Expr::Kind::Boolean)
    return false;
  if (Value)
    *Value = E->Value != 0;
  return true;
}

std::optional<long long> foldIntegers(const std::string &Op, long long L, long long R) {
  long long Result = 0;
  if (Op == "+")
    return __builtin_add_overflow(L, R, &Result) ? std::nullopt : std::optional(Result);
  if (Op == "-")
    return __builtin_sub_overflow(L, R, &Result) ? std::nullopt : std::optional(Result);
  if (Op == "*")
    return __builtin_mul_overflow(L, R, &Result) ? std::nullopt : std::optional(Result);
  if (Op == "/" || Op == "%") {
    if (R == 0 || (L == LLONG_MIN && R == -1))
      return std::nullopt;
    return Op == "/" ? L / R : L % R;
  }
  if (Op == "&")
    return L & R;
  if (Op == "|")
    return L | R;
  if (Op == "^")
    return L ^ R;
  return std::nullopt;
}

std::optional<bool> compareIntegers(const std::string &Op, long long L, long long R) {
  if (Op == "==")
    return L == R;
  if (Op == "!=")
    return L != R;
  if (Op == "<")
    return L < R;
  if (Op == ">")
    return L > R;
  if (Op == "<=")
    return L <= R;
  if (Op == ">=")
    return L >= R;
  return std::nullopt;
}

/// Comparing an expression with itself, assuming it has no side effects.
std::optional<bool> compareIdentical(const std::string &Op) {
  if (Op == "==" || Op == "<=" || Op == ">=")
    return true;
  if (Op == "!=" || Op == "<" || Op == ">")
    return false;
  return std::nullopt;
}

ExprPtr foldUnary(const ExprPtr &E) {
  const ExprPtr &Operand = E->Operands[0];
  long long Value;
  bool Truth;
  if (E->Text == "+")
    return Operand;
  if (E->Text == "-" && isInteger(Operand, &Value) && Value != LLONG_MIN)
    return makeInteger(-Value);
  if (E->Text == "!") {
    if (isBoolean(Operand, &Truth))
      return makeBoolean(!Truth);
    if (Operand->K == Expr::Kind::Binary && (Operand->Text == "==" || Operand->Text == "!="))
      return makeNode(Expr::Kind::Binary, Operand->Text == "==" ? "!=" : "==", Operand->Operands);
    if (Operand->K == Expr::Kind::Unary && Operand->Text == "!")
      return Operand->Operands[0];
  }
  return E;
}

ExprPtr foldBinary(const ExprPtr &E) {
  const std::string &Op = E->Text;
  const ExprPtr &L = E->Operands[0];
  const ExprPtr &R = E->Operands[1];
  long long LV, RV;
  bool LB, RB;
  if (isInteger(L, &LV) && isInteger(R, &RV)) {
    if (std::optional<long long> Value = foldIntegers(Op, LV, RV))
      return makeInteger(*Value);
    if (std::optional<bool> Truth = compareIntegers(Op, LV, RV))
      return makeBoolean(*Truth);
    return E;
  }
  if (Op == "&&" || Op == "||") {
    bool Absorbing = Op == "||"; // The value that decides the result alone.
    if (isBoolean(L, &LB))
      return LB == Absorbing ? makeBoolean(Absorbing) : R;
    if (isBoolean(R, &RB))
      return RB == Absorbing ? makeBoolean(Absorbing) : L;
    return E;
  }
  if (isBoolean(L, &LB) && isBoolean(R, &RB) && (Op == "==" || Op == "!="))
    return makeBoolean((LB == RB) == (Op == "=="));
  if ((Op == "*" && isInteger(R, &RV) && RV == 1) || (Op == "/" && isInteger(R, &RV) && RV == 1) ||
      ((Op == "+" || Op == "-") && isInteger(R, &RV) && RV == 0))
    return L;
  if ((Op == "*" && isInteger(L, &LV) && LV == 1) || (Op == "+" && isInteger(L, &LV) && LV == 0))
    return R;
  if (printExpression(L) == printExpression(R))
    if (std::optional<bool> Truth = compareIdentical(Op))
      return makeBoolean(*Truth);
  return E;
}

ExprPtr foldConditional(const ExprPtr &E) {
  bool Truth;
  if (isBoolean(E->Operands[0], &Truth))
    return E->Operands[Truth ? 1 : 2];
  if (printExpression(E->Operands[1]) == printExpression(E->Operands[2]))
    return E->Operands[1];
  return E;
}

bool isPlainIdentifier(const std::string &Text) {
  if (Text.empty() || !isIdentifierStart(Text[0]))
    return false;
  for (char C : Text)
    if (!isIdentifierChar(C))
      return false;
  return true;
}

/// Collapses whitespace for text the parser does not understand.
std::string collapseWhitespace(std::string_view Text) {
  std::string Out;
  for (char C : Text) {
    bool Space = std::isspace(static_cast<unsigned char>(C));
    if (Space) {
      if (!Out.empty() && Out.back() != ' ')
        Out += ' ';
      continue;
    }
    if ((C == ')' || C == ']' || C == ',') && !Out.empty() && Out.back() == ' ')
      Out.pop_back();
    if (!Out.empty() && Out.back() == ' ' && Out.size() >= 2 &&
        (Out[Out.size() - 2] == '(' || Out[Out.size() - 2] == '['))
      Out.pop_back();
    Out += C;
  }
  if (!Out.empty() && Out.back() == ' ')
    Out.pop_back();
  return Out;
}

} // namespace

ExprPtr parseExpression(std::string_view Text) {
  // Longer text is not a shape; refusing it bounds the recursion of parsing,
  // folding and printing.
  static constexpr size_t MaxTokens = 2048;
  std::optional<std::vector<Token>> Tokens = Lexer(Text).lex();
  if (!Tokens || Tokens->size() > MaxTokens)
    return nullptr;
  return Parser(std::move(*Tokens)).parseAll();
}

std::string printExpression(const ExprPtr &E) {
  switch (E->K) {
  case Expr::Kind::Integer:
    return std::to_string(E->Value);
  case Expr::Kind::Boolean:
    return E->Value ? "true" : "false";
  case Expr::Kind::Atom:
    return E->Text;
  case Expr::Kind::Unary: {
    const ExprPtr &Operand = E->Operands[0];
    bool Nested = Operand->K == Expr::Kind::Unary ||
                  (Operand->K == Expr::Kind::Integer && Operand->Value < 0);
    std::string Text = printExpression(Operand);
    if (Nested || precedence(*Operand) < UnaryPrecedence)
      Text = "(" + Text + ")";
    return E->Text + Text;
  }
  case Expr::Kind::Binary: {
    int Precedence = binaryPrecedence(E->Text);
    return wrap(E->Operands[0], Precedence) + " " + E->Text + " " +
           wrap(E->Operands[1], Precedence + 1);
  }
  case Expr::Kind::Conditional:
    return wrap(E->Operands[0], ConditionalPrecedence + 1) + " ? " +
           printExpression(E->Operands[1]) + " : " + wrap(E->Operands[2], ConditionalPrecedence);
  case Expr::Kind::Call:
    return wrap(E->Operands[0], PostfixPrecedence) + "(" + joinPrinted(E->Operands, 1) + ")";
  case Expr::Kind::Member:
    return wrap(E->Operands[0], PostfixPrecedence) + E->Text;
  case Expr::Kind::Index:
    return wrap(E->Operands[0], PostfixPrecedence) + "[" + printExpression(E->Operands[1]) + "]";
  case Expr::Kind::List:
    return E->Text + "{" + joinPrinted(E->Operands, 0) + "}";
  }
  return E->Text;
}

ExprPtr foldExpression(const ExprPtr &E) {
  if (E->Operands.empty())
    return E;
  std::vector<ExprPtr> Operands;
  bool Changed = false;
  for (const ExprPtr &Operand : E->Operands) {
    Operands.push_back(foldExpression(Operand));
    Changed |= Operands.back() != Operand;
  }
  ExprPtr Folded = E;
  if (Changed) {
    auto Copy = std::make_shared<Expr>(*E);
    Copy->Operands = std::move(Operands);
    Folded = Copy;
  }
  switch (Folded->K) {
  case Expr::Kind::Unary:
    return foldUnary(Folded);
  case Expr::Kind::Binary:
    return foldBinary(Folded);
  case Expr::Kind::Conditional:
    return foldConditional(Folded);
  default:
    return Folded;
  }
}

ExprPtr substituteExpression(const ExprPtr &E,
                             const std::function<Substitution(const std::string &)> &Lookup) {
  if (E->K == Expr::Kind::Atom && isPlainIdentifier(E->Text)) {
    Substitution B = Lookup(E->Text);
    switch (B.K) {
    case Substitution::Kind::Free:
      return E;
    case Substitution::Kind::Scalar:
      return B.Scalar;
    case Substitution::Kind::List:
      return makeNode(Expr::Kind::List, "", B.Elements);
    case Substitution::Kind::Unknown:
      return nullptr;
    }
  }
  if (E->K == Expr::Kind::Index && E->Operands[0]->K == Expr::Kind::Atom &&
      isPlainIdentifier(E->Operands[0]->Text)) {
    ExprPtr Index = substituteExpression(E->Operands[1], Lookup);
    if (!Index)
      return nullptr;
    Index = foldExpression(Index);
    Substitution B = Lookup(E->Operands[0]->Text);
    long long Position;
    if (B.K == Substitution::Kind::Unknown)
      return nullptr;
    if (B.K == Substitution::Kind::List) {
      if (!isInteger(Index, &Position) || Position < 0 ||
          Position >= static_cast<long long>(B.Elements.size()))
        return nullptr;
      return B.Elements[Position];
    }
    ExprPtr Object = B.K == Substitution::Kind::Scalar ? B.Scalar : E->Operands[0];
    return makeNode(Expr::Kind::Index, "", {Object, Index});
  }
  if (E->Operands.empty())
    return E;
  auto Copy = std::make_shared<Expr>(*E);
  for (ExprPtr &Operand : Copy->Operands) {
    Operand = substituteExpression(Operand, Lookup);
    if (!Operand)
      return nullptr;
  }
  return Copy;
}

ExprPtr conjunction(const ExprPtr &Left, const ExprPtr &Right) {
  return foldExpression(makeNode(Expr::Kind::Binary, "&&", {Left, Right}));
}

} // namespace shape

std::string foldExpressionText(std::string_view Text) {
  shape::ExprPtr E = shape::parseExpression(Text);
  if (!E)
    return shape::collapseWhitespace(Text);
  return shape::printExpression(shape::foldExpression(E));
}

} // namespace modelcompat
