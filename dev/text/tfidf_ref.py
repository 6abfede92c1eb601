#!/usr/bin/env python3
"""The TF-IDF reference of issue 12: scikit-learn's TfidfVectorizer (its defaults) and LogisticRegression on the
bundled spam-assassin mail, the baseline fastj's ULMFiT classifier is compared with (docs/text.md). Run by hand
with a python3 that has scikit-learn:

  /usr/bin/python3 dev/text/tfidf_ref.py --data DIR [--valid-list FILE] [--seed 42] [--valid-pct 0.2] [--C 1]
      [--sublinear-tf]

DIR holds ham/ and spam/, one .txt per message (TextDatasets.spamAssassin() unpacks them; fastj's tests print
where). Without --valid-list the split is scikit-learn's train_test_split (valid_pct, seed): the issue's 99.3%.
With --valid-list FILE (one path a line, as FullMailComparison writes fastj's split) the validation set is
exactly fastj's, so both sides are scored on the same messages. Files are read as UTF-8 with invalid bytes
replaced, as fastj reads them. Prints the accuracy, the errors and the time.
"""
import argparse, os, sys, time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split


def load(data):
    paths, labels = [], []
    for label in ("ham", "spam"):
        folder = os.path.join(data, label)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".txt"):
                paths.append(os.path.abspath(os.path.join(folder, name)))
                labels.append(label)
    return paths, labels


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--valid-list")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--valid-pct", type=float, default=0.2)
    ap.add_argument("--C", type=float, default=1.0, help="LogisticRegression's inverse regularisation (its default 1)")
    ap.add_argument("--sublinear-tf", action="store_true", help="TfidfVectorizer(sublinear_tf=True)")
    a = ap.parse_args()
    paths, labels = load(a.data)
    if a.valid_list:
        with open(a.valid_list) as f:
            valid = {os.path.abspath(line.strip()) for line in f if line.strip()}
        missing = valid - set(paths)
        if missing:
            sys.exit(f"{len(missing)} validation files are not under {a.data}, e.g. {sorted(missing)[0]}")
        tr = [i for i, p in enumerate(paths) if p not in valid]
        va = [i for i, p in enumerate(paths) if p in valid]
        split = f"fastj's split ({a.valid_list})"
    else:
        tr, va = train_test_split(list(range(len(paths))), test_size=a.valid_pct, random_state=a.seed)
        split = f"train_test_split(test_size={a.valid_pct}, random_state={a.seed})"
    t0 = time.time()
    texts = [read(p) for p in paths]
    vec = TfidfVectorizer(sublinear_tf=a.sublinear_tf)
    x_tr = vec.fit_transform([texts[i] for i in tr])
    x_va = vec.transform([texts[i] for i in va])
    clf = LogisticRegression(C=a.C, max_iter=1000)
    clf.fit(x_tr, [labels[i] for i in tr])
    pred = clf.predict(x_va)
    wrong = [paths[i] for i, p in zip(va, pred) if p != labels[i]]
    acc = 1 - len(wrong) / len(va)
    print(f"TF-IDF (sublinear_tf={a.sublinear_tf}) + logistic regression (C={a.C}) on {len(paths)} messages, {split}: {len(tr)} train, {len(va)} valid, "
          f"accuracy {acc:.4f} ({len(wrong)} wrong), {time.time() - t0:.1f} s")
    for w in wrong:
        print("  wrong:", os.path.relpath(w, a.data))


if __name__ == "__main__":
    main()
