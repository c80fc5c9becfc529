"""Writes real PyTorch checkpoints for modelcompat's reader tests.

usage: write_checkpoint.py OUTDIR [SCENARIO...]

Writes OUTDIR/<scenario>.pt and OUTDIR/<scenario>.json for each scenario
(default: all): state_dict (a real nested module's state_dict()), wrapped
({"model": sd, "epoch": 3}), plain_dict (dict(sd)), tensor_list.
<scenario>.json lists every tensor as modelcompat must read it: key, dtype,
shape, values (flattened, exact as float64) and which keys share storage.
"""
import json
import sys

import torch


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(2, 3, 3)
        self.norm = torch.nn.BatchNorm2d(3)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(5, 4)
        self.encoder = torch.nn.Sequential(Block(), Block())
        self.half_proj = torch.nn.Linear(4, 3).half()
        self.bf16_proj = torch.nn.Linear(3, 2).to(torch.bfloat16)
        self.head = torch.nn.Linear(4, 5, bias=False)
        self.head.weight = self.embed.weight  # tied
        base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
        self.register_buffer("transposed", base.t())  # non-contiguous
        self.register_buffer("window", base[1:3, 2:5])  # offset + strides
        self.register_buffer("mask", torch.tensor([True, False, True]))


def build_state_dict():
    torch.manual_seed(7)
    net = Net()
    net.encoder.train()
    for block in net.encoder:
        block.conv.double()  # one more dtype
        block.norm(torch.randn(2, 3, 4, 4))  # num_batches_tracked becomes 1
    return net.state_dict()


def describe(sd):
    seen = {}
    out = []
    for key, value in sd.items():
        ptr = value.untyped_storage().data_ptr() if hasattr(value, "untyped_storage") \
            else value.storage().data_ptr()
        out.append({
            "key": key,
            "dtype": str(value.dtype).replace("torch.", ""),
            "shape": list(value.shape),
            "values": [float(v) for v in value.double().flatten().tolist()],
            "contiguous": value.is_contiguous(),
            "shares_with": seen.setdefault(ptr, key),
        })
    return out


SCENARIOS = ["state_dict", "wrapped", "plain_dict", "tensor_list"]


def write(scenario, out_path, expected_path):
    sd = build_state_dict()
    if scenario == "state_dict":
        obj = sd
    elif scenario == "wrapped":
        obj = {"model": sd, "epoch": 3, "note": "resume here"}
    elif scenario == "plain_dict":
        obj = dict(sd)
    elif scenario == "tensor_list":
        obj = [sd["embed.weight"], sd["window"]]
        sd = {"0": obj[0], "1": obj[1]}
    else:
        raise SystemExit("unknown scenario " + scenario)
    torch.save(obj, out_path)
    with open(expected_path, "w") as f:
        json.dump(describe(sd), f)


def main():
    out_dir = sys.argv[1]
    for scenario in sys.argv[2:] or SCENARIOS:
        write(scenario, "%s/%s.pt" % (out_dir, scenario), "%s/%s.json" % (out_dir, scenario))


if __name__ == "__main__":
    main()
