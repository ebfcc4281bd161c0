#!/usr/bin/env python3
"""PyTorch reference for `vae4j score`: the same per-example work on the pytorch-mlp VAE of torch_vae.py.

Per batch of 64 test images: encode; k latent samples per image; decode all k x 64 rows; Bernoulli -log p(x|z) per
row; log importance weights in float64; per image the IWAE -log p(x) (log-mean-exp over k), the mean reconstruction
term and the analytic KL; and the complexity term, here zlib level 9 of the raw 8-bit pixels (vae4j writes a PNG,
which is deflate of filtered rows). Weights are as initialised (throughput does not depend on them). Prints one JSON
line with rows/s of the scoring loop alone (no start-up, no data loading).

usage: score_bench.py --k 100 [--limit 2000] [--threads 2] [--data /usr/share/datasets/fashion-mnist] [--profile]
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


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--k", type=int, default=100)
    p.add_argument("--limit", type=int, default=2000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--profile", action="store_true", help="print torch.profiler's op table to stderr")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    images = read_idx(os.path.join(a.data, "t10k-images-idx3-ubyte.gz"))[:a.limit]
    x_all = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    model = VAE("mlp", [400], 20).eval()
    n, k, d = len(x_all), a.k, 20
    chunk = max(1, min(k, 8192 // a.batch))
    out = []
    prof = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) if a.profile else None
    if prof:
        prof.__enter__()
    t0 = time.perf_counter()
    with torch.no_grad():
        for start in range(0, n, a.batch):
            x = x_all[start:start + a.batch]
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
            out.append((neg_log_px - torch.tensor(nats, dtype=torch.float64), recon / k + kl))
    s = time.perf_counter() - t0
    if prof:
        prof.__exit__(None, None, None)
        print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=14), file=sys.stderr)
    print(json.dumps({"engine": "pytorch " + torch.__version__, "k": k, "rows": n, "seconds": round(s, 3),
                      "rows_per_s": round(n / s, 1), "threads": a.threads}))


if __name__ == "__main__":
    main()
