#!/usr/bin/env python3
"""Makes fastj's segmentation set (issue 10): Fashion-MNIST items placed on a larger canvas with their
pixel masks, in fastai's camvid layout. Run by hand with Debian's python3-numpy and python3-pil;
nothing in the product imports it, and the set is not committed (it is rebuilt from the shared data
in seconds).

Usage: make_segmentation_set.py SHARED_DATA OUT [--size 64] [--train 800] [--valid 200] [--items 3] [--seed 0]

Layout (as fastai's URLs.CAMVID_TINY):
  OUT/images/seg_00000.png      grey canvas SIZE x SIZE
  OUT/labels/seg_00000_P.png    grey mask, the pixel value is the code
  OUT/codes.txt                 one code name a line: background, top, trouser, shoe, bag, void
  OUT/valid.txt                 the validation images' file names, one a line

Each image: a noisy dark background (levels 10 to 59), then 1 to ITEMS Fashion-MNIST items (training
items for train, test items for valid), each scaled (nearest) to a random side between 30% and 55% of
the canvas and placed at random; an item's pixels are those brighter than 40 of 255 and get the
code of the item's group (T-shirt, pullover, dress, coat, shirt: top; trouser; sandal, sneaker,
ankle boot: shoe; bag), a later item covering earlier ones; the one-pixel ring around each item's
pixels is void (code 5), as camvid outlines its objects. The test set of fastj
(fastj-onnx-train's SegmentationSet) is the same recipe on the bundled subset, smaller.
"""
import argparse, gzip, os
import numpy as np
from PIL import Image

CODES = ["background", "top", "trouser", "shoe", "bag", "void"]
VOID = 5
GROUP = {0: 1, 1: 2, 2: 1, 3: 1, 4: 1, 5: 3, 6: 1, 7: 3, 8: 4, 9: 3}


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    if int.from_bytes(data[0:4], "big") == 0x803:
        n, h, w = (int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(3))
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, h, w)
    return np.frombuffer(data, np.uint8, offset=8)


def ring(mine):
    """Pixels next to (8-neighbourhood) but not in mine."""
    grown = mine.copy()
    h, w = mine.shape
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            src = mine[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)]
            grown[max(0, dy):h - max(0, -dy), max(0, dx):w - max(0, -dx)] |= src
    return grown & ~mine


def canvas(items, labels, size, max_items, rng):
    img = rng.integers(10, 60, (size, size)).astype(np.uint8)
    mask = np.zeros((size, size), np.uint8)
    for _ in range(rng.integers(1, max_items + 1)):
        k = rng.integers(len(items))
        s = int(rng.integers(int(size * 0.30), int(size * 0.55) + 1))
        item = np.asarray(Image.fromarray(items[k]).resize((s, s), Image.NEAREST))
        oy, ox = rng.integers(0, size - s + 1, 2)
        mine = np.zeros((size, size), bool)
        mine[oy:oy + s, ox:ox + s] = item > 40
        img[mine] = item[item > 40]
        mask[mine] = GROUP[int(labels[k])]
        mask[ring(mine)] = VOID
    return img, mask


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shared")
    ap.add_argument("out")
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--train", type=int, default=800)
    ap.add_argument("--valid", type=int, default=200)
    ap.add_argument("--items", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    d = f"{a.shared}/fashion-mnist"
    xt, yt = idx(f"{d}/train-images-idx3-ubyte.gz"), idx(f"{d}/train-labels-idx1-ubyte.gz")
    xv, yv = idx(f"{d}/t10k-images-idx3-ubyte.gz"), idx(f"{d}/t10k-labels-idx1-ubyte.gz")
    rng = np.random.default_rng(a.seed)
    os.makedirs(f"{a.out}/images", exist_ok=True)
    os.makedirs(f"{a.out}/labels", exist_ok=True)
    valid = []
    for i in range(a.train + a.valid):
        is_valid = i >= a.train
        img, mask = canvas(xv if is_valid else xt, yv if is_valid else yt, a.size, a.items, rng)
        name = f"seg_{i:05d}"
        Image.fromarray(img).save(f"{a.out}/images/{name}.png")
        Image.fromarray(mask).save(f"{a.out}/labels/{name}_P.png")
        if is_valid:
            valid.append(name + ".png")
    with open(f"{a.out}/codes.txt", "w") as f:
        f.write("\n".join(CODES) + "\n")
    with open(f"{a.out}/valid.txt", "w") as f:
        f.write("\n".join(valid) + "\n")
    counts = np.zeros(len(CODES), np.int64)
    for i in range(a.train + a.valid):
        counts += np.bincount(np.asarray(Image.open(f"{a.out}/labels/seg_{i:05d}_P.png")).ravel(), minlength=len(CODES))
    share = ", ".join(f"{c} {100 * n / counts.sum():.1f}%" for c, n in zip(CODES, counts))
    print(f"{a.train} train + {a.valid} valid images of {a.size}x{a.size} in {a.out}; pixels: {share}")


if __name__ == "__main__":
    main()
