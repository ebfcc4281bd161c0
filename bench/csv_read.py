#!/usr/bin/env python3
"""pandas' side of the CSV loading comparison (bench/csv-vs-pandas.sh runs vae4j's side in the same session).

    python bench/csv_read.py FILE.csv
"""
import resource
import sys
import time

import pandas as pd

t = time.perf_counter()
df = pd.read_csv(sys.argv[1])
s = time.perf_counter() - t
print(f"pandas {pd.__version__} read_csv (C engine, default options): {s:.2f} s = {len(df) / s:,.0f} rows/s, "
      f"{df.shape[0]:,} rows x {df.shape[1]} columns; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
