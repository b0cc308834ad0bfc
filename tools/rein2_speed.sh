#!/usr/bin/env bash
# REIN-2 speed next to the Python reference (docs/performance.md, "REIN-2 meta-steps").
# Publishes the portable NativeAOT binary (x86-64-v3) and a -p:IlcInstructionSet=native one, then
# runs `rein2 train` on one core (taskset -c 0) for each env with the random control and PPO, best of
# 3 runs, and prints meta steps/s and inner env steps/s of the whole job (startup and the 100-episode
# re-evaluation of the best agent included) with the ratio to the Python reference's figures
# (docs/reference-figures.md §4: random search, seed 0, one core; PPO CartPole 114/s).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/rein2-speed}"
dotnet publish src/Rein2.Cli -c Release -r linux-x64 -o "$out/v3" -nologo -v q >/dev/null
dotnet publish src/Rein2.Cli -c Release -r linux-x64 -p:IlcInstructionSet=native -o "$out/native" -nologo -v q >/dev/null
echo "| binary | env | meta | meta steps | inner env steps | wall s | meta steps/s | Python | ratio | inner env steps/s | Python | ratio |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for bin in v3 native; do
  for spec in "CartPole-v1 2500 133 19300 114" "Acrobot-v1 300 2.5 11700 -" "MountainCar-v0 1000 8.9 17700 -"; do
    set -- $spec
    for meta in random ppo; do
      best=""
      for i in 1 2 3; do
        taskset -c 0 "$out/$bin/rein2" train --env "$1" --meta "$meta" --steps "$2" --checkpoint-every 0 --checkpoint-minutes 0 --out "$out/run" >/dev/null
        w=$(python3 -c "import json; print(json.load(open('$out/run/summary.json'))['wall_s'])")
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $w < $best else 1)"; then best=$w; cp "$out/run/summary.json" "$out/best.json"; fi
      done
      python3 - "$bin" "$1" "$meta" "$3" "$4" "$5" "$out/best.json" <<'PY'
import json, sys
b, env, meta, py_meta, py_inner, py_ppo, path = sys.argv[1:]
s = json.load(open(path))
ref = float(py_ppo) if meta == "ppo" and py_ppo != "-" else (float(py_meta) if meta == "random" else None)
ms, ins = s["meta_steps_per_s"], s["inner_env_steps_per_s"]
r1 = f"{ref:g} | **{ms / ref:.0f}×**" if ref else "– | –"
r2 = f"{float(py_inner):,.0f} | **{ins / float(py_inner):.0f}×**" if meta == "random" else "– | –"
print(f"| {b} | {env} | {meta} | {s['meta_steps']:,} | {s['inner_env_steps']:,} | {s['wall_s']:.2f} | {ms:,.0f} | {r1} | {ins:,.0f} | {r2} |")
PY
    done
  done
done
