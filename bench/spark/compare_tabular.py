#!/usr/bin/python3
"""TabularPredictor on Spark in local mode against ./fastj predict MODEL --csv FILE, on the same
machine and table. Run by hand from the repository root (never a build or test dependency):

    /usr/bin/python3 bench/spark/compare_tabular.py MODEL CSV [--rows 100000] [--pairs 3] [--master local[2]] [--bs 64]

The table scored is CSV's rows repeated (header once) until it has --rows rows, written to a
temporary folder. Each side runs in its own process while the other is idle, alternating (the first
of each pair swaps), for --pairs pairs; the report gives each run, the load average of the machine
before it, and the median of the pairwise ratios with their range. Per pair:
  predict   ./fastj predict MODEL --csv TABLE (one process: JVM start, model load, getPreds over the
            rows in batches of 64), and the same on a one-row table, so that its start-up can be
            taken out: its steady rate is (N - 1) / (wall(N) - wall(1))
  spark     TabularScoreBench (fastj-spark's test scope): a local-mode SparkSession, the CSV source,
            TabularPredictor, collect; its own clock gives the process from JVM start to the end of
            the first scoring job, Spark's own first job before it (a plain count of the rows), the
            scoring job alone (the executor's model load included), and a second scoring job in the
            same session (warm)
The labels of both sides are compared row by row, and the probabilities to the 4 decimals that
./fastj predict prints.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# the image bench's class path, JVM options, rates and summary
from compare import ROOT, add_rates, classpath, java_options, summarise  # noqa: E402


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def make_table(csv, rows, path):
    with open(csv) as f:
        lines = f.read().splitlines()
    header, body = lines[0], lines[1:]
    with open(path, "w") as f:
        f.write(header + "\n")
        for i in range(rows):
            f.write(body[i % len(body)] + "\n")
    with open(path + ".one", "w") as f:
        f.write(header + "\n" + body[0] + "\n")


def run_predict(model, table):
    t = time.time()
    out = subprocess.run([os.path.join(ROOT, "fastj"), "predict", model, "--csv", table],
                         check=True, capture_output=True, text=True).stdout
    wall = time.time() - t
    preds = []
    for line in out.splitlines():
        cells = line.split("\t")
        if len(cells) >= 3 and cells[0].isdigit():
            preds.append((cells[1], float(cells[2])))
    return wall, preds


def run_spark(cp, model, table, master, bs):
    with tempfile.NamedTemporaryFile(suffix=".tsv", delete=False) as tsv:
        path = tsv.name
    out = subprocess.run(["java", "-Xmx4g"] + java_options() + ["-cp", cp, "dev.fastj.spark.TabularScoreBench",
                         model, table, master, str(bs), path], check=True, capture_output=True, text=True).stdout
    import json
    report = json.loads([l for l in out.splitlines() if l.startswith("{")][-1])
    preds = []
    with open(path) as f:
        for line in f:
            label, p = line.rstrip("\n").split("\t")
            preds.append((label, float(p) if p else None))
    os.unlink(path)
    return report, preds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("csv")
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--bs", type=int, default=64)
    a = ap.parse_args()
    model = os.path.abspath(a.model)
    tmp = tempfile.mkdtemp(prefix="fastj-tabular-bench")
    table = os.path.join(tmp, "table.csv")
    make_table(os.path.abspath(a.csv), a.rows, table)
    n = a.rows
    cp = classpath()
    # ./fastj builds itself when sources are newer than its jar: never inside a timed run
    subprocess.run([os.path.join(ROOT, "fastj"), "help"], check=True, capture_output=True)
    rows = []
    for i in range(a.pairs):
        order = ["predict", "spark"] if i % 2 == 0 else ["spark", "predict"]
        r = {}
        for side in order:
            r[side + "_load"] = load()
            if side == "predict":
                wall, preds = run_predict(model, table)
                one, _ = run_predict(model, table + ".one")
                r["predict_wall"], r["predict_one_wall"] = wall, one
                predict_preds = preds
            else:
                report, spark_preds = run_spark(cp, model, table, a.master, a.bs)
                r["spark_wall"], r["spark_job"] = report["processSeconds"], report["jobSeconds"]
                r["spark_warm_job"], r["spark_first_job"] = report["warmJobSeconds"], report["sparkFirstJobSeconds"]
                r["spark_errors"], r["partitions"] = report["errors"], report["partitions"]
        assert len(predict_preds) == n and len(spark_preds) == n, (len(predict_preds), len(spark_preds))
        r["agree"] = sum(1 for (l1, p1), (l2, p2) in zip(predict_preds, spark_preds)
                         if l1 == l2 and p2 is not None and abs(p1 - p2) <= 6e-5)
        add_rates(r, n)
        rows.append(r)
        print({k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()}, flush=True)
    loads = [r[k] for r in rows for k in ("predict_load", "spark_load")]
    print(f"{n} rows, {a.pairs} pairs, master {a.master}, batch {a.bs}, load average before the runs "
          f"{min(loads):.1f} to {max(loads):.1f}")
    summarise(rows, n, "rows/s", 0, "rows")


if __name__ == "__main__":
    sys.exit(main())
