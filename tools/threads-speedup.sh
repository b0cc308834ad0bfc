#!/usr/bin/env bash
# The 1-vs-2-thread speed-up of the weight-space learners (docs/performance.md, "Threads and grids").
# Each 1-thread run is made while an identical 1-thread run occupies the other core, so that both
# sides see two busy vCPUs (on the project's VM a single busy thread ran at two speeds, a neighbour's
# doing); rounds run 1, 2, 2, 1 threads and the speed-up is the ratio of the summed times.
# Usage: tools/threads-speedup.sh REIN2_BINARY [ROUNDS]   (prints one line per round, then the medians)
set -uo pipefail
rein2="$1"; rounds="${2:-4}"; work="$(mktemp -d)"
rate() {   # env meta steps threads tag → meta steps/s
  "$rein2" train --env "$1" --meta "$2" --steps "$3" --threads "$4" --set final_episodes=1 --out "$work/$5" --overwrite --checkpoint-minutes 0 \
    | grep -oE '[0-9]+ meta steps/s' | grep -oE '^[0-9]+'
}
beside_a_twin() { rate "$@" twin >/dev/null & local twin=$!; local r; r=$(rate "$@" main); wait "$twin"; echo "$r"; }
for cfg in "Acrobot-v1 random 300" "Acrobot-v1 es 300" "Acrobot-v1 ars 300" "MountainCar-v0 random 1500" "MountainCar-v0 es 1500" "MountainCar-v0 ars 1500"; do
  set -- $cfg
  for _ in $(seq "$rounds"); do
    a1=$(beside_a_twin "$1" "$2" "$3" 1); b1=$(rate "$1" "$2" "$3" 2 main); b2=$(rate "$1" "$2" "$3" 2 main); a2=$(beside_a_twin "$1" "$2" "$3" 1)
    echo "$1 $2 $a1 $b1 $b2 $a2"
  done
done | tee "$work/rounds.txt"
# per env and learner: the median and range of the rounds' speed-ups
awk '{ printf "%s %s %.4f\n", $1, $2, (1/$3 + 1/$6) / (1/$4 + 1/$5) }' "$work/rounds.txt" | sort -k1,2 -k3n > "$work/s.txt"
for key in $(cut -d' ' -f1,2 --output-delimiter=: "$work/s.txt" | uniq); do
  values=$(grep "^${key/:/ } " "$work/s.txt" | cut -d' ' -f3)
  n=$(echo "$values" | wc -l)
  echo "${key/:/ }: speed-up median $(echo "$values" | sed -n "$(( (n + 1) / 2 ))p") ($(echo "$values" | head -n 1)-$(echo "$values" | tail -n 1))"
done
rm -rf "$work"
