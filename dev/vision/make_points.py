#!/usr/bin/env python3
"""Makes the image-regression set of issue 10 (fastai's head pose, in miniature): each image is one
Fashion-MNIST training item, scaled by 0.75 to 1.25 (times SIZE/64) and placed at a random position on
a black SIZE x SIZE canvas; its point is the item's centre. Layout as fastai's point data sets read it:
OUT/images/<i>.png and OUT/points.csv with columns image,x,y (image paths relative to OUT, x and y in
pixels with 0 at the left/top edge). Run by hand with Debian's python3-numpy and python3-pil; nothing in
the product imports it, and the set is not committed (it is rebuilt from the shared data in seconds).

Usage: make_points.py SHARED_DATA OUT [--n N] [--size SIZE] [--seed S]
  SHARED_DATA  the folder with fashion-mnist/ (../shared/data)
  --n          number of images (default 2000)
  --size       canvas size in pixels (default 64)
  --seed       seed (default 0): the same arguments write the same images
"""
import argparse, gzip, os
import numpy as np
from PIL import Image


def items(shared):
    with gzip.open(f"{shared}/fashion-mnist/train-images-idx3-ubyte.gz", "rb") as f:
        data = f.read()
    n, h, w = (int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(3))
    return np.frombuffer(data, np.uint8, offset=16).reshape(n, h, w)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shared"); ap.add_argument("out")
    ap.add_argument("--n", type=int, default=2000); ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    src = items(a.shared)
    os.makedirs(f"{a.out}/images", exist_ok=True)
    rows = ["image,x,y"]
    for i in range(a.n):
        item = Image.fromarray(src[rng.integers(len(src))])
        side = int(round(28 * rng.uniform(0.75, 1.25) * a.size / 64))
        side = min(side, a.size)
        x0 = int(rng.integers(0, a.size - side + 1)); y0 = int(rng.integers(0, a.size - side + 1))
        canvas = Image.new("L", (a.size, a.size))
        canvas.paste(item.resize((side, side), Image.BILINEAR), (x0, y0))
        name = f"images/{i}.png"
        tmp = f"{a.out}/{name}.tmp"
        canvas.save(tmp, format="PNG"); os.replace(tmp, f"{a.out}/{name}")
        rows.append(f"{name},{x0 + side / 2},{y0 + side / 2}")
    tmp = f"{a.out}/points.csv.tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(rows) + "\n")
    os.replace(tmp, f"{a.out}/points.csv")
    print(f"wrote {a.n} images of {a.size}x{a.size} and points.csv to {a.out}")


if __name__ == "__main__":
    main()
