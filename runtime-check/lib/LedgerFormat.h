//===- LedgerFormat.h - How the ledger spells dtypes ------------*- C++ -*-===//
#ifndef MODELCOMPAT_RUNTIME_LEDGERFORMAT_H
#define MODELCOMPAT_RUNTIME_LEDGERFORMAT_H

#include <torch/torch.h>

#include <string>

namespace modelcompat {

/// torch's Python name: "float32", "bfloat16", "int64", ...
std::string dtypeText(c10::ScalarType Type);

} // namespace modelcompat

#endif
