#!/usr/bin/env bash
# Runs `rein2 baseline` for every (algorithm, env) pair the RL Zoo tunes, 3 seeds each, two at a time,
# into docs/results/baselines/<algo>-<env>-<seed>/, then prints the table for docs/baselines.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Rein2.Cli -c Release -v q -nologo >/dev/null
bin=src/Rein2.Cli/bin/Release/net10.0/rein2
out=${1:-docs/results/baselines}
jobs=()
for algo in ppo a2c dqn; do
  for env in CartPole-v1 Acrobot-v1 MountainCar-v0; do
    for seed in 0 1 2; do jobs+=("$algo $env $seed"); done
  done
done
printf '%s\n' "${jobs[@]}" | xargs -P 2 -L 1 bash -c 'exec '"$bin"' baseline --algo "$0" --env "$1" --seed "$2" --out '"$out"'/"$0-$1-$2" > /dev/null && echo "done $0 $1 $2"'
python3 tools/baselines_table.py "$out"
