#!/usr/bin/env python3
"""vae4j vs PyTorch (and Keras 3), side by side on this machine, in one run.

    bench/.venv/bin/python bench/run.py [--rounds 3] [--models pytorch-mlp,keras-mlp,keras-conv,keras-conv-2017]

For each round and model it trains the same model with vae4j (`./vae4j train`) and with PyTorch
(`bench/torch_vae.py`: same layers, initialisation, loss, optimiser, batch size, threads and data), alternating which
goes first, and prints one table: images/s in epoch 1 and in warm epochs (medians over rounds), the ratio
vae4j / PyTorch (of those medians, and the median over rounds of each round's own ratio, which a drift of the
machine's speed between rounds does not move), peak RSS, time from process start to the first batch, final test -ELBO, and achieved GFLOP/s against
the machine's peak. With --keras it also runs the Keras recipes (keras-mlp, keras-conv) with Keras 3 on TensorFlow.
Beside those rows: vae4j with `--precision bf16` (unless --no-bf16; bfloat16 matrix work, float32 weights and loss,
so not "written the same way" as the float32 PyTorch twin: its own row), and for pytorch-mlp the official PyTorch
example code as published (`torch_vae.py --official`: sigmoid + `binary_cross_entropy`, loss summed over the batch).
Results go to bench/out/ (JSON) and the table to stdout (Markdown). 3 rounds take about 15 minutes on a quiet
2-core machine.
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# This machine image sets OPENBLAS_CORETYPE=Haswell (and OPENBLAS_L2_SIZE) for old OpenBLAS builds; OpenBLAS 0.3.31
# runs correctly with its own choice, which is measured here (vae4j prints the kernel it uses). Both processes of the
# benchmark run without the two variables; tests and CI keep them.
ENV = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
PY = sys.executable
# epochs and training images per run: enough for a warm epoch, short enough for several rounds
PLAN = {
    "pytorch-mlp": dict(epochs=3, limit=60000),
    "keras-mlp": dict(epochs=3, limit=60000),
    "keras-conv": dict(epochs=2, limit=20000),
    "keras-conv-2017": dict(epochs=2, limit=6000),
}


def forward_macs(preset):
    """Multiply-accumulates of one forward pass of one image (encoder + decoder)."""
    if preset in ("pytorch-mlp", "keras-mlp", "keras-mlp-2017"):
        h, z = {"pytorch-mlp": (400, 20), "keras-mlp": (512, 2), "keras-mlp-2017": (256, 2)}[preset]
        return 784 * h + 2 * h * z + z * h + h * 784
    # a convolution costs out_h * out_w * c_out * c_in * k * k; a transposed one in_h * in_w * c_in * c_out * k * k
    if preset == "keras-conv":
        enc = 14 * 14 * 32 * 1 * 9 + 7 * 7 * 64 * 32 * 9 + 3136 * 16 + 2 * 16 * 2
        dec = 2 * 3136 + 7 * 7 * 64 * 64 * 9 + 14 * 14 * 64 * 32 * 9 + 28 * 28 * 32 * 1 * 9
        return enc + dec
    if preset == "keras-conv-2017":
        enc = 28 * 28 * 4 + 14 * 14 * 64 * 4 + 2 * 14 * 14 * 64 * 9 * 64 + 12544 * 128 + 2 * 128 * 2
        dec = 2 * 128 + 128 * 12544 + 2 * 14 * 14 * 64 * 9 * 64 + 14 * 14 * 64 * 9 * 64 + 28 * 28 * 4 * 64
        return enc + dec
    raise ValueError(preset)


def peak_gflops():
    flags = open("/proc/cpuinfo").read()
    mhz = max(float(m) for m in re.findall(r"cpu MHz\s*:\s*([\d.]+)", flags))
    lanes = 16 if "avx512f" in flags else 8 if "avx2" in flags else 4
    fma = 2 if " fma" in flags else 1
    cores = os.cpu_count()
    # 2 FMA pipes per core assumed (Zen 4 and Intel server cores); an FMA is 2 FLOPs
    return cores * mhz / 1000 * lanes * fma * 2, f"{cores} cores x {mhz:.0f} MHz x {lanes} fp32 lanes x 2 FMA pipes x 2"


def run_java(preset, plan, tmp, precision="fp32"):
    out = os.path.join(tmp, "java-" + preset)
    shutil.rmtree(out, ignore_errors=True)
    cmd = [os.path.join(ROOT, "vae4j"), "train", "--dataset", "fashion-mnist", "--offline", "--preset", preset,
           "--epochs", str(plan["epochs"]), "--limit-train", str(plan["limit"]), "--checkpoint-every", "1000",
           "--precision", precision, "--out", out]
    t0 = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=ENV)
    if p.returncode != 0:
        raise RuntimeError("vae4j failed: " + p.stdout[-2000:] + p.stderr[-2000:])
    done = re.search(r"first batch after ([\d.]+) s; peak RSS (\d+) MiB", p.stdout)
    engine = re.search(r"^engine: (.*)$", p.stdout, re.M).group(1)
    epochs = [json.loads(line) for line in open(os.path.join(out, "history.jsonl"))]
    return dict(epochs=[e["imagesPerSecond"] for e in epochs], testLoss=epochs[-1]["testLoss"],
                firstBatch=float(done.group(1)), peakRss=float(done.group(2)), wall=time.time() - t0, engine=engine)


def run_torch(preset, plan, official=False):
    cmd = [PY, os.path.join(ROOT, "bench", "torch_vae.py"), "--preset", preset, "--epochs", str(plan["epochs"]),
           "--limit-train", str(plan["limit"]), "--threads", str(os.cpu_count())] + (["--official"] if official else [])
    t0 = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True, env=ENV)
    if p.returncode != 0:
        raise RuntimeError("torch failed: " + p.stderr[-2000:])
    lines = [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]
    epochs = [e for e in lines if "epoch" in e]
    s = [e for e in lines if e.get("summary")][0]
    return dict(epochs=[e["imagesPerSecond"] for e in epochs], testLoss=epochs[-1]["testLoss"],
                firstBatch=s["firstBatchSeconds"], peakRss=s["peakRssMiB"], wall=time.time() - t0,
                version=s["torch"], blas=s["blas"], threads=s["threads"])


def run_keras(preset, plan):
    cmd = [PY, os.path.join(ROOT, "bench", "keras_vae.py"), "--preset", preset, "--epochs", str(plan["epochs"]),
           "--limit-train", str(plan["limit"])]
    p = subprocess.run(cmd, capture_output=True, text=True, env=dict(ENV, TF_CPP_MIN_LOG_LEVEL="2"))
    if p.returncode != 0:
        raise RuntimeError("keras failed: " + p.stderr[-2000:])
    lines = [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]
    epochs = [e for e in lines if "epoch" in e]
    s = [e for e in lines if e.get("summary")][0]
    return dict(epochs=[e["imagesPerSecond"] for e in epochs], testLoss=epochs[-1]["testLoss"],
                firstBatch=s["firstBatchSeconds"], peakRss=s["peakRssMiB"], version=s["version"])


def med(values):
    return statistics.median(values) if values else float("nan")


def round_ratio(a, b):
    """Median over rounds of (a's warm images/s / b's) within each round: the two ran back to back, so a drift of the
    machine's speed between rounds (up to 1.5x within minutes on the shared VM this was written on) cancels."""
    return med([med(x["epochs"][1:]) / med(y["epochs"][1:]) for x, y in zip(a, b)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--models", default=",".join(PLAN))
    ap.add_argument("--keras", action="store_true", help="also run the Keras 3 recipes (keras-mlp, keras-conv)")
    ap.add_argument("--no-bf16", action="store_true", help="leave out the vae4j --precision bf16 rows")
    ap.add_argument("--limit", type=int, default=0,
                    help="at most this many training images per run (a smoke test of the script; not for timing)")
    a = ap.parse_args()
    models = a.models.split(",")
    if a.limit:
        for m in models:
            PLAN[m] = dict(PLAN[m], limit=min(PLAN[m]["limit"], a.limit))
    subprocess.run([os.path.join(ROOT, "vae4j"), "--version"], check=True, capture_output=True, cwd=ROOT)
    results = {m: dict(java=[], torch=[], keras=[], bf16=[], official=[]) for m in models}
    tmp = tempfile.mkdtemp(prefix="vae4j-bench-")
    runners = dict(java=lambda m: run_java(m, PLAN[m], tmp), torch=lambda m: run_torch(m, PLAN[m]),
                   bf16=lambda m: run_java(m, PLAN[m], tmp, "bf16"),
                   official=lambda m: run_torch(m, PLAN[m], official=True), keras=lambda m: run_keras(m, PLAN[m]))
    for r in range(a.rounds):
        for m in models:
            sides = ["java", "torch"]
            if not a.no_bf16:
                sides.append("bf16")
            if m == "pytorch-mlp":
                sides.append("official")
            if a.keras and m in ("keras-mlp", "keras-conv"):
                sides.append("keras")
            # every side goes first in turn, round after round
            k = r % len(sides)
            for side in sides[k:] + sides[:k]:
                res = runners[side](m)
                results[m][side].append(res)
                print(f"round {r + 1} {m:16s} {side:8s} img/s " + " ".join(f"{e:,.0f}" for e in res["epochs"])
                      + f"  -ELBO {res['testLoss']:.2f}  RSS {res['peakRss']:.0f} MiB", file=sys.stderr)
    shutil.rmtree(tmp, ignore_errors=True)
    peak, peak_desc = peak_gflops()
    torch_info = results[models[0]]["torch"][0]
    rows = []
    head = ("| model | vae4j img/s epoch 1 | PyTorch img/s epoch 1 | ratio | vae4j img/s warm | PyTorch img/s warm |"
            " ratio | warm ratio, median of rounds | vae4j GFLOP/s (% of peak) | peak RSS vae4j / PyTorch MiB | first batch vae4j / PyTorch s |"
            " test -ELBO vae4j / PyTorch |")
    rows.append(head)
    rows.append("|" + "|".join(["---"] * (head.count("|") - 1)) + "|")
    summary = {}
    for m in models:
        j, t = results[m]["java"], results[m]["torch"]
        j1, t1 = med([x["epochs"][0] for x in j]), med([x["epochs"][0] for x in t])
        jw, tw = med([e for x in j for e in x["epochs"][1:]]), med([e for x in t for e in x["epochs"][1:]])
        gflops = jw * forward_macs(m) * 2 * 3 / 1e9
        rows.append(f"| {m} | {j1:,.0f} | {t1:,.0f} | {j1 / t1:.2f} | {jw:,.0f} | {tw:,.0f} | {jw / tw:.2f} |"
                    f" {round_ratio(j, t):.2f} | {gflops:.1f} ({100 * gflops / peak:.1f} %) | {med([x['peakRss'] for x in j]):.0f} /"
                    f" {med([x['peakRss'] for x in t]):.0f} | {med([x['firstBatch'] for x in j]):.2f} /"
                    f" {med([x['firstBatch'] for x in t]):.2f} | {med([x['testLoss'] for x in j]):.2f} /"
                    f" {med([x['testLoss'] for x in t]):.2f} |")
        summary[m] = dict(java=j, torch=t, keras=results[m]["keras"], bf16=results[m]["bf16"],
                          official=results[m]["official"], epoch1_ratio=j1 / t1, warm_ratio=jw / tw,
                          warm_round_ratio=round_ratio(j, t),
                          gflops=gflops, plan=PLAN[m])
        if results[m]["bf16"]:
            b = results[m]["bf16"]
            b1, bw = med([x["epochs"][0] for x in b]), med([e for x in b for e in x["epochs"][1:]])
            bg = bw * forward_macs(m) * 2 * 3 / 1e9
            rows.append(f"| {m} (vae4j --precision bf16) | {b1:,.0f} | {t1:,.0f} | {b1 / t1:.2f} | {bw:,.0f} |"
                        f" {tw:,.0f} | {bw / tw:.2f} (bf16 / PyTorch fp32) | {round_ratio(b, t):.2f} | {bg:.1f} ({100 * bg / peak:.1f} % of fp32"
                        f" peak) | {med([x['peakRss'] for x in b]):.0f} / {med([x['peakRss'] for x in t]):.0f} |"
                        f" {med([x['firstBatch'] for x in b]):.2f} | {med([x['testLoss'] for x in b]):.2f} |")
            summary[m].update(bf16_warm_ratio=bw / tw, bf16_warm_round_ratio=round_ratio(b, t))
        if results[m]["official"]:
            o = results[m]["official"]
            o1, ow = med([x["epochs"][0] for x in o]), med([e for x in o for e in x["epochs"][1:]])
            rows.append(f"| {m} (PyTorch official example code) | {j1:,.0f} | {o1:,.0f} | {j1 / o1:.2f} |"
                        f" {jw:,.0f} | {ow:,.0f} | {jw / ow:.2f} (vae4j / official) | {round_ratio(j, o):.2f} | |"
                        f" {med([x['peakRss'] for x in j]):.0f} / {med([x['peakRss'] for x in o]):.0f} |"
                        f" {med([x['firstBatch'] for x in o]):.2f} | {med([x['testLoss'] for x in o]):.2f} |")
            summary[m].update(official_warm_ratio=jw / ow, official_warm_round_ratio=round_ratio(j, o))
        if results[m]["keras"]:
            k = results[m]["keras"]
            kw = med([e for x in k for e in x["epochs"][1:]])
            b = results[m]["bf16"]
            bk = (f"; bf16 {med([e for x in b for e in x['epochs'][1:]]) / kw:.2f}" if b else "")
            rows.append(f"| {m} (Keras {k[0]['version']}, TF) | | {med([x['epochs'][0] for x in k]):,.0f} | | |"
                        f" {kw:,.0f} | {jw / kw:.2f} (vae4j / Keras{bk}) |"
                        f" {round_ratio(j, k):.2f}{'; bf16 %.2f' % round_ratio(b, k) if b else ''} | | {med([x['peakRss'] for x in k]):.0f} |"
                        f" {med([x['firstBatch'] for x in k]):.2f} | {med([x['testLoss'] for x in k]):.2f} |")
            summary[m].update(keras_warm_ratio=jw / kw, keras_warm_round_ratio=round_ratio(j, k))
            if b:
                summary[m].update(bf16_keras_warm_round_ratio=round_ratio(b, k))
    header = (f"{time.strftime('%Y-%m-%d')}, {platform.node()}, {os.cpu_count()} cores, "
              f"PyTorch {torch_info['version']} (BLAS: {torch_info['blas']}, {torch_info['threads']} threads), "
              f"vae4j: {results[models[0]]['java'][0]['engine']}; "
              f"{a.rounds} rounds, medians; peak {peak:.0f} GFLOP/s = {peak_desc}; "
              f"epochs/images per run: " + ", ".join(f"{m} {PLAN[m]['epochs']}x{PLAN[m]['limit']}" for m in models))
    print(header)
    print()
    print("\n".join(rows))
    os.makedirs(os.path.join(ROOT, "bench", "out"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "out", "results.json"), "w") as f:
        json.dump(dict(header=header, results=summary), f, indent=1)


if __name__ == "__main__":
    main()
