#!/usr/bin/python3
"""fastj's tabular learner against scikit-learn on the same fixed splits. Run by hand (never a build
or test dependency), with Debian's python3-sklearn:

    /usr/bin/python3 bench/tabular/compare.py [--fastj] [--runs N]

Tables (each CSV has an is_valid column marking scikit-learn's train_test_split(test_size=0.2,
random_state=42), so fastj's --valid-col is_valid trains and scores on the same rows):
  titanic      fastj-tabular's bundled Titanic (scikit-learn's OpenML 40945 copy, BSD-3-Clause),
               target survived; name, ticket, cabin, boat, body and home.dest dropped
  credit_data  R package modeldata (MIT), target Status
  mlc_churn    R package modeldata (MIT), target churn
The two modeldata tables come from Debian's r-cran-modeldata: see modeldata_tables.py.

Columns are typed as fastai's cont_cat_split(max_card=20) types them (fastj's ContCatSplit): a
float column, or an integer one of more than 20 values, is numeric, any other is categorical.
  HistGradientBoosting  default settings, missing values handled natively, numeric columns as
                        they are, categorical columns ordinal-encoded and either declared
                        categorical ("GB native cat") or left as numbers ("GB codes"); the better
                        of the two is the bar
  logistic regression   one-hot categorical columns (unknown ignored), numeric ones imputed with
                        the training median and standardized, max_iter 5000
  MLP 200-100           the same one-hot features, MLPClassifier(hidden_layer_sizes=(200, 100)),
                        scikit-learn's other defaults (Adam, lr 1e-3, L2 1e-4, batch 200, up to
                        200 epochs with its own early stop on the training loss); the mean and
                        spread over --runs seeds (random_state 0, 1, ...)
  fastj                 ./fastj train-tabular --csv ... --target ... --valid-col is_valid --json,
                        its defaults (with --fastj); the mean and spread over --runs seeds;
                        --extra "OPTIONS" (repeatable) adds a row per set of train-tabular options,
                        and FASTJ=/path/to/fastj runs another build (a copy, say, so that editing
                        the sources does not rebuild it in the middle of a run)
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import warnings

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NA = {"", "NA", "N/A", "n/a", "NaN", "nan", "NULL", "null", "?"}

TABLES = [
    ("titanic", os.path.join(ROOT, "fastj-datasets/src/main/resources/dev/fastj/tabular/datasets/titanic/titanic.csv"),
     "survived", ["name", "ticket", "cabin", "boat", "body", "home.dest"]),
    ("credit_data", os.path.join(HERE, "data/credit_data.csv"), "Status", []),
    ("mlc_churn", os.path.join(HERE, "data/mlc_churn.csv"), "churn", []),
]


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return rows


def col_type(values):
    present = [v.strip() for v in values if v.strip() not in NA]
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


def split_columns(rows, target, drop):
    cont, cat = [], []
    for c in rows[0].keys():
        if c in drop or c == target or c == "is_valid":
            continue
        vals = [r[c] for r in rows]
        t = col_type(vals)
        if t in ("float", "empty") or (t == "int" and len(set(vals)) > 20):
            cont.append(c)
        else:
            cat.append(c)
    return cont, cat


def arrays(rows, cont, cat):
    xn = np.array([[float(r[c]) if r[c].strip() not in NA else np.nan for c in cont] for r in rows], dtype=float)
    xc = np.array([[r[c].strip() if r[c].strip() not in NA else "#na#" for c in cat] for r in rows], dtype=object)
    return xn.reshape(len(rows), len(cont)), xc.reshape(len(rows), len(cat))


def spread(accs):
    return f"{statistics.mean(accs):.4f} [{min(accs):.4f}, {max(accs):.4f}]"


def sklearn_scores(rows, target, cont, cat, runs):
    train = [r for r in rows if r["is_valid"] == "0"]
    valid = [r for r in rows if r["is_valid"] == "1"]
    ytr = np.array([r[target] for r in train])
    yva = np.array([r[target] for r in valid])
    ntr, ctr = arrays(train, cont, cat)
    nva, cva = arrays(valid, cont, cat)
    # gradient boosting: ordinal codes (unknown -> -1 -> treated as missing) declared categorical
    enc = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan, encoded_missing_value=np.nan)
    enc.fit(ctr)
    xtr = np.hstack([ntr, enc.transform(ctr)])
    xva = np.hstack([nva, enc.transform(cva)])
    mask = [False] * len(cont) + [True] * len(cat)
    gbs = []
    for categorical in (mask if cat else None, None):
        hgb = HistGradientBoostingClassifier(categorical_features=categorical, random_state=0)
        hgb.fit(xtr, ytr)
        gbs.append(float((hgb.predict(xva) == yva).mean()))
    # logistic regression on one-hot features
    pre = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), list(range(len(cont)))),
        ("cat", OneHotEncoder(handle_unknown="ignore"), list(range(len(cont), len(cont) + len(cat)))),
    ])
    lr = make_pipeline(pre, LogisticRegression(max_iter=5000))
    xtr2 = np.empty((len(train), len(cont) + len(cat)), dtype=object)
    xtr2[:, :len(cont)] = ntr
    xtr2[:, len(cont):] = ctr
    xva2 = np.empty((len(valid), len(cont) + len(cat)), dtype=object)
    xva2[:, :len(cont)] = nva
    xva2[:, len(cont):] = cva
    lr.fit(xtr2, ytr)
    logreg = float((lr.predict(xva2) == yva).mean())
    mlps = []
    for seed in range(runs):
        mlp = make_pipeline(pre, MLPClassifier(hidden_layer_sizes=(200, 100), random_state=seed))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            mlp.fit(xtr2, ytr)
        mlps.append(float((mlp.predict(xva2) == yva).mean()))
    return gbs, logreg, mlps, len(train), len(valid)


def fastj_score(path, target, cont, cat, seed, extra):
    cmd = [os.environ.get("FASTJ", os.path.join(ROOT, "fastj")), "train-tabular", "--csv", path, "--target", target,
           "--cat", ",".join(cat), "--cont", ",".join(cont), "--valid-col", "is_valid",
           "--seed", str(seed), "--out", "/tmp/fastj-compare.fastj", "--json"] + extra
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    out = done.stdout
    result = json.loads(out.strip().splitlines()[-1])
    return result["metrics"]["accuracy"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fastj", action="store_true", help="also train fastj (./fastj train-tabular)")
    ap.add_argument("--runs", type=int, default=5, help="seeds per table, for fastj and the MLP")
    ap.add_argument("--extra", action="append", default=None,
                    help="train-tabular options, space separated (repeat for several rows; default: none)")
    ap.add_argument("--tables", default=",".join(t[0] for t in TABLES), help="comma-separated table names")
    args = ap.parse_args()
    extras = args.extra if args.extra else [""]
    print(f"{'table':12} {'rows':>10} {'GB native cat':>14} {'GB codes':>9} {'log. regr.':>10} "
          f"{'MLP 200-100 mean [min, max]':>28}")
    fastj_rows = []
    for name, path, target, drop in TABLES:
        if name not in args.tables.split(","):
            continue
        if not os.path.exists(path):
            print(f"{name:12} missing {path}; see modeldata_tables.py", file=sys.stderr)
            continue
        rows = read(path)
        cont, cat = split_columns(rows, target, drop)
        gbs, logreg, mlps, ntr, nva = sklearn_scores(rows, target, cont, cat, args.runs)
        print(f"{name:12} {ntr:>5}/{nva:<4} {gbs[0]:>14.4f} {gbs[1]:>9.4f} {logreg:>10.4f} {spread(mlps):>28}",
              flush=True)
        if args.fastj:
            for extra in extras:
                accs = [fastj_score(path, target, cont, cat, s, extra.split()) for s in range(args.runs)]
                fastj_rows.append((name, extra, accs, max(gbs)))
                print(f"  fastj {extra or '(defaults)':40} {spread(accs)}  vs GB {max(gbs):.4f}: "
                      f"{statistics.mean(accs) - max(gbs):+.4f}", flush=True)
    if fastj_rows:
        print(json.dumps([{"table": t, "options": e, "accuracies": a, "gb": g} for t, e, a, g in fastj_rows]))


if __name__ == "__main__":
    main()
