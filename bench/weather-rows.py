"""N rows like Seattle's weather (README): the 1,461 real days repeated with small Gaussian jitter, an id column first.
Usage: python3 bench/weather-rows.py N OUT.csv"""
import csv
import random
import sys

SOURCE = "/usr/lib/python3/dist-packages/vega_datasets/_data/seattle-weather.csv"
n, out = int(sys.argv[1]), sys.argv[2]
r = random.Random(1)
days = list(csv.DictReader(open(SOURCE)))
with open(out, "w") as f:
    f.write("id,date,precipitation,temp_max,temp_min,wind,weather\n")
    for i in range(n):
        d = days[i % len(days)]
        f.write("%d,%s,%.1f,%.1f,%.1f,%.1f,%s\n" % (
            i, d["date"], max(0.0, float(d["precipitation"]) + r.gauss(0, 0.5)),
            float(d["temp_max"]) + r.gauss(0, 1), float(d["temp_min"]) + r.gauss(0, 1),
            abs(float(d["wind"]) + r.gauss(0, 0.3)), d["weather"]))
