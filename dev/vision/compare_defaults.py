#!/usr/bin/env python3
"""Runs `./fastj train` with its defaults and the plain PyTorch reference (torch_folder_ref.py) on image-folder
sets, alternating the two (each in its own process, the other idle), and prints a Markdown table of accuracies,
whole-run wall times and their ratio (issue 8). Run by hand from the repository root with Debian's python3-torch:

  dev/vision/compare_defaults.py SETS_DIR EPOCHS[,EPOCHS...] SET [SET...] [--repeat N] [--seeds N] [--extra "ARGS"]

SETS_DIR holds the sets of make_image_sets.py (ROOT/train/<class>/*, ROOT/valid/<class>/*). Every run of a pair is
timed as a whole process (start to exit: for fastj, JVM start, lr_find, training, export). With --repeat N each pair
runs N times, A B A B, and the ratio column is the median of the pairwise wall-time ratios with their min and max.
The reference runs at the batch size fastj chose (the batch column; fastj's JSON gives it), as issue 8 asks.
With --seeds N every pair runs with N seeds (fastj --seed 42, 1, 2, ...; the reference --seed 0, 1, 2, ...), one pair
per seed, and the accuracy columns are the means over the seeds (each seed's accuracy follows in brackets): single
runs on the small sets differ by up to 6 points between seeds, on either side.
"""
import json, os, re, statistics, subprocess, sys, time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))


def run(cmd):
    t0 = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.time() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return p.stdout, wall


def fastj(path, epochs, extra, seed=42):
    out, wall = run([f"{root}/fastj", "train", "--data", path, "--grandparent", "--epochs", str(epochs), "--out",
                     "/tmp/compare-defaults.fastj", "--json", "--seed", str(seed)] + extra)
    res = json.loads(out.strip().splitlines()[-1])
    epochs_t = [e["time"] for e in res["epochs"]]
    return res["accuracy"], wall, statistics.median(epochs_t[1:] or epochs_t), res.get("bs", 64)


def torch(path, epochs, bs, seed=0):
    out, wall = run(["/usr/bin/python3", f"{here}/torch_folder_ref.py", path, str(epochs), "--bs", str(bs),
                     "--seed", str(seed)])
    acc = float(re.search(r"accuracy=([0-9.]+)", out).group(1))
    secs = [float(s) for s in re.findall(r"valid accuracy [0-9.]+ ([0-9.]+)s", out)]
    # the first epoch also loads the images: the time per epoch is taken from the later ones when there are
    diffs = [b - a for a, b in zip(secs, secs[1:])] or secs
    per = statistics.median(diffs) if diffs else float("nan")
    return acc, wall, per


def main():
    args = sys.argv[1:]
    repeat, seeds, extra = 1, 0, []
    if "--seeds" in args:
        i = args.index("--seeds"); seeds = int(args[i + 1]); del args[i:i + 2]
    if "--repeat" in args:
        i = args.index("--repeat"); repeat = int(args[i + 1]); del args[i:i + 2]
    if "--extra" in args:
        i = args.index("--extra"); extra = args[i + 1].split(); del args[i:i + 2]
    sets_dir, epochs_list, sets = args[0], [int(e) for e in args[1].split(",")], args[2:]
    print("| set | epochs | batch | fastj accuracy | PyTorch accuracy | fastj wall s | PyTorch wall s | wall ratio (median, min-max) "
          "| epoch ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for epochs in epochs_list:
        for s in sets:
            path = os.path.join(sets_dir, s)
            fa, ta, fw, tw, ratios, eratios = [], [], [], [], [], []
            pairs = [(42 if k == 0 else k, k) for k in range(seeds)] if seeds else [(42, 0)] * repeat
            for fseed, tseed in pairs:
                a, w, per, bs = fastj(path, epochs, extra, fseed); fa.append(a); fw.append(w)
                b, v, tper = torch(path, epochs, bs, tseed); ta.append(b); tw.append(v)
                ratios.append(w / v); eratios.append(per / tper if tper > 0 else float("nan"))
            rs = f"{statistics.median(ratios):.2f}" + (f" ({min(ratios):.2f}-{max(ratios):.2f})" if len(pairs) > 1 else "")
            if seeds:
                fs = f"{statistics.mean(fa):.4f} ({', '.join(f'{x:.3f}' for x in fa)})"
                ts = f"{statistics.mean(ta):.4f} ({', '.join(f'{x:.3f}' for x in ta)})"
            else:
                fs, ts = f"{statistics.median(fa):.4f}", f"{statistics.median(ta):.4f}"
            print(f"| {s} | {epochs} | {bs} | {fs} | {ts} | "
                  f"{statistics.median(fw):.1f} | {statistics.median(tw):.1f} | {rs} | {statistics.median(eratios):.2f} |",
                  flush=True)


if __name__ == "__main__":
    main()
