#!/usr/bin/env bash
# Refinement benchmark (issue 11 section 4): on The Dunwich Horror (held-out split, 16-character windows),
#   A: small (n = 2) for 2X;
#   B: small (n = 2) for X, `li refine --n 3`, then `li train --init-from` for X;
#   C: small_n3 (the same network with n = 3, bench/refinement/small-n3.json) from scratch for 2X;
# where X is T seconds of training (MODE=time) or E epochs (MODE=epochs).
# Usage: bench/refinement/run.sh MODE X [OUT=bench/refinement/out] [SEED=0]; needs a Release build of src/Cli.
set -euo pipefail
MODE=${1:?time or epochs}
X=${2:?seconds or epochs}
OUT=${3:-bench/refinement/out}
SEED=${4:-0}
LI=${LI:-src/Cli/bin/Release/net10.0/li}
BOOK=data/gutenberg/pg50133-dunwich-horror.txt
COMMON=(--book "$BOOK" --window 16 --threads 2 --seed "$SEED")
if [ "$MODE" = time ]; then
  ONE=(--epochs 1000 --time-budget "$X"); TWO=(--epochs 1000 --time-budget $((2 * X)))
else
  ONE=(--epochs "$X"); TWO=(--epochs $((2 * X)))
fi
mkdir -p "$OUT"
load() { echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) $1" >> "$OUT/load.txt"; }
run() { local name=$1; shift; load "start $name"; echo "\$ li $*" > "$OUT/$name.log"; "$LI" "$@" >> "$OUT/$name.log" 2>&1; load "end $name"; }
run A-n2-2X train "${COMMON[@]}" "${TWO[@]}" --trainer small --output "$OUT/A.zip"
run B1-n2-X train "${COMMON[@]}" "${ONE[@]}" --trainer small --output "$OUT/B1.zip"
run B2-refine refine --model "$OUT/B1.zip" --n 3 --output "$OUT/B1-refined.zip"
run B2-eval-refined evaluate --model "$OUT/B1-refined.zip" --book "$BOOK"
run B3-n3-X train "${COMMON[@]}" "${ONE[@]}" --init-from "$OUT/B1-refined.zip" --output "$OUT/B3.zip"
run C-n3-2X train "${COMMON[@]}" "${TWO[@]}" --trainer bench/refinement/small-n3.json --output "$OUT/C.zip"
