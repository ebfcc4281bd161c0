#!/usr/bin/env python3
"""PyTorch reference for vae4j's inference paths on the pytorch-mlp VAE (784-400-20) of torch_vae.py, the work of
each done the same way as vae4j does it (bench/InferBench.java is the vae4j side):

  score --k K   per batch of 64 (as `vae4j score`): encode; k samples per image (float64 noise), in chunks of at
                most 8,192 decoder rows; decode; Bernoulli -log p(x|z) per row; float64 log importance weights; per
                image the IWAE -log p(x) (log-mean-exp over k), the mean reconstruction term and the analytic KL; and
                the complexity term, zlib level 9 of the raw 8-bit pixels (vae4j counts the PNG: deflate of the
                filtered rows, the same cost: 43-44 us per image here either way)
  encode        posterior means and log-variances of every image, 1,000 at a time, copied out to numpy
  evaluate --k K  per batch of 32 (as vae4j's Evaluation): encode, KL per dimension, posterior means for the
                active units, k samples in chunks of at most 8,192 decoder rows, Bernoulli log p(x|z), float32 log
                weights, float64 logsumexp, summed -ELBO terms and IWAE -log p(x)

Weights are as initialised (throughput does not depend on them). Inference under torch.inference_mode(). Up to
3 warm-up passes, then --passes passes timed (default 1); prints one JSON line with rows/s of the loop alone
and the process's CPU time per row (all threads).

usage: infer_bench.py score|encode|evaluate [--k 100] [--limit 2000] [--passes 1] [--threads 2] [--profile]
"""
import argparse
import json
import math
import os
import sys
import time
import zlib

import numpy as np
import torch
import torch.nn.functional as F

from torch_vae import VAE, read_idx

LOG_2PI = math.log(2 * math.pi)


def score(model, x_all, k, batch=64):
    d = model.latent
    chunk = max(1, min(k, 8192 // batch))
    out = []
    for start in range(0, len(x_all), batch):
        x = x_all[start:start + batch]
        b = x.shape[0]
        h = model.enc(x)
        mean, log_var = model.mean(h).double(), model.log_var(h).double()
        std = (0.5 * log_var).exp()
        kl = 0.5 * (log_var.exp() + mean.pow(2) - log_var - 1).sum(1)
        log_q_const = -0.5 * (log_var.sum(1) + d * LOG_2PI)
        weights, recon = [], torch.zeros(b, dtype=torch.float64)
        for done in range(0, k, chunk):
            s = min(chunk, k - done)
            eps = torch.randn(s, b, d, dtype=torch.float64)
            z = mean.unsqueeze(0) + std.unsqueeze(0) * eps
            logits = model.dec(z.float().reshape(s * b, d))
            target = x.repeat(s, 1, 1, 1)
            nll = F.binary_cross_entropy_with_logits(logits, target, reduction="none").flatten(1).sum(1)
            nll = nll.double().reshape(s, b)
            log_pz = -0.5 * (z.pow(2).sum(2) + d * LOG_2PI)
            log_q = -0.5 * eps.pow(2).sum(2) + log_q_const.unsqueeze(0)
            weights.append(-nll + log_pz - log_q)
            recon += nll.sum(0)
        w = torch.cat(weights, 0)
        neg_log_px = -(torch.logsumexp(w, 0) - math.log(k))
        raw = (x.squeeze(1) * 255).round().to(torch.uint8).numpy()
        nats = [len(zlib.compress(r.tobytes(), 9)) * 8 * math.log(2) for r in raw]
        out.append(((neg_log_px - torch.tensor(nats, dtype=torch.float64)).numpy(), (recon / k + kl).numpy()))
    return out


def encode(model, x_all, batch=1000):
    means, log_vars = [], []
    for start in range(0, len(x_all), batch):
        h = model.enc(x_all[start:start + batch])
        means.append(model.mean(h).numpy().copy())
        log_vars.append(model.log_var(h).numpy().copy())
    return np.concatenate(means), np.concatenate(log_vars)


def evaluate(model, x_all, k, batch=32):
    d = model.latent
    chunk = max(1, min(k, 8192 // batch))
    recon = kl = nll = 0.0
    kl_dim = torch.zeros(d, dtype=torch.float64)
    mean_sum = torch.zeros(d, dtype=torch.float64)
    mean_sq = torch.zeros(d, dtype=torch.float64)
    for start in range(0, len(x_all), batch):
        x = x_all[start:start + batch]
        b = x.shape[0]
        h = model.enc(x)
        mean, log_var = model.mean(h), model.log_var(h)
        kl_per = 0.5 * (log_var.exp() + mean.pow(2) - log_var - 1)
        kl += kl_per.sum().item()
        kl_dim += kl_per.sum(0).double()
        mean_sum += mean.double().sum(0)
        mean_sq += mean.double().pow(2).sum(0)
        std = (0.5 * log_var).exp()
        log_q_const = -0.5 * (log_var.sum(1) + d * LOG_2PI)
        parts, ll_sum = [], 0.0
        for done in range(0, k, chunk):
            s = min(chunk, k - done)
            eps = torch.randn(s, b, d)
            z = mean.unsqueeze(0) + std.unsqueeze(0) * eps
            logits = model.dec(z.reshape(s * b, d))
            target = x.repeat(s, 1, 1, 1)
            ll = -F.binary_cross_entropy_with_logits(logits, target, reduction="none").flatten(1).sum(1).reshape(s, b)
            ll_sum += ll.double().sum().item()
            log_pz = -0.5 * (z.pow(2).sum(2) + d * LOG_2PI)
            log_q = -0.5 * eps.pow(2).sum(2) + log_q_const.unsqueeze(0)
            parts.append((ll + log_pz - log_q).double().t())
        lw = torch.cat(parts, 1)
        recon -= ll_sum / k
        nll -= (torch.logsumexp(lw, 1) - math.log(k)).sum().item()
    return recon, kl, nll


def main():
    p = argparse.ArgumentParser()
    p.add_argument("task", choices=["score", "encode", "evaluate"])
    p.add_argument("--k", type=int, default=100)
    p.add_argument("--limit", type=int, default=2000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--passes", type=int, default=1, help="timed passes over the rows (encode: a pass is ~40 ms)")
    p.add_argument("--profile", action="store_true", help="print torch.profiler's op table to stderr")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    images = read_idx(os.path.join(a.data, "t10k-images-idx3-ubyte.gz"))[:a.limit]
    x_all = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    model = VAE("mlp", [400], 20).eval()
    run = {"score": lambda x: score(model, x, a.k), "encode": lambda x: encode(model, x),
           "evaluate": lambda x: evaluate(model, x, a.k)}[a.task]
    with torch.inference_mode():
        for _ in range(min(a.passes, 3)):
            run(x_all)  # warm-up: the same pass (up to 3 times)
        prof = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) if a.profile else None
        if prof:
            prof.__enter__()
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in range(a.passes):
            run(x_all)
        s, cpu = time.perf_counter() - t0, time.process_time() - c0
        if prof:
            prof.__exit__(None, None, None)
            print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=14), file=sys.stderr)
    rows = len(x_all) * a.passes
    print(json.dumps({"engine": "pytorch " + torch.__version__, "task": a.task,
                      "k": a.k if a.task != "encode" else None, "rows": rows, "seconds": round(s, 4),
                      "rows_per_s": round(rows / s, 1), "cpu_us_per_row": round(cpu * 1e6 / rows, 1),
                      "threads": a.threads}))


if __name__ == "__main__":
    main()
