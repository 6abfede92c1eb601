#!/usr/bin/python3
"""Writes two tables of the R package modeldata (MIT licence; Debian's r-cran-modeldata) as CSV,
for the comparison in compare.py. Run by hand; needs Debian's python3-rdata and python3-pandas:

    apt-get download r-cran-modeldata && dpkg -x r-cran-modeldata_*.deb /tmp/modeldata
    /usr/bin/python3 bench/tabular/modeldata_tables.py /tmp/modeldata bench/tabular/data

R keeps a package's data in a lazy-load database (data/Rdata.rdx: the gzipped index, data/Rdata.rdb:
one compressed serialized object per data set: a 4-byte length, a type byte, 'Z' for raw LZMA2 as
R writes with compress=3, '2' bzip2, '1' zlib); rdata parses each serialized object.

Each CSV gets an is_valid column: 1 for the 20% of rows that scikit-learn's
train_test_split(test_size=0.2, random_state=42) holds out, so both sides use the same split.
"""
import gzip
import lzma
import os
import struct
import sys
import zlib

import rdata
from sklearn.model_selection import train_test_split

TABLES = {"credit_data": "Status", "mlc_churn": "churn"}


def _unpack(blob):
    (n,) = struct.unpack(">i", blob[:4])
    kind = blob[4:5]
    if kind == b"Z":
        out = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA2}]).decompress(blob[5:])
    elif kind == b"2":
        import bz2
        out = bz2.decompress(blob[5:])
    elif kind == b"0":
        out = blob[5:]
    else:
        out = zlib.decompress(blob[4:])
    assert len(out) == n, (len(out), n)
    return out


def _parse(serialized):
    # rdata reads .rda files: the serialization stream after the "RDX3\n" magic
    return rdata.parser.parse_data(b"RDX3\n" + serialized)


def read_lazyload(data_dir):
    with gzip.open(os.path.join(data_dir, "Rdata.rdx"), "rb") as f:
        index = rdata.conversion.convert(_parse(f.read()))
    with open(os.path.join(data_dir, "Rdata.rdb"), "rb") as f:
        db = f.read()
    out = {}
    for name, (offset, length) in index["variables"].items():
        offset, length = int(offset), int(length)
        parsed = _parse(_unpack(db[offset:offset + length]))
        out[name] = parsed
    return out


def main(root, out_dir):
    data_dir = os.path.join(root, "usr/lib/R/site-library/modeldata/data")
    objs = read_lazyload(data_dir)
    os.makedirs(out_dir, exist_ok=True)
    for name, target in TABLES.items():
        df = rdata.conversion.convert(objs[name])
        df = df.reset_index(drop=True)
        _, valid = train_test_split(list(range(len(df))), test_size=0.2, random_state=42)
        df["is_valid"] = 0
        df.loc[valid, "is_valid"] = 1
        path = os.path.join(out_dir, name + ".csv")
        df.to_csv(path, index=False)
        print(f"{path}: {len(df)} rows, target {target}, columns {list(df.columns)}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
