#!/usr/bin/env bash
# Integration test of `li ensemble plan` on a real Slurm cluster (docs/ensembles.md, "Slurm").
#
# Starts a single-node Slurm cluster on loopback (munged, slurmctld, slurmd with 2 CPUs; every file in a
# temp folder), submits the plan's job array for three small sources, requeues one task mid-training
# (`scontrol requeue`), waits, assembles the ensemble with `li ensemble create`, evaluates it, and checks
# that the requeued task resumed from its checkpoint, that every model loads and that no temporary
# (half-written) file is left. The daemons are stopped on exit, by the PIDs this script started.
#
# Exit codes: 0 passed, 1 failed, 77 skipped (not root and no passwordless sudo, or slurm-wlm/munge
# missing and not installable, e.g. apt unreachable: the reason is printed). .ci/run counts 77 as neither
# passed nor failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

skip() { echo "SKIP slurm-ensemble: $*"; exit 77; }
fail() { echo "FAIL slurm-ensemble: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "needs root to start munged, slurmctld and slurmd"
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null 2>&1 \
        || skip "slurm-wlm and munge are not installed and apt-get cannot install them (no package mirror reachable?)"
fi

LI_DLL="$ROOT/src/Cli/bin/Release/net10.0/li.dll"
if [ ! -f "$LI_DLL" ]; then
    dotnet build -c Release src/Cli >/dev/null || fail "cannot build the CLI"
fi
LI="dotnet $LI_DLL"

WORK=$(mktemp -d /tmp/li-slurm.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    sleep 1
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
    if [ "${KEEP_WORK:-0}" != 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

# munge: a key and a socket of our own, so that a system munged (if any) is left alone.
mkdir -p "$WORK/munge"
dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 status=none
chown -R munge: "$WORK/munge" && chmod 755 "$WORK/munge" && chmod 400 "$WORK/munge/munge.key"
su -s /bin/sh munge -c "/usr/sbin/munged --socket=$WORK/munge/munge.socket --key-file=$WORK/munge/munge.key \
    --pid-file=$WORK/munge/munged.pid --log-file=$WORK/munge/munged.log --seed-file=$WORK/munge/munged.seed" \
    || fail "munged did not start ($(tail -2 "$WORK/munge/munged.log" 2>/dev/null))"
PIDS+=("$(cat "$WORK/munge/munged.pid")")
munge -S "$WORK/munge/munge.socket" -n | unmunge -S "$WORK/munge/munge.socket" >/dev/null || fail "munge does not work"

HOST=$(hostname -s)
PORT=$((20000 + RANDOM % 20000))
mkdir -p "$WORK/state" "$WORK/spool"
cat > "$WORK/slurm.conf" <<CONF
ClusterName=li-test
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
AuthInfo=socket=$WORK/munge/munge.socket
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
KillWait=10
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$WORK/slurm.conf"
slurmctld -c -f "$SLURM_CONF" || fail "slurmctld did not start ($(tail -2 "$WORK/slurmctld.log"))"
sleep 1; PIDS+=("$(cat "$WORK/slurmctld.pid")")
slurmd -f "$SLURM_CONF" || fail "slurmd did not start ($(tail -2 "$WORK/slurmd.log"))"
sleep 1; PIDS+=("$(cat "$WORK/slurmd.pid")")
for _ in $(seq 30); do sinfo -h -o %t 2>/dev/null | grep -q idle && break; sleep 1; done
sinfo -h -o %t | grep -q idle || fail "the node did not become idle: $(sinfo 2>&1)"

# Three small sources and the plan (a small network, a few seconds of epochs on 8,000 characters each).
mkdir -p "$WORK/sources"
for book in pg50133-dunwich-horror pg11-alice-in-wonderland tinyshakespeare-input; do
    cp "data/gutenberg/$book.txt" "$WORK/sources/"
done
OUT="$WORK/out"
TRAIN_ARGS=(--train-arg=--max-chars --train-arg=8000 --train-arg=--window --train-arg=8 --train-arg=--epochs --train-arg="${SLURM_TEST_EPOCHS:-40}" --train-arg=--threads --train-arg=1)
$LI ensemble plan --sources "$WORK/sources" --trainer small --output-dir "$OUT" --scheduler slurm --cpus-per-task 1 \
    --li-command "dotnet $LI_DLL" "${TRAIN_ARGS[@]}" || fail "li ensemble plan failed"
start=$(date +%s)
JOB=$(sbatch --parsable "$OUT/train-members.sbatch") || fail "sbatch failed"
echo "submitted job array $JOB"

# Requeue task 1 once it has written a checkpoint (at least one epoch done) and before its model exists.
name1=$(basename "$(sed -n 2p "$OUT/sources.txt")" .txt)
requeued=0
for _ in $(seq 3000); do
    if [ -f "$OUT/checkpoints/$name1.checkpoint" ] && [ ! -f "$OUT/models/$name1.zip" ]; then
        scontrol requeue "${JOB}_1" && requeued=1
        echo "requeued ${JOB}_1 mid-training"
        break
    fi
    [ -f "$OUT/models/$name1.zip" ] && break
    sleep 0.2
done
[ "$requeued" -eq 1 ] || fail "task 1 finished before it could be requeued (raise SLURM_TEST_EPOCHS)"
# A requeued job waits for its begin time; let it start now.
sleep 2
scontrol update jobid="${JOB}_1" begintime=now >/dev/null 2>&1 || true

for _ in $(seq 1800); do
    [ -z "$(squeue -h -j "$JOB" 2>/dev/null)" ] && break
    sleep 2
done
[ -z "$(squeue -h -j "$JOB")" ] || fail "the job array did not finish: $(squeue -j "$JOB")"
end=$(date +%s)
echo "job array finished in $((end - start)) s"

# Nothing lost or half-written: three models, no temporary files, the requeued task resumed.
for source in "$WORK"/sources/*.txt; do
    name=$(basename "$source" .txt)
    [ -f "$OUT/models/$name.zip" ] || fail "no model for $name; logs: $(tail -5 "$OUT"/logs/* 2>/dev/null)"
done
leftovers=$(find "$OUT" -name '*.tmp')
[ -z "$leftovers" ] || fail "half-written files left: $leftovers"
log1=$(ls "$OUT"/logs/*_1.out)
grep -q "resuming from" "$log1" || fail "the requeued task did not resume from its checkpoint: $(cat "$log1")"
grep -q "restart 1" "$log1" || fail "the requeued task did not run again: $(cat "$log1")"

$LI ensemble create --models "$OUT/models" --sources "$WORK/sources" --max-chars 8000 --output "$OUT/ensemble.json" \
    || fail "li ensemble create failed"
$LI ensemble evaluate --manifest "$OUT/ensemble.json" || fail "li ensemble evaluate failed"
members=$(grep -c '"source":' "$OUT/ensemble.json")
[ "$members" -eq 3 ] || fail "the ensemble has $members members, expected 3"
echo "PASS slurm-ensemble (job array wall time $((end - start)) s)"
