#!/usr/bin/env python3
"""PyTorch reference for vae4j's benchmark: the same four VAEs, trained the same way.

Same layer sizes, initialisation (PyTorch defaults for pytorch-mlp, Glorot-uniform weights and zero biases for the
Keras recipes), loss (Bernoulli from logits summed over pixels + analytic KL, averaged over the batch), optimiser
(Adam with PyTorch defaults; RMSprop with Keras' rho 0.9 and eps 1e-7), batch size, thread count and data
(Fashion-MNIST IDX files) as `vae4j train --preset NAME`. One JSON line per epoch and a final summary line on stdout.

With --official (pytorch-mlp only) it trains pytorch/examples' vae/main.py model code as published instead: the
decoder ends in a sigmoid and the loss is `F.binary_cross_entropy(recon, x, reduction="sum") + KLD`, summed over the
batch, not averaged (the data still comes from memory here, not through torchvision's DataLoader).

usage: torch_vae.py --preset NAME [--epochs N] [--limit-train N] [--threads 2] [--data DIR] [--official]
"""
import argparse
import gzip
import json
import os
import resource
import struct
import sys
import time

T0 = time.time()
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

PRESETS = {
    "pytorch-mlp": dict(arch="mlp", hidden=[400], latent=20, opt="adam", batch=128, init="pytorch"),
    "keras-mlp": dict(arch="mlp", hidden=[512], latent=2, opt="adam", batch=128, init="glorot"),
    "keras-mlp-2017": dict(arch="mlp", hidden=[256], latent=2, opt="rmsprop", batch=100, init="glorot"),
    "keras-conv-2017": dict(arch="conv2017", hidden=[64, 128], latent=2, opt="rmsprop", batch=100, init="glorot"),
    "keras-conv": dict(arch="conv", hidden=[32, 64, 16], latent=2, opt="adam", batch=128, init="glorot"),
}


def read_idx(path):
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    rank = data[3]
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


class SamePad2x2(nn.Module):
    """TensorFlow's 'same' for an even (2x2) kernel: one extra zero row/column at the bottom/right."""

    def forward(self, x):
        return F.pad(x, (0, 1, 0, 1))


