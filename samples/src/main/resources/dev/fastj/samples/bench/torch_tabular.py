#!/usr/bin/python3
"""fastai's TabularModel in plain PyTorch (Debian's python3-torch), for fastj's tabular comparisons.
Run by `./fastj bench-tabular` (which writes this file, bundled in the samples jar, to a temporary
folder) or by hand; never a build or test dependency.

    torch_tabular.py accuracy --csv F --target Y [--drop a,b] [--epochs 5] [--lr 1e-3] [--bs 64] [--seed 0]
    torch_tabular.py bench --cards 10,20,... --cont 6 --rows 20000 --bs 64 --epochs 2 [--threads 2]

The model is fastai's TabularModel with tabular_learner's defaults: an Embedding per categorical
column (trunc_normal_ std 0.01, sized by emb_sz_rule), BatchNorm1d on the continuous columns,
LinBnDrop blocks [200, 100] (Linear without bias, ReLU, fastai's BatchNorm with bias 1e-3), a last
Linear. It trains with fastai's Adam (beta2 0.99, eps 1e-5, decoupled weight decay 0.01, none on
BatchNorm and bias parameters; AdamW computes the same update) under fit_one_cycle's schedule (lr
cosine from lr/25 up to lr at 25% then down to lr/1e5, beta1 0.95 -> 0.85 -> 0.95), batches drawn
by shuffled index from tensors held in memory, the last partial batch dropped (fastai's TabDataLoader).

accuracy: the procs as fastai runs them (FillMissing median with <col>_na, Categorify with #na#,
Normalize on training statistics), columns typed by cont_cat_split(max_card=20), the split from
the is_valid column; prints one JSON line {"accuracy": ...}.
bench: random codes and values of the given shape; prints one JSON line with rows_per_s, the
training rows per second over the timed epochs (after one warm-up epoch). ./fastj bench-tabular
runs it with OMP_WAIT_POLICY=PASSIVE, so that idle OpenMP threads sleep as fastj's do.
"""
import argparse
import csv
import json
import math
import time

import torch
from torch import nn

NA = {"", "NA", "N/A", "n/a", "NaN", "nan", "NULL", "null", "?"}


def emb_sz_rule(n):
    return min(600, round(1.6 * n ** 0.56))


def trunc_normal_(x, std):
    with torch.no_grad():
        return x.normal_().fmod_(2).mul_(std)


class LinBnDrop(nn.Sequential):
    def __init__(self, n_in, n_out, bn=True, act=None):
        layers = [nn.Linear(n_in, n_out, bias=not bn)]
        if act is not None:
            layers.append(act)
        if bn:
            b = nn.BatchNorm1d(n_out)
            b.bias.data.fill_(1e-3)
            b.weight.data.fill_(1.)
            layers.append(b)
        super().__init__(*layers)


class TabularModel(nn.Module):
    def __init__(self, emb_szs, n_cont, out_sz, layers=(200, 100)):
        super().__init__()
        self.embeds = nn.ModuleList([nn.Embedding(ni, nf) for ni, nf in emb_szs])
        for e in self.embeds:
            trunc_normal_(e.weight, 0.01)
        self.bn_cont = nn.BatchNorm1d(n_cont) if n_cont else None
        self.n_emb, self.n_cont = sum(nf for _, nf in emb_szs), n_cont
        sizes = [self.n_emb + n_cont] + list(layers) + [out_sz]
        blocks = [LinBnDrop(sizes[i], sizes[i + 1], bn=i != len(sizes) - 2,
                            act=nn.ReLU(inplace=True) if i != len(sizes) - 2 else None)
                  for i in range(len(sizes) - 1)]
        self.layers = nn.Sequential(*blocks)

    def forward(self, x_cat, x_cont):
        parts = []
        if self.n_emb:
            parts.append(torch.cat([e(x_cat[:, i]) for i, e in enumerate(self.embeds)], 1))
        if self.n_cont:
            parts.append(self.bn_cont(x_cont))
        return self.layers(torch.cat(parts, 1) if len(parts) > 1 else parts[0])


def optimizer(model, lr):
    decay, no_decay = [], []
    for m in model.modules():
        for name, p in m.named_parameters(recurse=False):
            is_bn = isinstance(m, nn.BatchNorm1d)
            (no_decay if is_bn or name == "bias" else decay).append(p)
    return torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                             lr=lr, betas=(0.9, 0.99), eps=1e-5)


def combined_cos(pct, start, middle, end, pos):
    def cos(a, b, p):
        return a + (1 + math.cos(math.pi * (1 - p))) * (b - a) / 2
    return cos(start, middle, pos / pct) if pos < pct else cos(middle, end, (pos - pct) / (1 - pct))


