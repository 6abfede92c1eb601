#!/usr/bin/env python3
"""A plain PyTorch reference for image regression (points), to compare ./fastj train-points with, on a set
of dev/vision/make_points.py: the small CNN of torch_folder_ref.py (4 conv-BN-ReLU layers of 32, 64, 128,
256 channels, strides 1, 2, 2, 2, global average pool, one linear layer to 2 values per point), MSE on
targets scaled to -1..1 by the image size (fastai's PointScaler), AdamW (betas 0.9/0.99, eps 1e-5, wd
0.01) one-cycle at --lr, inputs normalised with the training set's mean and std, no augmentation, no
pretraining; a random 20% of the rows (seeded) for validation.

Usage (Debian's python3-torch and python3-pil): /usr/bin/python3 torch_points_ref.py ROOT EPOCHS
    [--size N] [--bs N] [--lr X]
ROOT holds points.csv (image,x,y) and the images; --size resizes (default: the images' own size).
Prints one line per epoch (with its seconds), then 'mean_pixel_error=E epoch_seconds=S seconds=T', the
error in pixels of the original images and the median training time of an epoch."""
import argparse, csv, statistics, time, torch, torch.nn as nn, torch.nn.functional as F
from PIL import Image

ap = argparse.ArgumentParser()
ap.add_argument("root"); ap.add_argument("epochs", type=int)
ap.add_argument("--size", type=int); ap.add_argument("--bs", type=int, default=64)
ap.add_argument("--lr", type=float, default=1e-2)
a = ap.parse_args()

torch.manual_seed(0); torch.set_num_threads(2)
t0 = time.time()
with open(f"{a.root}/points.csv") as f:
    rows = list(csv.DictReader(f))
xs, ys, sizes = [], [], []
for r in rows:
    im = Image.open(f"{a.root}/{r['image']}").convert("L")
    w, h = im.size
    if a.size:
        im = im.resize((a.size, a.size), Image.BILINEAR)
    x = torch.frombuffer(bytearray(im.tobytes()), dtype=torch.uint8).float().view(1, im.size[1], im.size[0])
    xs.append(x / 255.)
    ys.append(torch.tensor([float(r["x"]) * 2 / w - 1, float(r["y"]) * 2 / h - 1]))
    sizes.append((w, h))
x, y = torch.stack(xs), torch.stack(ys)
perm = torch.randperm(len(x), generator=torch.Generator().manual_seed(42))
nv = int(round(0.2 * len(x)))
vi, ti = perm[:nv], perm[nv:]
xt, yt, xv, yv = x[ti], y[ti], x[vi], y[vi]
m, s = xt.mean(), xt.std(); xt, xv = (xt - m) / s, (xv - m) / s
wh = torch.tensor([sizes[i] for i in vi.tolist()], dtype=torch.float32)

def cbr(i, o, st): return nn.Sequential(nn.Conv2d(i, o, 3, st, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU())
net = nn.Sequential(cbr(1, 32, 1), cbr(32, 64, 2), cbr(64, 128, 2), cbr(128, 256, 2),
                    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(256, y.shape[1]))
bs = a.bs; per = max(1, len(xt) // bs); steps = a.epochs * per
opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=0.01, betas=(0.9, 0.99), eps=1e-5)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=steps, pct_start=0.25)
epoch_s = []
for e in range(a.epochs):
    te = time.time()
    net.train(); p = torch.randperm(len(xt))
    for k in range(per):
        idx = p[k*bs:(k+1)*bs]; loss = F.mse_loss(net(xt[idx]), yt[idx])
        opt.zero_grad(); loss.backward(); opt.step(); sched.step()
    epoch_s.append(time.time() - te)
    net.eval()
    with torch.no_grad():
        pred = torch.cat([net(xv[i:i+512]) for i in range(0, len(xv), 512)])
    vloss = F.mse_loss(pred, yv).item()
    err = (((pred - yv) / 2 * wh).pow(2).sum(1).sqrt()).mean().item()
    print(f"epoch {e} train_loss {loss.item():.4f} valid_loss {vloss:.4f} mean_pixel_error {err:.2f} "
          f"{epoch_s[-1]:.1f}s", flush=True)
print(f"mean_pixel_error={err:.3f} epoch_seconds={statistics.median(epoch_s):.2f} seconds={time.time()-t0:.1f}")
