#!/usr/bin/env python3
"""Compares `./fastj train --csv` (its defaults: lr_find's suggestion, the scratch head, the threshold 0.2 of
fastai's planet lesson for F2) with dev/vision/torch_planet_ref.py on one planet-layout set, each in its own
process, alternating, PAIRS times. Prints each run, then the medians and the median of the pairwise ratios of
epoch time (fastj / PyTorch) with their spread. Run by hand from the repository root with Debian's python3:

  /usr/bin/python3 dev/vision/compare_planet.py ROOT EPOCHS [PAIRS]

ROOT as PlanetMosaics writes it (labels.csv with is_valid, train/*.png). Both validate on the is_valid rows and
report F2 (samples average) at 0.2 on them; fastj's F2 at the threshold it then chooses on the same rows is
printed too, but it is not a held-out score and not compared."""
import json, os, shlex, statistics, subprocess, sys, time

root, epochs = sys.argv[1], sys.argv[2]
pairs = int(sys.argv[3]) if len(sys.argv) > 3 else 3


def fastj():
    t0 = time.time()
    # FASTJ="java -cp SNAPSHOT/* dev.fastj.samples.cli.Main" runs a copy of the jars, so that editing the sources
    # meanwhile does not make ./fastj rebuild in the middle of a comparison
    out = subprocess.run(shlex.split(os.environ.get("FASTJ", "./fastj")) + ["train", "--data", root, "--csv", "labels.csv", "--valid-col", "is_valid",
                          "--epochs", epochs, "--out", "/tmp/compare_planet.fastj", "--json"],
                         capture_output=True, text=True, check=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    times = [e["time"] for e in r["epochs"]]
    return {"f2": r["fbeta_score"], "acc": r["accuracy_multi"], "epoch_s": sum(times) / len(times),
            "wall_s": time.time() - t0, "f2_tuned": r.get("fbeta_score_at_threshold"), "thresh": r.get("threshold")}


def torch():
    t0 = time.time()
    out = subprocess.run(["/usr/bin/python3", "dev/vision/torch_planet_ref.py", root, epochs],
                         capture_output=True, text=True, check=True).stdout
    kv = dict(p.split("=") for p in out.strip().splitlines()[-1].split())
    return {"f2": float(kv["fbeta"]), "acc": float(kv["accuracy_multi"]), "epoch_s": float(kv["epoch_seconds"]),
            "wall_s": time.time() - t0}


runs = []
for i in range(pairs):
    a = fastj(); print("fastj", json.dumps(a), flush=True)
    b = torch(); print("torch", json.dumps(b), flush=True)
    runs.append((a, b))
ratios = [a["epoch_s"] / b["epoch_s"] for a, b in runs]
med = lambda k, side: statistics.median(r[side][k] for r in runs)
print(f"root={root} epochs={epochs} pairs={pairs}")
print(f"fastj  F2@0.2 {med('f2', 0):.4f}  accuracy_multi {med('acc', 0):.4f}  epoch {med('epoch_s', 0):.2f}s  "
      f"wall {med('wall_s', 0):.1f}s  (F2 at its chosen threshold {med('f2_tuned', 0):.4f})")
print(f"torch  F2@0.2 {med('f2', 1):.4f}  accuracy_multi {med('acc', 1):.4f}  epoch {med('epoch_s', 1):.2f}s  "
      f"wall {med('wall_s', 1):.1f}s")
print(f"epoch-time ratio fastj/torch: median {statistics.median(ratios):.2f} (from {min(ratios):.2f} to "
      f"{max(ratios):.2f})")
