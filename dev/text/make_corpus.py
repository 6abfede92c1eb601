#!/usr/bin/env python3
"""Makes the general-English corpus that fastj's pretrained language model is trained on (issue 12:
ULMFiT starts from a language model of general English; fastai downloads one trained on Wikitext-103,
which cannot be had here). Run by hand; the corpus is not committed, the weights trained on it are,
with the licences below beside them.

Usage: make_corpus.py OUT [--wordnet DIR] [--python-docs DIR] [--valid-every N]

Sources, both from Debian packages and both under permissive licences that allow derived works:
  wordnet-base    WordNet 3.0's glosses and example sentences (/usr/share/wordnet/data.{noun,verb,adj,adv});
                  WordNet 3.0 licence (Princeton University), kept as OUT/LICENSE-wordnet
  python3.11-doc  the prose of the Python 3.11 documentation (/usr/share/doc/python3.11/html), code blocks
                  left out; PSF License Version 2, kept as OUT/LICENSE-python-docs

OUT gets train/ and valid/ folders of .txt documents (every --valid-every-th document goes to valid/, 20 by
default), in the layout `./fastj pretrain-lm --data OUT` and TextBlock.fromFolder read: a WordNet document is
200 consecutive synsets of one part of speech written as sentences ("sigh: heave or utter a sigh; breathe
deeply and heavily. She sighed sadly."), a documentation document is one page.
"""
import argparse
import html
import html.parser
import os
import re
import shutil
import sys

WORDNET = "/usr/share/wordnet"
PYDOCS = "/usr/share/doc/python3.11/html"
WORDNET_COPYRIGHT = "/usr/share/doc/wordnet-base/copyright"
PYDOCS_COPYRIGHT = "/usr/share/doc/python3.11-doc/copyright"
SYNSETS_PER_DOC = 200


def wordnet_sentences(path):
    """One line per synset: its first lemmas, its definitions and its quoted examples as sentences."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("  ") or "|" not in line:
                continue  # the licence header, or a line without a gloss
            head, gloss = line.split("|", 1)
            fields = head.split()
            count = int(fields[3], 16)
            lemmas = [re.sub(r"\(.*\)$", "", fields[4 + 2 * i]).replace("_", " ") for i in range(count)]
            parts = [p.strip() for p in gloss.strip().split(";") if p.strip()]
            defs = [p for p in parts if not p.startswith('"')]
            examples = [p.strip('"').strip() for p in parts if p.startswith('"')]
            if not defs:
                continue
            text = ", ".join(lemmas[:3]) + ": " + "; ".join(defs).rstrip(".") + "."
            for e in examples:
                e = e[0].upper() + e[1:] if e else e
                text += " " + (e if e.endswith((".", "!", "?")) else e + ".")
            yield text


class ProseParser(html.parser.HTMLParser):
    """The text of a Sphinx page's main body, paragraph by paragraph, without code blocks."""

    BLOCKS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "td", "th", "blockquote"}
    SKIP = {"pre", "script", "style", "nav"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth_main = 0
        self.skip = 0
        self.paras = []
        self.current = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.depth_main:
            self.depth_main += 1 if tag == "div" else 0
        elif tag == "div" and a.get("role") == "main":
            self.depth_main = 1
        if tag in self.SKIP or (tag == "a" and "headerlink" in (a.get("class") or "")):
            self.skip += 1
        if tag in self.BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in self.SKIP or (tag == "a" and self.skip and self.lasttag == "a"):
            self.skip = max(0, self.skip - 1)
        if tag in self.BLOCKS:
            self.flush()
        if tag == "div" and self.depth_main:
            self.depth_main -= 1

    def handle_data(self, data):
        if self.depth_main and not self.skip:
            self.current.append(data)

    def flush(self):
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        self.current = []
        if len(text.split()) >= 4:
            self.paras.append(text.replace("\u00b6", ""))


def python_pages(root):
    for dirpath, dirnames, files in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("_"))
        for name in sorted(files):
            if not name.endswith(".html") or name in {"genindex.html", "search.html", "py-modindex.html"} \
                    or name.startswith("genindex"):
                continue
            p = ProseParser()
            with open(os.path.join(dirpath, name), encoding="utf-8", errors="replace") as f:
                p.feed(f.read())
            p.flush()
            if p.paras:
                yield os.path.relpath(os.path.join(dirpath, name), root), p.paras


def write(out, docs, valid_every):
    counts = {"train": 0, "valid": 0}
    words = {"train": 0, "valid": 0}
    for i, (name, text) in enumerate(docs):
        split = "valid" if i % valid_every == valid_every - 1 else "train"
        with open(os.path.join(out, split, name + ".txt"), "w", encoding="utf-8") as f:
            f.write(text + "\n")
        counts[split] += 1
        words[split] += len(text.split())
    return counts, words


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--wordnet", default=WORDNET)
    ap.add_argument("--python-docs", default=PYDOCS)
    ap.add_argument("--valid-every", type=int, default=20)
    args = ap.parse_args()
    for need in (args.wordnet, args.python_docs):
        if not os.path.isdir(need):
            sys.exit(f"{need} is missing: apt-get install wordnet-base python3.11-doc")
    for split in ("train", "valid"):
        os.makedirs(os.path.join(args.out, split), exist_ok=True)

    docs = []
    for pos in ("noun", "verb", "adj", "adv"):
        lines = list(wordnet_sentences(os.path.join(args.wordnet, "data." + pos)))
        for k in range(0, len(lines), SYNSETS_PER_DOC):
            docs.append((f"wordnet-{pos}-{k // SYNSETS_PER_DOC:04d}", "\n".join(lines[k:k + SYNSETS_PER_DOC])))
    for rel, paras in python_pages(args.python_docs):
        docs.append(("pydoc-" + re.sub(r"[^A-Za-z0-9.-]+", "-", rel[:-5]), "\n".join(paras)))
    counts, words = write(args.out, docs, args.valid_every)
    shutil.copyfile(WORDNET_COPYRIGHT, os.path.join(args.out, "LICENSE-wordnet"))
    shutil.copyfile(PYDOCS_COPYRIGHT, os.path.join(args.out, "LICENSE-python-docs"))
    print(f"{args.out}: train {counts['train']} documents, {words['train']:,} words; "
          f"valid {counts['valid']} documents, {words['valid']:,} words")


if __name__ == "__main__":
    main()
