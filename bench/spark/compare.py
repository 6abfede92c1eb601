#!/usr/bin/python3
"""ImageClassifier on Spark in local mode against ./fastj predict, on the same machine and files.
Run by hand from the repository root (never a build or test dependency):

    /usr/bin/python3 bench/spark/compare.py MODEL IMAGES_DIR [--pairs 3] [--master local[2]] [--bs 64]

Each side runs in its own process while the other is idle, alternating (the first of each pair
swaps), for --pairs pairs; the report gives each run and the median of the pairwise ratios with
their spread. Per pair:
  predict   ./fastj predict MODEL FILES... --json on every image (one process: JVM start, model
            load, one prediction per file), and on one image, so that its start-up can be taken
            out: its steady rate is (N - 1) / (wall(N) - wall(1))
  spark     ScoreBench (fastj-spark's test scope): a local-mode SparkSession, ImageClassifier over
            the image paths, collect; its own clock gives the process from JVM start to the end of
            the first scoring job, Spark's own first job before it (a plain count of the rows:
            Spark's warm-up), the scoring job alone (the executor's model load included), and a
            second scoring job in the same session (warm)
The labels of both sides are compared file by file (they must all agree).
The classpath comes from mvn dependency:build-classpath on fastj-spark (test scope), made once.
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def classpath():
    cp_file = os.path.join(ROOT, "fastj-spark", "target", "bench-classpath.txt")
    if not os.path.exists(cp_file):
        # every module of the reactor writes its own target/bench-classpath.txt; fastj-spark's is read
        subprocess.run(["mvn", "-B", "-q", "-pl", "fastj-spark", "-am", "test-compile", "dependency:build-classpath",
                        "-Dmdep.includeScope=test", "-Dmdep.outputFile=target/bench-classpath.txt",
                        "-Dmaven.javadoc.skip=true", "-Dmaven.source.skip=true"], cwd=ROOT, check=True)
    with open(cp_file) as f:
        deps = f.read().strip()
    mod = os.path.join(ROOT, "fastj-spark", "target")
    return ":".join([os.path.join(mod, "test-classes"), os.path.join(mod, "classes"), deps])


def java_options():
    # the --add-opens list of fastj-spark/pom.xml (Spark's JavaModuleOptions for Java 17)
    import re
    with open(os.path.join(ROOT, "fastj-spark", "pom.xml")) as f:
        pom = f.read()
    block = re.search(r"<spark.javaOptions>(.*?)</spark.javaOptions>", pom, re.S).group(1)
    return block.split()


def run_predict(model, files):
    t = time.time()
    out = subprocess.run([os.path.join(ROOT, "fastj"), "predict", model] + files + ["--json"],
                         check=True, capture_output=True, text=True).stdout
    wall = time.time() - t
    preds = json.loads(out.strip().splitlines()[-1])["predictions"]
    return wall, preds


def run_spark(cp, model, images, master, bs):
    with tempfile.NamedTemporaryFile(suffix=".tsv", delete=False) as tsv:
        path = tsv.name
    t = time.time()
    out = subprocess.run(["java", "-Xmx4g"] + java_options() + ["-cp", cp, "dev.fastj.spark.ScoreBench", model,
                         images, master, str(bs), path], check=True, capture_output=True, text=True).stdout
    wall = time.time() - t
    report = json.loads([l for l in out.splitlines() if l.startswith("{")][-1])
    labels = {}
    with open(path) as f:
        for line in f:
            file, label, _ = line.rstrip("\n").split("\t")
            labels[file] = label
    os.unlink(path)
    return wall, report, labels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("images")
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--bs", type=int, default=64)
    a = ap.parse_args()
    model = os.path.abspath(a.model)
    images = os.path.abspath(a.images)
    files = sorted(glob.glob(os.path.join(images, "**", "*.png"), recursive=True))
    n = len(files)
    cp = classpath()
    rows = []
    for i in range(a.pairs):
        order = ["predict", "spark"] if i % 2 == 0 else ["spark", "predict"]
        r = {}
        for side in order:
            if side == "predict":
                wall, preds = run_predict(model, files)
                one, _ = run_predict(model, files[:1])
                r["predict_wall"], r["predict_one_wall"] = wall, one
                r["predict_labels"] = {p["file"] if "file" in p else p["path"]: p["label"] for p in preds}
            else:
                wall, report, labels = run_spark(cp, model, images, a.master, a.bs)
                # the process until its first job is done (ScoreBench then times a second, warm job)
                r["spark_wall"], r["spark_job"], r["spark_labels"] = report["processSeconds"], report["jobSeconds"], labels
                r["spark_warm_job"] = report["warmJobSeconds"]
                r["spark_first_job"] = report["sparkFirstJobSeconds"]
        agree = sum(1 for f, l in r["spark_labels"].items() if r["predict_labels"].get(f) == l)
        r["agree"] = agree
        del r["spark_labels"], r["predict_labels"]
        add_rates(r, n)
        rows.append(r)
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()}), flush=True)
    print(f"{n} images, {a.pairs} pairs, master {a.master}, batch {a.bs}")
    summarise(rows, n, "img/s", 1, "labels")


def add_rates(r, n):
    """The rates of one pair of runs over n items, from their walls and job times (seconds)."""
    r["predict_rate"] = n / r["predict_wall"]
    r["predict_steady_rate"] = (n - 1) / (r["predict_wall"] - r["predict_one_wall"])
    r["spark_rate"] = n / r["spark_wall"]
    r["spark_job_rate"] = n / r["spark_job"]
    r["spark_warm_job_rate"] = n / r["spark_warm_job"]


def summarise(rows, n, unit, decimals, agreeing):
    """Median and range of each rate over the pairs, then of the pairwise ratios, Spark over predict."""
    for key in ["predict_rate", "predict_steady_rate", "spark_rate", "spark_job_rate", "spark_warm_job_rate"]:
        vals = [r[key] for r in rows]
        m, lo, hi = statistics.median(vals), min(vals), max(vals)
        print(f"  {key:22s} median {m:9.{decimals}f} {unit}  (range {lo:.{decimals}f} to {hi:.{decimals}f})")
    for num, den in [("spark_rate", "predict_rate"), ("spark_job_rate", "predict_steady_rate"),
                     ("spark_warm_job_rate", "predict_steady_rate")]:
        ratios = [r[num] / r[den] for r in rows]
        print(f"  {num}/{den}: median {statistics.median(ratios):.2f}x (range {min(ratios):.2f} to {max(ratios):.2f})")
    print(f"  {agreeing} agreeing: {[r['agree'] for r in rows]} of {n}")


if __name__ == "__main__":
    sys.exit(main())
