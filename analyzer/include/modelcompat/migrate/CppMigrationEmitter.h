//===- CppMigrationEmitter.h - Planned migrations as libtorch C++ -*- C++ -*-===//
//
// Writes a planned migration as C++ against runtime/Migration.h: one function
// per module class, in the libtorch frontend's style, registered with
// MODELCOMPAT_REGISTER_MIGRATION. Every rule becomes one MigrationScope call
// and every `todo` a MODELCOMPAT_TODO; nothing is filled with values that no
// rule asked for. Clang- and torch-free (it only writes text).
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_MIGRATE_CPPMIGRATIONEMITTER_H
#define MODELCOMPAT_MIGRATE_CPPMIGRATIONEMITTER_H

#include "modelcompat/migrate/MigrationPlanner.h"

#include <string>

namespace modelcompat {

/// The C++ source of Migration. FileStem names the pair of files it is
/// written to ("ns_AttnBlockImpl-1a2b3c4d5e6f-7a8b9c0d1e2f"); the comments
/// point at the JSON twin. Deterministic.
std::string emitCppMigration(const PlannedMigration &Migration, const std::string &FileStem);

/// The message MODELCOMPAT_TODO carries for a todo rule, the same in C++ and
/// in the JSON engine: "pos_embed: decide how to resize [1,16,ch] -> [1,32,ch]".
std::string todoMessage(const MigrationRule &Rule);

/// Text as a C++ string literal, quotes included; anything outside printable
/// ASCII, quotes and backslashes are escaped, so hostile names stay data.
std::string cppStringLiteral(const std::string &Text);

/// Text as a C++ identifier fragment: [A-Za-z0-9_] only, no "__", not empty.
std::string cppIdentifier(const std::string &Text);

} // namespace modelcompat

#endif