def fit_one_cycle(model, opt, loss_fn, xc, xn, y, epochs, lr, bs, gen, timed_from=0):
    n = y.shape[0]
    per_epoch = n // bs
    total = epochs * per_epoch
    step = 0
    start = None
    for epoch in range(epochs):
        if epoch == timed_from:
            start = time.perf_counter()
        model.train()
        perm = torch.randperm(n, generator=gen)
        for b in range(per_epoch):
            idx = perm[b * bs:(b + 1) * bs]
            pos = step / total
            for g in opt.param_groups:
                g["lr"] = combined_cos(0.25, lr / 25, lr, lr / 1e5, pos)
                g["betas"] = (combined_cos(0.25, 0.95, 0.85, 0.95, pos), 0.99)
            loss = loss_fn(model(xc[idx], xn[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
    elapsed = time.perf_counter() - start
    return (epochs - timed_from) * per_epoch * bs / elapsed


def col_type(values):
    present = [v for v in values if v not in NA]
    def num(v):
        try:
            float(v)
            return True
        except ValueError:
            return False
    if not present or not all(num(v) for v in present):
        return "text" if present else "empty"
    ints = all(v.lstrip("+-").isdigit() for v in present)
    return "int" if ints and len(present) == len(values) else "float"


def accuracy(args):
    torch.manual_seed(args.seed)
    with open(args.csv, newline="", encoding="utf-8") as f:
        rows = [{k: v.strip() for k, v in r.items()} for r in csv.DictReader(f)]
    drop = set(filter(None, args.drop.split(","))) | {args.target, "is_valid"}
    cont, cat = [], []
    for c in rows[0]:
        if c in drop:
            continue
        vals = [r[c] for r in rows]
        t = col_type(vals)
        (cont if t in ("float", "empty") or (t == "int" and len(set(vals)) > 20) else cat).append(c)
    train = [r for r in rows if r["is_valid"] == "0"]
    # FillMissing: median of training values, <col>_na categorical
    fills = {}
    for c in cont:
        present = sorted(float(r[c]) for r in train if r[c] not in NA)
        if len(present) < len(train):
            m = len(present) // 2
            fills[c] = present[m] if len(present) % 2 else (present[m - 1] + present[m]) / 2
    cats = cat + [c + "_na" for c in cont if c in fills]
    def cell(r, c):
        if c.endswith("_na") and c[:-3] in fills:
            return "True" if r[c[:-3]] in NA else "False"
        return None if r[c] in NA else r[c]
    def numeric(c):
        return col_type([r[c] for r in train]) in ("int", "float")
    classes = {}
    for c in cats:
        vals = {cell(r, c) for r in train} - {None}
        vals = sorted(vals, key=float) if not c.endswith("_na") and numeric(c) else sorted(vals)
        classes[c] = {v: i + 1 for i, v in enumerate(vals)}
    def conts(r):
        return [float(r[c]) if r[c] not in NA else fills[c] for c in cont]
    xtr = torch.tensor([conts(r) for r in train], dtype=torch.float64)
    mean, std = xtr.mean(0), xtr.std(0, unbiased=False) + 1e-7
    ys = sorted({r[args.target] for r in train}, key=lambda v: (float(v) if numeric(args.target) else 0, v))
    yi = {v: i for i, v in enumerate(ys)}
    def tensors(rs):
        xc = torch.tensor([[classes[c].get(cell(r, c), 0) for c in cats] for r in rs], dtype=torch.long)
        xn = ((torch.tensor([conts(r) for r in rs], dtype=torch.float64) - mean) / std).float()
        y = torch.tensor([yi[r[args.target]] for r in rs], dtype=torch.long)
        return xc, xn, y
    valid = [r for r in rows if r["is_valid"] == "1"]
    xc, xn, y = tensors(train)
    vc, vn, vy = tensors(valid)
    model = TabularModel([(len(classes[c]) + 1, emb_sz_rule(len(classes[c]) + 1)) for c in cats], len(cont), len(ys))
    opt = optimizer(model, args.lr)
    gen = torch.Generator().manual_seed(args.seed)
    fit_one_cycle(model, opt, nn.CrossEntropyLoss(), xc, xn, y, args.epochs, args.lr, args.bs, gen)
    model.eval()
    with torch.no_grad():
        acc = (model(vc, vn).argmax(1) == vy).float().mean().item()
    print(json.dumps({"accuracy": acc, "cat": cats, "cont": cont}))


def bench(args):
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    cards = [int(c) for c in args.cards.split(",") if c]
    n = args.rows
    xc = torch.stack([torch.randint(0, c, (n,)) for c in cards], 1) if cards else torch.zeros(n, 0, dtype=torch.long)
    xn = torch.randn(n, args.cont)
    y = torch.randint(0, 2, (n,))
    model = TabularModel([(c, emb_sz_rule(c)) for c in cards], args.cont, 2)
    opt = optimizer(model, 1e-2)
    gen = torch.Generator().manual_seed(0)
    rows_per_s = fit_one_cycle(model, opt, nn.CrossEntropyLoss(), xc, xn, y, args.epochs + 1, 1e-2, args.bs, gen,
                               timed_from=1)
    print(json.dumps({"rows_per_s": rows_per_s, "torch": torch.__version__, "threads": torch.get_num_threads()}))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="mode", required=True)
    a = sub.add_parser("accuracy")
    a.add_argument("--csv", required=True)
    a.add_argument("--target", required=True)
    a.add_argument("--drop", default="")
    a.add_argument("--epochs", type=int, default=5)
    a.add_argument("--lr", type=float, default=1e-3)
    a.add_argument("--bs", type=int, default=64)
    a.add_argument("--seed", type=int, default=0)
    b = sub.add_parser("bench")
    b.add_argument("--cards", required=True)
    b.add_argument("--cont", type=int, required=True)
    b.add_argument("--rows", type=int, default=20000)
    b.add_argument("--bs", type=int, default=64)
    b.add_argument("--epochs", type=int, default=2)
    b.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    accuracy(args) if args.mode == "accuracy" else bench(args)


if __name__ == "__main__":
    main()
