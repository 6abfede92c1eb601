#!/usr/bin/env python3
"""Makes the image-folder sets that fastj's `./fastj train` defaults are measured on (issue 8), in the
layout ROOT/train/<class>/*.png and ROOT/valid/<class>/*.png. Run by hand with Debian's python3-numpy
and python3-pil; nothing in the product imports it, and the sets are not committed (they are rebuilt
from the shared data in under a minute).

Usage: make_image_sets.py SHARED_DATA OUT [SET...]
  SHARED_DATA  the folder with fashion-mnist/ and sklearn-digits/ (../shared/data)
  OUT          where the sets go, one folder each

Sets (seeded, so every run writes the same images):
  fmnist-full    Fashion-MNIST, 60,000 train / 10,000 test as valid, 28x28 grey
  fmnist-10k     1,000 train images per class / the 10,000 test images as valid, 28x28 grey
  fmnist-50      50 train images per class / 100 valid per class, 28x28 grey
  digits-28      the 1,797 8x8 digits scaled (bilinear) to 28x28, 80/20 per class, grey
  digits-50      the scaled digits, 50 train per class, the rest valid
  fmnist-rgb     Fashion-MNIST items in a random colour on a random colour, 32x32 RGB, 500 / 100 per class
  shapes-64      8 kinds of shape, random colours, place, size, rotation, on noisy backgrounds, 64x64 RGB,
                 300 / 75 per class
  textures-96    6 textures (stripes at 4 angles, checks, dots) with random scale and colours, 96x96 RGB,
                 200 / 50 per class; two classes are mirror images of each other (flips change the class)
  fewshot-20     20 train images per class of 5 Fashion-MNIST classes (pullover, dress, coat, shirt, sneaker),
                 100 valid per class: small folders, and the target of fine-tuning dev/vision/torch_pretrain_ref.py's
                 model, which saw the 5 other classes
"""
import gzip, math, os, sys
import numpy as np
from PIL import Image, ImageDraw

FMNIST = ["T-shirt_top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"]


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    if magic == 0x803:
        n, h, w = (int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(3))
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, h, w)
    n = int.from_bytes(data[4:8], "big")
    return np.frombuffer(data, np.uint8, offset=8)


def fmnist(shared):
    d = f"{shared}/fashion-mnist"
    return (idx(f"{d}/train-images-idx3-ubyte.gz"), idx(f"{d}/train-labels-idx1-ubyte.gz"),
            idx(f"{d}/t10k-images-idx3-ubyte.gz"), idx(f"{d}/t10k-labels-idx1-ubyte.gz"))


def digits28(shared):
    with gzip.open(f"{shared}/sklearn-digits/digits.csv.gz", "rt") as f:
        rows = [list(map(float, line.split(","))) for line in f if line.strip()]
    a = np.array(rows)
    x, y = a[:, :64].reshape(-1, 8, 8), a[:, 64].astype(int)
    imgs = np.stack([np.asarray(Image.fromarray((v * 255 / 16).astype(np.uint8)).resize((28, 28), Image.BILINEAR))
                     for v in x])
    return imgs, y


def write(root, split, cls, k, arr):
    d = f"{root}/{split}/{cls}"
    os.makedirs(d, exist_ok=True)
    Image.fromarray(arr).save(f"{d}/{k:05d}.png")


def per_class(y, n, rng):
    out = []
    for c in sorted(set(y.tolist())):
        i = np.flatnonzero(y == c)
        out.extend(rng.permutation(i)[:n].tolist())
    return out


def set_fmnist_full(shared, root, rng):
    xt, yt, xv, yv = fmnist(shared)
    for k in range(len(xt)):
        write(root, "train", FMNIST[yt[k]], k, xt[k])
    for k in range(len(xv)):
        write(root, "valid", FMNIST[yv[k]], k, xv[k])


