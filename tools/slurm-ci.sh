#!/usr/bin/env bash
# A real Slurm job array over one grid, as docs/scale-out.md describes it, on this one machine:
#   1. installs Debian's slurm-wlm and munge when missing, and starts a single-node cluster of its own
#      (munged, slurmctld, slurmd as root; ProctrackType=proctrack/linuxproc, TaskPlugin=task/none,
#      everything under a temporary directory), unless one is already answering;
#   2. submits deploy/slurm/rein2-array.sbatch as a 3-task array running `reproduce table1` at a
#      small --scale with --shard auto into one directory;
#   3. requeues one task while it runs (`scontrol requeue`: Slurm sends SIGTERM, rein2 checkpoints
#      and exits 130, the task runs again and resumes);
#   4. waits for the array, assembles (the same command with --assemble: it runs nothing) and compares table1.json
#      with an unsharded run's (wall-clock fields aside);
#   5. stops the daemons it started.
# Usage: tools/slurm-ci.sh REIN2_BINARY WORKDIR. Prints "slurm array: OK" or the reason it failed.
set -uo pipefail
rein2="$(realpath "$1")"; work="$(realpath -m "$2")"
repo="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$work"
say() { echo "slurm-ci: $*"; }
die() { say "$*"; echo "slurm array: FAILED"; stop; exit 1; }
started=()
stop() {
  for daemon in "${started[@]}"; do
    pkill -x "$daemon" 2>/dev/null
    for _ in $(seq 50); do pgrep -x "$daemon" >/dev/null || break; sleep 0.2; done
    pkill -9 -x "$daemon" 2>/dev/null
  done
  started=()
}

if ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  { $sudo_ apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq slurm-wlm munge >/dev/null; } \
    || { say "could not install slurm-wlm and munge"; echo "slurm array: FAILED"; exit 1; }
fi
[ "$(id -u)" -eq 0 ] || { say "needs root to run slurmd"; echo "slurm array: FAILED"; exit 1; }

# the cluster: one node, this host, 2 CPUs; state and logs under $work/slurm
conf_dir="$work/slurm"; mkdir -p "$conf_dir/state" "$conf_dir/spool" /run/munge
host="$(hostname -s)"
cpus="$(nproc)"
cat > "$conf_dir/slurm.conf" <<EOF
ClusterName=rein2ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$conf_dir/state
SlurmdSpoolDir=$conf_dir/spool
SlurmctldPidFile=$conf_dir/slurmctld.pid
SlurmdPidFile=$conf_dir/slurmd.pid
SlurmctldLogFile=$conf_dir/slurmctld.log
SlurmdLogFile=$conf_dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
KillWait=30
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$conf_dir/slurm.conf"
chown munge:munge /run/munge 2>/dev/null
if ! pgrep -x munged >/dev/null; then
  [ -f /etc/munge/munge.key ] || { mungekey --create 2>/dev/null || create-munge-key -f 2>/dev/null; chown munge:munge /etc/munge/munge.key; }
  su -s /bin/sh munge -c munged 2>/dev/null || munged --force || die "munged did not start"
  started+=(munged)
  for _ in $(seq 50); do munge -n </dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.2; done
  munge -n </dev/null | unmunge >/dev/null 2>&1 || die "munged does not answer ($(tail -n 2 /var/log/munge/munged.log 2>/dev/null))"
fi
pgrep -x slurmctld >/dev/null && die "a slurmctld is already running; stop it first"
slurmctld -f "$SLURM_CONF" -i || die "slurmctld did not start ($(tail -n 3 "$conf_dir/slurmctld.log" 2>/dev/null))"
started+=(slurmctld)
slurmd -f "$SLURM_CONF" || die "slurmd did not start ($(tail -n 3 "$conf_dir/slurmd.log" 2>/dev/null))"
started+=(slurmd)
for _ in $(seq 60); do sinfo -h -o %T 2>/dev/null | grep -qE '^idle' && break; sleep 0.5; done
sinfo -h -o %T | grep -qE '^idle' || die "the node never became idle: $(sinfo 2>&1 | tail -n 2)"
say "cluster up: $(sinfo -h -o '%P %D %T %c')"

# the unsharded reference, then the array into another directory
args=(reproduce table1 --scale 0.03 --seeds 1)
"$rein2" "${args[@]}" --threads 2 --out "$work/whole" >/dev/null || die "the unsharded reference run failed"
grid="$work/grid"; mkdir -p "$grid"
job=$(cd "$work" && REIN2="$rein2" OUT="$grid" REIN2_ARGS="${args[*]}" sbatch --parsable --array=0-2 --cpus-per-task=1 \
      --export=ALL "$repo/deploy/slurm/rein2-array.sbatch") || die "sbatch failed"
say "submitted array $job"

# requeue task 1 once it has finished a job and is running the next (SIGTERM: it checkpoints and
# exits 130; Slurm runs it again). A requeued job waits for a begin time Slurm sets; release it now.
requeued=0
for _ in $(seq 600); do
  if [ "$(squeue -h -j "${job}_1" -o %T 2>/dev/null)" = "RUNNING" ] && grep -qs '^\[' "$work/slurm-${job}_1.out"; then
    scontrol requeue "${job}_1" && requeued=1
    break
  fi
  sleep 0.1
done
[ "$requeued" -eq 1 ] || die "task 1 was never seen running a job to requeue it"
for _ in $(seq 100); do [ "$(squeue -h -j "${job}_1" -o %T 2>/dev/null)" = "PENDING" ] && break; sleep 0.1; done
scontrol update JobId="${job}_1" StartTime=now >/dev/null 2>&1 || true
say "requeued ${job}_1 while it ran"

for _ in $(seq 600); do [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break; sleep 0.5; done
[ -z "$(squeue -h -j "$job")" ] || die "the array did not finish in 300 s: $(squeue -j "$job")"
grep -h "interrupted" "$work"/slurm-*.out | head -n 1 | sed 's/^/slurm-ci: task 1 on SIGTERM: /'
grep -q "interrupted" "$work"/slurm-*_1.out || die "task 1 shows no checkpointed interruption (slurm-${job}_1.out: $(tail -n 3 "$work"/slurm-*_1.out))"

"$rein2" "${args[@]}" --out "$grid" --assemble >/dev/null || die "assembling failed"
# equal but for the lines that name the command and the wall time
comparable() { grep -vE '^  "(command|wall_min)":' "$1"; }
diff <(comparable "$work/whole/table1.json") <(comparable "$grid/table1.json") >/dev/null \
  || die "the array's table1.json differs from the unsharded run's: $(diff <(comparable "$work/whole/table1.json") <(comparable "$grid/table1.json") | head -n 5)"
stop
echo "slurm array: OK (3 tasks, one requeued while running, assembled equal to the unsharded run)"
