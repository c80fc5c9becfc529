#!/usr/bin/python3
"""Python reference for the ledger tests (tests/runtime/LedgerPythonTest.cpp).

Mirrors the C++ test models of tests/runtime/EngineTestModels.h in Python
PyTorch, loads a state dict written by torch::pickle_save, and reports what
Python's own model.load_state_dict(sd, strict=False) says about it.

usage: engine_load_reference.py MODEL STATE_DICT
  MODEL       v1.Encoder | v2.Encoder | v1.AttnBlock | v2.AttnBlock (4 channels,
              3 blocks, as the C++ tests build them)
  STATE_DICT  a file holding a {str: Tensor} dict (torch::pickle_save)
Prints one JSON object: {"state_keys": [...], "missing_keys": [...],
"unexpected_keys": [...]}.
"""
import json
import sys

import torch
from torch import nn


class V1AttnBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.to_q = nn.Linear(channels, channels)
        self.to_k = nn.Linear(channels, channels)
        self.to_v = nn.Linear(channels, channels)
        self.proj_attn = nn.Linear(channels, channels)


class V2Attention(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.to_q = nn.Linear(channels, channels)
        self.to_k = nn.Linear(channels, channels)
        self.to_v = nn.Linear(channels, channels)
        self.out_proj = nn.Linear(channels, channels)


class V2AttnBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.attn = V2Attention(channels)


class Encoder(nn.Module):
    def __init__(self, block, channels, blocks):
        super().__init__()
        self.embed = nn.Linear(channels, channels)
        self.blocks = nn.ModuleList([block(channels) for _ in range(blocks)])
        self.norm = nn.BatchNorm1d(channels)
        self.head = nn.Sequential(block(channels), nn.Linear(channels, channels))


CHANNELS, BLOCKS = 4, 3
MODELS = {
    "v1.AttnBlock": lambda: V1AttnBlock(CHANNELS),
    "v2.AttnBlock": lambda: V2AttnBlock(CHANNELS),
    "v1.Encoder": lambda: Encoder(V1AttnBlock, CHANNELS, BLOCKS),
    "v2.Encoder": lambda: Encoder(V2AttnBlock, CHANNELS, BLOCKS),
}


def main(argv):
    if len(argv) != 3 or argv[1] not in MODELS:
        sys.stderr.write(__doc__)
        return 2
    model = MODELS[argv[1]]()
    # The test wrote this file itself (torch::pickle_save): its typed-dict tags
    # (torch.jit._pickle.restore_type_tag) are not on the weights-only allowlist
    # that PyTorch 2.6 made torch.load's default.
    state = torch.load(argv[2], weights_only=False)
    result = model.load_state_dict(dict(state), strict=False)
    json.dump({"state_keys": list(model.state_dict().keys()),
               "missing_keys": list(result.missing_keys),
               "unexpected_keys": list(result.unexpected_keys)},
              sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