def set_fmnist_10k(shared, root, rng):
    xt, yt, xv, yv = fmnist(shared)
    for k in per_class(yt, 1000, rng):
        write(root, "train", FMNIST[yt[k]], k, xt[k])
    for k in range(len(xv)):
        write(root, "valid", FMNIST[yv[k]], k, xv[k])


def set_fmnist_50(shared, root, rng):
    xt, yt, xv, yv = fmnist(shared)
    for k in per_class(yt, 50, rng):
        write(root, "train", FMNIST[yt[k]], k, xt[k])
    for k in per_class(yv, 100, rng):
        write(root, "valid", FMNIST[yv[k]], k, xv[k])


def set_digits_28(shared, root, rng):
    x, y = digits28(shared)
    for c in range(10):
        i = rng.permutation(np.flatnonzero(y == c))
        cut = int(round(0.8 * len(i)))
        for k in i[:cut]:
            write(root, "train", str(c), k, x[k])
        for k in i[cut:]:
            write(root, "valid", str(c), k, x[k])


def set_digits_50(shared, root, rng):
    x, y = digits28(shared)
    for c in range(10):
        i = rng.permutation(np.flatnonzero(y == c))
        for k in i[:50]:
            write(root, "train", str(c), k, x[k])
        for k in i[50:]:
            write(root, "valid", str(c), k, x[k])


def colourise(g, rng, size):
    fg, bg = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
    while np.abs(fg - bg).sum() < 120:  # keep the item visible
        fg, bg = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
    a = (g.astype(np.float32) / 255)[..., None]
    rgb = (a * fg + (1 - a) * bg).clip(0, 255).astype(np.uint8)
    return np.asarray(Image.fromarray(rgb).resize((size, size), Image.BILINEAR))


def set_fmnist_rgb(shared, root, rng):
    xt, yt, xv, yv = fmnist(shared)
    for k in per_class(yt, 500, rng):
        write(root, "train", FMNIST[yt[k]], k, colourise(xt[k], rng, 32))
    for k in per_class(yv, 100, rng):
        write(root, "valid", FMNIST[yv[k]], k, colourise(xv[k], rng, 32))


SHAPES = ["circle", "square", "triangle", "star", "cross", "ring", "pentagon", "arrow"]


def polygon(cx, cy, r, n, rot, inner=None):
    pts = []
    for i in range(n * (2 if inner else 1)):
        ang = rot + math.pi * 2 * i / (n * (2 if inner else 1))
        rr = r if not inner or i % 2 == 0 else r * inner
        pts.append((cx + rr * math.cos(ang), cy + rr * math.sin(ang)))
    return pts


def shape_image(kind, rng, size=64):
    bg = rng.integers(0, 256, 3)
    noise = rng.normal(0, 25, (size, size, 3))
    img = Image.fromarray((bg + noise).clip(0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    fg = rng.integers(0, 256, 3)
    while np.abs(fg - bg).sum() < 150:
        fg = rng.integers(0, 256, 3)
    fg = tuple(int(v) for v in fg)
    r = rng.uniform(0.18, 0.38) * size
    cx, cy = rng.uniform(r, size - r), rng.uniform(r, size - r)
    rot = rng.uniform(0, 2 * math.pi)
    if kind == "circle":
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fg)
    elif kind == "ring":
        d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=fg, width=max(2, int(r / 3)))
    elif kind == "square":
        d.polygon(polygon(cx, cy, r, 4, rot), fill=fg)
    elif kind == "triangle":
        d.polygon(polygon(cx, cy, r, 3, rot), fill=fg)
    elif kind == "pentagon":
        d.polygon(polygon(cx, cy, r, 5, rot), fill=fg)
    elif kind == "star":
        d.polygon(polygon(cx, cy, r, 5, rot, inner=0.45), fill=fg)
    elif kind == "cross":
        w = r / 3
        for a in (rot, rot + math.pi / 2):
            dx, dy = math.cos(a), math.sin(a)
            px, py = -dy * w, dx * w
            d.polygon([(cx - dx * r + px, cy - dy * r + py), (cx + dx * r + px, cy + dy * r + py),
                       (cx + dx * r - px, cy + dy * r - py), (cx - dx * r - px, cy - dy * r - py)], fill=fg)
    elif kind == "arrow":
        dx, dy = math.cos(rot), math.sin(rot)
        px, py = -dy, dx
        w = r / 4
        pts = [(-r, -w), (r * 0.2, -w), (r * 0.2, -w * 2.4), (r, 0), (r * 0.2, w * 2.4), (r * 0.2, w), (-r, w)]
        d.polygon([(cx + x * dx + y * px, cy + x * dy + y * py) for x, y in pts], fill=fg)
    return np.asarray(img)


