#!/usr/bin/env bash
# Training speed of the nine Zoo pairs next to SB3's (docs/baselines.md, "Speed"), measured the way
# docs/reference-figures.md §3 measured SB3: one core, seed 0, the full Zoo budget, training
# only — no periodic evaluation (--eval-every 10^12 leaves the single one at the end, ≤ 1 % of a
# run), no checkpoints. Publishes the portable NativeAOT binary (x86-64-v3) and a
# -p:IlcInstructionSet=native one; best of 2 runs per pair; prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/baseline-speed}"
dotnet publish src/Rein2.Cli -c Release -r linux-x64 -o "$out/v3" -nologo -v q >/dev/null
dotnet publish src/Rein2.Cli -c Release -r linux-x64 -p:IlcInstructionSet=native -o "$out/native" -nologo -v q >/dev/null
# SB3 2.4.1 env steps/s, one core, OpenBLAS (docs/reference-figures.md §3)
declare -A sb3=( [ppo:CartPole-v1]=8265 [a2c:CartPole-v1]=19670 [dqn:CartPole-v1]=1846
                 [ppo:Acrobot-v1]=8915 [a2c:Acrobot-v1]=14588 [dqn:Acrobot-v1]=719
                 [ppo:MountainCar-v0]=11210 [a2c:MountainCar-v0]=22287 [dqn:MountainCar-v0]=1431 )
echo "| pair | SB3 env steps/s | ours v3 | × SB3 | ours native | × SB3 |"
echo "|---|---:|---:|---:|---:|---:|"
for env in CartPole-v1 Acrobot-v1 MountainCar-v0; do
  for algo in ppo a2c dqn; do
    line="| $algo $env | ${sb3[$algo:$env]} |"
    for bin in v3 native; do
      best=0
      for i in 1 2; do
        taskset -c 0 "$out/$bin/rein2" baseline --algo "$algo" --env "$env" --seed 0 --eval-every 1000000000000 \
          --checkpoint-every 0 --checkpoint-minutes 0 --out "$out/run" >/dev/null 2>&1
        r=$(python3 -c "import json; print(round(json.load(open('$out/run/summary.json'))['env_steps_per_s']))")
        [ "$r" -gt "$best" ] && best=$r
      done
      line="$line $(printf "%'d" "$best") | $(python3 -c "print(f'{$best / ${sb3[$algo:$env]}:.1f}×')") |"
    done
    echo "$line"
  done
done
