#!/usr/bin/env python3
"""Writes a mixed-type CSV of about 100 MB (1,450,000 rows) for measuring CSV load speed (not part of mvn test).

    python3 scripts/big-csv.py /tmp/big.csv [rows]

Columns: 6 numeric (a0..a5), 2 binary (smoker yes/no, flag 0/1), 2 categorical (colour: 5 levels, city: 20),
label 'label' (10 classes); 1 in 1000 values of a0 is empty (use --missing mean or drop).
"""
import random
import sys

path = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_450_000
rnd = random.Random(0)
colours = ["red", "green", "blue", "amber", "violet"]
cities = [f"city_{i:02d}" for i in range(20)]
with open(path, "w", newline="") as f:
    f.write("a0,a1,a2,a3,a4,a5,smoker,flag,colour,city,label\n")
    for i in range(rows):
        nums = [f"{rnd.gauss(0, 1) * 10:.4f}" for _ in range(6)]
        if i % 1000 == 999:
            nums[0] = ""
        f.write(",".join(nums) + f",{'yes' if rnd.random() < 0.3 else 'no'},{rnd.randint(0, 1)},"
                f"{rnd.choice(colours)},\"{rnd.choice(cities)}\",{rnd.randint(0, 9)}\n")
print(path, rows, "rows")
