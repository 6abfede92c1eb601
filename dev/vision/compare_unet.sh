#!/usr/bin/env bash
# Runs ./fastj train-unet and dev/vision/torch_unet_ref.py on the same set with the same budget, each in
# its own process while the other is idle, alternating, PAIRS times; prints each run's JSON line.
# Usage: dev/vision/compare_unet.sh DIR EPOCHS PAIRS [BS] [LR]
set -euo pipefail
dir=$1; epochs=$2; pairs=$3; bs=${4:-16}; lr=${5:-3e-3}
root="$(cd "$(dirname "$0")/../.." && pwd)"
out=$(mktemp -d)
for i in $(seq 1 "$pairs"); do
  echo "fastj $i: $("$root/fastj" train-unet --data "$dir" --epochs "$epochs" --bs "$bs" --lr "$lr" --out "$out/m.fastj" --json | tail -1)"
  echo "torch $i: $(/usr/bin/python3 "$root/dev/vision/torch_unet_ref.py" "$dir" "$epochs" --bs "$bs" --lr "$lr" | tail -1)"
done
rm -rf "$out"