class VAE(nn.Module):
    def __init__(self, arch, hidden, latent):
        super().__init__()
        self.latent = latent
        if arch == "mlp":
            layers, prev = [nn.Flatten()], 784
            for h in hidden:
                layers += [nn.Linear(prev, h), nn.ReLU()]
                prev = h
            self.enc = nn.Sequential(*layers)
            dec, prev = [], latent
            for h in reversed(hidden):
                dec += [nn.Linear(prev, h), nn.ReLU()]
                prev = h
            dec += [nn.Linear(prev, 784), nn.Unflatten(1, (1, 28, 28))]
            self.dec = nn.Sequential(*dec)
            feat = hidden[-1]
        elif arch == "conv2017":
            f, inter = hidden
            self.enc = nn.Sequential(
                SamePad2x2(), nn.Conv2d(1, 1, 2), nn.ReLU(),
                nn.Conv2d(1, f, 2, stride=2), nn.ReLU(),
                nn.Conv2d(f, f, 3, padding=1), nn.ReLU(),
                nn.Conv2d(f, f, 3, padding=1), nn.ReLU(),
                nn.Flatten(), nn.Linear(f * 14 * 14, inter), nn.ReLU())
            self.dec = nn.Sequential(
                nn.Linear(latent, inter), nn.ReLU(), nn.Linear(inter, f * 14 * 14), nn.ReLU(),
                nn.Unflatten(1, (f, 14, 14)),
                nn.ConvTranspose2d(f, f, 3, padding=1), nn.ReLU(),
                nn.ConvTranspose2d(f, f, 3, padding=1), nn.ReLU(),
                nn.ConvTranspose2d(f, f, 3, stride=2), nn.ReLU(),
                nn.Conv2d(f, 1, 2))
            feat = inter
        else:
            f1, f2, dense = hidden
            self.enc = nn.Sequential(
                nn.Conv2d(1, f1, 3, stride=2, padding=1), nn.ReLU(),
                nn.Conv2d(f1, f2, 3, stride=2, padding=1), nn.ReLU(),
                nn.Flatten(), nn.Linear(f2 * 7 * 7, dense), nn.ReLU())
            self.dec = nn.Sequential(
                nn.Linear(latent, f2 * 7 * 7), nn.ReLU(), nn.Unflatten(1, (f2, 7, 7)),
                nn.ConvTranspose2d(f2, f2, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
                nn.ConvTranspose2d(f2, f1, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
                nn.ConvTranspose2d(f1, 1, 3, padding=1))
            feat = dense
        self.mean = nn.Linear(feat, latent)
        self.log_var = nn.Linear(feat, latent)

    def loss(self, x):
        h = self.enc(x)
        mean, log_var = self.mean(h), self.log_var(h)
        z = mean + torch.exp(0.5 * log_var) * torch.randn_like(mean)
        logits = self.dec(z)
        n = x.shape[0]
        recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / n
        kl = -0.5 * torch.sum(1 + log_var - mean.pow(2) - log_var.exp()) / n
        return recon, kl


class OfficialVAE(nn.Module):
    """pytorch/examples vae/main.py, the model and loss as published."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def decode(self, z):
        h3 = F.relu(self.fc3(z))
        return torch.sigmoid(self.fc4(h3))

    def forward(self, x):
        mu, logvar = self.encode(x.view(-1, 784))
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar

    def loss(self, x):
        recon_x, mu, logvar = self(x)
        bce = F.binary_cross_entropy(recon_x, x.view(-1, 784), reduction="sum")
        kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        n = x.shape[0]
        # the example minimises the batch sum; returned per image so that the printed numbers compare
        return bce / n, kld / n, bce + kld


def glorot(model):
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", required=True, choices=sorted(PRESETS))
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--limit-train", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--official", action="store_true",
                    help="pytorch-mlp only: pytorch/examples' model and loss code as published (sigmoid + BCE)")
    ap.add_argument("--profile", type=int, default=0, metavar="STEPS",
                    help="instead of training: time STEPS steps phase by phase and print torch.profiler's op table")
    a = ap.parse_args()
    p = PRESETS[a.preset]
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    train = torch.from_numpy(read_idx(os.path.join(a.data, "train-images-idx3-ubyte.gz")).copy())
    test = torch.from_numpy(read_idx(os.path.join(a.data, "t10k-images-idx3-ubyte.gz")).copy())
    if a.limit_train:
        train = train[:a.limit_train]
    train = train.unsqueeze(1).float().div_(255)
    test = test.unsqueeze(1).float().div_(255)
    if a.official and a.preset != "pytorch-mlp":
        ap.error("--official is pytorch/examples' model: --preset pytorch-mlp only")
    model = OfficialVAE() if a.official else VAE(p["arch"], p["hidden"], p["latent"])
    if p["init"] == "glorot":
        glorot(model)
    if p["opt"] == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    else:
        opt = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
    n, bs = train.shape[0], p["batch"]
    if a.profile:
        return profile(model, opt, train, bs, a.profile)
    first_batch = None
    for epoch in range(1, a.epochs + 1):
        model.train()
        start = time.time()
        perm = torch.randperm(n)
        total = 0.0
        for i in range(0, n, bs):
            x = train[perm[i:i + bs]]
            opt.zero_grad()
            if a.official:
                recon, kl, batch_sum = model.loss(x)
                batch_sum.backward()
                total += batch_sum.item()
            else:
                recon, kl = model.loss(x)
                loss = recon + kl
                loss.backward()
                total += loss.item() * x.shape[0]
            opt.step()
            if first_batch is None:
                first_batch = time.time() - T0
        train_s = time.time() - start
        model.eval()
        tl = 0.0
        with torch.no_grad():
            for i in range(0, test.shape[0], 250):
                r, k = model.loss(test[i:i + 250])[:2]
                tl += (r + k).item() * min(250, test.shape[0] - i)
        print(json.dumps(dict(epoch=epoch, trainLoss=total / n, testLoss=tl / test.shape[0],
                              imagesPerSecond=n / train_s)), flush=True)
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(dict(summary=True, firstBatchSeconds=first_batch, peakRssMiB=rss_mib,
                          torch=torch.__version__, blas=blas_info(), threads=torch.get_num_threads())), flush=True)


def profile(model, opt, train, bs, steps):
    """Phase times over `steps` training steps (after warm-up), then torch.profiler's table of the same steps."""
    import torch.profiler as tp
    perm = torch.randperm(train.shape[0])
    per_pass = train.shape[0] // bs
    phases = ["gather", "zero_grad", "forward + loss", "item()", "backward", "optimiser step"]
    times = {k: [] for k in phases}

    def step(s, record):
        b = s % per_pass
        t = [time.perf_counter()]
        x = train[perm[b * bs:(b + 1) * bs]]
        t.append(time.perf_counter())
        opt.zero_grad()
        t.append(time.perf_counter())
        recon, kl = model.loss(x)
        loss = recon + kl
        t.append(time.perf_counter())
        loss.item()
        t.append(time.perf_counter())
        loss.backward()
        t.append(time.perf_counter())
        opt.step()
        t.append(time.perf_counter())
        if record:
            for k, a, b_ in zip(phases, t, t[1:]):
                times[k].append(b_ - a)

    for s in range(max(20, steps // 5)):
        step(s, False)
    cpu = time.thread_time()
    for s in range(steps):
        step(s, True)
    cpu = (time.thread_time() - cpu) / steps
    total = sum(sum(v) for v in times.values()) / steps
    print(f"PyTorch {torch.__version__}: {steps} steps of batch {bs}; {1000 * total:.3f} ms per step "
          f"({bs / total:,.0f} images/s); this thread's CPU time {1000 * cpu:.3f} ms per step")
    print("| phase | median ms | mean ms | share of mean |")
    print("|---|---|---|---|")
    for k, v in times.items():
        v = sorted(v)
        mean = sum(v) / len(v)
        print(f"| {k} | {1000 * v[len(v) // 2]:.3f} | {1000 * mean:.3f} | {100 * mean / total:.1f} % |")
    if os.environ.get("PROFILE_OPS", "1") == "0":
        return
    with tp.profile(activities=[tp.ProfilerActivity.CPU]) as prof:
        for s in range(steps):
            step(s, False)
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=30, max_name_column_width=40))


def blas_info():
    cfg = torch.__config__.show()
    for key in ("BLAS_INFO=", "LAPACK_INFO="):
        if key in cfg:
            return cfg.split(key, 1)[1].split(",", 1)[0].strip()
    return "unknown"


if __name__ == "__main__":
    sys.exit(main())
