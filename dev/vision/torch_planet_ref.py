#!/usr/bin/env python3
"""A plain PyTorch reference for multi-label images in fastai's planet layout, to compare `./fastj train --csv`
with: the small CNN of torch_folder_ref.py (4 conv-BN-ReLU layers of 32, 64, 128, 256 channels, strides 1, 2, 2,
2, global average pool, one linear layer to one output per tag), BCE with logits, AdamW (betas 0.9/0.99, eps
1e-5, wd 0.01) one-cycle at 1e-2 (pct_start 0.25), batch 64, inputs normalised with the training set's mean
and std, no augmentation, no pretraining. Validation: fastai's accuracy_multi and F2 averaged over samples
(fbeta_score), both at threshold 0.2, as fastai's planet lesson reports them.

Usage (Debian's python3-torch and python3-pil): /usr/bin/python3 torch_planet_ref.py ROOT EPOCHS [BS]
ROOT holds labels.csv (image_name,tags,is_valid; tags space-delimited) and train/<image_name>.png, as
PlanetMosaics (samples/src/test/java/dev/fastj/samples/PlanetMosaics.java) writes them; rows with is_valid
True are the validation set. Prints one line per epoch, then
'fbeta=F accuracy_multi=A epoch_seconds=E seconds=S' (E: the mean time of an epoch, training and validation,
without loading the images)."""
import csv, os, sys, time, torch, torch.nn as nn, torch.nn.functional as F
from PIL import Image

root, epochs = sys.argv[1], int(sys.argv[2])
bs = int(sys.argv[3]) if len(sys.argv) > 3 else 64
torch.manual_seed(0); torch.set_num_threads(2)
t0 = time.time()
with open(f"{root}/labels.csv", newline="") as f:
    rows = list(csv.DictReader(f))
tags = sorted({t for r in rows for t in r["tags"].split()})


def load(valid):
    xs, ys = [], []
    for r in rows:
        if (r["is_valid"].lower() in ("true", "1")) != valid:
            continue
        im = Image.open(f"{root}/train/{r['image_name']}.png").convert("L")
        x = torch.frombuffer(bytearray(im.tobytes()), dtype=torch.uint8).float().view(1, im.size[1], im.size[0])
        xs.append(x / 255.)
        y = torch.zeros(len(tags))
        for t in r["tags"].split():
            y[tags.index(t)] = 1
        ys.append(y)
    return torch.stack(xs), torch.stack(ys)


xt, yt = load(False); xv, yv = load(True)
m, s = xt.mean(), xt.std(); xt, xv = (xt - m) / s, (xv - m) / s
def cbr(i, o, st): return nn.Sequential(nn.Conv2d(i, o, 3, st, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU())
net = nn.Sequential(cbr(1, 32, 1), cbr(32, 64, 2), cbr(64, 128, 2), cbr(128, 256, 2),
                    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(256, len(tags)))
per = max(1, len(xt) // bs); steps = epochs * per
opt = torch.optim.AdamW(net.parameters(), lr=1e-2, weight_decay=0.01, betas=(0.9, 0.99), eps=1e-5)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-2, total_steps=steps, pct_start=0.25)


def scores(logits, y, thresh=0.2):
    p = (torch.sigmoid(logits) > thresh).float()
    acc = (p == y).float().mean().item()
    tp = (p * y).sum(1); fp = (p * (1 - y)).sum(1); fn = ((1 - p) * y).sum(1)
    d = 5 * tp + 4 * fn + fp
    f2 = torch.where(d > 0, 5 * tp / d.clamp(min=1e-12), torch.zeros_like(d)).mean().item()
    return f2, acc


t1 = time.time(); epoch_times = []
for e in range(epochs):
    te = time.time()
    net.train(); perm = torch.randperm(len(xt))
    for k in range(per):
        idx = perm[k*bs:(k+1)*bs]; loss = F.binary_cross_entropy_with_logits(net(xt[idx]), yt[idx])
        opt.zero_grad(); loss.backward(); opt.step(); sched.step()
    net.eval()
    with torch.no_grad():
        logits = torch.cat([net(xv[i:i+512]) for i in range(0, len(xv), 512)])
    f2, acc = scores(logits, yv)
    epoch_times.append(time.time() - te)
    print(f"epoch {e} loss {loss.item():.3f} accuracy_multi {acc:.4f} fbeta {f2:.4f} {epoch_times[-1]:.1f}s", flush=True)
print(f"fbeta={f2:.4f} accuracy_multi={acc:.4f} epoch_seconds={sum(epoch_times)/len(epoch_times):.2f} "
      f"seconds={time.time()-t0:.1f}")
