//===- Error.h - The project's one error type ------------------*- C++ -*-===//
#ifndef MODELCOMPAT_SUPPORT_ERROR_H
#define MODELCOMPAT_SUPPORT_ERROR_H

#include <stdexcept>
#include <string>

namespace modelcompat {

/// What kind of trouble an Error reports; it decides the process exit code.
enum class ErrorKind {
  Input, ///< Bad input or I/O failure: exit code 1.
  Usage, ///< Unknown flag, missing argument, invalid option file: exit code 2.
};

/// The project's one exception type. Its message is the full user-facing
/// text after `modelcompat: error: `, and must name the file, key or commit.
/// Never thrown through a Clang callback (Debian's LLVM is built without
/// exceptions): code called from Clang records diagnostics, or leaves a
/// result empty or unreadable, instead.
class Error : public std::runtime_error {
public:
  explicit Error(const std::string &Message, ErrorKind Kind = ErrorKind::Input)
      : std::runtime_error(Message), Kind(Kind) {}

  /// Whether this is an input/I-O error or a usage error.
  ErrorKind kind() const { return Kind; }

private:
  ErrorKind Kind;
};

/// Shorthand for a usage error (exit code 2).
inline Error usageError(const std::string &Message) { return Error(Message, ErrorKind::Usage); }

} // namespace modelcompat

#endif
