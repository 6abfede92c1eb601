#!/usr/bin/env python3
"""A plain PyTorch reference for fastj's U-Net (issue 10), to compare quality and epoch time with
`./fastj train-unet` on the same set (dev/vision/make_segmentation_set.py): the same model written
out in plain PyTorch (xresnet_small's body: three 3x3 conv-BN-ReLU layers of 16, 32, 32 channels, the
second with stride 2, then three basic residual blocks of 32, 64, 128 channels with stride 2; fastai's
DynamicUnet decoder over it with norm_type=None: BatchNorm + ReLU + middle conv, one block per size
change with PixelShuffle and ICNR init, BatchNorm on the skip, concat, two 3x3 conv-ReLU; last_cross
and a 1x1 conv), cross-entropy over pixels, AdamW (betas 0.9/0.99, eps 1e-5, wd 0.01 but not on
BatchNorm and biases, as fastai) with one-cycle at LR (div 25, final div 1e5, pct 0.25, beta1 cycled
0.95-0.85), the same batch size, inputs normalised with the training set's mean and std, no
augmentation, no pretraining, 2 threads.

Usage (Debian's python3-torch, python3-pil): /usr/bin/python3 torch_unet_ref.py DIR EPOCHS [--bs 16] [--lr 3e-3]
Prints one line per epoch, then one JSON line: foreground_acc (pixel accuracy without the void code,
fastai's acc_camvid), dice_multi, and the seconds of each epoch."""
import argparse, json, os, time
import torch, torch.nn as nn, torch.nn.functional as F
from PIL import Image

ap = argparse.ArgumentParser()
ap.add_argument("dir"); ap.add_argument("epochs", type=int)
ap.add_argument("--bs", type=int, default=16); ap.add_argument("--lr", type=float, default=3e-3)
a = ap.parse_args()
torch.manual_seed(0); torch.set_num_threads(2)

codes = [l.strip() for l in open(f"{a.dir}/codes.txt") if l.strip()]
void = [c.lower() for c in codes].index("void") if "void" in [c.lower() for c in codes] else -1
valid_names = {l.strip() for l in open(f"{a.dir}/valid.txt") if l.strip()}

def load(names):
    xs, ys = [], []
    for n in names:
        im = Image.open(f"{a.dir}/images/{n}"); im.load()
        stem, ext = os.path.splitext(n)
        m = Image.open(f"{a.dir}/labels/{stem}_P{ext}"); m.load()
        xs.append(torch.frombuffer(bytearray(im.convert("L").tobytes()), dtype=torch.uint8).float().view(1, im.size[1], im.size[0]) / 255.)
        ys.append(torch.frombuffer(bytearray(m.tobytes()), dtype=torch.uint8).long().view(m.size[1], m.size[0]))
    return torch.stack(xs), torch.stack(ys)

names = sorted(os.listdir(f"{a.dir}/images"))
xt, yt = load([n for n in names if n not in valid_names])
xv, yv = load([n for n in names if n in valid_names])
mean, std = xt.mean(), xt.std()
xt, xv = (xt - mean) / std, (xv - mean) / std

def conv_bn(ni, nf, stride=1):
    c = nn.Conv2d(ni, nf, 3, stride, 1, bias=False); nn.init.kaiming_normal_(c.weight)
    bn = nn.BatchNorm2d(nf); nn.init.constant_(bn.bias, 1e-3)
    return nn.Sequential(c, bn, nn.ReLU())

class Block(nn.Module):
    def __init__(self, ni, nf, stride):
        super().__init__()
        self.c1 = nn.Conv2d(ni, nf, 3, stride, 1, bias=False); self.b1 = nn.BatchNorm2d(nf)
        self.c2 = nn.Conv2d(nf, nf, 3, 1, 1, bias=False); self.b2 = nn.BatchNorm2d(nf); nn.init.zeros_(self.b2.weight)
        for c in (self.c1, self.c2): nn.init.kaiming_normal_(c.weight)
        self.down = nn.Sequential(nn.Conv2d(ni, nf, 1, stride, bias=False), nn.BatchNorm2d(nf))
        nn.init.kaiming_normal_(self.down[0].weight)
    def forward(self, x):
        return F.relu(self.b2(self.c2(F.relu(self.b1(self.c1(x))))) + self.down(x))

