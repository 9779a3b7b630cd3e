#!/usr/bin/env bash
# Benchmark of ensembles (issue 15, section 4; docs/ensembles.md), as a sequence of ordinary `li` commands.
# Five sources from data/gutenberg (three English novels, the German Die Verwandlung, tinyshakespeare): one
# member per source, and one joint model of the same type trained on all five with the same total training
# time. Writes bench/results/ensemble.md with the command, machine, load average and date.
#
#   bench/ensemble/run.sh                 # defaults below; the lead reruns it at a larger scale on an idle machine
#   TRAINER=small MAX_CHARS=50000 BUDGET=30 bench/ensemble/run.sh
#
# Measured: held-out bits per character on each source's test block for the static and switching mixtures,
# the joint model and every member; adding a source (the fifth, German, to the four English ones: the data
# has five books; timing and every figure before and after); attribution accuracy on 200- and 1,000-character
# test passages; ensemble scoring throughput against each member alone. The Slurm run's wall time comes
# from tests/integration/slurm-ensemble.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
TRAINER=${TRAINER:-small}
MAX_CHARS=${MAX_CHARS:-30000}
BUDGET=${BUDGET:-20}            # seconds of training per member; the joint model gets 5x
WORK=${WORK:-$(mktemp -d /tmp/li-bench-ensemble.XXXXXX)}
OUT=${OUT:-bench/results/ensemble.md}
dotnet build -c Release src/Cli >/dev/null
LI="dotnet src/Cli/bin/Release/net10.0/li.dll"
DATA=data/gutenberg
ENGLISH=(pg50133-dunwich-horror pg11-alice-in-wonderland pg1342-pride-and-prejudice tinyshakespeare-input)
ADDED=pg22367-die-verwandlung-de
COMMON=(--trainer "$TRAINER" --max-chars "$MAX_CHARS" --window 16 --seed 0)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)

for name in "${ENGLISH[@]}" "$ADDED"; do
    $LI train --book "$DATA/$name.txt" "${COMMON[@]}" --time-budget "$BUDGET" --output "$WORK/members/$name.zip" > "$WORK/$name.train.log"
done
books=()
for name in "${ENGLISH[@]}" "$ADDED"; do books+=(--book "$DATA/$name.txt"); done
$LI train "${books[@]}" "${COMMON[@]}" --time-budget $((5 * BUDGET)) --output "$WORK/joint.zip" > "$WORK/joint.train.log"

members=()
for name in "${ENGLISH[@]}"; do members+=(--member "$name=$WORK/members/$name.zip" --source "$name=$DATA/$name.txt"); done
$LI ensemble create --output "$WORK/ensemble.json" --max-chars "$MAX_CHARS" "${members[@]}" > "$WORK/create.log"
$LI ensemble evaluate --manifest "$WORK/ensemble.json" --reference "$WORK/joint.zip" --report "$WORK/before.md" > "$WORK/before.log"
add_start=$(date +%s.%N)
$LI ensemble add --manifest "$WORK/ensemble.json" --name "$ADDED" --model "$WORK/members/$ADDED.zip" --source "$DATA/$ADDED.txt" > "$WORK/add.log"
add_seconds=$(echo "$(date +%s.%N) - $add_start" | bc)
$LI ensemble evaluate --manifest "$WORK/ensemble.json" --reference "$WORK/joint.zip" --attribution-lengths 200 1000 --passages 20 \
    --throughput --report "$WORK/after.md" > "$WORK/after.log"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p "$(dirname "$OUT")"
tmp="$OUT.$$.tmp"
{
    echo "# Ensembles of per-source models: measured"
    echo
    echo "- command: \`TRAINER=$TRAINER MAX_CHARS=$MAX_CHARS BUDGET=$BUDGET bench/ensemble/run.sh\`"
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
    echo "- load average (1, 5, 15 min): $load_before at the start, $load_after at the end"
    echo "- date: $started"
    echo "- members: one \`$TRAINER\` per source, \`--max-chars $MAX_CHARS --window 16 --time-budget $BUDGET\`; joint: the same on all five books with \`--time-budget $((5 * BUDGET))\`"
    echo "- figures: held-out bits per character on each source's test block (\`reference\` = the joint model); best of each row in bold"
    echo
    echo "## Four English sources (before adding the German one)"
    echo
    cat "$WORK/before.md"
    echo "## After adding $ADDED"
    echo
    echo "Adding it took $(printf '%.1f' "$add_seconds") s (\`li ensemble add\`, including loading every member and rescoring the validation blocks; no member retrained)."
    echo
    cat "$WORK/after.md"
    echo "## Mixing"
    echo
    echo '```'
    grep -v '^$' "$WORK/add.log"
    echo '```'
} > "$tmp"
mv "$tmp" "$OUT"
echo "wrote $OUT (work folder $WORK)"
