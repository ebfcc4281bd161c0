#!/usr/bin/env python3
"""Writes a large float32 .npy table for measuring vae4j's out-of-core reading (not part of mvn test).

    python3 scripts/big-npy.py /tmp/big.npy            # 786,432 x 1,024 float32 = 3 GiB (+128-byte header)
    python3 scripts/big-npy.py /tmp/big.npy 1000 784   # smaller

Values are seeded normal noise, written in chunks through a memory map, so this needs little memory itself.
"""
import sys

import numpy as np

path = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 786_432
cols = int(sys.argv[3]) if len(sys.argv) > 3 else 1_024
out = np.lib.format.open_memmap(path, mode="w+", dtype="<f4", shape=(rows, cols))
rng = np.random.default_rng(0)
chunk = max(1, (64 << 20) // (4 * cols))
for start in range(0, rows, chunk):
    n = min(chunk, rows - start)
    out[start:start + n] = rng.standard_normal((n, cols), dtype=np.float32) * 2.0 + 1.0
out.flush()
del out
print(f"{path}: {rows} x {cols} float32, {rows * cols * 4 / 2**30:.2f} GiB of data")
