#!/usr/bin/env python3
"""Writes images of an IDX data set (gzipped or not) as a uint8 .npy file [n, 28, 28], optionally with labels.

usage: idx_to_npy.py IMAGES LABELS OUT.npy [--class C] [--labels-out L.npy] [--label-value V]
  --class C        keep only the images of class C
  --label-value V  write V as every image's label (instead of the IDX labels)
Several IMAGES/LABELS pairs may be joined with --append-from IMAGES LABELS VALUE (repeatable).
"""
import argparse, gzip
import numpy as np


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


p = argparse.ArgumentParser()
p.add_argument("images"); p.add_argument("labels"); p.add_argument("out")
p.add_argument("--class", dest="cls", type=int)
p.add_argument("--labels-out")
p.add_argument("--label-value", type=int)
p.add_argument("--append-from", nargs=3, action="append", default=[])
a = p.parse_args()
x, y = read_idx(a.images), read_idx(a.labels).astype(np.int64)
if a.cls is not None:
    x, y = x[y == a.cls], y[y == a.cls]
if a.label_value is not None:
    y = np.full(len(x), a.label_value, dtype=np.int64)
for images, labels, value in a.append_from:
    x2 = read_idx(images)
    x, y = np.concatenate([x, x2]), np.concatenate([y, np.full(len(x2), int(value), dtype=np.int64)])
np.save(a.out, np.ascontiguousarray(x))
if a.labels_out:
    np.save(a.labels_out, y)
print(f"{a.out}: {len(x)} images")
