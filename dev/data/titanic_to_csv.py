#!/usr/bin/python3
"""Converts the Titanic ARFF of scikit-learn's OpenML fixture (data set 40945, BSD-3-Clause, see
COPYRIGHT) into the CSV that fastj-tabular ships, by hand, once:

    /usr/bin/python3 dev/data/titanic_to_csv.py ../shared/data/titanic/titanic.arff.gz \
        fastj-datasets/src/main/resources/dev/fastj/tabular/datasets/titanic/titanic.csv

The 14 columns are kept as they are, with ARFF's '?' written as an empty cell (missing), and one
column is added: is_valid, 1 for the 262 rows (20%) that scikit-learn's
train_test_split(range(1309), test_size=0.2, random_state=42) puts in the test split, so that
fastj (--valid-col is_valid) and bench/tabular/compare.py train and score on the same rows.
"""
import csv
import gzip
import io
import sys

from sklearn.model_selection import train_test_split


def read_arff(path):
    names, rows = [], []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = False
        for line in f:
            s = line.strip()
            if not s or s.startswith("%"):
                continue
            if not data:
                low = s.lower()
                if low.startswith("@attribute"):
                    names.append(s.split(None, 2)[1].strip("'"))
                elif low.startswith("@data"):
                    data = True
                continue
            cells = next(csv.reader(io.StringIO(s), quotechar='"', skipinitialspace=True))
            if len(cells) != len(names):
                raise SystemExit(f"row {len(rows) + 1} has {len(cells)} cells, expected {len(names)}")
            rows.append(["" if c == "?" else c for c in cells])
    return names, rows


def main(src, dst):
    names, rows = read_arff(src)
    _, valid = train_test_split(list(range(len(rows))), test_size=0.2, random_state=42)
    valid = set(valid)
    with open(dst, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names + ["is_valid"])
        for i, r in enumerate(rows):
            w.writerow(r + ["1" if i in valid else "0"])
    print(f"{dst}: {len(rows)} rows, {len(valid)} marked is_valid")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