def conv_act(ni, nf, ks=3, act=True):
    c = nn.Conv2d(ni, nf, ks, 1, (ks - 1) // 2); nn.init.kaiming_normal_(c.weight); nn.init.zeros_(c.bias)
    return nn.Sequential(c, nn.ReLU()) if act else c

class Shuffle(nn.Module):
    """PixelShuffle_ICNR(ni, nf): 1x1 conv (ICNR), ReLU, PixelShuffle(2)."""
    def __init__(self, ni, nf):
        super().__init__()
        self.conv = nn.Conv2d(ni, nf * 4, 1); nn.init.zeros_(self.conv.bias)
        k = torch.randn(nf, ni, 1, 1) * (2.0 / ni) ** 0.5
        with torch.no_grad(): self.conv.weight.copy_(k.repeat_interleave(4, dim=0))
    def forward(self, x):
        return F.pixel_shuffle(F.relu(self.conv(x)), 2)

class UBlock(nn.Module):
    def __init__(self, up_in, x_in, final_div):
        super().__init__()
        self.shuf = Shuffle(up_in, up_in // 2); self.bn = nn.BatchNorm2d(x_in); nn.init.constant_(self.bn.bias, 1e-3)
        ni = up_in // 2 + x_in; nf = ni if final_div else ni // 2
        self.c1, self.c2 = conv_act(ni, nf), conv_act(nf, nf)
    def forward(self, up, s):
        u = self.shuf(up)
        if u.shape[-2:] != s.shape[-2:]: u = F.interpolate(u, s.shape[-2:], mode="nearest")
        return self.c2(self.c1(F.relu(torch.cat([u, self.bn(s)], 1))))

class Unet(nn.Module):
    def __init__(self, n_out, size):
        super().__init__()
        self.enc = nn.ModuleList([conv_bn(1, 16), conv_bn(16, 32, 2), conv_bn(32, 32), Block(32, 32, 2), Block(32, 64, 2), Block(64, 128, 2)])
        x = torch.zeros(1, 1, size, size); widths, chans = [], []
        with torch.no_grad():
            for m in self.enc: m.eval(); x = m(x); widths.append(x.shape[-1]); chans.append(x.shape[1])
        self.skips = [i for i in range(len(widths) - 1) if widths[i] != widths[i + 1]]
        self.bn = nn.BatchNorm2d(128); nn.init.constant_(self.bn.bias, 1e-3)
        self.middle = nn.Sequential(conv_act(128, 256), conv_act(256, 128))
        blocks, up = [], 128
        for j, i in enumerate(reversed(self.skips)):
            b = UBlock(up, chans[i], j != len(self.skips) - 1); blocks.append(b); up = b.c2[0].out_channels
        self.blocks = nn.ModuleList(blocks)
        ni = up + 1
        self.res = nn.Sequential(conv_act(ni, ni), conv_act(ni, ni, act=False))
        self.final = conv_act(ni, n_out, 1, act=False)
    def forward(self, x):
        h, acts = x, []
        for m in self.enc: h = m(h); acts.append(h)
        h = self.middle(F.relu(self.bn(h)))
        for b, i in zip(self.blocks, reversed(self.skips)): h = b(h, acts[i])
        if h.shape[-2:] != x.shape[-2:]: h = F.interpolate(h, x.shape[-2:], mode="nearest")
        h = torch.cat([h, x], 1)
        h = F.relu(self.res(h) + h)
        return self.final(h)

net = Unet(len(codes), xt.shape[-1])
decay = [p for n, p in net.named_parameters() if p.ndim > 1]
no_decay = [p for n, p in net.named_parameters() if p.ndim <= 1]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                        lr=a.lr, betas=(0.9, 0.99), eps=1e-5)
steps_per_epoch = len(xt) // a.bs  # fastai drops the last partial training batch
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=a.epochs * steps_per_epoch, pct_start=0.25,
                                            div_factor=25, final_div_factor=1e5, base_momentum=0.85, max_momentum=0.95)

def evaluate():
    net.eval(); correct = total = 0; loss = 0.0
    inter = torch.zeros(len(codes)); union = torch.zeros(len(codes))
    with torch.no_grad():
        for i in range(0, len(xv), 64):
            out = net(xv[i:i + 64]); t = yv[i:i + 64]
            loss += F.cross_entropy(out, t, reduction="sum").item() / t[0].numel()
            p = out.argmax(1); keep = t != void
            correct += (p[keep] == t[keep]).sum().item(); total += keep.sum().item()
            for c in range(len(codes)):
                inter[c] += ((p == c) & (t == c)).sum(); union[c] += (p == c).sum() + (t == c).sum()
    dice = (2 * inter[union > 0] / union[union > 0]).mean().item()
    return loss / len(xv), correct / total, dice

times = []
for epoch in range(a.epochs):
    net.train(); t0 = time.time(); perm = torch.randperm(len(xt)); tl = 0.0
    for s in range(steps_per_epoch):
        idx = perm[s * a.bs:(s + 1) * a.bs]
        loss = F.cross_entropy(net(xt[idx]), yt[idx])
        opt.zero_grad(); loss.backward(); opt.step(); sched.step(); tl += loss.item()
    train_time = time.time() - t0
    vl, acc, dice = evaluate(); times.append(time.time() - t0)
    print(f"{epoch}\t{tl / steps_per_epoch:.6f}\t{vl:.6f}\t{acc:.6f}\t{dice:.6f}\t{times[-1]:.1f}s (train {train_time:.1f}s)", flush=True)
print(json.dumps({"foreground_acc": acc, "dice_multi": dice, "valid_loss": vl, "epoch_seconds": times, "bs": a.bs,
                  "lr": a.lr, "train": len(xt), "valid": len(xv)}))
