#!/usr/bin/env python3
"""Sums an ONNX Runtime profile (a session run with -Dfastj.ort.profile=PREFIX) by operator type.

Usage: dev/profile_ops.py PROFILE.json [--nodes N]
Prints, per op type, the total kernel time, its share, the number of node runs and the mean;
with --nodes N also the N slowest single nodes by total time. A developer tool, run by hand.
"""
import argparse
import collections
import json


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("profile")
    ap.add_argument("--nodes", type=int, default=0, help="also list the N slowest nodes")
    a = ap.parse_args()
    with open(a.profile) as f:
        events = json.load(f)
    by_op = collections.defaultdict(lambda: [0, 0])
    by_node = collections.defaultdict(lambda: [0, 0, ""])
    runs = 0
    for e in events:
        if e.get("cat") == "Session" and e.get("name") == "model_run":
            runs += 1
        if e.get("cat") != "Node" or not e.get("name", "").endswith("_kernel_time"):
            continue
        op = e.get("args", {}).get("op_name", "?")
        us = e.get("dur", 0)
        by_op[op][0] += us
        by_op[op][1] += 1
        node = e["name"][: -len("_kernel_time")]
        by_node[node][0] += us
        by_node[node][1] += 1
        by_node[node][2] = op
    total = sum(v[0] for v in by_op.values()) or 1
    print(f"{runs} runs, {total / 1e3:.1f} ms of kernels" + (f", {total / 1e3 / runs:.2f} ms a run" if runs else ""))
    print(f"{'op':<28}{'ms':>10}{'share':>8}{'calls':>9}{'us/call':>10}")
    for op, (us, n) in sorted(by_op.items(), key=lambda kv: -kv[1][0]):
        print(f"{op:<28}{us / 1e3:>10.1f}{100 * us / total:>7.1f}%{n:>9}{us / n:>10.1f}")
    if a.nodes:
        print()
        print(f"{'node':<60}{'op':<20}{'ms':>10}{'calls':>8}")
        for node, (us, n, op) in sorted(by_node.items(), key=lambda kv: -kv[1][0])[: a.nodes]:
            print(f"{node[:59]:<60}{op:<20}{us / 1e3:>10.1f}{n:>8}")


if __name__ == "__main__":
    main()
