#!/usr/bin/env python3
"""Checks fastj's lr_find suggestion (LrFind.suggested) against fixed learning rates (issue 8): on each image-folder
set, `./fastj train` with its defaults (which runs lr_find and prints the rate it chose) and with `--lr X` for each X,
all for the same epochs, and prints a Markdown table of validation accuracies. Run by hand from the repository root:

  dev/vision/lr_sweep.py SETS_DIR EPOCHS LR[,LR...] SET [SET...]
"""
import json, os, re, subprocess, sys

root = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def train(path, epochs, extra):
    p = subprocess.run([f"{root}/fastj", "train", "--data", path, "--grandparent", "--epochs", str(epochs), "--out",
                        "/tmp/lr-sweep.fastj", "--json"] + extra, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(p.stdout[-2000:] + p.stderr[-2000:])
    chose = re.search(r"chose ([0-9.e+-]+)", p.stdout)
    return json.loads(p.stdout.strip().splitlines()[-1])["accuracy"], chose.group(1) if chose else None


def main():
    sets_dir, epochs, lrs, sets = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(","), sys.argv[4:]
    print("| set | suggested lr | accuracy at it | " + " | ".join(f"lr {x}" for x in lrs) + " |")
    print("|---|---|---|" + "---|" * len(lrs))
    for s in sets:
        path = os.path.join(sets_dir, s)
        acc, chose = train(path, epochs, [])
        fixed = [train(path, epochs, ["--lr", x])[0] for x in lrs]
        print(f"| {s} | {chose} | {acc:.4f} | " + " | ".join(f"{a:.4f}" for a in fixed) + " |", flush=True)


if __name__ == "__main__":
    main()