def set_shapes_64(shared, root, rng):
    for kind in SHAPES:
        for k in range(300):
            write(root, "train", kind, k, shape_image(kind, rng))
        for k in range(75):
            write(root, "valid", kind, k, shape_image(kind, rng))


TEXTURES = ["stripes_0", "stripes_45", "stripes_90", "stripes_135", "checks", "dots"]


def texture_image(kind, rng, size=96):
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    period = rng.uniform(7, 16)
    phase = rng.uniform(0, 2 * math.pi)
    jitter = math.radians(rng.uniform(-10, 10))
    if kind.startswith("stripes"):
        a = math.radians(int(kind.split("_")[1])) + jitter
        v = np.sin((xx * math.cos(a) + yy * math.sin(a)) * 2 * math.pi / period + phase)
    elif kind == "checks":
        a = jitter
        u, w = xx * math.cos(a) + yy * math.sin(a), -xx * math.sin(a) + yy * math.cos(a)
        v = np.sin(u * 2 * math.pi / period + phase) * np.sin(w * 2 * math.pi / period)
    else:  # dots
        u = (xx + rng.uniform(0, period)) % period - period / 2
        w = (yy + rng.uniform(0, period)) % period - period / 2
        v = np.where(u * u + w * w < (period * 0.3) ** 2, 1.0, -1.0)
    m = (v > 0).astype(np.float32)[..., None]
    c1, c2 = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
    while np.abs(c1 - c2).sum() < 100:
        c1, c2 = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
    img = m * c1 + (1 - m) * c2 + rng.normal(0, 30, (size, size, 3))
    return img.clip(0, 255).astype(np.uint8)


def set_textures_96(shared, root, rng):
    for kind in TEXTURES:
        for k in range(200):
            write(root, "train", kind, k, texture_image(kind, rng))
        for k in range(50):
            write(root, "valid", kind, k, texture_image(kind, rng))


def set_fewshot_20(shared, root, rng):
    xt, yt, xv, yv = fmnist(shared)
    keep = [2, 3, 4, 6, 7]  # Pullover, Dress, Coat, Shirt, Sneaker: not the classes src.onnx was trained on
    for c in keep:
        for k in rng.permutation(np.flatnonzero(yt == c))[:20]:
            write(root, "train", FMNIST[c], k, xt[k])
        for k in rng.permutation(np.flatnonzero(yv == c))[:100]:
            write(root, "valid", FMNIST[c], k, xv[k])


SETS = {"fmnist-full": set_fmnist_full, "fmnist-10k": set_fmnist_10k, "fmnist-50": set_fmnist_50, "digits-28": set_digits_28,
        "digits-50": set_digits_50, "fmnist-rgb": set_fmnist_rgb, "shapes-64": set_shapes_64,
        "textures-96": set_textures_96, "fewshot-20": set_fewshot_20}

if __name__ == "__main__":
    shared, out = sys.argv[1], sys.argv[2]
    for name in sys.argv[3:] or SETS:
        root = f"{out}/{name}"
        if os.path.isdir(root):
            print(f"{root} exists, kept")
            continue
        SETS[name](shared, root + ".tmp", np.random.default_rng(sum(map(ord, name))))
        os.rename(root + ".tmp", root)
        print(f"wrote {root}")
