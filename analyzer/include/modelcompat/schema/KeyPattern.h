//===- KeyPattern.h - State-dict key patterns with placeholders -*- C++ -*-===//
//
// Migration specs name keys with placeholders: "blocks.{i}.attn.weight".
// `diff` decides with this matcher that a finding is covered by a spec, and
// the runtime engine applies the spec with it, so the two never disagree.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SCHEMA_KEYPATTERN_H
#define MODELCOMPAT_SCHEMA_KEYPATTERN_H

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace modelcompat {

/// Placeholder name and the text it matched, in pattern order.
using KeyBindings = std::vector<std::pair<std::string, std::string>>;

/// Matches Key against Pattern. Literal text matches itself; "{name}" matches
/// a non-empty run of characters without a dot. When several splits match
/// ("layer{i}1.w" against "layer121.w"), each placeholder takes the shortest
/// run that lets the rest match ("12"). A '{' without its '}' matches
/// nothing. No split is tried twice: the work is at most placeholders x key
/// length x longest dot-free run, whatever the key (keys come from untrusted
/// checkpoints), and linear for placeholders followed by a literal. On
/// success returns the bindings.
std::optional<KeyBindings> matchKeyPattern(const std::string &Pattern, const std::string &Key);

/// Whether matchKeyPattern(Pattern, Key) succeeds.
bool matchesKeyPattern(const std::string &Pattern, const std::string &Key);

/// Substitutes Bindings into Pattern; a placeholder without a binding stays.
std::string expandKeyPattern(const std::string &Pattern, const KeyBindings &Bindings);

} // namespace modelcompat

#endif
