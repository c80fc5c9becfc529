"""A minimal, independent safetensors reader and writer (json + struct only).

usage: safetensors_io.py read FILE          prints {"metadata", "tensors": [...]}
       safetensors_io.py write SPEC.json OUT writes OUT from a JSON spec

It deliberately shares no code with modelcompat, so each side checks the
other. Values are exchanged as float64 lists in JSON.
"""
import json
import struct
import sys

FORMATS = {
    "F64": ("d", 8), "F32": ("f", 4), "I64": ("q", 8), "I32": ("i", 4),
    "I16": ("h", 2), "I8": ("b", 1), "U8": ("B", 1), "BOOL": ("?", 1),
    "F16": ("e", 2), "BF16": (None, 2),
}


def decode(dtype, raw):
    code, size = FORMATS[dtype]
    count = len(raw) // size
    if dtype == "BF16":  # the high half of a float32
        halves = struct.unpack("<%dH" % count, raw)
        return [struct.unpack("<f", struct.pack("<I", h << 16))[0] for h in halves]
    return [float(v) for v in struct.unpack("<%d%s" % (count, code), raw)]


def encode(dtype, values):
    code, _ = FORMATS[dtype]
    if dtype == "BF16":
        out = b""
        for v in values:
            bits = struct.unpack("<I", struct.pack("<f", v))[0]
            out += struct.pack("<H", bits >> 16)  # exact for bf16 values
        return out
    if dtype == "BOOL":
        values = [bool(v) for v in values]
    elif dtype[0] in "IU":
        values = [int(v) for v in values]
    return struct.pack("<%d%s" % (len(values), code), *values)


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    body = data[8 + length:]
    tensors = []
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        tensors.append({"key": key, "dtype": entry["dtype"], "shape": entry["shape"],
                        "begin": begin,
                        "values": decode(entry["dtype"], body[begin:end])})
    tensors.sort(key=lambda t: t["begin"])
    for t in tensors:
        del t["begin"]
    return {"metadata": header.get("__metadata__", {}), "tensors": tensors}


def write(spec_path, out_path):
    with open(spec_path) as f:
        spec = json.load(f)
    header = {}
    if spec.get("metadata"):
        header["__metadata__"] = spec["metadata"]
    body = b""
    for t in spec["tensors"]:
        raw = encode(t["dtype"], t["values"])
        header[t["key"]] = {"dtype": t["dtype"], "shape": t["shape"],
                            "data_offsets": [len(body), len(body) + len(raw)]}
        body += raw
    text = json.dumps(header).encode()
    with open(out_path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + body)


def main():
    if sys.argv[1] == "read":
        json.dump(read(sys.argv[2]), sys.stdout)
    else:
        write(sys.argv[2], sys.argv[3])


if __name__ == "__main__":
    main()
